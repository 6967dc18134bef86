/**
 * `kbt build`: the whole pipeline for CI and `npm start`: import → merge with packs → validate → eval
 * (with its gates) → export. Each step reports progress; a failed step stops the run before the bundle is
 * written, so the previous bundle stays in place.
 */
import { ValidationFailedError } from '../bundle/errors.js';
import { DiagnosticsError } from '../errors.js';
import type { EvalResult } from '../eval/result.js';
import { knowledgeFromEntries } from '../eval/knowledge.js';
import { createTranslator, type Translate } from '../i18n/index.js';
import { countBySeverity, type Diagnostic } from '../model/diagnostic.js';
import { formatEvalText } from '../report/eval-text.js';
import { loadKnowledgeBase } from '../workspace/knowledge-base.js';
import { toDisplayPath } from '../workspace/paths.js';
import { openWorkspace } from '../workspace/workspace.js';
import { runEval } from './eval.js';
import { exportBundle, type ExportOptions, type ExportResult } from './export.js';
import { importSources, type ImportResult } from './import.js';
import { validate } from './validate.js';
import { kib } from '../bundle/report.js';

/** The export's options that `kbt build` passes through; build itself adds the import, validate and eval steps. */
export type BuildOptions = Pick<ExportOptions, 'cwd' | 'workspace' | 'out' | 'format' | 'bundleVersion' | 't' | 'onProgress' | 'now'>;

export interface BuildResult {
  version: 1;
  /** True when every step passed and the bundle was written. */
  passed: boolean;
  import?: ImportResult;
  entries: { total: number; pack: number; merchant: number };
  validation: { errors: number; warnings: number; warningList: Diagnostic[] };
  /** Absent when kbt.yaml names no chat logs. */
  eval?: { turns: number; top1: number; falseAnswerRate: number; gatesPassed?: boolean; runId?: number };
  /** Absent when a gate failed. */
  bundle?: ExportResult;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export async function build(options: BuildOptions): Promise<BuildResult> {
  const t = options.t ?? createTranslator('en');
  const progress = options.onProgress ?? (() => {});
  const ws = openWorkspace(options.cwd, options.workspace, t);
  const common = { cwd: options.cwd, workspace: options.workspace, t };

  let imported: ImportResult | undefined;
  if (ws.config.sources.length > 0) {
    progress(t('build.progress.import'));
    try {
      imported = await importSources({ ...common, now: options.now });
    } catch (err) {
      // Findings in the sources fail the build like validation findings do (exit 1), not as a usage error.
      if (err instanceof DiagnosticsError) throw new ValidationFailedError(err.message, err.diagnostics, { hint: err.hint });
      throw err;
    }
    const s = imported.files.reduce((n, f) => ({ ...n, [f.status]: n[f.status] + 1 }), { added: 0, changed: 0, removed: 0, unchanged: 0 });
    progress(t('build.imported', { files: imported.files.length, ...s }));
  }

  progress(t('build.progress.merge'));
  const kb = await loadKnowledgeBase(common);
  const pack = kb.entries.filter((e) => e.source.layer === 'pack').length;
  const entries = { total: kb.entries.length, pack, merchant: kb.entries.length - pack };
  progress(t('build.merged', { entries: entries.total, pack: entries.pack, merchant: entries.merchant }));

  progress(t('build.progress.validate'));
  const checked = await validate(common);
  const counts = countBySeverity(checked.diagnostics);
  progress(t('build.validated', counts));
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new ValidationFailedError(t('export.invalid', { count: errors.length }), errors, { hint: t('export.invalidHint') });
  const validation = { ...counts, warningList: checked.diagnostics.filter((d) => d.severity === 'warning') };

  let evalSummary: BuildResult['eval'];
  if (ws.config.chatlogs.length > 0) {
    progress(t('build.progress.eval'));
    const knowledge = await knowledgeFromEntries({ source: 'workspace', path: kb.root, entries: kb.entries, lexicon: kb.lexicon, thresholds: kb.config.thresholds });
    const out = await runEval({ ...common, knowledge, formats: ['text'], label: 'kbt build', now: options.now });
    const r: EvalResult = out.result;
    progress(formatEvalText(r, t).trimEnd());
    evalSummary = {
      turns: r.summary.turns,
      top1: r.summary.inScope.top1,
      falseAnswerRate: r.summary.falseAnswerRate,
      ...(r.gates ? { gatesPassed: r.gates.passed } : {}),
      ...(out.runId !== undefined ? { runId: out.runId } : {}),
    };
    if (r.gates && !r.gates.passed) {
      return { version: 1, passed: false, ...(imported ? { import: imported } : {}), entries, validation, eval: evalSummary };
    }
  } else progress(t('build.progress.noLogs'));

  progress(t('build.progress.export'));
  const bundle = await exportBundle({
    ...common,
    out: options.out,
    format: options.format,
    bundleVersion: options.bundleVersion,
    skipValidation: true,
    knowledgeBase: kb,
    now: options.now,
  });
  progress(t('export.done', { path: toDisplayPath(options.cwd, bundle.path), format: bundle.format, size: kib(bundle.bytes) }));
  return { version: 1, passed: true, ...(imported ? { import: imported } : {}), entries, validation, ...(evalSummary ? { eval: evalSummary } : {}), bundle };
}

/** The final summary lines of a build (stdout). */
export function formatBuild(r: BuildResult, cwd: string, t: Translate): string {
  if (!r.bundle) return `${t('build.gatesFailed')}\n`;
  const m = r.bundle.manifest;
  return [
    t('build.summary', {
      name: m.name,
      version: m.version,
      entries: m.counts.entries,
      accuracy: r.eval ? `${pct(r.eval.top1)} top-1` : t('build.noAccuracy'),
      path: toDisplayPath(cwd, r.bundle.path),
    }),
    t('build.summaryHash', { hash: m.contentHash }),
    '',
  ].join('\n');
}
