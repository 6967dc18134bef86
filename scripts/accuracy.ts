/**
 * Measures the matcher beside a plain-search baseline on one labeled set, in the same run.
 *
 *   npx tsx scripts/accuracy.ts --kb kb.jsonl --queries queries.jsonl [--lexicon packs/3c-digital]
 *   npx tsx scripts/accuracy.ts --pack packs/3c-digital
 *   npx tsx scripts/accuracy.ts --workspace examples/pc-store   (after `kbt import` there)
 *
 * kb.jsonl: `{"id","question","similar"}` per line; queries.jsonl: `{"text","label"}` (label an id or
 * `__none__`). `--pack` reads a pack folder instead (faqs/*.yaml, tutorials/*.md front matter is not needed:
 * only entries are used, with eval/*.jsonl chat turns as queries, sessions kept).
 *
 * Baseline: minisearch over every phrasing, tokens from jieba cutForSearch after NFKC, lower case and OpenCC
 * Traditional→Simplified; the best phrasing's entry wins. It has no confidence, so it answers every turn.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import MiniSearch from 'minisearch';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import * as OpenCC from 'opencc-js';
import YAML from 'yaml';
import { buildMatcher, type MatcherOptionsInput } from '../src/match/index.js';
import { NONE_LABEL, type Entry } from '../src/model/types.js';
import { EMPTY_LEXICON, parseStopwords, type Lexicon } from '../src/model/lexicon.js';
import { buildLexicon } from '../src/text/lexicon.js';
import type { SessionTurn } from '../src/match/types.js';

interface Query {
  text: string;
  label: string;
  session: SessionTurn[];
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

function entry(id: string, question: string, similar: string[], extra: Partial<Entry> = {}): Entry {
  return {
    id,
    kind: 'faq',
    question,
    similar,
    answer: id,
    tags: [],
    products: [],
    enabled: true,
    priority: 0,
    source: { layer: 'pack', file: 'kb.jsonl' },
    ...extra,
  };
}

export function readLexicon(dir: string | undefined): Lexicon {
  if (!dir) return EMPTY_LEXICON;
  const lex = join(dir, 'lexicon');
  const syn = join(lex, 'synonyms.yaml');
  const mod = join(lex, 'models.yaml');
  const stop = join(lex, 'stopwords.txt');
  const models = existsSync(mod) ? YAML.parse(readFileSync(mod, 'utf8')) : {};
  return buildLexicon([
    {
      synonyms: existsSync(syn) ? YAML.parse(readFileSync(syn, 'utf8')).groups : [],
      models: (models.models ?? []).map((m: { aliases?: string[] }) => ({ ...m, aliases: m.aliases ?? [] })),
      patterns: models.patterns ?? [],
      stopwords: existsSync(stop) ? parseStopwords(readFileSync(stop, 'utf8')) : [],
    },
  ]);
}

export function readPack(dir: string): { entries: Entry[]; queries: Query[] } {
  const entries: Entry[] = [];
  for (const f of readdirSync(join(dir, 'faqs')).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = YAML.parse(readFileSync(join(dir, 'faqs', f), 'utf8')) as { entries: Record<string, unknown>[] };
    for (const e of doc.entries ?? []) {
      entries.push(
        entry(String(e.id), String(e.question), (e.similar as string[]) ?? [], {
          products: (e.products as string[]) ?? [],
          tags: (e.tags as string[]) ?? [],
        }),
      );
    }
  }
  const tdir = join(dir, 'tutorials');
  if (existsSync(tdir)) {
    for (const f of readdirSync(tdir).filter((f) => f.endsWith('.md')).sort()) {
      const text = readFileSync(join(tdir, f), 'utf8');
      const m = /^---\n([\s\S]*?)\n---/.exec(text);
      if (!m) continue;
      const fm = YAML.parse(m[1]!) as Record<string, unknown>;
      const title = String(fm.title ?? fm.question ?? '');
      entries.push(
        entry(String(fm.id), String(fm.question ?? title), (fm.similar as string[]) ?? [], {
          kind: 'tutorial',
          title,
          triggers: (fm.triggers as string[]) ?? [],
          products: (fm.products as string[]) ?? [],
        }),
      );
    }
  }
  const edir = join(dir, 'eval');
  const files = readdirSync(edir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(edir, f));
  return { entries, queries: readChatQueries(files) };
}

/** Labeled customer turns of JSONL chat logs, each with its session's earlier turns. */
export function readChatQueries(files: readonly string[]): Query[] {
  const queries: Query[] = [];
  for (const file of files) {
    const turns = readJsonl<{ session: string; turn: number; role: string; text: string; label?: string }>(file);
    const bySession = new Map<string, typeof turns>();
    for (const t of turns) bySession.set(t.session, [...(bySession.get(t.session) ?? []), t]);
    for (const list of bySession.values()) {
      list.sort((a, b) => a.turn - b.turn);
      const earlier: SessionTurn[] = [];
      for (const t of list) {
        if (t.role === 'customer' && t.label) queries.push({ text: t.text, label: t.label, session: [...earlier] });
        earlier.push({ role: t.role as SessionTurn['role'], text: t.text });
      }
    }
  }
  return queries;
}

