/**
 * `kbt eval`: streams labeled chat logs through the matcher, computes the versioned result, checks gates,
 * writes reports and records the run. `kbt eval history` lists recorded runs.
 */
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { DiagnosticsError, UserError } from '../errors.js';
import { createTranslator, type Translate } from '../i18n/index.js';
import type { Gates } from '../model/config.js';
import { sortDiagnostics, type Diagnostic } from '../model/diagnostic.js';
import { NONE_LABEL, type Entry } from '../model/types.js';
import { groupSessions, readChatlog } from '../read/chatlog.js';
import { ENCODING_NAMES_FOR_HINT, resolveEncodingName } from '../read/encoding.js';
import { crossValidate } from '../eval/cv.js';
import { diffTurns } from '../eval/diff.js';
import { checkGates, type GateOptions } from '../eval/gates.js';
import { knowledgeFromEntries, matcherModuleUrl, type EvalKnowledge } from '../eval/knowledge.js';
import { scoreSessions } from '../eval/parallel.js';
import { buildResult, EvalResultFormatError, parseEvalResult, withoutTurns, type EvalResult } from '../eval/result.js';
import type { EvalSession, EvalTurn } from '../eval/score.js';
import { EVAL_FORMATS, formatFromFileName, isEvalFormat, renderEvalReport, type EvalFormatName } from '../report/registry.js';
import { loadKnowledgeBase } from '../workspace/knowledge-base.js';
import { CONFIG_FILE, toDisplayPath } from '../workspace/paths.js';
import { expandSources } from '../workspace/sources.js';
import { openStore, openWorkspace } from '../workspace/workspace.js';
import { makeDirs } from '../util/make-dirs.js';

/** Extensions accepted for chat logs (`x.jsonl.gz` ends in `.gz`). */
export const CHATLOG_EXTENSIONS = ['.jsonl', '.ndjson', '.json', '.csv', '.tsv', '.gz'];

/** Log size above which the default is one worker per core (below it, start-up costs more than it saves). */
const PARALLEL_BYTES = 4 * 1024 * 1024;

export interface EvalOptions {
  cwd: string;
  /** Workspace folder; default `.` unless a bundle is given. */
  workspace?: string;
  /** A compiled bundle to evaluate instead of a workspace (needs `knowledge` until bundles load here). */
  bundle?: string;
  /** Files, globs or `-` (stdin), relative to `cwd`; none: the `chatlogs` of kbt.yaml. */
  logs?: string[];
  stdin?: NodeJS.ReadableStream;
  /** Text encoding of every log (any name `kbt import --encoding` takes); default: detected per file. */
  encoding?: string;
  /** Report formats. Default `['text']`. */
  formats?: string[];
  /** Write the single format to this file. */
  out?: string;
  /** Write every format into this folder. */
  outDir?: string;
  minTop1?: number;
  minPrecision?: number;
  maxFalseAnswerRate?: number;
  /** Previous JSON result for regression gates. */
  baseline?: string;
  /** Largest drop allowed against the baseline. Default: kbt.yaml `gates.tolerance`, else 0.005. */
  tolerance?: number;
  /** Previous JSON result (with turns) to diff turn by turn. */
  diff?: string;
  /** Folds for cross-validation over the KB's own phrasings, 2–20. */
  cv?: number;
  /** Seed of the cross-validation split. Default 1. */
  seed?: number;
  /** Answered precision the recommendation aims for. Default 0.95. */
  targetPrecision?: number;
  /** Write the recommended thresholds into kbt.yaml. */
  apply?: boolean;
  allowUnknownLabels?: boolean;
  /** Worker threads; 0 scores in this thread. Default: one per core for logs over 4 MB. */
  workers?: number;
  label?: string;
  /** Record the run in the workspace history. Default true. */
  save?: boolean;
  t?: Translate;
  now?: () => Date;
  onProgress?: (turns: number) => void;
  /** The matcher and entries to evaluate, when they do not come from the workspace (bundles, tests). */
  knowledge?: EvalKnowledge;
}

