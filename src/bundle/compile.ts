/**
 * Assembles a bundle from a merged knowledge base. Pure: every input, media bytes included, is a
 * parameter; the exporter does the reading and writing.
 */
import type { MatcherIndexData } from '../match/index.js';
import type { Thresholds } from '../model/config.js';
import type { Lexicon } from '../model/lexicon.js';
import type { EventsContent } from '../model/pack.js';
import type { Entry } from '../model/types.js';
import { hashContent, sha256Hex } from './canonical.js';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, mimeOf, type BundleContent, type BundleData, type BundleMedia } from './format.js';

export interface CompileInput {
  name: string;
  version: string;
  entries: readonly Entry[];
  lexicon: Lexicon;
  events: EventsContent;
  packs: readonly { name: string; version: string }[];
  sources: readonly { path: string; hash: string }[];
  thresholds: Thresholds;
  /** Last eval summary; left out of the manifest when undefined. */
  evalSummary?: unknown;
  index: MatcherIndexData;
  /** Entry id → reference as written → media key. */
  mediaRefs: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Media key → bytes. */
  media: ReadonlyMap<string, Buffer>;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted copy of a record's keys, recursively one level (entry id → ref → key). */
function sortRefs(refs: CompileInput['mediaRefs']): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const id of Object.keys(refs).sort(byString)) {
    const inner = refs[id]!;
    const keys = Object.keys(inner).sort(byString);
    if (keys.length === 0) continue;
    out[id] = Object.fromEntries(keys.map((k) => [k, inner[k]!]));
  }
  return out;
}

export function compileBundle(input: CompileInput): BundleData {
  const entries = [...input.entries].sort((a, b) => byString(a.id, b.id));
  const media: BundleMedia[] = [...input.media.keys()].sort(byString).map((key) => {
    const bytes = input.media.get(key)!;
    return { key, sha256: sha256Hex(bytes), size: bytes.length, mime: mimeOf(key) };
  });
  const manifest: BundleContent['manifest'] = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    name: input.name,
    version: input.version,
    packs: input.packs.map((p) => ({ name: p.name, version: p.version })),
    sources: [...input.sources].map((s) => ({ path: s.path, hash: s.hash })).sort((a, b) => byString(a.path, b.path)),
    thresholds: { answer: input.thresholds.answer, suggest: input.thresholds.suggest, margin: input.thresholds.margin },
    counts: {
      entries: entries.length,
      enabled: entries.filter((e) => e.enabled).length,
      tutorials: entries.filter((e) => e.kind === 'tutorial').length,
      phrasings: input.index.phrasings.text.length,
      media: media.length,
      mediaBytes: media.reduce((n, m) => n + m.size, 0),
    },
  };
  if (input.evalSummary !== undefined) manifest.eval = input.evalSummary;
  const content: BundleContent = {
    manifest,
    entries,
    mediaRefs: sortRefs(input.mediaRefs),
    media,
    lexicon: input.lexicon,
    events: input.events,
    index: input.index,
  };
  return { manifest: { ...manifest, contentHash: hashContent(content) }, content, mediaBytes: new Map(input.media) };
}