/** A workspace's merged knowledge base (imported first) and the chat logs kbt.yaml names. */
export async function readWorkspace(dir: string): Promise<{ entries: Entry[]; queries: Query[]; lexicon: Lexicon }> {
  const { loadKnowledgeBase } = await import('../src/workspace/knowledge-base.js');
  const { glob } = await import('tinyglobby');
  const kb = await loadKnowledgeBase({ cwd: dir });
  const files = (await glob([...kb.config.chatlogs], { cwd: kb.root, absolute: true })).sort();
  return { entries: kb.entries, queries: readChatQueries(files), lexicon: kb.lexicon };
}

function baseline(entries: Entry[]): (q: string) => string[] {
  const jieba = Jieba.withDict(dict);
  const t2s = OpenCC.Converter({ from: 't', to: 'cn' });
  const tokenize = (s: string) => jieba.cutForSearch(t2s(s.normalize('NFKC').toLowerCase()), true).filter((w) => w.trim());
  const ms = new MiniSearch<{ id: number; text: string; entry: string }>({
    fields: ['text'],
    storeFields: ['entry'],
    tokenize,
  });
  let id = 0;
  const docs = entries.flatMap((e) => [e.question, ...e.similar, ...(e.triggers ?? [])].map((text) => ({ id: id++, text, entry: e.id })));
  ms.addAll(docs);
  return (q) => {
    const out: string[] = [];
    for (const r of ms.search(q)) {
      const e = r.entry as string;
      if (!out.includes(e)) out.push(e);
      if (out.length >= 3) break;
    }
    return out;
  };
}

interface Scores {
  top1: number;
  top3: number;
  answered: number;
  precision: number;
  falseAnswer: number;
  /** ROC AUC of the first candidate's confidence, in-scope turns against `__none__` turns (kbt only). */
  auc?: number;
  /**
   * Share of in-scope turns answered at the one answer threshold that answers at most 5 % of `__none__`
   * turns (margin ignored; kbt only). A turn handed off through an out-of-scope entry is never answered.
   */
  answeredAt5?: number;
}

/** One scored turn: candidates, whether the bot replied with an entry's answer (and which), and whether that was a real answer. */
interface Row {
  label: string;
  top: string[];
  /** The entry whose answer the bot gave: answer, tutorial, or a handoff entry while transferring. */
  replied?: string;
  /** answer / tutorial (a handoff entry on an out-of-scope turn is a handoff, not a false answer). */
  answered: boolean;
  /** The first candidate's confidence; −1 when the turn went to an out-of-scope entry (kbt only). */
  confidence?: number;
}

/** ROC AUC and the in-scope share answerable at ≤ 5 % false answers, from rows with confidences. */
function separation(inScope: readonly Row[], none: readonly Row[]): { auc: number; answeredAt5: number } {
  const a = inScope.map((r) => r.confidence ?? 0).sort((x, y) => x - y);
  const b = none.map((r) => r.confidence ?? 0).sort((x, y) => x - y);
  // AUC by a merge of the two sorted lists: pairs where the in-scope turn is higher, ties half.
  let wins = 0;
  let j = 0;
  let k = 0;
  for (const x of a) {
    while (j < b.length && b[j]! < x) j++;
    k = Math.max(k, j);
    while (k < b.length && b[k]! === x) k++;
    wins += j + (k - j) / 2;
  }
  const auc = a.length && b.length ? wins / (a.length * b.length) : 1;
  // The threshold just above the confidence of the out-of-scope turn ranked at 5 % from the top.
  const allowed = Math.floor(0.05 * b.length);
  const bar = b.length === 0 ? -Infinity : b[b.length - 1 - allowed]!;
  const answeredAt5 = a.filter((x) => x > bar).length / (a.length || 1);
  return { auc, answeredAt5 };
}

