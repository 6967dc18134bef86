import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addOutcome, createAccumulator, mergeAccumulators, predictionOf, type TurnOutcome } from '../../../src/eval/accumulator.js';
import { confusionPairs, entryMetrics, summaryOf, worstEntries } from '../../../src/eval/metrics.js';
import { calibrate, simulate, thresholdCurve } from '../../../src/eval/calibrate.js';
import { scoreSession } from '../../../src/eval/score.js';
import { buildResult } from '../../../src/eval/result.js';
import { buildMatcher, entry } from './fake-matcher.js';

let ordinal = 0;
function outcome(label: string, decision: TurnOutcome['decision'], top: string[], extra: Partial<TurnOutcome> = {}): TurnOutcome {
  ordinal++;
  const o: TurnOutcome = { ordinal, key: `f:s${ordinal}:1`, text: `t${ordinal}`, label, decision, top, confidence: 0.9, second: 0.1, reach: extra.confidence ?? 0.9, forced: false, first: true, traditional: false, ...extra };
  if ((decision === 'answer' || decision === 'tutorial') && o.entryId === undefined) o.entryId = top[0];
  return o;
}

test('summary rates split in-scope and out-of-scope turns', () => {
  const acc = createAccumulator();
  addOutcome(acc, outcome('a', 'answer', ['a', 'b']));
  addOutcome(acc, outcome('a', 'answer', ['b', 'a'])); // wrong answer, rank 2
  addOutcome(acc, outcome('b', 'clarify', ['c', 'd', 'b'])); // rank 3, hit among 3 offered
  addOutcome(acc, outcome('b', 'handoff', [])); // not found
  addOutcome(acc, outcome('__none__', 'answer', ['a'])); // false answer
  addOutcome(acc, outcome('__none__', 'handoff', ['a'], { confidence: 0.1 }));
  const s = summaryOf(acc);
  assert.equal(s.turns, 6);
  assert.equal(s.inScope.n, 4);
  assert.equal(s.inScope.top1, 0.25);
  assert.equal(s.inScope.top3, 0.75);
  assert.equal(s.inScope.mrr, Math.round(((1 + 0.5 + 1 / 3) / 4) * 1e6) / 1e6);
  assert.equal(s.outOfScope.n, 2);
  assert.equal(s.outOfScope.falseAnswerRate, 0.5);
  assert.equal(s.outOfScope.handoffRate, 0.5);
  assert.equal(s.answerRate, 0.5);
  assert.equal(s.answeredPrecision, Math.round((1 / 3) * 1e6) / 1e6);
  assert.equal(s.clarifyRate, Math.round((1 / 6) * 1e6) / 1e6);
  assert.equal(s.clarifyHitRate, 1);
  assert.equal(s.handoffRate, Math.round((2 / 6) * 1e6) / 1e6);
  assert.equal(s.falseAnswerRate, Math.round((2 / 6) * 1e6) / 1e6);
});

test('per-entry precision/recall/F1 and confusion pairs use the prediction', () => {
  const acc = createAccumulator({ examplesPerPair: 1 });
  addOutcome(acc, outcome('a', 'answer', ['a']));
  addOutcome(acc, outcome('a', 'answer', ['b']));
  addOutcome(acc, outcome('a', 'answer', ['b']));
  addOutcome(acc, outcome('b', 'answer', ['b']));
  addOutcome(acc, outcome('__none__', 'handoff', []));
  assert.equal(predictionOf({ decision: 'handoff', top: ['a'] }), '__none__');
  const entries = entryMetrics(acc, new Map([['a', { category: '售后/保修', layer: 'pack' }], ['b', { layer: 'merchant' }]]));
  const a = entries.find((e) => e.id === 'a')!;
  assert.deepEqual([a.support, a.predicted, a.correct, a.precision, a.recall], [3, 1, 1, 1, Math.round((1 / 3) * 1e6) / 1e6]);
  assert.equal(a.category, '售后/保修');
  const b = entries.find((e) => e.id === 'b')!;
  assert.deepEqual([b.support, b.predicted, b.precision, b.recall], [1, 3, Math.round((1 / 3) * 1e6) / 1e6, 1]);
  const pairs = confusionPairs(acc, 5);
  assert.equal(pairs.length, 1);
  assert.deepEqual([pairs[0]!.label, pairs[0]!.predicted, pairs[0]!.count, pairs[0]!.examples.length], ['a', 'b', 2, 1]);
  // Equal F1: the entry with more support comes first.
  assert.deepEqual(worstEntries(entries, 2).map((e) => e.id), ['a', 'b']);
});

