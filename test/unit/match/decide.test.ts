import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, isHowTo, isHumanRequest } from '../../../src/match/decide.js';
import { DEFAULT_THRESHOLDS } from '../../../src/model/config.js';

const o = { tutorialSlack: 0.15, outOfScopeUnknown: 0.5 };
const base = { humanRequest: false, howTo: false, unknownShare: 0, empty: false };
const faq = (confidence: number) => ({ confidence, kind: 'faq' as const });
const tut = (confidence: number) => ({ confidence, kind: 'tutorial' as const });

test('answer at or above the answer threshold with a clear margin', () => {
  assert.deepEqual(decide({ ...base, candidates: [faq(0.6), faq(0.2)] }, DEFAULT_THRESHOLDS, o), { decision: 'answer', chosen: 0, rule: 'confident' });
});

test('clarify between suggest and answer, or when the top two are too close', () => {
  assert.deepEqual(decide({ ...base, candidates: [faq(0.5), faq(0.1)] }, DEFAULT_THRESHOLDS, o), { decision: 'clarify', rule: 'below-answer' });
  assert.deepEqual(decide({ ...base, candidates: [faq(0.8), faq(0.77)] }, DEFAULT_THRESHOLDS, o), { decision: 'clarify', rule: 'too-close' });
});

test('handoff below suggest: low confidence, or out of scope when most words are unknown', () => {
  assert.deepEqual(decide({ ...base, candidates: [faq(0.3)] }, DEFAULT_THRESHOLDS, o), { decision: 'handoff', handoffReason: 'low-confidence', rule: 'below-suggest' });
  assert.deepEqual(decide({ ...base, unknownShare: 0.8, candidates: [faq(0.3)] }, DEFAULT_THRESHOLDS, o), {
    decision: 'handoff',
    handoffReason: 'out-of-scope',
    rule: 'below-suggest',
  });
  assert.equal(decide({ ...base, candidates: [] }, DEFAULT_THRESHOLDS, o).handoffReason, 'low-confidence');
  assert.deepEqual(decide({ ...base, empty: true, candidates: [] }, DEFAULT_THRESHOLDS, o), { decision: 'handoff', handoffReason: 'empty', rule: 'empty' });
});

test('near-tied candidates of one softmax clarify when together they reach suggest', () => {
  // 保修期多久: two warranty entries at 0.31 each. Alone each is below suggest; one of the two is right 62 %.
  assert.equal(decide({ ...base, clarifyConfidence: 0.62, candidates: [faq(0.31), faq(0.31)] }, DEFAULT_THRESHOLDS, o).decision, 'clarify');
  assert.equal(decide({ ...base, candidates: [faq(0.31), faq(0.31)] }, DEFAULT_THRESHOLDS, o).decision, 'handoff');
  assert.equal(decide({ ...base, clarifyConfidence: 0.3, candidates: [faq(0.2), faq(0.1)] }, DEFAULT_THRESHOLDS, o).decision, 'handoff');
});

test('an explicit request for a person hands off even when an entry matches well', () => {
  assert.deepEqual(decide({ ...base, humanRequest: true, candidates: [faq(0.99)] }, DEFAULT_THRESHOLDS, o), {
    decision: 'handoff',
    handoffReason: 'human-request',
    rule: 'human-request',
  });
});

test('a how-to question goes to a covering tutorial close to the top', () => {
  assert.deepEqual(decide({ ...base, howTo: true, candidates: [faq(0.7), tut(0.6)] }, DEFAULT_THRESHOLDS, o), { decision: 'tutorial', chosen: 1, rule: 'how-to' });
  assert.equal(decide({ ...base, howTo: true, candidates: [faq(0.9), tut(0.5)] }, DEFAULT_THRESHOLDS, o).decision, 'answer');
  assert.equal(decide({ ...base, candidates: [tut(0.9), faq(0.2)] }, DEFAULT_THRESHOLDS, o).decision, 'tutorial');
});

test('cue detectors', () => {
  for (const s of ['转人工', '人工客服', '我要找真人', '给我换个人工', '转人吧', '别机器人了', '找个人跟我说', '叫你们经理出来']) {
    assert.ok(isHumanRequest(s), s);
  }
  for (const s of ['发票怎么开', '人工智能是什么', '帮我找个人上门安装', '转人民币', '机器人吸尘器好用吗']) assert.ok(!isHumanRequest(s), s);
  for (const s of ['内存条怎么装', '如何安装驱动', '路由器怎么设置', '装机教程']) assert.ok(isHowTo(s), s);
  for (const s of ['保修多久', '多少钱']) assert.ok(!isHowTo(s), s);
});

test('handoff entries: a human request picks the first handoff candidate; a confident handoff candidate hands off', () => {
  const ho = (confidence: number) => ({ confidence, kind: 'faq' as const, handoff: true });
  assert.deepEqual(decide({ ...base, humanRequest: true, candidates: [faq(0.4), ho(0.3)] }, DEFAULT_THRESHOLDS, o), {
    decision: 'handoff',
    handoffReason: 'human-request',
    chosen: 1,
    rule: 'human-request',
  });
  assert.deepEqual(decide({ ...base, humanRequest: true, candidates: [faq(0.9)] }, DEFAULT_THRESHOLDS, o), { decision: 'handoff', handoffReason: 'human-request', rule: 'human-request' });
  assert.deepEqual(decide({ ...base, candidates: [ho(0.8), faq(0.1)] }, DEFAULT_THRESHOLDS, o), { decision: 'handoff', handoffReason: 'handoff-entry', chosen: 0, rule: 'confident' });
  assert.equal(decide({ ...base, candidates: [ho(0.5), faq(0.1)] }, DEFAULT_THRESHOLDS, o).decision, 'clarify', 'below answer: no handoff by entry');
});

test('a first candidate tagged out-of-scope hands off at any confidence, with that entry', () => {
  const outside = (confidence: number) => ({ confidence, kind: 'faq' as const, handoff: true, outOfScope: true });
  for (const c of [0.95, 0.5, 0.1]) {
    assert.deepEqual(decide({ ...base, candidates: [outside(c), faq(0.02)] }, DEFAULT_THRESHOLDS, o), {
      decision: 'handoff',
      handoffReason: 'out-of-scope',
      chosen: 0,
      rule: 'out-of-scope-entry',
    });
  }
  // Below the first it changes nothing (the matcher leaves it out of the candidates anyway).
  assert.equal(decide({ ...base, candidates: [faq(0.9), outside(0.05)] }, DEFAULT_THRESHOLDS, o).decision, 'answer');
});
