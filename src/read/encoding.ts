import { isUtf8 } from 'node:buffer';
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

/** The encoding a byte-order mark at the start of `bytes` names, with the mark's length. */
function detectBom(bytes: Buffer): { encoding: TextEncodingName; length: number } | undefined {
  const [b0, b1, b2] = [bytes[0], bytes[1], bytes[2]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * True when the start of the file looks like binary data: any NUL byte, or more than 1 % of other
 * control bytes (tab, newlines, form feed and escape excepted). Text encodings kbt reads without a BOM
 * never contain either, UTF-16 aside (`detectUtf16` runs first).
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

/** Code points a Chinese shop's text is made of: ASCII and Latin, punctuation and symbols, CJK, full-width forms. */
function isCommonUnit(u: number): boolean {
  return (u >= 0x09 && u <= 0x024f) || (u >= 0x2000 && u <= 0x2bff) || (u >= 0x3000 && u <= 0x9fff) || (u >= 0xf900 && u <= 0xfaff) || (u >= 0xfe30 && u <= 0xfe4f) || (u >= 0xff00 && u <= 0xffef);
}

/**
 * Whether `bytes` (even length) read as UTF-16 is plausible text: no NUL character, no lone surrogate,
 * at most 1 % control and private-use characters, and at least 80 % of characters from the ranges
 * Chinese shop text uses. Binary data read this way is about half rare CJK, Hangul and private use.
 */
function isPlausibleUtf16(bytes: Buffer, littleEndian: boolean): boolean {
  const units = bytes.length >> 1;
  let control = 0;
  let bad = 0;
  let common = 0;
  for (let i = 0; i < units; i++) {
    const u = littleEndian ? bytes[2 * i]! | (bytes[2 * i + 1]! << 8) : (bytes[2 * i]! << 8) | bytes[2 * i + 1]!;
    if (u === 0) return false;
    if (u >= 0xd800 && u <= 0xdbff) {
      // A high surrogate needs a low one next; the sample may end between the two.
      if (i + 1 === units) break;
      const next = littleEndian ? bytes[2 * i + 2]! | (bytes[2 * i + 3]! << 8) : (bytes[2 * i + 2]! << 8) | bytes[2 * i + 3]!;
      if (next < 0xdc00 || next > 0xdfff) return false;
      i++;
      common += 2;
    } else if (u >= 0xdc00 && u <= 0xdfff) return false;
    else if (u < 0x20 && u !== 0x09 && u !== 0x0a && u !== 0x0d && u !== 0x0c) control++;
    else if ((u >= 0xe000 && u <= 0xf8ff) || u >= 0xfffd) bad++;
    else if (isCommonUnit(u)) common++;
  }
  return control * 100 <= units && bad * 100 <= units && common * 10 >= units * 8;
}

/**
 * UTF-16 without a byte-order mark, told by its NUL bytes: ASCII characters (commas, newlines, digits)
 * put a NUL in their high byte, so NULs sit at odd offsets in little-endian text and at even ones in
 * big-endian text. Some may sit on the other side (一 is U+4E00, 退 U+9000), so the side with most NULs
 * decides, and the decoded sample must then be plausible text: binary formats have NULs on both sides
 * and decode to NULs and rare characters.
 */
export function detectUtf16(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) {
      if (i & 1) odd++;
      else even++;
    }
  }
  const sample = bytes.subarray(0, n);
  if (odd === even) return undefined;
  if (odd > even) return isPlausibleUtf16(sample, true) ? 'utf-16le' : undefined;
  return isPlausibleUtf16(sample, false) ? 'utf-16be' : undefined;
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

/** The more plausible of GB18030 and Big5 for bytes that are not UTF-8. Ties go to GB18030: mainland merchants are the common case. */
export function pickLegacyEncoding(bytes: Buffer): 'gb18030' | 'big5' {
  const gbScore = plausibility(iconv.decode(bytes, 'gb18030'), COMMON_SIMPLIFIED);
  const big5Score = plausibility(iconv.decode(bytes, 'big5'), COMMON_TRADITIONAL);
  return big5Score > gbScore ? 'big5' : 'gb18030';
}

/** Drops a multi-byte UTF-8 sequence cut off at the end of a sample. */
function withoutCutUtf8(bytes: Buffer): Buffer {
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 4; i--) {
    const b = bytes[i]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return i + need > bytes.length ? bytes.subarray(0, i) : bytes;
  }
  return bytes;
}

export interface SniffOptions {
  /** A forced encoding (already resolved); it wins over detection, but binary data is still reported. */
  encoding?: TextEncodingName;
  /**
   * True when `bytes` is only the start of the file, so the last character may be cut: a cut UTF-8
   * sequence does not count against UTF-8, and GB18030/Big5 are scored up to the last line break.
   * Default false (the whole file).
   */
  partial?: boolean;
}

/** What `sniffEncoding` found: `bomLength` bytes of byte-order mark to skip before decoding. */
export interface SniffedEncoding {
  encoding: TextEncodingName | 'binary';
  bomLength: number;
}

/**
 * Picks the encoding of a file from its bytes (or its first bytes). Order: an explicit encoding; a BOM
 * (UTF-8, UTF-16 LE/BE); UTF-16 without a BOM; binary data; strict UTF-8; else the more plausible of
 * GB18030 (covers GBK and GB2312) and Big5.
 */
export function sniffEncoding(bytes: Buffer, options: SniffOptions = {}): SniffedEncoding {
  const bom = detectBom(bytes);
  const forced = options.encoding;
  const bomLength = bom && (forced === undefined || forced === bom.encoding) ? bom.length : 0;
  const body = bytes.subarray(bom?.length ?? 0);
  const chosen = forced ?? bom?.encoding ?? detectUtf16(body);
  if (chosen === 'utf-16le' || chosen === 'utf-16be') return { encoding: chosen, bomLength };
  if (looksBinary(body)) return { encoding: 'binary', bomLength };
  if (chosen) return { encoding: chosen, bomLength };
  if (isUtf8(options.partial ? withoutCutUtf8(body) : body)) return { encoding: 'utf-8', bomLength };
  const lastBreak = options.partial ? body.lastIndexOf(0x0a) : -1;
  return { encoding: pickLegacyEncoding(lastBreak > 0 ? body.subarray(0, lastBreak + 1) : body), bomLength };
}

/**
 * Decodes a text file. Order: an explicit `encoding`; a BOM (UTF-8, UTF-16 LE/BE); UTF-16 without a BOM;
 * strict UTF-8; else the more plausible of GB18030 (covers GBK and GB2312) and Big5. Throws
 * `ReadFailure` for an empty file, a binary file or an unknown encoding name.
 */
export function decodeText(bytes: Buffer, options: DecodeOptions): DecodedText {
  const { file } = options;
  let forced: TextEncodingName | undefined;
  if (options.encoding !== undefined) {
    forced = resolveEncodingName(options.encoding);
    if (!forced) fail('unknown-encoding', 'read.unknownEncoding', file, { encoding: options.encoding, supported: ENCODING_NAMES_FOR_HINT });
  }
  const { encoding, bomLength } = sniffEncoding(bytes, forced === undefined ? {} : { encoding: forced });
  if (bytes.length === (detectBom(bytes)?.length ?? 0)) fail('empty-file', 'read.emptyFile', file);
  if (encoding === 'binary') fail('binary-file', 'read.binaryFile', file);
  const decoded: DecodedText = { text: stripBom(decodeWith(bytes.subarray(bomLength), encoding)), encoding };
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
