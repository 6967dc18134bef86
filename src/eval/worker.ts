/**
 * Eval worker thread: gets its matcher once, scores the session batches it is sent into its own
 * accumulator, and hands the accumulator back when told to finish.
 *
 * The first worker builds the matcher from the recipe; when the recipe is a full build (analysis of every
 * phrasing, ranker training) it then sends its exported index to the other workers over their own message
 * ports, and they load it instead of building again: the same matcher, for a fraction of the time and
 * without a second build's garbage.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
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

/** What a worker starts with: a recipe to build from, or a port its recipe will arrive on. */
export interface WorkerStart {
  /** URL of the matcher module, imported while the recipe is on its way. */
  module: string;
  spec?: WorkerMatcherSpec;
  /** Set on followers: the first worker sends the index recipe here. */
  specPort?: MessagePort;
  /** Set on the first worker: one port per follower, to send the exported index to. */
  followers?: MessagePort[];
  accumulator: Partial<AccumulatorOptions>;
}

interface MatcherModule {
  buildMatcher(entries: unknown, lexicon: unknown, options: unknown): Matcher;
  loadMatcherFromIndex?(index: unknown, options: unknown): Matcher;
  exportMatcherIndex?(matcher: Matcher): unknown;
}

const data = workerData as WorkerStart;
const port = parentPort!;

function receiveSpec(p: MessagePort): Promise<WorkerMatcherSpec> {
  return new Promise((resolve) => {
    p.once('message', (spec: WorkerMatcherSpec) => {
      p.close();
      resolve(spec);
    });
  });
}

async function start(): Promise<void> {
  const modPromise = import(data.module) as Promise<MatcherModule>;
  const spec = data.spec ?? (await receiveSpec(data.specPort!));
  const mod = await modPromise;
  const matcher =
    spec.kind === 'index' ? mod.loadMatcherFromIndex!(spec.index, spec.options) : mod.buildMatcher(spec.entries, spec.lexicon, spec.options);
  const followers = data.followers ?? [];
  if (followers.length > 0) {
    const recipe: WorkerMatcherSpec =
      spec.kind === 'build' && mod.exportMatcherIndex && mod.loadMatcherFromIndex
        ? { kind: 'index', module: spec.module, index: mod.exportMatcherIndex(matcher), options: spec.options }
        : spec;
    for (const f of followers) {
      f.postMessage(recipe);
      f.close();
    }
  }
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
