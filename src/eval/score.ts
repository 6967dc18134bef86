/**
 * Runs the matcher over sessions and folds each scored turn into an accumulator. Pure over its inputs: the
 * matcher is given, turns are given, nothing is read or printed.
 */
import type { Matcher, MatchResult, SessionTurn } from '../match/types.js';
import type { Role } from '../model/chatlog.js';
import { isTraditionalText } from './script.js';
import { addOutcome, type EvalAccumulator, type TurnOutcome } from './accumulator.js';

/** One turn as the scorer needs it. `ordinal` is set on turns to score (customer turns with a known label). */
export interface EvalTurn {
  role: Role;
  text: string;
  turn: number;
  label?: string;
  ordinal?: number;
}

/** A whole session: turns in order. Sessions are the unit of work handed to workers. */
export interface EvalSession {
  file: string;
  session: string;
  turns: EvalTurn[];
}

/** Reasons for a handoff no threshold can change. */
const FORCED = new Set(['human-request', 'empty']);

export function toOutcome(result: MatchResult, turn: EvalTurn & { label: string; ordinal: number }, key: string, first: boolean): TurnOutcome {
  // First candidate an entry tagged out-of-scope: handed off at any threshold, and the bot's prediction is
  // "none of the knowledge base's answers" whatever words it says while transferring.
  const outOfScopeEntry = result.decision === 'handoff' && result.handoffReason === 'out-of-scope' && result.entryId !== undefined;
  const top = result.candidates.slice(0, 5).map((c) => c.entryId);
  const o: TurnOutcome = {
    ordinal: turn.ordinal,
    key,
    text: turn.text,
    label: turn.label,
    decision: result.decision,
    top,
    confidence: result.candidates[0]?.confidence ?? 0,
    second: result.candidates[1]?.confidence ?? 0,
    reach: result.clarifyConfidence,
    forced: outOfScopeEntry || (result.decision === 'handoff' && result.handoffReason !== undefined && FORCED.has(result.handoffReason)),
    first,
    traditional: isTraditionalText(turn.text),
  };
  if (result.decision !== 'clarify' && result.entryId !== undefined && !outOfScopeEntry) o.entryId = result.entryId;
  return o;
}

/**
 * Scores the labeled customer turns of one session; every earlier turn (any role) is passed as context.
 * The first customer turn of a session counts as "first", later ones as follow-ups.
 */
export function scoreSession(matcher: Matcher, session: EvalSession, acc: EvalAccumulator): void {
  acc.sessions++;
  const history: SessionTurn[] = [];
  let seenCustomer = false;
  for (const t of session.turns) {
    if (t.role === 'customer' && t.label !== undefined && t.ordinal !== undefined) {
      // Eval reads ids and confidences only; the explanation would cost time on every turn.
      const result = matcher.match(t.text, history, { explain: false });
      const key = `${session.file}:${session.session}:${t.turn}`;
      addOutcome(acc, toOutcome(result, t as EvalTurn & { label: string; ordinal: number }, key, !seenCustomer));
    } else acc.contextTurns++;
    if (t.role === 'customer') seenCustomer = true;
    history.push({ role: t.role, text: t.text });
  }
}
