/**
 * The compiled index: a plain JSON-serializable object. `buildIndexData` analyzes every phrasing once;
 * a matcher loaded from this data never analyzes phrasings again.
 */
import type { Lexicon } from '../model/lexicon.js';
import type { Entry, EntryKind, Provenance } from '../model/types.js';
import { phrasingsOf } from '../model/types.js';
import { createAnalyzer, createAnalyzerSpec, type Analysis, type AnalyzerSpec } from '../text/analyze.js';
import { modelToken } from '../text/models.js';
import type { RankerModel } from './ranker.js';
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
}

export interface MatcherIndexData {
  format: 'kbt-matcher-index';
  version: 2;
  /** Options baked into the weights at build time. */
  build: { k1: number; stopWeight: number; lengthNorm: number; generalLexicon: boolean };
  analyzer: AnalyzerSpec;
  /** Sorted by id. */
  entries: IndexedEntry[];
  phrasings: { text: string[]; entry: number[] };
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

export function analyzeKnowledge(entries: readonly Entry[], lexicon: Lexicon, generalLexicon: boolean): AnalyzedKnowledge {
  const enabled = entries.filter((e) => e.enabled).sort((a, b) => byString(a.id, b.id));
  const extraWords = enabled.flatMap((e) => [...e.tags, ...e.products]);
  const analyzer = createAnalyzerSpec(lexicon, extraWords, generalLexicon);
  const { analyze } = createAnalyzer(analyzer);

  const indexed: IndexedEntry[] = enabled.map((e) => ({
    id: e.id,
    kind: e.kind,
    question: e.question,
    products: [...new Set(e.products.map(modelToken).filter(Boolean))].sort(),
    priority: e.priority,
    source: e.source,
    handoff: e.tags.includes('handoff'),
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
      analyses.push(a);
    }
  });
  return { analyzer, entries: indexed, text, entryOf, analyses };
}

export function buildIndexData(entries: readonly Entry[], lexicon: Lexicon, build: IndexBuild): MatcherIndexData {
  return indexAnalyzed(analyzeKnowledge(entries, lexicon, build.generalLexicon), build);
}

/**
 * The index over analyzed phrasings; `keep` (default: all) selects the phrasings to index, which is how
 * training leaves phrasings and whole entries out without analyzing anything again.
 */
export function indexAnalyzed(k: AnalyzedKnowledge, build: IndexBuild, keep?: (phrasing: number) => boolean): MatcherIndexData {
  const indexed = k.entries;
  const text: string[] = [];
  const entryOf: number[] = [];
  const analyses: Analysis[] = [];
  for (let i = 0; i < k.text.length; i++) {
    if (keep && !keep(i)) continue;
    text.push(k.text[i]!);
    entryOf.push(k.entryOf[i]!);
    analyses.push(k.analyses[i]!);
  }
  const analyzer = k.analyzer;

  const channels = {} as Record<Channel, ChannelIndexData>;
  for (const ch of CHANNELS) {
    // term → entry set (document frequency over entries) and per-phrasing weights.
    const df = new Map<string, Set<number>>();
    const perPhrasing: Map<string, number>[] = analyses.map((a, pi) => {
      const terms = channelTerms(a, ch);
      const tf = new Map<string, number>();
      const stopOf = new Map<string, boolean>();
      terms.forEach((t, i) => {
        tf.set(t, (tf.get(t) ?? 0) + 1);
        const stop = ch === 'words' ? a.wordStop[i]! : false;
        stopOf.set(t, (stopOf.get(t) ?? true) && stop);
        let s = df.get(t);
        if (!s) df.set(t, (s = new Set()));
        s.add(entryOf[pi]!);
      });
      const w = new Map<string, number>();
      for (const [t, n] of tf) w.set(t, saturate(n, build.k1) * (stopOf.get(t) ? build.stopWeight : 1));
      return w;
    });
    const terms = [...df.keys()].sort(byString);
    const termId = new Map(terms.map((t, i) => [t, i]));
    const idfs = terms.map((t) => idf(indexed.length, df.get(t)!.size));
    const lists: { p: number; w: number }[][] = terms.map(() => []);
    // Pivoted length normalization: β = 1 is the plain cosine; β < 1 lets long phrasings keep more weight,
    // pivoting on the average vector length so scores stay on the cosine's scale.
    const norms = perPhrasing.map((w) => {
      let norm = 0;
      for (const [t, x] of w) {
        const v = x * idfs[termId.get(t)!]!;
        norm += v * v;
      }
      return Math.sqrt(norm) || 1;
    });
    const avgNorm = norms.reduce((a, b) => a + b, 0) / (norms.length || 1) || 1;
    const beta = build.lengthNorm;
    perPhrasing.forEach((w, pi) => {
      const norm = Math.pow(norms[pi]!, beta) * Math.pow(avgNorm, 1 - beta);
      for (const [t, x] of w) {
        const id = termId.get(t)!;
        lists[id]!.push({ p: pi, w: (x * idfs[id]!) / norm });
      }
    });
    const start: number[] = [0];
    const phrasing: number[] = [];
    const weight: number[] = [];
    // Centroids: per entry, term → summed unit-vector weight; then each centroid scaled to unit length.
    const centroid: Map<number, number>[] = indexed.map(() => new Map());
    lists.forEach((l, id) => {
      for (const { p, w } of l) {
        phrasing.push(p);
        weight.push(w);
        const c = centroid[entryOf[p]!]!;
        c.set(id, (c.get(id) ?? 0) + w);
      }
      start.push(phrasing.length);
    });
    const entryLists: { e: number; w: number }[][] = terms.map(() => []);
    centroid.forEach((c, e) => {
      let norm = 0;
      for (const v of c.values()) norm += v * v;
      norm = Math.sqrt(norm) || 1;
      for (const [id, v] of [...c].sort((a, b) => a[0] - b[0])) entryLists[id]!.push({ e, w: v / norm });
    });
    const entryStart: number[] = [0];
    const entryList: number[] = [];
    const entryWeight: number[] = [];
    for (const l of entryLists) {
      for (const { e, w } of l) {
        entryList.push(e);
        entryWeight.push(w);
      }
      entryStart.push(entryList.length);
    }
    channels[ch] = { terms, idf: idfs, start, phrasing, weight, entryStart, entry: entryList, entryWeight };
  }

  return {
    format: 'kbt-matcher-index',
    version: 2,
    build: { k1: build.k1, stopWeight: build.stopWeight, lengthNorm: build.lengthNorm, generalLexicon: build.generalLexicon },
    analyzer,
    entries: indexed,
    phrasings: { text, entry: entryOf },
    channels,
  };
}
