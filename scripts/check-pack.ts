/**
 * Content quality check for an industry pack: what `kbt packs validate` cannot see because it needs judgement
 * thresholds. Loads the pack through the project's own loader so it sees exactly what kbt sees.
 *
 *   npx tsx scripts/check-pack.ts [packDir] [--limit N]
 *
 * packDir defaults to packs/3c-digital. `--limit` caps each list (default: no cap); the summary always counts
 * everything. Exit code 1 when phrasings collide exactly across entries or an eval label names no entry; the
 * other findings are for a person to review (they are heuristics).
 *
 * Similarity is the character-bigram Jaccard of `phrasingKey` (the same measure the merge uses for shadows).
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as OpenCC from 'opencc-js';
import { createTranslator } from '../src/i18n/index.js';
import { bigrams, jaccard, placeholdersIn } from '../src/merge/merge.js';
import { NONE_LABEL, answerText, phrasingsOf, type Entry } from '../src/model/types.js';
import { phrasingKey } from '../src/validate/phrasing-key.js';
import { loadPack } from '../src/workspace/packs.js';

/**
 * Thresholds, each overridable on the command line (`--near 0.6` …) to look below the default line.
 * near: two phrasings of different entries at or above this compete for the same customer question (0.7).
 * intent: mean best-match similarity (either direction) at or above this suggests one intent written twice (0.5).
 * copy: an eval turn this close to a phrasing was not worded separately (0.8).
 * far / close: possible mislabel, the labelled entry's best phrasing is below `far` (0.3) while another entry
 * reaches `close` (0.6).
 * stray: a phrasing at least this close to another entry, and closer to it than to its own siblings (0.5).
 */
const DEFAULTS = { near: 0.7, intent: 0.5, copy: 0.8, far: 0.3, close: 0.6, stray: 0.5 };
let NEAR_PHRASING = DEFAULTS.near;
let NEAR_INTENT = DEFAULTS.intent;
let EVAL_COPY = DEFAULTS.copy;
let MISLABEL_FAR = DEFAULTS.far;
let MISLABEL_CLOSE = DEFAULTS.close;
let STRAY = DEFAULTS.stray;
/** Answers longer than this are hard to read in a chat window. */
const MAX_ANSWER = 300;
const MIN_SIMILAR = 9;
const MIN_NONE_SHARE = 0.15;

interface Site {
  entry: number;
  text: string;
  key: string;
  grams: Set<string>;
}

interface EvalTurn {
  file: string;
  line: number;
  session: string;
  turn: number;
  text: string;
  label: string;
  key: string;
  grams: Set<string>;
}

const toTaiwan = OpenCC.Converter({ from: 'cn', to: 'tw' });
const toHongKong = OpenCC.Converter({ from: 'cn', to: 'hk' });
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

/**
 * Written in Traditional: has characters that differ from Simplified and none left to convert. A character
 * counts as converted when either the Taiwan or the Hong Kong standard keeps it, because the Taiwan table
 * alone turns the everyday 台 into 臺.
 */
function isTraditional(text: string): boolean {
  if (toSimplified(text) === text) return false;
  return [...text].every((c) => toTaiwan(c) === c || toHongKong(c) === c);
}

const r2 = (x: number) => x.toFixed(2);

function readEval(dir: string, files: readonly string[], problems: string[]): EvalTurn[] {
  const turns: EvalTurn[] = [];
  for (const abs of files) {
    const file = relative(dir, abs);
    readFileSync(abs, 'utf8')
      .split('\n')
      .forEach((raw, i) => {
        if (!raw.trim()) return;
        try {
          const row = JSON.parse(raw) as Record<string, unknown>;
          if (row.role !== undefined && row.role !== 'customer') return;
          const text = String(row.text ?? '');
          const key = phrasingKey(text);
          turns.push({
            file,
            line: i + 1,
            session: String(row.session ?? ''),
            turn: Number(row.turn ?? 1),
            text,
            label: typeof row.label === 'string' ? row.label : '',
            key,
            grams: bigrams(key),
          });
        } catch {
          problems.push(`${file}:${i + 1} not JSON`);
        }
      });
  }
  return turns;
}

/** Store facts that vary by shop: durations in days or hours, money, clock times, instalment counts. */
const FACT = /(\d+(?:\.\d+)?\s*(?:-\s*\d+\s*)?(?:个)?(?:自然日|工作日|天|小时|元|块|期)|\d{1,2}:\d{2}|[一二三五七十]+天|[一二三]+个工作日)/;
/**
 * Words that make a number an example, advice, a budget or a myth being corrected, or defer it to a policy
 * page, the brand or the law.
 */
