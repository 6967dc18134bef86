/**
 * Analysis: normalized text → terms in three channels.
 * - `words`: jieba words (product models kept whole), each mapped to its synonym group's canonical term;
 * - `bigrams`: character bigrams over the canonical words (ASCII words count as one unit), for partial
 *   overlap and unknown words;
 * - `pinyin`: toneless pinyin bigrams over the words as typed, so homophone slips (包修/保修) still meet.
 * Stop words are flagged, not dropped: scoring gives them a small weight, and a turn made only of stop
 * words (在吗) keeps them so it can still match.
 */
import type { Lexicon } from '../model/lexicon.js';
import { GENERAL_SYNONYMS } from './general.js';
import { buildModelDictionary, findModels, type ModelDictionary } from './models.js';
import { isCjkUnit, normalizeText } from './normalize.js';
import { charPinyin } from './pinyin.js';
import { createSegmenter, type Segmenter } from './segmenter.js';

export interface Token {
  /** The word as it appears in the normalized text. */
  surface: string;
  /** Its synonym group's canonical term (or itself). */
  term: string;
  stop: boolean;
  /** True for a product model token. */
  model: boolean;
}

export interface Analysis {
  /** Normalized text, product models written as their tokens. */
  normalized: string;
  tokens: Token[];
  /** Word-channel terms (canonical), stop words included. Parallel flags in `wordStop`. */
  words: string[];
  wordStop: boolean[];
  bigrams: string[];
  /** Single units (CJK characters, ASCII words, model tokens) over canonical words. */
  chars: string[];
  pinyin: string[];
  /** The characters each pinyin bigram was read from, parallel to `pinyin`. */
  pinyinSurface: string[];
  /** Model tokens named in the text, in order of appearance, deduplicated. */
  models: string[];
  /** Synonym rewrites that happened, `surface→canonical`, deduplicated. */
  rewrites: string[];
}

export interface Analyzer {
  analyze(text: string): Analysis;
  readonly models: ModelDictionary;
  /** Canonical term of a normalized word (itself when it is in no synonym group). */
  canonical(word: string): string;
  /** The words the segmenter cuts `text` into after normalization (product models left out), in order. */
  segment(text: string): string[];
  /** `analyze(text).normalized` without cutting words: the normalized text, product models as their tokens. */
  normalize(text: string): string;
}

/** What an analyzer needs; serializable, so a loaded matcher builds the same analyzer without re-reading. */
export interface AnalyzerSpec {
  /** Normalized term → normalized canonical term. Sorted by term. */
  synonyms: [string, string][];
  stopwords: string[];
  /** Segmenter user words. */
  words: string[];
  models: Lexicon['models'];
  patterns: Lexicon['patterns'];
  /**
   * The segmenter's base dictionary (jieba format, `word freq` lines), compacted for this knowledge base at
   * build time (see dictionary.ts), as text or its UTF-8 bytes (as a loaded bundle holds it). Absent:
   * jieba's full dictionary.
   */
  dictionary?: string | Uint8Array;
  /**
   * Sound corrections: toneless pinyin of a knowledge-base word (syllables joined by `_`) → that word,
   * sorted by key. A run of single characters that jieba could not join into a word and that sounds like
   * one of these words is read as it (包修 → 保修, 去动 → 驱动): the typo channel for words, not just
   * pinyin bigrams. Absent or empty: no correction.
   */
  sounds?: [string, string][];
}

/** Longest word, in characters, that sound correction joins single characters into. */
export const MAX_SOUND_WORD = 4;

/** The sound key of a word: its characters' toneless pinyin joined by `_` (the pinyin channel's reading). */
export function soundKey(word: string): string {
  let key = '';
  for (let i = 0; i < word.length; i++) key += (i > 0 ? '_' : '') + charPinyin(word[i]!);
  return key;
}

/** True for a word sound correction may aim at or start from: 2–4 CJK characters. */
export function isSoundWord(word: string): boolean {
  if (word.length < 2 || word.length > MAX_SOUND_WORD) return false;
  for (let i = 0; i < word.length; i++) if (!isCjkUnit(word.charCodeAt(i))) return false;
  return true;
}

/**
 * The sound-correction table of a knowledge base: for each sound key, the word with the most `counts`
 * (phrasings it occurs in); ties go to the word that sorts first. Stop words and words that are not 2–4
 * CJK characters are left out. Sorted by key.
 */
