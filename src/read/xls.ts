/**
 * Legacy Excel 97–2003 `.xls` workbooks (BIFF8, and the BIFF5 of Excel 5/95 with its 8-bit code-page
 * strings): the "Workbook" / "Book" stream of an OLE2 compound file, read record by record.
 *
 * Only what a FAQ sheet needs is decoded: sheet names, shared strings, text / number / boolean / error
 * cells and cached formula results, and enough of the cell formats to print dates as dates. Everything
 * read from the file is bounds-checked; damage ends in a `CorruptFileError`.
 */
import iconv from 'iconv-lite';
import { CorruptFileError, findRootStream, isCfb, parseCfb } from './cfb.js';
import { readCsv } from './csv.js';
import { errorAt } from './entry-fields.js';
import { cellText, readExcel } from './excel.js';
import type { TableRow } from './table.js';
import type { Reader } from './types.js';
import { corruptWorkbookResult, emptyWorkbookResult, errorDetail, readPickedSheet } from './workbook.js';

/** Thrown for a workbook protected by a password (a FILEPASS record or an encrypted OOXML package). */
export class EncryptedWorkbookError extends Error {
  override name = 'EncryptedWorkbookError';
}

const RT = {
  FORMULA: 0x0006,
  EOF: 0x000a,
  DATEMODE: 0x0022,
  FILEPASS: 0x002f,
  CONTINUE: 0x003c,
  CODEPAGE: 0x0042,
  BOUNDSHEET: 0x0085,
  MULRK: 0x00bd,
  RSTRING: 0x00d6,
  XF: 0x00e0,
  SST: 0x00fc,
  LABELSST: 0x00fd,
  NUMBER: 0x0203,
  LABEL: 0x0204,
  BOOLERR: 0x0205,
  STRING: 0x0207,
  RK: 0x027e,
  FORMAT: 0x041e,
  BOF: 0x0809,
} as const;

/** BOF records of BIFF2–4, which kept one sheet per file and are not read. */
const OLD_BOF_TYPES = new Set([0x0009, 0x0209, 0x0409]);
const BOF_GLOBALS = 0x0005;
const BOF_WORKSHEET = 0x0010;
/** BIFF8 sheets have 256 columns (IV); anything past it is damage. */
const MAX_COLUMNS = 256;

const ERROR_CODES: Record<number, string> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
};

/**
 * Built-in number formats that show dates or times: the international ones (14–22, 45–47) and the
 * CJK ones (27–36, 50–58) that Chinese Excel and WPS use for `yyyy年m月d日` and the like.
 */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** One BIFF record of the workbook stream. */
export interface BiffRecord {
  type: number;
  /** Offset of the record header in the stream. */
  offset: number;
  data: Buffer;
  /** 1 for records of the substream itself, 2+ inside nested substreams (charts embedded in a sheet). */
  depth: number;
}

/** One worksheet of a workbook: its name and rows (cells as text, `line` = 1-based row number). */
export interface XlsSheet {
  name: string;
  rows: TableRow[];
}

function fail(detail: string): never {
  throw new CorruptFileError(detail);
}

function need(record: BiffRecord, length: number, what: string): void {
  if (record.data.length < length) fail(`${what} record at offset ${record.offset} is too short (${record.data.length} < ${length} bytes)`);
}

/**
 * The records of the substream whose BOF is at `offset`, up to its EOF (included). Nested substreams
 * (BOF…EOF inside) are kept with a higher `depth` so callers can skip them.
 */
export function readSubstream(stream: Buffer, offset: number): BiffRecord[] {
  const out: BiffRecord[] = [];
  let depth = 0;
  let at = offset;
  for (;;) {
    if (at + 4 > stream.length) fail(`the workbook stream ends at offset ${at} before the EOF record`);
    const type = stream.readUInt16LE(at);
    const length = stream.readUInt16LE(at + 2);
    if (out.length === 0 && type !== RT.BOF) {
      if (OLD_BOF_TYPES.has(type)) fail('Excel 2.x–4.x workbooks are not supported; save it as .xlsx');
      fail(`expected a BOF record at offset ${at}, found 0x${type.toString(16)}`);
    }
    if (at + 4 + length > stream.length) fail(`record 0x${type.toString(16)} at offset ${at} runs past the end of the stream`);
    if (type === RT.BOF) depth++;
    out.push({ type, offset: at, data: stream.subarray(at + 4, at + 4 + length), depth: type === RT.BOF ? depth - 1 : depth });
    at += 4 + length;
    if (type === RT.EOF && --depth === 0) return out;
  }
}

