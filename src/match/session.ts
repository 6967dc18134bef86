/**
 * Session context: which product a turn is about and whether it is a short follow-up that reuses the
 * previous customer turn's topic ("那这个呢", "那R9000P呢").
 */
import type { Analysis } from '../text/analyze.js';

const FOLLOW_UP = /^(?:那|那么|还有|另外|然后)|这个|那个|这款|那款|这台|那台|这种|那种|它|同样|一样|呢$|嘞$|捏$/;

const PRODUCT_REFERENCE = /它|这款|那款|这台|那台|这部|那部|该款|此款|这个本|这电脑|这个电脑|这手机|这个手机/;

/** A turn that points back at a product with a pronoun or demonstrative (它能加内存吗, 这款能开发票吗). */
export function refersToProduct(normalized: string): boolean {
  return PRODUCT_REFERENCE.test(normalized);
}

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
  /** The earlier turn whose topic this turn carries on: the last with a topic of its own. */
  topic?: Analysis;
  /** This turn is a short follow-up (那这个呢, 那R9000P呢): it asks the topic's question again, how-to included. */
  followUp?: boolean;
}

/**
 * Looks back over earlier customer turns (already analyzed, oldest first): the last product named, and the
 * last turn with a topic of its own (a content word, and not a follow-up itself). Every turn carries that
 * topic on, not only short follow-ups: customers keep talking about one thing over several turns (用了两年
 * 没修过 盒子还在 after a trade-in question), and the turn's own words, at full weight, still decide when
 * it changes the subject.
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
  for (let i = earlier.length - 1; i >= 0; i--) {
    const e = earlier[i]!;
    if (contentCount(e) >= 1 && !isFollowUp(e)) {
      ctx.topic = e;
      break;
    }
  }
  if (isFollowUp(current)) ctx.followUp = true;
  return ctx;
}
