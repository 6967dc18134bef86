/**
 * Mergeable counters for an eval run. Workers each fill one accumulator over the sessions they were given;
 * the main thread merges them. Everything is a plain object (structured-clone friendly), memory is bounded
 * by the number of entries, not turns, except the optional per-turn records used by `--diff`.
 */
import { NONE_LABEL } from '../model/types.js';
import type { Decision } from '../match/types.js';

/** Counters of one group of scored turns (all turns, a label, a script, a position…). */
export interface Counts {
  n: number;
  /** In-scope turns (label is an entry id). */
  inN: number;
  top1: number;
  top3: number;
  top5: number;
  /** Sum of reciprocal ranks of the label among candidates (in-scope turns). */
  rr: number;
  answered: number;
  answeredCorrect: number;
  clarify: number;
  /** Clarify turns whose label is among the offered candidates. */
  clarifyHit: number;
  handoff: number;
  /** Out-of-scope (`__none__`) turns, and how they were handled. */
  noneN: number;
  noneAnswered: number;
  noneHandoff: number;
  /** Turns whose prediction (see `predictionOf`) equals the label. */
  predCorrect: number;
}

export const COUNT_KEYS: readonly (keyof Counts)[] = [
  'n', 'inN', 'top1', 'top3', 'top5', 'rr', 'answered', 'answeredCorrect', 'clarify', 'clarifyHit', 'handoff', 'noneN', 'noneAnswered', 'noneHandoff', 'predCorrect',
];

export function emptyCounts(): Counts {
  return { n: 0, inN: 0, top1: 0, top3: 0, top5: 0, rr: 0, answered: 0, answeredCorrect: 0, clarify: 0, clarifyHit: 0, handoff: 0, noneN: 0, noneAnswered: 0, noneHandoff: 0, predCorrect: 0 };
}

export function addCounts(into: Counts, from: Counts): Counts {
  for (const k of COUNT_KEYS) into[k] += from[k];
  return into;
}

/** How one scored turn went, as the scorer computed it from the matcher's result. */
export interface TurnOutcome {
  /** Global position of the turn in the input (file order); keeps bounded samples deterministic. */
  ordinal: number;
  /** `file:session:turn`, the key `--diff` matches turns by. */
  key: string;
  text: string;
  label: string;
  decision: Decision;
  /** Entry answered (answer / tutorial), or the handoff entry a handoff replied with. */
  entryId?: string;
  /** Candidate entry ids, best first (at most 5 kept). */
  top: string[];
  /** Confidence of the best and second candidates (0 when absent). */
  confidence: number;
  second: number;
  /** The matcher's `clarifyConfidence`: what the suggest threshold is compared with. */
  reach: number;
  /** Handoffs the thresholds cannot change (a request for a person, an empty turn). */
  forced: boolean;
  first: boolean;
  traditional: boolean;
}

/** A turn kept as an example (confusions, wrong turns). */
export interface TurnExample {
  ordinal: number;
  key: string;
  text: string;
  label: string;
  decision: Decision;
  entryId?: string;
  predicted: string;
  confidence: number;
}

/** Per-turn outcome class, what `--diff` compares. */
export type OutcomeClass = 'answered-right' | 'answered-wrong' | 'clarified-hit' | 'clarified-miss' | 'handed-off-right' | 'handed-off-miss';

/** What `--diff` needs of a turn, stored in the JSON result. */
export interface TurnRecord {
  key: string;
  label: string;
  decision: Decision;
  entryId?: string;
  outcome: OutcomeClass;
  text: string;
}

/**
 * Confidence histogram for threshold calibration (see calibrate.ts). The answer threshold is compared with
 * the top confidence, the suggest threshold with the clarify confidence (`reach`), so turns that can be
 * answered are also counted by both: `okBand*[top · (bins + 1) + reach]`. 1-D arrays have `bins + 1` slots.
 */
export interface Histogram {
  bins: number;
  /** Turns whose top candidate leads the second by at least the margin, by top bin: they can be answered. */
  okN: number[];
  okCorrect: number[];
  /** The same turns by (top bin, reach bin): turns, out-of-scope turns, right entry offered. */
  okBandN: number[];
  okBandNone: number[];
  okBandHit: number[];
  /** Turns inside the margin, by reach bin: at best a clarify. */
  lowN: number[];
  lowNone: number[];
  lowHit: number[];
  forced: number;
}

export interface AccumulatorOptions {
  /** How many candidates a clarify offers. Default 3, range 1–5. */
  offered: number;
  /** Clarify margin the histogram splits on (the matcher's `thresholds.margin`). Default 0.05. */
  margin: number;
  /** Example turns kept per confused pair. Default 3. */
  examplesPerPair: number;
  /** Wrong turns kept (for JUnit and the report). Default 200. */
  wrongTurns: number;
  /** Histogram resolution: 100 bins is 0.01 steps. Default 100. */
  bins: number;
  /** Keep a record of every turn (needed for `--diff` and the JSON result's `turns`). Default false. */
  recordTurns: boolean;
}

