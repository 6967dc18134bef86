/**
 * Term text → term id for one channel of a loaded index. Most terms are one or two UTF-16 units (a CJK
 * character, a character bigram), and such a term is its own exact 32-bit key: those are found in an
 * open-addressing table of integers, one probe into one small typed array, where a `Map` of strings reads
 * its bucket, its entry and the stored string (three cache misses on a large index). Pinyin bigrams of two
 * syllables (`bao_xiu`) are a pair of exact integer keys in a second table; other terms (ASCII words, model
 * tokens) use the map.
 */
import { createPairTable as createTable } from '../util/pair-table.js';

export interface TermIds {
  /** Id of `term`, or −1 when the index does not have it. */
  get(term: string): number;
}

/** The exact integer key of a one- or two-unit string, or −1 for any other string. */
export function shortKey(s: string): number {
  if (s.length === 1) return s.charCodeAt(0);
  if (s.length !== 2) return -1;
  const hi = s.charCodeAt(0);
  // A first unit of 0 would make the key of a one-unit string: such strings take the map.
  return hi === 0 ? -1 : hi * 65536 + s.charCodeAt(1);
}

/** Letters a–z as a base-27 number (a = 1), for 1–6 letters (< 27^6 < 2^29); −1 for anything else. */
export function lettersKey(s: string, from: number, to: number): number {
  if (to - from < 1 || to - from > 6) return -1;
  let key = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 96;
    if (c < 1 || c > 26) return -1;
    key = key * 27 + c;
  }
  return key;
}

/**
 * The exact pair of integer keys of a pinyin bigram `x_y` (1–6 letters a–z each side): the first is
 * returned, the second left in `pair.second`; −1 for any other string.
 */
export function pairKey(s: string, pair: { second: number }): number {
  const at = s.indexOf('_');
  if (at < 1 || at > 6 || s.length - at - 1 > 6) return -1;
  const first = lettersKey(s, 0, at);
  if (first < 0) return -1;
  const second = lettersKey(s, at + 1, s.length);
  if (second < 0) return -1;
  pair.second = second;
  return first;
}

/**
 * The integer keys of every term, two 32-bit numbers per term: `[shortKey | 0, -2]` for a one- or two-unit
 * term, `[first, second]` for a two-syllable pinyin bigram (both positive), `[0, -1]` for any other term
 * (looked up by text). Bundles store them with the index, so a load only inserts them.
 */
export function termKeys(terms: readonly string[]): Int32Array {
  const keys = new Int32Array(2 * terms.length);
  const pair = { second: 0 };
  for (let i = 0; i < terms.length; i++) {
    const key = shortKey(terms[i]!);
    if (key >= 0) {
      keys[2 * i] = key | 0;
      keys[2 * i + 1] = -2;
      continue;
    }
    const first = pairKey(terms[i]!, pair);
    if (first >= 0) {
      keys[2 * i] = first;
      keys[2 * i + 1] = pair.second;
    } else keys[2 * i + 1] = -1;
  }
  return keys;
}

/** Term ids over `terms`; `keys` as `termKeys(terms)` returns them (computed when not given). */
export function createTermIds(terms: readonly string[], keys: ArrayLike<number> = termKeys(terms)): TermIds {
  if (keys.length !== 2 * terms.length) throw new RangeError(`term keys: ${keys.length} numbers for ${terms.length} terms`);
  const map = new Map<string, number>();
  const pair = { second: 0 };
  let short = 0;
  let pairs = 0;
  for (let i = 0; i < terms.length; i++) {
    const tag = keys[2 * i + 1]!;
    if (tag === -1) map.set(terms[i]!, i);
    else if (tag === -2) short++;
    else pairs++;
  }
  const single = createTable(short);
  const double = createTable(pairs);
  for (let i = 0; i < terms.length; i++) {
    const tag = keys[2 * i + 1]!;
    if (tag === -2) single.put(keys[2 * i]!, 0, i);
    else if (tag >= 0) double.put(keys[2 * i]!, tag, i);
  }
  let recent = new Map<string, number>();
  let older = new Map<string, number>();
  function longId(term: string): number {
    let id = recent.get(term);
    if (id !== undefined) return id;
    id = older.get(term) ?? map.get(term) ?? -1;
    if (recent.size >= RECENT_LONG_TERMS) {
      older = recent;
      recent = new Map();
    }
    recent.set(term, id);
    return id;
  }
  return {
    get(term: string): number {
      const key = shortKey(term);
      if (key >= 0) return single.get(key, 0);
      const first = pairKey(term, pair);
      if (first >= 0) return double.get(first, pair.second);
      return longId(term);
    },
  };
}

/** Long terms kept per generation of the recent-term cache. */
const RECENT_LONG_TERMS = 1024;

/**
 * Ids of two-unit terms whose text the integer keys above do not cover (a character bigram or pinyin
 * bigram with a model token or an ASCII word in it, `拯救者y9000p保`, `拯救者y9000p_bao`), by the integer
 * keys of their two units: the question's units are looked up anyway (the chars channel), so such a term
 * costs one probe, not a string built, hashed and compared in a large map.
 */
export interface UnitPairs {
  /** Id of the term made of units keyed `a` and `b` (both ≥ 0), or −1 when the index has none. */
  get(a: number, b: number): number;
}

/**
 * Unit pairs over `terms` (a channel's): `splits(term, put)` calls `put(a, b)` for every way `term` is two
 * keyed units. Only terms that are neither one nor two units (`shortKey`) nor a two-syllable pinyin pair
 * (`pairKey`) are taken; the caller asks only for such terms (unit keys must map texts one to one).
 */
export function createUnitPairs(terms: readonly string[], splits: (term: string, put: (a: number, b: number) => void) => void): UnitPairs {
  const found: number[] = [];
  const pair = { second: 0 };
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    if (shortKey(t) >= 0 || pairKey(t, pair) >= 0) continue;
    splits(t, (a, b) => found.push(a, b, i));
  }
  const table = createTable(found.length / 3);
  for (let k = 0; k < found.length; k += 3) table.put(found[k]!, found[k + 1]!, found[k + 2]!);
  return { get: (a, b) => table.get(a, b) };
}
