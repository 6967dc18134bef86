/**
 * The query side: a matcher over loaded index data. Everything per phrasing is precomputed; a turn costs one
 * analysis, one pass over the postings of its terms into a reused accumulator, and a top-K selection.
 */
import { createAnalyzer, type Analysis } from '../text/analyze.js';
import { CHANNELS, channelTerms, type Channel, type MatcherIndexData } from './index-data.js';
import { decide, isHowTo, isHumanRequest } from './decide.js';
import type { MatcherOptions } from './options.js';
import { CANDIDATE_FEATURES, QUERY_FEATURES, createOrderComparer, foldForOrder, isCurrentModel, rankProbabilities } from './ranker.js';
import { adjustForProduct, aggregatePhrasings, calibrate, idf, round4, saturate } from './score.js';
import { contentCount, refersToProduct, resolveContext } from './session.js';
import { charPinyin } from '../text/pinyin.js';
import { createTermIds, createUnitPairs, lettersKey, type TermIds, type UnitPairs } from './term-ids.js';
import type { Candidate, MatchCallOptions, Matcher, MatchResult, SessionTurn } from './types.js';

interface RuntimeChannel {
  termId: TermIds;
  idf: Float64Array;
  start: Int32Array;
  phrasing: Int32Array;
  weight: Float64Array;
  entryStart: Int32Array;
  entry: Int32Array;
  entryWeight: Float64Array;
  unknownIdf: number;
}

/** A query term: channel, term id (−1 when unknown to the index) and weight. */
interface QueryTerm {
  id: number;
  weight: number;
}

/** The first stage's best entries for one question, with the re-ranker's features (training reads these). */
export interface CandidatePool {
  /** Entry indexes, best first stage score first. */
  entries: number[];
  /** Candidate features, parallel to `entries` (see CANDIDATE_FEATURES). */
  features: Float64Array[];
  /** Question features (see QUERY_FEATURES). */
  query: Float64Array;
}

export interface LoadedMatcher extends Matcher {
  readonly data: MatcherIndexData;
  readonly options: MatcherOptions;
  /** The first stage's candidates and features for an analyzed question (no session), `depth` deep. */
  pool(a: Analysis, depth: number): CandidatePool;
  /** Analyzes text as the index does. */
  analyze(text: string): Analysis;
}

const NO_ANALYSES: readonly Analysis[] = Object.freeze([]);

/** Sets a reused array's length: a runtime call, so skipped when it is already right (the usual case). */
function setLength(a: unknown[], n: number): void {
  if (a.length !== n) a.length = n;
}

/** Candidates the re-ranker looks at when the index has no model of its own depth. */
export const RERANK_DEPTH = 10;

