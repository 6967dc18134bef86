/**
 * Bundle containers on disk: writing (atomically: temp file in the same folder, fsync, rename) and
 * reading, for SQLite and JSON. A reader checks the format version before trusting anything else, so a
 * newer bundle is refused with a clear message instead of being misread.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { BundleTooNewError, BundleUnreadableError } from './errors.js';
import type { Translate } from '../i18n/index.js';
import type { MatcherIndexData } from '../match/index.js';
import type { Lexicon } from '../model/lexicon.js';
import type { EventsContent } from '../model/pack.js';
import { phrasingsOf, type Entry } from '../model/types.js';
import { canonicalJson } from './canonical.js';
import { fromBytes, packIndex, plainIndex, unpackIndex, type ArrayPath } from './packed.js';
import { makeDirs } from '../util/make-dirs.js';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  ManifestSchema,
  SQLITE_APPLICATION_ID,
  type BundleContent,
  type BundleData,
  type BundleManifest,
  type BundleMedia,
} from './format.js';

export type BundleFileFormat = 'sqlite' | 'json';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Test seams: called while the temp file exists and is partly written (simulates a crash there). */
export interface WriteHooks {
  duringWrite?: (tempPath: string) => void;
}

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE entries (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  category TEXT,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  body TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE phrasings (entry_id TEXT NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (entry_id, position)) WITHOUT ROWID;
CREATE TABLE media (key TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER NOT NULL, mime TEXT NOT NULL, bytes BLOB NOT NULL);
CREATE TABLE blobs (name TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE arrays (id INTEGER PRIMARY KEY, type TEXT NOT NULL, bytes BLOB NOT NULL);
CREATE TABLE texts (name TEXT PRIMARY KEY, utf16le BLOB NOT NULL);
`;

/** Which container a file is, from its first bytes; undefined when it is neither. */
export function detectBundleFormat(path: string): BundleFileFormat | undefined {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    if (n === 16 && head.equals(SQLITE_MAGIC)) return 'sqlite';
    const first = head.subarray(0, n).toString('utf8').trimStart()[0];
    return first === '{' ? 'json' : undefined;
  } finally {
    closeSync(fd);
  }
}

function fsyncPath(path: string, flags: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, flags);
    fsyncSync(fd);
  } catch {
    // Directory fsync is not supported everywhere (e.g. some network file systems); the rename still happened.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** `.bundle.kbt.<pid>.<random>.tmp` beside the target: same folder, so the rename is atomic. */
function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temp files a crashed export of the same target left behind (their process is gone). */
export function removeStaleTempFiles(target: string): string[] {
  const dir = dirname(target);
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (!Number.isInteger(pid) || (pid !== process.pid && isAlive(pid))) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed.sort();
}

function writeSqlite(path: string, data: BundleData, builtAt: string | undefined, hooks: WriteHooks): void {
  const db = new Database(path);
  try {
    // Larger pages: the index's arrays are megabytes of blobs, read through a quarter of the overflow
    // pages a 4 KiB page needs (about 5 ms less per 30 MB on load). Set before any table exists.
    db.pragma('page_size = 16384');
    // The temp file is renamed into place only when complete, so SQLite's own journal adds nothing.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma(`application_id = ${SQLITE_APPLICATION_ID}`);
    db.pragma(`user_version = ${BUNDLE_FORMAT_VERSION}`);
    db.exec(SCHEMA);
    const { content, manifest } = data;
    db.transaction(() => {
      const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      meta.run('format', BUNDLE_FORMAT);
      meta.run('format_version', String(BUNDLE_FORMAT_VERSION));
      meta.run('manifest', canonicalJson(manifest));
      // Outside the content hash on purpose: two builds of the same input differ only here.
      if (builtAt) meta.run('built_at', builtAt);
      const entry = db.prepare('INSERT INTO entries (id, kind, enabled, category, question, answer, body) VALUES (?, ?, ?, ?, ?, ?, ?)');
      const phrasing = db.prepare('INSERT INTO phrasings (entry_id, position, text) VALUES (?, ?, ?)');
      for (const e of content.entries) {
        entry.run(e.id, e.kind, e.enabled ? 1 : 0, e.category ?? null, e.question, canonicalJson(e.answer), canonicalJson(e));
        phrasingsOf(e).forEach((p, i) => phrasing.run(e.id, i, p));
      }
      hooks.duringWrite?.(path);
      const media = db.prepare('INSERT INTO media (key, sha256, size, mime, bytes) VALUES (?, ?, ?, ?, ?)');
      for (const m of content.media) media.run(m.key, m.sha256, m.size, m.mime, data.mediaBytes.get(m.key)!);
      const blob = db.prepare('INSERT INTO blobs (name, json) VALUES (?, ?)');
      blob.run('lexicon', canonicalJson(content.lexicon));
      blob.run('events', canonicalJson(content.events));
      blob.run('media_refs', canonicalJson(content.mediaRefs));
      const packed = packIndex(content.index);
      // The skeleton (megabytes of mostly Chinese JSON) as UTF-16LE: decoding it is a copy, where UTF-8
      // text costs about 10 ms per 3 MB to decode on every load.
      db.prepare('INSERT INTO texts (name, utf16le) VALUES (?, ?)').run('index', Buffer.from(canonicalJson(packed.skeleton), 'utf16le'));
      // Not content: where the arrays go, so a reader need not walk the skeleton (older readers ignore it).
      blob.run('index_paths', canonicalJson(packed.paths));
      const array = db.prepare('INSERT INTO arrays (id, type, bytes) VALUES (?, ?, ?)');
      packed.arrays.forEach((a, i) => array.run(i, a.type, a.bytes));
    })();
  } finally {
    db.close();
  }
}

/** The JSON container's text: canonical, so the same content gives the same bytes. */
export function bundleJsonText(data: BundleData): string {
  const { content, manifest } = data;
  return `${canonicalJson({
    format: BUNDLE_FORMAT,
    formatVersion: manifest.formatVersion,
    manifest,
    entries: content.entries,
    mediaRefs: content.mediaRefs,
    media: content.media.map((m) => ({ ...m, base64: data.mediaBytes.get(m.key)!.toString('base64') })),
    lexicon: content.lexicon,
    events: content.events,
    index: plainIndex(content.index),
  })}\n`;
}

function writeJson(path: string, data: BundleData, hooks: WriteHooks): void {
  const bytes = Buffer.from(bundleJsonText(data), 'utf8');
  const fd = openSync(path, 'w');
  try {
    const half = Math.floor(bytes.length / 2);
    writeSync(fd, bytes, 0, half);
    hooks.duringWrite?.(path);
    writeSync(fd, bytes, half, bytes.length - half);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a bundle to `target` atomically: a crash or error at any point leaves the previous file as it
 * was (a temp file may remain; the next export removes it). Returns the size written.
 */
export function writeBundleFile(
  target: string,
  data: BundleData,
  options: { format: BundleFileFormat; builtAt?: string; hooks?: WriteHooks },
): number {
  makeDirs(dirname(target));
  const tmp = tempPathFor(target);
  try {
    if (options.format === 'sqlite') writeSqlite(tmp, data, options.builtAt, options.hooks ?? {});
    else writeJson(tmp, data, options.hooks ?? {});
    fsyncPath(tmp, 'r+');
    const size = statSync(tmp).size;
    renameSync(tmp, target);
    fsyncPath(dirname(target), 'r');
    return size;
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** A bundle as read from disk. Entries are parsed and media bytes read on demand so loading stays fast. */
export interface OpenedBundle {
  path: string;
  format: BundleFileFormat;
  bytes: number;
  manifest: BundleManifest;
  /** Everything but the entries, which `content` reads on first access. */
  parts: Omit<BundleContent, 'entries'>;
  /** The whole hashed content; reads every entry the first time. */
  readonly content: BundleContent;
  /** One entry by id, parsed on demand. */
  readEntry(id: string): Entry | undefined;
  /** SQLite only: when it was written (not part of the content hash). */
  builtAt?: string;
  readMedia(key: string): Buffer | undefined;
  close(): void;
}

function notBundle(t: Translate, path: string, detail: string): UserError {
  return new BundleUnreadableError(t('bundle.notBundle', { path, detail }), { file: path, hint: t('bundle.notBundleHint') });
}

/** Refuses bundles newer than this reader: everything after this check assumes the known layout. */
function checkVersion(t: Translate, path: string, format: unknown, version: unknown): void {
  if (format !== BUNDLE_FORMAT) throw notBundle(t, path, `format ${JSON.stringify(format)}`);
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw notBundle(t, path, `format version ${JSON.stringify(version)}`);
  }
  if (version > BUNDLE_FORMAT_VERSION) {
    throw new BundleTooNewError(t('bundle.tooNew', { path, version, supported: BUNDLE_FORMAT_VERSION }), version, {
      file: path,
      hint: t('bundle.tooNewHint'),
    });
  }
}

function parseManifest(t: Translate, path: string, value: unknown): BundleManifest {
  const parsed = ManifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw notBundle(t, path, `manifest ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data as BundleManifest;
}

function parseJsonField<T>(t: Translate, path: string, what: string, text: string | undefined): T {
  if (text === undefined) throw notBundle(t, path, `missing ${what}`);
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw notBundle(t, path, `${what}: ${(err as Error).message}`);
  }
}

