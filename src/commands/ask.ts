/**
 * `kbt ask`: matches customer turns against the workspace's merged knowledge base. `ask` and
 * `createAskSession` return data; `runAskCli` is the printing side (one question, stdin lines, or an
 * interactive ink session).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';
import { createTranslator, type Translate } from '../i18n/index.js';
import { buildMatcher } from '../match/index.js';
import type { Candidate, Decision, DecisionRule, HandoffReason, Matcher, SessionTurn } from '../match/types.js';
import type { Thresholds } from '../model/config.js';
import { answerText, type Answer, type Entry } from '../model/types.js';
import { loadKnowledgeBase } from '../workspace/knowledge-base.js';

/** A matcher candidate with what a trainer needs to recognize it: the entry's question and kind. */
export interface AskCandidate extends Candidate {
  question: string;
  kind: Entry['kind'];
}

export interface AskResult {
  question: string;
  decision: Decision;
  handoffReason?: HandoffReason;
  entryId?: string;
  confidence: number;
  /** Chance that a clarification offers the right entry (what the suggest threshold is compared with). */
  clarifyConfidence: number;
  /** The chosen entry's answer as plain text (placeholders already filled). */
  answer?: string;
  /** The chosen entry's answer as written (rich parts kept). */
  answerParts?: Answer;
  /** Top candidates, best first (at most 5). */
  candidates: AskCandidate[];
  normalized: string;
  products: string[];
  contextProduct?: string;
  /** Earlier turns used as context. */
  contextTurns: number;
  /** The decision rule that fired (see `DecisionRule`). */
  rule?: DecisionRule;
  /** The thresholds the decision was taken with. */
  thresholds?: Thresholds;
}

const TurnSchema = z.object({ role: z.enum(['customer', 'agent', 'bot']), text: z.string() });

/** Reads a JSONL session file: one `{"role","text"}` per line; blank lines skipped. */
export function parseSessionLog(text: string, file: string, t: Translate): SessionTurn[] {
  const turns: SessionTurn[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    const parsed = TurnSchema.safeParse(value);
    if (!parsed.success) throw new UserError(t('ask.sessionBad'), { file, line: i + 1, hint: t('ask.sessionBadHint') });
    turns.push(parsed.data);
  });
  return turns;
}

/** Entries by id: a map, or a bundle that reads them on demand. */
export interface EntryLookup {
  get(id: string): Entry | undefined;
}

/** Matches one turn with a built matcher and the entries it was built from. Pure. */
export function askWith(matcher: Matcher, byId: EntryLookup, question: string, session: readonly SessionTurn[], thresholds?: Thresholds): AskResult {
  const r = matcher.match(question, session);
  const chosen = r.entryId ? byId.get(r.entryId) : undefined;
  const result: AskResult = {
    question,
    decision: r.decision,
    confidence: r.confidence,
    clarifyConfidence: r.clarifyConfidence,
    candidates: r.candidates.map((c) => {
      const e = byId.get(c.entryId);
      return {
        entryId: c.entryId,
        question: e?.title ?? e?.question ?? c.phrasing,
        kind: e?.kind ?? 'faq',
        confidence: c.confidence,
        score: c.score,
        phrasing: c.phrasing,
        matchedTerms: c.matchedTerms,
        synonyms: c.synonyms,
        source: c.source,
      };
    }),
    normalized: r.normalized,
    products: r.products,
    contextTurns: session.length,
  };
  if (r.handoffReason) result.handoffReason = r.handoffReason;
  if (r.entryId) result.entryId = r.entryId;
  if (chosen) {
    result.answer = chosen.kind === 'tutorial' && chosen.body ? chosen.body : answerText(chosen.answer);
    result.answerParts = chosen.answer;
  }
  if (r.contextProduct) result.contextProduct = r.contextProduct;
  if (r.rule) result.rule = r.rule;
  if (thresholds) result.thresholds = thresholds;
  return result;
}

/**
 * Why the decision was taken, in words with the figures it compared (the first two candidates, the clarify
 * confidence, the thresholds); undefined when the result does not carry its rule and thresholds.
 */
