/**
 * The first stage's forward passes (common terms through the found phrasings' own postings, centroids
 * through the found entries' centroid postings) against the posting-list passes, on random knowledge bases
 * with long posting lists: the same candidates, scores and features, to the last bit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildIndexData, type MatcherIndexData } from '../../../src/match/index-data.js';
import { createMatcher, invertPostings, weightOffset, type MatcherPaths } from '../../../src/match/matcher.js';
import { resolveOptions, type MatcherOptionsInput } from '../../../src/match/options.js';
import { trainRanker, DEFAULT_TRAIN_OPTIONS } from '../../../src/match/train.js';
import { analyzeKnowledge, indexAnalyzed } from '../../../src/match/index-data.js';
import type { Entry } from '../../../src/model/types.js';
import { seededRandom } from '../../../src/util/random.js';
import { LEXICON } from './fixture.js';
import { charPinyin } from '../../../src/text/pinyin.js';

// Few characters, so most terms are in many phrasings and their lists are longer than `maxPostings`.
const CHARS = '保修多久驱动安装发票退货分期价格配置内存开机屏幕怎么能吗的了在哪';

function randomKb(seed: number, entryCount: number): { entries: Entry[]; questions: string[] } {
  const rnd = seededRandom(seed);
  const word = () => {
    let w = '';
    const n = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < n; i++) w += CHARS[Math.floor(rnd() * CHARS.length)]!;
    return w;
  };
  const text = (min: number, max: number) => {
    const n = min + Math.floor(rnd() * (max - min + 1));
    const ws: string[] = [];
    for (let i = 0; i < n; i++) ws.push(word());
    // Sometimes a model, so the product channel and the carried product are exercised.
    if (rnd() < 0.2) ws.push(rnd() < 0.5 ? 'Y9000P' : 'R9000P');
    return ws.join(rnd() < 0.3 ? ' ' : '');
  };
  const entries: Entry[] = [];
  for (let i = 0; i < entryCount; i++) {
    const similar: string[] = [];
    const n = Math.floor(rnd() * 6);
    for (let j = 0; j < n; j++) similar.push(text(2, 6));
    entries.push({
      id: `e${String(i).padStart(3, '0')}`,
      kind: rnd() < 0.1 ? 'tutorial' : 'faq',
      question: text(2, 6),
      similar,
      answer: `answer ${i}`,
      tags: [],
      products: rnd() < 0.2 ? ['拯救者 Y9000P'] : [],
      enabled: true,
      priority: Math.floor(rnd() * 2),
      source: { layer: 'pack', file: 'random.yaml' },
    });
  }
  const questions: string[] = [];
  // Short questions, and long ones with more than 32 common terms (the forward pass's general path).
  for (let i = 0; i < 60; i++) questions.push(text(1, 4));
  for (let i = 0; i < 15; i++) questions.push(text(20, 40));
  return { entries, questions };
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

function compareMatchers(data: MatcherIndexData, input: MatcherOptionsInput, questions: readonly string[], label: string): void {
  const o = resolveOptions(input);
  const make = (passes: MatcherPaths['passes']) => createMatcher(data, o, { passes });
  // The reference also looks every term up by its text.
  const lists = createMatcher(data, o, { passes: 'lists', terms: 'text' });
  const forward = make('forward');
  const auto = make('auto');
  for (const [qi, q] of questions.entries()) {
    const a = lists.analyze(q);
    const want = lists.pool(a, 12);
    for (const [name, m] of [['forward', forward], ['auto', auto]] as const) {
      const got = m.pool(a, 12);
      const what = `${label} ${name} q${qi} ${q}`;
      assert.deepEqual(got.entries, want.entries, what);
      sameBits(got.query, want.query, `${what} query`);
      got.features.forEach((x, i) => sameBits(x, want.features[i]!, `${what} candidate ${i}`));
      // With a session: context terms and a carried product join the query.
      const session = [{ role: 'customer' as const, text: questions[(qi + 1) % questions.length]! }];
      assert.deepEqual(m.match(q, session), lists.match(q, session), what);
    }
  }
}

test('forward passes equal the posting-list passes (untrained, small maxPostings)', () => {
  for (const seed of [1, 2, 3]) {
    const { entries, questions } = randomKb(seed, 120);
    const input = { maxPostings: 1 + seed * 4, train: false };
    const data = buildIndexData(entries, LEXICON, { k1: 1.2, stopWeight: 0.3, lengthNorm: 0.5, generalLexicon: true });
    compareMatchers(data, input, questions, `seed ${seed}`);
  }
});

test('forward passes equal the posting-list passes (trained, default maxPostings)', () => {
  const { entries, questions } = randomKb(7, 200);
  const o = resolveOptions({ maxPostings: 40 });
  const build = { k1: o.k1, stopWeight: o.stopWeight, lengthNorm: o.lengthNorm, generalLexicon: o.generalLexicon };
  const k = analyzeKnowledge(entries, LEXICON, { generalLexicon: o.generalLexicon });
  const data = indexAnalyzed(k, build);
  const ranker = trainRanker(k, build, o, { ...DEFAULT_TRAIN_OPTIONS, seed: 1 });
  assert.ok(ranker, 'the random knowledge base is large enough to train');
  data.ranker = ranker;
  compareMatchers(data, { maxPostings: 40 }, questions, 'trained');
});

test('invertPostings lists each item\'s terms in ascending order with their weights', () => {
  const lists = [
    { start: Int32Array.from([0, 2, 3]), item: Int32Array.from([0, 2, 1]), weight: Float64Array.from([0.5, 0.25, 1]) },
    { start: Int32Array.from([0, 3]), item: Int32Array.from([0, 1, 2]), weight: Float64Array.from([0.1, 0.2, 0.3]) },
  ];
  const f = invertPostings(3, lists);
  // Item i, channel c: start[3i + c] .. start[3i + c + 1].
  // Each item: two term ids, then (from the next 8-byte boundary) their two weights: 6 units per item.
  assert.deepEqual([...f.start], [0, 1, 2, 6, 7, 8, 12, 13, 14]);
  const items = (x: ReturnType<typeof invertPostings>) =>
    [0, 1, 2].map((i) => {
      const out: [number, number][] = [];
      for (let k = x.start[3 * i]!; k < x.start[3 * i + 2]!; k++) out.push([x.term[k]!, x.weight[k + weightOffset(x.start, i, 2)]!]);
      return out;
    });
  const want = [
    [[0, 0.5], [0, 0.1]],
    [[1, 1], [0, 0.2]],
    [[0, 0.25], [0, 0.3]],
  ];
  assert.deepEqual(items(f), want);
  // Laid out in the order 2, 0, 1: the same postings per item, item 2's first in memory.
  const g = invertPostings(3, lists, [2, 0, 1]);
  assert.deepEqual([...g.start], [6, 7, 8, 12, 13, 14, 0, 1, 2]);
  assert.deepEqual(items(g), want);
});

test('invertPostings over thousands of items equals a slot-by-slot inversion', () => {
  const rnd = seededRandom(11);
  const count = 9000;
  const lists = [0, 1, 2].map(() => {
    const start = [0];
    const item: number[] = [];
    const weight: number[] = [];
    for (let t = 0; t < 400; t++) {
      const items = [...new Set(Array.from({ length: Math.floor(rnd() * 60) }, () => Math.floor(rnd() * count)))].sort((a, b) => a - b);
      for (const i of items) {
        item.push(i);
        weight.push(rnd());
      }
      start.push(item.length);
    }
    return { start: Int32Array.from(start), item: Int32Array.from(item), weight: Float64Array.from(weight) };
  });
  // Reference: every item's terms per channel, in ascending term order.
  const C = lists.length;
  const want: [number, number][][] = Array.from({ length: count * C }, () => []);
  lists.forEach((l, ci) => {
    for (let t = 0; t + 1 < l.start.length; t++) for (let k = l.start[t]!; k < l.start[t + 1]!; k++) want[l.item[k]! * C + ci]!.push([t, l.weight[k]!]);
  });
  // A shuffled layout holds the same postings per item, each item's in one run, items in layout order.
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (const layout of [undefined, order]) {
    const f = invertPostings(count, lists, layout);
    for (let item = 0; item < count; item++) {
      for (let ci = 0; ci < C; ci++) {
        const got: [number, number][] = [];
        for (let k = f.start[item * (C + 1) + ci]!; k < f.start[item * (C + 1) + ci + 1]!; k++) got.push([f.term[k]!, f.weight[k + weightOffset(f.start, item, C)]!]);
        assert.deepEqual(got, want[item * C + ci], `item ${item} channel ${ci}`);
      }
    }
    let at = 0;
    for (let r = 0; r < count; r++) {
      const item = layout ? layout[r]! : r;
      assert.equal(f.start[item * (C + 1)], at, `item ${item} starts where the one before it ends`);
      const terms = f.start[item * (C + 1) + C]!;
      at = 2 * (weightOffset(f.start, item, C) + terms);
      assert.ok(at >= 2 * (terms - f.start[item * (C + 1)]!) + f.start[item * (C + 1)]! && at % 2 === 0);
    }
    assert.equal(at, f.term.length);
  }
});

test('terms found by their units\' ids equal terms looked up by text', () => {
  // Models next to CJK characters, ASCII words and numbers, synonyms and sound slips (which rewrite words,
  // so the pinyin is not the units' readings), letters-only units that read like pinyin (`pro`, `air`).
  const rnd = seededRandom(5);
  const parts = ['拯救者Y9000P', 'y9000p', 'R9000P', 'MBA M2', 'rtx4090', 'rtx4090ti', 'pro', 'air', 'max', 'ssd', '16gb', 'i7', '13700h', 'win11', 'a', '5'];
  const words = ['保修', '保固', '包修', '多久', '内存', 'ram', '记忆体', '驱动', '去动', '发票', '能', '加', '吗', '的', '怎么', '装', '笔电', '屏幕'];
  const text = () => {
    let t = '';
    const n = 1 + Math.floor(rnd() * 6);
    for (let i = 0; i < n; i++) {
      const w = rnd() < 0.4 ? parts[Math.floor(rnd() * parts.length)]! : words[Math.floor(rnd() * words.length)]!;
      t += rnd() < 0.3 ? ` ${w}` : w;
    }
    return t;
  };
  const entries: Entry[] = Array.from({ length: 80 }, (_, i) => ({
    id: `u${String(i).padStart(3, '0')}`,
    kind: 'faq' as const,
    question: text(),
    similar: Array.from({ length: Math.floor(rnd() * 4) }, text),
    answer: `answer ${i}`,
    tags: [],
    products: rnd() < 0.3 ? ['拯救者 Y9000P'] : [],
    enabled: true,
    priority: 0,
    source: { layer: 'pack' as const, file: 'units.yaml' },
  }));
  const data = buildIndexData(entries, LEXICON, { k1: 1.2, stopWeight: 0.3, lengthNorm: 0.5, generalLexicon: true });
  const o = resolveOptions({ train: false });
  const byText = createMatcher(data, o, { terms: 'text' });
  const byUnits = createMatcher(data, o, { terms: 'now' });
  const questions = [...entries.flatMap((e) => [e.question, ...e.similar]), ...Array.from({ length: 300 }, text)];
  let paired = 0;
  for (const q of questions) {
    const a = byUnits.analyze(q);
    // What the unit keys rest on: bigram i is units i and i + 1 joined; with no word rewritten, so is the
    // pinyin bigram, of their readings.
    if (a.chars.length > 1) {
      a.bigrams.forEach((b, i) => assert.equal(b, a.chars[i]! + a.chars[i + 1]!, q));
      if (a.rewrites.length === 0) {
        const reading = (u: string) => (u.length === 1 ? charPinyin(u) : u);
        a.pinyin.forEach((p, i) => assert.equal(p, `${reading(a.chars[i]!)}_${reading(a.chars[i + 1]!)}`, q));
      }
      if (a.bigrams.some((b) => b.length > 2)) paired++;
    }
    assert.deepEqual(byUnits.pool(a, 12), byText.pool(a, 12), q);
    assert.deepEqual(byUnits.match(q), byText.match(q), q);
  }
  assert.ok(paired > 100, `questions with a long unit next to another: ${paired}`);
});
