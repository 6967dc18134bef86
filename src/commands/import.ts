import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DiagnosticsError, UserError } from '../errors.js';
import { createTranslator, type Translate } from '../i18n/index.js';
import { sortDiagnostics, type Diagnostic } from '../model/diagnostic.js';
import type { Entry } from '../model/types.js';
import { readSource, SUPPORTED_EXTENSIONS } from '../read/index.js';
import { checkMedia } from '../workspace/media.js';
import { toDisplayPath } from '../workspace/paths.js';
import { expandSources, skippedWps } from '../workspace/sources.js';
import { openStore, openWorkspace } from '../workspace/workspace.js';

export interface ImportOptions {
  cwd: string;
  workspace?: string;
  /** Files, folders or globs relative to `cwd`; none: the `sources` of kbt.yaml (relative to the workspace). */
  paths?: string[];
  encoding?: string;
  sheet?: string;
  t?: Translate;
  /** Clock for `imported_at`; tests pass a fixed one. */
  now?: () => Date;
}

export type FileStatus = 'added' | 'changed' | 'unchanged' | 'removed';

export interface ImportResult {
  workspace: string;
  files: { path: string; status: FileStatus; format?: string; encoding?: string; entries: number }[];
  entries: { added: string[]; changed: string[]; removed: string[]; unchanged: number };
  warnings: Diagnostic[];
  unmatched: string[];
}

interface ReadFile {
  abs: string;
  path: string;
  hash: string;
  format: string;
  encoding?: string;
  entries: Entry[];
}

function sameEntry(a: Entry, b: Entry): boolean {
  return JSON.stringify({ ...a, source: undefined, similarLines: undefined }) === JSON.stringify({ ...b, source: undefined, similarLines: undefined });
}

/**
 * Reads merchant sources into the workspace store in one transaction: every file is read and checked
 * first; any error aborts the run with nothing written. Unchanged files (same content hash) are skipped;
 * files that vanished from disk are removed from the store.
 */
export async function importSources(options: ImportOptions): Promise<ImportResult> {
  const t = options.t ?? createTranslator('en');
  const ws = openWorkspace(options.cwd, options.workspace, t);
  const explicit = options.paths && options.paths.length > 0;
  const base = explicit ? options.cwd : ws.root;
  const patterns = explicit ? options.paths! : ws.config.sources;
  if (patterns.length === 0) {
    throw new UserError(t('import.nothing'), { hint: t('import.nothingHint') });
  }
  const { files, unmatched, skipped } = await expandSources(base, patterns, SUPPORTED_EXTENSIONS, t);

  const store = openStore(ws);
  try {
    const stored = new Map(store.listSources().map((s) => [s.path, s]));
    const diagnostics: Diagnostic[] = skipped.map((abs) => skippedWps(toDisplayPath(ws.root, abs)));
    const toWrite: ReadFile[] = [];
    const result: ImportResult = {
      workspace: ws.root,
      files: [],
      entries: { added: [], changed: [], removed: [], unchanged: 0 },
      warnings: [],
      unmatched,
    };

    for (const abs of files) {
      const path = toDisplayPath(ws.root, abs);
      let bytes: Buffer;
      try {
        bytes = readFileSync(abs);
      } catch (err) {
        throw new UserError(t('io.cannotRead', { path, reason: (err as Error).message }), { file: path, hint: t('io.cannotReadHint') });
      }
      const hash = createHash('sha256').update(bytes).digest('hex');
      const before = stored.get(path);
      if (before && before.hash === hash && !options.encoding && !options.sheet) {
        result.files.push({ path, status: 'unchanged', format: before.format, encoding: before.encoding ?? undefined, entries: before.entryCount });
        result.entries.unchanged += before.entryCount;
        continue;
      }
      const read = await readSource({ bytes, file: path, layer: 'merchant', encoding: options.encoding, sheet: options.sheet });
      diagnostics.push(...read.diagnostics, ...checkMedia(ws.root, read.entries));
      toWrite.push({ abs, path, hash, format: read.format, encoding: read.encoding, entries: read.entries });
    }

    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      throw new DiagnosticsError(t('import.failed', { count: errors.length }), sortDiagnostics(diagnostics), { hint: t('import.failedHint') });
    }
    result.warnings = sortDiagnostics(diagnostics);

    const removedSources = [...stored.keys()].filter((p) => !existsSync(resolve(ws.root, p)));
    const oldEntries = new Map<string, Entry>();
    for (const f of toWrite) for (const e of store.entriesOf(f.path)) oldEntries.set(e.id, e);
    for (const p of removedSources) for (const e of store.entriesOf(p)) oldEntries.set(e.id, e);
    const newIds = new Set<string>();

    store.transaction(() => {
      const importedAt = (options.now ?? (() => new Date()))().toISOString();
      for (const f of toWrite) {
        store.replaceSource({ path: f.path, hash: f.hash, format: f.format, encoding: f.encoding ?? null, importedAt }, f.entries);
      }
      for (const p of removedSources) store.removeSource(p);
    });

    for (const f of toWrite) {
      result.files.push({ path: f.path, status: stored.has(f.path) ? 'changed' : 'added', format: f.format, encoding: f.encoding, entries: f.entries.length });
      for (const e of f.entries) {
        newIds.add(e.id);
        const old = oldEntries.get(e.id);
        if (!old) result.entries.added.push(e.id);
        else if (!sameEntry(old, e)) result.entries.changed.push(e.id);
        else result.entries.unchanged++;
      }
    }
    for (const p of removedSources) result.files.push({ path: p, status: 'removed', entries: stored.get(p)!.entryCount });
    const stillStored = new Set(store.listEntries().map((e) => e.id));
    for (const id of oldEntries.keys()) if (!newIds.has(id) && !stillStored.has(id)) result.entries.removed.push(id);

    result.files.sort((a, b) => a.path.localeCompare(b.path));
    result.entries.added.sort();
    result.entries.changed.sort();
    result.entries.removed.sort();
    return result;
  } finally {
    store.close();
  }
}
