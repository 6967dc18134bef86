import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { compileBundle } from '../bundle/compile.js';
import { openBundleFile, removeStaleTempFiles, writeBundleFile, type BundleFileFormat, type WriteHooks } from '../bundle/file.js';
import { SEMVER_PATTERN, type BundleManifest } from '../bundle/format.js';
import { ValidationFailedError } from '../bundle/errors.js';
import { UserError } from '../errors.js';
import { createTranslator, type Translate } from '../i18n/index.js';
import { buildMatcher, exportMatcherIndex } from '../match/index.js';
import { sortDiagnostics, type Diagnostic } from '../model/diagnostic.js';
import type { Entry } from '../model/types.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../workspace/knowledge-base.js';
import { MAX_MEDIA_BYTES, mediaOf, resolveMedia } from '../workspace/media.js';
import { isInside, toDisplayPath } from '../workspace/paths.js';
import { openStore, openWorkspace } from '../workspace/workspace.js';
import { validate } from './validate.js';

export interface ExportOptions {
  cwd: string;
  workspace?: string;
  /** Output file, relative to cwd. Default: kbt.yaml `output.bundle`, relative to the workspace. */
  out?: string;
  /** Container. Default `sqlite`. */
  format?: BundleFileFormat;
  /**
   * Semantic version recorded in the manifest. Default: the version of the bundle already at the output
   * path, else `0.0.0`.
   */
  bundleVersion?: string;
  t?: Translate;
  /** Progress lines for a human (the CLI prints them on stderr). */
  onProgress?: (message: string) => void;
  /** Clock for the SQLite build-time row (outside the content hash). */
  now?: () => Date;
  /** Skip `kbt validate` (the caller already ran it, as `kbt build` does). */
  skipValidation?: boolean;
  /** The merged knowledge base, when the caller has loaded it already (`kbt build`). */
  knowledgeBase?: KnowledgeBase;
  /** Test seams for crash simulation. */
  hooks?: WriteHooks;
}

export interface ExportResult {
  path: string;
  format: BundleFileFormat;
  bytes: number;
  manifest: BundleManifest;
  /** Validation warnings (errors refuse the export). */
  warnings: Diagnostic[];
  /**
   * Merchant source files that differ from what the store holds (edited, added or removed since the last
   * `kbt import`): the bundle holds the store's version. Sorted.
   */
  stale: string[];
}

/** Source files whose bytes on disk differ from the store's record, plus files the store does not know. */
function staleSources(root: string, stored: readonly { path: string; hash: string }[], onDisk: readonly string[]): string[] {
  const out = new Set<string>();
  const known = new Set(stored.map((s) => s.path));
  for (const s of stored) {
    try {
      if (createHash('sha256').update(readFileSync(join(root, s.path))).digest('hex') !== s.hash) out.add(s.path);
    } catch {
      out.add(s.path);
    }
  }
  for (const f of onDisk) if (!known.has(f)) out.add(f);
  return [...out].sort();
}

/** Reads the version of the bundle at `path`, if one is there and readable. */
function previousVersion(path: string, t: Translate): string | undefined {
  try {
    statSync(path);
  } catch {
    return undefined;
  }
  try {
    const b = openBundleFile(path, t);
    b.close();
    return b.manifest.version;
  } catch {
    return undefined;
  }
}

interface CollectedMedia {
  refs: Record<string, Record<string, string>>;
  bytes: Map<string, Buffer>;
  problems: Diagnostic[];
}

/** Root folder an entry's media paths are relative to: its pack's folder or the workspace. */
function rootOf(kb: KnowledgeBase, e: Entry): { root: string; prefix: string } {
  if (e.source.layer === 'pack' && e.source.pack) {
    const name = e.source.pack.slice(0, e.source.pack.lastIndexOf('@'));
    const pack = kb.packs.find((p) => p.name === name);
    if (pack) return { root: pack.dir, prefix: `packs/${pack.name}/` };
  }
  return { root: kb.root, prefix: '' };
}

/** Reads every media file the entries reference; size and location problems become findings. */
export function collectMedia(kb: KnowledgeBase): CollectedMedia {
  const out: CollectedMedia = { refs: {}, bytes: new Map(), problems: [] };
  for (const e of kb.entries) {
    const refs = mediaOf(e);
    if (refs.length === 0) continue;
    const { root, prefix } = rootOf(kb, e);
    for (const ref of refs) {
      const abs = resolveMedia(root, e, ref);
      const at = { file: e.source.file, line: e.source.line, entryId: e.id, field: 'media' };
      if (!isInside(root, abs)) {
        out.problems.push({ severity: 'error', rule: 'media-outside-workspace', message: 'rule.mediaOutside', params: { path: ref }, ...at });
        continue;
      }
      let size: number;
      try {
        const st = statSync(abs);
        if (!st.isFile()) throw new Error('not a file');
        size = st.size;
      } catch {
        out.problems.push({ severity: 'error', rule: 'media-missing', message: 'rule.mediaMissing', params: { path: ref }, ...at });
        continue;
      }
      if (size > MAX_MEDIA_BYTES) {
        out.problems.push({
          severity: 'error',
          rule: 'media-too-large',
          message: 'rule.mediaTooLarge',
          params: { path: ref, max: `${MAX_MEDIA_BYTES / 1024 / 1024} MiB` },
          ...at,
        });
        continue;
      }
      const key = prefix + toDisplayPath(root, abs);
      if (!out.bytes.has(key)) out.bytes.set(key, readFileSync(abs));
      (out.refs[e.id] ??= {})[ref] = key;
    }
  }
  return out;
}

