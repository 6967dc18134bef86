import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticsError, UserError } from '../errors.js';
import { createTranslator, type Translate } from '../i18n/index.js';
import type { Config } from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Lexicon } from '../model/lexicon.js';
import type { EventsContent } from '../model/pack.js';
import type { Entry } from '../model/types.js';
import { mergeLayers, type MergeReport } from '../merge/merge.js';
import { parseYamlWithLines } from '../util/yaml-lines.js';
import { loadPack, type LoadedPack } from './packs.js';
import { resolvePackDir } from './paths.js';
import { openStore, openWorkspace } from './workspace.js';

export interface KnowledgeBase {
  root: string;
  config: Config;
  /** Merged, enabled and disabled entries, placeholders filled; packs first, then merchant. */
  entries: Entry[];
  lexicon: Lexicon;
  events: EventsContent;
  packs: { name: string; version: string; dir: string }[];
  report: MergeReport;
  /** Warnings from packs and the merge (errors throw). */
  diagnostics: Diagnostic[];
}

/** Flattens `{ shop: { name: X } }` into `{ 'shop.name': 'X' }`; flat keys pass through. */
export function flattenProfile(value: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === null || typeof value !== 'object') return out;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flattenProfile(v, key));
    else if (v !== null && v !== undefined) out[key] = String(v);
  }
  return out;
}

export function loadProfile(root: string, config: Config, t: Translate): { values: Record<string, string>; source: string } {
  if (config.profile === undefined) return { values: {}, source: 'kbt.yaml' };
  if (typeof config.profile !== 'string') return { values: flattenProfile(config.profile), source: 'kbt.yaml' };
  const path = join(root, config.profile);
  if (!existsSync(path)) {
    throw new UserError(t('profile.missing', { path: config.profile }), { file: 'kbt.yaml', field: 'profile', hint: t('profile.missingHint') });
  }
  const parsed = parseYamlWithLines(readFileSync(path, 'utf8'));
  if (parsed.error) {
    throw new UserError(t('config.syntax', { detail: parsed.error.message }), { file: config.profile, line: parsed.error.line });
  }
  return { values: flattenProfile(parsed.value), source: config.profile };
}

export async function loadPacks(root: string, refs: readonly string[], t: Translate): Promise<LoadedPack[]> {
  const packs: LoadedPack[] = [];
  for (const ref of refs) {
    const dir = resolvePackDir(root, ref);
    if (!dir) throw new UserError(t('pack.notFound', { name: ref }), { file: 'kbt.yaml', field: 'packs', hint: t('pack.notFoundHint') });
    packs.push(await loadPack(dir, t));
  }
  return packs;
}

/** Joins lexicons in load order (packs first). */
export function joinLexicons(parts: readonly Lexicon[]): Lexicon {
  return {
    synonyms: parts.flatMap((p) => p.synonyms),
    models: parts.flatMap((p) => p.models),
    patterns: parts.flatMap((p) => p.patterns),
    stopwords: [...new Set(parts.flatMap((p) => p.stopwords))],
    words: [...new Set(parts.flatMap((p) => p.words))],
  };
}

/**
 * The workspace's merged knowledge base: packs from kbt.yaml, merchant entries from the store, the
 * profile's placeholder values. Errors in packs or the merge stop here with every finding listed.
 */
export async function loadKnowledgeBase(options: { cwd: string; workspace?: string; t?: Translate }): Promise<KnowledgeBase> {
  const t = options.t ?? createTranslator('en');
  const ws = openWorkspace(options.cwd, options.workspace, t);
  const packs = await loadPacks(ws.root, ws.config.packs, t);
  const packErrors = packs.flatMap((p) => p.diagnostics.filter((d) => d.severity === 'error'));
  if (packErrors.length > 0) throw new DiagnosticsError(t('pack.invalid', { count: packErrors.length }), packErrors);

  const store = openStore(ws);
  let merchant: Entry[];
  try {
    merchant = store.listEntries();
  } finally {
    store.close();
  }
  const profile = loadProfile(ws.root, ws.config, t);
  const merged = mergeLayers({
    packs: packs.map((p) => ({ ref: p.ref, entries: p.entries, placeholders: p.manifest.placeholders })),
    merchant,
    exclude: ws.config.exclude,
    profile: profile.values,
    profileSource: profile.source,
  });
  const errors = merged.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new DiagnosticsError(t('merge.failed', { count: errors.length }), errors, { hint: t('merge.failedHint') });
  return {
    root: ws.root,
    config: ws.config,
    entries: merged.entries,
    lexicon: joinLexicons(packs.map((p) => p.lexicon)),
    events: {
      accessories: packs.flatMap((p) => p.events.accessories),
      promotions: packs.flatMap((p) => p.events.promotions),
      aftersales: packs.flatMap((p) => p.events.aftersales),
    },
    packs: packs.map((p) => ({ name: p.manifest.name, version: p.manifest.version, dir: p.dir })),
    report: merged.report,
    diagnostics: [...packs.flatMap((p) => p.diagnostics), ...merged.diagnostics.filter((d) => d.severity === 'warning')],
  };
}
