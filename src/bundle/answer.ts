/**
 * The answer payload: what a bot does with one customer turn, built from a match result and the entries.
 * Pure: entries are looked up through the given function.
 */
import type { Candidate, Decision, HandoffReason, MatchResult } from '../match/types.js';
import { answerText, type Answer, type Entry, type EntryKind } from '../model/types.js';

export interface AnswerEntry {
  id: string;
  kind: EntryKind;
  question: string;
  category?: string;
  title?: string;
}

export interface AnswerOption {
  id: string;
  question: string;
  confidence: number;
}

export interface AnswerPayload {
  /** The customer's text as given. */
  question: string;
  decision: Decision;
  /** Calibrated confidence of the best candidate, in [0, 1]. */
  confidence: number;
  /** The answered entry (`answer` and `tutorial` decisions). */
  entry?: AnswerEntry;
  /** The entry's answer with placeholders filled: plain text or rich parts. */
  answer?: Answer;
  /** The answer flattened to text (rich parts by their alt text or title). */
  answerText?: string;
  /** Tutorial Markdown body (`tutorial` decisions). */
  body?: string;
  /** Entries to offer when the decision is `clarify`, best first. */
  options: AnswerOption[];
  handoffReason?: HandoffReason;
  /** Why: what the matcher scored and which candidates it saw. */
  explanation: {
    normalized: string;
    phrasing?: string;
    matchedTerms: string[];
    synonyms: string[];
    products: string[];
    contextProduct?: string;
    candidates: Candidate[];
  };
}

/** Clarify options offered, as `kbt eval` counts them. */
export const CLARIFY_OPTIONS = 3;

export function buildAnswer(question: string, result: MatchResult, lookup: (id: string) => Entry | undefined): AnswerPayload {
  const top = result.candidates[0];
  const chosen = result.entryId !== undefined ? result.candidates.find((c) => c.entryId === result.entryId) ?? top : top;
  const payload: AnswerPayload = {
    question,
    decision: result.decision,
    confidence: result.confidence,
    options: [],
    explanation: {
      normalized: result.normalized,
      ...(chosen ? { phrasing: chosen.phrasing } : {}),
      matchedTerms: chosen?.matchedTerms ?? [],
      synonyms: chosen?.synonyms ?? [],
      products: result.products,
      ...(result.contextProduct ? { contextProduct: result.contextProduct } : {}),
      candidates: result.candidates,
    },
  };
  if (result.handoffReason) payload.handoffReason = result.handoffReason;
  if ((result.decision === 'answer' || result.decision === 'tutorial') && result.entryId !== undefined) {
    const e = lookup(result.entryId);
    if (e) {
      payload.entry = { id: e.id, kind: e.kind, question: e.question, ...(e.category ? { category: e.category } : {}), ...(e.title ? { title: e.title } : {}) };
      payload.answer = e.answer;
      payload.answerText = answerText(e.answer);
      if (e.body !== undefined) payload.body = e.body;
    }
  }
  if (result.decision === 'clarify') {
    payload.options = result.candidates.slice(0, CLARIFY_OPTIONS).map((c) => ({
      id: c.entryId,
      question: lookup(c.entryId)?.question ?? c.phrasing,
      confidence: c.confidence,
    }));
  }
  return payload;
}