/** Code page number (CODEPAGE record) → iconv-lite name for BIFF5 8-bit strings. */
function codepageName(codepage: number): string {
  if (codepage === 1200) return 'utf16le';
  if (codepage === 367) return 'ascii';
  if (codepage === 32768 || codepage === 10000) return 'macintosh';
  if (codepage === 32769) return 'cp1252';
  const name = `cp${codepage}`;
  return iconv.encodingExists(name) ? name : 'cp1252';
}

/**
 * A read position over a record and its CONTINUE records. Headers and skipped bytes flow over a record
 * boundary as they are; character data re-reads the compressed/UTF-16 flag byte that starts each
 * CONTINUE it enters.
 */
class Segments {
  private seg = 0;
  private pos: number;
  constructor(
    private readonly parts: readonly Buffer[],
    start = 0,
  ) {
    this.pos = start;
  }

  /** True when every byte has been read. */
  atEnd(): boolean {
    for (let s = this.seg; s < this.parts.length; s++) if ((s === this.seg ? this.pos : 0) < this.parts[s]!.length) return false;
    return true;
  }

  private advance(): void {
    this.seg++;
    this.pos = 0;
    if (this.seg >= this.parts.length) fail('a string runs past the end of its record');
  }

  byte(): number {
    while (this.pos >= this.parts[this.seg]!.length) this.advance();
    return this.parts[this.seg]![this.pos++]!;
  }

  u16(): number {
    return this.byte() | (this.byte() << 8);
  }

  u32(): number {
    return (this.byte() | (this.byte() << 8) | (this.byte() << 16) | (this.byte() << 24)) >>> 0;
  }

  skip(count: number): void {
    let left = count;
    while (left > 0) {
      const available = this.parts[this.seg]!.length - this.pos;
      if (available === 0) {
        this.advance();
        continue;
      }
      const k = Math.min(available, left);
      this.pos += k;
      left -= k;
    }
  }

  bytes(count: number): Buffer {
    const out: Buffer[] = [];
    let left = count;
    while (left > 0) {
      const part = this.parts[this.seg]!;
      if (this.pos >= part.length) {
        this.advance();
        continue;
      }
      const k = Math.min(part.length - this.pos, left);
      out.push(part.subarray(this.pos, this.pos + k));
      this.pos += k;
      left -= k;
    }
    return Buffer.concat(out);
  }

  /** `count` characters, 1 byte each (`wide` false: the low bytes of UTF-16) or UTF-16LE. */
  chars(count: number, wide: boolean): string {
    let text = '';
    let left = count;
    let twoBytes = wide;
    while (left > 0) {
      const part = this.parts[this.seg]!;
      const width = twoBytes ? 2 : 1;
      const k = Math.max(0, Math.min(Math.floor((part.length - this.pos) / width), left));
      if (k === 0) {
        // The characters go on in the next CONTINUE record, which starts with its own flag byte.
        this.advance();
        twoBytes = (this.parts[this.seg]![0]! & 1) === 1;
        this.pos = 1;
        continue;
      }
      text += part.toString(twoBytes ? 'utf16le' : 'latin1', this.pos, this.pos + k * width);
      this.pos += k * width;
      left -= k;
    }
    return text;
  }
}

/** How strings are stored: BIFF8 Unicode strings, or BIFF5 bytes in the workbook's code page. */
interface StringCoding {
  biff8: boolean;
  codepage: string;
}

/**
 * Reads a string: `lengthBytes` is the size of the character count (1 for sheet names, 2 elsewhere);
 * `extended` honours the rich-text and phonetic parts of shared strings (skipped, not kept).
 */
