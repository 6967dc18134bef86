// Runs every compiled test file with node's own test runner. Node 20's runner takes no globs, so the
// files are listed here, sorted for a stable order.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', 'dist', 'test');
const filter = process.argv[2];

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...collect(path));
    else if (name.endsWith('.test.js') && (!filter || path.includes(filter))) out.push(path);
  }
  return out;
}

const files = collect(root);
if (files.length === 0) {
  console.error(`no test files under ${root}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
});
process.exit(result.status ?? 1);
