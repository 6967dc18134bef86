import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirs } from '../../../src/util/make-dirs.js';

test('makeDirs creates every missing level and accepts folders that exist', () => {
  const root = mkdtempSync(join(tmpdir(), 'kbt-dirs-'));
  try {
    const deep = join(root, 'a', 'b', 'c');
    makeDirs(deep);
    assert.ok(statSync(deep).isDirectory());
    makeDirs(deep);
    makeDirs(root);
    assert.ok(statSync(deep).isDirectory());
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('makeDirs throws the file system error where a level cannot be made', () => {
  const root = mkdtempSync(join(tmpdir(), 'kbt-dirs-'));
  try {
    writeFileSync(join(root, 'file'), 'x');
    assert.throws(() => makeDirs(join(root, 'file', 'sub')), (err: NodeJS.ErrnoException) => err.code === 'ENOTDIR' || err.code === 'EEXIST');
    assert.equal(existsSync(join(root, 'file', 'sub')), false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

// Node's recursive mkdir never returns here: /proc exists and refuses new folders with ENOENT.
test('makeDirs fails, not hangs, under a folder that refuses new entries', { skip: process.platform !== 'linux' || !existsSync('/proc/self') }, () => {
  assert.throws(() => makeDirs('/proc/kbt-no-such/sub'), (err: NodeJS.ErrnoException) => typeof err.code === 'string');
});
