/**
 * Robustness report: how much accuracy Traditional and typo text lose against clean Simplified text.
 *
 *   npx tsx scripts/report-accuracy.ts [--seed 1] [--out tmp/variants] [--sets pack,pc-store,bq-weibank-dev,lcqmc-dev]
 *                                      [--datasets DIR] [--json] [--breakdown]
 *
 * For each set it writes the clean / traditional / typo variants of the set's chat logs (scripts/make-variants.ts),
 * then runs the real CLI, `node bin/kbt.js eval … --format json`, once per variant against the set's workspace:
 *
 *   pack            packs/3c-digital/eval/*.jsonl against a fresh `kbt init --pack 3c-digital` workspace with
 *                   no merchant files
 *   pc-store        examples/pc-store/logs/*.jsonl against a copy of examples/pc-store after `kbt import`
 *                   (a copy, so the example's own store is left alone)
 *   bq-weibank-dev, lcqmc-dev
 *                   <datasets>/<name>/chatlogs.jsonl against a `kbt init --no-pack` workspace with the set's
 *                   faqs.jsonl imported
 *
 * The table lists in-scope top-1 and top-3, the in-scope answer rate (answered or tutorial), the false-answer
 * rate on `__none__` turns, and each variant's difference from clean in points. A variant is flagged when its
 * top-1 or top-3 is more than 3 points below clean, or its false-answer rate more than 3 points above.
 * `--breakdown` adds one row per kind of typo corruption alone (typo:homophone, typo:space, …), same seed and
 * rate, so a kind alone lands on more characters than in the mix: rows show which kind hurts, not a sum.
 * Exit status: 0, or 1 when a variant is flagged.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { CORRUPTIONS, VARIANTS, makeVariants, writeVariants } from './make-variants.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'kbt.js');
/** Largest drop (points) a variant may show against clean before it is flagged. */
const TOLERANCE_POINTS = 3;

interface Metrics {
  inScope: number;
  outOfScope: number;
  top1: number;
  top3: number;
  answerRate: number;
  falseAnswerRate: number;
}

interface Row extends Metrics {
  set: string;
  /** clean, traditional, typo, or `typo:<kind>` for one kind of corruption alone (--breakdown). */
  variant: string;
  flags: string[];
}

interface EvalJson {
  summary: { inScope: { n: number; top1: number; top3: number }; outOfScope: { n: number; falseAnswerRate: number } };
  turns: { label: string; decision: string }[];
}

