import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { glob } from 'tinyglobby';
import { UserError } from '../errors.js';
import type { Translate } from '../i18n/index.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { ModelsFileSchema, SynonymsFileSchema, parseStopwords, type Lexicon } from '../model/lexicon.js';
import { EventsFileSchema, PackManifestSchema, type EventsContent, type PackManifest } from '../model/pack.js';
import { zodIssuesToDiagnostics } from '../model/schema.js';
import type { Entry } from '../model/types.js';
import { readSource } from '../read/index.js';
import { parseYamlWithLines } from '../util/yaml-lines.js';
import { bundledPacksRoot, toDisplayPath } from './paths.js';

export interface LoadedPack {
  dir: string;
  manifest: PackManifest;
  /** `name@version`, the provenance of everything in the pack. */
  ref: string;
  entries: Entry[];
  lexicon: Lexicon;
  events: EventsContent;
  /** Eval files (chat logs), absolute paths, sorted. */
  evalFiles: string[];
  /** Every file the pack is made of, pack-relative, sorted. */
  files: string[];
  diagnostics: Diagnostic[];
}

async function expand(dir: string, patterns: readonly string[]): Promise<string[]> {
  const found = await glob([...patterns], { cwd: dir, absolute: true, onlyFiles: true });
  return found.sort();
}

/**
 * Parses a YAML file against a schema; problems become diagnostics (with the line of the offending node)
 * rather than exceptions, so `kbt packs validate` reports every one.
 */
function readYamlFile<T>(
  dir: string,
  abs: string,
  parse: (value: unknown) => { success: true; data: T } | { success: false; error: import('zod').ZodError },
  diagnostics: Diagnostic[],
): T | undefined {
  const file = toDisplayPath(dir, abs);
  const located = parseYamlWithLines(readFileSync(abs, 'utf8'));
  if (located.error) {
    diagnostics.push({ severity: 'error', rule: 'yaml-syntax', message: 'pack.yamlSyntax', params: { detail: located.error.message }, file, line: located.error.line });
    return undefined;
  }
  const result = parse(located.value);
  if (!result.success) {
    for (const d of zodIssuesToDiagnostics(result.error, { file })) {
      const path = (d.field ?? '').split('.').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      diagnostics.push({ ...d, line: located.lineOf(path) });
    }
    return undefined;
  }
  return result.data;
}

/** Loads a pack folder: manifest, entries, tutorials, lexicon, events. IO lives here; checks are pure. */
export async function loadPack(dir: string, t: Translate): Promise<LoadedPack> {
  const manifestPath = join(dir, 'pack.yaml');
  if (!existsSync(manifestPath)) {
    throw new UserError(t('pack.noManifest', { path: dir }), { file: manifestPath, hint: t('pack.noManifestHint') });
  }
  const diagnostics: Diagnostic[] = [];
  const manifest = readYamlFile(dir, manifestPath, (v) => PackManifestSchema.safeParse(v), diagnostics);
  if (!manifest) {
    const first = diagnostics[0];
    throw new UserError(t('pack.badManifest', { detail: first ? t(first.message, first.params) : '' }), {
      file: manifestPath,
      line: first?.line,
      field: first?.field,
      hint: t('pack.badManifestHint'),
    });
  }
  const ref = `${manifest.name}@${manifest.version}`;
  const entries: Entry[] = [];
  const files: string[] = ['pack.yaml'];

  const sourceFiles = [...(await expand(dir, manifest.files.entries)), ...(await expand(dir, manifest.files.tutorials))];
  for (const abs of sourceFiles) {
    const file = toDisplayPath(dir, abs);
    files.push(file);
    const read = await readSource({ bytes: readFileSync(abs), file, layer: 'pack', pack: ref });
    entries.push(...read.entries);
    diagnostics.push(...read.diagnostics);
  }

  const lexicon: Lexicon = { synonyms: [], models: [], patterns: [], stopwords: [], words: [] };
  const lex = manifest.files.lexicon;
  if (lex.synonyms) {
    const abs = join(dir, lex.synonyms);
    files.push(lex.synonyms);
    const data = existsSync(abs) ? readYamlFile(dir, abs, (v) => SynonymsFileSchema.safeParse(v), diagnostics) : missing(lex.synonyms, diagnostics);
    if (data) lexicon.synonyms.push(...data.groups);
  }
  if (lex.models) {
    const abs = join(dir, lex.models);
    files.push(lex.models);
    const data = existsSync(abs) ? readYamlFile(dir, abs, (v) => ModelsFileSchema.safeParse(v), diagnostics) : missing(lex.models, diagnostics);
    if (data) {
      lexicon.models.push(...data.models);
      lexicon.patterns.push(...data.patterns);
    }
  }
  if (lex.stopwords) {
    const abs = join(dir, lex.stopwords);
    files.push(lex.stopwords);
    if (existsSync(abs)) lexicon.stopwords.push(...parseStopwords(readFileSync(abs, 'utf8')));
    else missing(lex.stopwords, diagnostics);
  }

  const events: EventsContent = { accessories: [], promotions: [], aftersales: [] };
  for (const abs of await expand(dir, manifest.files.events)) {
    files.push(toDisplayPath(dir, abs));
    const data = readYamlFile(dir, abs, (v) => EventsFileSchema.safeParse(v), diagnostics);
    if (data) {
      events.accessories.push(...data.accessories);
      events.promotions.push(...data.promotions);
      events.aftersales.push(...data.aftersales);
    }
  }
  const evalFiles = await expand(dir, manifest.files.eval);
  files.push(...evalFiles.map((f) => toDisplayPath(dir, f)));

  return { dir, manifest, ref, entries, lexicon, events, evalFiles, files: [...new Set(files)].sort(), diagnostics };
}

function missing(file: string, diagnostics: Diagnostic[]): undefined {
  diagnostics.push({ severity: 'error', rule: 'pack-file-missing', message: 'pack.fileMissing', params: { path: file }, file: 'pack.yaml' });
  return undefined;
}

/** Names of the packs that ship with kbt, sorted. */
export function listBundledPacks(): string[] {
  const root = bundledPacksRoot();
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'pack.yaml')))
    .map((d) => d.name)
    .sort();
}
