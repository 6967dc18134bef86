/**
 * Turns accumulated counters into rates. Pure functions; every rate is a fraction in [0, 1] and 0 when its
 * denominator is empty (the matching `n` says so).
 */
import { NONE_LABEL } from '../model/types.js';
import { addCounts, emptyCounts, totalCounts, type Counts, type EvalAccumulator, type TurnExample } from './accumulator.js';

export interface GroupMetrics {
  /** Scored turns in the group. */
  turns: number;
  inScope: { n: number; top1: number; top3: number; top5: number; mrr: number };
  outOfScope: { n: number; falseAnswerRate: number; handoffRate: number };
  answerRate: number;
  /** Of answered turns, the share answered with the labeled entry. */
  answeredPrecision: number;
  clarifyRate: number;
  /** Of in-scope clarify turns, the share whose label was among the offered candidates. */
  clarifyHitRate: number;
  handoffRate: number;
  /** Answered a `__none__` turn or answered the wrong entry, over all turns. */
  falseAnswerRate: number;
}

export interface EntryMetrics {
  id: string;
  category: string;
  layer: string;
  support: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ConfusionPair {
  label: string;
  predicted: string;
  count: number;
  examples: { key: string; text: string; decision: string; confidence: number }[];
}

/** What an entry contributes to grouping: its category and layer. */
export interface EntryInfo {
  category?: string;
  layer: string;
}

export function ratio(num: number, den: number): number {
  return den > 0 ? num / den : 0;
}

/** Rounds to 6 decimals so JSON stays readable and stable across platforms. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function groupMetrics(c: Counts): GroupMetrics {
  const inClarify = c.clarify - (c.noneN - c.noneAnswered - c.noneHandoff);
  return {
    turns: c.n,
    inScope: {
      n: c.inN,
      top1: round6(ratio(c.top1, c.inN)),
      top3: round6(ratio(c.top3, c.inN)),
      top5: round6(ratio(c.top5, c.inN)),
      mrr: round6(ratio(c.rr, c.inN)),
    },
    outOfScope: { n: c.noneN, falseAnswerRate: round6(ratio(c.noneAnswered, c.noneN)), handoffRate: round6(ratio(c.noneHandoff, c.noneN)) },
    answerRate: round6(ratio(c.answered, c.n)),
    answeredPrecision: round6(ratio(c.answeredCorrect, c.answered)),
    clarifyRate: round6(ratio(c.clarify, c.n)),
    clarifyHitRate: round6(ratio(c.clarifyHit, inClarify)),
    handoffRate: round6(ratio(c.handoff, c.n)),
    falseAnswerRate: round6(ratio(c.answered - c.answeredCorrect, c.n)),
  };
}

export function f1Of(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

/**
 * Per-entry precision, recall and F1 over predictions (see `predictionOf`). Every labeled or predicted id
 * appears, `__none__` included; sorted by id.
 */
export function entryMetrics(acc: EvalAccumulator, info: ReadonlyMap<string, EntryInfo>): EntryMetrics[] {
  const ids = new Set([...Object.keys(acc.byLabel), ...Object.keys(acc.predicted)]);
  return [...ids].sort().map((id) => {
    const c = acc.byLabel[id];
    const support = c?.n ?? 0;
    const correct = c?.predCorrect ?? 0;
    const predicted = acc.predicted[id] ?? 0;
    const precision = ratio(correct, predicted);
    const recall = ratio(correct, support);
    const meta = info.get(id);
    return {
      id,
      category: id === NONE_LABEL ? NONE_LABEL : (meta?.category ?? ''),
      layer: id === NONE_LABEL ? NONE_LABEL : (meta?.layer ?? ''),
      support,
      predicted,
      correct,
      precision: round6(precision),
      recall: round6(recall),
      f1: round6(f1Of(precision, recall)),
    };
  });
}

/** Counters summed by a key of each label's entry (category, layer); `__none__` turns form their own group. */
export function groupBy(acc: EvalAccumulator, keyOf: (label: string) => string): Record<string, GroupMetrics> {
  const sums = new Map<string, Counts>();
  for (const [label, c] of Object.entries(acc.byLabel)) {
    const k = keyOf(label);
    sums.set(k, addCounts(sums.get(k) ?? emptyCounts(), c));
  }
  const out: Record<string, GroupMetrics> = {};
  for (const k of [...sums.keys()].sort()) out[k] = groupMetrics(sums.get(k)!);
  return out;
}

/** The top-level category of an entry (`售后/保修` → `售后`), or `(none)` when it has none. */
export function topCategory(category: string | undefined): string {
  if (!category) return '(none)';
  return category.split('/')[0]!.trim() || '(none)';
}

/** Most frequent wrong (label, prediction) pairs, with their example turns. Ties break by label, then prediction. */
export function confusionPairs(acc: EvalAccumulator, limit: number): ConfusionPair[] {
  return Object.entries(acc.confusion)
    .map(([pair, count]) => {
      const [label, predicted] = pair.split('\t') as [string, string];
      const examples = (acc.examples[pair] ?? []).map((e: TurnExample) => ({ key: e.key, text: e.text, decision: e.decision, confidence: round6(e.confidence) }));
      return { label, predicted, count, examples };
    })
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label) || a.predicted.localeCompare(b.predicted))
    .slice(0, limit);
}

/** Entries with support and F1 below 1, lowest F1 first (then most support, then id). `__none__` is left out. */
export function worstEntries(entries: readonly EntryMetrics[], limit: number): EntryMetrics[] {
  return entries
    .filter((e) => e.support > 0 && e.id !== NONE_LABEL && e.f1 < 1)
    .sort((a, b) => a.f1 - b.f1 || b.support - a.support || a.id.localeCompare(b.id))
    .slice(0, limit);
}

export function summaryOf(acc: EvalAccumulator): GroupMetrics {
  return groupMetrics(totalCounts(acc));
}
