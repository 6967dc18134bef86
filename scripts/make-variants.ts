/**
 * Writes three variants of labeled chat logs, with the same sessions, turns, roles and labels, for the
 * robustness check (Traditional and typo text should score within 3 points of clean Simplified text):
 *
 *   clean        customer turns converted to Simplified (Taiwan phrases too: 螢幕→屏幕), so the baseline is
 *                clean Simplified text whatever script the source turn was written in
 *   traditional  clean converted to Traditional with Taiwan phrases (OpenCC cn→twp: 内存→記憶體)
 *   typo         clean with seeded corruption typical of Chinese input: same-pinyin character swaps
 *                (保→包, 驱→去), a dropped or doubled character, half/full-width swaps, random case in Latin
 *                model names, a space inside model numbers (Y9000P→Y9000 P); about one per 8 characters
 *
 *   npx tsx scripts/make-variants.ts packs/3c-digital/eval/*.jsonl [--out tmp/variants/pack] [--seed 1]
 *                                    [--rate 0.125] [--kinds homophone,drop,double,width,case,space]
 *
 * Each input `dir/name.jsonl` becomes `<out>/<variant>/name.jsonl`. Only the `text` of customer turns
 * changes; agent and bot turns and every other field are copied as they are. The same seed gives the same
 * bytes: each turn draws from its own generator seeded by (seed, session, turn), so a turn's corruption does
 * not depend on the turns before it or on file order.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import { COMMON_SIMPLIFIED } from '../src/read/common-hanzi.js';
import { seededRandom } from '../src/util/random.js';

export const VARIANTS = ['clean', 'traditional', 'typo'] as const;
export type Variant = (typeof VARIANTS)[number];

type Convert = (s: string) => string;

let tToCn: Convert | undefined;
let twpToCn: Convert | undefined;
let cnToTwp: Convert | undefined;

/**
 * Traditional (Taiwan phrases) → Simplified. Text with no Traditional character is left alone: the Taiwan
 * table also rewrites a few standard Simplified characters (么→幺, 埠→端口), which would corrupt clean text.
 */
export function toCleanSimplified(text: string): string {
  const detect = (tToCn ??= OpenCC.Converter({ from: 't', to: 'cn' }) as Convert);
  if (detect(text) === text) return text;
  const convert = (twpToCn ??= OpenCC.Converter({ from: 'twp', to: 'cn' }) as Convert);
  const guarded = text.replace(/[么埠]/g, (c) => (c === '么' ? '\ue000' : '\ue001'));
  return convert(guarded).replace(/[\ue000\ue001]/g, (c) => (c === '\ue000' ? '么' : '埠'));
}

/** Simplified → Traditional with Taiwan phrases. */
export function toTraditional(text: string): string {
  const convert = (cnToTwp ??= OpenCC.Converter({ from: 'cn', to: 'twp' }) as Convert);
  return convert(text);
}