export function explainDecision(r: AskResult, t: Translate): string | undefined {
  if (!r.rule || !r.thresholds) return undefined;
  const top = r.candidates[0]?.confidence ?? 0;
  const second = r.candidates[1]?.confidence ?? 0;
  return t(`ask.why.${r.rule}`, {
    top: shownConfidence(top),
    lead: shownConfidence(Math.max(0, top - second)),
    clarify: shownConfidence(r.clarifyConfidence),
    answer: r.thresholds.answer.toFixed(2),
    suggest: r.thresholds.suggest.toFixed(2),
    margin: r.thresholds.margin.toFixed(2),
  });
}

export interface AskSession {
  /** Matches a customer turn with every earlier turn as context, then remembers it. */
  ask(text: string): AskResult;
  readonly turns: readonly SessionTurn[];
}

export interface AskSessionOptions {
  cwd: string;
  /** Workspace folder (default `.`); not with `bundle`. */
  workspace?: string;
  /** A compiled bundle to answer from instead of the workspace, relative to `cwd`. */
  bundle?: string;
  session?: readonly SessionTurn[];
  t?: Translate;
}

/**
 * Loads the knowledge base once (the workspace's, merged, or a compiled bundle's) and returns a session
 * that keeps its own history. A bundle answers exactly as the bot that loads it will.
 */
export async function createAskSession(options: AskSessionOptions): Promise<AskSession> {
  const t = options.t ?? createTranslator('en');
  if (options.bundle !== undefined && options.workspace !== undefined) throw new UserError(t('ask.sourceConflict'));
  let matcher: Matcher;
  let thresholds: Thresholds;
  let byId: EntryLookup;
  if (options.bundle !== undefined) {
    const { loadBundleSync } = await import('../bundle/runtime.js');
    const bundle = loadBundleSync(resolve(options.cwd, options.bundle), { t });
    matcher = bundle.matcher;
    thresholds = bundle.thresholds;
    byId = { get: (id) => bundle.entry(id) };
  } else {
    const kb = await loadKnowledgeBase({ cwd: options.cwd, workspace: options.workspace, t: options.t });
    matcher = buildMatcher(kb.entries, kb.lexicon, { thresholds: kb.config.thresholds });
    thresholds = kb.config.thresholds;
    byId = new Map(kb.entries.map((e) => [e.id, e]));
  }
  const turns: SessionTurn[] = [...(options.session ?? [])];
  return {
    ask(text) {
      const result = askWith(matcher, byId, text, turns, thresholds);
      turns.push({ role: 'customer', text });
      return result;
    },
    turns,
  };
}

export interface AskOptions {
  cwd: string;
  workspace?: string;
  /** Answer from this compiled bundle instead of the workspace. */
  bundle?: string;
  question: string;
  /** Earlier turns (already parsed), or a JSONL file path relative to `cwd`. */
  session?: readonly SessionTurn[] | string;
  t?: Translate;
}

/** `kbt ask "问题"`: one question, optionally after a session's earlier turns. */
export async function ask(options: AskOptions): Promise<AskResult> {
  const t = options.t ?? ((k: string) => k);
  const session =
    typeof options.session === 'string'
      ? parseSessionLog(readSessionFile(resolve(options.cwd, options.session), t), options.session, t)
      : options.session;
  const s = await createAskSession({ cwd: options.cwd, workspace: options.workspace, bundle: options.bundle, session, t: options.t });
  return s.ask(options.question);
}

function readSessionFile(path: string, t: Translate): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(t('io.cannotRead', { path, reason: (err as Error).message }), { hint: t('io.cannotReadHint') });
  }
}

/**
 * A confidence to two decimals, cut rather than rounded: shown beside thresholds, 0.5998 must read 0.59,
 * not a 0.60 that seems to reach an answer threshold of 0.6 it missed.
 */
export function shownConfidence(x: number): string {
  return (Math.floor(x * 100 + 1e-9) / 100).toFixed(2);
}

