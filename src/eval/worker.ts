/**
 * Eval worker thread: builds the matcher once, scores the session batches it is sent into its own
 * accumulator, and hands the accumulator back when told to finish.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Matcher } from '../match/types.js';
import { createAccumulator, type AccumulatorOptions } from './accumulator.js';
import type { WorkerMatcherSpec } from './knowledge.js';
import { scoreSession, type EvalSession } from './score.js';

export type ToWorker = { type: 'batch'; id: number; sessions: EvalSession[] } | { type: 'finish' };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; id: number; turns: number }
  | { type: 'result'; accumulator: ReturnType<typeof createAccumulator> }
  | { type: 'error'; message: string; stack?: string };

interface MatcherModule {
  buildMatcher(entries: unknown, lexicon: unknown, options: unknown): Matcher;
  loadMatcherFromIndex?(index: unknown, options: unknown): Matcher;
}

const data = workerData as { spec: WorkerMatcherSpec; accumulator: Partial<AccumulatorOptions> };
const port = parentPort!;

async function start(): Promise<void> {
  const mod = (await import(data.spec.module)) as MatcherModule;
  const spec = data.spec;
  const matcher =
    spec.kind === 'index'
      ? mod.loadMatcherFromIndex!(spec.index, spec.options)
      : mod.buildMatcher(spec.entries, spec.lexicon, spec.options);
  const acc = createAccumulator(data.accumulator);
  port.on('message', (msg: ToWorker) => {
    try {
      if (msg.type === 'batch') {
        let turns = 0;
        for (const s of msg.sessions) {
          scoreSession(matcher, s, acc);
          for (const t of s.turns) if (t.ordinal !== undefined) turns++;
        }
        port.postMessage({ type: 'done', id: msg.id, turns } satisfies FromWorker);
      } else {
        port.postMessage({ type: 'result', accumulator: acc } satisfies FromWorker);
      }
    } catch (err) {
      port.postMessage({ type: 'error', message: (err as Error).message, stack: (err as Error).stack } satisfies FromWorker);
    }
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}

start().catch((err: Error) => port.postMessage({ type: 'error', message: err.message, stack: err.stack } satisfies FromWorker));