export const DEFAULT_ACCUMULATOR_OPTIONS: AccumulatorOptions = { offered: 3, margin: 0.05, examplesPerPair: 3, wrongTurns: 200, bins: 100, recordTurns: false };

export interface EvalAccumulator {
  options: AccumulatorOptions;
  /** Sessions and unscored turns seen (context only). */
  sessions: number;
  contextTurns: number;
  byLabel: Record<string, Counts>;
  /** How often each entry (or `__none__`) was the prediction. */
  predicted: Record<string, number>;
  script: { simplified: Counts; traditional: Counts };
  position: { first: Counts; followUp: Counts };
  /** `label\tpredicted` → count, for turns whose prediction is wrong. */
  confusion: Record<string, number>;
  examples: Record<string, TurnExample[]>;
  wrong: TurnExample[];
  histogram: Histogram;
  records: TurnRecord[];
}

export function createAccumulator(options: Partial<AccumulatorOptions> = {}): EvalAccumulator {
  const o = { ...DEFAULT_ACCUMULATOR_OPTIONS, ...options };
  const zeros = () => new Array<number>(o.bins + 1).fill(0);
  const square = () => new Array<number>((o.bins + 1) ** 2).fill(0);
  return {
    options: o,
    sessions: 0,
    contextTurns: 0,
    byLabel: {},
    predicted: {},
    script: { simplified: emptyCounts(), traditional: emptyCounts() },
    position: { first: emptyCounts(), followUp: emptyCounts() },
    confusion: {},
    examples: {},
    wrong: [],
    histogram: {
      bins: o.bins,
      okN: zeros(),
      okCorrect: zeros(),
      okBandN: square(),
      okBandNone: square(),
      okBandHit: square(),
      lowN: zeros(),
      lowNone: zeros(),
      lowHit: zeros(),
      forced: 0,
    },
    records: [],
  };
}

/**
 * What the bot would put first: the answered entry, the first clarify option, or `__none__` on handoff.
 * Per-entry precision/recall and the confusion pairs are computed over this.
 */
export function predictionOf(o: Pick<TurnOutcome, 'decision' | 'entryId' | 'top'>): string {
  if (o.decision === 'answer' || o.decision === 'tutorial') return o.entryId ?? o.top[0] ?? NONE_LABEL;
  if (o.decision === 'clarify') return o.top[0] ?? NONE_LABEL;
  // A handoff through a handoff entry (转人工, 投诉) replies with that entry while transferring.
  return o.entryId ?? NONE_LABEL;
}

export function classifyOutcome(o: Pick<TurnOutcome, 'decision' | 'entryId' | 'top' | 'label'>, offered: number): OutcomeClass {
  const inScope = o.label !== NONE_LABEL;
  switch (o.decision) {
    case 'answer':
    case 'tutorial':
      return inScope && o.entryId === o.label ? 'answered-right' : 'answered-wrong';
    case 'clarify':
      return inScope && o.top.slice(0, offered).includes(o.label) ? 'clarified-hit' : 'clarified-miss';
    default:
      // Handing off is right for an out-of-scope turn, and for a turn labelled with the handoff entry used.
      if (!inScope) return 'handed-off-right';
      return o.entryId !== undefined && o.entryId === o.label ? 'handed-off-right' : 'handed-off-miss';
  }
}

export function isGoodOutcome(c: OutcomeClass): boolean {
  return c === 'answered-right' || c === 'clarified-hit' || c === 'handed-off-right';
}

function countInto(c: Counts, o: TurnOutcome, offered: number, predicted: string): void {
  c.n++;
  const answered = o.decision === 'answer' || o.decision === 'tutorial';
  if (answered) c.answered++;
  else if (o.decision === 'clarify') c.clarify++;
  else c.handoff++;
  if (predicted === o.label) c.predCorrect++;
  if (o.label === NONE_LABEL) {
    c.noneN++;
    if (answered) c.noneAnswered++;
    else if (o.decision === 'handoff') c.noneHandoff++;
    return;
  }
  c.inN++;
  const rank = o.top.indexOf(o.label) + 1;
  if (rank === 1) c.top1++;
  if (rank >= 1 && rank <= 3) c.top3++;
  if (rank >= 1 && rank <= 5) c.top5++;
  if (rank >= 1) c.rr += 1 / rank;
  if (answered && o.entryId === o.label) c.answeredCorrect++;
  if (o.decision === 'clarify' && o.top.slice(0, offered).includes(o.label)) c.clarifyHit++;
}

/** Inserts keeping the `limit` smallest ordinals, in order: the same sample whatever the worker split. */
function keepSmallest(list: TurnExample[], item: TurnExample, limit: number): void {
  if (limit <= 0) return;
  if (list.length >= limit && list[list.length - 1]!.ordinal < item.ordinal) return;
  let i = list.length;
  while (i > 0 && list[i - 1]!.ordinal > item.ordinal) i--;
  list.splice(i, 0, item);
  if (list.length > limit) list.pop();
}

