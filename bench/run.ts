/**
 * Benchmark runner: a small registry of sections. Each section measures something and returns a JSON
 * object; the runner merges the sections it ran into bench/results.json (other sections are kept).
 *
 *   npm run bench                 # every section
 *   npm run bench -- matcher      # only the named sections
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

export interface BenchSection {
  name: string;
  run: () => Promise<Record<string, unknown>>;
}

/** Registered sections; add one line per section, lazily imported so one section's deps stay out of another. */
const SECTIONS: BenchSection[] = [
  { name: 'matcher', run: async () => (await import('./matcher.js')).runMatcherBench() },
  { name: 'load', run: async () => ({ ...(await import('./load.js')).runLoadBench() }) },
  { name: 'eval', run: async () => (await import('./eval.js')).runEvalBenchIsolated() },
];

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/** Rows `[label, figures…]` for the printed table: flat numbers of a section, nested objects one row each. */
export function tableRows(section: string, result: Record<string, unknown>): string[][] {
  const rows: string[][] = [];
  const flat: string[] = [];
  for (const [k, v] of Object.entries(result)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const figures = Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => typeof x === 'number' || (Array.isArray(x) && x.every((y) => typeof y === 'number')))
        .map(([name, x]) => `${name} ${Array.isArray(x) ? x.join('/') : x}`);
      rows.push([`${section} ${k}`, figures.join(', ')]);
    } else if (typeof v === 'number') flat.push(`${k} ${v}`);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'number')) flat.push(`${k} ${v.join('/')}`);
  }
  if (flat.length > 0) rows.unshift([section, flat.join(', ')]);
  return rows;
}

function printTable(rows: string[][]): void {
  const width = Math.max(...rows.map((r) => r[0]!.length));
  for (const r of rows) console.log(`${r[0]!.padEnd(width)}  ${r[1]}`);
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !SECTIONS.some((s) => s.name === w));
  if (unknown.length > 0) {
    console.error(`unknown bench section(s): ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const file = join(process.cwd(), 'bench', 'results.json');
  const results: Record<string, unknown> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  for (const section of SECTIONS) {
    if (wanted.length > 0 && !wanted.includes(section.name)) continue;
    console.error(`bench: ${section.name}…`);
    // The machine may be shared: the load average when the section started says how much to trust wall times.
    const load = loadavg().map((x) => Math.round(x * 100) / 100);
    results[section.name] = { ...(await section.run()), load_avg: load };
    printTable(tableRows(section.name, results[section.name] as Record<string, unknown>));
  }
  console.log(`written to ${file}`);
  writeFileSync(file, `${JSON.stringify(sortKeys(results), null, 2)}\n`);
}

await main();
