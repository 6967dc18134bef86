import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { InternalError, UserError } from '../errors.js';
import type { Entry } from '../model/types.js';
import { createTranslator, type Translate } from '../i18n/index.js';
import { makeDirs } from '../util/make-dirs.js';

/**
 * The workspace store: `.kbt/workspace.db` (SQLite, WAL). It holds the merchant entries as last imported,
 * one row per source file with its content hash, and the history of eval runs. Packs are not stored: they
 * ship with kbt and are read from their folders.
 *
 * Schema changes are append-only migrations keyed by `PRAGMA user_version`.
 */
const MIGRATIONS: readonly string[] = [
  // 1: sources, entries, eval runs
  `
  CREATE TABLE sources (
    path TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    format TEXT NOT NULL,
    encoding TEXT,
    entry_count INTEGER NOT NULL,
    imported_at TEXT NOT NULL
  );
  CREATE TABLE entries (
    source_path TEXT NOT NULL REFERENCES sources(path) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (source_path, position)
  );
  CREATE INDEX entries_id ON entries(id);
  CREATE TABLE eval_runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    label TEXT,
    summary TEXT NOT NULL,
    result TEXT
  );
  `,
];

export const STORE_SCHEMA_VERSION = MIGRATIONS.length;

export interface SourceRecord {
  path: string;
  hash: string;
  format: string;
  encoding: string | null;
  entryCount: number;
  importedAt: string;
}

export interface EvalRunRecord {
  runId: number;
  createdAt: string;
  label: string | null;
  /** The versioned eval summary (JSON). */
  summary: unknown;
}

export class WorkspaceStore {
  private constructor(
    private readonly db: Database.Database,
    private readonly t: Translate,
  ) {}

  /** Opens (creating and migrating when `create`) the store at `path`. */
  static open(path: string, options: { create?: boolean; readonly?: boolean; t?: Translate } = {}): WorkspaceStore {
    const t = options.t ?? createTranslator('en');
    if (options.create) makeDirs(dirname(path));
    let db: Database.Database;
    try {
      db = new Database(path, { fileMustExist: !options.create, readonly: Boolean(options.readonly) });
    } catch (err) {
      throw new UserError(t('store.cannotOpen', { path, reason: (err as Error).message }), { file: path, hint: t('store.cannotOpenHint') });
    }
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    const store = new WorkspaceStore(db, t);
    if (!options.readonly) store.migrate();
    else store.checkVersion();
    return store;
  }

  private checkVersion(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > STORE_SCHEMA_VERSION) {
      throw new UserError(this.t('store.tooNew', { version, supported: STORE_SCHEMA_VERSION }), { hint: this.t('store.tooNewHint') });
    }
  }

  private migrate(): void {
    this.checkVersion();
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]!);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** Runs `fn` in one transaction: all of it is written, or none of it. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  listSources(): SourceRecord[] {
    const rows = this.db.prepare('SELECT * FROM sources ORDER BY path').all() as {
      path: string;
      hash: string;
      format: string;
      encoding: string | null;
      entry_count: number;
      imported_at: string;
    }[];
    return rows.map((r) => ({
      path: r.path,
      hash: r.hash,
      format: r.format,
      encoding: r.encoding,
      entryCount: r.entry_count,
      importedAt: r.imported_at,
    }));
  }

  /** Replaces everything a source file contributed. */
  replaceSource(source: Omit<SourceRecord, 'entryCount'>, entries: readonly Entry[]): void {
    this.removeSource(source.path);
    this.db
      .prepare('INSERT INTO sources (path, hash, format, encoding, entry_count, imported_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(source.path, source.hash, source.format, source.encoding, entries.length, source.importedAt);
    const insert = this.db.prepare('INSERT INTO entries (source_path, position, id, kind, body) VALUES (?, ?, ?, ?, ?)');
    entries.forEach((e, i) => insert.run(source.path, i, e.id, e.kind, JSON.stringify(e)));
  }

  removeSource(path: string): void {
    this.db.prepare('DELETE FROM entries WHERE source_path = ?').run(path);
    this.db.prepare('DELETE FROM sources WHERE path = ?').run(path);
  }

  /** Entries of the given source, in source order. */
  entriesOf(path: string): Entry[] {
    const rows = this.db.prepare('SELECT body FROM entries WHERE source_path = ? ORDER BY position').all(path) as { body: string }[];
    return rows.map((r) => parseEntry(r.body));
  }

  /** Every stored merchant entry, by source path then position (stable). */
  listEntries(): Entry[] {
    const rows = this.db.prepare('SELECT body FROM entries ORDER BY source_path, position').all() as { body: string }[];
    return rows.map((r) => parseEntry(r.body));
  }

  saveEvalRun(run: { createdAt: string; label?: string; summary: unknown; result?: unknown }): number {
    const info = this.db
      .prepare('INSERT INTO eval_runs (created_at, label, summary, result) VALUES (?, ?, ?, ?)')
      .run(run.createdAt, run.label ?? null, JSON.stringify(run.summary), run.result === undefined ? null : JSON.stringify(run.result));
    return Number(info.lastInsertRowid);
  }

  listEvalRuns(limit = 50): EvalRunRecord[] {
    const rows = this.db
      .prepare('SELECT run_id, created_at, label, summary FROM eval_runs ORDER BY run_id DESC LIMIT ?')
      .all(limit) as { run_id: number; created_at: string; label: string | null; summary: string }[];
    return rows.reverse().map((r) => ({ runId: r.run_id, createdAt: r.created_at, label: r.label, summary: JSON.parse(r.summary) }));
  }

  close(): void {
    this.db.close();
  }
}

function parseEntry(body: string): Entry {
  try {
    return JSON.parse(body) as Entry;
  } catch (err) {
    throw new InternalError('corrupt entry row in workspace store', { cause: err });
  }
}
