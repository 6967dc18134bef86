/**
 * Joins parsed lexicon files (pack first, then merchant) into one `Lexicon`. Pure: reading and validating
 * the files happens in the workspace layer.
 */
import type { Lexicon, ModelPattern, ProductModel, SynonymGroup } from '../model/lexicon.js';

export interface LexiconPart {
  synonyms?: readonly SynonymGroup[];
  models?: readonly ProductModel[];
  patterns?: readonly ModelPattern[];
  stopwords?: readonly string[];
  /** Extra segmenter words (domain terms). */
  words?: readonly string[];
}

function uniqueSorted(words: Iterable<string>): string[] {
  return [...new Set([...words].map((w) => w.trim()).filter(Boolean))].sort();
}

/**
 * Merges lexicon parts in order. Synonym groups with the same canonical term are united; a model listed
 * twice keeps its first definition and gains the later aliases; patterns keep every distinct regex.
 * `words` gathers every synonym term, model name and alias plus the parts' own words, for the segmenter.
 */
export function buildLexicon(parts: readonly LexiconPart[]): Lexicon {
  const groups = new Map<string, SynonymGroup>();
  const models = new Map<string, ProductModel>();
  const patterns = new Map<string, ModelPattern>();
  const stopwords: string[] = [];
  const words: string[] = [];
  for (const part of parts) {
    for (const g of part.synonyms ?? []) {
      const prev = groups.get(g.canonical);
      const terms = uniqueSorted([...(prev?.terms ?? []), ...g.terms].filter((t) => t !== g.canonical));
      groups.set(g.canonical, { ...(prev ?? g), canonical: g.canonical, terms });
    }
    for (const m of part.models ?? []) {
      const prev = models.get(m.canonical);
      if (prev) models.set(m.canonical, { ...prev, aliases: uniqueSorted([...prev.aliases, ...m.aliases]) });
      else models.set(m.canonical, { ...m, aliases: uniqueSorted(m.aliases) });
    }
    for (const p of part.patterns ?? []) if (!patterns.has(p.regex)) patterns.set(p.regex, p);
    stopwords.push(...(part.stopwords ?? []));
    words.push(...(part.words ?? []));
  }
  const synonyms = [...groups.values()];
  for (const g of synonyms) words.push(g.canonical, ...g.terms);
  for (const m of models.values()) words.push(m.canonical, ...m.aliases);
  return {
    synonyms,
    models: [...models.values()],
    patterns: [...patterns.values()],
    stopwords: uniqueSorted(stopwords),
    words: uniqueSorted(words),
  };
}
