import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMatcher, exportMatcherIndex, loadMatcherFromIndex } from '../../../src/match/index.js';
import { commonRuns, foldForOrder, rankProbabilities, CANDIDATE_FEATURES, QUERY_FEATURES, type RankerModel } from '../../../src/match/ranker.js';
import { seededRandom } from '../../../src/util/random.js';
import type { LoadedMatcher } from '../../../src/match/matcher.js';
import { EMPTY_LEXICON } from '../../../src/model/lexicon.js';
import type { Entry } from '../../../src/model/types.js';

/** A generated knowledge base big enough to train on: every (product, topic) pair is one entry. */
function generatedEntries(): Entry[] {
  const products = ['手机', '电脑', '耳机', '平板', '键盘', '鼠标', '显示器', '路由器'];
  const topics = ['保修', '退货', '发票', '发货', '维修', '价格'];
  const out: Entry[] = [];
  products.forEach((p, i) =>
    topics.forEach((t, j) =>
      out.push({
        id: `e${i}.${j}`,
        kind: 'faq',
        question: `${p}${t}怎么办`,
        similar: [`${p}的${t}问题`, `请问${p}能${t}吗`, `${t}${p}`],
        answer: `${p} ${t}`,
        tags: [],
        products: [],
        enabled: true,
        priority: 0,
        source: { layer: 'merchant', file: 'gen.yaml' },
      }),
    ),
  );
  return out;
}

const ENTRIES = generatedEntries();
const trained = buildMatcher(ENTRIES, EMPTY_LEXICON);

test('a knowledge base with enough phrasings is trained; the model is part of the exported index', () => {
  const data = exportMatcherIndex(trained);
  assert.equal(data.version, 2);
  assert.ok(data.ranker, 'trained');
  assert.deepEqual(data.ranker.features, [...CANDIDATE_FEATURES]);
  assert.ok(data.ranker.trainedOn.queries >= 20);
  assert.ok(data.ranker.trainedOn.outOfScope > 0, 'whole entries were left out as out-of-scope questions');
  assert.equal(exportMatcherIndex(buildMatcher(ENTRIES, EMPTY_LEXICON, { train: false })).ranker, undefined);
});

test('training is deterministic for a seed and the seed matters', () => {
  const again = JSON.stringify(exportMatcherIndex(buildMatcher(ENTRIES, EMPTY_LEXICON)).ranker);
  assert.equal(again, JSON.stringify(exportMatcherIndex(trained).ranker));
  const other = JSON.stringify(exportMatcherIndex(buildMatcher(ENTRIES, EMPTY_LEXICON, { trainSeed: 7 })).ranker);
  assert.notEqual(other, again);
});

test('a trained matcher ranks held-in phrasings first with high confidence and loads to identical answers', () => {
  const loaded = loadMatcherFromIndex(JSON.parse(JSON.stringify(exportMatcherIndex(trained))));
  for (const q of ['耳机保修怎么办', '请问平板能退货吗', '鼠标的价格问题', '今天天气怎么样', '路由器 发票', '转人工']) {
    assert.deepEqual(loaded.match(q), trained.match(q), q);
  }
  const r = trained.match('请问平板能退货吗');
  assert.equal(r.candidates[0]!.entryId, 'e3.1');
  assert.ok(r.candidates[0]!.confidence > r.candidates[1]!.confidence);
  let sum = 0;
  for (const c of r.candidates) {
    assert.ok(c.confidence >= 0 && c.confidence <= 1);
    sum += c.confidence;
  }
  assert.ok(sum <= 1 + 1e-3, 'confidences are probabilities of one choice among candidates and none');
});

test('an unrelated question gets a lower confidence than a known one', () => {
  const known = trained.match('显示器维修怎么办').confidence;
  const unknown = trained.match('明天股市会不会涨').confidence;
  assert.ok(unknown < known, `${unknown} < ${known}`);
  assert.notEqual(trained.match('明天股市会不会涨').decision, 'answer');
});

