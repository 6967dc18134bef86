import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { adjustForProduct, aggregatePhrasings, calibrate, idf, saturate } from '../../../src/match/score.js';
import { DEFAULT_MATCHER_OPTIONS } from '../../../src/match/options.js';

test('idf falls as a term gets commoner and stays positive', () => {
  assert.ok(idf(100, 1) > idf(100, 10));
  assert.ok(idf(100, 10) > idf(100, 100));
  assert.ok(idf(100, 100) > 0);
  assert.ok(idf(100, 0) > idf(100, 1), 'an unknown term weighs most');
});

test('saturate: 1 at tf 1, bounded by k1 + 1, flat when k1 is 0', () => {
  assert.equal(saturate(1, 1.2), 1);
  assert.ok(saturate(5, 1.2) < 2.2 && saturate(5, 1.2) > saturate(2, 1.2));
  assert.equal(saturate(3, 0), 1);
});

test('aggregatePhrasings never passes 1 and rewards a second matching phrasing', () => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
      const best = Math.max(a, b);
      const second = Math.min(a, b);
      const s = aggregatePhrasings(best, second, 0.15);
      return s >= best && s <= 1;
    }),
  );
});

test('adjustForProduct boosts the same product, cuts another, leaves generic entries', () => {
  assert.ok(adjustForProduct(0.5, 'same', 0.15, 0.15) > 0.5);
  assert.ok(adjustForProduct(0.5, 'other', 0.15, 0.15) < 0.5);
  assert.equal(adjustForProduct(0.5, 'none', 0.15, 0.15), 0.5);
});

test('calibrate is in [0, 1], rises with similarity and with margin', () => {
  const c = DEFAULT_MATCHER_OPTIONS.calibration;
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), (s, m) => {
      const x = calibrate(s, m, c);
      return x >= 0 && x <= 1 && calibrate(Math.min(1, s + 0.1), m, c) >= x && calibrate(s, m + 0.1, c) >= x;
    }),
  );
  assert.ok(calibrate(0.9, 0.5, c) > 0.9);
  assert.ok(calibrate(0.1, 0, c) < 0.1);
});
