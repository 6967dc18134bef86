/**
 * "Training" a knowledge base: the re-ranker and its confidence are fitted on the knowledge base's own
 * phrasings. Each round leaves one similar phrasing of many entries out of the index and asks it as a
 * question (the right answer: its entry), and leaves a share of whole entries out and asks one of their
 * phrasings (the right answer: none of the candidates). A softmax over {none} ∪ the first stage's best
 * candidates is fitted to those answers, so a candidate's probability is "how often the right entry looked
 * like this" and a high "none" is what an out-of-scope question looks like. Phrasings of entries tagged
 * `out-of-scope` (questions from outside the shop) are asked in every round with none as the right answer.
 * Deterministic: seeded choices, full-batch gradient steps in a fixed order.
 */
import { createMatcher, type CandidatePool } from './matcher.js';
import { indexAnalyzed, type AnalyzedKnowledge, type IndexBuild } from './index-data.js';
import type { MatcherOptions } from './options.js';
import { CANDIDATE_FEATURES, QUERY_FEATURES, type RankerModel } from './ranker.js';
import { seededRandom } from '../util/random.js';

export interface TrainOptions {
  /** Seed of every random choice. Default 1. */
  seed: number;
  /** Held-out questions to aim for over all rounds (more rounds on small knowledge bases). Default 2000, range [1, ∞). */
  targetQueries: number;
  /** At most this many rounds (one index each). Default 4, range [1, ∞). */
  maxRounds: number;
  /** Share of entries left out whole per round as out-of-scope questions. Default 0.15, range [0, 0.5]. */
  outOfScopeShare: number;
  /** Entries with at least two phrasings needed to train at all. Default 20, range [2, ∞). */
  minEntries: number;
  /** Candidates re-ranked per turn. Default 10, range [2, 50]. */
  depth: number;
  /** Gradient steps. Default 300. */
  iterations: number;
  /** L2 penalty on the (standardized) weights. Default 0.01. */
  l2: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  seed: 1,
  targetQueries: 2000,
  maxRounds: 4,
  outOfScopeShare: 0.15,
  minEntries: 20,
  depth: 10,
  iterations: 300,
  l2: 0.01,
};

