import { z } from 'zod';

/**
 * Domain lexicon shipped by packs (and optionally merchants): synonym groups, a product-model dictionary
 * and stop words. The matcher canonicalizes every term of a group to `canonical`.
 *
 * File forms (in a pack folder, listed in pack.yaml `files.lexicon`):
 * - `synonyms.yaml`: `groups: [{ canonical: 笔记本, terms: [笔电, notebook, 筆電, 本本] }]`
 * - `models.yaml`:   `models: [{ canonical: 拯救者 Y9000P, brand: 联想, series: 拯救者, category: laptop,
 *                      aliases: [y9000p, 拯救者y9000p] }]`, plus optional `patterns: [{ regex, category }]`
 *                     for model numbers not listed one by one.
 * - `stopwords.txt`: one word a line; `#` starts a comment.
 */
export const SynonymGroupSchema = z
  .object({
    canonical: z.string().min(1),
    terms: z.array(z.string().min(1)).min(1),
    /** Optional note for authors: why these are the same. Not used by matching. */
    note: z.string().optional(),
  })
  .strict();

export const SynonymsFileSchema = z.object({ groups: z.array(SynonymGroupSchema) }).strict();

export const ProductCategorySchema = z.enum([
  'laptop',
  'desktop',
  'phone',
  'tablet',
  'cpu',
  'gpu',
  'motherboard',
  'memory',
  'storage',
  'psu',
  'case',
  'cooler',
  'monitor',
  'tv',
  'headphone',
  'keyboard',
  'mouse',
  'router',
  'smart-home',
  'watch',
  'accessory',
  'other',
]);

export const ProductModelSchema = z
  .object({
    canonical: z.string().min(1),
    brand: z.string().optional(),
    series: z.string().optional(),
    category: ProductCategorySchema,
    aliases: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const ModelPatternSchema = z
  .object({
    /** A JavaScript regular expression over normalized (lower-case, half-width) text. */
    regex: z.string().min(1),
    category: ProductCategorySchema,
    note: z.string().optional(),
  })
  .strict();

export const ModelsFileSchema = z
  .object({ models: z.array(ProductModelSchema), patterns: z.array(ModelPatternSchema).default([]) })
  .strict();

export type SynonymGroup = z.infer<typeof SynonymGroupSchema>;
export type ProductModel = z.infer<typeof ProductModelSchema>;
export type ModelPattern = z.infer<typeof ModelPatternSchema>;
export type ProductCategory = z.infer<typeof ProductCategorySchema>;

/** Everything the matcher needs from packs and merchant: joined, in load order. */
export interface Lexicon {
  synonyms: SynonymGroup[];
  models: ProductModel[];
  patterns: ModelPattern[];
  stopwords: string[];
  /** Extra words for the segmenter (domain terms, model names); derived from the above plus entries. */
  words: string[];
}

export const EMPTY_LEXICON: Lexicon = { synonyms: [], models: [], patterns: [], stopwords: [], words: [] };

/** Parses a stop-word file: one word a line, `#` comments, blank lines ignored. */
export function parseStopwords(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean);
}
