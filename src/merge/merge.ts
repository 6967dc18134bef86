/**
 * The layered merge: packs first, the merchant on top. Pure: every input is a parameter.
 *
 * - Overrides: a merchant entry replaces a pack entry with the same id, or the one it names in `overrides`.
 * - Exclusions: `exclude.ids` and `exclude.categories` (a category excludes its sub-categories) drop pack
 *   entries.
 * - Placeholders: `{shop.name}` in answers is filled from the merchant profile, else the pack's default;
 *   a placeholder with neither is an error naming it and the entries that use it.
 * - Shadows: a merchant phrasing close enough to a pack phrasing that the two would compete for the same
 *   customer question.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { PLACEHOLDER_PATTERN } from '../model/pack.js';
import type { Answer, Entry, Provenance } from '../model/types.js';
import { phrasingKey } from '../validate/phrasing-key.js';

export interface PackLayer {
  /** `name@version`. */
  ref: string;
  entries: readonly Entry[];
  /** Declared placeholders with their defaults. */
  placeholders: Readonly<Record<string, { default: string }>>;
}

export interface MergeInput {
  packs: readonly PackLayer[];
  merchant: readonly Entry[];
  exclude?: { ids?: readonly string[]; categories?: readonly string[] };
  /** Merchant profile values for placeholders. */
  profile?: Readonly<Record<string, string>>;
  /** Where the profile came from, for the report. */
  profileSource?: string;
}

/**
 * Shadow detection: phrasings whose character-bigram Dice similarity reaches this compete for the same
 * question. Default 0.75, range (0, 1]. Dice rather than Jaccard because customer phrasings are short:
 * "显卡驱动怎么装" and "显卡驱动怎么安装" share 5 of 6 and 7 bigrams (Dice 0.77, Jaccard only 0.63).
 */
export const DEFAULT_SHADOW_THRESHOLD = 0.75;

export interface Override {
  packId: string;
  merchantId: string;
  how: 'same-id' | 'explicit';
  pack: Provenance;
  merchant: Provenance;
}

export interface Exclusion {
  id: string;
  reason: 'id' | 'category';
  rule: string;
  source: Provenance;
}

export interface PlaceholderFill {
  name: string;
  value: string;
  from: 'profile' | 'default';
  entries: string[];
}

export interface Shadow {
  merchantId: string;
  merchantPhrasing: string;
  merchant: Provenance & { phrasingLine?: number };
  packId: string;
  packPhrasing: string;
  pack: Provenance;
  /** 1 for the same phrasing after normalization; otherwise the character-bigram Dice similarity. */
  similarity: number;
}

export interface MergeReport {
  overrides: Override[];
  exclusions: Exclusion[];
  fills: PlaceholderFill[];
  shadows: Shadow[];
  counts: { pack: number; merchant: number; merged: number };
}

export interface MergeResult {
  entries: Entry[];
  report: MergeReport;
  diagnostics: Diagnostic[];
}

export function bigrams(key: string): Set<string> {
  const chars = [...key];
  const out = new Set<string>();
  if (chars.length === 1) out.add(chars[0]!);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Dice coefficient 2|A∩B| / (|A| + |B|) of two sets; 1 for two empty sets. */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) inter++;
  return (2 * inter) / (a.size + b.size);
}

function inCategory(category: string | undefined, rule: string): boolean {
  if (!category) return false;
  return category === rule || category.startsWith(`${rule}/`);
}

/** Placeholders an answer uses, sorted. */
export function placeholdersIn(answer: Answer): string[] {
  const texts = typeof answer === 'string' ? [answer] : answer.flatMap((p) => Object.values(p).filter((v): v is string => typeof v === 'string'));
  const found = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(PLACEHOLDER_PATTERN)) found.add(m[1]!);
  return [...found].sort();
}

function fillText(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(PLACEHOLDER_PATTERN, (m, name: string) => values.get(name) ?? m);
}