function shuffle<T>(a: T[], rnd: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** One training question: the pool the first stage found and the index of the right candidate (−1: none). */
export interface TrainingExample {
  pool: CandidatePool;
  target: number;
  /** The question's entry was left out of the index (a simulated out-of-scope question). */
  outOfScope: boolean;
}

/** Held-out questions and their pools, from the knowledge base's own phrasings. */
export function collectExamples(k: AnalyzedKnowledge, build: IndexBuild, options: MatcherOptions, t: TrainOptions): TrainingExample[] {
  const byEntry: number[][] = k.entries.map(() => []);
  k.entryOf.forEach((e, p) => byEntry[e]!.push(p));
  const eligible = byEntry.filter((ps, e) => ps.length >= 2 && !k.entries[e]!.outOfScope).length;
  if (eligible < t.minEntries) return [];
  const rnd = seededRandom(t.seed);
  const outOfScope = k.entries.flatMap((e, i) => (e.outOfScope ? [i] : []));
  const outOfScopePhrasings = outOfScope.flatMap((e) => byEntry[e]!);
  const perRound = Math.max(1, Math.round(eligible * (1 - t.outOfScopeShare)));
  const rounds = Math.max(1, Math.min(t.maxRounds, Math.ceil(t.targetQueries / perRound)));
  const examples: TrainingExample[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = shuffle(
      k.entries.map((_, i) => i).filter((i) => byEntry[i]!.length > 0 && !k.entries[i]!.outOfScope),
      rnd,
    );
    // Out-of-scope questions are a share of all questions asked, so the none option learns a base rate
    // near what real logs show whatever the share of single-phrasing entries.
    const nNone = Math.min(Math.round(order.length / 2), Math.round((Math.min(perRound, Math.ceil(t.targetQueries / rounds)) * t.outOfScopeShare) / (1 - t.outOfScopeShare)));
    const removed = new Set([...order.slice(0, nNone), ...outOfScope]);
    const queries: { p: number; entry: number }[] = [];
    for (const e of order.slice(0, nNone)) {
      const ps = byEntry[e]!;
      queries.push({ p: ps[Math.floor(rnd() * ps.length)]!, entry: -1 });
    }
    // Written out-of-scope questions (weather, stocks, other platforms' orders) are asked in every round:
    // a left-out entry is still a shopping question, and only these show the none option what a question
    // from outside the shop looks like.
    for (const p of outOfScopePhrasings) queries.push({ p, entry: -1 });
    const inScope: { p: number; entry: number }[] = [];
    for (const e of order.slice(nNone)) {
      const ps = byEntry[e]!;
      if (ps.length < 2) continue;
      inScope.push({ p: ps[Math.floor(rnd() * ps.length)]!, entry: e });
    }
    const cap = Math.ceil(t.targetQueries / rounds);
    queries.push(...inScope.slice(0, cap));
    const held = new Set(queries.map((q) => q.p));
    const data = indexAnalyzed(k, build, (p) => !held.has(p) && !removed.has(k.entryOf[p]!));
    const m = createMatcher(data, options);
    for (const q of queries) {
      const pool = m.pool(k.analyses[q.p]!, t.depth);
      if (pool.entries.length === 0 && q.entry >= 0) continue;
      examples.push({ pool, target: q.entry < 0 ? -1 : pool.entries.indexOf(q.entry), outOfScope: q.entry < 0 });
    }
  }
  return examples;
}

function standardize(rows: readonly ArrayLike<number>[], width: number, fixed: readonly number[] = []): { mean: number[]; std: number[] } {
  const mean = new Array<number>(width).fill(0);
  const std = new Array<number>(width).fill(0);
  for (const x of rows) for (let j = 0; j < width; j++) mean[j]! += x[j]!;
  for (let j = 0; j < width; j++) mean[j] = mean[j]! / (rows.length || 1);
  for (const x of rows) for (let j = 0; j < width; j++) std[j]! += (x[j]! - mean[j]!) ** 2;
  for (let j = 0; j < width; j++) {
    const s = Math.sqrt(std[j]! / (rows.length || 1));
    std[j] = s > 1e-9 ? s : 1;
  }
  for (const j of fixed) {
    mean[j] = 0;
    std[j] = 1;
  }
  return { mean, std };
}

/**
 * Fits the softmax re-ranker to the examples (Adam on the mean negative log-likelihood with an L2 penalty).
 * Returns undefined when there is too little to learn from.
 */
export function fitRanker(examples: readonly TrainingExample[], t: TrainOptions): RankerModel | undefined {
  if (examples.length < t.minEntries) return undefined;
  const F = CANDIDATE_FEATURES.length;
  const G = QUERY_FEATURES.length;
  const cand = standardize(examples.flatMap((x) => x.pool.features), F);
  const qs = standardize(examples.map((x) => x.pool.query), G, [0]);
  // Standardized copies in flat typed arrays (example i's candidates are rows rowStart[i] .. rowStart[i+1]),
  // so the loop below allocates nothing and reads memory in order.
  const n = examples.length;
  const rowStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowStart[i + 1] = rowStart[i]! + examples[i]!.pool.features.length;
  const X = new Float64Array(rowStart[n]! * F);
  const Q = new Float64Array(n * G);
  const target = new Int32Array(n);
  let maxRows = 0;
  examples.forEach((ex, i) => {
    ex.pool.features.forEach((f, c) => {
      const at = (rowStart[i]! + c) * F;
      for (let j = 0; j < F; j++) X[at + j] = (f[j]! - cand.mean[j]!) / cand.std[j]!;
    });
    for (let j = 0; j < G; j++) Q[i * G + j] = (ex.pool.query[j]! - qs.mean[j]!) / qs.std[j]!;
    const rows = ex.pool.features.length;
    target[i] = ex.target < 0 ? rows : ex.target;
    if (rows > maxRows) maxRows = rows;
  });
  const w = new Float64Array(F);
  const v = new Float64Array(G);
  // Start from "the first stage's score decides": a sensible ranking before the first step.
  w[0] = 1;
  const params = F + G;
  const m1 = new Float64Array(params);
  const m2 = new Float64Array(params);
  const grad = new Float64Array(params);
  const z = new Float64Array(maxRows + 1);
  const lr = 0.05;
  const b1 = 0.9;
  const b2 = 0.999;
  for (let it = 1; it <= t.iterations; it++) {
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const first = rowStart[i]!;
      const rows = rowStart[i + 1]! - first;
      const q = i * G;
      let max = -Infinity;
      for (let c = 0; c < rows; c++) {
        let s = 0;
        const x = (first + c) * F;
        for (let j = 0; j < F; j++) s += w[j]! * X[x + j]!;
        z[c] = s;
        if (s > max) max = s;
      }
      let sn = 0;
      for (let j = 0; j < G; j++) sn += v[j]! * Q[q + j]!;
      z[rows] = sn;
      if (sn > max) max = sn;
      let sum = 0;
      for (let c = 0; c <= rows; c++) sum += z[c] = Math.exp(z[c]! - max);
      const right = target[i]!;
      for (let c = 0; c < rows; c++) {
        const d = z[c]! / sum - (c === right ? 1 : 0);
        if (d === 0) continue;
        const x = (first + c) * F;
        for (let j = 0; j < F; j++) grad[j]! += d * X[x + j]!;
      }
      const dn = z[rows]! / sum - (right === rows ? 1 : 0);
      for (let j = 0; j < G; j++) grad[F + j]! += dn * Q[q + j]!;
    }
    for (let j = 0; j < params; j++) {
      const p = j < F ? w[j]! : v[j - F]!;
      // No penalty on the none option's bias: it carries the base rate of out-of-scope questions.
      const g = grad[j]! / n + (j === F ? 0 : t.l2 * p);
      m1[j] = b1 * m1[j]! + (1 - b1) * g;
      m2[j] = b2 * m2[j]! + (1 - b2) * g * g;
      const step = (lr * (m1[j]! / (1 - b1 ** it))) / (Math.sqrt(m2[j]! / (1 - b2 ** it)) + 1e-8);
      if (j < F) w[j] = p - step;
      else v[j - F] = p - step;
    }
  }
  const round = (a: ArrayLike<number>) => Array.from(a, (x) => Math.round(x * 1e6) / 1e6);
  return {
    features: [...CANDIDATE_FEATURES],
    queryFeatures: [...QUERY_FEATURES],
    mean: round(cand.mean),
    std: round(cand.std).map((s) => (s > 0 ? s : 1)),
    weights: round(w),
    queryMean: round(qs.mean),
    queryStd: round(qs.std).map((s) => (s > 0 ? s : 1)),
    nullWeights: round(v),
    depth: t.depth,
    trainedOn: {
      queries: examples.length,
      outOfScope: examples.filter((x) => x.outOfScope).length,
      seed: t.seed,
    },
  };
}

/** Collects held-out questions from the knowledge base and fits the re-ranker; undefined when too small. */
export function trainRanker(k: AnalyzedKnowledge, build: IndexBuild, options: MatcherOptions, t: TrainOptions = DEFAULT_TRAIN_OPTIONS): RankerModel | undefined {
  return fitRanker(collectExamples(k, build, options, t), t);
}
