import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONFIG_FILE = 'kbt.yaml';
export const STATE_DIR = '.kbt';
export const DB_FILE = 'workspace.db';

let packageRoot: string | undefined;

/** kbt's own install folder (holds package.json): from dist/src/… when built, src/… when run from source. */
export function kbtRoot(): string {
  if (packageRoot) return packageRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'packs'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('kbt install folder not found');
    dir = up;
  }
  packageRoot = dir;
  return dir;
}

/** The `packs/` folder that ships with kbt (next to package.json). */
export function bundledPacksRoot(): string {
  return join(kbtRoot(), 'packs');
}

export function resolveWorkspace(cwd: string, workspace: string | undefined): string {
  return resolve(cwd, workspace ?? '.');
}

/** Workspace-relative, `/`-separated path for messages and provenance. */
export function toDisplayPath(root: string, abs: string): string {
  const rel = relative(root, abs);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

/** True when `target` lies inside `root` (after resolving `..`). */
export function isInside(root: string, target: string): boolean {
  const rel = relative(resolve(root), resolve(target));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Resolves a pack reference: a bundled pack name, or a path relative to the workspace. */
export function resolvePackDir(workspaceRoot: string, ref: string): string | undefined {
  const asPath = resolve(workspaceRoot, ref);
  if ((ref.includes('/') || ref.startsWith('.')) && existsSync(join(asPath, 'pack.yaml'))) return asPath;
  const bundled = join(bundledPacksRoot(), ref);
  if (existsSync(join(bundled, 'pack.yaml'))) return bundled;
  if (existsSync(join(asPath, 'pack.yaml'))) return asPath;
  return undefined;
}
