/**
 * Word segmentation with jieba plus the knowledge base's own words. Building a jieba instance reads its
 * whole base dictionary (about 0.1 s for jieba's full one, about 20 ms for a compact one, see
 * dictionary.ts), so instances are shared by base dictionary and word list: two matchers over the same
 * knowledge base share one, and a matcher never sees another knowledge base's words.
 */
import { createHash } from 'node:crypto';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

export interface Segmenter {
  cut(text: string): string[];
}

/** Frequency given to user words: high enough that jieba keeps a domain term whole. */
const USER_WORD_FREQ = 30000;
const cache = new Map<string, Segmenter>();
let fullText: string | undefined;

/** jieba's full dictionary as text (`word freq tag` lines), the source of compact ones. */
export function fullDictionaryText(): string {
  fullText ??= Buffer.from(dict.buffer, dict.byteOffset, dict.byteLength).toString('utf8');
  return fullText;
}

/**
 * A segmenter that knows `words` (deduplicated, sorted; words with spaces are skipped) on top of a base
 * dictionary: `dictionary` (jieba format, as text or UTF-8 bytes) when given, else jieba's full one.
 */
export function createSegmenter(words: readonly string[], dictionary?: string | Uint8Array): Segmenter {
  const list = [...new Set(words.filter((w) => w.length > 1 && !/\s/.test(w)))].sort();
  const base = dictionary === undefined ? dict : typeof dictionary === 'string' ? Buffer.from(dictionary, 'utf8') : dictionary;
  // The base dictionary is part of the key (by digest: the same text as a string or as bytes is one key).
  const baseKey = dictionary === undefined ? 'full' : createHash('sha256').update(base).digest('hex');
  const key = `${baseKey}\u0000${list.join('\n')}`;
  let seg = cache.get(key);
  if (!seg) {
    const jieba = Jieba.withDict(base);
    if (list.length > 0) jieba.loadDict(Buffer.from(list.map((w) => `${w} ${USER_WORD_FREQ} n`).join('\n') + '\n'));
    // HMM off: it glues unknown characters into words unpredictably, and the bigram channel covers them.
    seg = { cut: (text) => jieba.cut(text, false) };
    cache.set(key, seg);
  }
  return seg;
}
