import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactDictionary } from '../../../src/text/dictionary.js';
import { createSegmenter } from '../../../src/text/segmenter.js';

const FULL = ['收货 4 v', '地址 1200 n', '收 6 v', '货 7 n', '无货 3 n', '保修 40 v', 'broken', '坏 line x', ''].join('\n');

test('compactDictionary keeps common words and the words asked for, drops tags and malformed lines', () => {
  assert.equal(compactDictionary(FULL, new Set(['收货']), 5), '收货 4\n地址 1200\n收 6\n货 7\n保修 40\n');
  assert.equal(compactDictionary(FULL, new Set(), 100), '地址 1200\n');
  assert.equal(compactDictionary(FULL, new Set(), 1), '收货 4\n地址 1200\n收 6\n货 7\n无货 3\n保修 40\n');
  assert.equal(compactDictionary('', new Set(['x']), 5), '');
});

test('a segmenter over a compact dictionary cuts kept words whole and splits dropped ones', () => {
  const dictionary = compactDictionary(FULL, new Set(['收货']), 5);
  const seg = createSegmenter([], dictionary);
  assert.deepEqual(seg.cut('收货地址'), ['收货', '地址']);
  assert.deepEqual(seg.cut('无货'), ['无', '货']);
  // User words still apply on top of the base dictionary.
  assert.deepEqual(createSegmenter(['无货'], dictionary).cut('无货'), ['无货']);
});
