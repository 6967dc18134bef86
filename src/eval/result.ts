/**
 * The one versioned eval result every report formats. `version` changes only on incompatible changes;
 * loaders reject versions they do not know. Documented in docs/eval-result.md.
 */
import type { Thresholds } from '../model/config.js';
import type { TurnExample, TurnRecord, EvalAccumulator } from './accumulator.js';
import { calibrate, type Calibration, type CalibrationOptions } from './calibrate.js';
import type { GateReport } from './gates.js';
import type { DiffReport } from './diff.js';
import type { CvReport } from './cv.js';
import {
  confusionPairs,
  entryMetrics,
  groupBy,
  groupMetrics,
  summaryOf,
  topCategory,
  worstEntries,
  type ConfusionPair,
  type EntryInfo,
  type EntryMetrics,
  type GroupMetrics,
} from './metrics.js';
import { NONE_LABEL } from '../model/types.js';

export const EVAL_RESULT_VERSION = 1;

export interface EvalResult {
  version: 1;
  createdAt: string;
  label?: string;
  knowledgeBase: { source: 'workspace' | 'bundle'; path: string; entries: number };
  inputs: { files: string[]; sessions: number; scoredTurns: number; contextTurns: number; skippedUnknownLabels: number };
  thresholds: Thresholds;
  summary: GroupMetrics;
  groups: {
    layer: Record<string, GroupMetrics>;
    category: Record<string, GroupMetrics>;
    script: { simplified: GroupMetrics; traditional: GroupMetrics };
    position: { first: GroupMetrics; followUp: GroupMetrics };
  };
  entries: EntryMetrics[];
  confusions: ConfusionPair[];
  worstEntries: string[];
  calibration: Calibration;
  wrongTurns: Omit<TurnExample, 'ordinal'>[];
  gates?: GateReport;
  diff?: DiffReport;
  cv?: CvReport;
  /** Every scored turn's outcome, sorted by key; present when asked for (JSON output, `--diff`). */
  turns?: TurnRecord[];
}

export interface BuildResultOptions {
  createdAt: string;
  label?: string;
  knowledgeBase: EvalResult['knowledgeBase'];
  files: string[];
  skippedUnknownLabels: number;
  thresholds: Thresholds;
  entryInfo: ReadonlyMap<string, EntryInfo>;
  calibration?: CalibrationOptions;
  /** Confused pairs listed. Default 20. */
  confusions?: number;
  /** Worst entries listed. Default 10. */
  worst?: number;
}

export function buildResult(acc: EvalAccumulator, o: BuildResultOptions): EvalResult {
  const summary = summaryOf(acc);
  const entries = entryMetrics(acc, o.entryInfo);
  const layerOf = (label: string) => (label === NONE_LABEL ? NONE_LABEL : (o.entryInfo.get(label)?.layer ?? 'unknown'));
  const categoryOf = (label: string) => (label === NONE_LABEL ? NONE_LABEL : topCategory(o.entryInfo.get(label)?.category));
  const result: EvalResult = {
    version: EVAL_RESULT_VERSION,
    createdAt: o.createdAt,
    knowledgeBase: o.knowledgeBase,
    inputs: { files: [...o.files].sort(), sessions: acc.sessions, scoredTurns: summary.turns, contextTurns: acc.contextTurns, skippedUnknownLabels: o.skippedUnknownLabels },
    thresholds: o.thresholds,
    summary,
    groups: {
      layer: groupBy(acc, layerOf),
      category: groupBy(acc, categoryOf),
      script: { simplified: groupMetrics(acc.script.simplified), traditional: groupMetrics(acc.script.traditional) },
      position: { first: groupMetrics(acc.position.first), followUp: groupMetrics(acc.position.followUp) },
    },
    entries,
    confusions: confusionPairs(acc, o.confusions ?? 20),
    worstEntries: worstEntries(entries, o.worst ?? 10).map((e) => e.id),
    calibration: calibrate(acc.histogram, o.calibration),
    wrongTurns: acc.wrong.map(({ ordinal: _ordinal, ...rest }) => rest),
  };
  if (o.label !== undefined) result.label = o.label;
  if (acc.options.recordTurns) result.turns = [...acc.records].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return result;
}

/** Thrown by `parseEvalResult`; the command turns it into a UserError naming the file. */
export class EvalResultFormatError extends Error {
  constructor(
    message: string,
    readonly params: Record<string, string | number>,
  ) {
    super(message);
  }
}

/**
 * Reads a previous result (for `--baseline` and `--diff`). Unknown versions are refused with the version
 * found, so a newer kbt's results are never misread.
 */
export function parseEvalResult(text: string): EvalResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new EvalResultFormatError('eval.result.badJson', { detail: (err as Error).message });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new EvalResultFormatError('eval.result.notResult', {});
  const v = (value as { version?: unknown }).version;
  if (v !== EVAL_RESULT_VERSION) {
    throw new EvalResultFormatError('eval.result.badVersion', { found: v === undefined ? '(none)' : String(v), supported: EVAL_RESULT_VERSION });
  }
  const summary = (value as { summary?: { inScope?: unknown; outOfScope?: unknown } }).summary;
  if (!summary || typeof summary !== 'object' || !summary.inScope || !summary.outOfScope) throw new EvalResultFormatError('eval.result.notResult', {});
  return value as EvalResult;
}

/** The result without per-turn records: what the workspace store keeps for history. */
export function withoutTurns(result: EvalResult): EvalResult {
  const { turns: _turns, ...rest } = result;
  return rest;
}