export function fillAnswer(answer: Answer, values: ReadonlyMap<string, string>): Answer {
  if (typeof answer === 'string') return fillText(answer, values);
  return answer.map((part) => {
    const copy: Record<string, unknown> = { ...part };
    for (const [k, v] of Object.entries(copy)) if (typeof v === 'string' && k !== 'type') copy[k] = fillText(v, values);
    return copy as typeof part;
  });
}

function phrasingSites(e: Entry): { text: string; line?: number }[] {
  return [
    { text: e.question, line: e.source.line },
    ...e.similar.map((text, i) => ({ text, line: e.similarLines?.[i] ?? e.source.line })),
    ...(e.triggers ?? []).map((text) => ({ text, line: e.source.line })),
  ];
}

/** Finds merchant phrasings that compete with pack phrasings. */
export function findShadows(merchant: readonly Entry[], pack: readonly Entry[], threshold = DEFAULT_SHADOW_THRESHOLD): Shadow[] {
  interface Site {
    entry: Entry;
    text: string;
    key: string;
    grams: Set<string>;
  }
  const packSites: Site[] = [];
  const byGram = new Map<string, number[]>();
  for (const e of pack) {
    for (const s of phrasingSites(e)) {
      const key = phrasingKey(s.text);
      if (!key) continue;
      const grams = bigrams(key);
      const index = packSites.push({ entry: e, text: s.text, key, grams }) - 1;
      for (const g of grams) {
        const list = byGram.get(g);
        if (list) list.push(index);
        else byGram.set(g, [index]);
      }
    }
  }
  const shadows: Shadow[] = [];
  for (const m of merchant) {
    for (const s of phrasingSites(m)) {
      const key = phrasingKey(s.text);
      if (!key) continue;
      const grams = bigrams(key);
      const seen = new Set<number>();
      let best: { site: Site; similarity: number } | undefined;
      for (const g of grams) {
        for (const i of byGram.get(g) ?? []) {
          if (seen.has(i)) continue;
          seen.add(i);
          const site = packSites[i]!;
          const similarity = site.key === key ? 1 : dice(grams, site.grams);
          if (similarity >= threshold && (!best || similarity > best.similarity || (similarity === best.similarity && site.entry.id < best.site.entry.id))) {
            best = { site, similarity };
          }
        }
      }
      if (best) {
        shadows.push({
          merchantId: m.id,
          merchantPhrasing: s.text,
          merchant: { ...m.source, phrasingLine: s.line },
          packId: best.site.entry.id,
          packPhrasing: best.site.text,
          pack: best.site.entry.source,
          similarity: Math.round(best.similarity * 1000) / 1000,
        });
      }
    }
  }
  return shadows.sort((a, b) => a.merchantId.localeCompare(b.merchantId) || a.merchantPhrasing.localeCompare(b.merchantPhrasing));
}

