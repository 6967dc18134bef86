import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreSessions } from '../../../src/eval/parallel.js';
import type { EvalKnowledge } from '../../../src/eval/knowledge.js';
import type { EvalSession } from '../../../src/eval/score.js';
import { buildMatcher, entry } from './fake-matcher.js';

const entries = [entry('inv', '怎么开发票', ['发票怎么开']), entry('ship', '什么时候发货', ['几时发货']), entry('ret', '可以退货吗', ['七天无理由退货'])];
const knowledge: EvalKnowledge = {
  source: 'workspace',
  path: '.',
  entries,
  thresholds: { answer: 0.6, suggest: 0.35, margin: 0.05 },
  build: (es) => buildMatcher(es ?? entries),
  workerSpec: { kind: 'build', module: new URL(import.meta.url.endsWith('.ts') ? './fake-matcher.ts' : './fake-matcher.js', import.meta.url).href, entries, lexicon: { synonyms: [], models: [], patterns: [], stopwords: [], words: [] }, options: {} },
};

async function* sessions(n: number): AsyncGenerator<EvalSession> {
  const texts = [['发票怎么开', 'inv'], ['几时能发货', 'ship'], ['能退货吗', 'ret'], ['你们几点下班', '__none__'], ['发票', 'inv']] as const;
  let ordinal = 0;
  for (let i = 0; i < n; i++) {
    const [a, la] = texts[i % texts.length]!;
    const [b, lb] = texts[(i * 7 + 3) % texts.length]!;
    yield { file: 'gen.jsonl', session: `s${i}`, turns: [
      { role: 'customer', text: a, turn: 1, label: la, ordinal: ordinal++ },
      { role: 'agent', text: '好的', turn: 2 },
      { role: 'customer', text: b, turn: 3, label: lb, ordinal: ordinal++ },
    ] };
  }
}

test('workers give the same accumulator as scoring in this thread', async () => {
  const opts = { accumulator: { recordTurns: true, wrongTurns: 5 }, batchTurns: 30 };
  const single = await scoreSessions(sessions(200), knowledge, { ...opts, workers: 0 });
  let progress = 0;
  const multi = await scoreSessions(sessions(200), knowledge, { ...opts, workers: 2, onProgress: (n) => (progress = n) });
  assert.equal(progress, 400);
  const norm = (a: typeof single) => JSON.parse(JSON.stringify({ ...a, records: [...a.records].sort((x, y) => x.key.localeCompare(y.key)) }, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v)));
  assert.deepEqual(norm(multi), norm(single));
  assert.equal(single.sessions, 200);
  assert.equal(single.byLabel.inv!.n + single.byLabel.ship!.n + single.byLabel.ret!.n + single.byLabel.__none__!.n, 400);
});

test('a failing worker surfaces as an error', async () => {
  const broken: EvalKnowledge = { ...knowledge, workerSpec: { kind: 'build', module: 'file:///nonexistent/matcher.js', entries, lexicon: { synonyms: [], models: [], patterns: [], stopwords: [], words: [] }, options: {} } };
  await assert.rejects(scoreSessions(sessions(5), broken, { workers: 1, accumulator: {} }), /eval worker failed/);
});

test('with the real matcher, workers that load the first worker\'s exported index score like one thread', async () => {
  const { ENTRIES, LEXICON } = await import('../match/fixture.js');
  const { knowledgeFromEntries } = await import('../../../src/eval/knowledge.js');
  const real = await knowledgeFromEntries({ source: 'workspace', path: '.', entries: ENTRIES, lexicon: LEXICON, thresholds: { answer: 0.6, suggest: 0.35, margin: 0.05 } });
  assert.equal(real.workerSpec?.kind, 'build');
  const texts = ENTRIES.flatMap((e) => [e.question, ...e.similar].map((t) => [t, e.id] as const));
  async function* realSessions(): AsyncGenerator<EvalSession> {
    let ordinal = 0;
    for (let i = 0; i < 120; i++) {
      const [a, la] = texts[i % texts.length]!;
      const [b, lb] = texts[(i * 5 + 2) % texts.length]!;
      yield { file: 'real.jsonl', session: `r${i}`, turns: [
        { role: 'customer', text: a, turn: 1, label: la, ordinal: ordinal++ },
        { role: 'customer', text: `那${b}呢`, turn: 2, label: lb, ordinal: ordinal++ },
      ] };
    }
  }
  const opts = { accumulator: { recordTurns: true }, batchTurns: 20 };
  const single = await scoreSessions(realSessions(), real, { ...opts, workers: 0 });
  const multi = await scoreSessions(realSessions(), real, { ...opts, workers: 3 });
  const norm = (a: typeof single) => JSON.parse(JSON.stringify({ ...a, records: [...a.records].sort((x, y) => x.key.localeCompare(y.key)) }, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v)));
  assert.deepEqual(norm(multi), norm(single));
  assert.equal(single.records.length, 240);
});

test('worker heap cap grows with the knowledge base, for a recipe to build or an index to load', async () => {
  const { workerHeapLimitMb } = await import('../../../src/eval/parallel.js');
  const lexicon = { synonyms: [], models: [], patterns: [], stopwords: [], words: [] };
  const small = workerHeapLimitMb({ kind: 'build', module: 'x', entries, lexicon, options: {} });
  const many = Array.from({ length: 2000 }, (_, i) => entry(`e${i}`, `问题${i}`, ['说法一', '说法二', '说法三', '说法四']));
  const big = workerHeapLimitMb({ kind: 'build', module: 'x', entries: many, lexicon, options: {} });
  assert.ok(small >= 96 && small < 100, `small ${small}`);
  assert.equal(big, 96 + Math.ceil((10_000 * 6) / 1024));
  const index = workerHeapLimitMb({ kind: 'index', module: 'x', index: { phrasings: { text: new Array(10_000).fill('') } }, options: {} });
  assert.equal(index, big);
  assert.equal(workerHeapLimitMb({ kind: 'index', module: 'x', index: {}, options: {} }), 96);
});
