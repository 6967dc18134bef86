import type { Provenance } from '../model/types.js';

/**
 * The matcher's contract, shared by `kbt ask`, `kbt eval` and the bundle runtime.
 */
export type Decision = 'answer' | 'clarify' | 'handoff' | 'tutorial';

/** Why a turn was handed off, when it was. */
export type HandoffReason = 'low-confidence' | 'human-request' | 'out-of-scope' | 'empty' | 'handoff-entry';

/**
 * The decision rule that fired, in the order they are tried (decide.ts): `empty` (nothing left to match),
 * `human-request` (转人工), `out-of-scope-entry` (the first candidate is an entry tagged out-of-scope),
 * `below-suggest` (even the offered candidates fall short of the suggest threshold), `how-to` (a how-to
 * question with a tutorial close to the top), `confident` (the first reaches the answer threshold and leads
 * the second by the margin), `below-answer` and `too-close` (clarify: the first misses the answer threshold,
 * or leads the second by less than the margin).
 */
export type DecisionRule = 'empty' | 'human-request' | 'out-of-scope-entry' | 'below-suggest' | 'how-to' | 'confident' | 'below-answer' | 'too-close';

export interface Candidate {
  entryId: string;
  /** Calibrated confidence in [0, 1]. */
  confidence: number;
  /** Raw aggregated score before calibration (for explanations). */
  score: number;
  /** The phrasing of the entry that matched best. */
  phrasing: string;
  /** Terms of the question that counted, after normalization and synonym canonicalization. */
  matchedTerms: string[];
  /** Synonym rewrites that counted, e.g. `筆電→笔记本`. */
  synonyms: string[];
  source: Provenance;
}

/** Earlier turns of the same session, oldest first (customer turns; other roles may be given too). */
export interface SessionTurn {
  role: 'customer' | 'agent' | 'bot';
  text: string;
}

export interface MatchResult {
  decision: Decision;
  /**
   * Entry chosen for `answer` / `tutorial`; for `handoff`, the knowledge base's handoff entry (tagged
   * `handoff`, e.g. 转人工) whose answer the bot says while transferring, when there is one, or the entry
   * tagged `out-of-scope` the question matched first (handoff reason `out-of-scope`). Absent for `clarify`
   * and for handoffs with no such entry (low confidence, out of scope by unknown words, empty).
   */
  entryId?: string;
  confidence: number;
  /**
   * How likely a clarification is to offer the right entry: the first two candidates' confidences added
   * when they are exclusive probabilities (a trained knowledge base: 保修期多久 split 0.31 / 0.31 between
   * two warranty entries is a fair question to clarify), else the first's. Below `suggest` the turn is
   * handed off. In [0, 1].
   */
  clarifyConfidence: number;
  /** Up to `topK` candidates, best first. */
  candidates: Candidate[];
  handoffReason?: HandoffReason;
  /** Why the decision was taken (see `DecisionRule`); absent from results made by other matchers. */
  rule?: DecisionRule;
  /** The text the matcher actually scored (after normalization, with carried-over context). */
  normalized: string;
  /** Product model carried over from earlier turns, if it was used. */
  contextProduct?: string;
  /** Product models named in this turn. */
  products: string[];
}

/** Per-call options of `Matcher.match`. */
export interface MatchCallOptions {
  /**
   * Fill each candidate's `matchedTerms` and `synonyms` (the explanation). Default true. Scoring runs that
   * read only ids and confidences (`kbt eval`) turn it off: the decision and ranking are the same.
   */
  explain?: boolean;
}

/** A built matcher over one merged knowledge base. Pure: no IO, same input gives the same result. */
export interface Matcher {
  /** Matches one customer turn, given the session's earlier turns (oldest first). */
  match(text: string, session?: readonly SessionTurn[], options?: MatchCallOptions): MatchResult;
  /** Entry ids in the index, sorted. */
  readonly entryIds: readonly string[];
}
