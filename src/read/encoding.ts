import iconv from 'iconv-lite';
import type { Diagnostic } from '../model/diagnostic.js';
import { COMMON_SIMPLIFIED, COMMON_TRADITIONAL } from './common-hanzi.js';
import type { ReadInput, ReadResult } from './types.js';

/** Canonical encodings kbt reads, as reported in `ReadResult.encoding`. */
export const SUPPORTED_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'big5'] as const;
export type TextEncodingName = (typeof SUPPORTED_ENCODINGS)[number];

/** Names users may pass to `--encoding`, after lower-casing and dropping `-`, `_` and spaces. */
const ALIASES: Record<string, TextEncodingName> = {
  utf8: 'utf-8',
  utf8bom: 'utf-8',
  utf8sig: 'utf-8',
  utf16: 'utf-16le',
  utf16le: 'utf-16le',
  ucs2: 'utf-16le',
  utf16be: 'utf-16be',
  // GB18030 is a superset of GBK, which is a superset of GB2312: one decoder reads all three.
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  cp936: 'gb18030',
  euccn: 'gb18030',
  big5: 'big5',
  big5hkscs: 'big5',
  cp950: 'big5',
};

/** Names listed in the hint of an unknown-encoding message. */
export const ENCODING_NAMES_FOR_HINT = 'utf8, utf16le, utf16be, gbk, gb2312, gb18030, big5';

/** Maps a user-given encoding name to the canonical one; `undefined` when kbt does not know it. */
export function resolveEncodingName(name: string): TextEncodingName | undefined {
  return ALIASES[name.toLowerCase().replace(/[-_\s]/g, '')];
}

/**
 * A failure that ends reading one file (empty, binary, unknown encoding). Readers turn it into a
 * diagnostic so a run still reports the other files.
 */
export class ReadFailure extends Error {
  readonly diagnostic: Diagnostic;
  constructor(diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = 'ReadFailure';
    this.diagnostic = diagnostic;
  }
}

export interface DecodeOptions {
  /** Forces an encoding instead of detecting one; any name `resolveEncodingName` accepts. */
  encoding?: string;
  /** Shown in diagnostics. */
  file: string;
}

export interface DecodedText {
  /** The text without a byte-order mark. */
  text: string;
  encoding: TextEncodingName;
}

/** Bytes inspected by the binary check: enough to catch zip, image and office headers. */
const SNIFF_BYTES = 8192;

function fail(rule: string, message: string, file: string, params?: Record<string, string | number>): never {
  throw new ReadFailure({ severity: 'error', rule, message, params, file, line: params?.line as number | undefined });
}

function decodeWith(bytes: Buffer, encoding: TextEncodingName): string {
  if (encoding === 'utf-8') return new TextDecoder('utf-8').decode(bytes);
  if (encoding === 'utf-16le') return new TextDecoder('utf-16le').decode(bytes);
  if (encoding === 'utf-16be') return iconv.decode(bytes, 'utf-16be');
  return iconv.decode(bytes, encoding);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * True when the start of the file looks like binary data: any NUL byte, or more than 1 % of other
 * control bytes (tab, newlines, form feed and escape excepted). Text encodings kbt reads without a BOM
 * never contain either.
 */
export function looksBinary(bytes: Buffer): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  return control > Math.max(1, n / 100);
}

/**
 * How plausible a decoding of Chinese text is: the share of its Han characters that are frequent in the
 * given script, minus a heavy penalty for replacement and private-use characters (bytes the encoding
 * could not map). The wrong one of GB18030 / Big5 decodes real text into mostly rare characters.
 */
function plausibility(text: string, common: ReadonlySet<string>): number {
  let han = 0;
  let hits = 0;
  let bad = 0;
  let other = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) continue;
    if (cp === 0xfffd || (cp >= 0xe000 && cp <= 0xf8ff)) bad++;
    else if (cp >= 0x3400 && cp <= 0x9fff) {
      han++;
      if (common.has(ch)) hits++;
    } else other++;
  }
  const total = han + bad + other;
  if (total === 0) return 0;
  return hits / total - (3 * bad) / total;
}

function detectLegacy(bytes: Buffer): DecodedText {
  const gb = iconv.decode(bytes, 'gb18030');
  const big5 = iconv.decode(bytes, 'big5');
  const gbScore = plausibility(gb, COMMON_SIMPLIFIED);
  const big5Score = plausibility(big5, COMMON_TRADITIONAL);
  // Ties go to GB18030: mainland merchants are the common case.
  return big5Score > gbScore ? { text: big5, encoding: 'big5' } : { text: gb, encoding: 'gb18030' };
}

/**
 * Decodes a text file. Order: an explicit `encoding`; a BOM (UTF-8, UTF-16 LE/BE); strict UTF-8; else the
 * more plausible of GB18030 (covers GBK and GB2312) and Big5. Throws `ReadFailure` for an empty file, a
 * binary file or an unknown encoding name.
 */
export function decodeText(bytes: Buffer, options: DecodeOptions): DecodedText {
  const { file } = options;
  let forced: TextEncodingName | undefined;
  if (options.encoding !== undefined) {
    forced = resolveEncodingName(options.encoding);
    if (!forced) fail('unknown-encoding', 'read.unknownEncoding', file, { encoding: options.encoding, supported: ENCODING_NAMES_FOR_HINT });
  }
  const b0 = bytes[0];
  const b1 = bytes[1];
  const b2 = bytes[2];
  let bom: TextEncodingName | undefined;
  let bomLength = 0;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) [bom, bomLength] = ['utf-8', 3];
  else if (b0 === 0xff && b1 === 0xfe) [bom, bomLength] = ['utf-16le', 2];
  else if (b0 === 0xfe && b1 === 0xff) [bom, bomLength] = ['utf-16be', 2];

  if (bytes.length === bomLength) fail('empty-file', 'read.emptyFile', file);
  const body = bytes.subarray(bomLength);
  const encoding = forced ?? bom;
  const utf16 = encoding === 'utf-16le' || encoding === 'utf-16be';
  if (!utf16 && looksBinary(body)) fail('binary-file', 'read.binaryFile', file);

  let decoded: DecodedText;
  if (encoding) {
    decoded = { text: stripBom(decodeWith(bom === encoding ? body : bytes, encoding)), encoding };
  } else {
    try {
      decoded = { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
    } catch {
      decoded = detectLegacy(body);
    }
  }
  if (decoded.text.trim() === '') fail('empty-file', 'read.emptyFile', file);
  return decoded;
}

/**
 * Decodes a reader's input; a file that cannot be decoded (empty, binary, unknown encoding) becomes the
 * reader's whole result, one diagnostic and no entries.
 */
export function decodeInput(input: ReadInput, format: string): { decoded: DecodedText } | { failed: ReadResult } {
  try {
    return { decoded: decodeText(input.bytes, { file: input.file, ...(input.encoding === undefined ? {} : { encoding: input.encoding }) }) };
  } catch (err) {
    if (err instanceof ReadFailure) return { failed: { entries: [], diagnostics: [err.diagnostic], format } };
    throw err;
  }
}
