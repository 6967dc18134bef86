import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  foldCase,
  foldWidth,
  normalizeSpacing,
  normalizeText,
  normalizeUnits,
  stripSymbols,
  toSimplified,
} from '../../../src/text/normalize.js';
import { buildModelDictionary, canonicalizeModels } from '../../../src/text/models.js';

const steps = { foldWidth, foldCase, toSimplified, stripSymbols, normalizeSpacing, normalizeUnits, normalizeText };

// Strings drawn from the characters customers actually mix: Simplified and Traditional CJK, full-width
// forms, ASCII letters and digits, spaces, punctuation and emoji.
const pieces = [
  '筆電', '保固', '多久', '笔记本', '记忆体', '滑鼠', '么', '什么', '發票', '发票', 'Y9000', ' P', 'RTX', '4060', 'Ti', '16', 'g', 'GB',
  'ｙ９０００ｐ', '　', ' ', '，', '？', '!', '😊', '～', '.', '2.5', '寸', '吗', 'iPhone 15 Pro', 'a', '1', 't', 'x',
];
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((xs) => xs.join(''));
const anyText = fc.oneof(text, fc.string({ maxLength: 20 }));

for (const [name, fn] of Object.entries(steps)) {
  test(`${name} is idempotent`, () => {
    fc.assert(fc.property(anyText, (s) => fn(fn(s)) === fn(s)), { numRuns: 400 });
  });
}

test('normalizeText: Traditional and Simplified meet', () => {
  assert.equal(normalizeText('筆電保固多久？'), '笔电保固多久');
  assert.equal(normalizeText('記憶體可以加嗎'), '内存可以加吗');
  assert.equal(normalizeText('隨身碟壞了!!'), 'u盘坏了');
});

test('normalizeText: a Simplified sentence is not run through Taiwan variants (么 stays 么)', () => {
  assert.equal(normalizeText('扫完了么'), '扫完了么');
  assert.equal(normalizeText('这是什么'), '这是什么');
});

test('normalizeText: width, case, punctuation and emoji', () => {
  assert.equal(normalizeText('ＲＴＸ　４０６０ 显卡😊～'), 'rtx4060显卡');
  assert.equal(normalizeText('在吗？？'), '在吗');
});

test('normalizeText: model spacing and sizes', () => {
  assert.equal(normalizeText('拯救者 Y9000 P 保修'), '拯救者y9000p保修');
  assert.equal(normalizeText('16 g内存'), '16gb内存');
  assert.equal(normalizeText('16GB'), '16gb');
  assert.equal(normalizeText('DDR4 16G'), 'ddr4 16gb');
  assert.equal(normalizeText('5G手机'), '5g手机', 'network generations keep their g');
  assert.equal(normalizeText('1T固态'), '1tb固态');
  assert.equal(normalizeText('2.5寸'), '2.5寸');
  assert.equal(normalizeText('usb type'), 'usb type', 'plain English words stay apart');
});

test('canonicalizeModels: aliases in any spacing and case become the model token', () => {
  const dict = buildModelDictionary({
    models: [{ canonical: '拯救者 Y9000P', category: 'laptop', aliases: ['y9000p', 'Y9000 P'] }],
    patterns: [{ regex: 'rtx\\d{4}(?:ti)?', category: 'gpu' }],
  });
  for (const s of ['y9000p', 'Y9000 P', '拯救者Y9000P', '拯救者 Y9000P']) {
    assert.equal(canonicalizeModels(normalizeText(`${s}保修多久`), dict), '拯救者y9000p保修多久', s);
  }
  assert.equal(canonicalizeModels(normalizeText('RTX 4060 Ti 好吗'), dict), 'rtx4060ti好吗');
  assert.equal(canonicalizeModels('y9000px', dict), 'y9000px', 'no match inside a longer ASCII word');
  fc.assert(
    fc.property(text, (s) => {
      const once = canonicalizeModels(normalizeText(s), dict);
      return canonicalizeModels(normalizeText(once), dict) === once;
    }),
    { numRuns: 300 },
  );
});
