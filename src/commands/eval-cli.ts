/**
 * The printing side of `kbt eval`: turns flags into options, shows progress on stderr, prints the summary
 * (ink on an interactive terminal, plain text otherwise) and sets exit code 1 when a gate fails.
 */
import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';
import { formatDiagnosticLines } from '../report/diagnostics.js';
import { EVAL_FORMATS } from '../report/registry.js';
import { formatEvalText } from '../report/eval-text.js';
import { runEval } from './eval.js';
import type { EvalResult } from '../eval/result.js';

/**
 * The coloured summary on a terminal, drawn to a string and written once: a live ink app would clear the
 * whole screen, scrollback too, whenever the summary is taller than the terminal.
 */
async function showSummary(ctx: CliContext, result: EvalResult): Promise<void> {
  const { renderEvalSummaryString } = await import('../ui/eval-summary.js');
  const columns = (process.stdout as { columns?: number }).columns ?? 120;
  ctx.stdout(`${renderEvalSummaryString(result, ctx.t, columns)}\n`);
}

/** Progress lines go out at most this often, and only once a run has lasted this long. */
const PROGRESS_MS = 2000;

export async function runEvalCli(ctx: CliContext, logs: string[], opts: Record<string, unknown>): Promise<void> {
  const t = ctx.t;
  const str = (k: string) => (typeof opts[k] === 'string' ? (opts[k] as string) : undefined);
  const num = (k: string) => (typeof opts[k] === 'number' ? (opts[k] as number) : undefined);
  if (str('outDir') && str('output') && str('outDir') !== str('output')) throw new UserError(t('eval.outConflict'));
  if (num('cv') !== undefined && !Number.isInteger(num('cv'))) throw new UserError(t('eval.cvBad'));
  const started = Date.now();
  let lastProgress = started;
  let shownProgress = false;
  const onProgress = (turns: number) => {
    const nowMs = Date.now();
    if (nowMs - lastProgress < PROGRESS_MS) return;
    lastProgress = nowMs;
    shownProgress = true;
    const rate = Math.round(turns / Math.max(0.001, (nowMs - started) / 1000));
    ctx.stderr(`${ctx.interactive ? '\r' : ''}${t('eval.progress', { turns: turns.toLocaleString('en-US'), rate: rate.toLocaleString('en-US') })}${ctx.interactive ? '' : '\n'}`);
  };
  const out = await runEval({
    cwd: ctx.cwd,
    workspace: str('workspace'),
    bundle: str('bundle'),
    logs,
    stdin: ctx.stdin,
    encoding: str('encoding'),
    formats: opts.format as string[] | undefined,
    out: str('out'),
    outDir: str('outDir') ?? str('output'),
    minTop1: num('minTop1'),
    minPrecision: num('minPrecision'),
    maxFalseAnswerRate: num('maxFalseAnswerRate'),
    baseline: str('baseline'),
    tolerance: num('tolerance'),
    diff: str('diff'),
    cv: num('cv'),
    seed: num('seed'),
    targetPrecision: num('targetPrecision'),
    apply: Boolean(opts.apply),
    allowUnknownLabels: Boolean(opts.allowUnknownLabels),
    workers: num('workers'),
    label: str('label'),
    save: opts.save !== false,
    t,
    onProgress,
  });
  if (shownProgress && ctx.interactive) ctx.stderr('\n');
  if (out.warnings.length > 0) ctx.stderr(`${formatDiagnosticLines(out.warnings, t).join('\n')}\n`);

  const toStdout = out.reports.filter((r) => r.text !== undefined);
  const machineOnStdout = toStdout.some((r) => EVAL_FORMATS[r.format].machine);
  for (const r of toStdout) {
    if (r.format === 'text' && ctx.interactive) await showSummary(ctx, out.result);
    else ctx.stdout(r.text!);
  }
  for (const r of out.reports) if (r.path) ctx.stderr(`${t('eval.written', { format: r.format, path: r.path })}\n`);
  // Reports went to files: still show the summary, unless stdout carries a machine format.
  if (toStdout.length === 0 && !machineOnStdout) {
    if (ctx.interactive) await showSummary(ctx, out.result);
    else ctx.stdout(formatEvalText(out.result, t));
  }
  if (opts.apply) {
    ctx.stderr(`${out.applied ? t('eval.applied', { answer: out.applied.answer, suggest: out.applied.suggest, file: out.applied.file }) : t('eval.applyNothing')}\n`);
  }
  if (out.result.gates && !out.result.gates.passed) ctx.exitCode = 1;
}
