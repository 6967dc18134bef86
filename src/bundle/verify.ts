/**
 * `kbt bundle verify`: recomputes everything a bundle asserts about itself. The content hash covers the
 * canonical content; the SQLite container also has convenience columns (question, answer, phrasings)
 * derived from each entry's body, and those are checked against the body so no stored byte of content
 * goes unchecked.
 */
import Database from 'better-sqlite3';
import type { Translate } from '../i18n/index.js';
import { phrasingsOf, type Entry } from '../model/types.js';
import { BundleUnreadableError } from './errors.js';
import { canonicalJson, hashContent, sha256Hex } from './canonical.js';
import { openBundleFile, type BundleFileFormat, type OpenedBundle } from './file.js';
import { MediaSchema, StoredEntrySchema, type BundleManifest } from './format.js';

export type VerifyCheck = 'readable' | 'sqlite-integrity' | 'schema' | 'columns' | 'counts' | 'media' | 'content-hash';

export interface VerifyProblem {
  check: VerifyCheck;
  /** What is wrong, naming the entry, media key or table. */
  detail: string;
}

export interface VerifyResult {
  path: string;
  format?: BundleFileFormat;
  ok: boolean;
  manifest?: BundleManifest;
  /** Recomputed content hash, when the content could be read. */
  actualHash?: string;
  checked: { entries: number; media: number };
  problems: VerifyProblem[];
}

const MAX_PROBLEMS_PER_CHECK = 50;

function sqliteChecks(path: string, push: (p: VerifyProblem) => void): void {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    for (const r of rows) if (r.integrity_check !== 'ok') push({ check: 'sqlite-integrity', detail: r.integrity_check });
    const entries = db.prepare('SELECT id, kind, enabled, category, question, answer, body FROM entries ORDER BY id').all() as {
      id: string;
      kind: string;
      enabled: number;
      category: string | null;
      question: string;
      answer: string;
      body: string;
    }[];
    const phrasings = new Map<string, string[]>();
    for (const r of db.prepare('SELECT entry_id, text FROM phrasings ORDER BY entry_id, position').all() as { entry_id: string; text: string }[]) {
      let list = phrasings.get(r.entry_id);
      if (!list) phrasings.set(r.entry_id, (list = []));
      list.push(r.text);
    }
    for (const r of entries) {
      let e: Entry;
      try {
        e = JSON.parse(r.body) as Entry;
      } catch {
        continue; // reported by the schema check of the parsed content
      }
      const diffs: string[] = [];
      if (e.id !== r.id) diffs.push('id');
      if (e.kind !== r.kind) diffs.push('kind');
      if ((e.enabled ? 1 : 0) !== r.enabled) diffs.push('enabled');
      if ((e.category ?? null) !== r.category) diffs.push('category');
      if (e.question !== r.question) diffs.push('question');
      if (canonicalJson(e.answer) !== r.answer) diffs.push('answer');
      if (canonicalJson(phrasingsOf(e)) !== canonicalJson(phrasings.get(r.id) ?? [])) diffs.push('phrasings');
      phrasings.delete(r.id);
      if (diffs.length > 0) push({ check: 'columns', detail: `entry ${r.id}: ${diffs.join(', ')} differ from the entry body` });
    }
    for (const id of phrasings.keys()) push({ check: 'columns', detail: `phrasings of unknown entry ${id}` });
  } finally {
    db.close();
  }
}

function contentChecks(b: OpenedBundle, push: (p: VerifyProblem) => void): string {
  const { content, manifest } = b;
  content.entries.forEach((e, i) => {
    const r = StoredEntrySchema.safeParse(e);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      push({ check: 'schema', detail: `entry ${(e as { id?: string })?.id ?? `#${i}`}: ${issue.path.join('.')}: ${issue.message}` });
    }
  });
  const ids = new Set(content.entries.map((e) => e.id));
  if (ids.size !== content.entries.length) push({ check: 'schema', detail: 'duplicate entry ids' });
  if (content.index?.format !== 'kbt-matcher-index') push({ check: 'schema', detail: 'matcher index missing or of another format' });
  else {
    for (const ie of content.index.entries) if (!ids.has(ie.id)) push({ check: 'schema', detail: `matcher index names unknown entry ${ie.id}` });
  }
  const mediaKeys = new Set<string>();
  for (const m of content.media) {
    const r = MediaSchema.safeParse(m);
    if (!r.success) push({ check: 'schema', detail: `media ${m.key}: ${r.error.issues[0]!.message}` });
    mediaKeys.add(m.key);
  }
  for (const [id, refs] of Object.entries(content.mediaRefs ?? {})) {
    if (!ids.has(id)) push({ check: 'schema', detail: `media references of unknown entry ${id}` });
    for (const [ref, key] of Object.entries(refs)) if (!mediaKeys.has(key)) push({ check: 'schema', detail: `entry ${id}: media ${ref} → ${key} is not embedded` });
  }

  const counts = manifest.counts;
  const expect: [string, number, number][] = [
    ['entries', counts.entries, content.entries.length],
    ['enabled', counts.enabled, content.entries.filter((e) => e.enabled).length],
    ['media', counts.media, content.media.length],
    ['phrasings', counts.phrasings, content.index?.phrasings?.text?.length ?? 0],
  ];
  for (const [name, recorded, actual] of expect) {
    if (recorded !== actual) push({ check: 'counts', detail: `${name}: manifest says ${recorded}, bundle holds ${actual}` });
  }

  for (const m of content.media) {
    const bytes = b.readMedia(m.key);
    if (!bytes) push({ check: 'media', detail: `${m.key}: bytes missing` });
    else if (bytes.length !== m.size) push({ check: 'media', detail: `${m.key}: ${bytes.length} bytes, manifest says ${m.size}` });
    else if (sha256Hex(bytes) !== m.sha256) push({ check: 'media', detail: `${m.key}: SHA-256 does not match` });
  }

  const actual = hashContent(content);
  if (actual !== manifest.contentHash) push({ check: 'content-hash', detail: `recorded ${manifest.contentHash}, recomputed ${actual}` });
  return actual;
}

/**
 * Verifies a bundle file. Problems are returned, not thrown; only a missing file or a bundle from a newer
 * format (which this kbt cannot judge) throws.
 */
export function verifyBundleFile(path: string, t: Translate): VerifyResult {
  const result: VerifyResult = { path, ok: false, checked: { entries: 0, media: 0 }, problems: [] };
  const perCheck = new Map<VerifyCheck, number>();
  const push = (p: VerifyProblem) => {
    const n = (perCheck.get(p.check) ?? 0) + 1;
    perCheck.set(p.check, n);
    if (n <= MAX_PROBLEMS_PER_CHECK) result.problems.push(p);
  };
  let bundle: OpenedBundle;
  try {
    bundle = openBundleFile(path, t);
  } catch (err) {
    if (!(err instanceof BundleUnreadableError)) throw err;
    push({ check: 'readable', detail: (err as Error).message });
    return result;
  }
  try {
    result.format = bundle.format;
    result.manifest = bundle.manifest;
    result.checked = { entries: bundle.content.entries.length, media: bundle.content.media.length };
    if (bundle.format === 'sqlite') {
      try {
        sqliteChecks(path, push);
      } catch (err) {
        push({ check: 'sqlite-integrity', detail: (err as Error).message });
      }
    }
    result.actualHash = contentChecks(bundle, push);
  } catch (err) {
    push({ check: 'readable', detail: (err as Error).message });
  } finally {
    bundle.close();
  }
  result.ok = result.problems.length === 0;
  return result;
}