function readString(cur: Segments, coding: StringCoding, lengthBytes: 1 | 2, extended = false): string {
  const count = lengthBytes === 1 ? cur.byte() : cur.u16();
  if (!coding.biff8) return iconv.decode(cur.bytes(count), coding.codepage);
  const flags = cur.byte();
  const runs = extended && flags & 0x08 ? cur.u16() : 0;
  const extra = extended && flags & 0x04 ? cur.u32() : 0;
  const text = cur.chars(count, (flags & 0x01) === 1);
  cur.skip(runs * 4 + extra);
  return text;
}

/** Decodes an RK value: a 30-bit integer or the high 30 bits of a double, optionally divided by 100. */
export function decodeRk(rk: number): number {
  let value: number;
  if (rk & 0x02) value = (rk | 0) >> 2;
  else {
    const b = Buffer.alloc(8);
    b.writeUInt32LE((rk & 0xfffffffc) >>> 0, 4);
    value = b.readDoubleLE(0);
  }
  return rk & 0x01 ? value / 100 : value;
}

/**
 * True for a number-format code that shows a date or time: once quoted text, escapes, fill / padding
 * characters and bracketed parts (colours, conditions, locales; not the elapsed `[h]`) are removed, a
 * date/time letter is left.
 */
export function isDateFormat(code: string): boolean {
  const stripped = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, '');
  if (/^general$/i.test(stripped.trim())) return false;
  return /[ymdhs]/i.test(stripped);
}

/** Excel serial day number → Date (UTC), rounded to the second as Excel shows it. */
export function serialToDate(serial: number, date1904: boolean): Date {
  const days = serial - 25569 + (date1904 ? 1462 : 0);
  return new Date(Math.round(days * 86400) * 1000);
}

interface Globals {
  coding: StringCoding;
  date1904: boolean;
  /** Number-format index of each XF record, in order. */
  xfFormats: number[];
  /** Custom number formats by index. */
  formats: Map<number, string>;
  sst: string[];
  sheets: { name: string; offset: number }[];
}

function readGlobals(stream: Buffer): Globals {
  const records = readSubstream(stream, 0);
  const bof = records[0]!;
  need(bof, 4, 'BOF');
  const version = bof.data.readUInt16LE(0);
  if (version !== 0x0600 && version !== 0x0500) fail(`unsupported BIFF version 0x${version.toString(16)}`);
  if (bof.data.readUInt16LE(2) !== BOF_GLOBALS) fail('the workbook stream does not start with the workbook globals');
  const g: Globals = {
    coding: { biff8: version === 0x0600, codepage: 'cp1252' },
    date1904: false,
    xfFormats: [],
    formats: new Map(),
    sst: [],
    sheets: [],
  };
  for (let i = 1; i < records.length; i++) {
    const r = records[i]!;
    if (r.depth !== 1) continue;
    switch (r.type) {
      case RT.FILEPASS:
        throw new EncryptedWorkbookError('the workbook is encrypted');
      case RT.CODEPAGE:
        need(r, 2, 'CODEPAGE');
        g.coding.codepage = codepageName(r.data.readUInt16LE(0));
        break;
      case RT.DATEMODE:
        need(r, 2, 'DATEMODE');
        g.date1904 = r.data.readUInt16LE(0) === 1;
        break;
      case RT.FORMAT: {
        need(r, 3, 'FORMAT');
        const cur = new Segments([r.data], 2);
        g.formats.set(r.data.readUInt16LE(0), readString(cur, g.coding, g.coding.biff8 ? 2 : 1));
        break;
      }
      case RT.XF:
        need(r, 4, 'XF');
        g.xfFormats.push(r.data.readUInt16LE(2));
        break;
      case RT.BOUNDSHEET: {
        need(r, 7, 'BOUNDSHEET');
        // Only worksheets (type 0); charts, macro and VBA sheets hold no cells.
        if (r.data[5] !== 0) break;
        const name = readString(new Segments([r.data], 6), g.coding, 1);
        g.sheets.push({ name, offset: r.data.readUInt32LE(0) });
        break;
      }
      case RT.SST: {
        need(r, 8, 'SST');
        const parts = [r.data];
        while (records[i + 1]?.type === RT.CONTINUE) parts.push(records[++i]!.data);
        const cur = new Segments(parts, 8);
        const unique = r.data.readUInt32LE(4);
        // Some writers get the count wrong; the data decides where the table ends.
        while (g.sst.length < unique && !cur.atEnd()) g.sst.push(readString(cur, g.coding, 2, true));
        break;
      }
    }
  }
  return g;
}