test('an index of an older version is refused', () => {
  const data = { ...exportMatcherIndex(trained), version: 1 };
  assert.throws(() => loadMatcherFromIndex(data as never), /version 2/);
});

test('order features: common subsequence and substring, folded text', () => {
  const rows = { lcs: new Int32Array(65), prev: new Int32Array(65), sub: new Int32Array(65), subPrev: new Int32Array(65) };
  assert.deepEqual(commonRuns('abcde', 'axcyde', rows), { lcs: 4, substring: 2 });
  assert.deepEqual(commonRuns('保修多久', '保修期多久', rows), { lcs: 4, substring: 2 });
  assert.deepEqual(commonRuns('', 'abc', rows), { lcs: 0, substring: 0 });
  assert.equal(foldForOrder('Ｙ9000P， 保修？'), 'y9000p保修');
  assert.ok(foldForOrder('长'.repeat(100)).length <= 64);
});

test('rankProbabilities: a softmax over candidates and none', () => {
  const F = CANDIDATE_FEATURES.length;
  const G = QUERY_FEATURES.length;
  const model: RankerModel = {
    features: [...CANDIDATE_FEATURES],
    queryFeatures: [...QUERY_FEATURES],
    mean: new Array(F).fill(0),
    std: new Array(F).fill(1),
    weights: [2, ...new Array(F - 1).fill(0)],
    queryMean: new Array(G).fill(0),
    queryStd: new Array(G).fill(1),
    nullWeights: [0, ...new Array(G - 1).fill(0)],
    depth: 10,
    trainedOn: { queries: 0, outOfScope: 0, seed: 1 },
  };
  const x = (s: number) => [s, ...new Array(F - 1).fill(0)];
  const p = rankProbabilities(model, [x(1), x(0)], new Array(G).fill(0).map((_, i) => (i === 0 ? 1 : 0)));
  assert.equal(p.length, 3);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.ok(p[0]! > p[1]! && Math.abs(p[1]! - p[2]!) < 1e-12, 'score 0 ties with none at bias 0');
});

test('seededRandom is deterministic and in [0, 1)', () => {
  const a = seededRandom(3);
  const b = seededRandom(3);
  for (let i = 0; i < 100; i++) {
    const x = a();
    assert.equal(x, b());
    assert.ok(x >= 0 && x < 1);
  }
});

test('order features compare phrasings in their normalized form, as the question is', async () => {
  const { createMatcher } = await import('../../../src/match/matcher.js');
  const { analyzeKnowledge, indexAnalyzed } = await import('../../../src/match/index-data.js');
  const { resolveOptions } = await import('../../../src/match/options.js');
  const { LEXICON } = await import('./fixture.js');
  const o = resolveOptions({});
  const make = (id: string, question: string): Entry => ({
    id, kind: 'faq', question, similar: [], answer: id, tags: [], products: [], enabled: true, priority: 0, source: { layer: 'pack', file: 't' },
  });
  // Traditional with Taiwan wording, full-width model and size: the question types all of it Simplified.
  const entries = [make('ram', 'Ｙ9000Ｐ的記憶體最多加到32G嗎'), make('other', '发票怎么开')];
  const k = analyzeKnowledge(entries, LEXICON, { generalLexicon: o.generalLexicon });
  const m = createMatcher(indexAnalyzed(k, { k1: o.k1, stopWeight: o.stopWeight, lengthNorm: o.lengthNorm, generalLexicon: o.generalLexicon }), o);
  const pool = m.pool(m.analyze('拯救者y9000p的内存最多加到32gb吗'), 5);
  const row = pool.features[pool.entries.findIndex((e) => m.data.entries[e]!.id === 'ram')]!;
  assert.equal(row[CANDIDATE_FEATURES.indexOf('lcsF1')], 1, 'the phrasing spells the question letter by letter');
  assert.equal(row[CANDIDATE_FEATURES.indexOf('substrQuery')], 1);
});

