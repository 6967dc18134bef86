import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTranslator } from '../../../src/i18n/index.js';
import { EVAL_FORMAT_NAMES, formatFromFileName, renderEvalReport } from '../../../src/report/registry.js';
import { parseEvalResult } from '../../../src/eval/result.js';
import { sampleResult } from './eval-sample.js';

const t = createTranslator('en');

test('registry lists every format and guesses formats from file names', () => {
  assert.deepEqual(EVAL_FORMAT_NAMES, ['html', 'json', 'junit', 'markdown', 'text']);
  assert.equal(formatFromFileName('out/report.MD'), 'markdown');
  assert.equal(formatFromFileName('r.xml'), 'junit');
  assert.equal(formatFromFileName('r.bin'), undefined);
});

test('text summary fits one screen and names failed gates with figure and bound', () => {
  const text = renderEvalReport('text', sampleResult(), t);
  const lines = text.trimEnd().split('\n');
  assert.ok(lines.length <= 24, `${lines.length} lines`);
  assert.match(lines[0]!, /^kbt eval: 7 scored turns \(6 in scope, 1 out of scope\)/);
  assert.match(text, /✗ min-top1: inScope\.top1 0\.\d{3} < 0\.990/);
  assert.match(text, /✓ max-false-answer-rate/);
  assert.match(text, /1 gate\(s\) failed/);
  const zh = renderEvalReport('text', sampleResult(), createTranslator('zh-CN'));
  assert.match(zh, /范围内/);
});

test('JSON keeps the documented schema and loads back', () => {
  const json = renderEvalReport('json', sampleResult(), t);
  const back = parseEvalResult(json);
  assert.equal(back.version, 1);
  for (const k of ['turns', 'answerRate', 'answeredPrecision', 'clarifyRate', 'handoffRate']) assert.equal(typeof (back.summary as unknown as Record<string, unknown>)[k], 'number', k);
  for (const k of ['n', 'top1', 'top3', 'top5', 'mrr']) assert.equal(typeof (back.summary.inScope as unknown as Record<string, unknown>)[k], 'number', k);
  for (const k of ['n', 'falseAnswerRate', 'handoffRate']) assert.equal(typeof (back.summary.outOfScope as unknown as Record<string, unknown>)[k], 'number', k);
  assert.ok(back.summary.answerRate >= 0 && back.summary.answerRate <= 1);
  assert.equal(back.turns?.length, 7);
  assert.equal(back.turns?.[0]?.key, 'logs/a.jsonl:s0:1');
});

test('Markdown has a summary table, gates and breakdowns with escaped cells', () => {
  const md = renderEvalReport('markdown', sampleResult(), t);
  assert.match(md, /^## Knowledge-base evaluation — ❌ 1 gate\(s\) failed/);
  assert.match(md, /\| top-1 \| \d+\.\d%/);
  assert.match(md, /### By category/);
  assert.match(md, /\| 购物 \|/);
  assert.match(md, /- ❌ min-top1/);
  // Every table row has the same number of cells as its header.
  for (const block of md.split('\n\n')) {
    const rows = block.split('\n').filter((l) => l.startsWith('|'));
    if (rows.length > 0) assert.ok(rows.every((l) => l.split(/(?<!\\)\|/).length === rows[0]!.split(/(?<!\\)\|/).length), block);
  }
});

test('JUnit has one testcase per gate and per wrong turn, escaped', () => {
  const r = sampleResult();
  const xml = renderEvalReport('junit', r, t);
  const cases = xml.match(/<testcase /g) ?? [];
  assert.equal(cases.length, r.gates!.checks.length + r.wrongTurns.length);
  assert.match(xml, /<testcase classname="kbt.eval.gates" name="min-top1">\n\s+<failure message="min-top1: inScope.top1/);
  assert.ok(xml.includes('&lt;运费&gt;') || !r.wrongTurns.some((w) => w.text.includes('<')));
  assert.ok(!/<[^>]*<[^/!?]/.test(xml.replace(/\n/g, ' ').replace(/>[^<]*</g, '><')));
});

test('HTML is self-contained with three charts and a strict CSP', () => {
  const html = renderEvalReport('html', sampleResult(), t);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  assert.ok(!/\s(?:src|href)=["']?(?:https?:)?\/\//i.test(html), 'no external src/href');
  assert.ok(!/url\(/i.test(html), 'no CSS url()');
  for (const id of ['curve', 'heatmap', 'categories']) assert.match(html, new RegExp(`<svg class="chart" id="${id}"`));
  const curve = html.slice(html.indexOf('id="curve"'), html.indexOf('</svg>', html.indexOf('id="curve"')));
  assert.equal((curve.match(/<path /g) ?? []).length, 2);
  assert.match(curve, /d="M40\.0,/);
});