/** Reads one worksheet's cells into rows; `undefined` when the substream is not a worksheet. */
function readSheetRows(stream: Buffer, g: Globals, offset: number): TableRow[] | undefined {
  if (offset >= stream.length) fail(`a sheet starts at offset ${offset}, past the end of the workbook stream (${stream.length} bytes)`);
  const records = readSubstream(stream, offset);
  const bof = records[0]!;
  need(bof, 4, 'BOF');
  if (bof.data.readUInt16LE(2) !== BOF_WORKSHEET) return undefined;

  const cells = new Map<number, Map<number, string>>();
  let width = 0;
  const put = (r: BiffRecord, row: number, col: number, text: string): void => {
    if (col >= MAX_COLUMNS) fail(`a cell at offset ${r.offset} is in column ${col + 1}, past the last column`);
    let line = cells.get(row);
    if (!line) cells.set(row, (line = new Map()));
    line.set(col, text);
    width = Math.max(width, col + 1);
  };
  const numberText = (xf: number, value: number): string => {
    const fmt = g.xfFormats[xf];
    const isDate = fmt !== undefined && (g.formats.has(fmt) ? isDateFormat(g.formats.get(fmt)!) : BUILTIN_DATE_FORMATS.has(fmt));
    return isDate && value >= 0 && value < 2958466 ? cellText(serialToDate(value, g.date1904)) : cellText(value);
  };
  const continued = (i: number): { parts: Buffer[]; next: number } => {
    const parts = [records[i]!.data];
    while (records[i + 1]?.type === RT.CONTINUE) parts.push(records[++i]!.data);
    return { parts, next: i };
  };

  let pending: { row: number; col: number } | undefined;
  for (let i = 1; i < records.length; i++) {
    const r = records[i]!;
    if (r.depth !== 1) continue;
    const d = r.data;
    switch (r.type) {
      case RT.LABELSST: {
        need(r, 10, 'LABELSST');
        const index = d.readUInt32LE(6);
        if (index >= g.sst.length) fail(`a cell at offset ${r.offset} refers to shared string ${index}, but there are ${g.sst.length}`);
        put(r, d.readUInt16LE(0), d.readUInt16LE(2), g.sst[index]!);
        break;
      }
      case RT.LABEL:
      case RT.RSTRING: {
        need(r, 8, 'LABEL');
        const { parts, next } = continued(i);
        i = next;
        put(r, d.readUInt16LE(0), d.readUInt16LE(2), readString(new Segments(parts, 6), g.coding, 2));
        break;
      }
      case RT.NUMBER:
        need(r, 14, 'NUMBER');
        put(r, d.readUInt16LE(0), d.readUInt16LE(2), numberText(d.readUInt16LE(4), d.readDoubleLE(6)));
        break;
      case RT.RK:
        need(r, 10, 'RK');
        put(r, d.readUInt16LE(0), d.readUInt16LE(2), numberText(d.readUInt16LE(4), decodeRk(d.readUInt32LE(6))));
        break;
      case RT.MULRK: {
        need(r, 12, 'MULRK');
        const row = d.readUInt16LE(0);
        const first = d.readUInt16LE(2);
        const count = Math.floor((d.length - 6) / 6);
        for (let k = 0; k < count; k++) {
          const at = 4 + k * 6;
          put(r, row, first + k, numberText(d.readUInt16LE(at), decodeRk(d.readUInt32LE(at + 2))));
        }
        break;
      }
      case RT.BOOLERR:
        need(r, 8, 'BOOLERR');
        put(r, d.readUInt16LE(0), d.readUInt16LE(2), d[7] ? (ERROR_CODES[d[6]!] ?? '#ERROR') : cellText(d[6] !== 0));
        break;
      case RT.FORMULA: {
        need(r, 20, 'FORMULA');
        const row = d.readUInt16LE(0);
        const col = d.readUInt16LE(2);
        pending = undefined;
        if (d.readUInt16LE(12) !== 0xffff) put(r, row, col, numberText(d.readUInt16LE(4), d.readDoubleLE(6)));
        else if (d[6] === 0) pending = { row, col }; // the text follows in a STRING record
        else if (d[6] === 1) put(r, row, col, cellText(d[8] !== 0));
        else if (d[6] === 2) put(r, row, col, ERROR_CODES[d[8]!] ?? '#ERROR');
        else put(r, row, col, '');
        break;
      }
      case RT.STRING: {
        const { parts, next } = continued(i);
        i = next;
        if (pending) put(r, pending.row, pending.col, readString(new Segments(parts), g.coding, 2));
        pending = undefined;
        break;
      }
    }
  }

  return [...cells.keys()]
    .sort((a, b) => a - b)
    .map((row) => {
      const line = cells.get(row)!;
      return { cells: Array.from({ length: width }, (_, c) => line.get(c) ?? ''), line: row + 1 };
    });
}

