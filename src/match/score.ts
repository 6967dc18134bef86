/**
 * Scoring functions, small and pure. A phrasing's terms are weighted BM25-style (inverse entry frequency ×
 * saturated term frequency) and the weight vector is normalized to unit length per channel, so a channel's
 * score is a cosine in [0, 1]: "how much of the question and of the phrasing is shared", comparable across
 * knowledge bases of any size. Channels are averaged by weight.
 */
import type { Calibration } from './options.js';

/** BM25 inverse document frequency over entries: ln(1 + (N − df + 0.5) / (df + 0.5)). df 0 is the unknown-term weight. */
export function idf(entryCount: number, df: number): number {
  return Math.log(1 + (entryCount - df + 0.5) / (df + 0.5));
}

/** BM25 term-frequency saturation tf·(k1+1)/(tf+k1); 1 for tf 1, approaching k1+1. */
export function saturate(tf: number, k1: number): number {
  return k1 <= 0 ? (tf > 0 ? 1 : 0) : (tf * (k1 + 1)) / (tf + k1);
}

/** Aggregates an entry's phrasings: the best one counts, the second adds a little without passing 1. */
export function aggregatePhrasings(best: number, second: number, siblingWeight: number): number {
  return best + siblingWeight * second * (1 - best);
}

/** Moves a score toward 1 (boost > 0) or toward 0 (boost < 0) by the given fraction. */
export function adjustForProduct(score: number, match: 'same' | 'other' | 'none', boost: number, penalty: number): number {
  if (match === 'same') return score + boost * (1 - score);
  if (match === 'other') return score * (1 - penalty);
  return score;
}

/**
 * Confidence in [0, 1]: a logistic function of the similarity and the margin over the best other entry
 * (negative for every candidate but the first). Because the similarity is a normalized cosine, the same
 * confidence means the same strength of evidence on any knowledge base.
 */
export function calibrate(similarity: number, margin: number, c: Calibration): number {
  const z = c.slope * (similarity - c.center) + c.marginSlope * margin;
  return 1 / (1 + Math.exp(-z));
}

/** Rounds for output (stable JSON, readable explanations). */
export function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
