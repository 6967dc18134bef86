import { isMap } from 'yaml';
import { z } from 'zod';
import type { Diagnostic } from '../model/diagnostic.js';
import { RawEntrySchema, type RawEntry } from '../model/schema.js';
import { decodeInput } from './encoding.js';
import { errorAt } from './entry-fields.js';
import { isRemote } from './markdown-media.js';
import { parseRawEntry, rawToEntry } from './raw-entry.js';
import type { Reader } from './types.js';
import { parseYamlSource } from './yaml-source.js';

const stringList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (typeof v === 'string' ? [v] : v));

/**
 * Tutorial front matter: the entry fields (kind and body come from the file itself) plus `media`, extra
 * files the tutorial ships with, and `cover`, its cover image.
 */
export const TutorialFrontMatterSchema = RawEntrySchema.omit({ kind: true, body: true })
  .extend({ media: stringList.optional(), cover: z.string().min(1).optional() })
  .strict();

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)^---[ \t]*(?:\r?\n|$)/m;

/**
 * Markdown tutorials: YAML front matter (`title` required) and a Markdown body. The question is the
 * front matter's `question` or else the title; the answer is the front matter's `answer` or else the body.
 */
export const readMarkdown: Reader = async (input) => {
  const format = 'markdown';
  const decoding = decodeInput(input, format);
  if ('failed' in decoding) return decoding.failed;
  const { decoded } = decoding;
  const diagnostics: Diagnostic[] = [];
  const done = () => ({ entries: [], diagnostics, format, encoding: decoded.encoding });

  const match = decoded.text.startsWith('---') ? FRONT_MATTER.exec(decoded.text) : null;
  if (!match || match.index !== 0) {
    diagnostics.push(errorAt(input, 'missing-front-matter', 'read.missingFrontMatter', { line: 1 }));
    return done();
  }
  // Front matter text starts on line 2 of the file.
  const offset = 1;
  const src = parseYamlSource(match[1]!);
  if (src.error) {
    diagnostics.push(errorAt(input, 'syntax-error', 'read.yamlSyntax', { line: src.error.line + offset, params: { detail: src.error.detail } }));
    return done();
  }
  const root = src.doc.contents;
  if (root !== null && !isMap(root)) {
    diagnostics.push(errorAt(input, 'invalid-structure', 'read.notAnObject', { line: 2, params: { found: 'a list or a value' } }));
    return done();
  }
  const fileLine = (path: readonly PropertyKey[]) => {
    const line = src.lineIn(root, path);
    return line === undefined ? undefined : line + offset;
  };
  const at = { line: 1, lineOf: fileLine };
  const parsed = parseRawEntry(root === null ? {} : root.toJS(src.doc), input, at, TutorialFrontMatterSchema as unknown as z.ZodType<RawEntry>);
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.raw) return done();
  const front = parsed.raw as RawEntry & { media?: string[]; cover?: string };
  if (!front.title?.trim()) {
    diagnostics.push(errorAt(input, 'missing-title', 'read.missingTitle', { line: 1, field: 'title', ...(front.id ? { entryId: front.id } : {}) }));
    return done();
  }
  const body = decoded.text.slice(match[0].length).trim();
  const { media, cover, ...raw } = front;
  const extraMedia = [...(cover === undefined ? [] : [cover]), ...(media ?? [])].filter((m) => !isRemote(m));
  const entry = rawToEntry({ ...raw, kind: 'tutorial', ...(body ? { body } : {}) }, input, at, diagnostics, extraMedia);
  return { entries: entry ? [entry] : [], diagnostics, format, encoding: decoded.encoding };
};
