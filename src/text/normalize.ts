/**
 * Text normalization: small pure steps, composed by `normalizeText`. Every step is idempotent and so is
 * their composition (property-tested), so a phrasing normalized at build time and the same words typed by a
 * customer meet as the same string.
 *
 * Order matters: width first (full-width Ａ and ３ become ASCII), then Traditional→Simplified (the converter
 * emits some ASCII such as `U盘`), then case, symbols, spacing, units.
 */
import * as OpenCC from 'opencc-js';

type Convert = (s: string) => string;

let twToCn: Convert | undefined;
let hkToCn: Convert | undefined;
let tToCn: Convert | undefined;
/** Per-code-unit cache: 0 not looked at yet, 1 same in Simplified, 2 a Traditional form. */
const tradState = new Uint8Array(0x10000);

function converters(): [Convert, Convert] {
  // Building a converter takes milliseconds (dictionary tries); build once, on first use.
  const tw = (twToCn ??= OpenCC.Converter({ from: 'twp', to: 'cn' }));
  const hk = (hkToCn ??= OpenCC.Converter({ from: 'hk', to: 'cn' }));
  return [tw, hk];
}

function isTraditionalChar(code: number): boolean {
  let s = tradState[code]!;
  if (s === 0) {
    const ch = String.fromCharCode(code);
    // Detection uses the plain character table: Taiwan variants also rewrite a few characters that are
    // standard Simplified (么→幺, 埠→端口), which must not make a Simplified sentence look Traditional.
    tToCn ??= OpenCC.Converter({ from: 't', to: 'cn' });
    s = (tToCn as Convert)(ch) !== ch ? 2 : 1;
    tradState[code] = s;
  }
  return s === 2;
}

/** True when the text holds at least one Traditional-only CJK character. */
export function hasTraditional(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3400 && c <= 0x9fff && isTraditionalChar(c)) return true;
  }
  return false;
}

/**
 * Traditional → Simplified with Taiwan phrase conversion (記憶體→内存, 滑鼠→鼠标), then Hong Kong variants.
 * Text with no Traditional character is returned as is, without running the converter: that is the common
 * case and keeps the hot path cheap.
 */
export function toSimplified(text: string): string {
  if (!hasTraditional(text)) return text;
  const [tw, hk] = converters();
  const guarded = text.replace(/[么埠]/g, (c) => (c === '么' ? '\ue000' : '\ue001'));
  return hk(tw(guarded)).replace(/[\ue000\ue001]/g, (c) => (c === '\ue000' ? '么' : '埠'));
}

/** Unicode NFKC: full-width letters, digits and punctuation become their ASCII forms; ligatures unfold. */
export function foldWidth(text: string): string {
  return text.normalize('NFKC');
}

export function foldCase(text: string): string {
  return text.toLowerCase();
}

const SYMBOLS = /[^\p{L}\p{N}\s.]|(?<!\d)\.|\.(?!\d)/gu;
const SYMBOL_CHAR = /[^\p{L}\p{N}\s.]/u;
/** Per BMP code unit: 0 not looked at yet, 1 kept, 2 a symbol (becomes a space). */
const symbolState = new Uint8Array(0x10000);

