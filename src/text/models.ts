/**
 * The product-model dictionary: every alias and canonical name of a model, and regular expressions for
 * model numbers not listed one by one, matched over normalized text. A model found in text is written as
 * its token: the normalized canonical name without spaces (`拯救者 Y9000P` → `拯救者y9000p`).
 */
import type { Lexicon, ProductCategory } from '../model/lexicon.js';
import { normalizeSpacing, normalizeText } from './normalize.js';
import { createPairTable, type PairTable } from '../util/pair-table.js';

export interface ModelDictionary {
  /** Alias (normalized) → model token. */
  readonly aliases: ReadonlyMap<string, string>;
  /** The aliases as a trie over UTF-16 code units, for left-to-right longest-match scanning. */
  readonly trie: AliasTrie;
  readonly patterns: readonly { regex: RegExp; category: ProductCategory }[];
  /**
   * One regex that matches somewhere exactly when some pattern does (their union), to skip the pattern pass
   * on text no pattern can match; absent when the patterns cannot be joined safely (back-references).
   */
  readonly anyPattern?: RegExp;
  /** Model token → category, for listed models. */
  readonly categories: ReadonlyMap<string, ProductCategory>;
}

/**
 * Node 0 is the root; the child of node n by code unit c is `next.get(n, c)` (−1: none). One flat integer
 * table instead of a map per node keeps ten thousand models' aliases compact and the walk allocation-free;
 * a step is one probe into a typed array, not a `Map` lookup of a boxed number (most of a question's
 * analysis time went to those on the bench's thousand models).
 */
export interface AliasTrie {
  readonly next: Pick<PairTable, 'get'>;
  /** Model token of the alias ending at each node (undefined inside an alias). */
  readonly token: readonly (string | undefined)[];
  /** 1 for code units some alias starts with: most characters of a question start none. */
  readonly first: Uint8Array;
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
  const patterns: { regex: RegExp; category: ProductCategory }[] = [];
  for (const p of lexicon.patterns) {
    try {
      patterns.push({ regex: new RegExp(p.regex, 'g'), category: p.category });
    } catch {
      // A broken pattern must not stop matching; `kbt validate` reports it with its file and line.
    }
  }
  const dict: ModelDictionary = { aliases, trie: buildTrie(aliases), patterns, categories };
  const any = unionOf(patterns.map((p) => p.regex.source));
  return any ? { ...dict, anyPattern: any } : dict;
}

function buildTrie(aliases: ReadonlyMap<string, string>): AliasTrie {
  const next = new Map<number, number>();
  const token: (string | undefined)[] = [undefined];
  const first = new Uint8Array(0x10000);
  for (const [alias, tok] of aliases) {
    let node = 0;
    for (let i = 0; i < alias.length; i++) {
      const key = node * 0x10000 + alias.charCodeAt(i);
      let child = next.get(key);
      if (child === undefined) {
        child = token.length;
        token.push(undefined);
        next.set(key, child);
      }
      node = child;
    }
    token[node] = tok;
    first[alias.charCodeAt(0)] = 1;
  }
  const table = createPairTable(next.size);
  for (const [key, child] of next) table.put(Math.floor(key / 0x10000), key % 0x10000, child);
  return { next: table, token, first };
}

/**
 * The union `(?:p1)|(?:p2)|…` matches at a position exactly when one of the patterns does there. Numbered
 * back-references would point at another pattern's group once joined, so any `\1`-like escape (even a
 * harmless one) disables the union, as does a join that does not compile (a group name used twice).
 */
function unionOf(sources: readonly string[]): RegExp | undefined {
  if (sources.length === 0 || sources.some((s) => /\\[1-9]/.test(s))) return undefined;
  try {
    return new RegExp(sources.map((s) => `(?:${s})`).join('|'));
  } catch {
    return undefined;
  }
}

/** `[a-z0-9]` by code unit (normalized text is lower case; other text is taken as it is). */
function isAsciiAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

function boundaryOk(text: string, start: number, end: number): boolean {
  if (start > 0 && isAsciiAlnum(text.charCodeAt(start)) && isAsciiAlnum(text.charCodeAt(start - 1))) return false;
  if (end < text.length && isAsciiAlnum(text.charCodeAt(end - 1)) && isAsciiAlnum(text.charCodeAt(end))) return false;
  return true;
}

/** Model mentions in normalized text, left to right, listed aliases before patterns, never overlapping. */
export function findModels(text: string, dict: ModelDictionary): ModelSpan[] {
  const spans: ModelSpan[] = [];
  const { next, token, first } = dict.trie;
  const n = text.length;
  let i = 0;
  while (i < n) {
    let end = -1;
    let hit: string | undefined;
    if (first[text.charCodeAt(i)] === 1) {
      // Walk the trie; the longest alias that also sits on word boundaries wins.
      let node = 0;
      for (let j = i; j < n; j++) {
        const child = next.get(node, text.charCodeAt(j));
        if (child < 0) break;
        node = child;
        const tok = token[node];
        if (tok !== undefined && boundaryOk(text, i, j + 1)) {
          end = j + 1;
          hit = tok;
        }
      }
    }
    if (hit !== undefined) {
      spans.push({ start: i, end, token: hit });
      i = end;
    } else i++;
  }
  if (dict.patterns.length > 0 && (dict.anyPattern === undefined || dict.anyPattern.test(text))) {
    const aliasSpans = spans.length;
    for (const p of dict.patterns) {
      const re = p.regex;
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const start = m.index;
        const end = start + m[0].length;
        // An empty match would match again at the same place (as matchAll does, step one code unit).
        if (end === start) {
          re.lastIndex = end + 1;
          continue;
        }
        if (!boundaryOk(text, start, end)) continue;
        if (spans.some((s) => s.start < end && start < s.end)) continue;
        spans.push({ start, end, token: m[0].replace(/\s+/g, '') });
      }
    }
    if (spans.length > aliasSpans) spans.sort((a, b) => a.start - b.start);
  }
  return spans;
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