/** FNV-1a over a string, for per-turn seeds. */
function hashString(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

let homophones: Map<string, string[]> | undefined;

function pinyinOf(ch: string): string {
  return pinyin(ch, { toneType: 'none', type: 'string', v: true });
}

/**
 * Same-pinyin (toneless) common characters for a character, sorted; empty when there is none. The pool is
 * the frequent-character list, so a swap produces what an IME offers first, not a rare character.
 */
export function homophonesOf(ch: string): string[] {
  if (!homophones) {
    homophones = new Map();
    for (const c of [...COMMON_SIMPLIFIED].sort()) {
      const p = pinyinOf(c);
      if (!p || p === c) continue;
      const list = homophones.get(p) ?? [];
      list.push(c);
      homophones.set(p, list);
    }
  }
  return (homophones.get(pinyinOf(ch)) ?? []).filter((c) => c !== ch);
}

const isHan = (c: string) => /\p{Script=Han}/u.test(c);
const isLatin = (c: string) => /[A-Za-z]/.test(c);
const isDigit = (c: string) => /[0-9]/.test(c);
const isAsciiPrintable = (c: string) => c >= '!' && c <= '~';
const isFullWidth = (c: string) => c >= '\uff01' && c <= '\uff5e';
const CJK_PUNCT_TO_ASCII: Record<string, string> = { '，': ',', '。': '.', '？': '?', '！': '!', '：': ':', '；': ';', '（': '(', '）': ')' };

/** The kinds of corruption the typo variant mixes. */
export const CORRUPTIONS = ['homophone', 'drop', 'double', 'width', 'case', 'space'] as const;
export type Corruption = (typeof CORRUPTIONS)[number];

/** Which corruptions fit the character at `i` (sorted by preference weight below). */
function applicable(chars: string[], i: number): Corruption[] {
  const c = chars[i]!;
  const out: Corruption[] = [];
  if (isHan(c)) {
    if (homophonesOf(c).length > 0) out.push('homophone');
    if (chars.length > 2) out.push('drop');
    out.push('double');
  } else if (isLatin(c) || isDigit(c)) {
    out.push('width');
    if (isLatin(c)) out.push('case');
    const next = chars[i + 1];
    // A space between a digit run and a letter run of one model number: Y9000P → Y9000 P, RTX4060 → RTX 4060.
    if (next && ((isDigit(c) && isLatin(next)) || (isLatin(c) && isDigit(next)))) out.push('space');
  } else if (isFullWidth(c) || CJK_PUNCT_TO_ASCII[c] !== undefined || (isAsciiPrintable(c) && c !== ' ')) {
    out.push('width');
  }
  return out;
}

const WEIGHTS: Record<Corruption, number> = { homophone: 6, drop: 1.5, double: 1.5, width: 2, case: 2, space: 3 };

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function pickWeighted(kinds: Corruption[], random: () => number): Corruption {
  const total = kinds.reduce((s, k) => s + WEIGHTS[k], 0);
  let r = random() * total;
  for (const k of kinds) {
    r -= WEIGHTS[k];
    if (r < 0) return k;
  }
  return kinds[kinds.length - 1]!;
}

function swapWidth(c: string): string {
  if (isFullWidth(c)) return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
  if (CJK_PUNCT_TO_ASCII[c] !== undefined) return CJK_PUNCT_TO_ASCII[c]!;
  return String.fromCharCode(c.charCodeAt(0) + 0xfee0);
}

/** Options for `corruptText`. */
export interface CorruptOptions {
  /** Chance that any one non-space character is corrupted. Default 1/8; range [0, 1]. */
  rate?: number;
  /** Kinds of corruption allowed (to measure one at a time). Default: all of `CORRUPTIONS`. */
  kinds?: readonly Corruption[];
}

/**
 * Corrupts one customer turn as typing on a Chinese IME does. Deterministic for a given generator state.
 * Spaces are never corrupted; at most one corruption lands on a character; a Latin run changes case as a
 * whole (a model name typed in another case), once.
 */
export function corruptText(text: string, random: () => number, options: CorruptOptions = {}): string {
  const rate = options.rate ?? 1 / 8;
  const allowed = new Set<Corruption>(options.kinds ?? CORRUPTIONS);
  const chars = [...text];
  const out: string[] = [];
  let caseDoneUntil = -1;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c.trim() === '' || random() >= rate) {
      out.push(c);
      continue;
    }
    const kinds = applicable(chars, i).filter((k) => allowed.has(k) && !(k === 'case' && i <= caseDoneUntil));
    if (kinds.length === 0) {
      out.push(c);
      continue;
    }
    switch (pickWeighted(kinds, random)) {
      case 'homophone':
        out.push(pick(homophonesOf(c), random));
        break;
      case 'drop':
        break;
      case 'double':
        out.push(c, c);
        break;
      case 'width':
        out.push(swapWidth(c));
        break;
      case 'space':
        out.push(c, ' ');
        break;
      case 'case': {
        let end = i;
        while (end + 1 < chars.length && isLatin(chars[end + 1]!)) end++;
        const mode = Math.floor(random() * 3);
        for (let j = i; j <= end; j++) {
          const ch = chars[j]!;
          out.push(mode === 0 ? ch.toUpperCase() : mode === 1 ? ch.toLowerCase() : random() < 0.5 ? ch.toUpperCase() : ch.toLowerCase());
        }
        caseDoneUntil = end;
        i = end;
        break;
      }
    }
  }
  const result = out.join('');
  // A turn never becomes empty: a customer turn of one character that was dropped keeps the character.
  return result.trim() ? result : text;
}