function isSymbol(code: number): boolean {
  let s = symbolState[code]!;
  if (s === 0) {
    s = SYMBOL_CHAR.test(String.fromCharCode(code)) ? 2 : 1;
    symbolState[code] = s;
  }
  return s === 2;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Punctuation, emoji and other symbols become spaces. A dot survives only between digits (`2.5`), so sizes
 * and versions keep their meaning.
 */
export function stripSymbols(text: string): string {
  // One pass over a per-character table; text with surrogates (emoji are one symbol, one space) takes the regex.
  let out = '';
  let from = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let drop: boolean;
    if (c === 46) drop = !(i > 0 && isDigit(text.charCodeAt(i - 1)) && i + 1 < n && isDigit(text.charCodeAt(i + 1)));
    else if (c >= 0xd800 && c <= 0xdfff) return text.replace(SYMBOLS, ' ');
    else drop = isSymbol(c);
    if (drop) {
      out += `${text.slice(from, i)} `;
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * CJK ideographs (extension A, unified, compatibility), the ranges of `[\u3400-\u9fff\uf900-\ufaff]`: no
 * spaces around them, and each counts as one unit in analysis.
 */
export function isCjkUnit(c: number): boolean {
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

/** The code units JavaScript's `\\s` matches. */
function isSpaceUnit(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** `[a-z0-9.]`: what ASCII tokens to be joined are made of. */
function isAlnumDot(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46;
}
const ALNUM_RUN = /[a-z0-9.]+(?:\s+[a-z0-9.]+)*/g;
const HAS_SPACE = /\s/;

/** Whether two neighbouring ASCII tokens belong to one name (`rtx 4060`, `y9000 p`, `16 g`). */
function joinsWith(prev: string, next: string): boolean {
  if (prev.length === 1 || next.length === 1) return true;
  if (/^[a-z]+$/.test(prev) && /^\d/.test(next)) return true;
  return /\d$/.test(prev) && /^[a-z]{1,3}$/.test(next);
}

/**
 * Spacing: whitespace next to a CJK character is dropped (Chinese does not use it), runs of whitespace
 * collapse, and ASCII tokens that form one model name or size are joined (`Y9000 P`→`y9000p`,
 * `rtx 4060 ti`→`rtx4060ti`, `16 g`→`16g`) while `usb type` and `ddr4 16g` stay apart. The join test looks
 * only at the two raw neighbours, which keeps the step idempotent.
 */
export function normalizeSpacing(text: string): string {
  // Without whitespace every step below leaves the text as it is.
  if (!HAS_SPACE.test(text)) return text;
  // One pass instead of three regular expressions (collapse, drop next to CJK, trim): a run of whitespace
  // becomes one space unless it starts or ends the text or touches a CJK character.
  let collapsed = '';
  let from = 0;
  let asciiGap = false;
  for (let i = 0; i < text.length; ) {
    if (!isSpaceUnit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && isSpaceUnit(text.charCodeAt(j))) j++;
    collapsed += text.slice(from, i);
    const before = i > 0 ? text.charCodeAt(i - 1) : -1;
    const after = j < text.length ? text.charCodeAt(j) : -1;
    if (before >= 0 && after >= 0 && !isCjkUnit(before) && !isCjkUnit(after)) {
      collapsed += ' ';
      if (isAlnumDot(before) && isAlnumDot(after)) asciiGap = true;
    }
    from = i = j;
  }
  collapsed += text.slice(from);
  // Only a space between two ASCII tokens can join them.
  if (!asciiGap) return collapsed;
  return collapsed.replace(ALNUM_RUN, (run) => {
    const parts = run.split(' ');
    if (parts.length === 1) return run;
    let out = parts[0]!;
    for (let i = 1; i < parts.length; i++) {
      const p = parts[i]!;
      out += joinsWith(parts[i - 1]!, p) ? p : ` ${p}`;
    }
    return out;
  });
}

const HAS_DIGIT = /\d/;

/** Whether a digit is directly followed by the first character of a unit (g, t, 寸, 英). */
function hasUnitAfterDigit(text: string): boolean {
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 103 || c === 116 || c === 0x5bf8 || c === 0x82f1) && isDigit(text.charCodeAt(i - 1))) return true;
  }
  return false;
}

/**
 * Storage sizes: `16g`, `16 G`, `16GB`, `16gb` → `16gb`; `1t`/`1tb` → `1tb`. Only sizes of 6 and up are
 * read as gigabytes, because `4g` and `5g` are network generations far more often than memory sizes.
 */
export function normalizeUnits(text: string): string {
  // Every rule needs an ASCII digit followed at once by g, t, 寸 or 英 (model numbers such as y9000p
  // and i3087pro, in nearly every question, have none).
  if (!HAS_DIGIT.test(text) || !hasUnitAfterDigit(text)) return text;
  return text
    .replace(/(?<![a-z0-9.])(\d+(?:\.\d+)?)(?:g|gb|gib)(?![a-z])/g, (m, n: string) =>
      Number(n) >= 6 || /b$/.test(m) ? `${n}gb` : m,
    )
    .replace(/(?<![a-z0-9.])(\d+(?:\.\d+)?)(?:t|tb|tib)(?![a-z])/g, '$1tb')
    .replace(/(?<![a-z0-9.])(\d+(?:\.\d+)?)(?:寸|英寸)/g, '$1寸');
}

/**
 * The whole text pipeline without the model dictionary (see `canonicalizeModels` in ./models.ts for that
 * last step). Pure and idempotent: `normalizeText(normalizeText(s)) === normalizeText(s)`.
 */
export function normalizeText(text: string): string {
  return normalizeUnits(normalizeSpacing(stripSymbols(foldCase(toSimplified(foldWidth(text))))));
}
