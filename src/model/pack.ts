import { z } from 'zod';

/** `pack.yaml`: the manifest of an industry pack. Paths are relative to the pack folder; globs allowed. */
export const PackManifestSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'a semantic version such as 1.2.0'),
    language: z.string().min(2),
    license: z.string().min(1),
    description: z.string().min(1),
    /** Every `{placeholder}` the pack's answers use, with a default the merchant profile may override. */
    placeholders: z.record(
      z.string().regex(/^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$/),
      z.object({ default: z.union([z.string(), z.number()]).transform(String), description: z.string().optional() }).strict(),
    ),
    files: z
      .object({
        entries: z.array(z.string()).min(1),
        tutorials: z.array(z.string()).default([]),
        lexicon: z
          .object({ synonyms: z.string().optional(), models: z.string().optional(), stopwords: z.string().optional() })
          .strict()
          .default({}),
        events: z.array(z.string()).default([]),
        eval: z.array(z.string()).default([]),
      })
      .strict(),
  })
  .strict();

export type PackManifest = z.infer<typeof PackManifestSchema>;

/**
 * Event content: accessory recommendations, promotion scripts and the after-sales message sequence.
 * Data only for now; a runtime that fires these reads them from the bundle.
 */
export const AccessoryRuleSchema = z
  .object({
    /** Product category the customer bought or asked about (see ProductCategorySchema). */
    category: z.string().min(1),
    items: z
      .array(z.object({ name: z.string().min(1), reason: z.string().min(1), tags: z.array(z.string()).default([]) }).strict())
      .min(1),
    script: z.string().min(1),
  })
  .strict();

export const PromotionScriptSchema = z
  .object({
    event: z.enum(['add-to-cart', 'favorite', 'repeated-inquiry', 'abandoned-payment', 'browse-no-order']),
    category: z.string().optional(),
    messages: z.array(z.string().min(1)).min(1),
  })
  .strict();

export const AftersalesStepSchema = z
  .object({
    step: z.enum(['order-confirmed', 'configuration', 'installation-guide', 'shipping', 'delivered', 'review-request']),
    delay: z.string().optional(),
    category: z.string().optional(),
    messages: z.array(z.string().min(1)).min(1),
  })
  .strict();

export const EventsFileSchema = z
  .object({
    accessories: z.array(AccessoryRuleSchema).default([]),
    promotions: z.array(PromotionScriptSchema).default([]),
    aftersales: z.array(AftersalesStepSchema).default([]),
  })
  .strict();

export type EventsContent = z.infer<typeof EventsFileSchema>;

/** Placeholder syntax in answers: `{shop.name}`. */
export const PLACEHOLDER_PATTERN = /\{([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+)\}/g;