/** The last eval summary stored in the workspace, without its timestamp (the content hash has none). */
function lastEvalSummary(kb: KnowledgeBase, t: Translate): { sources: { path: string; hash: string }[]; evalSummary?: unknown } {
  const store = openStore(openWorkspace(kb.root, undefined, t), { readonly: true });
  try {
    const sources = store.listSources().map((s) => ({ path: s.path, hash: s.hash }));
    const last = store.listEvalRuns(1).at(-1);
    return last === undefined ? { sources } : { sources, evalSummary: last.summary };
  } finally {
    store.close();
  }
}

/**
 * Compiles the workspace's merged, validated knowledge base into one bundle file. Refuses (exit 1, with
 * every finding) when `kbt validate` reports errors; the previous bundle is left untouched then, and on any
 * failure while writing.
 */
export async function exportBundle(options: ExportOptions): Promise<ExportResult> {
  const t = options.t ?? createTranslator('en');
  const progress = options.onProgress ?? (() => {});
  const format = options.format ?? 'sqlite';
  if (format !== 'sqlite' && format !== 'json') {
    throw new UserError(t('usage.unknownFormat', { format }), { hint: t('usage.formatHint', { formats: 'sqlite, json' }) });
  }
  if (options.bundleVersion !== undefined && !SEMVER_PATTERN.test(options.bundleVersion)) {
    throw new UserError(t('export.badVersion', { value: options.bundleVersion }), { hint: t('export.badVersionHint') });
  }
  const ws = openWorkspace(options.cwd, options.workspace, t);
  const target = options.out ? resolve(options.cwd, options.out) : resolve(ws.root, ws.config.output.bundle);

  let warnings: Diagnostic[] = [];
  let diskFiles: string[] | undefined;
  if (!options.skipValidation) {
    progress(t('export.progress.validate'));
    const result = await validate({ cwd: options.cwd, workspace: options.workspace, t });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    warnings = result.diagnostics.filter((d) => d.severity === 'warning');
    diskFiles = result.files;
    if (errors.length > 0) throw new ValidationFailedError(t('export.invalid', { count: errors.length }), errors, { hint: t('export.invalidHint') });
  }

  progress(t('export.progress.merge'));
  const kb = options.knowledgeBase ?? (await loadKnowledgeBase({ cwd: options.cwd, workspace: options.workspace, t }));
  const media = collectMedia(kb);
  if (media.problems.length > 0) {
    throw new ValidationFailedError(t('export.invalid', { count: media.problems.length }), sortDiagnostics(media.problems), { hint: t('export.invalidHint') });
  }
  const { sources, evalSummary } = lastEvalSummary(kb, t);
  const stale = staleSources(kb.root, sources, diskFiles ?? []);
  if (stale.length > 0) progress(t('export.stale', { count: stale.length, files: stale.slice(0, 5).join(', ') }));

  progress(t('export.progress.index', { entries: kb.entries.length }));
  const matcher = buildMatcher(kb.entries, kb.lexicon, { thresholds: kb.config.thresholds });
  const data = compileBundle({
    name: kb.config.name,
    version: options.bundleVersion ?? previousVersion(target, t) ?? '0.0.0',
    entries: kb.entries,
    lexicon: kb.lexicon,
    events: kb.events,
    packs: kb.packs,
    sources,
    thresholds: kb.config.thresholds,
    evalSummary,
    index: exportMatcherIndex(matcher),
    mediaRefs: media.refs,
    media: media.bytes,
  });

  progress(t('export.progress.write', { path: toDisplayPath(options.cwd, target) }));
  removeStaleTempFiles(target);
  let bytes: number;
  try {
    bytes = writeBundleFile(target, data, {
      format,
      builtAt: (options.now ?? (() => new Date()))().toISOString(),
      hooks: options.hooks,
    });
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(t('io.cannotWrite', { path: target, reason: (err as Error).message }), { cause: err, file: target });
  }
  return { path: target, format, bytes, manifest: data.manifest, warnings, stale };
}
