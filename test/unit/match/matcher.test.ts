import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMatcher, exportMatcherIndex, loadMatcherFromIndex } from '../../../src/match/index.js';
import { ENTRIES, LEXICON } from './fixture.js';

const matcher = buildMatcher(ENTRIES, LEXICON);

test('disabled entries are not indexed; ids are sorted', () => {
  assert.ok(!matcher.entryIds.includes('disabled.entry'));
  assert.deepEqual([...matcher.entryIds], [...matcher.entryIds].sort());
  assert.ok(matcher.match('这条已经停用了').candidates.every((c) => c.entryId !== 'disabled.entry'));
});

test('a result explains itself: candidates, matched terms, synonyms, provenance', () => {
  const r = matcher.match('筆電保固多久');
  assert.equal(r.decision, 'answer');
  assert.equal(r.entryId, 'warranty.period');
  const top = r.candidates[0]!;
  assert.ok(top.matchedTerms.includes('保修'));
  assert.ok(top.synonyms.includes('保固→保修'));
  assert.equal(top.source.file, 'faqs/test.yaml');
  assert.ok(r.candidates.length <= 5);
  for (let i = 1; i < r.candidates.length; i++) assert.ok(r.candidates[i - 1]!.confidence >= r.candidates[i]!.confidence);
});

test('confidence stays in [0, 1]', () => {
  for (const q of ['在吗', '发票', '今天天气怎么样', '我想问一下那个笔记本保修多久啊能不能给我说说', '😊', 'y9000p']) {
    for (const c of matcher.match(q).candidates) assert.ok(c.confidence >= 0 && c.confidence <= 1, q);
  }
});

test('empty turn and human request hand off', () => {
  assert.deepEqual([matcher.match('？？😊').decision, matcher.match('？？😊').handoffReason], ['handoff', 'empty']);
  const r = matcher.match('转人工');
  assert.equal(r.decision, 'handoff');
  assert.equal(r.handoffReason, 'human-request');
});

test('out-of-scope questions are not answered', () => {
  for (const q of ['今天天气怎么样', '帮我写作业', '股票明天会涨吗']) {
    assert.notEqual(matcher.match(q).decision, 'answer', q);
  }
});

test('how-to questions get the tutorial', () => {
  const r = matcher.match('内存条怎么装啊');
  assert.equal(r.decision, 'tutorial');
  assert.equal(r.entryId, 'tutorial.ram-install');
  assert.equal(matcher.match('去动怎么装').entryId, 'tutorial.driver-install', 'the typo 去动 still reaches 驱动');
});

test('session: the last product named carries over and favours its entries', () => {
  const session = [{ role: 'customer' as const, text: '拯救者Y9000P还有货吗' }, { role: 'agent' as const, text: '有的亲' }];
  const r = matcher.match('它能加内存吗', session);
  assert.equal(r.contextProduct, '拯救者y9000p');
  const score = (res: typeof r, id: string) => res.candidates.find((c) => c.entryId === id)?.score ?? 0;
  const alone = matcher.match('它能加内存吗');
  assert.equal(alone.contextProduct, undefined);
  assert.ok(score(r, 'ram.upgrade.y9000p') > score(alone, 'ram.upgrade.y9000p'), 'the carried product lifts its entry');
  assert.ok(score(r, 'tutorial.ram-install') > score(alone, 'tutorial.ram-install'), 'and its tutorial');
  assert.equal(matcher.match('内存最多加到多少', session).candidates[0]!.entryId, 'ram.upgrade.y9000p');
});

test('session: a turn that points back at the product (它, 这款) is scored as if it named it', () => {
  const session = [{ role: 'customer' as const, text: '拯救者Y9000P还有货吗' }];
  const ids = (r: ReturnType<typeof matcher.match>) => r.candidates.map((c) => [c.entryId, c.score, c.confidence]);
  const pointed = matcher.match('它能加内存吗', session);
  assert.deepEqual(ids(pointed), ids(matcher.match('拯救者Y9000P它能加内存吗', session)));
  assert.equal(pointed.contextProduct, '拯救者y9000p');
  assert.equal(pointed.candidates[0]!.entryId, 'ram.upgrade.y9000p');
  // Without a pointer the product stays damped context: the turn is not read as naming it.
  const plain = matcher.match('内存最多加到多少', session);
  assert.notDeepEqual(ids(plain), ids(matcher.match('拯救者Y9000P内存最多加到多少', session)));
});

