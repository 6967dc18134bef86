/**
 * The product-model dictionary: every alias and canonical name of a model, and regular expressions for
 * model numbers not listed one by one, matched over normalized text. A model found in text is written as
 * its token: the normalized canonical name without spaces (`拯救者 Y9000P` → `拯救者y9000p`).
 */
import type { Lexicon, ProductCategory } from '../model/lexicon.js';
import { normalizeSpacing, normalizeText } from './normalize.js';

export interface ModelDictionary {
  /** Alias (normalized) → model token. */
  readonly aliases: ReadonlyMap<string, string>;
  /** Aliases by first character, longest first, for left-to-right longest-match scanning. */
  readonly byFirst: ReadonlyMap<string, readonly string[]>;
  readonly patterns: readonly { regex: RegExp; category: ProductCategory }[];
  /** Model token → category, for listed models. */
  readonly categories: ReadonlyMap<string, ProductCategory>;
}

export interface ModelSpan {
  start: number;
  end: number;
  token: string;
}

/** The token a model name is written as after canonicalization. */
export function modelToken(name: string): string {
  return normalizeText(name).replace(/\s+/g, '');
}

function addAlias(aliases: Map<string, string>, alias: string, token: string): void {
  const a = normalizeText(alias);
  if (!a) return;
  // First definition wins so load order (pack before merchant) is stable and explicit.
  if (!aliases.has(a)) aliases.set(a, token);
  const compact = a.replace(/\s+/g, '');
  if (!aliases.has(compact)) aliases.set(compact, token);
}

/** Builds the dictionary from a lexicon. Invalid pattern regexes are skipped (the validator reports them). */
export function buildModelDictionary(lexicon: Pick<Lexicon, 'models' | 'patterns'>): ModelDictionary {
  const aliases = new Map<string, string>();
  const categories = new Map<string, ProductCategory>();
  for (const m of lexicon.models) {
    const token = modelToken(m.canonical);
    if (!token) continue;
    if (!categories.has(token)) categories.set(token, m.category);
    addAlias(aliases, token, token);
    addAlias(aliases, m.canonical, token);
    for (const a of m.aliases) addAlias(aliases, a, token);
  }
  const byFirst = new Map<string, string[]>();
  for (const a of [...aliases.keys()].sort()) {
    const list = byFirst.get(a[0]!) ?? [];
    list.push(a);
    byFirst.set(a[0]!, list);
  }
  for (const list of byFirst.values()) list.sort((x, y) => y.length - x.length || (x < y ? -1 : 1));
  const patterns: { regex: RegExp; category: ProductCategory }[] = [];
  for (const p of lexicon.patterns) {
    try {
      patterns.push({ regex: new RegExp(p.regex, 'g'), category: p.category });
    } catch {
      // A broken pattern must not stop matching; `kbt validate` reports it with its file and line.
    }
  }
  return { aliases, byFirst, patterns, categories };
}

const ASCII_ALNUM = /[a-z0-9]/;

function boundaryOk(text: string, start: number, end: number): boolean {
  const first = text[start]!;
  const last = text[end - 1]!;
  if (ASCII_ALNUM.test(first) && start > 0 && ASCII_ALNUM.test(text[start - 1]!)) return false;
  if (ASCII_ALNUM.test(last) && end < text.length && ASCII_ALNUM.test(text[end]!)) return false;
  return true;
}

/** Model mentions in normalized text, left to right, listed aliases before patterns, never overlapping. */
export function findModels(text: string, dict: ModelDictionary): ModelSpan[] {
  const spans: ModelSpan[] = [];
  if (dict.byFirst.size > 0) {
    let i = 0;
    while (i < text.length) {
      const list = dict.byFirst.get(text[i]!);
      let hit: string | undefined;
      if (list) {
        for (const a of list) {
          if (text.startsWith(a, i) && boundaryOk(text, i, i + a.length)) {
            hit = a;
            break;
          }
        }
      }
      if (hit) {
        spans.push({ start: i, end: i + hit.length, token: dict.aliases.get(hit)! });
        i += hit.length;
      } else i++;
    }
  }
  for (const p of dict.patterns) {
    p.regex.lastIndex = 0;
    for (const m of text.matchAll(p.regex)) {
      const start = m.index;
      const end = start + m[0].length;
      if (end === start || !boundaryOk(text, start, end)) continue;
      if (spans.some((s) => s.start < end && start < s.end)) continue;
      spans.push({ start, end, token: m[0].replace(/\s+/g, '') });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** Rewrites every model mention as its token (`y9000 p` and `拯救者y9000p` both become `拯救者y9000p`); idempotent. */
export function canonicalizeModels(text: string, dict: ModelDictionary): string {
  const spans = findModels(text, dict);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + s.token;
    at = s.end;
  }
  // A token may start with CJK (拯救者…) where the alias did not, so spacing is settled again.
  return normalizeSpacing(out + text.slice(at));
}
