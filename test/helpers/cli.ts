import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { main } from '../../src/main.js';

/** Repository root: tests run from dist/test/…, sources live in test/…; both are two or three levels down. */
export const repoRoot = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../../' : '../../', import.meta.url));
export const binPath = join(repoRoot, 'bin', 'kbt.js');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns the built CLI as a user would, without colour and in English unless the env says otherwise. */
export function runKbt(args: string[], options: { cwd: string; env?: Record<string, string>; input?: string }): RunResult {
  const result = spawnSync(process.execPath, [binPath, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', LANG: 'C', ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI in-process (fast), capturing output. */
export async function runMain(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd: options.cwd,
    env: { NO_COLOR: '1', LANG: 'C', ...options.env },
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    isTTY: false,
  });
  return { code, stdout, stderr };
}

export function tempDir(prefix = 'kbt-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every stored entry and source, as comparable JSON: "the store is unchanged" means this is equal. */
export function dumpStore(workspace: string): string {
  const db = new Database(join(workspace, '.kbt', 'workspace.db'), { readonly: true });
  try {
    const sources = db.prepare('SELECT path, hash, format, entry_count FROM sources ORDER BY path').all();
    const entries = db.prepare('SELECT source_path, position, id, body FROM entries ORDER BY source_path, position').all();
    return JSON.stringify({ sources, entries });
  } finally {
    db.close();
  }
}

/** Files under a folder with their sizes, for "nothing else was written" checks. */
export function listTree(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(root, p));
    }
  };
  walk(root);
  return out;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
