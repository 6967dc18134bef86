/**
 * Rows → entries, shared by the CSV/TSV and Excel readers so both accept the same headers and layouts.
 *
 * Two layouts are accepted in the same file:
 * - wide: one row per entry, similar phrasings in one cell separated by newlines, `|` or `｜`;
 * - long: one phrasing per row; rows sharing an id (or, without an id, the same question) form one entry,
 *   and a row whose id and question cells are empty continues the entry above it.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { deriveId } from '../model/ids.js';
import type { Entry, EntryKind } from '../model/types.js';
import {
  errorAt,
  idPrefixFor,
  parseBoolean,
  parseKind,
  parsePriority,
  provenanceAt,
  splitList,
  splitPhrasings,
  warningAt,
} from './entry-fields.js';
import type { ReadInput } from './types.js';

export type TableField =
  | 'id'
  | 'question'
  | 'similar'
  | 'answer'
  | 'category'
  | 'tags'
  | 'products'
  | 'enabled'
  | 'priority'
  | 'kind'
  | 'overrides'
  | 'title';

/** One spreadsheet row: its cells as text and the 1-based line (CSV) or row number (Excel) it starts on. */
export interface TableRow {
  cells: string[];
  line: number;
}

/** Largest cell accepted, in UTF-8 bytes (64 KiB). Answers are chat messages, not documents. */
export const MAX_CELL_BYTES = 64 * 1024;

/** Header names after normalization (see `normalizeHeader`). */
const HEADER_NAMES: Record<TableField, readonly string[]> = {
  id: ['id', '编号', '編號', '序号', '序號', 'faqid', '问题id', '問題id', '问题编号', '問題編號', 'no', 'no.'],
  question: ['question', 'questions', 'q', '标准问题', '标准问', '標準問題', '標準問', '问题', '問題', '标准问法', '標準問法'],
  similar: ['similar', 'similars', 'similarquestions', 'similarquestion', '相似问题', '相似问', '相似問法', '相似問題', '相似問', '相似问法', '扩展问', '擴展問', '扩展问题', '擴展問題'],
  answer: ['answer', 'answers', 'a', 'reply', '答案', '回复', '回覆', '回答', '答复', '答覆', '标准答案', '標準答案'],
  category: ['category', 'categories', '分类', '类目', '分類', '類目'],
  tags: ['tags', 'tag', '标签', '標籤', '標簽'],
  products: ['products', 'product', 'models', '适用机型', '适用商品', '适用型号', '適用機型', '適用商品', '適用型號', '机型', '機型'],
  enabled: ['enabled', 'enable', '启用', '啟用', '是否启用', '是否啟用'],
  priority: ['priority', '优先级', '優先級'],
  kind: ['kind', 'type', '类型', '類型'],
  overrides: ['overrides', 'override', '覆盖', '覆蓋'],
  title: ['title', '标题', '標題'],
};

/** Fields that may come from several columns (`相似问题1`, `相似问题2`, …); their values are joined. */
const MULTI_COLUMN: ReadonlySet<TableField> = new Set(['similar', 'tags', 'products']);

const LOOKUP = new Map<string, TableField>();
for (const [field, names] of Object.entries(HEADER_NAMES) as [TableField, readonly string[]][]) {
  for (const name of names) LOOKUP.set(name, field);
}

/**
 * Case-, width- and space-insensitive header key: NFKC folds full-width letters, then spaces, `*`
 * (required markers) and bracketed notes such as `（必填）` are dropped.
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(（[【][^)）\]】]*[)）\]】]/g, '')
    .replace(/[\s*:：?？]/g, '');
}

/** The field a header names, or `undefined`. Trailing digits are ignored (`相似问题2` → `similar`). */
export function fieldForHeader(header: string): TableField | undefined {
  const key = normalizeHeader(header);
  if (!key) return undefined;
  return LOOKUP.get(key) ?? LOOKUP.get(key.replace(/[_-]?\d+$/, ''));
}

interface HeaderLayout {
  line: number;
  /** Field of each column; `undefined` for ignored columns. */
  fields: (TableField | undefined)[];
}

/** How many leading non-empty rows may be titles above the header (Excel exports often have one). */
const HEADER_SEARCH_ROWS = 5;

function isBlankRow(row: TableRow): boolean {
  return row.cells.every((c) => c.trim() === '');
}