test('merging accumulators equals accumulating everything at once', () => {
  const arb = fc.array(
    fc.record({
      label: fc.constantFrom('a', 'b', 'c', '__none__'),
      decision: fc.constantFrom('answer', 'clarify', 'handoff') as fc.Arbitrary<TurnOutcome['decision']>,
      top: fc.shuffledSubarray(['a', 'b', 'c', 'd']),
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
      traditional: fc.boolean(),
      first: fc.boolean(),
    }),
    { maxLength: 60 },
  );
  fc.assert(
    fc.property(arb, fc.nat(60), (items, cut) => {
      const outs = items.map((it, i) => ({ ...outcome(it.label, it.decision, it.top, { confidence: it.confidence, traditional: it.traditional, first: it.first }), ordinal: i }));
      const opts = { examplesPerPair: 2, wrongTurns: 3, recordTurns: true };
      const whole = createAccumulator(opts);
      outs.forEach((o) => addOutcome(whole, o));
      const left = createAccumulator(opts);
      const right = createAccumulator(opts);
      outs.forEach((o, i) => addOutcome(i < cut ? right : left, o));
      const merged = mergeAccumulators(left, right);
      merged.records.sort((x, y) => x.key.localeCompare(y.key));
      whole.records.sort((x, y) => x.key.localeCompare(y.key));
      // Sums of reciprocal ranks may differ in the last bit with the order of addition.
      const norm = (a: unknown) => JSON.parse(JSON.stringify(a, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v)));
      assert.deepEqual(norm(merged), norm(whole));
    }),
  );
});

test('calibration recommends the lowest answer threshold reaching the target precision', () => {
  const acc = createAccumulator();
  // Right answers at high confidence, out-of-scope turns at middling confidence.
  for (let i = 0; i < 19; i++) addOutcome(acc, outcome('a', 'answer', ['a'], { confidence: 0.8, second: 0.1 }));
  addOutcome(acc, outcome('__none__', 'answer', ['a'], { confidence: 0.7, second: 0.1 }));
  for (let i = 0; i < 5; i++) addOutcome(acc, outcome('__none__', 'answer', ['b'], { confidence: 0.5, second: 0.1 }));
  for (let i = 0; i < 3; i++) addOutcome(acc, outcome('c', 'clarify', ['d', 'c'], { confidence: 0.4, second: 0.38 }));
  const cal = calibrate(acc.histogram, { targetPrecision: 0.95 });
  assert.equal(cal.recommended?.answer, 0.51);
  assert.equal(cal.recommended?.answeredPrecision, 0.95);
  assert.equal(cal.recommended?.answerRate, Math.round((20 / 28) * 1e6) / 1e6);
  // Below 0.51 the band would hold five out-of-scope turns and three hits (3/8 < 0.5): no clarify band.
  assert.equal(cal.recommended?.suggest, 0.51);
  const lenient = calibrate(acc.histogram, { targetPrecision: 0.95, targetClarifyHit: 0.3 });
  assert.equal(lenient.recommended?.suggest, 0);
  const strict = calibrate(acc.histogram, { targetPrecision: 1 });
  assert.equal(strict.recommended?.answer, 0.71);
  const curve = thresholdCurve(acc.histogram);
  assert.equal(curve.length, 101);
  assert.equal(curve[0]!.answerRate, Math.round((25 / 28) * 1e6) / 1e6);
  assert.ok(curve.every((p, i) => i === 0 || p.answerRate <= curve[i - 1]!.answerRate));
  const none = calibrate(createAccumulator().histogram);
  assert.equal(none.recommended, undefined);
});

test('calibration compares the suggest threshold with the clarify confidence, not the top one', () => {
  const acc = createAccumulator();
  for (let i = 0; i < 10; i++) addOutcome(acc, outcome('a', 'answer', ['a'], { confidence: 0.9, second: 0.05, reach: 0.95 }));
  // Two entries near-tied at 0.3 each: the top alone is below a suggest threshold of 0.4, together 0.59.
  for (let i = 0; i < 4; i++) addOutcome(acc, outcome('b', 'clarify', ['c', 'b'], { confidence: 0.3, second: 0.29, reach: 0.59 }));
  // Clear of the margin but wrong at the top: answering them is what the answer threshold prevents.
  for (let i = 0; i < 4; i++) addOutcome(acc, outcome('b', 'clarify', ['c', 'b'], { confidence: 0.32, second: 0.2, reach: 0.52 }));
  const s = simulate(acc.histogram, 33, 40);
  assert.deepEqual({ answered: s.answered, correct: s.correct, clarify: s.clarify, hit: s.hit, handoff: s.handoff }, { answered: 10, correct: 10, clarify: 8, hit: 8, handoff: 0 });
  assert.equal(simulate(acc.histogram, 33, 53).clarify, 4, 'only the pair whose reach is 0.59 stays in the band');
  assert.equal(simulate(acc.histogram, 33, 60).handoff, 8);
  const cal = calibrate(acc.histogram, { targetPrecision: 0.95 });
  assert.equal(cal.recommended?.answer, 0.33);
  assert.equal(cal.recommended?.clarifyHitRate, 1);
});

