/**
 * RawEntry (as written in YAML, JSONL or tutorial front matter) → Entry, shared so every structured
 * format applies the same defaults and reports missing questions and answers the same way.
 */
import { z } from 'zod';
import type { Diagnostic } from '../model/diagnostic.js';
import { deriveId } from '../model/ids.js';
import { RawEntrySchema, zodIssuesToDiagnostics, type RawEntry } from '../model/schema.js';
import { answerMedia, type Entry, type EntryKind } from '../model/types.js';
import { errorAt, idPrefixFor, provenanceAt, uniqueTrimmed } from './entry-fields.js';
import { extractMarkdownMedia } from './markdown-media.js';
import type { ReadInput } from './types.js';

/** Where an entry was written, and how to find the line of one of its fields. */
export interface EntryLocation {
  line: number;
  /** Line of a field path inside the entry; falls back to `line`. */
  lineOf?: (path: readonly PropertyKey[]) => number | undefined;
}

/**
 * Validates one raw object against `RawEntrySchema`, one diagnostic per issue, each on the line of the
 * field it is about when the format knows it.
 */
export function parseRawEntry(
  value: unknown,
  input: ReadInput,
  at: EntryLocation,
  schema: z.ZodType<RawEntry> = RawEntrySchema,
): { raw?: RawEntry; diagnostics: Diagnostic[] } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { raw: parsed.data, diagnostics: [] };
  const entryId = idOf(value);
  const diagnostics: Diagnostic[] = [];
  for (const issue of parsed.error.issues) {
    const unknownKey = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys?.[0] : undefined;
    const path = unknownKey === undefined ? issue.path : [...issue.path, unknownKey];
    const line = at.lineOf?.(path) ?? at.line;
    diagnostics.push(
      ...zodIssuesToDiagnostics(new z.ZodError([issue]), { file: input.file, line, ...(entryId === undefined ? {} : { entryId }) }),
    );
  }
  return { diagnostics };
}

function idOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  return undefined;
}

/**
 * Builds the entry, or reports `missing-question` / `missing-answer` and returns `undefined`.
 * Tutorials fall back to their title for the question and their body for the answer.
 */
export function rawToEntry(
  raw: RawEntry,
  input: ReadInput,
  at: EntryLocation,
  diagnostics: Diagnostic[],
  extraMedia: readonly string[] = [],
): Entry | undefined {
  const kind: EntryKind = raw.kind ?? 'faq';
  const title = raw.title?.trim() || undefined;
  const question = raw.question?.trim() || (kind === 'tutorial' ? title : undefined);
  const givenId = raw.id?.trim() || undefined;
  const idAt = givenId === undefined ? {} : { entryId: givenId };
  if (question === undefined) {
    diagnostics.push(errorAt(input, 'missing-question', 'read.missingQuestion', { line: at.line, field: 'question', ...idAt }));
    return undefined;
  }
  const id = givenId ?? deriveId(question, idPrefixFor(kind));
  const body = raw.body?.trim() || undefined;
  let answer = raw.answer ?? (kind === 'tutorial' ? body : undefined);
  if (typeof answer === 'string') answer = answer.trim();
  if (answer === undefined || answer === '') {
    diagnostics.push(errorAt(input, 'missing-answer', 'read.missingAnswer', { line: at.line, field: 'answer', entryId: id }));
    return undefined;
  }

  const entry: Entry = {
    id,
    kind,
    question,
    similar: uniqueTrimmed(raw.similar ?? []).filter((s) => s !== question),
    answer,
    tags: uniqueTrimmed(raw.tags ?? []),
    products: uniqueTrimmed(raw.products ?? []),
    enabled: raw.enabled ?? true,
    priority: raw.priority ?? 0,
    source: provenanceAt(input, at.line),
  };
  const category = raw.category?.trim();
  if (category) entry.category = category;
  if (raw.overrides !== undefined) entry.overrides = raw.overrides.trim();
  if (title !== undefined) entry.title = title;
  if (raw.triggers !== undefined) entry.triggers = uniqueTrimmed(raw.triggers);
  if (body !== undefined) entry.body = body;
  const media = uniqueTrimmed([...answerMedia(answer), ...extraMedia, ...(body === undefined ? [] : extractMarkdownMedia(body))]);
  if (media.length > 0) entry.media = media;
  return entry;
}