/**
 * Reads every worksheet of an `.xls` file (charts and macro sheets are left out), in workbook order.
 * Throws `CorruptFileError` for a damaged file and `EncryptedWorkbookError` for a password-protected one.
 */
export function readXlsSheets(bytes: Buffer): XlsSheet[] {
  const cfb = parseCfb(bytes);
  const stream = findRootStream(cfb, ['Workbook', 'Book']);
  if (!stream) {
    if (findRootStream(cfb, ['EncryptedPackage'])) throw new EncryptedWorkbookError('the workbook is encrypted');
    fail('no Workbook stream: this is an OLE2 file but not an Excel workbook');
  }
  const data = cfb.readStream(stream);
  const g = readGlobals(data);
  const sheets: XlsSheet[] = [];
  for (const s of g.sheets) {
    const rows = readSheetRows(data, g, s.offset);
    if (rows) sheets.push({ name: s.name, rows });
  }
  return sheets;
}

const ZIP_SIGNATURE = Buffer.from('PK\x03\x04', 'latin1');

/** Shop back-offices often save an HTML table under `.xls`; Excel opens it, we cannot. */
function looksLikeHtml(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 1024).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  return /^<(!doctype html|html|table|\?xml[^>]*>\s*<(html|table|workbook))|^<meta/.test(head) || head.includes('urn:schemas-microsoft-com:office:spreadsheet');
}

/**
 * `.xls` workbooks: one sheet read like a CSV file, line = sheet row number, `--sheet` as for `.xlsx`.
 * A file that is really an `.xlsx` (zip) or plain delimited text under an `.xls` name is read as what it is.
 */
export const readXls: Reader = async (input) => {
  const format = 'xls';
  const bytes = input.bytes;
  if (bytes.length === 0) return emptyWorkbookResult(input, format);
  if (!isCfb(bytes)) {
    if (bytes.subarray(0, 4).equals(ZIP_SIGNATURE)) return readExcel(input);
    if (looksLikeHtml(bytes)) return { entries: [], diagnostics: [errorAt(input, 'corrupt-file', 'read.htmlSpreadsheet')], format };
    if (!bytes.subarray(0, 4096).includes(0)) return readCsv(input);
    return corruptWorkbookResult(input, format, 'not an Excel 97–2003 workbook (no OLE2 signature)');
  }
  let sheets: XlsSheet[];
  try {
    sheets = readXlsSheets(bytes);
  } catch (err) {
    if (err instanceof EncryptedWorkbookError) return { entries: [], diagnostics: [errorAt(input, 'encrypted-file', 'read.encryptedWorkbook')], format };
    return corruptWorkbookResult(input, format, errorDetail(err));
  }
  return readPickedSheet(input, format, sheets, (s) => s.name, (s) => s.rows);
};
