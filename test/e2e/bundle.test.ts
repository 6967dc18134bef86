import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { repoRoot, runKbt, tempDir } from '../helpers/cli.js';
import { writeFixtureWorkspace } from '../commands/bundle-fixture.js';
import { BUNDLE_FORMAT_VERSION } from '../../src/bundle/format.js';

/** The compiled export module, for the crash simulation child (e2e runs against the build). */
const exportModule = pathToFileURL(join(repoRoot, 'dist', 'src', 'commands', 'export.js')).href;

describe('kbt export and kbt bundle (e2e)', () => {
  let root: string;
  let ws: string;
  before(() => {
    root = tempDir('kbt-e2e-bundle-');
    ws = writeFixtureWorkspace(join(root, 'shop'));
    const r = runKbt(['import'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('exports, inspects and verifies; two exports share the content hash', () => {
    const a = runKbt(['export', '--out', 'out/a.kbt', '--bundle-version', '1.0.0', '--json'], { cwd: ws });
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stderr, /writing out\/a\.kbt/);
    const b = runKbt(['export', '--out', 'out/b.kbt', '--bundle-version', '1.0.0', '--json'], { cwd: ws });
    const hash = (s: string) => (JSON.parse(s) as { manifest: { contentHash: string } }).manifest.contentHash;
    assert.equal(hash(a.stdout), hash(b.stdout));

    const i = runKbt(['bundle', 'inspect', 'out/a.kbt'], { cwd: ws });
    assert.equal(i.code, 0, i.stderr);
    assert.match(i.stdout, /mini-shop 1\.0\.0/);
    assert.match(i.stdout, /packs: mini@1\.2\.0/);
    const ij = JSON.parse(runKbt(['bundle', 'inspect', 'out/a.kbt', '--json'], { cwd: ws }).stdout) as { version: number; counts: { entries: number } };
    assert.equal(ij.version, 1);
    assert.equal(ij.counts.entries, 7);

    const v = runKbt(['bundle', 'verify', 'out/a.kbt'], { cwd: ws });
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /OK/);
  });

  it('bundle verify exits 1 on a flipped byte and names what is wrong', () => {
    assert.equal(runKbt(['export', '--out', 'out/flip.json', '--format', 'json'], { cwd: ws }).code, 0);
    const path = join(ws, 'out/flip.json');
    const bytes = readFileSync(path);
    const at = bytes.indexOf(Buffer.from('装机要收费吗'));
    bytes[at + 1] = bytes[at + 1]! ^ 0x01;
    writeFileSync(path, bytes);
    const v = runKbt(['bundle', 'verify', 'out/flip.json'], { cwd: ws });
    assert.equal(v.code, 1);
    assert.match(v.stdout, /\[content-hash\] recorded sha256:/);

    assert.equal(runKbt(['export', '--out', 'out/flip.kbt'], { cwd: ws }).code, 0);
    const db = new Database(join(ws, 'out/flip.kbt'));
    db.prepare("UPDATE entries SET question = '装机要收费么' WHERE id = 'store.assembly'").run();
    db.close();
    const s = runKbt(['bundle', 'verify', 'out/flip.kbt', '--json'], { cwd: ws });
    assert.equal(s.code, 1);
    const problems = (JSON.parse(s.stdout) as { problems: { check: string; detail: string }[] }).problems;
    assert.ok(problems.some((p) => p.check === 'columns' && p.detail.includes('store.assembly') && p.detail.includes('question')), s.stdout);
  });

  it('an export killed while writing leaves the previous bundle intact; the next export cleans up', () => {
    assert.equal(runKbt(['export', '--out', 'out/crash.kbt', '--bundle-version', '1.0.0'], { cwd: ws }).code, 0);
    const target = join(ws, 'out/crash.kbt');
    const before = readFileSync(target);
    for (const format of ['sqlite', 'json']) {
      // The child dies by SIGKILL in the middle of writing its temp file: no cleanup code can run.
      const script = `
        const { exportBundle } = await import(${JSON.stringify(exportModule)});
        await exportBundle({ cwd: ${JSON.stringify(ws)}, out: 'out/crash.kbt', format: ${JSON.stringify(format)}, bundleVersion: '2.0.0',
          hooks: { duringWrite: () => process.kill(process.pid, 'SIGKILL') } });
        process.stdout.write('finished');
      `;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(child.signal, 'SIGKILL', child.stderr);
      assert.equal(child.stdout, '');
      assert.ok(readFileSync(target).equals(before), `${format}: the old bundle is unchanged`);
      assert.ok(readdirSync(join(ws, 'out')).some((n) => n.startsWith('.crash.kbt.') && n.endsWith('.tmp')), 'a temp file was left behind');
      const v = runKbt(['bundle', 'verify', 'out/crash.kbt'], { cwd: ws });
      assert.equal(v.code, 0, v.stdout);
    }
    assert.equal(runKbt(['export', '--out', 'out/crash.kbt'], { cwd: ws }).code, 0);
    assert.deepEqual(readdirSync(join(ws, 'out')).filter((n) => n.endsWith('.tmp')), []);
    assert.match(runKbt(['bundle', 'inspect', 'out/crash.kbt'], { cwd: ws }).stdout, /mini-shop 1\.0\.0/);
  });

  it('refuses a bundle from a newer format version with a clear message (exit 2)', () => {
    assert.equal(runKbt(['export', '--out', 'out/newer.kbt'], { cwd: ws }).code, 0);
    const db = new Database(join(ws, 'out/newer.kbt'));
    db.pragma('user_version = 7');
    db.close();
    for (const cmd of [['bundle', 'inspect'], ['bundle', 'verify']]) {
      const r = runKbt([...cmd, 'out/newer.kbt'], { cwd: ws });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`bundle format 7; this kbt reads format ${BUNDLE_FORMAT_VERSION} and older`));
      assert.match(r.stderr, /upgrade kbt/);
      assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
    }
  });

  it('export refuses an invalid knowledge base with exit 1 and every finding', () => {
    writeFileSync(join(ws, 'faqs/bad.yaml'), 'entries:\n  - id: x.bad\n    question: 没有答案\n');
    try {
      const r = runKbt(['export', '--out', 'out/bad.kbt'], { cwd: ws });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /faqs\/bad\.yaml/);
      assert.match(r.stderr, /no bundle was written/);
      assert.equal(existsSync(join(ws, 'out/bad.kbt')), false);
    } finally {
      rmSync(join(ws, 'faqs/bad.yaml'));
    }
  });

  it('bundle diff lists changed entries and labeled turns whose answer changed', () => {
    assert.equal(runKbt(['export', '--out', 'out/d1.kbt'], { cwd: ws }).code, 0);
    const faqs = join(ws, 'faqs/store.yaml');
    const original = readFileSync(faqs, 'utf8');
    try {
      // Drop the assembly entry: its labeled turn can no longer be answered right.
      writeFileSync(faqs, original.replace(/ {2}- id: store\.assembly[\s\S]*?(?= {2}- id: store\.gpu-used)/, ''));
      assert.equal(runKbt(['import'], { cwd: ws }).code, 0);
      assert.equal(runKbt(['export', '--out', 'out/d2.kbt'], { cwd: ws }).code, 0);
      const r = runKbt(['bundle', 'diff', 'out/d1.kbt', 'out/d2.kbt', '--logs', 'logs/labeled.jsonl'], { cwd: ws });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /1 removed/);
      assert.match(r.stdout, /- store\.assembly/);
      assert.match(r.stdout, /BROKEN .*帮忙装机要多少钱/);
      const j = JSON.parse(runKbt(['bundle', 'diff', 'out/d1.kbt', 'out/d2.kbt', '--logs', 'logs/labeled.jsonl', '--json'], { cwd: ws }).stdout) as {
        turns: { broken: number; changes: { kind: string; label: string }[] };
      };
      assert.ok(j.turns.broken >= 1);
      assert.ok(j.turns.changes.some((c) => c.kind === 'broken' && c.label === 'store.assembly'));
    } finally {
      writeFileSync(faqs, original);
      runKbt(['import'], { cwd: ws });
    }
  });
});
