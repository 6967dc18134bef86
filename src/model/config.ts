import { z } from 'zod';

/** Matcher thresholds; confidence is in [0, 1] and means the same across knowledge bases. */
export const ThresholdsSchema = z
  .object({
    /** Answer directly at or above this confidence. Default 0.6. */
    answer: z.number().min(0).max(1).default(0.6),
    /** Offer candidates (clarify) at or above this confidence; hand off below it. Default 0.35. */
    suggest: z.number().min(0).max(1).default(0.35),
    /** Clarify instead of answering when the top two are closer than this. Default 0.05. */
    margin: z.number().min(0).max(1).default(0.05),
  })
  .strict()
  .refine((t) => t.suggest <= t.answer, { message: 'suggest must not exceed answer', path: ['suggest'] });

export const GatesSchema = z
  .object({
    minTop1: z.number().min(0).max(1).optional(),
    minPrecision: z.number().min(0).max(1).optional(),
    maxFalseAnswerRate: z.number().min(0).max(1).optional(),
    baseline: z.string().optional(),
    tolerance: z.number().min(0).max(1).optional(),
  })
  .strict();

const globList = z.union([z.string(), z.array(z.string())]).transform((v) => (typeof v === 'string' ? [v] : v));

export const ConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    name: z.string().min(1),
    /** Bundled pack names (folders under the install's `packs/`) or paths relative to the workspace. */
    packs: z.array(z.string()).default([]),
    /** Merchant sources: files, folders or globs relative to the workspace. */
    sources: globList.default([]),
    /** Merchant profile: values for the packs' placeholders (a YAML file), or inline values. */
    profile: z.union([z.string(), z.record(z.string(), z.union([z.string(), z.number()]))]).optional(),
    exclude: z
      .object({ ids: z.array(z.string()).default([]), categories: z.array(z.string()).default([]) })
      .strict()
      .default({ ids: [], categories: [] }),
    chatlogs: globList.default([]),
    /**
     * Text encoding of the `chatlogs` (any name `kbt import --encoding` takes: gbk, big5, utf16le, …);
     * absent: detected per file. `kbt eval --encoding` wins over it.
     */
    chatlogEncoding: z.string().min(1).optional(),
    thresholds: ThresholdsSchema.default({ answer: 0.6, suggest: 0.35, margin: 0.05 }),
    gates: GatesSchema.default({}),
    output: z
      .object({ bundle: z.string().default('dist/bundle.kbt'), reports: z.string().default('reports') })
      .strict()
      .default({ bundle: 'dist/bundle.kbt', reports: 'reports' }),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;
export type Thresholds = z.infer<typeof ThresholdsSchema>;
export type Gates = z.infer<typeof GatesSchema>;

export const DEFAULT_THRESHOLDS: Thresholds = { answer: 0.6, suggest: 0.35, margin: 0.05 };