function findHeader(rows: readonly TableRow[], input: ReadInput, diagnostics: Diagnostic[]): { layout: HeaderLayout; index: number } | undefined {
  let seen = 0;
  for (let i = 0; i < rows.length && seen < HEADER_SEARCH_ROWS; i++) {
    const row = rows[i]!;
    if (isBlankRow(row)) continue;
    seen++;
    const fields = row.cells.map(fieldForHeader);
    if (!fields.includes('question')) continue;

    const unknown: string[] = [];
    const taken = new Set<TableField>();
    for (let c = 0; c < fields.length; c++) {
      const header = row.cells[c]!.trim();
      const field = fields[c];
      if (field === undefined) {
        if (header) unknown.push(header);
        continue;
      }
      if (taken.has(field) && !MULTI_COLUMN.has(field)) {
        diagnostics.push(
          warningAt(input, 'duplicate-column', 'read.duplicateColumn', { line: row.line, field, params: { column: header, field } }),
        );
        fields[c] = undefined;
        continue;
      }
      taken.add(field);
    }
    if (unknown.length > 0) {
      diagnostics.push(
        warningAt(input, 'unknown-column', 'read.unknownColumn', { line: row.line, params: { columns: unknown.join(', ') } }),
      );
    }
    return { layout: { line: row.line, fields }, index: i };
  }
  return undefined;
}

/** One entry being assembled from one or more rows. */
interface Group {
  line: number;
  rows: number;
  id?: string;
  question?: string;
  phrasings: { text: string; line: number }[];
  values: Partial<Record<'answer' | 'category' | 'enabled' | 'priority' | 'kind' | 'overrides' | 'title', string>>;
  valueLines: Partial<Record<string, number>>;
  tags: string[];
  products: string[];
}

const SINGLE_FIELDS = ['answer', 'category', 'enabled', 'priority', 'kind', 'overrides', 'title'] as const;

function cellBytes(cell: string): number {
  // Byte length can only exceed the limit when the char count is over a quarter of it.
  return cell.length * 4 <= MAX_CELL_BYTES ? cell.length : Buffer.byteLength(cell, 'utf8');
}

