/**
 * K-fold cross-validation over the knowledge base's own similar phrasings: each fold holds some phrasings
 * out, rebuilds the matcher without them and asks them back as labeled queries. Pure given the matcher
 * builder; the fold split is seeded.
 */
import type { Matcher } from '../match/types.js';
import type { Entry } from '../model/types.js';
import { createAccumulator, type AccumulatorOptions } from './accumulator.js';
import { round6, summaryOf } from './metrics.js';
import { scoreSession } from './score.js';
import { seededRandom } from '../util/random.js';

export interface CvOptions {
  /** Number of folds, 2–20. */
  k: number;
  /** Seed of the fold split. */
  seed: number;
  accumulator?: Partial<AccumulatorOptions>;
}

export interface FoldFigures {
  turns: number;
  top1: number;
  top3: number;
  mrr: number;
  answerRate: number;
  answeredPrecision: number;
}

export interface CvReport {
  k: number;
  seed: number;
  folds: (FoldFigures & { fold: number })[];
  mean: FoldFigures;
  /** Population standard deviation across folds. */
  std: FoldFigures;
}

export interface Fold {
  entries: Entry[];
  queries: { entryId: string; text: string }[];
}

/**
 * Deals every similar phrasing of the enabled entries into `k` folds, round-robin after a seeded shuffle.
 * Standard questions always stay in the index, so every entry remains matchable in every fold.
 */
export function planFolds(entries: readonly Entry[], k: number, seed: number): Fold[] {
  const items: { entryId: string; index: number }[] = [];
  for (const e of entries) {
    if (!e.enabled) continue;
    e.similar.forEach((_, index) => items.push({ entryId: e.id, index }));
  }
  const rand = seededRandom(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  const held: Set<string>[] = Array.from({ length: k }, () => new Set());
  items.forEach((it, i) => held[i % k]!.add(`${it.entryId}\u0000${it.index}`));
  return held.map((set) => {
    const queries: Fold['queries'] = [];
    const foldEntries = entries.map((e) => {
      if (!e.enabled || e.similar.length === 0) return e;
      const keep: string[] = [];
      e.similar.forEach((text, index) => {
        if (set.has(`${e.id}\u0000${index}`)) queries.push({ entryId: e.id, text });
        else keep.push(text);
      });
      return keep.length === e.similar.length ? e : { ...e, similar: keep, similarLines: undefined };
    });
    queries.sort((a, b) => a.entryId.localeCompare(b.entryId) || a.text.localeCompare(b.text));
    return { entries: foldEntries, queries };
  });
}

function figures(list: FoldFigures[], pick: (f: FoldFigures) => number): { mean: number; std: number } {
  const n = list.length;
  const mean = list.reduce((s, f) => s + pick(f), 0) / n;
  const variance = list.reduce((s, f) => s + (pick(f) - mean) ** 2, 0) / n;
  return { mean: round6(mean), std: round6(Math.sqrt(variance)) };
}

export function crossValidate(entries: readonly Entry[], build: (entries: Entry[]) => Matcher, o: CvOptions): CvReport {
  const folds = planFolds(entries, o.k, o.seed).map((fold, i) => {
    const matcher = build(fold.entries);
    const acc = createAccumulator(o.accumulator);
    fold.queries.forEach((q, j) => {
      scoreSession(matcher, { file: 'cv', session: `fold${i + 1}-${j + 1}`, turns: [{ role: 'customer', text: q.text, turn: 1, label: q.entryId, ordinal: j }] }, acc);
    });
    const s = summaryOf(acc);
    return { fold: i + 1, turns: s.turns, top1: s.inScope.top1, top3: s.inScope.top3, mrr: s.inScope.mrr, answerRate: s.answerRate, answeredPrecision: s.answeredPrecision };
  });
  const keys: (keyof FoldFigures)[] = ['turns', 'top1', 'top3', 'mrr', 'answerRate', 'answeredPrecision'];
  const mean = {} as FoldFigures;
  const std = {} as FoldFigures;
  for (const key of keys) {
    const f = figures(folds, (x) => x[key]);
    mean[key] = f.mean;
    std[key] = f.std;
  }
  return { k: o.k, seed: o.seed, folds, mean, std };
}
