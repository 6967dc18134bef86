/**
 * Toneless pinyin per character, for the typo channel: 包修 and 保修 (bao xiu), 去动 and 驱动 (qu dong)
 * meet there. One reading per character (the dictionary's first, most common one: 了 is le), cached, so
 * both sides of a match agree. `polyphonic` reads the single-character dictionary directly; `pinyin`
 * would first build pinyin-pro's word automaton (about 12 ms on a bundle's first question) to segment
 * a text that is one character long.
 */
import { polyphonic } from 'pinyin-pro';

const cache = new Map<string, string>();
const OPTIONS = { toneType: 'none', type: 'array', v: true } as const;

/** The toneless pinyin of one CJK character; any other character is returned as is. */
export function charPinyin(ch: string): string {
  let p = cache.get(ch);
  if (p === undefined) {
    const code = ch.charCodeAt(0);
    p = code >= 0x3400 && code <= 0x9fff ? polyphonic(ch, OPTIONS)[0]?.[0] || ch : ch;
    cache.set(ch, p);
  }
  return p;
}