test('scoreSession passes earlier turns as context and marks follow-ups', () => {
  const m = buildMatcher([entry('inv', '怎么开发票'), entry('ship', '什么时候发货')]);
  const acc = createAccumulator({ recordTurns: true });
  scoreSession(
    m,
    {
      file: 'l.jsonl',
      session: 's',
      turns: [
        { role: 'customer', text: '什么时候发货', turn: 1, label: 'ship', ordinal: 0 },
        { role: 'agent', text: '今天', turn: 2 },
        { role: 'customer', text: '發票呢', turn: 3, label: 'inv', ordinal: 1 },
        { role: 'customer', text: '转人工', turn: 4, label: '__none__', ordinal: 2 },
      ],
    },
    acc,
  );
  assert.equal(acc.sessions, 1);
  assert.equal(acc.contextTurns, 1);
  assert.equal(acc.position.first.n, 1);
  assert.equal(acc.position.followUp.n, 2);
  assert.equal(acc.script.traditional.n, 1);
  assert.equal(acc.histogram.forced, 1);
  assert.deepEqual(acc.records.map((r) => [r.key, r.outcome]), [
    ['l.jsonl:s:1', 'answered-right'],
    ['l.jsonl:s:3', 'answered-wrong'], // the short follow-up borrowed the first turn's words
    ['l.jsonl:s:4', 'handed-off-right'],
  ]);
});

test('buildResult groups by layer and category and keeps version 1', () => {
  const acc = createAccumulator({ recordTurns: true });
  addOutcome(acc, outcome('a', 'answer', ['a']));
  addOutcome(acc, outcome('b', 'answer', ['a']));
  addOutcome(acc, outcome('__none__', 'handoff', []));
  const r = buildResult(acc, {
    createdAt: '2024-01-01T00:00:00.000Z',
    knowledgeBase: { source: 'workspace', path: '.', entries: 2 },
    files: ['x.jsonl'],
    skippedUnknownLabels: 0,
    thresholds: { answer: 0.6, suggest: 0.35, margin: 0.05 },
    entryInfo: new Map([['a', { category: '售后/保修', layer: 'pack' }], ['b', { category: '物流', layer: 'merchant' }]]),
  });
  assert.equal(r.version, 1);
  assert.deepEqual(Object.keys(r.groups.layer), ['__none__', 'merchant', 'pack']);
  assert.deepEqual(Object.keys(r.groups.category), ['__none__', '售后', '物流']);
  assert.equal(r.groups.layer.merchant!.inScope.top1, 0);
  assert.equal(r.turns?.length, 3);
  assert.equal(r.wrongTurns.length, 1);
});

test('script check: Traditional only when a character converts', async () => {
  const { isTraditionalText } = await import('../../../src/eval/script.js');
  assert.equal(isTraditionalText('什么时候发货'), false);
  assert.equal(isTraditionalText('發票呢'), true);
  assert.equal(isTraditionalText('iPhone 16 還有庫存嗎'), true);
  assert.equal(isTraditionalText('hello'), false);
});

test('a handoff through a handoff entry predicts that entry and is right when it is the label', async () => {
  const { classifyOutcome } = await import('../../../src/eval/accumulator.js');
  const h = { decision: 'handoff' as const, entryId: 'chat.handoff.human', top: ['chat.handoff.human', 'x'] };
  assert.equal(predictionOf(h), 'chat.handoff.human');
  assert.equal(classifyOutcome({ ...h, label: 'chat.handoff.human' }, 3), 'handed-off-right');
  assert.equal(classifyOutcome({ ...h, label: 'x' }, 3), 'handed-off-miss');
  assert.equal(classifyOutcome({ ...h, label: '__none__' }, 3), 'handed-off-right');
  const acc = createAccumulator();
  addOutcome(acc, outcome('chat.handoff.human', 'handoff', ['chat.handoff.human'], { entryId: 'chat.handoff.human' }));
  addOutcome(acc, outcome('__none__', 'handoff', ['chat.handoff.human'], { entryId: 'chat.handoff.human' }));
  const s = summaryOf(acc);
  assert.equal(s.outOfScope.falseAnswerRate, 0, 'a handoff is never an answer to an out-of-scope turn');
  assert.equal(acc.byLabel['chat.handoff.human']!.predCorrect, 1);
});