export interface EvalReportOutput {
  format: EvalFormatName;
  /** Set when written to a file; otherwise the text is for stdout. */
  path?: string;
  text?: string;
}

export interface EvalOutput {
  result: EvalResult;
  reports: EvalReportOutput[];
  /** Problems that did not stop the run (unknown labels with --allow-unknown-labels, globs matching nothing). */
  warnings: Diagnostic[];
  applied?: { answer: number; suggest: number; file: string };
  runId?: number;
}

interface LogFile {
  /** Absolute path, or `-` for stdin. */
  abs: string;
  display: string;
}

function parseFormats(list: string[] | undefined, out: string | undefined, t: Translate): EvalFormatName[] {
  const names = (list ?? []).flatMap((f) => f.split(',')).map((f) => f.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) return [out ? (formatFromFileName(out) ?? 'text') : 'text'];
  for (const n of names) {
    if (!isEvalFormat(n)) throw new UserError(t('usage.unknownFormat', { format: n }), { hint: t('usage.formatHint', { formats: Object.keys(EVAL_FORMATS).sort().join(', ') }) });
  }
  return [...new Set(names as EvalFormatName[])];
}

function readPrevious(cwd: string, path: string, t: Translate): EvalResult {
  const abs = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw new UserError(t('io.cannotRead', { path, reason: (err as Error).message }), { file: path, hint: t('io.cannotReadHint') });
  }
  try {
    return parseEvalResult(text);
  } catch (err) {
    if (err instanceof EvalResultFormatError) {
      throw new UserError(t(err.message, err.params), { file: path, hint: err.message === 'eval.result.badVersion' ? t('eval.result.badVersionHint') : undefined });
    }
    throw err;
  }
}

async function resolveLogs(base: string, patterns: string[], displayRoot: string, t: Translate): Promise<{ files: LogFile[]; unmatched: string[] }> {
  const files: LogFile[] = [];
  const rest = patterns.filter((p) => p !== '-');
  const { files: found, unmatched } = rest.length > 0 ? await expandSources(base, rest, CHATLOG_EXTENSIONS, t) : { files: [], unmatched: [] };
  if (patterns.includes('-')) files.push({ abs: '-', display: '-' });
  for (const abs of found) files.push({ abs, display: toDisplayPath(displayRoot, abs) });
  return { files, unmatched };
}

/**
 * Reads every log in order and yields sessions with something to score. Labels are checked against the
 * knowledge base here, in the main thread, so every unknown label is listed with its line. Once an error
 * is seen nothing more is scored, but reading goes on so the run reports every bad line.
 */
async function* readSessions(
  files: LogFile[],
  stdin: NodeJS.ReadableStream | undefined,
  encoding: string | undefined,
  ids: ReadonlySet<string>,
  allowUnknown: boolean,
  problems: Diagnostic[],
  counters: { skipped: number; errors: number },
): AsyncGenerator<EvalSession> {
  let ordinal = 0;
  const onProblem = (d: Diagnostic) => {
    problems.push(d);
    if (d.severity === 'error') counters.errors++;
  };
  for (const f of files) {
    const stream = f.abs === '-' ? (stdin as import('node:stream').Readable) : createReadStream(f.abs);
    for await (const s of groupSessions(readChatlog({ stream, name: f.display, encoding }), onProblem)) {
      const turns: EvalTurn[] = [];
      let scored = 0;
      for (const ct of s.turns) {
        const turn: EvalTurn = { role: ct.role, text: ct.text, turn: ct.turn };
        if (ct.role === 'customer' && ct.label !== undefined) {
          if (ct.label !== NONE_LABEL && !ids.has(ct.label)) {
            onProblem({
              severity: allowUnknown ? 'warning' : 'error',
              rule: 'chatlog-unknown-label',
              message: 'chatlog.unknownLabel',
              params: { label: ct.label },
              file: ct.file,
              line: ct.line,
              field: 'label',
            });
            counters.skipped++;
          } else {
            turn.label = ct.label;
            turn.ordinal = ordinal++;
            scored++;
          }
        }
        turns.push(turn);
      }
      if (scored > 0 && counters.errors === 0) yield { file: s.file, session: s.session, turns };
    }
  }
}

