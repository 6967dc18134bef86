/**
 * Turn-by-turn comparison of two results with per-turn records: which turns got fixed, broke, or changed
 * the entry they answered. Pure; sorted by key.
 */
import { isGoodOutcome, type TurnRecord } from './accumulator.js';

export interface TurnChange {
  key: string;
  text: string;
  label: string;
  before: { decision: string; entryId?: string; outcome: string };
  after: { decision: string; entryId?: string; outcome: string };
}

export interface DiffReport {
  fixed: TurnChange[];
  broken: TurnChange[];
  /** Still good or still wrong, but the answered entry changed. */
  changedAnswer: TurnChange[];
  /** Turns only one of the two runs scored. */
  added: number;
  removed: number;
  unchanged: number;
}

function side(r: TurnRecord): TurnChange['before'] {
  const s: TurnChange['before'] = { decision: r.decision, outcome: r.outcome };
  if (r.entryId !== undefined) s.entryId = r.entryId;
  return s;
}

export function diffTurns(before: readonly TurnRecord[], after: readonly TurnRecord[]): DiffReport {
  const prev = new Map(before.map((r) => [r.key, r]));
  const out: DiffReport = { fixed: [], broken: [], changedAnswer: [], added: 0, removed: 0, unchanged: 0 };
  const seen = new Set<string>();
  for (const now of after) {
    seen.add(now.key);
    const was = prev.get(now.key);
    if (!was) {
      out.added++;
      continue;
    }
    const change: TurnChange = { key: now.key, text: now.text, label: now.label, before: side(was), after: side(now) };
    const goodBefore = isGoodOutcome(was.outcome);
    const goodNow = isGoodOutcome(now.outcome);
    if (!goodBefore && goodNow) out.fixed.push(change);
    else if (goodBefore && !goodNow) out.broken.push(change);
    else if (was.entryId !== now.entryId && (was.entryId !== undefined || now.entryId !== undefined)) out.changedAnswer.push(change);
    else out.unchanged++;
  }
  for (const key of prev.keys()) if (!seen.has(key)) out.removed++;
  const byKey = (a: TurnChange, b: TurnChange) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  out.fixed.sort(byKey);
  out.broken.sort(byKey);
  out.changedAnswer.sort(byKey);
  return out;
}