function binarySearch(arr: Int32Array, from: number, to: number, x: number): boolean {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = arr[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * The index's arrays as typed arrays: a loaded bundle's already are (views over the file's bytes, used as
 * they are: the matcher never writes to them), a freshly built index holds plain arrays.
 */
function asInt32(a: ArrayLike<number>): Int32Array {
  return a instanceof Int32Array ? a : Int32Array.from(a);
}

function asFloat64(a: ArrayLike<number>): Float64Array {
  return a instanceof Float64Array ? a : Float64Array.from(a);
}

/**
 * Postings by item (phrasing or entry) instead of by term; see `invertPostings`. Each item is one run of
 * memory: its term ids, channel by channel, then (from the next 8-byte boundary) their weights in the same
 * order, so reading an item streams one block instead of one from each of two arrays.
 */
interface ForwardIndex {
  /**
   * Channel c of item i is `term[start[(C + 1)i + c] .. start[(C + 1)i + c + 1])` (C channels), term ids
   * ascending; the weight of posting k of item i is `weight[k + weightOffset(start, i, C)]`.
   */
  start: Int32Array;
  /** Term ids; `term` and `weight` are views of one buffer. */
  term: Int32Array;
  /** The inverted index's weights, in double precision: sums over them equal sums over the posting lists. */
  weight: Float64Array;
}

/** Where item i's weights are in `weight`, less its first posting's index in `term` (see ForwardIndex). */
export function weightOffset(start: Int32Array, i: number, C: number): number {
  return ((start[(C + 1) * i + C]! + 1) >> 1) - start[(C + 1) * i]!;
}

/**
 * Turns per-channel inverted lists (term → items ascending, with weights) into a forward index over `count`
 * items. `order` (a permutation of the items; default ascending) is the order their postings are laid out
 * in memory: items a turn reads together should be neighbours, so their postings stream in as one run.
 */
export function invertPostings(count: number, lists: readonly { start: Int32Array; item: Int32Array; weight: Float64Array }[], order?: ArrayLike<number>): ForwardIndex {
  const C = lists.length;
  const S = C + 1;
  const cursor = new Int32Array(count * C);
  lists.forEach((l, ci) => {
    for (let k = 0; k < l.item.length; k++) cursor[l.item[k]! * C + ci]!++;
  });
  // Positions in 32-bit units: an item's term ids, then its weights from the next even position.
  const start = new Int32Array(count * S);
  let at = 0;
  for (let r = 0; r < count; r++) {
    const item = order ? order[r]! : r;
    const first = at;
    for (let ci = 0; ci < C; ci++) {
      const n = cursor[item * C + ci]!;
      start[item * S + ci] = at;
      cursor[item * C + ci] = at;
      at += n;
    }
    start[item * S + C] = at;
    at = 2 * (((at + 1) >> 1) + at - first);
  }
  const buffer = new ArrayBuffer(4 * at);
  const term = new Int32Array(buffer);
  const weight = new Float64Array(buffer);
  lists.forEach((l, ci) => {
    for (let t = 0; t + 1 < l.start.length; t++) {
      for (let k = l.start[t]!; k < l.start[t + 1]!; k++) {
        const item = l.item[k]!;
        const at = cursor[item * C + ci]!++;
        term[at] = t;
        weight[at + weightOffset(start, item, C)] = l.weight[k]!;
      }
    }
  });
  return { start, term, weight };
}

/** How the first stage reaches the found phrasings' common terms and the found entries' centroids. */
export interface MatcherPaths {
  /**
   * `auto` (default) reads whichever is cheaper per turn, the posting lists or the found items' forward
   * postings; `lists` and `forward` force one (tests compare them: the sums are the same to the last bit).
   */
  passes?: 'auto' | 'lists' | 'forward';
  /**
   * `units` (default) finds bigrams and pinyin bigrams with a long unit by their units' ids (see
   * UnitPairs) once the matcher has answered 1,000 turns, `now` from the first turn, `text` looks every
   * term up by its text (tests compare them: the ids are the same).
   */
  terms?: 'units' | 'now' | 'text';
}

export function createMatcher(data: MatcherIndexData, options: MatcherOptions, paths: MatcherPaths = {}): LoadedMatcher {
  const passes = paths.passes ?? 'auto';
  const byUnits = paths.terms !== 'text';
  const analyzer = createAnalyzer(data.analyzer);
  const entryCount = data.entries.length;
  const phrasingCount = data.phrasings.text.length;
  const entryOf = asInt32(data.phrasings.entry);
  const runtime = {} as Record<Channel, RuntimeChannel>;
  for (const ch of CHANNELS) {
    const c = data.channels[ch];
    runtime[ch] = {
      termId: createTermIds(c.terms, c.keys),
      idf: asFloat64(c.idf),
      start: asInt32(c.start),
      phrasing: asInt32(c.phrasing),
      weight: asFloat64(c.weight),
      entryStart: asInt32(c.entryStart),
      entry: asInt32(c.entry),
      entryWeight: asFloat64(c.entryWeight),
      unknownIdf: idf(entryCount, 0),
    };
  }
  // Phrasings are stored entry by entry: entry e's are firstPhrasing[e] .. firstPhrasing[e] + entryPhrasings[e].
  const entryPhrasings = new Int32Array(entryCount);
  const firstPhrasing = new Int32Array(entryCount).fill(-1);
  for (let p = 0; p < phrasingCount; p++) {
    const e = entryOf[p]!;
    if (firstPhrasing[e]! < 0) firstPhrasing[e] = p;
    entryPhrasings[e]!++;
  }
  // ln(1 + phrasings) per entry, a candidate feature: the same value Math.log gives each turn.
  const logPhrasings = Float64Array.from(entryPhrasings, (n) => Math.log(1 + n));
  const comparer = createOrderComparer();
  /** Phrasings of one entry the order features look at (the rest add little and cost time). */
  const ORDER_PHRASINGS = 16;
  /**
   * Folded phrasings of each entry (its first ORDER_PHRASINGS), made when the entry is first a candidate
   * and packed, `[length, ...characters]` per phrasing, so comparing a candidate reads one short run of
   * memory instead of a string object per phrasing. Every entry's run is in one pool, at
   * `foldedPool[foldedAt[e] + 1 ..]`, `foldedPool[foldedAt[e]]` units long (−1: not folded yet): reaching
   * a candidate's run is one load of its offset, where an array per entry was three dependent cache
   * misses (the list of arrays, the array object, its separate storage).
   */
  const foldedAt = new Int32Array(entryCount).fill(-1);
  let foldedPool = new Uint16Array(1024);
  let foldedUsed = 0;
  // Phrasing → its stored order text, made on first use (the index lists only the phrasings whose
  // normalized text folds otherwise than their raw text).
  let storedOrder: Map<number, string> | undefined;
  function orderTextOf(q: number): string {
    const raw = data.phrasings.text[q]!;
    const order = data.phrasings.order;
    if (order === undefined) return foldForOrder(analyzer.normalize(raw));
    if (storedOrder === undefined) {
      // `at` may be a typed array (a loaded bundle's packed numbers): filled by index, not mapped.
      storedOrder = new Map();
      for (let i = 0; i < order.at.length; i++) storedOrder.set(order.at[i]!, order.text[i]!);
    }
    return storedOrder.get(q) ?? foldForOrder(raw);
  }
  /** Folds entry e's phrasings into the pool (which may move: read `foldedPool` after); returns its offset. */
  function foldEntry(e: number): number {
    const from = firstPhrasing[e]!;
    const n = from < 0 ? 0 : Math.min(entryPhrasings[e]!, ORDER_PHRASINGS);
    const texts: string[] = [];
    let size = 0;
    for (let q = from; q < from + n; q++) {
      // Folded from the normalized text, as the question is: Traditional, full-width, model names and
      // sizes written as the question's would be (記憶體 → 内存, y9000p → 拯救者y9000p, 16G → 16gb).
      const t = orderTextOf(q);
      texts.push(t);
      size += 1 + t.length;
    }
    // Up to 16 phrasings of at most 64 units: the size fits its 16-bit slot.
    if (foldedUsed + 1 + size > foldedPool.length) {
      const grown = new Uint16Array(Math.max(2 * foldedPool.length, foldedUsed + 1 + size));
      grown.set(foldedPool.subarray(0, foldedUsed));
      foldedPool = grown;
    }
    const start = foldedUsed;
    foldedPool[start] = size;
    let at = start + 1;
    for (const t of texts) {
      foldedPool[at++] = t.length;
      for (let i = 0; i < t.length; i++) foldedPool[at++] = t.charCodeAt(i);
    }
    foldedUsed = at;
    foldedAt[e] = start;
    return start;
  }
  const ranker = isCurrentModel(data.ranker) ? data.ranker : undefined;
  /**
   * Forward index (phrasing → its postings), built on the first turn: the first stage adds the question's
   * common terms to the phrasings already found by reading those phrasings' few postings (see scoreTurn),
   * and a candidate's overlap with the question is one pass over its best phrasing's terms, not a binary
   * search per question term.
   */
  let forward: ForwardIndex | undefined;
  const phrasingForward = (): ForwardIndex =>
    (forward ??= invertPostings(
      phrasingCount,
      CHANNELS.map((ch) => ({ start: runtime[ch].start, item: runtime[ch].phrasing, weight: runtime[ch].weight })),
      forwardLayout().phrasings,
    ));
  /** The same for the entries' centroids (entry → its centroid's terms), for the centroid pass. */
  let entryForward: ForwardIndex | undefined;
  const centroidForward = (): ForwardIndex =>
    (entryForward ??= invertPostings(
      entryCount,
      CHANNELS.map((ch) => ({ start: runtime[ch].entryStart, item: runtime[ch].entry, weight: runtime[ch].entryWeight })),
      forwardLayout().entries,
    ));
  /**
   * Memory order of the forward indexes: entries grouped by their first product (then by index; entries
   * with no product last), each entry's phrasings together. A question that names a product finds that
   * product's entries and phrasings: stored side by side, their postings stream in as one run instead of
   * one cache miss per scattered entry (the index itself is sorted by id, which scatters them).
   */
  let layout: { entries: Int32Array; phrasings: Int32Array } | undefined;
  function forwardLayout(): { entries: Int32Array; phrasings: Int32Array } {
    if (layout) return layout;
    const group = (e: number) => (productStart[e]! < productStart[e + 1]! ? entryProduct[productStart[e]!]! : productIndex.size);
    const entries = Int32Array.from({ length: entryCount }, (_, e) => e).sort((a, b) => group(a) - group(b) || a - b);
    const phrasings = new Int32Array(phrasingCount);
    let n = 0;
    for (const e of entries) for (let q = 0; q < entryPhrasings[e]!; q++) phrasings[n++] = firstPhrasing[e]! + q;
    return (layout = { entries, phrasings });
  }
  // The question's unit-length weight per term id and channel, valid where mark[id] === querySerial.
  const queryWeight = CHANNELS.map((ch) => new Float64Array(runtime[ch].idf.length));
  const queryMark = CHANNELS.map((ch) => new Int32Array(runtime[ch].idf.length));
  let querySerial = 0;
  // 1,024-bit filters of the question's term ids per channel: most of a phrasing's terms are not the
  // question's, and this small table (cache-resident) rules them out without touching the large ones.
  const queryFilter = new Int32Array(32 * CHANNELS.length);
  // Feature rows reused between turns (pool() hands out copies).
  let prefetchSink = 0;
  const featureRows: Float64Array[] = [];
  // A human request with no handoff entry among the candidates gets the knowledge base's own 转人工 entry.
  const humanEntry = (() => {
    let best = -1;
    data.entries.forEach((e, i) => {
      if (!e.handoff || !isHumanRequest(analyzer.analyze(e.question).normalized)) return;
      if (best < 0 || e.priority > data.entries[best]!.priority) best = i;
    });
    return best;
  })();
  // Products as small integers in flat arrays (entry e's are entryProduct[productStart[e] .. productStart[e + 1]]):
  // a turn looks its product up once, then each entry compares integers in two small dense tables.
  const productIndex = new Map<string, number>();
  const productStart = new Int32Array(entryCount + 1);
  const entryProduct = new Int32Array(data.entries.reduce((n, e) => n + e.products.length, 0));
  data.entries.forEach((e, i) => {
    let at = productStart[i]!;
    for (const p of e.products) {
      let id = productIndex.get(p);
      if (id === undefined) productIndex.set(p, (id = productIndex.size));
      entryProduct[at++] = id;
    }
    productStart[i + 1] = at;
  });
  /** The product's id for productMatch: −2 for no product, −1 for one no entry lists. */
  const productId = (product: string | undefined): number => (product ? (productIndex.get(product) ?? -1) : -2);
  const entryIds = data.entries.map((e) => e.id);

  // Reused between turns: the hot path allocates nothing proportional to the index.
  const acc = new Float64Array(phrasingCount);
  const touched = new Int32Array(phrasingCount);
  const phrasingSeen = new Uint8Array(phrasingCount);
  const entryBest = new Float64Array(entryCount);
  const entrySecond = new Float64Array(entryCount);
  const entryBestPhrasing = new Int32Array(entryCount);
  const entryTouched = new Int32Array(entryCount);
  const entrySeen = new Uint8Array(entryCount);
  const entryCentroid = new Float64Array(entryCount);
  const useCentroid = options.centroidWeight > 0;
  // The turn's known terms in accumulation order (channel, index in its query vector, list length), and
  // the sort keys that put them in that order; grown as needed, reused between turns.
  let ordCi = new Int32Array(64);
  let ordTi = new Int32Array(64);
  let ordLen = new Int32Array(64);
  let ordKey = new Float64Array(64);

  const { k1, stopWeight } = data.build;

  const WORDS = CHANNELS.indexOf('words');
  const BIGRAMS = CHANNELS.indexOf('bigrams');
  const PINYIN = CHANNELS.indexOf('pinyin');

  /** Id of term t in channel ci, or −1. */
  function termIdOf(ci: number, t: string): number {
    return runtime[CHANNELS[ci]!].termId.get(t);
  }

  const CHARS = CHANNELS.indexOf('chars');
  /** Pinyin unit keys at and above this are a chars-channel id (+ this); below, the letters' `lettersKey`. */
  const PART_ID = 1 << 29;
  /**
   * Bigrams and pinyin bigrams with a long unit (a model token: `拯救者y9000p保`, `拯救者y9000p_bao`) by
   * their units' keys (see UnitPairs), built on the first turn. A question's bigram i is its units i and
   * i + 1 (`chars`) joined, and, when no word was rewritten, its pinyin bigram i is their readings joined
   * by `_` (analyze.ts; a test holds both): so their ids come from the chars channel's, one probe each.
   * Building the tables reads every such term (≈ 50 ms on 100,000 phrasings) to save ≈ 1 µs a turn, so
   * they are built once a matcher has answered UNIT_KEYS_AFTER turns: a one-off question, or training's
   * pool() calls, would only pay for them.
   */
  interface UnitKeys {
    bigrams: UnitPairs;
    pinyin: UnitPairs;
    /** Per chars-channel id: its key as a bigram unit (the id; −1 when its text has `_`). */
    unit: Int32Array;
    /** Per chars-channel id: the key of its reading as a pinyin unit, −1 when it has none. */
    part: Int32Array;
  }
  let unitKeys: UnitKeys | undefined;
  const UNIT_KEYS_AFTER = 1000;
  let answered = 0;
  function buildUnitKeys(): UnitKeys {
    const charsTerms = data.channels.chars.terms;
    const charsIds = runtime.chars.termId;
    // Lengths of the long units by first character (bit min(length, 31)): most ways of cutting a bigram
    // in two are ruled out without building and looking up the pieces.
    const longUnits = new Int32Array(65536);
    for (const t of charsTerms) if (t.length > 1) longUnits[t.charCodeAt(0)] = longUnits[t.charCodeAt(0)]! | (1 << Math.min(t.length, 31));
    const mayBeUnit = (s: string, from: number, to: number) => to - from === 1 || ((longUnits[s.charCodeAt(from)]! >>> Math.min(to - from, 31)) & 1) === 1;
    const unitId = (x: string): number => (x.includes('_') ? -1 : charsIds.get(x));
    const partKey = (x: string): number => {
      if (x.length === 0 || x.includes('_')) return -1;
      const letters = lettersKey(x, 0, x.length);
      if (letters >= 0) return letters;
      if (!mayBeUnit(x, 0, x.length)) return -1;
      const c = charsIds.get(x);
      return c >= 0 ? PART_ID + c : -1;
    };
    const unit = new Int32Array(charsTerms.length);
    const part = new Int32Array(charsTerms.length);
    charsTerms.forEach((t, c) => {
      unit[c] = t.includes('_') ? -1 : c;
      part[c] = partKey(t.length === 1 ? charPinyin(t) : t);
    });
    const bigrams = createUnitPairs(data.channels.bigrams.terms, (s, put) => {
      for (let k = 1; k < s.length; k++) {
        if (!mayBeUnit(s, 0, k) || !mayBeUnit(s, k, s.length)) continue;
        const a = unitId(s.slice(0, k));
        if (a < 0) continue;
        const b = unitId(s.slice(k));
        if (b >= 0) put(a, b);
      }
    });
    const pinyin = createUnitPairs(data.channels.pinyin.terms, (s, put) => {
      for (let k = s.indexOf('_'); k >= 0; k = s.indexOf('_', k + 1)) {
        const a = partKey(s.slice(0, k));
        if (a < 0) continue;
        const b = partKey(s.slice(k + 1));
        if (b >= 0) put(a, b);
      }
    });
    return { bigrams, pinyin, unit, part };
  }
  if (paths.terms === 'now') unitKeys = buildUnitKeys();

  // The term ids of the last two analyses looked up (a turn and its topic), parallel to their channel
  // terms: a turn's words are looked up once for its query vector, its unknown share and its explanation
  // (a lookup in a large map of strings is far from free).
  const idCache: { a: Analysis | undefined; ids: number[][] }[] = [{ a: undefined, ids: [] }, { a: undefined, ids: [] }];
  /** Channels in the order their ids are looked up: chars before the bigrams and pinyin made of them. */
  const LOOKUP_ORDER = [CHARS, ...CHANNELS.keys()].filter((ci, i, all) => all.indexOf(ci) === i);
  function termIds(a: Analysis): number[][] {
    if (idCache[0]!.a === a) return idCache[0]!.ids;
    if (idCache[1]!.a === a) return idCache[1]!.ids;
    // The older entry's arrays are reused (nothing holds them beyond the call that asked).
    const entry = idCache[1]!;
    if (entry.ids.length === 0) entry.ids = CHANNELS.map(() => []);
    const units = a.chars;
    const unitIds = entry.ids[CHARS]!;
    for (let li = 0; li < LOOKUP_ORDER.length; li++) {
      const ci = LOOKUP_ORDER[li]!;
      const terms = channelTerms(a, CHANNELS[ci]!);
      const out = entry.ids[ci]!;
      setLength(out, terms.length);
      const ch = CHANNELS[ci];
      const paired = (ch === 'bigrams' || (ch === 'pinyin' && a.rewrites.length === 0)) && units.length > 1 && terms.length === units.length - 1;
      const uk = paired ? unitKeys : undefined;
      for (let i = 0; i < terms.length; i++) {
        const t = terms[i]!;
        if (uk && t.length > 2 && unitIds[i]! >= 0 && unitIds[i + 1]! >= 0) {
          if (ch === 'bigrams') {
            const x = uk.unit[unitIds[i]!]!;
            const y = uk.unit[unitIds[i + 1]!]!;
            if (x >= 0 && y >= 0 && t.length === units[i]!.length + units[i + 1]!.length) {
              out[i] = uk.bigrams.get(x, y);
              continue;
            }
          } else {
            // Two readings of letters only are a two-syllable pair, which the channel's own table keys.
            const x = uk.part[unitIds[i]!]!;
            const y = uk.part[unitIds[i + 1]!]!;
            if (x >= 0 && y >= 0 && (x >= PART_ID || y >= PART_ID)) {
              out[i] = uk.pinyin.get(x, y);
              continue;
            }
          }
        }
        out[i] = termIdOf(ci, t);
      }
    }
    entry.a = a;
    idCache[1] = idCache[0]!;
    idCache[0] = entry;
    return entry.ids;
  }

  // Scratch of queryTerms, reused between turns: per channel the query vector (its objects reused too) and
  // the distinct terms' counts and largest factors by slot. A known term finds its slot through a stamp per
  // term id (slotStamp − slotBase, as in the forward passes), an unknown one through a small map: one map
  // lookup per term (its id), no per-term allocation.
  const qVectors: QueryTerm[][] = CHANNELS.map(() => []);
  const slotStamp = CHANNELS.map((ch) => new Int32Array(runtime[ch].idf.length));
  let slotBase = 1;
  // Unknown terms' slots, as base + slot with the call's stamp base (like slotStamp): entries of earlier
  // calls fall below the base and are ignored, so the map is cleared only when it grows large (clearing
  // allocates a new table).
  const unknownSlot = new Map<string, number>();
  let qCount = new Int32Array(64);
  let qFactor = new Float64Array(64);
  // Query idf to the power `queryIdfPower`, per term id (the same value Math.pow gives each turn).
  const idfPower = CHANNELS.map((ch) => runtime[ch].idf.map((x) => Math.pow(x, options.queryIdfPower)));
  const unknownIdfPower = CHANNELS.map((ch) => Math.pow(runtime[ch].unknownIdf, options.queryIdfPower));

  /** Adds one analysis's terms of channel ci to the query vector `out` (n terms so far); returns the new n. */
  /** True when a term of `a` is one of its product models or a bigram with one (`拯救者y9000p能`). */
  function isModelTerm(a: Analysis, t: string): boolean {
    for (let i = 0; i < a.models.length; i++) if (t.startsWith(a.models[i]!) || t.endsWith(a.models[i]!)) return true;
    return false;
  }

  function addQueryTerms(ci: number, a: Analysis, factor: number, out: QueryTerm[], n: number, base: number, withoutModels = false): number {
    const ch = CHANNELS[ci]!;
    const rt = runtime[ch];
    const stamp = slotStamp[ci]!;
    const terms = channelTerms(a, ch);
    const ids = termIds(a)[ci]!;
    const modelTerms = ch === 'words' || ch === 'chars';
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i]!;
      if (withoutModels && a.models.length > 0 && isModelTerm(a, t)) continue;
      let f = factor * (ch === 'words' && a.wordStop[i] ? stopWeight : 1);
      const id = ids[i]!;
      if (modelTerms && a.models.length > 0 && a.models.includes(t)) {
        // A product the index has never seen is handled by the product boost, not as an unknown word.
        if (id < 0) continue;
        f *= options.modelWeight;
      }
      const at = id >= 0 ? stamp[id]! : (unknownSlot.get(t) ?? 0);
      const slot = (at - base) >>> 0 < n ? at - base : -1;
      if (slot >= 0) {
        qCount[slot]!++;
        qFactor[slot] = Math.max(qFactor[slot]!, f);
      } else {
        if (id >= 0) stamp[id] = base + n;
        else unknownSlot.set(t, base + n);
        const q = (out[n] ??= { id: -1, weight: 0 });
        q.id = id;
        qCount[n] = 1;
        qFactor[n] = f;
        n++;
      }
    }
    return n;
  }

  /**
   * Query vector of one channel: merged duplicates in first-seen order, BM25-style weights, context terms
   * damped. The returned array and its objects are reused by the next turn.
   */
  function queryTerms(ci: number, own: Analysis, topic: Analysis | undefined, carried: string | undefined): QueryTerm[] {
    const ch = CHANNELS[ci]!;
    const rt = runtime[ch];
    const most = channelTerms(own, ch).length + (topic ? channelTerms(topic, ch).length : 0) + 1;
    if (most > qCount.length) {
      qCount = new Int32Array(2 * most);
      qFactor = new Float64Array(2 * most);
    }
    if (slotBase + most > 0x3fffffff) {
      for (const st of slotStamp) st.fill(0);
      unknownSlot.clear();
      slotBase = 1;
    }
    const base = slotBase;
    slotBase += most;
    if (unknownSlot.size > 4096) unknownSlot.clear();
    const out = qVectors[ci]!;
    let n = addQueryTerms(ci, own, 1, out, 0, base);
    // A follow-up that names another product (那R9000P呢) asks the earlier question about that product:
    // the earlier turn lends its words, not its model.
    if (topic) n = addQueryTerms(ci, topic, options.contextWeight, out, n, base, own.models.length > 0);
    // A product carried over from earlier turns counts like a product named here, damped as context.
    if (carried && (ch === 'words' || ch === 'chars')) {
      const id = termIdOf(ci, carried);
      if (id >= 0 && (slotStamp[ci]![id]! - base) >>> 0 >= n) {
        const q = (out[n] ??= { id: -1, weight: 0 });
        q.id = id;
        qCount[n] = 1;
        qFactor[n] = options.contextWeight * options.modelWeight;
        n++;
      }
    }
    setLength(out, n);
    const powers = idfPower[ci]!;
    for (let i = 0; i < n; i++) {
      const q = out[i]!;
      q.weight = (q.id >= 0 ? powers[q.id]! : unknownIdfPower[ci]!) * saturate(qCount[i]!, k1) * qFactor[i]!;
    }
    return out;
  }

  /** Index of `x` in the ascending slice arr[from, to), or −1. */
  function indexOf(arr: Int32Array, from: number, to: number, x: number): number {
    let lo = from;
    let hi = to - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = arr[mid]!;
      if (v === x) return mid;
      if (v < x) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Forward postings per item and channel, on average: the cost model of the forward passes. */
  const perPhrasing = CHANNELS.map((ch) => runtime[ch].phrasing.length / (phrasingCount || 1));
  const perEntry = CHANNELS.map((ch) => runtime[ch].entry.length / (entryCount || 1));
  // Forward-pass scratch: stamps[ci][term] − stampBase is the term's position in the pass's addition order
  // (stale stamps fall outside [0, m)); factors by position, and one item's products by position.
  const stamps = CHANNELS.map((ch) => new Int32Array(runtime[ch].idf.length));
  let stampBase = 1;
  // 1,024-bit filters of the pass's term ids per channel (cache-resident): most of an item's postings are
  // not the pass's terms, and the filter rules them out without reading the large stamp tables.
  const passFilter = new Int32Array(32 * CHANNELS.length);
  let passFactor = new Float64Array(64);
  let contribution = new Float64Array(64);

  /** Starts a forward pass of m terms: returns the stamp base; the caller stamps and sets `passFactor`. */
  function beginPass(m: number): number {
    if (m > passFactor.length) {
      passFactor = new Float64Array(2 * m);
      contribution = new Float64Array(2 * m);
    }
    if (stampBase + m > 0x3fffffff) {
      for (const st of stamps) st.fill(0);
      stampBase = 1;
    }
    const base = stampBase;
    stampBase += m;
    passFilter.fill(0);
    return base;
  }

  /** Puts term `id` of channel ci at position j of the pass begun at `base`, with its factor. */
  function stampTerm(ci: number, id: number, base: number, j: number, factor: number): void {
    stamps[ci]![id] = base + j;
    passFactor[j] = factor;
    const f = 32 * ci + ((id >>> 5) & 31);
    passFilter[f] = passFilter[f]! | (1 << (id & 31));
  }

  /**
   * Adds the pass's m stamped terms to `out[item]` for items[0 .. n) by reading each item's forward
   * postings in the channels of `channelsUsed` (a bit per channel). Per item the products are collected by
   * term position and added in position order, the order the posting-list loops add them in, so the sums
   * are the same to the last bit (an absent term adds nothing, or 0 beyond 32 terms, which changes no sum).
   */
  function addForward(fw: ForwardIndex, items: Int32Array, n: number, m: number, base: number, channelsUsed: number, out: Float64Array): void {
    const C = CHANNELS.length;
    const S = C + 1;
    const { start, term, weight } = fw;
    const factor = passFactor;
    const contrib = contribution;
    const filter = passFilter;
    // Touch every cache line of the items' postings first: independent loads overlap, where the pass
    // below, with its branches, would wait for one miss after another.
    let touch = 0;
    for (let i = 0; i < n; i++) {
      const item = items[i]!;
      const from = start[item * S]!;
      const to = 2 * (weightOffset(start, item, C) + start[item * S + C]!);
      for (let k = from; k < to; k += 16) touch += term[k]!;
    }
    prefetchSink = touch;
    for (let i = 0; i < n; i++) {
      const item = items[i]!;
      // Up to 32 terms (nearly every question): a bit mask of the terms present, read lowest bit first.
      let present = 0;
      const wo = weightOffset(start, item, C);
      if (m > 32) contrib.fill(0, 0, m);
      for (let ci = 0; ci < C; ci++) {
        if (!((channelsUsed >> ci) & 1)) continue;
        const st = stamps[ci]!;
        const end = start[item * S + ci + 1]!;
        for (let k = start[item * S + ci]!; k < end; k++) {
          const t = term[k]!;
          if (((filter[32 * ci + ((t >>> 5) & 31)]! >>> (t & 31)) & 1) === 0) continue;
          const j = (st[t]! - base) >>> 0;
          if (j < m) {
            contrib[j] = factor[j]! * weight[wo + k]!;
            present |= 1 << j;
          }
        }
      }
      let s = out[item]!;
      if (m > 32) for (let j = 0; j < m; j++) s += contrib[j]!;
      else for (; present !== 0; present &= present - 1) s += contrib[31 - Math.clz32(present & -present)]!;
      out[item] = s;
    }
  }

  /** The last scored turn's query vectors per channel (features read them). */
  let lastQuery: QueryTerm[][] = [];

  function scoreTurn(own: Analysis, topic: Analysis | undefined, carried: string | undefined) {
    const perChannel = CHANNELS.map((_, ci) => queryTerms(ci, own, topic, carried));
    lastQuery = perChannel;
    let totalWeight = 0;
    perChannel.forEach((q, i) => {
      if (q.length > 0) totalWeight += options.channels[CHANNELS[i]!];
    });
    // Scaled query weight of every term, per channel (0 for unknown terms and silent channels).
    const scales = perChannel.map((q, ci) => {
      const w = options.channels[CHANNELS[ci]!];
      if (q.length === 0 || w === 0 || totalWeight === 0) return 0;
      let norm = 0;
      for (const t of q) norm += t.weight * t.weight;
      return w / totalWeight / Math.sqrt(norm);
    });
    const maxPostings = options.maxPostings;
    // Short posting lists first, then very common terms (的, 吗, 怎么) from the rarest up; a common term
    // only adds to phrasings already found, which is exact for every phrasing sharing a rarer term of the
    // question and skips the rest. With nothing found yet, the rarest common term seeds the candidates.
    let most = 0;
    for (let ci = 0; ci < CHANNELS.length; ci++) if (scales[ci] !== 0) most += perChannel[ci]!.length;
    if (2 * most > ordCi.length) {
      ordCi = new Int32Array(2 * most);
      ordTi = new Int32Array(2 * most);
      ordLen = new Int32Array(2 * most);
      ordKey = new Float64Array(2 * most);
    }
    // Key: 0 for a short list, else its length; then the position in channel and query order, which makes
    // the keys distinct, so a numeric sort gives the stable order (exact integers: far below 2^53).
    let n = 0;
    for (let ci = 0; ci < CHANNELS.length; ci++) {
      if (scales[ci] === 0) continue;
      const rt = runtime[CHANNELS[ci]!];
      const q = perChannel[ci]!;
      for (let ti = 0; ti < q.length; ti++) {
        const id = q[ti]!.id;
        if (id < 0) continue;
        const len = rt.start[id + 1]! - rt.start[id]!;
        ordCi[n] = ci;
        ordTi[n] = ti;
        ordLen[n] = len;
        ordKey[n] = (len > maxPostings ? len : 0) * most + n;
        n++;
      }
    }
    const nOrder = n;
    // A handful of terms: insertion sort (a typed array's sort copies it first).
    const keys = ordKey.subarray(0, nOrder);
    if (nOrder > 64) keys.sort();
    else {
      for (let i = 1; i < nOrder; i++) {
        const x = keys[i]!;
        let j = i;
        for (; j > 0 && keys[j - 1]! > x; j--) keys[j] = keys[j - 1]!;
        keys[j] = x;
      }
    }
    // Unpacked into the order of the keys (the scratch's upper halves hold the sorted rows meanwhile).
    for (let j = 0; j < nOrder; j++) {
      const i = keys[j]! % most;
      ordCi[nOrder + j] = ordCi[i]!;
      ordTi[nOrder + j] = ordTi[i]!;
      ordLen[nOrder + j] = ordLen[i]!;
    }
    ordCi.copyWithin(0, nOrder, 2 * nOrder);
    ordTi.copyWithin(0, nOrder, 2 * nOrder);
    ordLen.copyWithin(0, nOrder, 2 * nOrder);
    let nTouched = 0;
    let sorted = true;
    let at = 0;
    // Short lists, and the rarest common term when nothing is found yet: full scans.
    for (; at < nOrder; at++) {
      const ci = ordCi[at]!;
      const ti = ordTi[at]!;
      if (ordLen[at]! > maxPostings && nTouched > 0) break;
      const rt = runtime[CHANNELS[ci]!];
      const t = perChannel[ci]![ti]!;
      const f = t.weight * scales[ci]!;
      // A full scan appends in ascending order, so the found list stays sorted only if it was empty.
      sorted = nTouched === 0;
      for (let k = rt.start[t.id]!, end = rt.start[t.id + 1]!; k < end; k++) {
        const p = rt.phrasing[k]!;
        if (!phrasingSeen[p]) {
          phrasingSeen[p] = 1;
          touched[nTouched++] = p;
        }
        acc[p] = acc[p]! + f * rt.weight[k]!;
      }
    }
    if (at < nOrder) {
      // The remaining common terms only add to the phrasings found: through the found phrasings' own
      // postings when those are fewer than the lists' (the usual case, a few hundred phrasings against
      // lists of thousands), else through the lists.
      let listCost = 0;
      let forwardCost = 0;
      let channelsUsed = 0;
      for (let j = at; j < nOrder; j++) {
        const ci = ordCi[j]!;
        listCost += ordLen[j]!;
        if (!((channelsUsed >> ci) & 1)) forwardCost += nTouched * perPhrasing[ci]!;
        channelsUsed |= 1 << ci;
      }
      if (passes === 'forward' || (passes === 'auto' && forwardCost < listCost)) {
        const m = nOrder - at;
        const base = beginPass(m);
        for (let j = 0; j < m; j++) {
          const ci = ordCi[at + j]!;
          const t = perChannel[ci]![ordTi[at + j]!]!;
          stampTerm(ci, t.id, base, j, t.weight * scales[ci]!);
        }
        addForward(phrasingForward(), touched, nTouched, m, base, channelsUsed, acc);
        at = nOrder;
      }
    }
    for (; at < nOrder; at++) {
      const ci = ordCi[at]!;
      const ti = ordTi[at]!;
      const len = ordLen[at]!;
      const rt = runtime[CHANNELS[ci]!];
      const t = perChannel[ci]![ti]!;
      const from = rt.start[t.id]!;
      const end = rt.start[t.id + 1]!;
      const f = t.weight * scales[ci]!;
      if (len < nTouched * 4) {
        // Many phrasings found already: reading the whole list and keeping the found ones (their seen
        // flag) adds exactly what the intersection below would, without sorting or searching.
        for (let k = from; k < end; k++) {
          const p = rt.phrasing[k]!;
          if (phrasingSeen[p]) acc[p] = acc[p]! + f * rt.weight[k]!;
        }
        continue;
      }
      if (!sorted) {
        // The seen flags mark exactly the found phrasings: when they are many, reading the flags in order
        // is far cheaper than sorting (same list either way).
        if (nTouched * 32 > phrasingCount) {
          let w = 0;
          // Branch-free: write every id, advance only past the found ones.
          for (let p = 0; p < phrasingCount; p++) {
            touched[w] = p;
            w += phrasingSeen[p]!;
          }
        } else touched.subarray(0, nTouched).sort();
        sorted = true;
      }
      // Galloping intersection of the (sorted) found phrasings with the posting list.
      let k = from;
      for (let i = 0; i < nTouched && k < end; i++) {
        const p = touched[i]!;
        if (rt.phrasing[k]! < p) {
          let step = 1;
          let lo = k;
          let hi = k + 1;
          while (hi < end && rt.phrasing[hi]! < p) {
            lo = hi;
            step *= 2;
            hi = lo + step;
          }
          if (hi > end) hi = end;
          // phrasing[lo] < p; the first position ≥ p is in (lo, hi].
          while (lo + 1 < hi) {
            const mid = (lo + hi) >> 1;
            if (rt.phrasing[mid]! < p) lo = mid;
            else hi = mid;
          }
          k = hi;
        }
        if (k < end && rt.phrasing[k] === p) acc[p] = acc[p]! + f * rt.weight[k]!;
      }
    }
    // Phrasings → entries: best and second-best phrasing per entry.
    let nEntries = 0;
    for (let i = 0; i < nTouched; i++) {
      const p = touched[i]!;
      const s = acc[p]!;
      acc[p] = 0;
      phrasingSeen[p] = 0;
      const e = entryOf[p]!;
      if (!entrySeen[e]) {
        entrySeen[e] = 1;
        entryTouched[nEntries++] = e;
        entryBest[e] = s;
        entrySecond[e] = 0;
        entryBestPhrasing[e] = p;
      } else if (s > entryBest[e]! || (s === entryBest[e]! && p < entryBestPhrasing[e]!)) {
        entrySecond[e] = entryBest[e]!;
        entryBest[e] = s;
        entryBestPhrasing[e] = p;
      } else if (s > entrySecond[e]!) entrySecond[e] = s;
    }
    // Centroid similarity, for the entries found only: through the entries' own centroid postings when
    // those are fewer than the lists' searches, else by searching or scanning each term's entry list.
    if (useCentroid && nEntries > 0) {
      let m = 0;
      let listCost = 0;
      let forwardCost = 0;
      let channelsUsed = 0;
      for (let ci = 0; ci < CHANNELS.length; ci++) {
        if (scales[ci] === 0) continue;
        const rt = runtime[CHANNELS[ci]!];
        for (const t of perChannel[ci]!) {
          if (t.id < 0) continue;
          const len = rt.entryStart[t.id + 1]! - rt.entryStart[t.id]!;
          // A binary search's probes land on far-apart postings, a cache miss each, where the forward
          // postings (laid out by product) stream in: a probe counts as 4 postings read in a run.
          listCost += nEntries * 16 < len ? 4 * nEntries * Math.log2(len) : len;
          m++;
          if (!((channelsUsed >> ci) & 1)) forwardCost += nEntries * perEntry[ci]!;
          channelsUsed |= 1 << ci;
        }
      }
      if (passes === 'forward' || (passes === 'auto' && forwardCost < listCost)) {
        const base = beginPass(m);
        let j = 0;
        for (let ci = 0; ci < CHANNELS.length; ci++) {
          const scale = scales[ci]!;
          if (scale === 0) continue;
          for (const t of perChannel[ci]!) {
            if (t.id < 0) continue;
            stampTerm(ci, t.id, base, j++, t.weight * scale);
          }
        }
        addForward(centroidForward(), entryTouched, nEntries, m, base, channelsUsed, entryCentroid);
      } else {
        for (let ci = 0; ci < CHANNELS.length; ci++) {
          const scale = scales[ci]!;
          if (scale === 0) continue;
          const rt = runtime[CHANNELS[ci]!];
          for (const t of perChannel[ci]!) {
            if (t.id < 0) continue;
            const f = t.weight * scale;
            const from = rt.entryStart[t.id]!;
            const end = rt.entryStart[t.id + 1]!;
            if (nEntries * 16 < end - from) {
              for (let i = 0; i < nEntries; i++) {
                const e = entryTouched[i]!;
                const k = indexOf(rt.entry, from, end, e);
                if (k >= 0) entryCentroid[e] = entryCentroid[e]! + f * rt.entryWeight[k]!;
              }
            } else {
              for (let k = from; k < end; k++) {
                const e = rt.entry[k]!;
                if (entrySeen[e]) entryCentroid[e] = entryCentroid[e]! + f * rt.entryWeight[k]!;
              }
            }
          }
        }
      }
    }
    return nEntries;
  }

  function productMatch(e: number, pid: number): 'same' | 'other' | 'none' {
    if (pid === -2) return 'none';
    const from = productStart[e]!;
    const to = productStart[e + 1]!;
    if (from === to) return 'none';
    for (let i = from; i < to; i++) if (entryProduct[i] === pid) return 'same';
    return 'other';
  }

  /**
   * Whether phrasing p has term `id` of channel ci: a scan of the phrasing's few forward postings when the
   * forward index exists, else a binary search of the term's posting list.
   */
  function phrasingHas(ci: number, id: number, p: number): boolean {
    if (forward) {
      const at = p * (CHANNELS.length + 1) + ci;
      const end = forward.start[at + 1]!;
      for (let i = forward.start[at]!; i < end; i++) if (forward.term[i] === id) return true;
      return false;
    }
    const rt = runtime[CHANNELS[ci]!];
    return binarySearch(rt.phrasing, rt.start[id]!, rt.start[id + 1]!, p);
  }

  /** What explaining a question's candidates looks up once: its content words' and pinyin bigrams' ids. */
  interface ExplainPlan {
    /** Distinct content words known to the index, in order, with their ids. */
    words: string[];
    wordIds: number[];
    /**
     * Known pinyin bigrams, each (pinyin, surface) pair once: their index in the question's pinyin, ids, and
     * the id of the characters they were read from (−1: unknown). Their `surface≈pinyin` label is written
     * only for a phrasing that has the sound and not the characters, the rare case.
     */
    pinyinAt: number[];
    pinyinIds: number[];
    surfaceIds: number[];
  }

  const reusedPlan: ExplainPlan = { words: [], wordIds: [], pinyinAt: [], pinyinIds: [], surfaceIds: [] };
  function explainPlan(own: Analysis): ExplainPlan {
    // Reused between turns: a plan serves one match call. Its lists are written by index and cut to
    // length at the end (cut to length 0, an array lets its storage go).
    const plan = reusedPlan;
    const ids = termIds(own);
    let nWords = 0;
    for (let i = 0; i < own.words.length; i++) {
      const t = own.words[i]!;
      if (own.wordStop[i]) continue;
      const id = ids[WORDS]![i]!;
      if (id < 0) continue;
      let seen = false;
      for (let k = 0; k < nWords && !seen; k++) seen = plan.words[k] === t;
      if (seen) continue;
      plan.words[nWords] = t;
      plan.wordIds[nWords++] = id;
    }
    setLength(plan.words, nWords);
    setLength(plan.wordIds, nWords);
    let nPinyin = 0;
    next: for (let i = 0; i < own.pinyin.length; i++) {
      const id = ids[PINYIN]![i]!;
      if (id < 0) continue;
      const surface = own.pinyinSurface[i]!;
      // The same pinyin (the same id) read from the same characters: the first occurrence decides.
      for (let k = 0; k < nPinyin; k++) if (plan.pinyinIds[k] === id && own.pinyinSurface[plan.pinyinAt[k]!] === surface) continue next;
      plan.pinyinAt[nPinyin] = i;
      plan.pinyinIds[nPinyin] = id;
      // The characters read are mostly the bigram at the same place (no word rewritten): its id is known.
      plan.surfaceIds[nPinyin++] = own.bigrams[i] === surface ? ids[BIGRAMS]![i]! : termIdOf(BIGRAMS, surface);
    }
    setLength(plan.pinyinAt, nPinyin);
    setLength(plan.pinyinIds, nPinyin);
    setLength(plan.surfaceIds, nPinyin);
    return plan;
  }

  function explain(own: Analysis, plan: ExplainPlan, p: number): { matchedTerms: string[]; synonyms: string[] } {
    const matched: string[] = [];
    for (let i = 0; i < plan.words.length; i++) if (phrasingHas(WORDS, plan.wordIds[i]!, p)) matched.push(plan.words[i]!);
    for (let i = 0; i < plan.pinyinIds.length; i++) {
      if (!phrasingHas(PINYIN, plan.pinyinIds[i]!, p)) continue;
      const bid = plan.surfaceIds[i]!;
      const sameChars = bid >= 0 && phrasingHas(BIGRAMS, bid, p);
      if (sameChars) continue;
      const label = `${own.pinyinSurface[plan.pinyinAt[i]!]!}≈${own.pinyin[plan.pinyinAt[i]!]!}`;
      if (!matched.includes(label)) matched.push(label);
    }
    const synonyms = own.rewrites.length === 0 ? [] : own.rewrites.filter((r) => matched.includes(r.slice(r.indexOf('→') + 1)));
    return { matchedTerms: matched, synonyms };
  }

  interface Ranked {
    /** Entry indexes, best first. */
    entries: number[];
    /** First-stage scores, parallel to `entries`. */
    scores: number[];
    confidences: number[];
    pool: CandidatePool;
  }

  /** Loads the last scored question's weights into the per-term tables the features read. */
  function markQuery(): void {
    if (++querySerial > 0x3fffffff) {
      for (const m of queryMark) m.fill(0);
      querySerial = 1;
    }
    queryFilter.fill(0);
    for (let ci = 0; ci < CHANNELS.length; ci++) {
      const q = lastQuery[ci]!;
      let qn = 0;
      for (const t of q) qn += t.weight * t.weight;
      qn = Math.sqrt(qn) || 1;
      const mark = queryMark[ci]!;
      const weight = queryWeight[ci]!;
      for (const t of q) {
        if (t.id < 0) continue;
        const f = 32 * ci + ((t.id >>> 5) & 31);
        queryFilter[f] = queryFilter[f]! | (1 << (t.id & 31));
        mark[t.id] = querySerial;
        weight[t.id] = t.weight / qn;
      }
    }
  }

  /** Features of one candidate's best phrasing against the last scored (and marked) question, into `x`. */
  function candidateFeatures(x: Float64Array, e: number, rank: number, topS: number[], agg: number, centroid: number, howTo: boolean, pid: number, ownUnits: number, folded: string): void {
    x.fill(0);
    const { start: fwd, term: forwardTerm, weight: forwardWeight } = phrasingForward();
    const p = entryBestPhrasing[e]!;
    const wo = weightOffset(fwd, p, CHANNELS.length);
    const s = topS[rank]!;
    x[0] = s;
    x[1] = s - topS[0]!;
    x[2] = rank + 1 < topS.length ? s - topS[rank + 1]! : 0;
    for (let ci = 0; ci < CHANNELS.length; ci++) {
      const ch = CHANNELS[ci]!;
      const mark = queryMark[ci]!;
      const qweight = queryWeight[ci]!;
      let cos = 0;
      let qcov = 0;
      let pcov = 0;
      // The phrasing's own squared length in this channel, from the same pass (no second lookup).
      let sq = 0;
      const end = fwd[p * (CHANNELS.length + 1) + ci + 1]!;
      for (let i = fwd[p * (CHANNELS.length + 1) + ci]!; i < end; i++) {
        const t = forwardTerm[i]!;
        // The features were fitted on single-precision weights: the same values, to the last bit.
        const w = Math.fround(forwardWeight[wo + i]!);
        sq += w * w;
        if (((queryFilter[32 * ci + ((t >>> 5) & 31)]! >>> (t & 31)) & 1) === 0 || mark[t] !== querySerial) continue;
        const qw = qweight[t]!;
        cos += qw * w;
        qcov += qw * qw;
        pcov += w * w;
      }
      pcov = sq > 0 ? pcov / sq : 0;
      x[3 + ci] = cos;
      if (ch === 'words') {
        x[9] = qcov;
        x[11] = pcov;
      } else if (ch === 'chars') {
        x[10] = qcov;
        x[12] = pcov;
      } else if (ch === 'bigrams') x[13] = pcov;
    }
    x[7] = centroid;
    x[8] = agg;
    const charsChannel = CHANNELS.indexOf('chars');
    const phrasingUnits = fwd[p * (CHANNELS.length + 1) + charsChannel + 1]! - fwd[p * (CHANNELS.length + 1) + charsChannel]!;
    x[14] = Math.log((1 + ownUnits) / (1 + phrasingUnits));
    const pm = productMatch(e, pid);
    x[15] = pm === 'same' ? 1 : 0;
    x[16] = pm === 'other' ? 1 : 0;
    x[17] = logPhrasings[e]!;
    x[18] = rank === 0 ? 1 : 0;
    x[19] = howTo && data.entries[e]!.kind === 'tutorial' ? 1 : 0;
    x[20] = s * s;
    if (folded.length > 0) {
      let bestF1 = 0;
      let bestQ = 0;
      let bestSub = 0;
      const first = foldedAt[e]! >= 0 ? foldedAt[e]! : foldEntry(e);
      const codes = foldedPool;
      for (let at = first + 1, end = first + 1 + codes[first]!; at < end; ) {
        const len = codes[at]!;
        const from = at + 1;
        at = from + len;
        if (len === 0) continue;
        const r = comparer.compare(codes, from, at, bestSub);
        const f1 = (2 * r.lcs) / (folded.length + len);
        if (f1 > bestF1) {
          bestF1 = f1;
          bestQ = r.lcs / folded.length;
        }
        if (r.substring > bestSub) bestSub = r.substring;
      }
      x[21] = bestF1;
      x[22] = bestQ;
      x[23] = bestSub / folded.length;
    }
    x[24] = x[21]! * x[21]!;
    x[25] = x[21]! * s;
  }

  /** The question's content words known to the index (ids), and how many content words it has in all. */
  const coverageIds: number[] = [];
  function prepareCoverage(own: Analysis): number {
    const wordIds = termIds(own)[WORDS]!;
    let content = 0;
    setLength(coverageIds, 0);
    for (let w = 0; w < own.words.length; w++) {
      if (own.wordStop[w]) continue;
      content++;
      if (wordIds[w]! >= 0) coverageIds.push(wordIds[w]!);
    }
    return content;
  }

  /**
   * Share of the question's content words (`prepareCoverage`) that some phrasing of entry e has; a word
   * unknown to the index counts as not had. A question from elsewhere that shares one everyday word with an
   * entry (今天的天气怎么样 and 今天下单今天能发吗) is half covered, however well that word matches.
   */
  function entryCoverage(content: number, e: number): number {
    if (content === 0) return 1;
    const rt = runtime.words;
    let covered = 0;
    for (let i = 0; i < coverageIds.length; i++) {
      const id = coverageIds[i]!;
      if (binarySearch(rt.entry, rt.entryStart[id]!, rt.entryStart[id + 1]!, e)) covered++;
    }
    return covered / content;
  }

  /** Sets feature `flag` of the candidate with the highest feature `feature` (the first on ties). */
  function flagBest(features: Float64Array[], feature: number, flag: number): void {
    let best = -1;
    for (let i = 0; i < features.length; i++) if (best < 0 || features[i]![feature]! > features[best]![feature]!) best = i;
    if (best >= 0) features[best]![flag] = 1;
  }

  /**
   * What rank() returns is read before the next turn and rewritten by it: its arrays (and the pool's) are
   * these, so a turn allocates no lists of its own (pool() hands out copies).
   */
  const rankScratch = {
    entries: [] as number[],
    scores: [] as number[],
    aggregates: [] as number[],
    centroids: [] as number[],
    features: [] as Float64Array[],
    query: new Float64Array(QUERY_FEATURES.length),
    order: [] as number[],
    byProbability: { entries: [] as number[], scores: [] as number[], confidences: [] as number[] },
  };

  /** Scores a turn, keeps the first stage's best `depth` entries and (with a model) re-ranks them. */
  function rank(own: Analysis, ctx: ReturnType<typeof resolveContext>, product: string | undefined, howTo: boolean, unknownShare: number, depth: number, withFeatures: boolean): Ranked {
    const empty = own.tokens.length === 0;
    const nEntries = empty ? 0 : scoreTurn(own, ctx.topic, own.models.length === 0 ? ctx.product : undefined);
    const pid = productId(product);

    // Top `depth` by adjusted score; ties by priority, then id. The arrays are reused by the next turn,
    // written by index and cut to length at the end (an array cut to length 0 lets its storage go).
    const k = depth;
    const topE = rankScratch.entries;
    const topS = rankScratch.scores;
    const topA = rankScratch.aggregates;
    const topC = rankScratch.centroids;
    let nTop = 0;
    const lambda = options.centroidWeight;
    for (let i = 0; i < nEntries; i++) {
      const e = entryTouched[i]!;
      entrySeen[e] = 0;
      const agg = aggregatePhrasings(entryBest[e]!, entrySecond[e]!, options.siblingWeight);
      const cent = entryCentroid[e]!;
      const base = (1 - lambda) * agg + lambda * cent;
      entryCentroid[e] = 0;
      const s = adjustForProduct(base, productMatch(e, pid), options.productBoost, options.productPenalty);
      let j = nTop;
      while (j > 0) {
        const oe = topE[j - 1]!;
        const os = topS[j - 1]!;
        const better =
          s > os ||
          (s === os &&
            (data.entries[e]!.priority > data.entries[oe]!.priority ||
              (data.entries[e]!.priority === data.entries[oe]!.priority && e < oe)));
        if (!better) break;
        j--;
      }
      if (j < k) {
        // Insert at j, shifting the rest down and dropping the last beyond k (no splice: it allocates).
        for (let q = nTop < k ? nTop : k - 1; q > j; q--) {
          topE[q] = topE[q - 1]!;
          topS[q] = topS[q - 1]!;
          topA[q] = topA[q - 1]!;
          topC[q] = topC[q - 1]!;
        }
        topE[j] = e;
        topS[j] = s;
        topA[j] = agg;
        topC[j] = cent;
        if (nTop < k) nTop++;
      }
    }
    setLength(topE, nTop);
    setLength(topS, nTop);
    setLength(topA, nTop);
    setLength(topC, nTop);
    const features = rankScratch.features;
    let nFeatures = 0;
    if (withFeatures && topE.length > 0) {
      let units = 0;
      for (let i = 0; i < own.chars.length; i++) if (own.chars[i]) units++;
      const folded = foldForOrder(own.normalized);
      comparer.setQuery(folded);
      markQuery();
      while (featureRows.length < topE.length) featureRows.push(new Float64Array(CANDIDATE_FEATURES.length));
      // Touch every candidate's forward postings and folded phrasings first, and the entry and phrasing
      // text the answer will quote: independent loads overlap, where reading them candidate by candidate
      // waits for one cache miss after another.
      const { start: fwd, term: forwardTerm } = phrasingForward();
      let touch = 0;
      for (let i = 0; i < topE.length; i++) {
        const e = topE[i]!;
        const p = entryBestPhrasing[e]!;
        touch += forwardTerm[fwd[p * (CHANNELS.length + 1)]!]! + (foldedAt[e]! >= 0 ? foldedPool[foldedAt[e]! + 1]! : 0);
        touch += data.entries[e]!.id.length + data.phrasings.text[p]!.length;
      }
      prefetchSink = touch;
      const content = prepareCoverage(own);
      for (let i = 0; i < topE.length; i++) {
        const x = featureRows[i]!;
        candidateFeatures(x, topE[i]!, i, topS, topA[i]!, topC[i]!, howTo, pid, units, folded);
        x[28] = entryCoverage(content, topE[i]!);
        features[nFeatures++] = x;
      }
    }
    setLength(features, nFeatures);
    // Pool-relative indicators: which candidate spells the question best, which covers its phrasing best.
    flagBest(features, 21, 26);
    flagBest(features, 12, 27);
    const query = rankScratch.query;
    query[0] = 1;
    query[1] = unknownShare;
    query[2] = Math.log(1 + contentCount(own));
    query[3] = topS[0] ?? 0;
    query[4] = features[0]?.[3] ?? 0;
    query[5] = topS.length > 1 ? topS[0]! - topS[1]! : (topS[0] ?? 0);
    const pool: CandidatePool = { entries: topE, features, query };

    if (!ranker || topE.length === 0) {
      const c = options.calibration;
      const confidences = topE.map((_, i) => {
        const s = topS[i]!;
        const margin = i === 0 ? s - (topS[1] ?? 0) : s - topS[0]!;
        return calibrate(s, margin, c);
      });
      return { entries: topE, scores: topS, confidences, pool };
    }
    const probs = rankProbabilities(ranker, features, query);
    // Most probable first, ties by first-stage rank: an insertion sort of ≤ depth indexes.
    const order = rankScratch.order;
    setLength(order, topE.length);
    for (let i = 0; i < topE.length; i++) {
      let j = i;
      while (j > 0 && probs[order[j - 1]!]! < probs[i]!) {
        order[j] = order[j - 1]!;
        j--;
      }
      order[j] = i;
    }
    const { byProbability } = rankScratch;
    setLength(byProbability.entries, order.length);
    setLength(byProbability.scores, order.length);
    setLength(byProbability.confidences, order.length);
    for (let i = 0; i < order.length; i++) {
      byProbability.entries[i] = topE[order[i]!]!;
      byProbability.scores[i] = topS[order[i]!]!;
      byProbability.confidences[i] = probs[order[i]!]!;
    }
    return { entries: byProbability.entries, scores: byProbability.scores, confidences: byProbability.confidences, pool };
  }

  function unknownShareOf(own: Analysis): number {
    let unknown = 0;
    let total = 0;
    for (let i = 0; i < own.words.length; i++) {
      if (own.wordStop[i] || own.models.includes(own.words[i]!)) continue;
      total++;
      if (termIds(own)[WORDS]![i]! < 0) unknown++;
    }
    return total === 0 ? 0 : unknown / total;
  }

  function pool(own: Analysis, depth: number): CandidatePool {
    const { pool: p } = rank(own, {}, own.models[0], isHowTo(own.normalized), unknownShareOf(own), depth, true);
    // The arrays and feature rows are reused by the next turn; the caller keeps these.
    return { entries: p.entries.slice(), features: p.features.map((x) => x.slice()), query: p.query.slice() };
  }

  function match(text: string, session: readonly SessionTurn[] = [], call: MatchCallOptions = {}): MatchResult {
    if (++answered === UNIT_KEYS_AFTER && byUnits) unitKeys = buildUnitKeys();
    const own = analyzer.analyze(text);
    const earlier = session.length === 0 ? NO_ANALYSES : session.filter((t) => t.role === 'customer').map((t) => analyzer.analyze(t.text));
    const ctx = resolveContext(own, earlier);
    const product = own.models[0] ?? ctx.product;
    const empty = own.tokens.length === 0;
    // Only a follow-up asks the topic's how-to again (那R9000P呢 after 内存条怎么装); a turn of its own
    // after a how-to (要多少钱) is not a how-to.
    const howTo = isHowTo(own.normalized) || (ctx.followUp === true && ctx.topic !== undefined && isHowTo(ctx.topic.normalized));
    const unknownShare = unknownShareOf(own);
    const depth = Math.max(options.topK + 1, ranker ? ranker.depth : 0);
    // A turn that points back at the product named earlier (它能加内存吗 after 拯救者Y9000P多少钱) is scored
    // as if it named it: the re-ranker was fitted on questions that name their product, and its order
    // features compare the question's text with phrasings that spell the model. Other turns keep the
    // product as damped context: in chat logs most of them ask about something else (重量多少, 谢谢妳), and
    // a full-weight model pulled product entries over the right generic one.
    const named = ctx.product !== undefined && own.models.length === 0 && refersToProduct(own.normalized);
    const scored = named ? analyzer.analyze(`${ctx.product} ${text}`) : own;
    const ranked = rank(scored, ctx, product, howTo, unknownShare, depth, ranker !== undefined);

    const candidates: Candidate[] = [];
    // Ranked positions of the candidates: an out-of-scope entry below the first is left out, as it is
    // nothing to offer in a clarification.
    const picked: number[] = [];
    const plan = call.explain === false || ranked.entries.length === 0 ? undefined : explainPlan(scored);
    for (let i = 0; i < ranked.entries.length && candidates.length < options.topK; i++) {
      const e = ranked.entries[i]!;
      const entry = data.entries[e]!;
      if (i > 0 && entry.outOfScope === true) continue;
      picked.push(i);
      const p = entryBestPhrasing[e]!;
      const { matchedTerms, synonyms } = plan ? explain(scored, plan, p) : { matchedTerms: [], synonyms: [] };
      candidates.push({
        entryId: entry.id,
        confidence: round4(ranked.confidences[i]!),
        score: round4(ranked.scores[i]!),
        phrasing: data.phrasings.text[p]!,
        matchedTerms,
        synonyms,
        source: entry.source,
      });
    }

    // A trained ranker's confidences are one softmax: the first two added are the chance that one of them is
    // right. The fixed calibration scores candidates one by one, so only the first's counts.
    const top = candidates[0]?.confidence ?? 0;
    const clarifyConfidence = ranker ? round4(Math.min(1, top + (candidates[1]?.confidence ?? 0))) : top;
    const decision = decide(
      {
        clarifyConfidence,
        candidates: candidates.map((cd, i) => {
          const entry = data.entries[ranked.entries[picked[i]!]!]!;
          return { confidence: cd.confidence, kind: entry.kind, handoff: entry.handoff, outOfScope: entry.outOfScope === true };
        }),
        humanRequest: isHumanRequest(own.normalized),
        howTo,
        unknownShare,
        empty,
      },
      options.thresholds,
      options,
    );
    const chosen = decision.chosen === undefined ? undefined : candidates[decision.chosen];
    const result: MatchResult = {
      decision: decision.decision,
      confidence: chosen?.confidence ?? top,
      clarifyConfidence,
      candidates,
      normalized: ctx.topic ? `${scored.normalized} | ${ctx.topic.normalized}` : scored.normalized,
      products: own.models,
      rule: decision.rule,
    };
    if (chosen) result.entryId = chosen.entryId;
    else if (decision.handoffReason === 'human-request' && humanEntry >= 0) result.entryId = data.entries[humanEntry]!.id;
    if (decision.handoffReason) result.handoffReason = decision.handoffReason;
    if (ctx.product && own.models.length === 0) result.contextProduct = ctx.product;
    return result;
  }

  return { match, entryIds: [...entryIds].sort(), data, options, pool, analyze: analyzer.analyze };
}
