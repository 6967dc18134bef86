/**
 * Scores a stream of sessions, in this thread or spread over worker threads (one per core). Sessions go
 * out in batches of whole sessions; each worker keeps its own accumulator, merged at the end, so the
 * result does not depend on how the work was split.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { InternalError } from '../errors.js';
import { createAccumulator, mergeAccumulators, type AccumulatorOptions, type EvalAccumulator } from './accumulator.js';
import type { EvalKnowledge } from './knowledge.js';
import { phrasingsOf } from '../model/types.js';
import { scoreSession, type EvalSession } from './score.js';
import type { FromWorker, ToWorker, WorkerStart } from './worker.js';

export interface ScoreOptions {
  /** Worker threads; 0 scores in this thread. */
  workers: number;
  accumulator: Partial<AccumulatorOptions>;
  /** Turns per batch sent to a worker. Default 2000. */
  batchTurns?: number;
  /** Called after each batch (or every 1000 sessions in-thread) with the turns scored so far. */
  onProgress?: (turns: number) => void;
}

/**
 * Starts the worker. From the build it is `worker.js`; when running from TypeScript sources (tests under
 * tsx) the worker first registers tsx's loader, which Node 20 does not carry into worker threads.
 */
function startWorker(workerData: WorkerStart, transferList: MessagePort[], heapMb: number): Worker {
  const common = { workerData, transferList, resourceLimits: { ...WORKER_LIMITS, maxOldGenerationSizeMb: heapMb } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), common);
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { ...common, eval: true });
}

/**
 * Start-up data per worker: the first one gets the recipe and a port to each other worker; the others get
 * the other end of their port, on which the first sends what it built (see worker.ts).
 */
function workerStarts(spec: NonNullable<EvalKnowledge['workerSpec']>, n: number, accumulator: Partial<AccumulatorOptions>): { data: WorkerStart; transfer: MessagePort[] }[] {
  const channels = Array.from({ length: Math.max(0, n - 1) }, () => new MessageChannel());
  const followers = channels.map((c) => c.port1);
  const first = { data: { module: spec.module, spec, followers, accumulator }, transfer: followers };
  return [first, ...channels.map((c) => ({ data: { module: spec.module, specPort: c.port2, accumulator }, transfer: [c.port2] }))];
}

/**
 * A small young generation per worker: the matcher's garbage is short-lived, and with one isolate per core
 * the default semi-spaces add up to tens of megabytes of resident memory for little speed (measured on a
 * million turns of the 3C pack: 8 MB instead of 16 took 30 MB less at peak for 2% more CPU time).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

/**
 * Old-generation cap of a worker, from the size of the knowledge base. Left alone, each worker's heap grows
 * to several times what it holds (batches outlive the young generation and V8 collects lazily), which on
 * the 3C pack made two workers take 500 MB; capped, V8 collects sooner. A loaded index holds about 1.5 KB
 * per phrasing and a full build (analysis, ranker training) peaks near 6 KB, so 96 MB plus 6 KB per
 * phrasing leaves room for either.
 */
export function workerHeapLimitMb(spec: NonNullable<EvalKnowledge['workerSpec']>): number {
  let phrasings = 0;
  if (spec.kind === 'build') for (const e of spec.entries) phrasings += phrasingsOf(e).length;
  else {
    const text = (spec.index as { phrasings?: { text?: unknown } } | undefined)?.phrasings?.text;
    phrasings = Array.isArray(text) ? text.length : 0;
  }
  return 96 + Math.ceil((phrasings * 6) / 1024);
}

export async function scoreSessions(sessions: AsyncIterable<EvalSession>, knowledge: EvalKnowledge, o: ScoreOptions): Promise<EvalAccumulator> {
  const spec = o.workers > 0 ? knowledge.workerSpec : undefined;
  if (!spec) return scoreInThread(sessions, knowledge, o);
  return scoreInWorkers(sessions, spec, o);
}

async function scoreInThread(sessions: AsyncIterable<EvalSession>, knowledge: EvalKnowledge, o: ScoreOptions): Promise<EvalAccumulator> {
  await knowledge.prepare?.();
  const matcher = knowledge.build();
  const acc = createAccumulator(o.accumulator);
  let turns = 0;
  let n = 0;
  for await (const s of sessions) {
    scoreSession(matcher, s, acc);
    for (const t of s.turns) if (t.ordinal !== undefined) turns++;
    if (++n % 1000 === 0) o.onProgress?.(turns);
  }
  o.onProgress?.(turns);
  return acc;
}

interface Slot {
  worker: Worker;
  inFlight: number;
  ready: Promise<void>;
}

async function scoreInWorkers(sessions: AsyncIterable<EvalSession>, spec: NonNullable<EvalKnowledge['workerSpec']>, o: ScoreOptions): Promise<EvalAccumulator> {
  const batchTurns = o.batchTurns ?? 2000;
  const maxInFlight = 2;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let done = 0;
  const results: EvalAccumulator[] = [];
  const slots: Slot[] = [];
  const heapMb = workerHeapLimitMb(spec);
  for (const start of workerStarts(spec, o.workers, o.accumulator)) {
    const worker = startWorker(start.data, start.transfer, heapMb);
    let markReady: () => void = () => {};
    const slot: Slot = { worker, inFlight: 0, ready: new Promise<void>((r) => (markReady = r)) };
    worker.on('message', (msg: FromWorker) => {
      if (msg.type === 'ready') markReady();
      else if (msg.type === 'done') {
        slot.inFlight--;
        done += msg.turns;
        o.onProgress?.(done);
      } else if (msg.type === 'result') results.push(msg.accumulator);
      else failure ??= new InternalError(`eval worker failed: ${msg.message}`);
      if (msg.type === 'error') markReady();
      notify();
    });
    worker.on('error', (err) => {
      failure ??= new InternalError(`eval worker failed: ${err.message}`, { cause: err });
      markReady();
      notify();
    });
    worker.on('exit', (code) => {
      if (code !== 0) failure ??= new InternalError(`eval worker exited with code ${code}`);
      notify();
    });
    slots.push(slot);
  }
  const waitFor = async (cond: () => boolean) => {
    while (!cond() && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
  };
  let nextId = 0;
  const send = async (batch: EvalSession[]) => {
    await waitFor(() => slots.some((s) => s.inFlight < maxInFlight));
    const slot = slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    slot.inFlight++;
    slot.worker.postMessage({ type: 'batch', id: nextId++, sessions: batch } satisfies ToWorker);
  };
  try {
    await Promise.all(slots.map((s) => s.ready));
    if (failure) throw failure;
    let batch: EvalSession[] = [];
    let size = 0;
    for await (const s of sessions) {
      if (failure) throw failure;
      batch.push(s);
      size += s.turns.length;
      if (size >= batchTurns) {
        await send(batch);
        batch = [];
        size = 0;
      }
    }
    if (batch.length > 0) await send(batch);
    await waitFor(() => slots.every((s) => s.inFlight === 0));
    for (const s of slots) s.worker.postMessage({ type: 'finish' } satisfies ToWorker);
    await waitFor(() => results.length === slots.length);
  } finally {
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
  const [first, ...rest] = results;
  return rest.reduce((acc, r) => mergeAccumulators(acc, r), first!);
}
