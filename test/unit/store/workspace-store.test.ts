import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { STORE_SCHEMA_VERSION, WorkspaceStore } from '../../../src/store/workspace-store.js';
import { UserError } from '../../../src/errors.js';
import { makeEntry } from '../../helpers/builders.js';

const dir = mkdtempSync(join(tmpdir(), 'kbt-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('WorkspaceStore', () => {
  it('creates and migrates a new store in WAL mode', () => {
    const path = join(dir, 'a', 'workspace.db');
    const store = WorkspaceStore.open(path, { create: true });
    assert.equal(store.schemaVersion, STORE_SCHEMA_VERSION);
    store.close();
    const raw = new Database(path);
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    raw.close();
  });

  it('replaces and removes what a source contributed, keeping source order', () => {
    const store = WorkspaceStore.open(join(dir, 'b.db'), { create: true });
    const src = { path: 'faqs/a.csv', hash: 'h1', format: 'csv', encoding: 'utf-8', importedAt: '2026-01-01T00:00:00.000Z' };
    store.replaceSource(src, [makeEntry({ id: 'z' }), makeEntry({ id: 'a' })]);
    assert.deepEqual(store.entriesOf('faqs/a.csv').map((e) => e.id), ['z', 'a']);
    store.replaceSource({ ...src, hash: 'h2' }, [makeEntry({ id: 'b' })]);
    assert.deepEqual(store.listEntries().map((e) => e.id), ['b']);
    assert.equal(store.listSources()[0]!.hash, 'h2');
    store.removeSource('faqs/a.csv');
    assert.deepEqual(store.listEntries(), []);
    assert.deepEqual(store.listSources(), []);
    store.close();
  });

  it('rolls back a failed transaction completely', () => {
    const store = WorkspaceStore.open(join(dir, 'c.db'), { create: true });
    const src = { path: 'f.yaml', hash: 'h', format: 'yaml', encoding: null, importedAt: 'now' };
    store.replaceSource(src, [makeEntry({ id: 'keep' })]);
    assert.throws(() =>
      store.transaction(() => {
        store.replaceSource({ ...src, hash: 'h2' }, [makeEntry({ id: 'new' })]);
        throw new Error('boom');
      }),
    );
    assert.deepEqual(store.listEntries().map((e) => e.id), ['keep']);
    store.close();
  });

  it('keeps eval runs in order', () => {
    const store = WorkspaceStore.open(join(dir, 'd.db'), { create: true });
    store.saveEvalRun({ createdAt: 't1', summary: { top1: 0.5 } });
    store.saveEvalRun({ createdAt: 't2', label: 'v2', summary: { top1: 0.7 } });
    assert.deepEqual(store.listEvalRuns().map((r) => [r.createdAt, r.label, (r.summary as { top1: number }).top1]), [
      ['t1', null, 0.5],
      ['t2', 'v2', 0.7],
    ]);
    store.close();
  });

  it('refuses a store written by a newer kbt', () => {
    const path = join(dir, 'e.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${STORE_SCHEMA_VERSION + 5}`);
    raw.close();
    assert.throws(() => WorkspaceStore.open(path), UserError);
  });

  it('a missing store is a user error, not a crash', () => {
    assert.throws(() => WorkspaceStore.open(join(dir, 'missing', 'x.db')), UserError);
  });
});