export function buildSoundTable(counts: ReadonlyMap<string, number>, stopwords: ReadonlySet<string>): [string, string][] {
  const best = new Map<string, [string, number]>();
  for (const [word, n] of counts) {
    if (!isSoundWord(word) || stopwords.has(word)) continue;
    const key = soundKey(word);
    const cur = best.get(key);
    if (!cur || n > cur[1] || (n === cur[1] && word < cur[0])) best.set(key, [word, n]);
  }
  return [...best].map(([k, [w]]): [string, string] => [k, w]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/**
 * The text of `words` without characters typed twice by mistake (拯救救者, 蓝蓝屏, 寄回回哪哪里, 最多多), or
 * undefined when there are none. A doubled key shows either as a lone CJK character that repeats the end
 * of the word before it or the start of the word after it, or as a word of one character twice that jieba
 * made of the doubling (最多多 → 最 多多). Such a word is also read as its character when it is neither a
 * stop word nor a synonym (`isKnown`): a reduplication means much what its character means (看看, 试试),
 * phrasings are read the same way, and words the knowledge base names (宝宝) keep their meaning.
 */
export function dropDoubledKeys(words: readonly string[], isKnown: (word: string) => boolean): string | undefined {
  let dropped = false;
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.length === 1 && isCjkUnit(w.charCodeAt(0))) {
      const before = kept.length > 0 ? kept[kept.length - 1]! : '';
      const after = words[i + 1] ?? '';
      if (before.endsWith(w) || after.startsWith(w)) {
        dropped = true;
        continue;
      }
    } else if (w.length === 2 && w[0] === w[1] && isCjkUnit(w.charCodeAt(0)) && !isKnown(w)) {
      dropped = true;
      kept.push(w[0]!);
      continue;
    }
    kept.push(w);
  }
  return dropped ? kept.join('') : undefined;
}

/**
 * Derives the analyzer spec from a lexicon plus extra segmenter words (entry tags, product names). With
 * `general` (default true) the built-in Mandarin question-word synonyms are added after the lexicon's own.
 */
export function createAnalyzerSpec(lexicon: Lexicon, extraWords: readonly string[] = [], general = true): AnalyzerSpec {
  const norm = (s: string) => normalizeText(s).replace(/\s+/g, '');
  const synonyms = new Map<string, string>();
  for (const g of [...lexicon.synonyms, ...(general ? GENERAL_SYNONYMS : [])]) {
    const canonical = norm(g.canonical);
    if (!canonical) continue;
    for (const t of g.terms) {
      const term = norm(t);
      if (term && term !== canonical && !synonyms.has(term)) synonyms.set(term, canonical);
    }
  }
  const words = new Set<string>();
  for (const w of [...lexicon.words, ...extraWords]) {
    const n = norm(w);
    if (n) words.add(n);
  }
  for (const [t, c] of synonyms) words.add(t).add(c);
  return {
    synonyms: [...synonyms].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    stopwords: [...new Set(lexicon.stopwords.map(norm).filter(Boolean))].sort(),
    words: [...words].sort(),
    models: lexicon.models,
    patterns: lexicon.patterns,
  };
}

/** Splits words into bigram units: each CJK character alone, each other run (ASCII word, number) whole. */
function pushUnits(word: string, out: string[]): void {
  // By code unit: a surrogate pair is never CJK here, so it joins the current run whole, as a code point would.
  let from = -1;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (isCjkUnit(c)) {
      if (from >= 0) out.push(word.slice(from, i)), (from = -1);
      out.push(word[i]!);
    } else if (c === 32) {
      if (from >= 0) out.push(word.slice(from, i)), (from = -1);
    } else if (from < 0) from = i;
  }
  if (from >= 0) out.push(word.slice(from));
}

function bigramsOf(units: readonly string[], out: string[], join: string): void {
  if (units.length === 1) out.push(units[0]!);
  for (let i = 0; i + 1 < units.length; i++) out.push(units[i]! + join + units[i + 1]!);
}

/** Options of `createAnalyzer`. */
export interface AnalyzerOptions {
  /**
   * Analyses kept for texts seen recently (the same customer text, a session's earlier turns analyzed again
   * for context). Results are identical with or without it; cached analyses are frozen. Default 64, 0 turns
   * caching off, range [0, 1e6]. Kept small: retaining many analyses costs more in garbage collection than
   * it saves when most texts are new.
   */
  cacheSize?: number;
}

/**
 * A bounded map in two generations: lookups hit the current one or the previous one (moving the entry
 * forward); when the current one is full it becomes the previous one. Nearly LRU, with no per-hit reordering.
 */
