import assert from 'node:assert/strict';
import { test } from 'node:test';
import { charPinyin } from '../../../src/text/pinyin.js';

test('charPinyin gives one toneless reading per CJK character, so homophone slips meet', () => {
  assert.equal(charPinyin('保'), 'bao');
  assert.equal(charPinyin('包'), 'bao');
  assert.equal(charPinyin('驱'), charPinyin('去'));
  // The most common reading of a polyphone, the same every time.
  assert.equal(charPinyin('了'), 'le');
  assert.equal(charPinyin('行'), charPinyin('行'));
  // ü is written v, as pinyin input methods type it.
  assert.equal(charPinyin('绿'), 'lv');
  // Anything else passes through.
  assert.equal(charPinyin('a'), 'a');
  assert.equal(charPinyin('，'), '，');
});
