import type { Diagnostic } from '../model/diagnostic.js';
import type { EntryKind, Provenance } from '../model/types.js';
import type { ReadInput } from './types.js';

/** Splits tags / products written in one cell or string: `,` `，` `、` `|` `｜` `;` `；` and newlines. */
export function splitList(value: string): string[] {
  return uniqueTrimmed(value.split(/[,，、|｜;；\r\n]+/));
}

/** Splits similar phrasings written in one cell: newlines, `|` and `｜` (commas belong to the text). */
export function splitPhrasings(value: string): string[] {
  return uniqueTrimmed(value.split(/[|｜\r\n]+/));
}

/** Trims, drops empty strings and repeats, keeps first-seen order. */
export function uniqueTrimmed(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    const s = v.trim();
    if (s && !seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  }
  return out;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'on', '是', '启用', '啟用', '开', '開', '有效', '√', '✓']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off', '否', '禁用', '停用', '关', '關', '无效', '無效', '×', '✗']);

/** Reads a yes/no cell; `undefined` when the text is not one of the known words. */
export function parseBoolean(value: string): boolean | undefined {
  const s = value.normalize('NFKC').trim().toLowerCase();
  if (TRUE_WORDS.has(s)) return true;
  if (FALSE_WORDS.has(s)) return false;
  return undefined;
}

/** Priority range accepted everywhere (same as RawEntrySchema). */
export const PRIORITY_MIN = -100;
export const PRIORITY_MAX = 100;

/** Reads an integer priority in [-100, 100]; `undefined` when the text is not one. */
export function parsePriority(value: string): number | undefined {
  const s = value.normalize('NFKC').trim();
  if (!/^[+-]?\d+(\.0+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isInteger(n) && n >= PRIORITY_MIN && n <= PRIORITY_MAX ? n : undefined;
}

const KIND_WORDS: Record<string, EntryKind> = {
  faq: 'faq',
  问答: 'faq',
  問答: 'faq',
  常见问题: 'faq',
  常見問題: 'faq',
  tutorial: 'tutorial',
  教程: 'tutorial',
  教學: 'tutorial',
  教学: 'tutorial',
};

export function parseKind(value: string): EntryKind | undefined {
  return KIND_WORDS[value.normalize('NFKC').trim().toLowerCase()];
}

/** The provenance of something read at `line` of the input. */
export function provenanceAt(input: ReadInput, line: number | undefined): Provenance {
  const p: Provenance = { layer: input.layer, file: input.file };
  if (line !== undefined) p.line = line;
  if (input.pack !== undefined) p.pack = input.pack;
  return p;
}

/** Builds an error diagnostic located in the input. */
export function errorAt(
  input: Pick<ReadInput, 'file'>,
  rule: string,
  message: string,
  at: { line?: number; field?: string; entryId?: string; params?: Record<string, string | number> } = {},
): Diagnostic {
  return withLocation({ severity: 'error', rule, message, file: input.file }, at);
}

export function warningAt(
  input: Pick<ReadInput, 'file'>,
  rule: string,
  message: string,
  at: { line?: number; field?: string; entryId?: string; params?: Record<string, string | number> } = {},
): Diagnostic {
  return withLocation({ severity: 'warning', rule, message, file: input.file }, at);
}

function withLocation(
  d: Diagnostic,
  at: { line?: number; field?: string; entryId?: string; params?: Record<string, string | number> },
): Diagnostic {
  if (at.params) d.params = at.params;
  if (at.line !== undefined) d.line = at.line;
  if (at.field !== undefined) d.field = at.field;
  if (at.entryId !== undefined) d.entryId = at.entryId;
  return d;
}

/** Prefix of ids derived for entries without one: `faq-…` and `tut-…`. */
export function idPrefixFor(kind: EntryKind): string {
  return kind === 'tutorial' ? 'tut' : 'faq';
}
