import { createHash } from 'node:crypto';

/**
 * Derives a stable id from a standard question when the source gives none: the same question gives the
 * same id on every machine and every run, so re-imports do not churn ids.
 */
export function deriveId(question: string, prefix = 'faq'): string {
  const key = question.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
  return `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 10)}`;
}

/** Ids users may write: letters, digits, `-`, `_`, `.`, `/`, CJK; no spaces; not the reserved label. */
export const ID_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}_.\-/]*$/u;