class RecentCache<V> {
  private cur = new Map<string, V>();
  private old = new Map<string, V>();
  constructor(private readonly half: number) {}

  get(key: string): V | undefined {
    const v = this.cur.get(key);
    if (v !== undefined || this.half === 0) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: string, value: V): void {
    if (this.half === 0) return;
    if (this.cur.size >= this.half) {
      this.old = this.cur;
      this.cur = new Map();
    }
    this.cur.set(key, value);
  }
}

function freezeAnalysis(a: Analysis): Analysis {
  Object.freeze(a.words);
  Object.freeze(a.wordStop);
  Object.freeze(a.bigrams);
  Object.freeze(a.chars);
  Object.freeze(a.pinyin);
  Object.freeze(a.pinyinSurface);
  Object.freeze(a.models);
  Object.freeze(a.rewrites);
  Object.freeze(a.tokens);
  return Object.freeze(a);
}

/**
 * A frozen copy of an analysis, for analyses a caller keeps for long (a knowledge base's phrasings). V8
 * decides per allocation site whether new objects start in the old generation: when the phrasings'
 * analyses, made by the same code as a question's, are all kept, it moves every later question's
 * analysis there too, where a turn's garbage costs full collections and each scavenge copies ≈ 17 % of
 * what it looked at instead of ≈ 3 % (bench: a scavenge ≈ 7 ms every ≈ 90 ms, then ≈ 1.7 ms). Kept
 * copies come from here, so the analyzer's own sites see short-lived objects. Model tokens are copied
 * too (analyzeText makes them); other tokens are the chunk cache's, already shared.
 */
export function copyAnalysis(a: Analysis): Analysis {
  const tokens = new Array<Token>(a.tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const t = a.tokens[i]!;
    tokens[i] = t.model ? { surface: t.surface, term: t.term, stop: t.stop, model: t.model } : t;
  }
  return freezeAnalysis({
    normalized: a.normalized,
    tokens,
    words: a.words.slice(),
    wordStop: a.wordStop.slice(),
    bigrams: a.bigrams.slice(),
    chars: a.chars.slice(),
    pinyin: a.pinyin.slice(),
    pinyinSurface: a.pinyinSurface.slice(),
    models: a.models.slice(),
    rewrites: a.rewrites.slice(),
  });
}

