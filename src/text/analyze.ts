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
import { normalizeText } from './normalize.js';
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
}

const CJK_CHAR = /[\u3400-\u9fff\uf900-\ufaff]/;

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
  let run = '';
  for (const ch of word) {
    if (CJK_CHAR.test(ch)) {
      if (run) out.push(run), (run = '');
      out.push(ch);
    } else if (ch === ' ') {
      if (run) out.push(run), (run = '');
    } else run += ch;
  }
  if (run) out.push(run);
}

function bigramsOf(units: readonly string[], out: string[], join: string): void {
  if (units.length === 1) out.push(units[0]!);
  for (let i = 0; i + 1 < units.length; i++) out.push(units[i]! + join + units[i + 1]!);
}

export function createAnalyzer(spec: AnalyzerSpec): Analyzer {
  const models = buildModelDictionary(spec);
  const synonyms = new Map(spec.synonyms);
  const stop = new Set(spec.stopwords);
  const segmenter: Segmenter = createSegmenter([...spec.words, ...models.aliases.keys()]);
  const canonical = (w: string) => synonyms.get(w) ?? w;

  function analyze(text: string): Analysis {
    const base = normalizeText(text);
    const spans = findModels(base, models);
    const tokens: Token[] = [];
    let normalized = '';
    let at = 0;
    const cutInto = (chunk: string) => {
      normalized += chunk;
      for (const raw of segmenter.cut(chunk)) {
        const surface = raw.trim();
        if (!surface) continue;
        const term = canonical(surface);
        tokens.push({ surface, term, stop: stop.has(term) || stop.has(surface), model: false });
      }
    };
    for (const s of spans) {
      if (s.start > at) cutInto(base.slice(at, s.start));
      normalized += s.token;
      tokens.push({ surface: s.token, term: s.token, stop: false, model: true });
      at = s.end;
    }
    if (at < base.length) cutInto(base.slice(at));

    const allStop = tokens.every((t) => t.stop);
    const content = allStop ? tokens : tokens.filter((t) => !t.stop);
    const termUnits: string[] = [];
    const surfaceUnits: string[] = [];
    for (const t of content) {
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
    const pinyin: string[] = [];
    bigramsOf(surfaceUnits.map((u) => (u.length === 1 ? charPinyin(u) : u)), pinyin, '_');
    const pinyinSurface: string[] = [];
    bigramsOf(surfaceUnits, pinyinSurface, '');

    const rewrites = new Set<string>();
    const modelList: string[] = [];
    for (const t of tokens) {
      if (t.term !== t.surface) rewrites.add(`${t.surface}→${t.term}`);
      if (t.model && !modelList.includes(t.term)) modelList.push(t.term);
    }
    return {
      normalized,
      tokens,
      words: tokens.map((t) => t.term),
      wordStop: tokens.map((t) => t.stop && !allStop),
      bigrams,
      chars,
      pinyin,
      pinyinSurface,
      models: modelList,
      rewrites: [...rewrites],
    };
  }

  return { analyze, models, canonical };
}
