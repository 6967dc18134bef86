import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMatcher, exportMatcherIndex, loadMatcherFromIndex } from '../../../src/match/index.js';
import { toOutcome } from '../../../src/eval/score.js';
import { EMPTY_LEXICON } from '../../../src/model/lexicon.js';
import type { Entry } from '../../../src/model/types.js';
import { makeEntry } from '../../helpers/builders.js';

/** Every (product, topic) pair is one shop entry. */
function shopEntries(): Entry[] {
  const products = ['手机', '电脑', '耳机', '平板', '键盘', '鼠标', '显示器', '路由器'];
  const topics = ['保修', '退货', '发票', '发货', '维修', '价格'];
  return products.flatMap((p, i) =>
    topics.map((t, j) =>
      makeEntry({ id: `e${i}.${j}`, question: `${p}${t}怎么办`, similar: [`${p}的${t}问题`, `请问${p}能${t}吗`, `${t}${p}`] }),
    ),
  );
}

const OUT_OF_SCOPE_PHRASINGS = ['明天会下雨吗', '天气预报怎么说', '股票明天会涨吗', '基金怎么买', '彩票怎么中奖', '推荐一部电影', '帮我写一篇作文', '感冒吃什么药'];
const OUT_OF_SCOPE = makeEntry({
  id: 'chat.out-of-scope',
  question: '和本店无关的问题',
  similar: OUT_OF_SCOPE_PHRASINGS,
  answer: '这个问题超出了本店客服的范围，为您转人工。',
  tags: ['handoff', 'out-of-scope'],
});

const plain = buildMatcher(shopEntries(), EMPTY_LEXICON);
const withOutOfScope = buildMatcher([...shopEntries(), OUT_OF_SCOPE], EMPTY_LEXICON);

test('written out-of-scope phrasings are asked in training with none as the right answer', () => {
  const before = exportMatcherIndex(plain).ranker!.trainedOn;
  const after = exportMatcherIndex(withOutOfScope).ranker!.trainedOn;
  // Every written phrasing at least once (once per round), on top of the left-out entries.
  assert.ok(after.outOfScope >= before.outOfScope + OUT_OF_SCOPE_PHRASINGS.length + 1, `${after.outOfScope} vs ${before.outOfScope}`);
});

test('the tag is kept in the index; the entry of a question like its phrasings hands off with its words', () => {
  const data = exportMatcherIndex(withOutOfScope);
  assert.deepEqual(
    data.entries.filter((e) => e.outOfScope).map((e) => e.id),
    ['chat.out-of-scope'],
  );
  const r = withOutOfScope.match('后天会下雨吗');
  assert.equal(r.candidates[0]!.entryId, 'chat.out-of-scope');
  assert.equal(r.decision, 'handoff');
  assert.equal(r.handoffReason, 'out-of-scope');
  assert.equal(r.entryId, 'chat.out-of-scope', 'the bot says the entry’s answer while transferring');
  assert.deepEqual(loadMatcherFromIndex(JSON.parse(JSON.stringify(data))).match('后天会下雨吗'), r);
});

test('an out-of-scope entry below the first is not a candidate: there is nothing to offer', () => {
  for (const q of ['手机保修怎么办', '请问耳机能退货吗', '股票保修', '明天发货吗', '电脑价格会涨吗', '推荐一个鼠标']) {
    const ids = withOutOfScope.match(q).candidates.map((c) => c.entryId);
    assert.ok(ids.indexOf('chat.out-of-scope') <= 0, `${q}: ${ids.join(', ')}`);
  }
  assert.equal(withOutOfScope.match('请问耳机能退货吗').candidates[0]!.entryId, 'e2.1');
});

test('an index written before the tag existed answers with the entry as an ordinary handoff entry', () => {
  const data = exportMatcherIndex(withOutOfScope);
  const old = { ...data, entries: data.entries.map(({ outOfScope: _dropped, ...e }) => e) };
  const r = loadMatcherFromIndex(old).match('后天会下雨吗');
  assert.notEqual(r.handoffReason, 'out-of-scope');
  assert.equal(r.candidates[0]!.entryId, 'chat.out-of-scope');
});

test('eval: handing off through an out-of-scope entry predicts none and no threshold changes it', () => {
  const r = withOutOfScope.match('后天会下雨吗');
  const o = toOutcome(r, { role: 'customer', text: '后天会下雨吗', turn: 1, label: '__none__', ordinal: 0 }, 's#1', true);
  assert.equal(o.forced, true);
  assert.equal(o.entryId, undefined);
  const human = withOutOfScope.match('请问耳机能退货吗');
  assert.equal(toOutcome(human, { role: 'customer', text: '请问耳机能退货吗', turn: 1, label: 'e2.1', ordinal: 1 }, 's#2', true).forced, false);
});