function writeReport(cwd: string, path: string, text: string, t: Translate): string {
  const abs = resolve(cwd, path);
  try {
    makeDirs(dirname(abs));
    writeFileSync(abs, text);
  } catch (err) {
    throw new UserError(t('io.cannotWrite', { path, reason: (err as Error).message }), { file: path });
  }
  return abs;
}

/** Writes thresholds into kbt.yaml through the YAML document, so comments and layout survive. */
export function applyThresholds(text: string, answer: number, suggest: number): string {
  const doc = parseDocument(text);
  doc.setIn(['thresholds', 'answer'], answer);
  doc.setIn(['thresholds', 'suggest'], Math.min(suggest, answer));
  return doc.toString({ lineWidth: 0 });
}

/** Refuses an encoding name kbt does not know, naming where it came from (kbt.yaml's field, or the option). */
function checkEncoding(name: string | undefined, t: Translate, where: { file?: string; field?: string } = {}): void {
  if (name === undefined || resolveEncodingName(name)) return;
  const params = { encoding: name, supported: ENCODING_NAMES_FOR_HINT };
  throw new UserError(t('read.unknownEncoding', params), { ...where, hint: t('read.unknownEncodingHint', params) });
}

export async function runEval(o: EvalOptions): Promise<EvalOutput> {
  const t = o.t ?? createTranslator('en');
  const now = o.now ?? (() => new Date());
  if (o.bundle && o.workspace) throw new UserError(t('eval.sourceConflict'));
  if (o.out && o.outDir) throw new UserError(t('eval.outConflict'));
  const formats = parseFormats(o.formats, o.out, t);
  if (o.cv !== undefined && (!Number.isInteger(o.cv) || o.cv < 2 || o.cv > 20)) throw new UserError(t('eval.cvBad'));
  checkEncoding(o.encoding, t);

  // Where the matcher comes from: the workspace, or a bundle's knowledge handed in.
  const ws = o.bundle && !o.workspace ? undefined : openWorkspace(o.cwd, o.workspace, t);
  let knowledge = o.knowledge;
  let closeBundle: (() => void) | undefined;
  if (!knowledge && o.bundle) {
    const loaded = await knowledgeFromBundle(resolve(o.cwd, o.bundle), t);
    knowledge = loaded.knowledge;
    closeBundle = loaded.close;
  }
  try {
    return await evaluate(o, t, now, ws, formats, knowledge);
  } finally {
    closeBundle?.();
  }
}

/** Knowledge from a compiled bundle: its stored matcher index, entries and thresholds. */
async function knowledgeFromBundle(path: string, t: Translate): Promise<{ knowledge: EvalKnowledge; close: () => void }> {
  const { loadBundleSync } = await import('../bundle/runtime.js');
  const match = await import('../match/index.js');
  const bundle = loadBundleSync(path, { t });
  const thresholds = bundle.manifest.thresholds;
  const options = { thresholds };
  const knowledge: EvalKnowledge = {
    source: 'bundle',
    path,
    entries: [...bundle.entries],
    thresholds,
    build: (entries) => (entries ? match.buildMatcher(entries, bundle.lexicon, options) : bundle.matcher),
    get workerSpec() {
      return { kind: 'index' as const, module: matcherModuleUrl(), index: match.exportMatcherIndex(bundle.matcher), options };
    },
  };
  return { knowledge, close: () => bundle.close() };
}

