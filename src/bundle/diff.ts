/**
 * What changed between two bundles: entries and phrasings (pure, over their content), and, given labeled
 * turns with both bundles' answers, which turns were fixed, broken or merely changed.
 */
import { classifyOutcome, isGoodOutcome } from '../eval/accumulator.js';
import type { Decision } from '../match/types.js';
import { phrasingsOf, type Entry } from '../model/types.js';
import { canonicalJson } from './canonical.js';
import type { BundleManifest } from './format.js';

export interface EntryChange {
  id: string;
  /** Fields whose value differs (provenance lines and phrasing line numbers are not compared). */
  fields: string[];
  phrasings: { added: string[]; removed: string[] };
}

export interface BundleDiff {
  a: { name: string; version: string; contentHash: string };
  b: { name: string; version: string; contentHash: string };
  same: boolean;
  entries: { added: string[]; removed: string[]; changed: EntryChange[] };
  phrasings: { added: number; removed: number };
  packs: { name: string; from?: string; to?: string }[];
}

const IGNORED_FIELDS = new Set(['source', 'similarLines']);

function comparableFields(e: Entry): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(e)) if (!IGNORED_FIELDS.has(k) && v !== undefined) out.set(k, canonicalJson(v));
  out.set('source', canonicalJson({ layer: e.source.layer, file: e.source.file, pack: e.source.pack }));
  return out;
}

function changeOf(a: Entry, b: Entry): EntryChange | undefined {
  const fa = comparableFields(a);
  const fb = comparableFields(b);
  const fields = [...new Set([...fa.keys(), ...fb.keys()])].filter((k) => fa.get(k) !== fb.get(k)).sort();
  if (fields.length === 0) return undefined;
  const pa = new Set(phrasingsOf(a));
  const pb = new Set(phrasingsOf(b));
  return {
    id: a.id,
    fields,
    phrasings: { added: [...pb].filter((p) => !pa.has(p)), removed: [...pa].filter((p) => !pb.has(p)) },
  };
}

/** One side of a diff: a bundle's manifest and entries. */
export interface DiffSide {
  manifest: Pick<BundleManifest, 'name' | 'version' | 'packs' | 'contentHash'>;
  entries: readonly Entry[];
}

export function diffBundleContents(a: DiffSide, b: DiffSide): BundleDiff {
  const ea = new Map(a.entries.map((e) => [e.id, e]));
  const eb = new Map(b.entries.map((e) => [e.id, e]));
  const added = [...eb.keys()].filter((id) => !ea.has(id)).sort();
  const removed = [...ea.keys()].filter((id) => !eb.has(id)).sort();
  const changed: EntryChange[] = [];
  for (const [id, x] of ea) {
    const y = eb.get(id);
    if (!y) continue;
    const c = changeOf(x, y);
    if (c) changed.push(c);
  }
  changed.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  let phrasingsAdded = changed.reduce((n, c) => n + c.phrasings.added.length, 0);
  let phrasingsRemoved = changed.reduce((n, c) => n + c.phrasings.removed.length, 0);
  for (const id of added) phrasingsAdded += new Set(phrasingsOf(eb.get(id)!)).size;
  for (const id of removed) phrasingsRemoved += new Set(phrasingsOf(ea.get(id)!)).size;
  const pa = new Map(a.manifest.packs.map((p) => [p.name, p.version]));
  const pb = new Map(b.manifest.packs.map((p) => [p.name, p.version]));
  const packs = [...new Set([...pa.keys(), ...pb.keys()])]
    .sort()
    .filter((n) => pa.get(n) !== pb.get(n))
    .map((name) => ({ name, from: pa.get(name), to: pb.get(name) }));
  return {
    a: { name: a.manifest.name, version: a.manifest.version, contentHash: a.manifest.contentHash },
    b: { name: b.manifest.name, version: b.manifest.version, contentHash: b.manifest.contentHash },
    same: a.manifest.contentHash === b.manifest.contentHash,
    entries: { added, removed, changed },
    phrasings: { added: phrasingsAdded, removed: phrasingsRemoved },
    packs,
  };
}

/** One bundle's answer to a labeled turn, as the diff needs it. */
export interface TurnAnswer {
  decision: Decision;
  entryId?: string;
  /** Candidate ids, best first (clarify options). */
  top: string[];
  confidence: number;
}

export type TurnChangeKind = 'fixed' | 'broken' | 'changed';

export interface LabeledTurnChange {
  kind: TurnChangeKind;
  /** `file:session:turn`. */
  key: string;
  file: string;
  line: number;
  text: string;
  label: string;
  a: TurnAnswer;
  b: TurnAnswer;
}

export interface TurnDiff {
  turns: number;
  fixed: number;
  broken: number;
  changed: number;
  changes: LabeledTurnChange[];
}

/** Offered clarify options counted as a hit, as in `kbt eval`. */
const OFFERED = 3;

/**
 * Classifies one labeled turn answered by both bundles: `fixed` (wrong → right), `broken` (right → wrong),
 * `changed` (a different answer, equally right or wrong), or undefined when the answer is the same.
 * Right and wrong are judged as `kbt eval` does (clarify is right when the label is among the options).
 */
export function classifyTurnChange(label: string, a: TurnAnswer, b: TurnAnswer): TurnChangeKind | undefined {
  const sameAnswer =
    a.decision === b.decision &&
    a.entryId === b.entryId &&
    (a.decision !== 'clarify' || canonicalJson(a.top.slice(0, OFFERED)) === canonicalJson(b.top.slice(0, OFFERED)));
  if (sameAnswer) return undefined;
  const good = (x: TurnAnswer) => isGoodOutcome(classifyOutcome({ decision: x.decision, entryId: x.entryId, top: x.top, label }, OFFERED));
  const ga = good(a);
  const gb = good(b);
  if (!ga && gb) return 'fixed';
  if (ga && !gb) return 'broken';
  return 'changed';
}

/** Folds classified turns into counts, changes sorted broken first (what a reviewer must look at). */
export function summarizeTurnChanges(turns: number, changes: readonly LabeledTurnChange[]): TurnDiff {
  const order: Record<TurnChangeKind, number> = { broken: 0, fixed: 1, changed: 2 };
  const sorted = [...changes].sort((x, y) => order[x.kind] - order[y.kind] || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return {
    turns,
    fixed: changes.filter((c) => c.kind === 'fixed').length,
    broken: changes.filter((c) => c.kind === 'broken').length,
    changed: changes.filter((c) => c.kind === 'changed').length,
    changes: sorted,
  };
}
