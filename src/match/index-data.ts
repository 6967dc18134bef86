/**
 * The compiled index: a plain JSON-serializable object. `buildIndexData` analyzes every phrasing once;
 * a matcher loaded from this data never analyzes phrasings again.
 */
import type { Lexicon } from '../model/lexicon.js';
import type { Entry, EntryKind, Provenance } from '../model/types.js';
import { phrasingsOf } from '../model/types.js';
import { createAnalyzer, createAnalyzerSpec, type Analysis, type AnalyzerSpec } from '../text/analyze.js';
import { modelToken } from '../text/models.js';
import { idf, saturate } from './score.js';

export const CHANNELS = ['words', 'bigrams', 'pinyin'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface IndexedEntry {
  id: string;
  kind: EntryKind;
  question: string;
  /** Product model tokens (normalized, no spaces). */
  products: string[];
  priority: number;
  source: Provenance;
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
}

export interface MatcherIndexData {
  format: 'kbt-matcher-index';
  version: 1;
  /** Options baked into the weights at build time. */
  build: { k1: number; stopWeight: number };
  analyzer: AnalyzerSpec;
  /** Sorted by id. */
  entries: IndexedEntry[];
  phrasings: { text: string[]; entry: number[] };
  channels: Record<Channel, ChannelIndexData>;
}

/** Terms of one analyzed text per channel, with their stop flags (words only). */
export function channelTerms(a: Analysis, channel: Channel): readonly string[] {
  return channel === 'words' ? a.words : channel === 'bigrams' ? a.bigrams : a.pinyin;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function buildIndexData(
  entries: readonly Entry[],
  lexicon: Lexicon,
  build: { k1: number; stopWeight: number },
): MatcherIndexData {
  const enabled = entries.filter((e) => e.enabled).sort((a, b) => byString(a.id, b.id));
  const extraWords = enabled.flatMap((e) => [...e.tags, ...e.products]);
  const analyzer = createAnalyzerSpec(lexicon, extraWords);
  const { analyze } = createAnalyzer(analyzer);

  const indexed: IndexedEntry[] = enabled.map((e) => ({
    id: e.id,
    kind: e.kind,
    question: e.question,
    products: [...new Set(e.products.map(modelToken).filter(Boolean))].sort(),
    priority: e.priority,
    source: e.source,
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
    perPhrasing.forEach((w, pi) => {
      let norm = 0;
      for (const [t, x] of w) {
        const v = x * idfs[termId.get(t)!]!;
        norm += v * v;
      }
      norm = Math.sqrt(norm) || 1;
      for (const [t, x] of w) {
        const id = termId.get(t)!;
        lists[id]!.push({ p: pi, w: (x * idfs[id]!) / norm });
      }
    });
    const start: number[] = [0];
    const phrasing: number[] = [];
    const weight: number[] = [];
    for (const l of lists) {
      for (const { p, w } of l) {
        phrasing.push(p);
        weight.push(w);
      }
      start.push(phrasing.length);
    }
    channels[ch] = { terms, idf: idfs, start, phrasing, weight };
  }

  return {
    format: 'kbt-matcher-index',
    version: 1,
    build: { k1: build.k1, stopWeight: build.stopWeight },
    analyzer,
    entries: indexed,
    phrasings: { text, entry: entryOf },
    channels,
  };
}
