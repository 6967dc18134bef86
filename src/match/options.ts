import { DEFAULT_THRESHOLDS, type Thresholds } from '../model/config.js';
import { DEFAULT_DICTIONARY_MIN_FREQ } from '../text/dictionary.js';

/** Relative weight of each scoring channel. */
export interface ChannelWeights {
  /** Canonical words (after synonyms). Default 1, range [0, ∞). */
  words: number;
  /** Character bigrams over canonical words. Default 1, range [0, ∞). */
  bigrams: number;
  /** Single characters over canonical words: partial overlap of reworded questions. Default 2, range [0, ∞). */
  chars: number;
  /** Toneless pinyin bigrams over words as typed (typo channel). Default 0.5, range [0, ∞). */
  pinyin: number;
}

/** Maps an entry's raw similarity and its margin over the runner-up to a confidence in [0, 1]. */
export interface Calibration {
  /** Logistic slope on similarity. Default 9, range (0, ∞). */
  slope: number;
  /** Similarity at which confidence is 0.5 when the margin is zero. Default 0.45, range [0, 1]. */
  center: number;
  /** Logistic slope on the margin over the runner-up. Default 4, range [0, ∞). */
  marginSlope: number;
}

/** Scoring and decision options. Every field is optional; defaults are documented per field. */
export interface MatcherOptions {
  /** Decision thresholds. Default `{ answer: 0.6, suggest: 0.35, margin: 0.05 }`, each in [0, 1]. */
  thresholds: Thresholds;
  /** Candidates returned per turn. Default 5, range [1, 50]. */
  topK: number;
  channels: ChannelWeights;
  /**
   * Exponent on the inverse document frequency in the question's own term weights (phrasings always use
   * idf¹). 1 gives a plain idf-weighted cosine; lower values make rare words count less against common ones.
   * Default 1, range [0, 2].
   */
  queryIdfPower: number;
  /**
   * Pivoted length normalization of phrasing vectors: 1 is a plain cosine, lower values penalize long
   * phrasings less (pivot: the average length). Default 0.5, range [0, 1].
   */
  lengthNorm: number;
  /** Add kbt's built-in Mandarin question-word synonyms to the lexicon's. Default true. */
  generalLexicon: boolean;
  /**
   * The segmenter's base dictionary keeps jieba's words of at least this frequency plus every word the
   * knowledge base's phrasings are cut into (see src/text/dictionary.ts); smaller dictionaries load faster.
   * 0 keeps jieba's full dictionary. Default 5 (about 136,000 of 349,000 words), range [0, ∞).
   */
  dictionaryMinFreq: number;
  /**
   * Read runs of single characters that sound like a word of the knowledge base as that word (包修 → 保修,
   * 去动 → 驱动); see `AnalyzerSpec.sounds`. Fixed at build time. Default true.
   */
  soundCorrection: boolean;
  /**
   * Weight factor of product-model terms in the question: the product steers through `productBoost`, so
   * the words of the question decide the intent. Default 0.3, range [0, 1].
   */
  modelWeight: number;
  /** Weight factor of stop words in every channel. Default 0.2, range [0, 1]. */
  stopWeight: number;
  /** BM25 term-frequency saturation k1. Default 1.2, range [0, ∞); 0 makes term frequency irrelevant. */
  k1: number;
  /**
   * How much an entry's second-best phrasing adds: score = best + siblingWeight · second · (1 − best).
   * Default 0.15, range [0, 1].
   */
  siblingWeight: number;
  /**
   * Weight of the similarity to the entry's centroid (all its phrasings together) against the best single
   * phrasing: score = (1 − w) · phrasing score + w · centroid cosine. Default 0.3, range [0, 1].
   */
  centroidWeight: number;
  /** Weight of the previous turn's terms when a short follow-up reuses its topic. Default 0.5, range [0, 1]. */
  contextWeight: number;
  /**
   * Score lift for entries (and tutorials) whose `products` include the product in question:
   * score + productBoost · (1 − score). Default 0.3, range [0, 1].
   */
  productBoost: number;
  /** Score cut for entries that name other products only: score · (1 − productPenalty). Default 0.15, range [0, 1]. */
  productPenalty: number;
  /**
   * A tutorial candidate wins a how-to question when its confidence is at least `suggest` and within this
   * distance of the best candidate. Default 0.15, range [0, 1].
   */
  tutorialSlack: number;
  /**
   * Fraction of the question's content-word weight unknown to the knowledge base above which a
   * low-confidence turn is called out of scope. Default 0.5, range [0, 1].
   */
  outOfScopeUnknown: number;
  calibration: Calibration;
  /**
   * Fit the re-ranker and confidence model on the knowledge base's own phrasings when building (see
   * train.ts). Knowledge bases with fewer than 20 entries that have two or more phrasings are not trained
   * and keep the fixed `calibration`. Default true.
   */
  train: boolean;
  /** Seed of the training's random choices. Default 1, any integer. */
  trainSeed: number;
  /**
   * Posting lists longer than this (very common terms) only add to phrasings that rarer terms of the same
   * question already found. A speed bound for large knowledge bases; exact below it. Default 500,
   * range [1, ∞).
   */
  maxPostings: number;
}

export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = {
  thresholds: DEFAULT_THRESHOLDS,
  topK: 5,
  channels: { words: 1, bigrams: 1, chars: 2, pinyin: 0.5 },
  queryIdfPower: 1,
  lengthNorm: 0.5,
  generalLexicon: true,
  dictionaryMinFreq: DEFAULT_DICTIONARY_MIN_FREQ,
  soundCorrection: true,
  modelWeight: 0.3,
  stopWeight: 0.2,
  k1: 1.2,
  siblingWeight: 0.15,
  centroidWeight: 0.3,
  contextWeight: 0.5,
  productBoost: 0.3,
  productPenalty: 0.15,
  tutorialSlack: 0.15,
  outOfScopeUnknown: 0.5,
  calibration: { slope: 9, center: 0.45, marginSlope: 4 },
  maxPostings: 500,
  train: true,
  trainSeed: 1,
};

/** Deep-ish partial of the options, as callers pass them. */
export type MatcherOptionsInput = Partial<Omit<MatcherOptions, 'channels' | 'calibration' | 'thresholds'>> & {
  thresholds?: Partial<Thresholds>;
  channels?: Partial<ChannelWeights>;
  calibration?: Partial<Calibration>;
};

export function resolveOptions(input: MatcherOptionsInput = {}): MatcherOptions {
  const d = DEFAULT_MATCHER_OPTIONS;
  return {
    ...d,
    ...input,
    thresholds: { ...d.thresholds, ...input.thresholds },
    channels: { ...d.channels, ...input.channels },
    calibration: { ...d.calibration, ...input.calibration },
  };
}
