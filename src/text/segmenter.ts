/**
 * Word segmentation with jieba plus the knowledge base's own words. Building a jieba instance reads its
 * whole dictionary (about 0.2 s), so instances are shared by word list: two matchers over the same lexicon
 * share one, and a matcher never sees another knowledge base's words.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

export interface Segmenter {
  cut(text: string): string[];
}

/** Frequency given to user words: high enough that jieba keeps a domain term whole. */
const USER_WORD_FREQ = 30000;
const cache = new Map<string, Segmenter>();

/** A segmenter that knows `words` (deduplicated, sorted; words with spaces are skipped). */
export function createSegmenter(words: readonly string[]): Segmenter {
  const list = [...new Set(words.filter((w) => w.length > 1 && !/\s/.test(w)))].sort();
  const key = list.join('\n');
  let seg = cache.get(key);
  if (!seg) {
    const jieba = Jieba.withDict(dict);
    if (list.length > 0) jieba.loadDict(Buffer.from(list.map((w) => `${w} ${USER_WORD_FREQ} n`).join('\n') + '\n'));
    // HMM off: it glues unknown characters into words unpredictably, and the bigram channel covers them.
    seg = { cut: (text) => jieba.cut(text, false) };
    cache.set(key, seg);
  }
  return seg;
}
