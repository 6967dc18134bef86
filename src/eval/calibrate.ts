/**
 * Threshold calibration over the confidence histogram. The matcher's decision is replayed per threshold:
 * answer when the top confidence reaches `answer` and leads the second by the margin, clarify when the
 * clarify confidence reaches `suggest`, hand off below. Forced handoffs (a request for a person, an empty
 * turn) stay handoffs.
 */
import type { Histogram } from './accumulator.js';
import { ratio, round6 } from './metrics.js';

export interface CurvePoint {
  /** Answer threshold. */
  threshold: number;
  answerRate: number;
  answeredPrecision: number;
  falseAnswerRate: number;
}

export interface Recommendation {
  answer: number;
  suggest: number;
  /** Expected figures at the recommended thresholds, over the same turns. */
  answerRate: number;
  answeredPrecision: number;
  clarifyRate: number;
  clarifyHitRate: number;
  handoffRate: number;
}

export interface Calibration {
  targetPrecision: number;
  /** Wanted share of clarify turns whose label is among the offered candidates. */
  targetClarifyHit: number;
  curve: CurvePoint[];
  /** Absent when no answer threshold reaches the target precision. */
  recommended?: Recommendation;
}

export interface CalibrationOptions {
  /** Answered precision to reach. Default 0.95, range 0–1. */
  targetPrecision?: number;
  /** Clarify hit rate the suggest threshold keeps. Default 0.5, range 0–1. */
  targetClarifyHit?: number;
}

function suffixSums(a: readonly number[]): number[] {
  const out = new Array<number>(a.length + 1).fill(0);
  for (let i = a.length - 1; i >= 0; i--) out[i] = out[i + 1]! + a[i]!;
  return out;
}

/** Replays the decision rule at thresholds given as bin indexes (suggest ≤ answer). */
export function simulate(h: Histogram, answerBin: number, suggestBin: number) {
  const total = sum(h.okN) + sum(h.lowN) + h.forced;
  let answered = 0;
  let correct = 0;
  let clarify = 0;
  let hit = 0;
  let noneClarify = 0;
  const width = h.bins + 1;
  for (let b = 0; b <= h.bins; b++) {
    if (b >= answerBin) {
      answered += h.okN[b]!;
      correct += h.okCorrect[b]!;
    } else {
      for (let r = Math.max(suggestBin, 0); r <= h.bins; r++) {
        clarify += h.okBandN[b * width + r]!;
        hit += h.okBandHit[b * width + r]!;
        noneClarify += h.okBandNone[b * width + r]!;
      }
    }
    if (b >= suggestBin) {
      clarify += h.lowN[b]!;
      hit += h.lowHit[b]!;
      noneClarify += h.lowNone[b]!;
    }
  }
  return { total, answered, correct, clarify, hit, noneClarify, handoff: total - answered - clarify };
}

function sum(a: readonly number[]): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}

/** The answer-rate / precision curve, one point per bin, threshold ascending. */
export function thresholdCurve(h: Histogram): CurvePoint[] {
  const total = sum(h.okN) + sum(h.lowN) + h.forced;
  const answered = suffixSums(h.okN);
  const correct = suffixSums(h.okCorrect);
  const out: CurvePoint[] = [];
  for (let b = 0; b <= h.bins; b++) {
    out.push({
      threshold: round6(b / h.bins),
      answerRate: round6(ratio(answered[b]!, total)),
      answeredPrecision: round6(ratio(correct[b]!, answered[b]!)),
      falseAnswerRate: round6(ratio(answered[b]! - correct[b]!, total)),
    });
  }
  return out;
}

/**
 * Recommends the lowest answer threshold whose answered precision reaches the target (the one answering
 * most, since answering only shrinks as the threshold rises), then the lowest suggest threshold below it
 * whose clarify band (out-of-scope turns included) still offers the right entry at least `targetClarifyHit`
 * of the time.
 */
export function calibrate(h: Histogram, options: CalibrationOptions = {}): Calibration {
  const targetPrecision = options.targetPrecision ?? 0.95;
  const targetClarifyHit = options.targetClarifyHit ?? 0.5;
  const curve = thresholdCurve(h);
  const answered = suffixSums(h.okN);
  const correct = suffixSums(h.okCorrect);
  let answerBin = -1;
  for (let b = 0; b <= h.bins; b++) {
    if (answered[b]! > 0 && correct[b]! / answered[b]! >= targetPrecision - 1e-12) {
      answerBin = b;
      break;
    }
  }
  const out: Calibration = { targetPrecision, targetClarifyHit, curve };
  if (answerBin < 0) return out;
  let suggestBin = answerBin;
  for (let b = answerBin; b >= 0; b--) {
    // Out-of-scope turns in the band count against it: offering candidates to them helps nobody.
    const s = simulate(h, answerBin, b);
    if (s.clarify > 0 && ratio(s.hit, s.clarify) >= targetClarifyHit - 1e-12) suggestBin = b;
  }
  const s = simulate(h, answerBin, suggestBin);
  out.recommended = {
    answer: round6(answerBin / h.bins),
    suggest: round6(suggestBin / h.bins),
    answerRate: round6(ratio(s.answered, s.total)),
    answeredPrecision: round6(ratio(s.correct, s.answered)),
    clarifyRate: round6(ratio(s.clarify, s.total)),
    clarifyHitRate: round6(ratio(s.hit, s.clarify - s.noneClarify)),
    handoffRate: round6(ratio(s.handoff, s.total)),
  };
  return out;
}
