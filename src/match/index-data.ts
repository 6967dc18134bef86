/**
 * The compiled index: a plain JSON-serializable object. `buildIndexData` analyzes every phrasing once;
 * a matcher loaded from this data never analyzes phrasings again.
 */
import type { Lexicon } from '../model/lexicon.js';
import type { Entry, EntryKind, Provenance } from '../model/types.js';
import { phrasingsOf } from '../model/types.js';
import { buildSoundTable, copyAnalysis, createAnalyzer, createAnalyzerSpec, type Analysis, type AnalyzerSpec } from '../text/analyze.js';
import { compactDictionary, DEFAULT_DICTIONARY_MIN_FREQ } from '../text/dictionary.js';
import { fullDictionaryText } from '../text/segmenter.js';
import { modelToken } from '../text/models.js';
import { foldForOrder, type RankerModel } from './ranker.js';
import { idf, saturate } from './score.js';

export const CHANNELS = ['words', 'bigrams', 'chars', 'pinyin'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface IndexedEntry {
  id: string;
  kind: EntryKind;
  question: string;
  /** Product model tokens (normalized, no spaces). */
  products: string[];
  priority: number;
  source: Provenance;
  /** Tagged `handoff`: its answer is what the bot says while passing the customer to a person. */
  handoff: boolean;
  /**
   * Tagged `out-of-scope`: its phrasings are questions the knowledge base should not answer. Training asks
   * them with "none" as the right answer. Absent in indexes written before the tag existed.
   */
  outOfScope?: boolean;
}

/** One channel's inverted index, flattened: postings of term i are `phrasing[start[i] .. start[i+1])`. */
export interface ChannelIndexData {
  terms: string[];
  idf: number[];
  start: number[];
  /** Phrasing ids, ascending within a term. */
  phrasing: number[];
  /** Term weight in the phrasing divided by the phrasing's vector length in this channel. */
  weight: number[];
  /** Entry-level postings: term i's entries are `entry[entryStart[i] .. entryStart[i+1])`, ascending. */
  entryStart: number[];
  entry: number[];
  /** Component of the entry's centroid (sum of its phrasings' unit vectors, then unit length). */
  entryWeight: number[];
  /**
   * The terms' integer lookup keys (`termKeys` in term-ids.ts), added when the index is exported so a
   * loaded bundle does not compute them; derived from `terms`, absent in a freshly built index.
   */
  keys?: number[] | Int32Array;
}

export interface MatcherIndexData {
  format: 'kbt-matcher-index';
  version: 2;
  /** Options baked into the weights at build time. */
  build: { k1: number; stopWeight: number; lengthNorm: number; generalLexicon: boolean };
  analyzer: AnalyzerSpec;
  /** Sorted by id. */
  entries: IndexedEntry[];
  phrasings: {
    text: string[];
    entry: number[];
    /**
     * The order features' text (see `foldForOrder`) of the phrasings whose normalized text folds otherwise
     * than their raw text (Traditional, model aliases, sizes): phrasing `at[i]` folds to `text[i]`. Made at
     * build time from the phrasings' analyses, so a loaded index needs no Traditional→Simplified converter
     * (≈ 30 ms to start) to compare candidates. Absent in indexes built before it: the matcher then
     * normalizes phrasings itself.
     */
    order?: { at: ArrayLike<number>; text: string[] };
  };
  channels: Record<Channel, ChannelIndexData>;
  /** Re-ranker and confidence model learned from the knowledge base's own phrasings (see train.ts). */
  ranker?: RankerModel;
}

/** Terms of one analyzed text per channel, with their stop flags (words only). */
export function channelTerms(a: Analysis, channel: Channel): readonly string[] {
  return channel === 'words' ? a.words : channel === 'bigrams' ? a.bigrams : channel === 'chars' ? a.chars : a.pinyin;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Build options baked into the index's weights. */
export interface IndexBuild {
  k1: number;
  stopWeight: number;
  lengthNorm: number;
  generalLexicon: boolean;
}

/** Every enabled entry's phrasings analyzed once; indexes over all or part of them reuse the analyses. */
export interface AnalyzedKnowledge {
  analyzer: AnalyzerSpec;
  entries: IndexedEntry[];
  text: string[];
  entryOf: number[];
  analyses: Analysis[];
}

/**
 * Words the phrasings are cut into with jieba's full dictionary, each with the number of phrasings it
 * occurs in: what a compact dictionary must keep so the phrasings are cut as before, and which word a
 * sound correction should prefer.
 */
function phrasingWords(spec: AnalyzerSpec, entries: readonly Entry[]): Map<string, number> {
  const { segment } = createAnalyzer({ ...spec, dictionary: undefined, sounds: undefined }, { cacheSize: 0 });
  const counts = new Map<string, number>();
  for (const e of entries) {
    for (const p of phrasingsOf(e)) {
      for (const w of new Set(segment(p))) if (w.length > 1) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  return counts;
}

/** How the analyzer is fitted to the knowledge base at build time. */
export interface AnalyzeOptions {
  generalLexicon: boolean;
  /** See `MatcherOptions.dictionaryMinFreq`; 0 keeps jieba's full dictionary. */
  dictionaryMinFreq: number;
  /** See `MatcherOptions.soundCorrection`. */
  soundCorrection: boolean;
}

const DEFAULT_ANALYZE: AnalyzeOptions = { generalLexicon: true, dictionaryMinFreq: DEFAULT_DICTIONARY_MIN_FREQ, soundCorrection: true };

/**
 * Analyzes every enabled entry's phrasings with an analyzer fitted to them: a compact segmenter
 * dictionary (src/text/dictionary.ts) and a sound-correction table from the words they use.
 */
export function analyzeKnowledge(entries: readonly Entry[], lexicon: Lexicon, options: Partial<AnalyzeOptions> = {}): AnalyzedKnowledge {
  const o = { ...DEFAULT_ANALYZE, ...options };
  const enabled = entries.filter((e) => e.enabled).sort((a, b) => byString(a.id, b.id));
  const extraWords = enabled.flatMap((e) => [...e.tags, ...e.products]);
  const analyzer: AnalyzerSpec = createAnalyzerSpec(lexicon, extraWords, o.generalLexicon);
  if (o.dictionaryMinFreq > 0 || o.soundCorrection) {
    const counts = phrasingWords(analyzer, enabled);
    if (o.dictionaryMinFreq > 0) analyzer.dictionary = compactDictionary(fullDictionaryText(), new Set(counts.keys()), o.dictionaryMinFreq);
    if (o.soundCorrection) {
      // Lexicon words count too, below any word a phrasing uses.
      for (const w of analyzer.words) if (!counts.has(w)) counts.set(w, 0);
      analyzer.sounds = buildSoundTable(counts, new Set(analyzer.stopwords));
    }
  }
  const { analyze } = createAnalyzer(analyzer);

  const indexed: IndexedEntry[] = enabled.map((e) => ({
    id: e.id,
    kind: e.kind,
    question: e.question,
    products: [...new Set(e.products.map(modelToken).filter(Boolean))].sort(),
    priority: e.priority,
    source: e.source,
    handoff: e.tags.includes('handoff'),
    ...(e.tags.includes('out-of-scope') ? { outOfScope: true } : {}),
  }));
  const text: string[] = [];
  const entryOf: number[] = [];
  const analyses: Analysis[] = [];
  enabled.forEach((e, ei) => {
    const seen = new Set<string>();
    for (const p of phrasingsOf(e)) {
      const a = analyze(p);
      if (!a.normalized || seen.has(a.normalized)) continue;
      seen.add(a.normalized);
      text.push(p);
      entryOf.push(ei);
      // A copy: kept analyses must not come from the analyzer's allocation sites (see copyAnalysis).
      analyses.push(copyAnalysis(a));
    }
  });
  return { analyzer, entries: indexed, text, entryOf, analyses };
}

export function buildIndexData(entries: readonly Entry[], lexicon: Lexicon, build: IndexBuild): MatcherIndexData {
  return indexAnalyzed(analyzeKnowledge(entries, lexicon, { generalLexicon: build.generalLexicon }), build);
}

/** Every phrasing's terms of one channel as ids into one table, interned once per analyzed knowledge. */
interface InternedChannel {
  /** Term text by id. */
  terms: string[];
  /** Term ids in byte order of their text. */
  sorted: Int32Array;
  /** Phrasing p's terms (repeats kept, in order) are `ids[start[p] .. start[p + 1])`. */
  start: Int32Array;
  ids: Int32Array;
  /** Words channel: 1 where that occurrence is a stop word. */
  stop: Uint8Array;
}

const interned = new WeakMap<AnalyzedKnowledge, Record<Channel, InternedChannel>>();

function internKnowledge(k: AnalyzedKnowledge): Record<Channel, InternedChannel> {
  let done = interned.get(k);
  if (done) return done;
  done = {} as Record<Channel, InternedChannel>;
  for (const ch of CHANNELS) {
    const idOf = new Map<string, number>();
    const terms: string[] = [];
    let total = 0;
    for (const a of k.analyses) total += channelTerms(a, ch).length;
    const start = new Int32Array(k.analyses.length + 1);
    const ids = new Int32Array(total);
    const stop = new Uint8Array(total);
    let at = 0;
    k.analyses.forEach((a, p) => {
      const list = channelTerms(a, ch);
      for (let i = 0; i < list.length; i++) {
        const t = list[i]!;
        let id = idOf.get(t);
        if (id === undefined) {
          id = terms.length;
          idOf.set(t, id);
          terms.push(t);
        }
        ids[at] = id;
        stop[at] = ch === 'words' && a.wordStop[i] ? 1 : 0;
        at++;
      }
      start[p + 1] = at;
    });
    const sorted = Int32Array.from(terms.keys()).sort((x, y) => byString(terms[x]!, terms[y]!));
    done[ch] = { terms, sorted, start, ids, stop };
  }
  interned.set(k, done);
  return done;
}

/**
 * The index over analyzed phrasings; `keep` (default: all) selects the phrasings to index, which is how
 * training leaves phrasings and whole entries out without analyzing anything again. Terms are interned
 * once per analyzed knowledge, so each index (training builds one per round) is integer work: counting
 * sorts instead of maps and sets. Sums run in the same order as a term-by-term build would, so the
 * weights do not depend on how they were computed.
 */
export function indexAnalyzed(k: AnalyzedKnowledge, build: IndexBuild, keep?: (phrasing: number) => boolean): MatcherIndexData {
  const indexed = k.entries;
  const text: string[] = [];
  const entryOf: number[] = [];
  const source: number[] = [];
  const folded = orderTexts(k);
  const order = { at: [] as number[], text: [] as string[] };
  for (let i = 0; i < k.text.length; i++) {
    if (keep && !keep(i)) continue;
    const f = folded[i];
    if (f !== undefined) {
      order.at.push(text.length);
      order.text.push(f);
    }
    text.push(k.text[i]!);
    entryOf.push(k.entryOf[i]!);
    source.push(i);
  }
  const analyzer = k.analyzer;
  const all = internKnowledge(k);
  const P = source.length;

  const channels = {} as Record<Channel, ChannelIndexData>;
  for (const ch of CHANNELS) {
    const g = all[ch];
    const G = g.terms.length;
    // Per phrasing: distinct terms in order of first occurrence, their counts and stop flags.
    const dStart = new Int32Array(P + 1);
    const dTerm = new Int32Array(g.ids.length);
    const dCount = new Int32Array(g.ids.length);
    const dStop = new Uint8Array(g.ids.length);
    const slotOf = new Int32Array(G).fill(-1);
    const df = new Int32Array(G);
    const lastEntry = new Int32Array(G).fill(-1);
    let nd = 0;
    for (let pi = 0; pi < P; pi++) {
      const src = source[pi]!;
      const e = entryOf[pi]!;
      const from = nd;
      for (let j = g.start[src]!; j < g.start[src + 1]!; j++) {
        const t = g.ids[j]!;
        const stop = g.stop[j]!;
        const at = slotOf[t]!;
        if (at >= from) {
          dCount[at]!++;
          dStop[at] = dStop[at]! & stop;
          continue;
        }
        slotOf[t] = nd;
        dTerm[nd] = t;
        dCount[nd] = 1;
        dStop[nd] = stop;
        nd++;
        if (lastEntry[t] !== e) {
          lastEntry[t] = e;
          df[t]!++;
        }
      }
      dStart[pi + 1] = nd;
    }
    // Local ids: the present terms in byte order of their text.
    const local = new Int32Array(G).fill(-1);
    const terms: string[] = [];
    const idfs: number[] = [];
    for (const t of g.sorted) {
      if (df[t] === 0) continue;
      local[t] = terms.length;
      terms.push(g.terms[t]!);
      idfs.push(idf(indexed.length, df[t]!));
    }
    const T = terms.length;
    // Pivoted length normalization: β = 1 is the plain cosine; β < 1 lets long phrasings keep more weight,
    // pivoting on the average vector length so scores stay on the cosine's scale.
    const raw = new Float64Array(nd);
    const norms = new Float64Array(P);
    let normSum = 0;
    for (let pi = 0; pi < P; pi++) {
      let norm = 0;
      for (let d = dStart[pi]!; d < dStart[pi + 1]!; d++) {
        const x = saturate(dCount[d]!, build.k1) * (dStop[d] ? build.stopWeight : 1);
        raw[d] = x;
        const v = x * idfs[local[dTerm[d]!]!]!;
        norm += v * v;
      }
      norms[pi] = Math.sqrt(norm) || 1;
      normSum += norms[pi]!;
    }
    const avgNorm = normSum / (P || 1) || 1;
    const beta = build.lengthNorm;
    // Postings by term (counting sort); phrasings are visited in order, so each list is ascending.
    const start = new Array<number>(T + 1).fill(0);
    for (let d = 0; d < nd; d++) start[local[dTerm[d]!]! + 1]!++;
    for (let t = 0; t < T; t++) start[t + 1]! += start[t]!;
    const cursor = start.slice(0, T);
    const phrasing = new Array<number>(nd);
    const weight = new Array<number>(nd);
    const wOf = new Float64Array(nd);
    for (let pi = 0; pi < P; pi++) {
      const norm = Math.pow(norms[pi]!, beta) * Math.pow(avgNorm, 1 - beta);
      for (let d = dStart[pi]!; d < dStart[pi + 1]!; d++) {
        const id = local[dTerm[d]!]!;
        const w = (raw[d]! * idfs[id]!) / norm;
        wOf[d] = w;
        const at = cursor[id]!++;
        phrasing[at] = pi;
        weight[at] = w;
      }
    }
    // Centroids: per entry, term → summed weight over its phrasings (in phrasing order), then unit length.
    // Phrasings of an entry are consecutive, so one dense scratch row serves every entry in turn.
    const sum = new Float64Array(T);
    const seen = new Uint8Array(T);
    const held: number[] = [];
    const triples: { e: number; ids: Int32Array; w: Float64Array }[] = [];
    let entryPostings = 0;
    const flush = (e: number) => {
      if (held.length === 0) return;
      held.sort((x, y) => x - y);
      let norm = 0;
      for (const id of held) norm += sum[id]! * sum[id]!;
      norm = Math.sqrt(norm) || 1;
      const ids = Int32Array.from(held);
      const w = new Float64Array(held.length);
      held.forEach((id, i) => {
        w[i] = sum[id]! / norm;
        sum[id] = 0;
        seen[id] = 0;
      });
      triples.push({ e, ids, w });
      entryPostings += held.length;
      held.length = 0;
    };
    let current = -1;
    for (let pi = 0; pi < P; pi++) {
      const e = entryOf[pi]!;
      if (e !== current) {
        flush(current);
        current = e;
      }
      // Term-major order of the original build: per term, phrasings ascending; per entry and term the
      // additions are the same sequence, so the same sums.
      for (let d = dStart[pi]!; d < dStart[pi + 1]!; d++) {
        const id = local[dTerm[d]!]!;
        if (!seen[id]) {
          seen[id] = 1;
          held.push(id);
        }
        sum[id] = sum[id]! + wOf[d]!;
      }
    }
    flush(current);
    const entryStart = new Array<number>(T + 1).fill(0);
    for (const { ids } of triples) for (const id of ids) entryStart[id + 1]!++;
    for (let t = 0; t < T; t++) entryStart[t + 1]! += entryStart[t]!;
    const ecursor = entryStart.slice(0, T);
    const entryList = new Array<number>(entryPostings);
    const entryWeight = new Array<number>(entryPostings);
    for (const { e, ids, w } of triples) {
      for (let i = 0; i < ids.length; i++) {
        const at = ecursor[ids[i]!]!++;
        entryList[at] = e;
        entryWeight[at] = w[i]!;
      }
    }
    channels[ch] = { terms, idf: idfs, start, phrasing, weight, entryStart, entry: entryList, entryWeight };
  }

  return {
    format: 'kbt-matcher-index',
    version: 2,
    build: { k1: build.k1, stopWeight: build.stopWeight, lengthNorm: build.lengthNorm, generalLexicon: build.generalLexicon },
    analyzer,
    entries: indexed,
    phrasings: { text, entry: entryOf, order },
    channels,
  };
}

const orderCache = new WeakMap<AnalyzedKnowledge, (string | undefined)[]>();

/** Per phrasing of the knowledge: its folded normalized text where that differs from its folded raw text. */
function orderTexts(k: AnalyzedKnowledge): (string | undefined)[] {
  let out = orderCache.get(k);
  if (out === undefined) {
    out = k.text.map((raw, i) => {
      const f = foldForOrder(k.analyses[i]!.normalized);
      return f === foldForOrder(raw) ? undefined : f;
    });
    orderCache.set(k, out);
  }
  return out;
}