function kbt(args: string[], cwd = root): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', LANG: 'C' },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function must(args: string[], what: string): void {
  const r = kbt(args);
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): kbt ${args.join(' ')}\n${r.stdout}${r.stderr}`);
}

function jsonlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f));
}

/** Runs `kbt eval` on one variant's files; gate failures (exit 1) still give a report. */
function evaluate(workspace: string, files: string[], outFile: string): Metrics {
  const r = kbt(['eval', ...files, '--workspace', workspace, '--format', 'json', '--out', outFile, '--no-save']);
  if ((r.code !== 0 && r.code !== 1) || !existsSync(outFile)) {
    throw new Error(`kbt eval failed (exit ${r.code}) on ${files.join(' ')}\n${r.stdout}${r.stderr}`);
  }
  const json = JSON.parse(readFileSync(outFile, 'utf8')) as EvalJson;
  const inScopeTurns = json.turns.filter((t) => t.label !== '__none__');
  const answered = inScopeTurns.filter((t) => t.decision === 'answer' || t.decision === 'tutorial').length;
  return {
    inScope: json.summary.inScope.n,
    outOfScope: json.summary.outOfScope.n,
    top1: json.summary.inScope.top1,
    top3: json.summary.inScope.top3,
    answerRate: inScopeTurns.length ? answered / inScopeTurns.length : 0,
    falseAnswerRate: json.summary.outOfScope.falseAnswerRate,
  };
}

interface SetSpec {
  name: string;
  logs: string[];
  /** Makes the workspace to evaluate against, under `dir`; returns its path. */
  workspace(dir: string): string;
}

function setSpecs(datasets: string | undefined): SetSpec[] {
  const specs: SetSpec[] = [
    {
      name: 'pack',
      logs: jsonlFiles(join(root, 'packs', '3c-digital', 'eval')),
      workspace(dir) {
        const ws = join(dir, 'workspace');
        must(['init', ws, '--pack', '3c-digital'], 'kbt init');
        return ws;
      },
    },
    {
      name: 'pc-store',
      logs: jsonlFiles(join(root, 'examples', 'pc-store', 'logs')),
      workspace(dir) {
        const ws = join(dir, 'workspace');
        const src = join(root, 'examples', 'pc-store');
        cpSync(src, ws, { recursive: true, filter: (p) => !/[/\\](\.kbt|dist|reports)$/.test(p) });
        must(['import', '--workspace', ws], 'kbt import');
        return ws;
      },
    },
  ];
  // Public research sets (BQ, LCQMC) in kbt's JSONL form, when a folder holding them is given.
  for (const name of datasets === undefined ? [] : ['bq-weibank-dev', 'lcqmc-dev']) {
    const base = join(datasets!, name);
    specs.push({
      name,
      logs: [join(base, 'chatlogs.jsonl')],
      workspace(dir) {
        const ws = join(dir, 'workspace');
        must(['init', ws, '--no-pack'], 'kbt init');
        cpSync(join(base, 'faqs.jsonl'), join(ws, 'faqs', 'faqs.jsonl'));
        must(['import', '--workspace', ws], 'kbt import');
        return ws;
      },
    });
  }
  return specs;
}

function flagsFor(m: Metrics, clean: Metrics): string[] {
  const flags: string[] = [];
  const pts = (x: number) => x * 100;
  if (pts(clean.top1 - m.top1) > TOLERANCE_POINTS) flags.push('top-1');
  if (pts(clean.top3 - m.top3) > TOLERANCE_POINTS) flags.push('top-3');
  if (pts(m.falseAnswerRate - clean.falseAnswerRate) > TOLERANCE_POINTS) flags.push('false-answer');
  return flags;
}

/** Fixed-width table; differences in points, signed. Pure. */
export function formatTable(rows: Row[]): string {
  const byKey = new Map(rows.map((r) => [`${r.set}/${r.variant}`, r]));
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const delta = (x: number, c: number) => {
    const d = (x - c) * 100;
    return `${d >= 0 ? '+' : ''}${d.toFixed(1)}`;
  };
  const header = ['set', 'variant', 'n in/out', 'top-1', 'Δ', 'top-3', 'Δ', 'answer', 'Δ', 'false-ans', 'Δ', 'flag'];
  const body = rows.map((r) => {
    const c = byKey.get(`${r.set}/clean`) ?? r;
    return [
      r.set,
      r.variant,
      `${r.inScope}/${r.outOfScope}`,
      pct(r.top1),
      r.variant === 'clean' ? '' : delta(r.top1, c.top1),
      pct(r.top3),
      r.variant === 'clean' ? '' : delta(r.top3, c.top3),
      pct(r.answerRate),
      r.variant === 'clean' ? '' : delta(r.answerRate, c.answerRate),
      pct(r.falseAnswerRate),
      r.variant === 'clean' ? '' : delta(r.falseAnswerRate, c.falseAnswerRate),
      r.flags.length ? `✗ ${r.flags.join(',')}` : r.variant === 'clean' ? '' : 'ok',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n') + '\n';
}

function main() {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'tmp/variants' },
      sets: { type: 'string' },
      datasets: { type: 'string' },
      json: { type: 'boolean' },
      breakdown: { type: 'boolean' },
    },
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) {
    console.error('--seed must be an integer');
    process.exit(2);
  }
  if (!existsSync(join(root, 'dist', 'src', 'main.js'))) {
    console.error('build first: npm run build');
    process.exit(2);
  }
  const out = resolve(root, values.out!);
  const wanted = values.sets?.split(',').map((s) => s.trim());
  const specs = setSpecs(values.datasets === undefined ? undefined : resolve(values.datasets)).filter((s) => !wanted || wanted.includes(s.name));
  const rows: Row[] = [];
  for (const spec of specs) {
    if (spec.logs.length === 0 || !spec.logs.every((f) => existsSync(f))) {
      console.error(`skipping ${spec.name}: no chat logs at ${spec.logs.join(' ') || '(none)'}`);
      continue;
    }
    const dir = join(out, spec.name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files = writeVariants(spec.logs, dir, seed);
    const ws = spec.workspace(dir);
    const runs: [string, string[]][] = VARIANTS.map((v) => [v, files[v]]);
    if (values.breakdown) {
      // Each kind of corruption alone, over the same clean text and seed, to show which one costs most.
      for (const kind of CORRUPTIONS) {
        const kindDir = join(dir, `typo-${kind}`);
        mkdirSync(kindDir, { recursive: true });
        const kindFiles = spec.logs.map((log) => {
          const path = join(kindDir, basename(log));
          writeFileSync(path, makeVariants(readFileSync(log, 'utf8'), seed, { kinds: [kind] }).typo);
          return path;
        });
        runs.push([`typo:${kind}`, kindFiles]);
      }
    }
    let clean: Metrics | undefined;
    for (const [variant, variantFiles] of runs) {
      process.stderr.write(`${spec.name}/${variant}: kbt eval ${variantFiles.length} file(s)\n`);
      const m = evaluate(ws, variantFiles, join(dir, `eval-${variant.replace(':', '-')}.json`));
      clean ??= m;
      rows.push({ set: spec.name, variant, ...m, flags: variant === 'clean' ? [] : flagsFor(m, clean) });
    }
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ seed, tolerancePoints: TOLERANCE_POINTS, rows }, null, 2)}\n`);
  else {
    process.stdout.write(`seed ${seed}; Δ in points against clean; flagged when more than ${TOLERANCE_POINTS} points worse\n\n`);
    process.stdout.write(formatTable(rows));
  }
  process.exit(rows.some((r) => r.flags.length > 0) ? 1 : 0);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) main();