/** Turns the rows of one sheet or CSV file into entries and diagnostics. */
export function readTableRows(rows: readonly TableRow[], input: ReadInput): { entries: Entry[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const firstRow = rows.find((r) => !isBlankRow(r));
  if (!firstRow) {
    diagnostics.push(errorAt(input, 'empty-file', 'read.emptyFile'));
    return { entries: [], diagnostics };
  }
  const found = findHeader(rows, input, diagnostics);
  if (!found) {
    diagnostics.push(
      errorAt(input, 'missing-header', 'read.missingHeader', {
        line: firstRow.line,
        field: 'question',
        params: { columns: firstRow.cells.map((c) => c.trim()).filter(Boolean).join(', ') },
      }),
    );
    return { entries: [], diagnostics };
  }
  const { layout } = found;

  const groups: Group[] = [];
  const byId = new Map<string, Group>();
  const byQuestion = new Map<string, Group>();
  let previous: Group | undefined;

  for (const row of rows.slice(found.index + 1)) {
    if (isBlankRow(row)) continue;
    const cells: Partial<Record<TableField, string[]>> = {};
    let oversize = false;
    for (let c = 0; c < row.cells.length; c++) {
      const field = layout.fields[c];
      const raw = row.cells[c]!;
      if (cellBytes(raw) > MAX_CELL_BYTES) {
        oversize = true;
        diagnostics.push(
          errorAt(input, 'field-too-large', 'read.fieldTooLarge', {
            line: row.line,
            field: field ?? `column ${c + 1}`,
            params: { field: field ?? `column ${c + 1}`, size: cellBytes(raw), limit: MAX_CELL_BYTES },
          }),
        );
        continue;
      }
      if (!field) continue;
      const value = raw.replace(/\r\n?/g, '\n').trim();
      if (value) (cells[field] ??= []).push(value);
    }
    if (oversize) {
      previous = undefined;
      continue;
    }
    const one = (f: TableField): string | undefined => cells[f]?.[0];
    const id = one('id');
    const question = one('question');

    let group: Group | undefined;
    if (id !== undefined) group = byId.get(id);
    else if (question !== undefined) group = byQuestion.get(questionKey(question));
    else if (previous) group = previous;
    else {
      diagnostics.push(errorAt(input, 'missing-question', 'read.missingQuestion', { line: row.line, field: 'question' }));
      continue;
    }
    if (!group) {
      group = { line: row.line, rows: 0, phrasings: [], values: {}, valueLines: {}, tags: [], products: [] };
      if (id !== undefined) {
        group.id = id;
        byId.set(id, group);
      }
      groups.push(group);
    }
    group.rows++;
    previous = group;

    if (question !== undefined) {
      if (group.question === undefined) {
        group.question = question;
        if (!byQuestion.has(questionKey(question))) byQuestion.set(questionKey(question), group);
      } else if (group.question !== question) {
        conflict(group, 'question', row.line, question);
      }
    }
    for (const field of SINGLE_FIELDS) {
      const value = one(field);
      if (value === undefined) continue;
      const had = group.values[field];
      if (had === undefined) {
        group.values[field] = value;
        group.valueLines[field] = row.line;
      } else if (had !== value) conflict(group, field, row.line, value);
    }
    for (const cell of cells.similar ?? []) {
      for (const text of splitPhrasings(cell)) group.phrasings.push({ text, line: row.line });
    }
    for (const cell of cells.tags ?? []) group.tags.push(...splitList(cell));
    for (const cell of cells.products ?? []) group.products.push(...splitList(cell));
  }

  function conflict(group: Group, field: string, line: number, value: string): void {
    diagnostics.push(
      warningAt(input, 'conflicting-row', 'read.conflictingRow', {
        line,
        field,
        ...(group.id === undefined ? {} : { entryId: group.id }),
        params: { field, firstLine: group.line, value: value.length > 40 ? `${value.slice(0, 40)}…` : value },
      }),
    );
  }

  // One entry spanning rows makes the whole file long-layout: every phrasing then has a line of its own.
  const long = groups.some((g) => g.rows > 1);
  const entries: Entry[] = [];
  for (const group of groups) {
    const entry = groupToEntry(group, input, diagnostics, long);
    if (entry) entries.push(entry);
  }
  return { entries, diagnostics };
}

function questionKey(question: string): string {
  return question.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

function groupToEntry(group: Group, input: ReadInput, diagnostics: Diagnostic[], long: boolean): Entry | undefined {
  const v = group.values;
  let failed = false;
  const invalid = (field: string, value: string, expected: string): void => {
    failed = true;
    diagnostics.push(
      errorAt(input, 'invalid-value', 'read.invalidValue', {
        line: group.valueLines[field] ?? group.line,
        field,
        ...(group.id === undefined ? {} : { entryId: group.id }),
        params: { field, value, expected },
      }),
    );
  };

  let kind: EntryKind = 'faq';
  if (v.kind !== undefined) {
    const k = parseKind(v.kind);
    if (k) kind = k;
    else invalid('kind', v.kind, 'faq, tutorial, 问答, 教程');
  }
  let enabled = true;
  if (v.enabled !== undefined) {
    const b = parseBoolean(v.enabled);
    if (b === undefined) invalid('enabled', v.enabled, 'true/false, yes/no, 1/0, 是/否');
    else enabled = b;
  }
  let priority = 0;
  if (v.priority !== undefined) {
    const p = parsePriority(v.priority);
    if (p === undefined) invalid('priority', v.priority, '-100 … 100');
    else priority = p;
  }

  const question = group.question ?? (kind === 'tutorial' ? v.title : undefined);
  const entryIdAt = group.id === undefined ? {} : { entryId: group.id };
  if (question === undefined) {
    diagnostics.push(errorAt(input, 'missing-question', 'read.missingQuestion', { line: group.line, field: 'question', ...entryIdAt }));
    return undefined;
  }
  const id = group.id ?? deriveId(question, idPrefixFor(kind));
  if (v.answer === undefined) {
    diagnostics.push(errorAt(input, 'missing-answer', 'read.missingAnswer', { line: group.line, field: 'answer', entryId: id }));
    return undefined;
  }
  if (failed) return undefined;

  const seen = new Set([question]);
  const similar: string[] = [];
  const similarLines: number[] = [];
  for (const p of group.phrasings) {
    if (seen.has(p.text)) continue;
    seen.add(p.text);
    similar.push(p.text);
    similarLines.push(p.line);
  }
  const entry: Entry = {
    id,
    kind,
    question,
    similar,
    answer: v.answer,
    tags: [...new Set(group.tags)],
    products: [...new Set(group.products)],
    enabled,
    priority,
    source: provenanceAt(input, group.line),
  };
  if (v.category !== undefined) entry.category = v.category;
  if (v.overrides !== undefined) entry.overrides = v.overrides;
  if (v.title !== undefined) entry.title = v.title;
  if (long) entry.similarLines = similarLines;
  return entry;
}
