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
    console.log(JSON.stringify({ [section.name]: results[section.name] }, null, 2));
  }
  writeFileSync(file, `${JSON.stringify(sortKeys(results), null, 2)}\n`);
}

await main();
