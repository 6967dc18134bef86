/**
 * Simplified vs Traditional turns, for the per-script breakdown: a turn is Traditional when OpenCC's
 * generic Traditional→Simplified conversion changes any of its characters. Only the generic `t` table is
 * used: the regional tables also rewrite some Simplified characters (`么`→`幺`), which would miscount.
 */
import * as OpenCC from 'opencc-js';

let convert: ((s: string) => string) | undefined;
/** Per-code-unit cache: 0 unknown, 1 unchanged, 2 Traditional. */
const state = new Uint8Array(0x10000);

function isTraditionalChar(code: number): boolean {
  let s = state[code]!;
  if (s === 0) {
    const fn = (convert ??= OpenCC.Converter({ from: 't', to: 'cn' }));
    const ch = String.fromCharCode(code);
    s = fn(ch) !== ch ? 2 : 1;
    state[code] = s;
  }
  return s === 2;
}

/** True when the text has at least one character that Traditional→Simplified conversion changes. */
export function isTraditionalText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3400 && c <= 0x9fff && isTraditionalChar(c)) return true;
  }
  return false;
}