test('stored order texts: only phrasings that fold otherwise; an index without them answers the same', () => {
  // Traditional and full-width phrasings among Simplified ones.
  const entries = generatedEntries().map((e, i) => (i % 5 === 0 ? { ...e, similar: [...e.similar, `${e.question.replace('发', '發').replace('价', '價')}嗎`, 'ＡＢＣ保修'] } : e));
  const m = buildMatcher(entries, EMPTY_LEXICON);
  const data = JSON.parse(JSON.stringify(exportMatcherIndex(m)));
  const order = data.phrasings.order as { at: number[]; text: string[] };
  assert.ok(order.at.length > 0 && order.at.length < data.phrasings.text.length / 4, `${order.at.length} of ${data.phrasings.text.length}`);
  for (const [i, p] of order.at.entries()) assert.notEqual(order.text[i], foldForOrder(data.phrasings.text[p]));
  assert.ok(order.text.some((t) => t.includes('发') && !t.includes('發')), 'Traditional phrasings are stored Simplified');
  const { order: _dropped, ...older } = data.phrasings;
  const legacy = loadMatcherFromIndex({ ...data, phrasings: older });
  const current = loadMatcherFromIndex(data);
  for (const q of ['手机发票怎么办', '请问耳机能发货吗', '平板價格问题', 'abc保修', '电脑维修']) assert.deepEqual(legacy.match(q), current.match(q), q);
});

test('entry coverage: the share of the question’s content words some phrasing of the candidate has', () => {
  const m = trained as unknown as LoadedMatcher;
  const at = CANDIDATE_FEATURES.indexOf('entryCover');
  const coverOf = (q: string, id: string) => {
    const pool = m.pool(m.analyze(q), 10);
    const i = pool.entries.findIndex((e) => m.data.entries[e]!.id === id);
    assert.ok(i >= 0, `${id} is a candidate for ${q}`);
    return pool.features[i]![at]!;
  };
  assert.equal(coverOf('手机保修', 'e0.0'), 1);
  // 天气 is no phrasing's word: one of the two content words is covered, however well 手机 matches.
  assert.equal(coverOf('手机 天气', 'e0.0'), 0.5);
  assert.ok(coverOf('手机 发票', 'e0.0') < coverOf('手机 发票', 'e0.2'), '发票 is in e0.2’s phrasings, not e0.0’s');
});

test('a model fitted before later features were appended scores with its own weights, as it did', () => {
  const data = exportMatcherIndex(trained);
  const full = data.ranker!;
  const n = full.features.length - 1;
  // The full model with the last feature's weight at 0 scores exactly as the same model without that feature.
  const zeroed = { ...full, weights: full.weights.map((w, i) => (i === n ? 0 : w)) };
  const older = { ...full, features: full.features.slice(0, n), weights: full.weights.slice(0, n), mean: full.mean.slice(0, n), std: full.std.slice(0, n) };
  const a = loadMatcherFromIndex({ ...data, ranker: zeroed });
  const b = loadMatcherFromIndex({ ...data, ranker: older });
  const untrained = loadMatcherFromIndex({ ...data, ranker: undefined });
  let differs = false;
  for (const q of ['耳机保修怎么办', '请问平板能退货吗', '鼠标的价格问题', '明天股市会不会涨', '路由器 发票']) {
    assert.deepEqual(b.match(q), a.match(q), q);
    differs ||= JSON.stringify(b.match(q)) !== JSON.stringify(untrained.match(q));
  }
  assert.ok(differs, 'the older model is used, not dropped for the untrained calibration');
  const renamed = { ...older, features: older.features.map((f, i) => (i === 0 ? 'other' : f)) };
  assert.deepEqual(loadMatcherFromIndex({ ...data, ranker: renamed }).match('鼠标的价格问题'), untrained.match('鼠标的价格问题'));
});
