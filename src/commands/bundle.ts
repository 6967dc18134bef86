/** `kbt bundle inspect | verify | diff`: read-only commands over compiled bundle files. */
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { classifyTurnChange, diffBundleContents, summarizeTurnChanges, type BundleDiff, type LabeledTurnChange, type TurnAnswer, type TurnDiff } from '../bundle/diff.js';
import { openBundleFile } from '../bundle/file.js';
import { loadBundleSync, type KnowledgeBundle } from '../bundle/runtime.js';
import { overviewOf, type BundleOverview } from '../bundle/summary.js';
import { verifyBundleFile, type VerifyResult } from '../bundle/verify.js';
import { UserError } from '../errors.js';
import { createTranslator, type Translate } from '../i18n/index.js';
import type { SessionTurn } from '../match/types.js';
import { sortDiagnostics, type Diagnostic } from '../model/diagnostic.js';
import { groupSessions, readChatlog } from '../read/chatlog.js';

export interface BundleFileOptions {
  cwd: string;
  /** Bundle file, relative to cwd. */
  file: string;
  t?: Translate;
}

export function inspectBundle(options: BundleFileOptions): BundleOverview {
  const t = options.t ?? createTranslator('en');
  const b = openBundleFile(resolve(options.cwd, options.file), t);
  try {
    return overviewOf({ path: options.file, format: b.format, bytes: b.bytes, builtAt: b.builtAt }, b.manifest, b.content);
  } finally {
    b.close();
  }
}

/** Verifies a bundle; the CLI exits 1 unless `ok`. */
export function verifyBundle(options: BundleFileOptions): VerifyResult {
  const t = options.t ?? createTranslator('en');
  return { ...verifyBundleFile(resolve(options.cwd, options.file), t), path: options.file };
}

export interface DiffOptions {
  cwd: string;
  a: string;
  b: string;
  /** Labeled chat log to answer with both bundles. */
  logs?: string;
  t?: Translate;
}

export interface DiffResult {
  version: 1;
  diff: BundleDiff;
  turns?: TurnDiff;
  /** Problems in the chat log (turns skipped). */
  logProblems: Diagnostic[];
}

function answerOf(bundle: KnowledgeBundle, text: string, session: readonly SessionTurn[]): TurnAnswer {
  const r = bundle.match(text, { session });
  const a: TurnAnswer = { decision: r.decision, top: r.candidates.map((c) => c.entryId), confidence: r.confidence };
  if ((r.decision === 'answer' || r.decision === 'tutorial') && r.entryId !== undefined) a.entryId = r.entryId;
  return a;
}

function openLog(path: string): Readable {
  const raw = createReadStream(path);
  return path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
}

/** Answers every labeled customer turn with both bundles (each with the session's earlier turns). */
async function diffTurns(a: KnowledgeBundle, b: KnowledgeBundle, logPath: string, name: string, problems: Diagnostic[]): Promise<TurnDiff> {
  const changes: LabeledTurnChange[] = [];
  let turns = 0;
  const records = readChatlog({ stream: openLog(logPath), name: name.replace(/\.gz$/, '') });
  for await (const session of groupSessions(records, (d) => problems.push(d))) {
    const history: SessionTurn[] = [];
    for (const turn of session.turns) {
      if (turn.role === 'customer' && turn.label !== undefined) {
        turns++;
        const x = answerOf(a, turn.text, history);
        const y = answerOf(b, turn.text, history);
        const kind = classifyTurnChange(turn.label, x, y);
        if (kind) {
          changes.push({ kind, key: `${turn.file}:${turn.session}:${turn.turn}`, file: turn.file, line: turn.line, text: turn.text, label: turn.label, a: x, b: y });
        }
      }
      history.push({ role: turn.role, text: turn.text });
    }
  }
  return summarizeTurnChanges(turns, changes);
}

export async function diffBundles(options: DiffOptions): Promise<DiffResult> {
  const t = options.t ?? createTranslator('en');
  const a = loadBundleSync(resolve(options.cwd, options.a), { t });
  let b: KnowledgeBundle;
  try {
    b = loadBundleSync(resolve(options.cwd, options.b), { t });
  } catch (err) {
    a.close();
    throw err;
  }
  try {
    const diff = diffBundleContents(a, b);
    const logProblems: Diagnostic[] = [];
    let turns: TurnDiff | undefined;
    if (options.logs) {
      const path = resolve(options.cwd, options.logs);
      try {
        turns = await diffTurns(a, b, path, options.logs, logProblems);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') {
          throw new UserError(t('io.cannotRead', { path: options.logs, reason: (err as NodeJS.ErrnoException).code! }), { file: options.logs, hint: t('io.cannotReadHint') });
        }
        throw err;
      }
    }
    return { version: 1, diff, ...(turns ? { turns } : {}), logProblems: sortDiagnostics(logProblems) };
  } finally {
    a.close();
    b.close();
  }
}
