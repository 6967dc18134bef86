/**
 * The integer-keyed term tables against a plain map of strings, on random terms shaped like the index's:
 * one or two characters, pinyin bigrams, ASCII words, model tokens and near misses of each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTermIds, pairKey, shortKey, termKeys } from '../../../src/match/term-ids.js';
import { seededRandom } from '../../../src/util/random.js';

const PARTS = ['保', '修', '多', '久', '驱', '动', 'a', 'z', '1', '_', ' ', '\u0000', '\uffff', 'bao', 'xiu', 'zhuang', 'shuang', 'y9000p', 'x'];

function randomTerm(rnd: () => number): string {
  const n = 1 + Math.floor(rnd() * 4);
  let t = '';
  for (let i = 0; i < n; i++) t += PARTS[Math.floor(rnd() * PARTS.length)]!;
  // Sometimes a pinyin-shaped bigram, sometimes one with a seventh letter or a capital.
  const r = rnd();
  if (r < 0.2) t = `${PARTS[13 + Math.floor(rnd() * 4)]}_${PARTS[13 + Math.floor(rnd() * 4)]}`;
  else if (r < 0.25) t = `zhuangs_bao`;
  else if (r < 0.3) t = `Bao_xiu`;
  return t;
}

test('term ids equal a map of the terms, for terms and non-terms alike', () => {
  for (const seed of [1, 2, 3, 4]) {
    const rnd = seededRandom(seed);
    const terms = [...new Set(Array.from({ length: 300 }, () => randomTerm(rnd)))];
    const want = new Map(terms.map((t, i) => [t, i]));
    // Keys computed here, or stored with a bundle's index (as plain numbers, as the JSON container holds them).
    for (const ids of [createTermIds(terms), createTermIds(terms, Array.from(termKeys(terms)))]) {
      for (const t of terms) assert.equal(ids.get(t), want.get(t), t);
      for (let i = 0; i < 3000; i++) {
        const t = randomTerm(rnd);
        assert.equal(ids.get(t), want.get(t) ?? -1, JSON.stringify(t));
      }
    }
    assert.throws(() => createTermIds(terms, termKeys(terms).subarray(2)), /term keys/);
  }
});

test('short and pair keys are exact: distinct strings, distinct keys', () => {
  assert.equal(shortKey('保'), '保'.charCodeAt(0));
  assert.equal(shortKey('\u0000a'), -1);
  assert.notEqual(shortKey('a'), shortKey('\u0000a'));
  assert.equal(shortKey('abc'), -1);
  const pair = { second: 0 };
  assert.equal(pairKey('a_b', pair), 1);
  assert.equal(pair.second, 2);
  assert.equal(pairKey('zhuang_shuang', pair) >= 0, true);
  for (const bad of ['_a', 'a_', 'abcdefg_a', 'a_abcdefg', 'A_b', 'a_b_c', 'a1_b', 'ab']) assert.equal(pairKey(bad, pair), -1, bad);
  const seen = new Map<string, string>();
  const letters = 'abz';
  const words: string[] = [''];
  for (let len = 1; len <= 3; len++) for (const w of [...words]) for (const c of letters) if (w.length === len - 1) words.push(w + c);
  for (const a of words.filter(Boolean)) {
    for (const b of words.filter(Boolean)) {
      const first: number = pairKey(`${a}_${b}`, pair);
      const key: string = `${first},${pair.second}`;
      assert.equal(seen.get(key), undefined, `${a}_${b} and ${seen.get(key)}`);
      seen.set(key, `${a}_${b}`);
    }
  }
});
