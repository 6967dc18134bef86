import { CsvError, parse } from 'csv-parse/sync';
import type { Diagnostic } from '../model/diagnostic.js';
import { decodeInput } from './encoding.js';
import { errorAt } from './entry-fields.js';
import { fieldForHeader, readTableRows, type TableRow } from './table.js';
import type { Reader, ReadInput, ReadResult } from './types.js';

/**
 * Largest record the CSV parser buffers, in characters. Far above any real row, and low enough that a
 * runaway cell (a missing closing quote, a 50 MB paste) fails in milliseconds instead of filling memory.
 * Cells over 64 KiB are reported by the table layer with their field name.
 */
const MAX_RECORD_CHARS = 1024 * 1024;

/**
 * Picks the delimiter: tab for `.tsv`; otherwise whichever of tab, comma and semicolon occurs most often
 * outside quotes in the first non-empty line (the header), comma on a tie.
 */
export function sniffDelimiter(text: string, file: string): string {
  if (/\.tsv$/i.test(file)) return '\t';
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const counts = new Map<string, number>([
    [',', 0],
    ['\t', 0],
    [';', 0],
  ]);
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

interface CsvRecord {
  record: string[];
  raw: string;
}

/** Offsets where each line starts; a line ends at `\r\n`, `\n` or a lone `\r`. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** 1-based line of a character offset. */
function lineAtOffset(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * Parses CSV text into rows with the line each row starts on; parse errors become diagnostics.
 * Lines are counted from each record's raw text rather than csv-parse's own counter, which counts a
 * `\r\n` inside a quoted cell as two lines.
 */
export function parseCsvRows(text: string, input: Pick<ReadInput, 'file'>, delimiter: string): { rows: TableRow[]; diagnostics: Diagnostic[] } {
  let recordCount = 0;
  const skipped: { afterRecord: number; err: CsvError }[] = [];
  const records = parse(text, {
    delimiter,
    bom: true,
    info: true,
    raw: true,
    relax_column_count: true,
    // A stray quote inside an unquoted cell (`15.6" 屏幕`) is text, not an error.
    relax_quotes: true,
    max_record_size: MAX_RECORD_CHARS,
    skip_records_with_error: true,
    on_record: (record: string[]) => {
      recordCount++;
      return record;
    },
    on_skip: (err: CsvError | undefined) => {
      if (err) skipped.push({ afterRecord: recordCount, err });
    },
  }) as unknown as CsvRecord[];

  const starts = lineStarts(text);
  const rows: TableRow[] = [];
  const endLines: number[] = [];
  let pos = 0;
  for (const r of records) {
    const at = text.indexOf(r.raw, pos);
    const begin = at < 0 ? pos : at;
    pos = begin + r.raw.length;
    rows.push({ cells: r.record, line: lineAtOffset(starts, begin) });
    endLines.push(lineAtOffset(starts, pos));
  }

  const diagnostics: Diagnostic[] = [];
  for (const { afterRecord, err } of skipped) {
    // The failing record starts where the last good record ended; csv-parse reports where it gave up.
    const line = afterRecord === 0 ? 1 : endLines[afterRecord - 1]!;
    if (err.code === 'CSV_MAX_RECORD_SIZE') {
      // csv-parse knows which column it was filling when the record outgrew the limit: name it by its header.
      const column = typeof (err as { column?: unknown }).column === 'number' ? ((err as { column?: number }).column as number) : -1;
      const header = afterRecord > 0 ? rows[0]?.cells[column]?.trim() : undefined;
      const field = header ? (fieldForHeader(header) ?? header) : undefined;
      diagnostics.push(errorAt(input, 'field-too-large', 'read.recordTooLarge', { line, field, params: { limit: MAX_RECORD_CHARS } }));
    } else {
      diagnostics.push(errorAt(input, 'malformed-row', 'read.malformedRow', { line, params: { detail: describeCsvError(err) } }));
    }
  }
  return { rows, diagnostics };
}

function describeCsvError(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'quote not closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text after a closing quote';
    default:
      return err.message.split(':')[0] ?? err.code;
  }
}

/** CSV and TSV files, any of the encodings `decodeText` detects. */
export const readCsv: Reader = async (input) => {
  const format = /\.tsv$/i.test(input.file) ? 'tsv' : 'csv';
  const decoding = decodeInput(input, format);
  if ('failed' in decoding) return decoding.failed;
  const { decoded } = decoding;
  const delimiter = format === 'tsv' ? '\t' : sniffDelimiter(decoded.text, input.file);
  const parsed = parseCsvRows(decoded.text, input, delimiter);
  const table = readTableRows(parsed.rows, input);
  const result: ReadResult = {
    entries: table.entries,
    diagnostics: [...parsed.diagnostics, ...table.diagnostics],
    format,
    encoding: decoded.encoding,
  };
  return result;
};
