/**
 * A small deterministic matcher for eval tests: scores entries by character-bigram overlap with their
 * phrasings. Exports `buildMatcher` with the real module's signature so workers can load it too.
 */
import type { Candidate, Matcher, MatchResult, SessionTurn } from '../../../src/match/types.js';
import type { Entry } from '../../../src/model/types.js';
import { phrasingsOf } from '../../../src/model/types.js';

function bigrams(s: string): Set<string> {
  const t = s.replace(/\s+/g, '');
  const out = new Set<string>();
  for (let i = 0; i < t.length - 1; i++) out.add(t.slice(i, i + 2));
  if (t.length === 1) out.add(t);
  return out;
}

function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n / Math.max(a.size, b.size);
}

export interface FakeOptions {
  thresholds?: { answer: number; suggest: number; margin: number };
}

export function buildMatcher(entries: readonly Entry[], _lexicon?: unknown, options: FakeOptions = {}): Matcher {
  const th = options.thresholds ?? { answer: 0.6, suggest: 0.35, margin: 0.05 };
  const index = entries
    .filter((e) => e.enabled)
    .map((e) => ({ e, grams: phrasingsOf(e).map((p) => ({ p, g: bigrams(p) })) }));
  return {
    entryIds: index.map((x) => x.e.id).sort(),
    match(text: string, session: readonly SessionTurn[] = []): MatchResult {
      if (text.includes('转人工')) {
        return { decision: 'handoff', handoffReason: 'human-request', confidence: 0, clarifyConfidence: 0, candidates: [], normalized: text, products: [] };
      }
      // Short follow-ups borrow the previous customer turn, like a real matcher's context carry-over.
      const prev = [...session].reverse().find((t) => t.role === 'customer');
      const scored = text.length <= 3 && prev ? `${prev.text}${text}` : text;
      const q = bigrams(scored);
      const candidates: Candidate[] = index
        .map(({ e, grams }) => {
          let best = { p: e.question, s: 0 };
          for (const { p, g } of grams) {
            const s = overlap(q, g);
            if (s > best.s) best = { p, s };
          }
          return { entryId: e.id, confidence: best.s, score: best.s, phrasing: best.p, matchedTerms: [], synonyms: [], source: e.source };
        })
        .filter((c) => c.confidence > 0)
        .sort((a, b) => b.confidence - a.confidence || a.entryId.localeCompare(b.entryId))
        .slice(0, 5);
      const top = candidates[0];
      const second = candidates[1]?.confidence ?? 0;
      const base = { candidates, normalized: scored, products: [] as string[], confidence: top?.confidence ?? 0, clarifyConfidence: top?.confidence ?? 0 };
      if (top && top.confidence >= th.answer && top.confidence - second >= th.margin) return { ...base, decision: 'answer', entryId: top.entryId };
      if (top && top.confidence >= th.suggest) return { ...base, decision: 'clarify' };
      return { ...base, decision: 'handoff', handoffReason: 'low-confidence' };
    },
  };
}

export function entry(id: string, question: string, similar: string[] = [], extra: Partial<Entry> = {}): Entry {
  return {
    id,
    kind: 'faq',
    question,
    similar,
    answer: `answer of ${id}`,
    tags: [],
    products: [],
    enabled: true,
    priority: 0,
    source: { layer: 'merchant', file: 'faqs.yaml', line: 1 },
    ...extra,
  };
}