function summarize(rows: Row[]): Scores {
  const inScope = rows.filter((r) => r.label !== NONE_LABEL);
  const none = rows.filter((r) => r.label === NONE_LABEL);
  const answered = inScope.filter((r) => r.replied !== undefined);
  const r4 = (x: number) => Math.round(x * 1000) / 1000;
  const scores: Scores = {
    top1: r4(inScope.filter((r) => r.top[0] === r.label).length / (inScope.length || 1)),
    top3: r4(inScope.filter((r) => r.top.slice(0, 3).includes(r.label)).length / (inScope.length || 1)),
    answered: r4(answered.length / (inScope.length || 1)),
    precision: r4(answered.filter((r) => r.replied === r.label).length / (answered.length || 1)),
    falseAnswer: r4(none.filter((r) => r.answered).length / (none.length || 1)),
  };
  if (rows.every((r) => r.confidence !== undefined)) {
    const { auc, answeredAt5 } = separation(inScope, none);
    scores.auc = r4(auc);
    scores.answeredAt5 = r4(answeredAt5);
  }
  return scores;
}

export function runAccuracy(entries: Entry[], queries: Query[], lexicon: Lexicon, options: MatcherOptionsInput = {}) {
  const t0 = performance.now();
  const matcher = buildMatcher(entries, lexicon, options);
  const buildMs = performance.now() - t0;
  const t1 = performance.now();
  const kbtRows = queries.map((q): Row => {
    const r = matcher.match(q.text, q.session);
    const row: Row = {
      label: q.label,
      top: r.candidates.map((c) => c.entryId),
      answered: r.decision === 'answer' || r.decision === 'tutorial',
      confidence: r.handoffReason === 'out-of-scope' && r.entryId !== undefined ? -1 : (r.candidates[0]?.confidence ?? 0),
    };
    if (r.entryId !== undefined) row.replied = r.entryId;
    return row;
  });
  const queryMs = (performance.now() - t1) / (queries.length || 1);
  const search = baseline(entries);
  const baseRows = queries.map((q): Row => {
    const top = search(q.text);
    return top[0] === undefined ? { label: q.label, top, answered: true } : { label: q.label, top, answered: true, replied: top[0] };
  });
  return { kbt: summarize(kbtRows), baseline: summarize(baseRows), kbtRows, buildMs, queryMs };
}

async function main() {
  const { values } = parseArgs({
    options: {
      kb: { type: 'string' },
      queries: { type: 'string' },
      pack: { type: 'string' },
      workspace: { type: 'string' },
      lexicon: { type: 'string' },
      options: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  let entries: Entry[];
  let queries: Query[];
  let lexicon: Lexicon;
  if (values.workspace) {
    ({ entries, queries, lexicon } = await readWorkspace(values.workspace));
  } else if (values.pack) {
    ({ entries, queries } = readPack(values.pack));
    lexicon = readLexicon(values.pack);
  } else if (values.kb && values.queries) {
    entries = readJsonl<{ id: string; question: string; similar?: string[] }>(values.kb).map((e) =>
      entry(e.id, e.question, e.similar ?? []),
    );
    queries = readJsonl<{ text: string; label: string }>(values.queries).map((q) => ({ ...q, session: [] }));
    lexicon = readLexicon(values.lexicon);
  } else {
    console.error('usage: accuracy.ts --kb kb.jsonl --queries queries.jsonl [--lexicon DIR] | --pack DIR | --workspace DIR');
    process.exit(2);
  }
  const options = values.options ? (JSON.parse(values.options) as MatcherOptionsInput) : {};
  const res = runAccuracy(entries, queries, lexicon, options);
  const inScope = queries.filter((q) => q.label !== NONE_LABEL).length;
  const summary = {
    entries: entries.length,
    queries: queries.length,
    inScope,
    outOfScope: queries.length - inScope,
    kbt: res.kbt,
    baseline: res.baseline,
    buildMs: Math.round(res.buildMs),
    queryMs: Math.round(res.queryMs * 1000) / 1000,
  };
  if (values.json) console.log(JSON.stringify(summary));
  else {
    console.log(`entries ${summary.entries}, queries ${summary.queries} (${summary.outOfScope} out of scope); kbt build ${summary.buildMs} ms, ${summary.queryMs} ms/turn`);
    console.log('            top-1  top-3  answered  precision  false-answer  AUC    answered@5%');
    for (const [name, s] of [['kbt', res.kbt], ['baseline', res.baseline]] as const) {
      const extra = s.auc === undefined ? '' : `         ${s.auc.toFixed(3)}  ${s.answeredAt5!.toFixed(3)}`;
      console.log(
        `${name.padEnd(10)}  ${s.top1.toFixed(3)}  ${s.top3.toFixed(3)}  ${s.answered.toFixed(3)}     ${s.precision.toFixed(3)}      ${s.falseAnswer.toFixed(3)}${extra}`,
      );
    }
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) await main();