function binOf(confidence: number, bins: number): number {
  const c = Number.isFinite(confidence) ? Math.min(1, Math.max(0, confidence)) : 0;
  // The epsilon keeps 0.6 in bin 60 despite 0.6 * 100 = 59.99999…
  return Math.min(bins, Math.floor(c * bins + 1e-9));
}

export function addOutcome(acc: EvalAccumulator, o: TurnOutcome): void {
  const { offered, bins } = acc.options;
  const predicted = predictionOf(o);
  countInto((acc.byLabel[o.label] ??= emptyCounts()), o, offered, predicted);
  countInto(o.traditional ? acc.script.traditional : acc.script.simplified, o, offered, predicted);
  countInto(o.first ? acc.position.first : acc.position.followUp, o, offered, predicted);
  acc.predicted[predicted] = (acc.predicted[predicted] ?? 0) + 1;
  const outcome = classifyOutcome(o, offered);
  const example = (): TurnExample => {
    const ex: TurnExample = { ordinal: o.ordinal, key: o.key, text: o.text, label: o.label, decision: o.decision, predicted, confidence: o.confidence };
    if (o.entryId !== undefined) ex.entryId = o.entryId;
    return ex;
  };
  if (predicted !== o.label) {
    const pair = `${o.label}\t${predicted}`;
    acc.confusion[pair] = (acc.confusion[pair] ?? 0) + 1;
    keepSmallest((acc.examples[pair] ??= []), example(), acc.options.examplesPerPair);
  }
  if (!isGoodOutcome(outcome)) keepSmallest(acc.wrong, example(), acc.options.wrongTurns);

  const h = acc.histogram;
  if (o.forced) h.forced++;
  else {
    const b = binOf(o.confidence, bins);
    const r = binOf(o.reach, bins);
    const inScope = o.label !== NONE_LABEL;
    const hit = inScope && o.top.slice(0, offered).includes(o.label) ? 1 : 0;
    if (o.top.length > 0 && o.confidence - o.second >= acc.options.margin - 1e-12) {
      h.okN[b]!++;
      if (inScope && o.top[0] === o.label) h.okCorrect[b]!++;
      const at = b * (bins + 1) + r;
      h.okBandN[at]!++;
      if (!inScope) h.okBandNone[at]!++;
      h.okBandHit[at]! += hit;
    } else {
      h.lowN[r]!++;
      if (!inScope) h.lowNone[r]!++;
      h.lowHit[r]! += hit;
    }
  }
  if (acc.options.recordTurns) {
    const r: TurnRecord = { key: o.key, label: o.label, decision: o.decision, outcome, text: o.text };
    if (o.entryId !== undefined) r.entryId = o.entryId;
    acc.records.push(r);
  }
}

function mergeExamples(a: TurnExample[], b: readonly TurnExample[], limit: number): TurnExample[] {
  for (const ex of b) keepSmallest(a, ex, limit);
  return a;
}

/** Merges `from` into `into` (both built with the same options) and returns `into`. */
export function mergeAccumulators(into: EvalAccumulator, from: EvalAccumulator): EvalAccumulator {
  into.sessions += from.sessions;
  into.contextTurns += from.contextTurns;
  for (const [label, c] of Object.entries(from.byLabel)) addCounts((into.byLabel[label] ??= emptyCounts()), c);
  for (const [id, n] of Object.entries(from.predicted)) into.predicted[id] = (into.predicted[id] ?? 0) + n;
  addCounts(into.script.simplified, from.script.simplified);
  addCounts(into.script.traditional, from.script.traditional);
  addCounts(into.position.first, from.position.first);
  addCounts(into.position.followUp, from.position.followUp);
  for (const [pair, n] of Object.entries(from.confusion)) into.confusion[pair] = (into.confusion[pair] ?? 0) + n;
  for (const [pair, list] of Object.entries(from.examples)) into.examples[pair] = mergeExamples(into.examples[pair] ?? [], list, into.options.examplesPerPair);
  into.wrong = mergeExamples(into.wrong, from.wrong, into.options.wrongTurns);
  const h = into.histogram;
  const g = from.histogram;
  for (const k of ['okN', 'okCorrect', 'okBandN', 'okBandNone', 'okBandHit', 'lowN', 'lowNone', 'lowHit'] as const) {
    for (let i = 0; i < h[k].length; i++) h[k][i]! += g[k][i] ?? 0;
  }
  h.forced += g.forced;
  for (const r of from.records) into.records.push(r);
  return into;
}

/** Sum of every label's counters: the whole run. */
export function totalCounts(acc: EvalAccumulator): Counts {
  const total = emptyCounts();
  for (const c of Object.values(acc.byLabel)) addCounts(total, c);
  return total;
}