export function mergeLayers(input: MergeInput, options: { shadowThreshold?: number } = {}): MergeResult {
  const diagnostics: Diagnostic[] = [];
  const overrides: Override[] = [];
  const exclusions: Exclusion[] = [];

  // Pack entries by id; a later pack may not silently redefine an earlier pack's id.
  const packEntries = new Map<string, Entry>();
  const declared = new Map<string, string>();
  for (const pack of input.packs) {
    for (const [name, p] of Object.entries(pack.placeholders)) if (!declared.has(name)) declared.set(name, p.default);
    for (const e of pack.entries) {
      const prev = packEntries.get(e.id);
      if (prev) {
        diagnostics.push({
          severity: 'error',
          rule: 'duplicate-id',
          message: 'rule.duplicateId',
          params: { id: e.id, other: `${prev.source.pack ?? ''} ${prev.source.file}:${prev.source.line ?? '?'}` },
          file: e.source.file,
          line: e.source.line,
          entryId: e.id,
        });
        continue;
      }
      packEntries.set(e.id, e);
    }
  }

  const excludedIds = new Set(input.exclude?.ids ?? []);
  const excludedCategories = input.exclude?.categories ?? [];
  const usedRules = new Set<string>();
  for (const [id, e] of packEntries) {
    if (excludedIds.has(id)) {
      exclusions.push({ id, reason: 'id', rule: id, source: e.source });
      usedRules.add(`id:${id}`);
      packEntries.delete(id);
      continue;
    }
    const rule = excludedCategories.find((c) => inCategory(e.category, c));
    if (rule) {
      exclusions.push({ id, reason: 'category', rule, source: e.source });
      usedRules.add(`category:${rule}`);
      packEntries.delete(id);
    }
  }
  for (const id of excludedIds) {
    if (!usedRules.has(`id:${id}`)) {
      diagnostics.push({ severity: 'warning', rule: 'exclude-unmatched', message: 'merge.excludeUnmatched', params: { rule: id }, file: 'kbt.yaml', field: 'exclude.ids' });
    }
  }
  for (const c of excludedCategories) {
    if (!usedRules.has(`category:${c}`)) {
      diagnostics.push({ severity: 'warning', rule: 'exclude-unmatched', message: 'merge.excludeUnmatched', params: { rule: c }, file: 'kbt.yaml', field: 'exclude.categories' });
    }
  }

  const merchantIds = new Set(input.merchant.map((e) => e.id));
  for (const m of input.merchant) {
    const sameId = packEntries.get(m.id);
    if (sameId) {
      overrides.push({ packId: m.id, merchantId: m.id, how: 'same-id', pack: sameId.source, merchant: m.source });
      packEntries.delete(m.id);
    }
    if (m.overrides) {
      const target = packEntries.get(m.overrides);
      if (target) {
        overrides.push({ packId: m.overrides, merchantId: m.id, how: 'explicit', pack: target.source, merchant: m.source });
        packEntries.delete(m.overrides);
      } else if (!overrides.some((o) => o.packId === m.overrides) && !merchantIds.has(m.overrides)) {
        diagnostics.push({
          severity: 'warning',
          rule: 'override-unmatched',
          message: 'merge.overrideUnmatched',
          params: { target: m.overrides },
          file: m.source.file,
          line: m.source.line,
          field: 'overrides',
          entryId: m.id,
        });
      }
    }
  }

  const remainingPack = [...packEntries.values()];
  const shadows = findShadows(input.merchant, remainingPack, options.shadowThreshold);

  // Placeholders: profile first, then the pack default.
  const profile = input.profile ?? {};
  const used = new Map<string, string[]>();
  const all = [...remainingPack, ...input.merchant];
  for (const e of all) for (const name of placeholdersIn(e.answer)) used.set(name, [...(used.get(name) ?? []), e.id]);
  const values = new Map<string, string>();
  const fills: PlaceholderFill[] = [];
  for (const [name, ids] of [...used.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const fromProfile = profile[name];
    const fallback = declared.get(name);
    if (fromProfile !== undefined) {
      values.set(name, String(fromProfile));
      fills.push({ name, value: String(fromProfile), from: 'profile', entries: ids.sort() });
    } else if (fallback !== undefined) {
      values.set(name, fallback);
      fills.push({ name, value: fallback, from: 'default', entries: ids.sort() });
    } else {
      const first = all.find((e) => e.id === ids[0]);
      diagnostics.push({
        severity: 'error',
        rule: 'placeholder-missing',
        message: 'merge.placeholderMissing',
        params: { name, entries: ids.sort().join(', '), profile: input.profileSource ?? 'kbt.yaml profile' },
        file: first?.source.file,
        line: first?.source.line,
        field: 'answer',
        entryId: ids[0],
      });
    }
  }

  const entries = all.map((e) => (placeholdersIn(e.answer).length > 0 ? { ...e, answer: fillAnswer(e.answer, values) } : e));
  return {
    entries,
    report: {
      overrides: overrides.sort((a, b) => a.packId.localeCompare(b.packId)),
      exclusions: exclusions.sort((a, b) => a.id.localeCompare(b.id)),
      fills,
      shadows,
      counts: { pack: input.packs.reduce((n, p) => n + p.entries.length, 0), merchant: input.merchant.length, merged: entries.length },
    },
    diagnostics,
  };
}
