import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { createTranslator, type Translate } from '../i18n/index.js';
import { sortDiagnostics, type Diagnostic } from '../model/diagnostic.js';
import { NONE_LABEL } from '../model/types.js';
import { placeholdersIn } from '../merge/merge.js';
import { lintEntries } from '../validate/rules.js';
import { checkMedia } from '../workspace/media.js';
import { listBundledPacks, loadPack, type LoadedPack } from '../workspace/packs.js';
import { bundledPacksRoot, resolvePackDir, toDisplayPath } from '../workspace/paths.js';

export interface PackSummary {
  name: string;
  version: string;
  language: string;
  license: string;
  description: string;
  entries: number;
  tutorials: number;
  phrasings: number;
  synonymGroups: number;
  models: number;
  modelPatterns: number;
  stopwords: number;
  placeholders: { name: string; default: string; description: string | null }[];
  events: { accessories: number; promotions: number; aftersales: number };
  evalTurns: number;
  categories: { category: string; entries: number }[];
  files: string[];
}

function countEvalTurns(pack: LoadedPack): number {
  let n = 0;
  for (const f of pack.evalFiles) n += readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).length;
  return n;
}

export function summarizePack(pack: LoadedPack): PackSummary {
  const categories = new Map<string, number>();
  for (const e of pack.entries) {
    const top = e.category ?? '-';
    categories.set(top, (categories.get(top) ?? 0) + 1);
  }
  return {
    name: pack.manifest.name,
    version: pack.manifest.version,
    language: pack.manifest.language,
    license: pack.manifest.license,
    description: pack.manifest.description,
    entries: pack.entries.filter((e) => e.kind === 'faq').length,
    tutorials: pack.entries.filter((e) => e.kind === 'tutorial').length,
    phrasings: pack.entries.reduce((n, e) => n + 1 + e.similar.length + (e.triggers?.length ?? 0), 0),
    synonymGroups: pack.lexicon.synonyms.length,
    models: pack.lexicon.models.length,
    modelPatterns: pack.lexicon.patterns.length,
    stopwords: pack.lexicon.stopwords.length,
    placeholders: Object.entries(pack.manifest.placeholders)
      .map(([name, p]) => ({ name, default: p.default, description: p.description ?? null }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    events: { accessories: pack.events.accessories.length, promotions: pack.events.promotions.length, aftersales: pack.events.aftersales.length },
    evalTurns: countEvalTurns(pack),
    categories: [...categories.entries()].map(([category, entries]) => ({ category, entries })).sort((a, b) => a.category.localeCompare(b.category)),
    files: pack.files,
  };
}

export async function listPacks(options: { t?: Translate } = {}): Promise<{ root: string; packs: PackSummary[] }> {
  const t = options.t ?? createTranslator('en');
  const root = bundledPacksRoot();
  const packs: PackSummary[] = [];
  for (const name of listBundledPacks()) packs.push(summarizePack(await loadPack(resolve(root, name), t)));
  return { root, packs };
}

export async function showPack(options: { cwd: string; name: string; t?: Translate }): Promise<PackSummary> {
  const t = options.t ?? createTranslator('en');
  const dir = resolvePackDir(options.cwd, options.name);
  if (!dir) throw new UserError(t('pack.notFound', { name: options.name }), { hint: t('pack.notFoundHint') });
  return summarizePack(await loadPack(dir, t));
}

/** Pure pack-level checks: placeholders declared (and used), eval labels known. */
export function checkPackRules(pack: LoadedPack, evalLabels: readonly { label: string; file: string; line: number }[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const declared = new Set(Object.keys(pack.manifest.placeholders));
  const used = new Set<string>();
  for (const e of pack.entries) {
    for (const name of placeholdersIn(e.answer)) {
      used.add(name);
      if (!declared.has(name)) {
        out.push({ severity: 'error', rule: 'placeholder-undeclared', message: 'pack.placeholderUndeclared', params: { name }, file: e.source.file, line: e.source.line, field: 'answer', entryId: e.id });
      }
    }
  }
  for (const name of declared) {
    if (!used.has(name)) out.push({ severity: 'warning', rule: 'placeholder-unused', message: 'pack.placeholderUnused', params: { name }, file: 'pack.yaml', field: 'placeholders' });
  }
  const ids = new Set(pack.entries.map((e) => e.id));
  for (const l of evalLabels) {
    if (l.label !== NONE_LABEL && !ids.has(l.label)) {
      out.push({ severity: 'error', rule: 'eval-unknown-label', message: 'pack.evalUnknownLabel', params: { label: l.label }, file: l.file, line: l.line, field: 'label' });
    }
  }
  return out;
}

function readEvalLabels(pack: LoadedPack): { labels: { label: string; file: string; line: number }[]; diagnostics: Diagnostic[] } {
  const labels: { label: string; file: string; line: number }[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const abs of pack.evalFiles) {
    const file = toDisplayPath(pack.dir, abs);
    readFileSync(abs, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (!text.trim()) return;
        try {
          const row = JSON.parse(text) as { label?: unknown };
          if (typeof row.label === 'string' && row.label) labels.push({ label: row.label, file, line: i + 1 });
        } catch {
          diagnostics.push({ severity: 'error', rule: 'malformed-row', message: 'pack.evalBadJson', file, line: i + 1 });
        }
      });
  }
  return { labels, diagnostics };
}

export interface PackValidateResult {
  pack: string;
  files: string[];
  entries: number;
  diagnostics: Diagnostic[];
}

/** Checks a pack folder the way the pack's own CI job would. */
export async function validatePack(options: { cwd: string; dir: string; t?: Translate }): Promise<PackValidateResult> {
  const t = options.t ?? createTranslator('en');
  const dir = resolve(options.cwd, options.dir);
  const pack = await loadPack(dir, t);
  const evalRead = readEvalLabels(pack);
  const diagnostics = [
    ...pack.diagnostics,
    ...lintEntries(pack.entries),
    ...checkMedia(dir, pack.entries),
    ...checkPackRules(pack, evalRead.labels),
    ...evalRead.diagnostics,
  ];
  return { pack: pack.ref, files: pack.files, entries: pack.entries.length, diagnostics: sortDiagnostics(diagnostics) };
}
