/**
 * Eval throughput benchmark: generates a seeded labeled chat log against the bundled 3C pack (phrasings
 * reworded with fillers, Traditional variants, follow-ups, out-of-scope chatter and agent turns), then
 * runs the eval pipeline over it with one worker per core and reports turns per second and peak RSS.
 *
 * Run: `node --expose-gc dist/bench/eval.js [--turns N] [--workers N]`; writes the `eval` section of
 * bench/results.json.
 */
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { spawnSync } from 'node:child_process';
import { createTranslator } from '../src/i18n/index.js';
import { runEval } from '../src/commands/eval.js';
import { knowledgeFromEntries } from '../src/eval/knowledge.js';
import { seededRandom } from '../src/util/random.js';
import { NONE_LABEL, type Entry } from '../src/model/types.js';
import { loadPack } from '../src/workspace/packs.js';
import { bundledPacksRoot } from '../src/workspace/paths.js';

export interface EvalBenchResult {
  turns: number;
  seconds: number;
  turns_per_s: number;
  /** CPU time of the whole process (main thread and workers), user + system. */
  cpu_s: number;
  peak_rss_mb: number;
  workers: number;
  entries: number;
}

const FILLERS = ['', '', '', '亲，', '你好，', '请问', '麻烦问下，', '在吗 '];
const TAILS = ['', '', '', '？', '呢', '啊', '呀', '急', '谢谢'];
const NONE_TEXTS = ['你们老板是谁', '今天天气怎么样', '讲个笑话', '你是男的女的', '哈哈哈', '我想找个对象', '附近有什么好吃的', '股票明天会涨吗', '你几岁了', '晚上吃什么'];
const FOLLOW_UPS = ['那这个呢', '还有别的吗', '那要多久', '这个也一样吗'];
const TRAD: Record<string, string> = { 发: '發', 货: '貨', 票: '票', 么: '麼', 开: '開', 吗: '嗎', 这: '這', 个: '個', 时: '時', 间: '間', 换: '換', 退: '退', 修: '修', 们: '們', 买: '買', 电: '電', 脑: '腦', 显: '顯', 卡: '卡' };

function toTraditional(s: string): string {
  return [...s].map((c) => TRAD[c] ?? c).join('');
}

/**
 * Writes a JSONL log with at least `turns` labeled customer turns and returns the number written.
 * Sessions hold 1–4 customer turns, each usually followed by an agent turn.
 */
export async function writeBenchLog(path: string, entries: readonly Entry[], turns: number, seed: number): Promise<number> {
  const rnd = seededRandom(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const phrased = entries.filter((e) => e.enabled).map((e) => ({ id: e.id, texts: [e.question, ...e.similar] }));
  const out = createWriteStream(path);
  let written = 0;
  let session = 0;
  let buf = '';
  while (written < turns) {
    session++;
    const n = 1 + Math.floor(rnd() * 4);
    let turn = 0;
    for (let i = 0; i < n && written < turns; i++) {
      let text: string;
      let label: string;
      const r = rnd();
      if (r < 0.1) {
        text = pick(NONE_TEXTS);
        label = NONE_LABEL;
      } else if (r < 0.13 && i > 0) {
        text = pick(FOLLOW_UPS);
        label = NONE_LABEL;
      } else {
        const e = pick(phrased);
        text = `${pick(FILLERS)}${pick(e.texts)}${pick(TAILS)}`;
        if (rnd() < 0.15) text = toTraditional(text);
        label = e.id;
      }
      buf += `${JSON.stringify({ session: `s${session}`, turn: ++turn, role: 'customer', text, label })}\n`;
      written++;
      if (rnd() < 0.7) buf += `${JSON.stringify({ session: `s${session}`, turn: ++turn, role: 'agent', text: '好的，我帮您看一下' })}\n`;
    }
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return written;
}

export async function runEvalBench(options: { turns?: number; workers?: number; seed?: number } = {}): Promise<EvalBenchResult> {
  const t = createTranslator('en');
  const pack = await loadPack(join(bundledPacksRoot(), '3c-digital'), t);
  const thresholds = { answer: 0.6, suggest: 0.35, margin: 0.05 };
  const knowledge = await knowledgeFromEntries({ source: 'workspace', path: pack.dir, entries: pack.entries, lexicon: pack.lexicon, thresholds });
  const dir = mkdtempSync(join(tmpdir(), 'kbt-bench-eval-'));
  try {
    const log = join(dir, 'log.jsonl');
    const turns = await writeBenchLog(log, pack.entries, options.turns ?? 1_000_000, options.seed ?? 7);
    const workers = options.workers ?? availableParallelism();
    (globalThis as { gc?: () => void }).gc?.();
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const out = await runEval({ cwd: dir, bundle: 'bench', logs: [log], knowledge, workers, save: false, t, formats: ['text'] });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpu);
    if (out.result.summary.turns !== turns) throw new Error(`scored ${out.result.summary.turns} of ${turns} turns`);
    // maxRSS covers the whole process, worker threads included (kilobytes on Linux).
    const peak = process.resourceUsage().maxRSS / 1024;
    const cpuS = Math.round((used.user + used.system) / 1e4) / 100;
    return { turns, seconds: Math.round(seconds * 100) / 100, turns_per_s: Math.round(turns / seconds), cpu_s: cpuS, peak_rss_mb: Math.round(peak), workers, entries: pack.entries.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Merges `{ eval: … }` into bench/results.json, keeping other sections. */
export function recordEvalBench(result: EvalBenchResult, file = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../bench/results.json' : './results.json', import.meta.url))): void {
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  current.eval = { turns: result.turns, seconds: result.seconds, turns_per_s: result.turns_per_s, cpu_s: result.cpu_s, peak_rss_mb: result.peak_rss_mb };
  writeFileSync(file, `${JSON.stringify(current, null, 2)}\n`);
}

/**
 * The bench-registry section (bench/run.ts): runs the benchmark in a fresh process, so peak RSS is the
 * eval's own and not that of sections measured before it.
 */
export function runEvalBenchIsolated(): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--no-record'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`eval bench failed with exit code ${r.status}`);
  const result = (JSON.parse(r.stdout) as { eval: EvalBenchResult }).eval;
  return { turns: result.turns, seconds: result.seconds, turns_per_s: result.turns_per_s, cpu_s: result.cpu_s, peak_rss_mb: result.peak_rss_mb };
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const result = await runEvalBench({ turns: arg('--turns'), workers: arg('--workers') });
  if (!process.argv.includes('--no-record')) recordEvalBench(result);
  process.stdout.write(`${JSON.stringify({ eval: result }, null, 2)}\n`);
}
