import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkGates } from '../../../src/eval/gates.js';
import { diffTurns } from '../../../src/eval/diff.js';
import { crossValidate, planFolds } from '../../../src/eval/cv.js';
import { groupMetrics } from '../../../src/eval/metrics.js';
import { emptyCounts, type TurnRecord } from '../../../src/eval/accumulator.js';
import { parseEvalResult, EvalResultFormatError } from '../../../src/eval/result.js';
import { buildMatcher, entry } from './fake-matcher.js';

function summary(top1: number, precision: number, falseAnswers: number) {
  const c = { ...emptyCounts(), n: 100, inN: 100, top1, top3: top1, rr: top1, answered: 100, answeredCorrect: Math.round(precision * 100) };
  const s = groupMetrics(c);
  return { ...s, falseAnswerRate: falseAnswers };
}

test('absolute gates name the figure and the bound', () => {
  const r = checkGates(summary(80, 0.9, 0.1), { minTop1: 0.85, minPrecision: 0.9, maxFalseAnswerRate: 0.05 });
  assert.equal(r.passed, false);
  assert.deepEqual(r.checks.map((c) => [c.name, c.actual, c.bound, c.passed]), [
    ['min-top1', 0.8, 0.85, false],
    ['min-precision', 0.9, 0.9, true],
    ['max-false-answer-rate', 0.1, 0.05, false],
  ]);
  assert.equal(checkGates(summary(80, 0.9, 0.1), {}).passed, true);
});

test('baseline gates fail only beyond the tolerance', () => {
  const before = summary(80, 0.9, 0.1);
  assert.equal(checkGates(summary(80, 0.9, 0.1), { baseline: before }).passed, true);
  const slight = checkGates(summary(80, 0.9, 0.104), { baseline: before, tolerance: 0.005 });
  assert.equal(slight.passed, true);
  const drop = checkGates(summary(79, 0.9, 0.1), { baseline: before, tolerance: 0.005 });
  assert.equal(drop.passed, false);
  const failed = drop.checks.filter((c) => !c.passed).map((c) => c.name);
  assert.deepEqual(failed, ['baseline:inScope.top1', 'baseline:inScope.top3', 'baseline:inScope.mrr']);
  assert.equal(drop.checks[0]!.baseline, 0.8);
});

test('diff sorts turns into fixed, broken and changed answers', () => {
  const rec = (key: string, outcome: TurnRecord['outcome'], entryId?: string): TurnRecord => ({ key, label: 'a', decision: entryId ? 'answer' : 'handoff', outcome, text: key, ...(entryId ? { entryId } : {}) });
  const before = [rec('f:1:1', 'answered-wrong', 'b'), rec('f:2:1', 'answered-right', 'a'), rec('f:3:1', 'answered-wrong', 'b'), rec('f:4:1', 'answered-right', 'a'), rec('f:9:1', 'handed-off-miss')];
  const after = [rec('f:1:1', 'answered-right', 'a'), rec('f:2:1', 'handed-off-miss'), rec('f:3:1', 'answered-wrong', 'c'), rec('f:4:1', 'answered-right', 'a'), rec('f:5:1', 'answered-right', 'a')];
  const d = diffTurns(before, after);
  assert.deepEqual(d.fixed.map((c) => c.key), ['f:1:1']);
  assert.deepEqual(d.broken.map((c) => c.key), ['f:2:1']);
  assert.deepEqual(d.changedAnswer.map((c) => [c.key, c.before.entryId, c.after.entryId]), [['f:3:1', 'b', 'c']]);
  assert.deepEqual([d.unchanged, d.added, d.removed], [1, 1, 1]);
});

test('folds hold every similar phrasing out exactly once, seeded', () => {
  const entries = [entry('a', '怎么开发票', ['发票怎么开', '能开发票吗', '要发票']), entry('b', '什么时候发货', ['几时发货', '发货时间']), entry('c', '你好')];
  const folds = planFolds(entries, 2, 7);
  const held = folds.flatMap((f) => f.queries.map((q) => q.text)).sort();
  assert.deepEqual(held, ['要发票', '几时发货', '发货时间', '发票怎么开', '能开发票吗'].sort());
  for (const f of folds) {
    for (const q of f.queries) assert.ok(!f.entries.find((e) => e.id === q.entryId)!.similar.includes(q.text));
  }
  assert.deepEqual(planFolds(entries, 2, 7), folds);
  const r = crossValidate(entries, (es) => buildMatcher(es), { k: 2, seed: 7 });
  assert.equal(r.folds.length, 2);
  assert.equal(r.folds.reduce((s, f) => s + f.turns, 0), 5);
  assert.ok(r.mean.top1 > 0 && r.mean.top1 <= 1);
  assert.ok(r.std.top1 >= 0);
});

test('result loader refuses unknown versions with the version found', () => {
  assert.throws(() => parseEvalResult('{"version":2,"summary":{}}'), (e: unknown) => e instanceof EvalResultFormatError && e.params.found === '2');
  assert.throws(() => parseEvalResult('nope'), (e: unknown) => e instanceof EvalResultFormatError && e.message === 'eval.result.badJson');
  assert.throws(() => parseEvalResult('{"version":1}'), (e: unknown) => e instanceof EvalResultFormatError && e.message === 'eval.result.notResult');
  const ok = parseEvalResult(JSON.stringify({ version: 1, summary: { inScope: {}, outOfScope: {} } }));
  assert.equal(ok.version, 1);
});
