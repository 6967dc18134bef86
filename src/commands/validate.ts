import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTranslator, type Translate } from '../i18n/index.js';
import { sortDiagnostics, type Diagnostic } from '../model/diagnostic.js';
import type { Entry } from '../model/types.js';
import { mergeLayers } from '../merge/merge.js';
import { readSource, SUPPORTED_EXTENSIONS } from '../read/index.js';
import { lintEntries } from '../validate/rules.js';
import { loadPacks, loadProfile } from '../workspace/knowledge-base.js';
import { checkMedia } from '../workspace/media.js';
import { toDisplayPath } from '../workspace/paths.js';
import { expandSources, skippedWps } from '../workspace/sources.js';
import { openStore, openWorkspace, type OpenWorkspace } from '../workspace/workspace.js';

export interface ValidateOptions {
  cwd: string;
  workspace?: string;
  /** Files, folders or globs relative to cwd; none: the sources of kbt.yaml. */
  paths?: string[];
  encoding?: string;
  t?: Translate;
}

export interface ValidateResult {
  workspace: string;
  files: string[];
  entries: number;
  diagnostics: Diagnostic[];
}

function importedFiles(ws: OpenWorkspace): string[] {
  if (!existsSync(ws.dbPath)) return [];
  const store = openStore(ws, { readonly: true });
  try {
    return store
      .listSources()
      .map((s) => resolve(ws.root, s.path))
      .filter((p) => existsSync(p));
  } finally {
    store.close();
  }
}

/**
 * Checks the merchant sources as they are on disk now (the sources of kbt.yaml and every file imported
 * before), and how they merge with the packs.
 * Reports every finding; the exit code (0/1) is decided by the CLI from the diagnostics.
 */
export async function validate(options: ValidateOptions): Promise<ValidateResult> {
  const t = options.t ?? createTranslator('en');
  const ws = openWorkspace(options.cwd, options.workspace, t);
  const explicit = options.paths && options.paths.length > 0;
  const expanded = await expandSources(explicit ? options.cwd : ws.root, explicit ? options.paths! : ws.config.sources, SUPPORTED_EXTENSIONS, t);
  const { unmatched } = expanded;
  // Without paths, also check files imported by hand from elsewhere: they are part of the knowledge base too.
  const files = explicit ? expanded.files : [...new Set([...expanded.files, ...importedFiles(ws)])].sort();
  const diagnostics: Diagnostic[] = unmatched.map((p) => ({ severity: 'warning', rule: 'source-unmatched', message: 'sources.unmatched', params: { pattern: p }, file: 'kbt.yaml', field: 'sources' }));
  diagnostics.push(...expanded.skipped.map((abs) => skippedWps(toDisplayPath(ws.root, abs))));
  const entries: Entry[] = [];
  const shown: string[] = [];
  for (const abs of files) {
    const file = toDisplayPath(ws.root, abs);
    shown.push(file);
    const read = await readSource({ bytes: readFileSync(abs), file, layer: 'merchant', encoding: options.encoding });
    entries.push(...read.entries);
    diagnostics.push(...read.diagnostics);
  }
  diagnostics.push(...lintEntries(entries), ...checkMedia(ws.root, entries));

  const packs = await loadPacks(ws.root, ws.config.packs, t);
  diagnostics.push(...packs.flatMap((p) => p.diagnostics.map((d) => ({ ...d, file: d.file ? `${p.ref}:${d.file}` : p.ref }))));
  const profile = loadProfile(ws.root, ws.config, t);
  const merged = mergeLayers({
    packs: packs.map((p) => ({ ref: p.ref, entries: p.entries, placeholders: p.manifest.placeholders })),
    merchant: entries,
    exclude: ws.config.exclude,
    profile: profile.values,
    profileSource: profile.source,
  });
  // Duplicate ids inside the merchant layer are reported by lintEntries already.
  diagnostics.push(...merged.diagnostics.filter((d) => d.rule !== 'duplicate-id' || d.entryId === undefined || !entries.some((e) => e.id === d.entryId)));
  return { workspace: ws.root, files: shown, entries: entries.length, diagnostics: sortDiagnostics(diagnostics) };
}
