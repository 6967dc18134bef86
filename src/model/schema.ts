import { z } from 'zod';
import type { Diagnostic } from './diagnostic.js';

/** Rich answer parts as written in YAML / JSONL sources. */
export const RichPartSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().min(1) }).strict(),
  z.object({ type: z.literal('image'), src: z.string().min(1), alt: z.string().optional() }).strict(),
  z
    .object({ type: z.literal('video'), src: z.string().min(1), title: z.string().optional(), poster: z.string().optional() })
    .strict(),
  z.object({ type: z.literal('link'), url: z.string().min(1), title: z.string().optional() }).strict(),
  z
    .object({
      type: z.literal('product'),
      sku: z.string().min(1),
      title: z.string().optional(),
      price: z.string().optional(),
      url: z.string().optional(),
      image: z.string().optional(),
    })
    .strict(),
  z.object({ type: z.literal('sticker'), name: z.string().min(1) }).strict(),
]);

export const AnswerSchema = z.union([z.string(), z.array(RichPartSchema).min(1)]);

const stringList = z
  .union([z.string(), z.array(z.union([z.string(), z.number()]))])
  .transform((v) => (typeof v === 'string' ? [v] : v.map(String)));

/**
 * One entry as written by a user in YAML (`entries:` list) or JSONL (one object a line). Missing
 * `question` / `answer` are not schema errors: the validator reports them with their own rule ids so the
 * messages are the same whatever the format.
 */
export const RawEntrySchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String).optional(),
    kind: z.enum(['faq', 'tutorial']).optional(),
    question: z.string().optional(),
    similar: stringList.optional(),
    answer: AnswerSchema.optional(),
    category: z.string().optional(),
    tags: stringList.optional(),
    products: stringList.optional(),
    enabled: z.boolean().optional(),
    priority: z.number().int().min(-100).max(100).optional(),
    overrides: z.string().optional(),
    title: z.string().optional(),
    triggers: stringList.optional(),
    body: z.string().optional(),
  })
  .strict();

export type RawEntry = z.infer<typeof RawEntrySchema>;

/**
 * Turns zod issues into diagnostics at one place (file:line), naming the field path.
 * `messageKey` lets the caller choose the catalog message.
 */
export function zodIssuesToDiagnostics(
  error: z.ZodError,
  at: { file: string; line?: number; entryId?: string },
  rule = 'schema',
): Diagnostic[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || undefined;
    const unknownKeys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys : undefined;
    return {
      severity: 'error' as const,
      rule,
      message: unknownKeys ? 'schema.unknownField' : 'schema.invalid',
      params: { detail: unknownKeys ? unknownKeys.join(', ') : issue.message, field: field ?? '' },
      file: at.file,
      line: at.line,
      field: unknownKeys ? unknownKeys[0] : field,
      entryId: at.entryId,
    };
  });
}
