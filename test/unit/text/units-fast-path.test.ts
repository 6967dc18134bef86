/** normalizeUnits' pre-check (a digit directly before g, t, 寸 or 英) against the rules applied unconditionally. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeUnits } from '../../../src/text/normalize.js';
import { seededRandom } from '../../../src/util/random.js';

function reference(text: string): string {
  return text
    .replace(/(?<![a-z0-9.])(\d+(?:\.\d+)?)(?:g|gb|gib)(?![a-z])/g, (m, n: string) => (Number(n) >= 6 || /b$/.test(m) ? `${n}gb` : m))
    .replace(/(?<![a-z0-9.])(\d+(?:\.\d+)?)(?:t|tb|tib)(?![a-z])/g, '$1tb')
    .replace(/(?<![a-z0-9.])(\d+(?:\.\d+)?)(?:寸|英寸)/g, '$1寸');
}

test('normalizeUnits equals its rules applied to every text', () => {
  const rnd = seededRandom(11);
  const pieces = ['1', '6', '16', '2.5', '.', 'g', 'gb', 'gib', 't', 'tb', 'tib', 'i', 'b', 'x', '寸', '英', '英寸', ' ', '内存', 'y9000p', 'rtx4060ti'];
  for (let i = 0; i < 20000; i++) {
    let s = '';
    const n = 1 + Math.floor(rnd() * 6);
    for (let j = 0; j < n; j++) s += pieces[Math.floor(rnd() * pieces.length)]!;
    assert.equal(normalizeUnits(s), reference(s), s);
  }
});