async function evaluate(
  o: EvalOptions,
  t: Translate,
  now: () => Date,
  ws: ReturnType<typeof openWorkspace> | undefined,
  formats: EvalFormatName[],
  given: EvalKnowledge | undefined,
): Promise<EvalOutput> {
  let knowledge = given;
  if (!knowledge) {
    if (!ws) throw new UserError(t('eval.bundleUnsupported'), { hint: t('eval.bundleUnsupportedHint') });
    const kb = await loadKnowledgeBase({ cwd: o.cwd, workspace: o.workspace, t });
    knowledge = await knowledgeFromEntries({ source: 'workspace', path: kb.root, entries: kb.entries, lexicon: kb.lexicon, thresholds: kb.config.thresholds });
  }
  const config = ws?.config;
  // Several formats need a folder: --out-dir, else the workspace's `output.reports`.
  let outDir = o.outDir;
  if (formats.length > 1 && !outDir && !o.out) {
    if (!ws || !config) throw new UserError(t('eval.formatNeedsOut'), { hint: t('eval.formatNeedsOutHint') });
    outDir = resolve(ws.root, config.output.reports);
  }
  if (formats.length > 1 && o.out) throw new UserError(t('eval.formatNeedsOut'), { hint: t('eval.formatNeedsOutHint') });
  const gatesConfig: Gates = config?.gates ?? {};

  const explicit = o.logs && o.logs.length > 0;
  const patterns = explicit ? o.logs! : (config?.chatlogs ?? []);
  // kbt.yaml's encoding describes its own `chatlogs`; logs named on the command line take --encoding only.
  const encoding = o.encoding ?? (explicit ? undefined : config?.chatlogEncoding);
  if (o.encoding === undefined) checkEncoding(encoding, t, { file: ws ? join(ws.root, CONFIG_FILE) : CONFIG_FILE, field: 'chatlogEncoding' });
  if (patterns.length === 0) throw new UserError(t('eval.noLogs'), { hint: t('eval.noLogsHint') });
  const base = explicit || !ws ? o.cwd : ws.root;
  const { files, unmatched } = await resolveLogs(base, patterns, base, t);
  if (files.length === 0) throw new UserError(t('eval.noLogs'), { hint: t('eval.noLogsHint') });

  // Previous results are read first: a bad baseline should fail before minutes of scoring.
  const baselinePath = o.baseline ?? gatesConfig.baseline;
  const baselineBase = o.baseline || !ws ? o.cwd : ws.root;
  const baseline = baselinePath ? readPrevious(baselineBase, baselinePath, t) : undefined;
  const previous = o.diff ? readPrevious(o.cwd, o.diff, t) : undefined;
  if (previous && !previous.turns) throw new UserError(t('eval.diffNeedsTurns', { path: o.diff }), { file: o.diff, hint: t('eval.diffNeedsTurnsHint') });

  const recordTurns = formats.includes('json') || previous !== undefined;
  const bytes = files.reduce((s, f) => s + (f.abs === '-' ? 0 : statSync(f.abs).size), 0);
  const workers = o.workers ?? (bytes >= PARALLEL_BYTES ? Math.max(1, Math.min(availableParallelism(), 8)) : 0);
  const problems: Diagnostic[] = unmatched.map((p) => ({ severity: 'warning', rule: 'chatlog-glob-empty', message: 'sources.unmatched', params: { pattern: p }, file: p }));
  const counters = { skipped: 0, errors: 0 };
  const ids = new Set(knowledge.entries.map((e: Entry) => e.id));
  const acc = await scoreSessions(readSessions(files, o.stdin, encoding, ids, Boolean(o.allowUnknownLabels), problems, counters), knowledge, {
    workers,
    accumulator: { margin: knowledge.thresholds.margin, recordTurns },
    onProgress: o.onProgress,
  });
  const errors = problems.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new DiagnosticsError(t('eval.badLogs', { count: errors.length }), sortDiagnostics(errors), { hint: t('eval.badLogsHint') });

  const entryInfo = new Map(knowledge.entries.map((e) => [e.id, { category: e.category, layer: e.source.layer }]));
  const result = buildResult(acc, {
    createdAt: now().toISOString(),
    label: o.label,
    knowledgeBase: { source: knowledge.source, path: toDisplayPath(o.cwd, knowledge.path), entries: knowledge.entries.length },
    files: files.map((f) => f.display),
    skippedUnknownLabels: counters.skipped,
    thresholds: knowledge.thresholds,
    entryInfo,
    calibration: { targetPrecision: o.targetPrecision ?? 0.95 },
  });
  if (result.summary.turns === 0) throw new UserError(t('eval.noTurns'), { hint: t('eval.noTurnsHint') });

  if (o.cv !== undefined) {
    const k = knowledge;
    await k.prepare?.();
    result.cv = crossValidate(k.entries, (es) => k.build(es), { k: o.cv, seed: o.seed ?? 1, accumulator: { margin: k.thresholds.margin } });
  }
  if (previous?.turns && result.turns) result.diff = diffTurns(previous.turns, result.turns);
  const gateOptions: GateOptions = {
    minTop1: o.minTop1 ?? gatesConfig.minTop1,
    minPrecision: o.minPrecision ?? gatesConfig.minPrecision,
    maxFalseAnswerRate: o.maxFalseAnswerRate ?? gatesConfig.maxFalseAnswerRate,
    baseline: baseline?.summary,
    tolerance: o.tolerance ?? gatesConfig.tolerance,
  };
  if (gateOptions.minTop1 !== undefined || gateOptions.minPrecision !== undefined || gateOptions.maxFalseAnswerRate !== undefined || baseline) {
    result.gates = checkGates(result.summary, gateOptions);
  }

  const output: EvalOutput = { result, reports: [], warnings: sortDiagnostics(problems.filter((d) => d.severity === 'warning')) };

  if (o.apply) {
    if (!ws) throw new UserError(t('eval.applyNeedsWorkspace'));
    const rec = result.calibration.recommended;
    if (rec) {
      const file = join(ws.root, CONFIG_FILE);
      writeFileSync(file, applyThresholds(readFileSync(file, 'utf8'), rec.answer, rec.suggest));
      output.applied = { answer: rec.answer, suggest: Math.min(rec.suggest, rec.answer), file: toDisplayPath(o.cwd, file) };
    }
  }

  for (const format of formats) {
    const text = renderEvalReport(format, result, t);
    if (outDir) output.reports.push({ format, path: writeReport(o.cwd, join(outDir, EVAL_FORMATS[format].fileName), text, t) });
    else if (o.out) output.reports.push({ format, path: writeReport(o.cwd, o.out, text, t) });
    else output.reports.push({ format, text });
  }

  if (ws && o.save !== false) {
    const store = openStore(ws);
    try {
      const stored = withoutTurns(result);
      output.runId = store.saveEvalRun({ createdAt: result.createdAt, label: o.label, summary: stored.summary, result: stored });
    } finally {
      store.close();
    }
  }
  return output;
}

export interface EvalHistoryRow {
  runId: number;
  createdAt: string;
  label: string | null;
  summary: EvalResult['summary'];
}

/** Recorded runs, oldest first (the last `limit`). */
export function evalHistory(o: { cwd: string; workspace?: string; limit?: number; t?: Translate }): EvalHistoryRow[] {
  const t = o.t ?? createTranslator('en');
  const ws = openWorkspace(o.cwd, o.workspace, t);
  if (!existsSync(ws.dbPath)) return [];
  const store = openStore(ws, { readonly: true });
  try {
    return store.listEvalRuns(o.limit ?? 20).map((r) => ({ runId: r.runId, createdAt: r.createdAt, label: r.label, summary: r.summary as EvalResult['summary'] }));
  } finally {
    store.close();
  }
}