const HEDGE =
  /以[^。；]{0,16}为准|一般|通常|大约|约|左右|视[^。；]{0,12}而定|不同[^。；]{0,8}不同|具体|参考|例如|比如|如[^。；]{0,3}[0-9]|可能|三包|国家|法律|规定|《|最长|最多|至少|以上|以内|不超过|建议|尽快|无需|不用|不需要|预算|元可?选/;

function sentences(text: string): string[] {
  return text
    .split(/(?<=[。；！？\n])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      limit: { type: 'string' },
      near: { type: 'string' },
      intent: { type: 'string' },
      copy: { type: 'string' },
      far: { type: 'string' },
      close: { type: 'string' },
      stray: { type: 'string' },
    },
  });
  const dir = resolve(positionals[0] ?? 'packs/3c-digital');
  const limit = values.limit ? Number(values.limit) : Infinity;
  const num = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));
  NEAR_PHRASING = num(values.near, DEFAULTS.near);
  NEAR_INTENT = num(values.intent, DEFAULTS.intent);
  EVAL_COPY = num(values.copy, DEFAULTS.copy);
  MISLABEL_FAR = num(values.far, DEFAULTS.far);
  MISLABEL_CLOSE = num(values.close, DEFAULTS.close);
  STRAY = num(values.stray, DEFAULTS.stray);
  const pack = await loadPack(dir, createTranslator('en'));
  const entries: Entry[] = [...pack.entries].sort((a, b) => a.id.localeCompare(b.id));
  const ids = new Map(entries.map((e, i) => [e.id, i]));
  const where = (e: Entry) => `${e.source.file}:${e.source.line ?? '?'}`;

  const print = (title: string, rows: string[]) => {
    console.log(`\n## ${title} (${rows.length})`);
    for (const r of rows.slice(0, limit)) console.log(`  ${r}`);
    if (rows.length > limit) console.log(`  … ${rows.length - limit} more`);
  };

  const loadErrors = pack.diagnostics.filter((d) => d.severity === 'error');
  if (loadErrors.length) {
    print(
      'load errors',
      loadErrors.map((d) => `${d.file}:${d.line ?? '?'} ${d.rule} ${JSON.stringify(d.params ?? {})}`),
    );
  }

  const sites: Site[] = [];
  const sitesOf: Site[][] = entries.map(() => []);
  entries.forEach((e, i) => {
    for (const text of phrasingsOf(e)) {
      const key = phrasingKey(text);
      if (!key) continue;
      const s = { entry: i, text, key, grams: bigrams(key) };
      sites.push(s);
      sitesOf[i]!.push(s);
    }
  });

  // Exact duplicates across entries.
  const owner = new Map<string, Site>();
  const exact: string[] = [];
  for (const s of sites) {
    const prev = owner.get(s.key);
    if (prev && prev.entry !== s.entry) exact.push(`${entries[prev.entry]!.id} "${prev.text}" = ${entries[s.entry]!.id} "${s.text}"`);
    else if (!prev) owner.set(s.key, s);
  }

  // Every cross-entry phrasing pair: near duplicates, and each phrasing's best match in each other entry.
  const near: { sim: number; row: string }[] = [];
  const best: Map<number, number>[] = sites.map(() => new Map());
  for (let i = 0; i < sites.length; i++) {
    const a = sites[i]!;
    for (let j = i + 1; j < sites.length; j++) {
      const b = sites[j]!;
      if (a.entry === b.entry) continue;
      const sim = a.key === b.key ? 1 : jaccard(a.grams, b.grams);
      if (sim === 0) continue;
      if (sim > (best[i]!.get(b.entry) ?? 0)) best[i]!.set(b.entry, sim);
      if (sim > (best[j]!.get(a.entry) ?? 0)) best[j]!.set(a.entry, sim);
      if (sim >= NEAR_PHRASING && a.key !== b.key) {
        near.push({ sim, row: `${r2(sim)}  ${entries[a.entry]!.id} "${a.text}"  ~  ${entries[b.entry]!.id} "${b.text}"` });
      }
    }
  }
  near.sort((x, y) => y.sim - x.sim || x.row.localeCompare(y.row));

  // Near-duplicate intents: how well each entry's phrasings are covered by another entry's.
  const siteIndex = new Map(sites.map((s, i) => [s, i]));
  const meanBest = (a: number, b: number) => {
    const own = sitesOf[a]!;
    if (own.length === 0) return 0;
    let sum = 0;
    for (const s of own) sum += best[siteIndex.get(s)!]!.get(b) ?? 0;
    return sum / own.length;
  };
  const intents: { sim: number; row: string }[] = [];
  for (let a = 0; a < entries.length; a++) {
    const others = new Set<number>();
    for (const s of sitesOf[a]!) for (const b of best[siteIndex.get(s)!]!.keys()) if (b > a) others.add(b);
    for (const b of others) {
      const ab = meanBest(a, b);
      const ba = meanBest(b, a);
      const sim = Math.max(ab, ba);
      if (sim >= NEAR_INTENT) {
        intents.push({ sim, row: `${r2(ab)}/${r2(ba)}  ${entries[a]!.id} (${where(entries[a]!)})  ~  ${entries[b]!.id} (${where(entries[b]!)})` });
      }
    }
  }
  intents.sort((x, y) => y.sim - x.sim || x.row.localeCompare(y.row));

  // Strays: a phrasing nearer to another entry than to any sibling of its own, likely written for the other intent.
  const strays: { sim: number; row: string }[] = [];
  for (let i = 0; i < sites.length; i++) {
    const s = sites[i]!;
    let own = 0;
    for (const o of sitesOf[s.entry]!) if (o !== s) own = Math.max(own, o.key === s.key ? 1 : jaccard(o.grams, s.grams));
    let top = 0;
    let topEntry = -1;
    for (const [e, sim] of best[i]!) if (sim > top) [top, topEntry] = [sim, e];
    if (topEntry >= 0 && top >= STRAY && top > own) {
      strays.push({ sim: top - own, row: `${entries[s.entry]!.id} "${s.text}" (own ${r2(own)})  →  ${entries[topEntry]!.id} (${r2(top)})` });
    }
  }
  strays.sort((x, y) => y.sim - x.sim || x.row.localeCompare(y.row));

  // Eval turns.
  const problems: string[] = [];
  const turns = readEval(dir, pack.evalFiles, problems);
  const unknown: string[] = [];
  const copies: { sim: number; row: string }[] = [];
  const mislabels: { sim: number; row: string }[] = [];
  for (const t of turns) {
    if (!t.label) {
      problems.push(`${t.file}:${t.line} no label`);
      continue;
    }
    const labelIndex = ids.get(t.label);
    if (t.label !== NONE_LABEL && labelIndex === undefined) unknown.push(`${t.file}:${t.line} ${t.label}`);
    let top: { sim: number; site?: Site } = { sim: 0 };
    let own = 0;
    for (const s of sites) {
      const sim = s.key === t.key ? 1 : jaccard(t.grams, s.grams);
      if (sim > top.sim) top = { sim, site: s };
      if (s.entry === labelIndex && sim > own) own = sim;
      if (sim >= EVAL_COPY) {
        copies.push({ sim, row: `${r2(sim)}  ${t.file}:${t.line} "${t.text}" [${t.label}]  ≈  ${entries[s.entry]!.id} "${s.text}"` });
      }
    }
    const other = top.site && top.site.entry !== labelIndex ? top : undefined;
    if (other?.site && other.sim >= MISLABEL_CLOSE && (t.label === NONE_LABEL || own < MISLABEL_FAR)) {
      const e = entries[other.site.entry]!;
      mislabels.push({
        sim: other.sim - own,
        row: `${t.file}:${t.line} "${t.text}" label ${t.label} (${r2(own)}) but ${e.id} "${other.site.text}" (${r2(other.sim)})`,
      });
    }
  }
  copies.sort((x, y) => y.sim - x.sim || x.row.localeCompare(y.row));

  // Eval turns repeating each other (same or near-same wording) measure one question twice.
  const repeats: { sim: number; row: string }[] = [];
  for (let i = 0; i < turns.length; i++) {
    for (let j = i + 1; j < turns.length; j++) {
      const a = turns[i]!;
      const b = turns[j]!;
      const sim = a.key === b.key ? 1 : jaccard(a.grams, b.grams);
      if (sim >= EVAL_COPY) repeats.push({ sim, row: `${r2(sim)}  ${a.file}:${a.line} "${a.text}"  ≈  ${b.file}:${b.line} "${b.text}"` });
    }
  }
  repeats.sort((x, y) => y.sim - x.sim || x.row.localeCompare(y.row));
  mislabels.sort((x, y) => y.sim - x.sim || x.row.localeCompare(y.row));
  const noneTurns = turns.filter((t) => t.label === NONE_LABEL).length;
  const tradTurns = turns.filter((t) => isTraditional(t.text)).length;

  // Answers.
  const declared = new Set(Object.keys(pack.manifest.placeholders));
  const undeclared: string[] = [];
  const facts: string[] = [];
  const long: string[] = [];
  for (const e of entries) {
    for (const name of placeholdersIn(e.answer)) if (!declared.has(name)) undeclared.push(`${e.id} {${name}}`);
    if (e.kind === 'tutorial') continue; // a tutorial body is a guide, not a promise
    const text = answerText(e.answer);
    if (text.length > MAX_ANSWER) long.push(`${text.length}  ${e.id} (${where(e)})`);
    for (const s of sentences(text)) {
      if (/\{[a-z_.]+\}/.test(s) || HEDGE.test(s)) continue;
      const m = FACT.exec(s);
      if (m) facts.push(`${e.id} "${m[0]}": ${s}`);
    }
  }
  long.sort((a, b) => parseInt(b, 10) - parseInt(a, 10) || a.localeCompare(b));

  // Per entry.
  const fewSimilar: string[] = [];
  const noTraditional: string[] = [];
  for (const e of entries) {
    const variants = e.kind === 'tutorial' ? (e.triggers?.length ?? 0) + e.similar.length : e.similar.length;
    if (variants < MIN_SIMILAR) fewSimilar.push(`${e.id} ${variants} (${where(e)})`);
    if (!phrasingsOf(e).some(isTraditional)) noTraditional.push(`${e.id} (${where(e)})`);
  }

  print('exact duplicate phrasings across entries', exact);
  print(`near-duplicate phrasings across entries (Jaccard ≥ ${NEAR_PHRASING})`, near.map((n) => n.row));
  print(`near-duplicate intents (mean best-match a→b / b→a, either ≥ ${NEAR_INTENT})`, intents.map((n) => n.row));
  print(`phrasings nearer another entry than their own (≥ ${STRAY})`, strays.map((n) => n.row));
  print('unknown eval labels', unknown);
  print(`eval turns copied from a phrasing (Jaccard ≥ ${EVAL_COPY})`, copies.map((n) => n.row));
  print(`eval turns repeating another eval turn (Jaccard ≥ ${EVAL_COPY})`, repeats.map((n) => n.row));
  print(`possible mislabels (label < ${MISLABEL_FAR} while another entry ≥ ${MISLABEL_CLOSE})`, mislabels.map((n) => n.row));
  print('undeclared placeholders', undeclared);
  print('store facts without placeholder or hedge (review)', facts);
  print(`answers over ${MAX_ANSWER} characters`, long);
  print(`entries with fewer than ${MIN_SIMILAR} similar phrasings`, fewSimilar);
  print('entries without a Traditional phrasing', noTraditional);
  if (problems.length) print('eval file problems', problems);

  const noneShare = turns.length ? noneTurns / turns.length : 0;
  const summary: [string, number | string, string][] = [
    ['entries', entries.length, ''],
    ['phrasings', sites.length, ''],
    ['eval turns', turns.length, ''],
    ['eval __none__ share', `${(noneShare * 100).toFixed(1)}%`, noneShare >= MIN_NONE_SHARE ? 'ok' : `< ${MIN_NONE_SHARE * 100}%`],
    ['eval Traditional share', `${((turns.length ? tradTurns / turns.length : 0) * 100).toFixed(1)}%`, ''],
    ['load errors', loadErrors.length, loadErrors.length ? 'FAIL' : 'ok'],
    ['exact duplicate phrasings', exact.length, exact.length ? 'FAIL' : 'ok'],
    ['unknown eval labels', unknown.length, unknown.length ? 'FAIL' : 'ok'],
    ['near-duplicate phrasings', near.length, 'review'],
    ['near-duplicate intents', intents.length, 'review'],
    ['stray phrasings', strays.length, 'review'],
    ['eval copies of phrasings', copies.length, 'review'],
    ['repeated eval turns', repeats.length, 'review'],
    ['possible mislabels', mislabels.length, 'review'],
    ['undeclared placeholders', undeclared.length, undeclared.length ? 'FAIL' : 'ok'],
    ['unhedged store facts', facts.length, 'review'],
    [`answers > ${MAX_ANSWER} chars`, long.length, 'review'],
    [`entries < ${MIN_SIMILAR} similar`, fewSimilar.length, 'review'],
    ['entries without Traditional', noTraditional.length, 'review'],
  ];
  console.log('\n## summary');
  for (const [name, count, status] of summary) console.log(`  ${name.padEnd(30)} ${String(count).padStart(6)}  ${status}`);
  if (exact.length || unknown.length || loadErrors.length || undeclared.length) process.exitCode = 1;
}

await main();