test('session: a short follow-up reuses the previous customer turn\'s topic', () => {
  const session = [{ role: 'customer' as const, text: 'y9000p保修多久' }];
  const r = matcher.match('那R9000P呢', session);
  assert.equal(r.candidates[0]!.entryId, 'warranty.period');
  assert.deepEqual(r.products, ['拯救者r9000p']);
  assert.match(r.normalized, /保修/);
  assert.notEqual(matcher.match('那R9000P呢').candidates[0]?.entryId, 'warranty.period');
});

test('session: every turn carries the earlier topic on, and its own words decide when it changes subject', () => {
  const session = [{ role: 'customer' as const, text: '七天无理由退货吗' }];
  const score = (res: ReturnType<typeof matcher.match>, id: string) => res.candidates.find((c) => c.entryId === id)?.score ?? 0;
  // A longer turn that names none of the entry's words still leans to the topic being discussed.
  const carried = matcher.match('盒子已经扔了怎么办', session);
  assert.ok(score(carried, 'return.policy') > score(matcher.match('盒子已经扔了怎么办'), 'return.policy'));
  assert.match(carried.normalized, /退货/);
  // A new subject of its own still wins.
  assert.equal(matcher.match('能开专票吗', session).candidates[0]!.entryId, 'invoice.vat');
  // An earlier how-to makes only a follow-up a how-to, not a turn of its own.
  const howTo = [{ role: 'customer' as const, text: '驱动怎么装' }];
  assert.equal(matcher.match('驱动在哪里下载', howTo).decision === 'tutorial', false);
});

test('session: a follow-up naming another product takes the earlier words, not the earlier product', () => {
  // ram.upgrade.y9000p lists Y9000P only; asked again about the R9000P, it must not win on the earlier model.
  const session = [{ role: 'customer' as const, text: '拯救者Y9000P能加内存吗' }];
  const r = matcher.match('那R9000P呢', session);
  assert.deepEqual(r.products, ['拯救者r9000p']);
  assert.match(r.normalized, /内存/);
  assert.notEqual(r.candidates[0]?.entryId, 'ram.upgrade.y9000p');
  // The follow-up should favour the Y9000P entry no more than the same question asked about the R9000P.
  const score = (res: typeof r) => res.candidates.find((c) => c.entryId === 'ram.upgrade.y9000p')?.score ?? 0;
  assert.ok(score(r) <= score(matcher.match('拯救者R9000P能加内存吗')), `${score(r)}`);
});

test('serialization round trip: exported JSON loads into a matcher that answers identically', () => {
  const data = exportMatcherIndex(matcher);
  const json = JSON.stringify(data);
  assert.equal(JSON.stringify(exportMatcherIndex(buildMatcher(ENTRIES, LEXICON))), json, 'deterministic');
  const loaded = loadMatcherFromIndex(JSON.parse(json));
  assert.deepEqual(loaded.entryIds, matcher.entryIds);
  const session = [{ role: 'customer' as const, text: 'y9000p保修多久' }];
  for (const q of ['筆電保固多久', '发票', '在吗', '内存条怎么装', '那R9000P呢', '今天天气怎么样', '转人工', '包修几年']) {
    assert.deepEqual(loaded.match(q, session), matcher.match(q, session), q);
  }
  assert.throws(() => loadMatcherFromIndex({ format: 'other' } as never));
});

test('priority breaks ties between entries that match equally', () => {
  const twins = [
    { ...ENTRIES[0]!, id: 'b.low', question: '保修多久', similar: [], priority: 0 },
    { ...ENTRIES[0]!, id: 'a.high', question: '保修多久', similar: [], priority: 0 },
  ];
  assert.equal(buildMatcher(twins, LEXICON).match('保修多久').candidates[0]!.entryId, 'a.high', 'equal priority: id order');
  twins[0]!.priority = 5;
  assert.equal(buildMatcher(twins, LEXICON).match('保修多久').candidates[0]!.entryId, 'b.low', 'higher priority wins');
});

test('without the explanation the decision, ranking and confidences are the same', () => {
  for (const q of ['筆電保固多久', '发票', '今天天气怎么样', 'y9000p能加内存吗', '转人工']) {
    const full = matcher.match(q);
    const bare = matcher.match(q, [], { explain: false });
    const strip = (r: typeof full) => ({ ...r, candidates: r.candidates.map((c) => ({ ...c, matchedTerms: [], synonyms: [] })) });
    assert.deepEqual(bare, strip(full), q);
    assert.ok(bare.candidates.every((c) => c.matchedTerms.length === 0 && c.synonyms.length === 0));
  }
});
