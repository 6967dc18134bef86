/**
 * CI gates over an eval result: absolute bounds and regressions against a baseline result. Pure; the
 * command sets exit code 1 when any gate fails.
 */
import type { GroupMetrics } from './metrics.js';
import { round6 } from './metrics.js';

export interface GateOptions {
  /** Minimum in-scope top-1 accuracy, 0–1. */
  minTop1?: number;
  /** Minimum answered precision, 0–1. */
  minPrecision?: number;
  /** Maximum false-answer rate (over all turns), 0–1. */
  maxFalseAnswerRate?: number;
  /** Summary of a previous result to compare against. */
  baseline?: GroupMetrics;
  /** Largest drop allowed against the baseline. Default 0.005, range 0–1. */
  tolerance?: number;
}

export interface GateCheck {
  /** Stable name, e.g. `min-top1`, `baseline:inScope.top1`. */
  name: string;
  metric: string;
  actual: number;
  /** The bound the figure was held to (for baselines: the baseline figure minus/plus tolerance). */
  bound: number;
  op: '>=' | '<=';
  passed: boolean;
  baseline?: number;
}

export interface GateReport {
  passed: boolean;
  checks: GateCheck[];
}

/** Metrics compared with a baseline: higher is better unless listed as lower-better. */
export const BASELINE_METRICS: readonly { metric: string; higherBetter: boolean }[] = [
  { metric: 'inScope.top1', higherBetter: true },
  { metric: 'inScope.top3', higherBetter: true },
  { metric: 'inScope.mrr', higherBetter: true },
  { metric: 'answeredPrecision', higherBetter: true },
  { metric: 'outOfScope.handoffRate', higherBetter: true },
  { metric: 'falseAnswerRate', higherBetter: false },
  { metric: 'outOfScope.falseAnswerRate', higherBetter: false },
];

export function metricValue(summary: GroupMetrics, metric: string): number | undefined {
  let v: unknown = summary;
  for (const part of metric.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return typeof v === 'number' ? v : undefined;
}

const EPS = 1e-9;

export function checkGates(summary: GroupMetrics, o: GateOptions): GateReport {
  const checks: GateCheck[] = [];
  const add = (name: string, metric: string, actual: number, bound: number, op: '>=' | '<=', baseline?: number) => {
    const passed = op === '>=' ? actual >= bound - EPS : actual <= bound + EPS;
    const c: GateCheck = { name, metric, actual, bound: round6(bound), op, passed };
    if (baseline !== undefined) c.baseline = baseline;
    checks.push(c);
  };
  if (o.minTop1 !== undefined) add('min-top1', 'inScope.top1', summary.inScope.top1, o.minTop1, '>=');
  if (o.minPrecision !== undefined) add('min-precision', 'answeredPrecision', summary.answeredPrecision, o.minPrecision, '>=');
  if (o.maxFalseAnswerRate !== undefined) add('max-false-answer-rate', 'falseAnswerRate', summary.falseAnswerRate, o.maxFalseAnswerRate, '<=');
  if (o.baseline) {
    const tol = o.tolerance ?? 0.005;
    for (const { metric, higherBetter } of BASELINE_METRICS) {
      const before = metricValue(o.baseline, metric);
      const now = metricValue(summary, metric);
      if (before === undefined || now === undefined) continue;
      if (higherBetter) add(`baseline:${metric}`, metric, now, before - tol, '>=', before);
      else add(`baseline:${metric}`, metric, now, before + tol, '<=', before);
    }
  }
  return { passed: checks.every((c) => c.passed), checks };
}