function readIndex(db: Database.Database, t: Translate, path: string, skeleton: string | undefined, paths: string | undefined): MatcherIndexData {
  const rows = db.prepare('SELECT id, type, bytes FROM arrays ORDER BY id').all() as { id: number; type: string; bytes: Buffer }[];
  const arrays = rows.map((r, i) => {
    if (r.id !== i || (r.type !== 'i32' && r.type !== 'f64' && r.type !== 'utf8')) throw notBundle(t, path, `index array ${r.id}`);
    return fromBytes(r.bytes, r.type);
  });
  try {
    const places = paths === undefined ? undefined : parseJsonField<ArrayPath[]>(t, path, 'index_paths', paths);
    return unpackIndex(parseJsonField(t, path, 'index', skeleton), arrays, places);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw notBundle(t, path, `index: ${(err as Error).message}`);
  }
}

/** A text stored as UTF-16LE (format 2 on), or undefined when the bundle has no such text. */
function readText(db: Database.Database, name: string): string | undefined {
  const has = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'texts'").get();
  if (!has) return undefined;
  const bytes = db.prepare('SELECT utf16le FROM texts WHERE name = ?').pluck().get(name) as Buffer | undefined;
  return bytes === undefined ? undefined : bytes.toString('utf16le');
}

function openSqlite(path: string, bytes: number, t: Translate): OpenedBundle {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw notBundle(t, path, (err as Error).message);
  }
  try {
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== SQLITE_APPLICATION_ID) throw notBundle(t, path, 'not a kbt bundle database');
    // user_version first: a newer format may have changed even the meta table.
    checkVersion(t, path, BUNDLE_FORMAT, db.pragma('user_version', { simple: true }) as number);
    const meta = new Map((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    checkVersion(t, path, meta.get('format'), Number(meta.get('format_version')));
    const manifest = parseManifest(t, path, parseJsonField(t, path, 'manifest', meta.get('manifest')));
    const blobs = new Map((db.prepare('SELECT name, json FROM blobs').all() as { name: string; json: string }[]).map((r) => [r.name, r.json]));
    const media = db.prepare('SELECT key, sha256, size, mime FROM media ORDER BY key').all() as BundleMedia[];
    const { contentHash: _hash, ...hashed } = manifest;
    const parts: Omit<BundleContent, 'entries'> = {
      manifest: hashed,
      mediaRefs: parseJsonField(t, path, 'media_refs', blobs.get('media_refs')),
      media,
      lexicon: parseJsonField<Lexicon>(t, path, 'lexicon', blobs.get('lexicon')),
      events: parseJsonField<EventsContent>(t, path, 'events', blobs.get('events')),
      index: readIndex(db, t, path, readText(db, 'index') ?? blobs.get('index'), blobs.get('index_paths')),
    };
    const readBlob = db.prepare('SELECT bytes FROM media WHERE key = ?').pluck();
    const readBody = db.prepare('SELECT body FROM entries WHERE id = ?').pluck();
    let open = true;
    const ensureOpen = () => {
      if (!open) throw new Error('bundle is closed');
    };
    let content: BundleContent | undefined;
    const builtAt = meta.get('built_at');
    return {
      path,
      format: 'sqlite',
      bytes,
      manifest,
      parts,
      get content() {
        if (!content) {
          ensureOpen();
          const rows = db.prepare('SELECT body FROM entries ORDER BY id').pluck().all() as string[];
          content = { ...parts, entries: rows.map((r) => parseJsonField<Entry>(t, path, 'entry', r)) };
        }
        return content;
      },
      readEntry: (id) => {
        ensureOpen();
        const body = readBody.get(id) as string | undefined;
        return body === undefined ? undefined : parseJsonField<Entry>(t, path, 'entry', body);
      },
      ...(builtAt ? { builtAt } : {}),
      readMedia: (key) => {
        ensureOpen();
        const b = readBlob.get(key) as Buffer | undefined;
        return b ?? undefined;
      },
      close: () => {
        if (open) db.close();
        open = false;
      },
    };
  } catch (err) {
    db.close();
    if (err instanceof UserError) throw err;
    throw notBundle(t, path, (err as Error).message);
  }
}

