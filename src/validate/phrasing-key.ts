import * as OpenCC from 'opencc-js';

let toSimplified: ((s: string) => string) | undefined;

/**
 * The key two phrasings collide on: width (NFKC), case, Traditional→Simplified, punctuation, symbols and
 * spaces folded away. "筆電保固多久？" and "笔电保固多久" share a key.
 */
export function phrasingKey(text: string): string {
  const convert = (toSimplified ??= OpenCC.Converter({ from: 'tw', to: 'cn' }));
  return convert(text.normalize('NFKC').toLowerCase()).replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '');
}