interface TurnLine {
  session?: unknown;
  turn?: unknown;
  role?: unknown;
  text?: unknown;
  [k: string]: unknown;
}

/** The three variants of one JSONL chat log's text; blank lines dropped, everything but `text` kept. */
export function makeVariants(jsonl: string, seed: number, options: CorruptOptions = {}): Record<Variant, string> {
  const out: Record<Variant, string[]> = { clean: [], traditional: [], typo: [] };
  jsonl.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let row: TurnLine;
    try {
      row = JSON.parse(line) as TurnLine;
    } catch (err) {
      throw new Error(`line ${i + 1}: not JSON (${(err as Error).message})`);
    }
    const isCustomer = row.role === 'customer' && typeof row.text === 'string';
    if (!isCustomer) {
      for (const v of VARIANTS) out[v].push(JSON.stringify(row));
      return;
    }
    const clean = toCleanSimplified(row.text as string);
    const random = seededRandom(hashString(`${String(row.session)}\u0000${String(row.turn)}\u0000${i}`, seed));
    out.clean.push(JSON.stringify({ ...row, text: clean }));
    out.traditional.push(JSON.stringify({ ...row, text: toTraditional(clean) }));
    out.typo.push(JSON.stringify({ ...row, text: corruptText(clean, random, options) }));
  });
  return {
    clean: out.clean.join('\n') + '\n',
    traditional: out.traditional.join('\n') + '\n',
    typo: out.typo.join('\n') + '\n',
  };
}

/** Writes `<outDir>/<variant>/<basename>` for every input file; returns the written paths by variant. */
export function writeVariants(inputs: string[], outDir: string, seed: number, options: CorruptOptions = {}): Record<Variant, string[]> {
  const written: Record<Variant, string[]> = { clean: [], traditional: [], typo: [] };
  const names = new Set<string>();
  for (const input of [...inputs].sort()) {
    const name = basename(input);
    if (names.has(name)) throw new Error(`two inputs are named ${name}; give them separate --out folders`);
    names.add(name);
    const variants = makeVariants(readFileSync(input, 'utf8'), seed, options);
    for (const v of VARIANTS) {
      mkdirSync(join(outDir, v), { recursive: true });
      const path = join(outDir, v, name);
      writeFileSync(path, variants[v]);
      written[v].push(path);
    }
  }
  return written;
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'tmp/variants' },
      seed: { type: 'string', default: '1' },
      rate: { type: 'string' },
      kinds: { type: 'string' },
    },
  });
  if (positionals.length === 0) {
    console.error('usage: make-variants.ts <chatlog.jsonl>... [--out tmp/variants] [--seed 1] [--rate 0.125] [--kinds homophone,drop,...]');
    process.exit(2);
  }
  const seed = Number(values.seed);
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  const kinds = values.kinds?.split(',').map((k) => k.trim()) as Corruption[] | undefined;
  if (!Number.isInteger(seed) || (rate !== undefined && !(rate >= 0 && rate <= 1))) {
    console.error('--seed must be an integer and --rate a number in [0, 1]');
    process.exit(2);
  }
  if (kinds?.some((k) => !CORRUPTIONS.includes(k))) {
    console.error(`--kinds takes a comma-separated list of: ${CORRUPTIONS.join(', ')}`);
    process.exit(2);
  }
  const options: CorruptOptions = {};
  if (rate !== undefined) options.rate = rate;
  if (kinds) options.kinds = kinds;
  const written = writeVariants(positionals, values.out!, seed, options);
  for (const v of VARIANTS) console.log(`${v.padEnd(11)} ${written[v].join(' ')}`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) main();
