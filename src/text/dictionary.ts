/**
 * The segmenter's base dictionary, compacted for one knowledge base.
 *
 * jieba's full dictionary has about 349,000 words and building a segmenter from it takes 90–150 ms, most
 * of a bundle's load time. Half of those words are rare (frequency 3) and almost none of them occur in a
 * given knowledge base. A compact dictionary keeps the common words (frequency ≥ `minFreq`), which shape
 * how any text is cut, plus every word the knowledge base's own phrasings are cut into with the full
 * dictionary, so phrasings keep their segmentation. Questions are cut with the same compact dictionary at
 * build time and in a loaded bundle, so index and questions always agree.
 */

/** Default lowest frequency a word of the full dictionary needs to stay (about 136,000 of 349,000 words). */
export const DEFAULT_DICTIONARY_MIN_FREQ = 5;

/**
 * Lines of `full` (jieba format: `word freq [tag]`) whose frequency is at least `minFreq` or whose word is
 * in `keep`, written as `word freq` (tags are not used for cutting), in the full dictionary's order.
 * Malformed lines are skipped, as jieba skips them.
 */
export function compactDictionary(full: string, keep: ReadonlySet<string>, minFreq: number = DEFAULT_DICTIONARY_MIN_FREQ): string {
  const out: string[] = [];
  let at = 0;
  while (at < full.length) {
    let end = full.indexOf('\n', at);
    if (end < 0) end = full.length;
    const line = full.slice(at, end);
    at = end + 1;
    const sp1 = line.indexOf(' ');
    if (sp1 <= 0) continue;
    const word = line.slice(0, sp1);
    let sp2 = line.indexOf(' ', sp1 + 1);
    if (sp2 < 0) sp2 = line.length;
    const freq = Number(line.slice(sp1 + 1, sp2).trim());
    if (!Number.isFinite(freq)) continue;
    if (freq >= minFreq || keep.has(word)) out.push(`${word} ${freq}`);
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
