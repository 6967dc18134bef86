/**
 * Toneless pinyin per character, for the typo channel: 包修 and 保修 (bao xiu), 去动 and 驱动 (qu dong)
 * meet there. One reading per character (the most common one), cached, so both sides of a match agree.
 */
import { pinyin } from 'pinyin-pro';

const cache = new Map<string, string>();

/** The toneless pinyin of one CJK character; any other character is returned as is. */
export function charPinyin(ch: string): string {
  let p = cache.get(ch);
  if (p === undefined) {
    const code = ch.charCodeAt(0);
    p = code >= 0x3400 && code <= 0x9fff ? pinyin(ch, { toneType: 'none', type: 'string', v: true }) || ch : ch;
    cache.set(ch, p);
  }
  return p;
}