function openJson(path: string, bytes: number, text: string, t: Translate): OpenedBundle {
  const doc = parseJsonField<Record<string, unknown>>(t, path, 'JSON', text);
  if (doc === null || typeof doc !== 'object') throw notBundle(t, path, 'not an object');
  checkVersion(t, path, doc.format, doc.formatVersion);
  const manifest = parseManifest(t, path, doc.manifest);
  const mediaList = (Array.isArray(doc.media) ? doc.media : []) as (BundleMedia & { base64: string })[];
  const mediaBytes = new Map(mediaList.map((m) => [m.key, Buffer.from(String(m.base64), 'base64')]));
  const { contentHash: _hash, ...hashed } = manifest;
  const content: BundleContent = {
    manifest: hashed,
    entries: doc.entries as Entry[],
    mediaRefs: doc.mediaRefs as BundleContent['mediaRefs'],
    media: mediaList.map(({ base64: _b, ...m }) => m),
    lexicon: doc.lexicon as Lexicon,
    events: doc.events as EventsContent,
    index: doc.index as MatcherIndexData,
  };
  for (const [k, v] of Object.entries(content)) {
    if (v === undefined || v === null) throw notBundle(t, path, `missing ${k}`);
  }
  const byId = new Map(content.entries.map((e) => [e.id, e]));
  const { entries: _e, ...parts } = content;
  return {
    path,
    format: 'json',
    bytes,
    manifest,
    parts,
    content,
    readEntry: (id) => byId.get(id),
    readMedia: (key) => mediaBytes.get(key),
    close: () => {},
  };
}

/** Opens a bundle of either container. Throws UserError for a missing, foreign, corrupt or newer file. */
export function openBundleFile(path: string, t: Translate): OpenedBundle {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    throw new UserError(t('io.cannotRead', { path, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message }), { hint: t('io.cannotReadHint') });
  }
  const format = detectBundleFormat(path);
  if (format === 'sqlite') return openSqlite(path, size, t);
  if (format === 'json') {
    const fd = openSync(path, 'r');
    let text: string;
    try {
      const buf = Buffer.alloc(size);
      readSync(fd, buf, 0, size, 0);
      text = buf.toString('utf8');
    } finally {
      closeSync(fd);
    }
    return openJson(path, size, text, t);
  }
  throw notBundle(t, path, 'neither SQLite nor JSON');
}
