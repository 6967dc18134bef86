/**
 * Session context: which product a turn is about and whether it is a short follow-up that reuses the
 * previous customer turn's topic ("那这个呢", "那R9000P呢").
 */
import type { Analysis } from '../text/analyze.js';

const FOLLOW_UP = /^(?:那|那么|还有|另外|然后)|这个|那个|这款|那款|这台|那台|这种|那种|它|同样|一样|呢$|嘞$|捏$/;

/** Content words of a turn: not stop words, not product models. */
export function contentCount(a: Analysis): number {
  let n = 0;
  // By index: iterating a frozen array (a cached analysis) with for…of allocates an iterator each time.
  for (let i = 0; i < a.tokens.length; i++) if (!a.tokens[i]!.stop && !a.tokens[i]!.model) n++;
  return n;
}

/**
 * A turn reuses the previous topic when it has at most one content word and either reads like a follow-up,
 * has no content word at all, or names a product (asking the same about another model).
 */
export function isFollowUp(a: Analysis): boolean {
  const n = contentCount(a);
  if (n > 1) return false;
  return n === 0 || a.models.length > 0 || FOLLOW_UP.test(a.normalized);
}

export interface SessionContext {
  /** Last product named in earlier customer turns (when this turn names none). */
  product?: string;
  /** The earlier turn whose topic this follow-up reuses. */
  topic?: Analysis;
}

/**
 * Looks back over earlier customer turns (already analyzed, oldest first): the last product named, and for a
 * follow-up the last turn with a topic of its own (a content word, and not a follow-up itself).
 */
export function resolveContext(current: Analysis, earlier: readonly Analysis[]): SessionContext {
  const ctx: SessionContext = {};
  if (current.models.length === 0) {
    for (let i = earlier.length - 1; i >= 0; i--) {
      const m = earlier[i]!.models;
      if (m.length > 0) {
        ctx.product = m[m.length - 1];
        break;
      }
    }
  }
  if (isFollowUp(current)) {
    for (let i = earlier.length - 1; i >= 0; i--) {
      const e = earlier[i]!;
      if (contentCount(e) >= 1 && !isFollowUp(e)) {
        ctx.topic = e;
        break;
      }
    }
  }
  return ctx;
}
