/** A realistic small eval result for report tests, built through the real pipeline with the fake matcher. */
import { createAccumulator } from '../../../src/eval/accumulator.js';
import { scoreSession } from '../../../src/eval/score.js';
import { buildResult, type EvalResult } from '../../../src/eval/result.js';
import { checkGates } from '../../../src/eval/gates.js';
import { buildMatcher, entry } from '../eval/fake-matcher.js';

export function sampleResult(): EvalResult {
  const entries = [
    entry('shop.invoice', '怎么开发票', ['发票怎么开', '能开专票吗'], { category: '购物/发票', source: { layer: 'pack', file: 'faqs/shopping.yaml' } }),
    entry('shop.ship', '什么时候发货', ['几时发货'], { category: '购物/物流', source: { layer: 'pack', file: 'faqs/shopping.yaml' } }),
    entry('my.return', '可以退货吗', ['七天无理由退货'], { category: '售后/退货' }),
  ];
  const m = buildMatcher(entries);
  const acc = createAccumulator({ recordTurns: true });
  const turns: [string, string][] = [
    ['发票怎么开', 'shop.invoice'],
    ['能開專票嗎', 'shop.invoice'],
    ['几时发货啊', 'shop.ship'],
    ['可以退货吗', 'my.return'],
    ['退货<运费>谁出 & 怎么算', 'my.return'],
    ['你们老板是谁', '__none__'],
    ['发货时间能开发票吗', 'shop.ship'],
  ];
  turns.forEach(([text, label], i) => scoreSession(m, { file: 'logs/a.jsonl', session: `s${i}`, turns: [{ role: 'customer', text, turn: 1, label, ordinal: i }] }, acc));
  const info = new Map(entries.map((e) => [e.id, { category: e.category, layer: e.source.layer }]));
  const r = buildResult(acc, {
    createdAt: '2024-05-01T00:00:00.000Z',
    knowledgeBase: { source: 'workspace', path: 'shop', entries: entries.length },
    files: ['logs/a.jsonl'],
    skippedUnknownLabels: 0,
    thresholds: { answer: 0.6, suggest: 0.35, margin: 0.05 },
    entryInfo: info,
    calibration: { targetPrecision: 0.9 },
  });
  r.gates = checkGates(r.summary, { minTop1: 0.99, maxFalseAnswerRate: 0.5 });
  return r;
}