export function createAnalyzer(spec: AnalyzerSpec, options: AnalyzerOptions = {}): Analyzer {
  const models = buildModelDictionary(spec);
  const synonyms = new Map(spec.synonyms);
  const stop = new Set(spec.stopwords);
  const segmenter: Segmenter = createSegmenter([...spec.words, ...models.aliases.keys()], spec.dictionary);
  const canonical = (w: string) => synonyms.get(w) ?? w;
  // A doubled word the knowledge base gives meaning to (a stop word, a synonym) is not a doubled key.
  const isKnownWord = (w: string) => stop.has(w) || synonyms.has(w);
  const cacheSize = Math.max(0, Math.min(1e6, Math.floor(options.cacheSize ?? 64)));
  const cache = new RecentCache<Analysis>(Math.ceil(cacheSize / 2));
  // Text between model mentions repeats far more than whole questions (保修多久 after any model), so its
  // tokens are kept too; tokens are frozen and shared between analyses.
  const chunks = new RecentCache<readonly Token[]>(cacheSize === 0 ? 0 : 4096);

  const sounds = new Map(spec.sounds ?? []);
  const token = (surface: string, term: string): Token => Object.freeze({ surface, term, stop: stop.has(term) || stop.has(surface), model: false });
  const isLoneChar = (t: Token) => !t.stop && t.surface.length === 1 && isCjkUnit(t.surface.charCodeAt(0));

  /**
   * Joins runs of single characters that sound like a knowledge-base word into that word (longest first,
   * left to right). Only characters jieba left alone are candidates: a real word (时间) is cut whole and
   * never read as a homophone (事件). The surface stays as typed, so the pinyin channel is unchanged.
   */
  function correctBySound(list: Token[]): Token[] {
    const out: Token[] = [];
    let i = 0;
    while (i < list.length) {
      if (!isLoneChar(list[i]!)) {
        out.push(list[i++]!);
        continue;
      }
      let end = i + 1;
      while (end < list.length && isLoneChar(list[end]!)) end++;
      while (i < end) {
        let joined = 0;
        for (let len = Math.min(MAX_SOUND_WORD, end - i); len >= 2 && joined === 0; len--) {
          let surface = '';
          for (let k = i; k < i + len; k++) surface += list[k]!.surface;
          const word = sounds.get(soundKey(surface));
          if (word !== undefined) {
            out.push(token(surface, canonical(word)));
            joined = len;
          }
        }
        if (joined > 0) i += joined;
        else out.push(list[i++]!);
      }
    }
    return out;
  }

  /** The segmenter's words of a chunk without model names, trimmed, empty ones dropped. */
  function cutWords(chunk: string): string[] {
    const out: string[] = [];
    for (const raw of segmenter.cut(chunk)) {
      const w = raw.trim();
      if (w) out.push(w);
    }
    return out;
  }

  /** Walks normalized text: the stretches between product models, and each model found, in order. */
  function splitAtModels(base: string, onText: (chunk: string) => void, onModel: (token: string) => void): void {
    let at = 0;
    for (const s of findModels(base, models)) {
      if (s.start > at) onText(base.slice(at, s.start));
      onModel(s.token);
      at = s.end;
    }
    if (at < base.length) onText(at === 0 ? base : base.slice(at));
  }

  function tokensOf(chunk: string): readonly Token[] {
    let toks = chunks.get(chunk);
    if (toks === undefined) {
      let words = cutWords(chunk);
      const undoubled = dropDoubledKeys(words, isKnownWord);
      if (undoubled !== undefined) words = cutWords(undoubled);
      let list: Token[] = words.map((surface) => token(surface, canonical(surface)));
      if (sounds.size > 0) list = correctBySound(list);
      toks = Object.freeze(list);
      chunks.set(chunk, toks);
    }
    return toks;
  }

  function analyzeText(text: string): Analysis {
    const base = normalizeText(text);
    const tokens: Token[] = [];
    let normalized = '';
    splitAtModels(
      base,
      (chunk) => {
        normalized += chunk;
        // By index: the chunk's tokens are frozen, and for…of over a frozen array allocates an iterator.
        const toks = tokensOf(chunk);
        for (let i = 0; i < toks.length; i++) tokens.push(toks[i]!);
      },
      (model) => {
        normalized += model;
        tokens.push({ surface: model, term: model, stop: false, model: true });
      },
    );

    let allStop = true;
    for (const t of tokens) {
      if (!t.stop) {
        allStop = false;
        break;
      }
    }
    const termUnits: string[] = [];
    const surfaceUnits: string[] = [];
    for (const t of tokens) {
      if (t.stop && !allStop) continue;
      if (t.model) {
        termUnits.push(t.term);
        surfaceUnits.push(t.term);
      } else {
        pushUnits(t.term, termUnits);
        pushUnits(t.surface, surfaceUnits);
      }
    }
    const bigrams: string[] = [];
    bigramsOf(termUnits, bigrams, '');
    const chars = termUnits;
    const pinyinUnits: string[] = new Array(surfaceUnits.length);
    for (let i = 0; i < surfaceUnits.length; i++) {
      const u = surfaceUnits[i]!;
      pinyinUnits[i] = u.length === 1 ? charPinyin(u) : u;
    }
    const pinyin: string[] = [];
    bigramsOf(pinyinUnits, pinyin, '_');
    const pinyinSurface: string[] = [];
    bigramsOf(surfaceUnits, pinyinSurface, '');

    const rewrites: string[] = [];
    const modelList: string[] = [];
    const words: string[] = new Array(tokens.length);
    const wordStop: boolean[] = new Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      words[i] = t.term;
      wordStop[i] = t.stop && !allStop;
      if (t.term !== t.surface) {
        const r = `${t.surface}→${t.term}`;
        if (!rewrites.includes(r)) rewrites.push(r);
      }
      if (t.model && !modelList.includes(t.term)) modelList.push(t.term);
    }
    return { normalized, tokens, words, wordStop, bigrams, chars, pinyin, pinyinSurface, models: modelList, rewrites };
  }

  function analyze(text: string): Analysis {
    let a = cache.get(text);
    if (a === undefined) {
      a = analyzeText(text);
      if (cacheSize > 0) {
        freezeAnalysis(a);
        cache.set(text, a);
      }
    }
    return a;
  }

  function segment(text: string): string[] {
    const out: string[] = [];
    splitAtModels(normalizeText(text), (chunk) => out.push(...cutWords(chunk)), () => {});
    return out;
  }

  function normalize(text: string): string {
    let out = '';
    splitAtModels(
      normalizeText(text),
      (chunk) => (out += chunk),
      (model) => (out += model),
    );
    return out;
  }

  return { analyze, models, canonical, segment, normalize };
}