/** Plain-text rendering of one result. */
export function formatAsk(r: AskResult, t: Translate, explain: boolean): string {
  const lines: string[] = [];
  lines.push(t('ask.line.decision', { decision: t(`ask.decision.${r.decision}`), confidence: shownConfidence(r.confidence) }));
  if (r.handoffReason) lines.push(t('ask.line.reason', { reason: t(`ask.reason.${r.handoffReason}`) }));
  if (r.entryId) lines.push(t('ask.line.entry', { id: r.entryId }));
  if (r.answer !== undefined) {
    lines.push(t('ask.line.answer'));
    for (const l of r.answer.split('\n')) lines.push(`  ${l}`);
  }
  if (r.decision === 'clarify') {
    lines.push(t('ask.line.clarify'));
    r.candidates.slice(0, 3).forEach((c, i) => lines.push(`  ${i + 1}. ${c.question}`));
  }
  if (explain) {
    const why = explainDecision(r, t);
    if (why) lines.push(why);
    if (r.decision === 'clarify' || r.handoffReason === 'low-confidence' || r.handoffReason === 'out-of-scope') {
      lines.push(t('ask.line.clarifyConfidence', { confidence: shownConfidence(r.clarifyConfidence) }));
    }
    lines.push(t('ask.line.normalized', { text: r.normalized }));
    if (r.products.length > 0) lines.push(t('ask.line.products', { products: r.products.join(', ') }));
    if (r.contextProduct) lines.push(t('ask.line.contextProduct', { product: r.contextProduct }));
    lines.push(t('ask.line.candidates'));
    if (r.candidates.length === 0) lines.push(`  ${t('ask.line.none')}`);
    r.candidates.forEach((c, i) => {
      lines.push(`  ${i + 1}. ${shownConfidence(c.confidence)}  ${c.entryId}  ${c.question}`);
      lines.push(`     “${c.phrasing}”  ${t('ask.line.matched', { terms: c.matchedTerms.join(' ') || t('ask.line.none') })}`);
      if (c.synonyms.length > 0) lines.push(`     ${t('ask.line.synonyms', { synonyms: c.synonyms.join(' ') })}`);
      const where = `${c.source.pack ? `${c.source.pack} ` : ''}${c.source.file}${c.source.line ? `:${c.source.line}` : ''}`;
      lines.push(`     ${t('ask.line.from', { source: where })}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

/** The CLI side of `kbt ask`. */
export async function runAskCli(
  ctx: CliContext,
  question: string | undefined,
  opts: { workspace?: string; bundle?: string; session?: string; json?: boolean; explain?: boolean },
): Promise<void> {
  const t = ctx.t;
  const session = opts.session
    ? parseSessionLog(readSessionFile(resolve(ctx.cwd, opts.session), t), opts.session, t)
    : [];
  // A workspace is merged and trained first (seconds on a large one): say so on a terminal.
  if (ctx.interactive) ctx.stderr(`${t('ask.loading', { source: opts.bundle ?? opts.workspace ?? '.' })}\n`);
  const s = await createAskSession({ cwd: ctx.cwd, workspace: opts.workspace, bundle: opts.bundle, session, t });
  const print = (r: AskResult, multi: boolean) =>
    ctx.stdout(opts.json ? `${JSON.stringify(r, null, multi ? 0 : 2)}\n` : formatAsk(r, t, Boolean(opts.explain)));
  if (question !== undefined && question !== '-') {
    print(s.ask(question), false);
    return;
  }
  // The ink session reads keys from stdin in raw mode: with turns piped in (`printf … | kbt ask` in a
  // terminal) stdout is a terminal but stdin is not, so read the pipe line by line instead.
  const stdinIsTTY = (ctx.stdin as { isTTY?: boolean }).isTTY === true;
  if (ctx.interactive && stdinIsTTY && question === undefined && !opts.json) {
    const { runAskSessionUi } = await import('../ui/ask-session.js');
    await runAskSessionUi(s, t);
    return;
  }
  const rl = createInterface({ input: ctx.stdin, crlfDelay: Infinity });
  let any = false;
  for await (const line of rl) {
    const text = line.trim();
    if (!text) continue;
    any = true;
    const r = s.ask(text);
    if (!opts.json) ctx.stdout(`> ${text}\n`);
    print(r, true);
  }
  if (!any && question === undefined) throw new UserError(t('ask.noQuestion'), { hint: t('ask.noQuestionHint') });
}
