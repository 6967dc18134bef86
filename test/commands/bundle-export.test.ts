import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { BundleTooNewError, ValidationFailedError } from '../../src/bundle/errors.js';
import { openBundleFile } from '../../src/bundle/file.js';
import { BUNDLE_FORMAT_VERSION } from '../../src/bundle/format.js';
import { loadBundle } from '../../src/bundle/runtime.js';
import { verifyBundleFile } from '../../src/bundle/verify.js';
import { askWith } from '../../src/commands/ask.js';
import { build } from '../../src/commands/build.js';
import { diffBundles, inspectBundle } from '../../src/commands/bundle.js';
import { exportBundle } from '../../src/commands/export.js';
import { importSources } from '../../src/commands/import.js';
import { createTranslator } from '../../src/i18n/index.js';
import { buildMatcher } from '../../src/match/index.js';
import type { SessionTurn } from '../../src/match/types.js';
import { loadKnowledgeBase } from '../../src/workspace/knowledge-base.js';
import { tempDir } from '../helpers/cli.js';
import { LOG_LINES, PNG_BYTES, writeFixtureWorkspace } from './bundle-fixture.js';

const t = createTranslator('en');

/** Flips one byte of `file` inside the first occurrence of `needle`. */
function flipByteIn(file: string, needle: string, which = 0): void {
  const bytes = readFileSync(file);
  const at = bytes.indexOf(Buffer.from(needle, 'utf8'));
  let found = at;
  for (let i = 0; i < which; i++) found = bytes.indexOf(Buffer.from(needle, 'utf8'), found + 1);
  assert.ok(found >= 0, `"${needle}" not found in ${file}`);
  bytes[found + 1] = bytes[found + 1]! ^ 0x01;
  writeFileSync(file, bytes);
}

describe('kbt export (in-process)', () => {
  let root: string;
  let ws: string;
  before(async () => {
    root = tempDir('kbt-bundle-');
    ws = writeFixtureWorkspace(join(root, 'shop'));
    await importSources({ cwd: ws });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('exporting twice gives the same content hash, and the same JSON bytes', async () => {
    const a = await exportBundle({ cwd: ws, out: 'out/a.kbt', now: () => new Date('2026-01-01T00:00:00Z') });
    const b = await exportBundle({ cwd: ws, out: 'out/b.kbt', now: () => new Date('2026-06-01T00:00:00Z') });
    assert.match(a.manifest.contentHash, /^sha256:[0-9a-f]{64}$/);
    assert.equal(a.manifest.contentHash, b.manifest.contentHash);
    const j1 = await exportBundle({ cwd: ws, out: 'out/a.json', format: 'json' });
    const j2 = await exportBundle({ cwd: ws, out: 'out/b.json', format: 'json' });
    assert.equal(j1.manifest.contentHash, a.manifest.contentHash, 'JSON and SQLite hold the same content');
    assert.ok(readFileSync(j1.path).equals(readFileSync(j2.path)));
    assert.equal(a.manifest.counts.entries, 7);
    assert.equal(a.manifest.counts.media, 2);
    assert.deepEqual(a.manifest.packs, [{ name: 'mini', version: '1.2.0' }]);
    assert.deepEqual(a.manifest.sources.map((s) => s.path), ['faqs/store.yaml', 'tutorials/ram.md']);
    assert.equal(a.manifest.version, '0.0.0');
    assert.deepEqual(a.stale, []);
  });

  it('a changed answer changes the hash; the version defaults to the previous bundle\'s', async () => {
    const first = await exportBundle({ cwd: ws, out: 'out/v.kbt', bundleVersion: '1.3.0' });
    const again = await exportBundle({ cwd: ws, out: 'out/v.kbt' });
    assert.equal(again.manifest.version, '1.3.0');
    assert.equal(again.manifest.contentHash, first.manifest.contentHash);
    const path = join(ws, 'faqs/store.yaml');
    const original = readFileSync(path, 'utf8');
    try {
      writeFileSync(path, original.replace('免费装机。', '免费装机，另送清灰。'));
      const stale = await exportBundle({ cwd: ws, out: 'out/stale.kbt', bundleVersion: '1.3.0' });
      assert.deepEqual(stale.stale, ['faqs/store.yaml'], 'edited after import');
      assert.equal(stale.manifest.contentHash, first.manifest.contentHash, 'the bundle holds the imported version');
      await importSources({ cwd: ws });
      const changed = await exportBundle({ cwd: ws, out: 'out/v2.kbt' });
      assert.notEqual(changed.manifest.contentHash, first.manifest.contentHash);
      const d = await diffBundles({ cwd: ws, a: 'out/v.kbt', b: 'out/v2.kbt', logs: 'logs/labeled.jsonl' });
      assert.deepEqual(d.diff.entries.changed.map((c) => [c.id, c.fields]), [['store.assembly', ['answer']]]);
      assert.deepEqual(d.diff.entries.added, []);
      assert.equal(d.turns?.turns, 9);
    } finally {
      writeFileSync(path, original);
      await importSources({ cwd: ws });
    }
  });

  it('rejects a bad --bundle-version and an unknown format as usage errors', async () => {
    await assert.rejects(exportBundle({ cwd: ws, out: 'out/x.kbt', bundleVersion: 'v1' }), (e: Error & { exitCode?: number }) => e.exitCode === 2);
    await assert.rejects(exportBundle({ cwd: ws, out: 'out/x.kbt', format: 'xml' as 'json' }), (e: Error & { exitCode?: number }) => e.exitCode === 2);
    assert.equal(existsSync(join(ws, 'out/x.kbt')), false);
  });

  it('verify passes a fresh bundle and names a flipped byte in SQLite and in JSON', async () => {
    const sqlite = await exportBundle({ cwd: ws, out: 'out/flip.kbt' });
    const json = await exportBundle({ cwd: ws, out: 'out/flip.json', format: 'json' });
    assert.equal(verifyBundleFile(sqlite.path, t).ok, true);
    assert.equal(verifyBundleFile(json.path, t).ok, true);

    // The answer text is stored in the entry body and in a convenience column: both are checked.
    flipByteIn(sqlite.path, '免费装机', 0);
    let r = verifyBundleFile(sqlite.path, t);
    assert.equal(r.ok, false);
    assert.ok(r.problems.length > 0);
    const second = await exportBundle({ cwd: ws, out: 'out/flip2.kbt' });
    flipByteIn(second.path, '免费装机', 1);
    r = verifyBundleFile(second.path, t);
    assert.equal(r.ok, false);

    flipByteIn(json.path, '免费装机');
    r = verifyBundleFile(json.path, t);
    assert.equal(r.ok, false);
    assert.ok(r.problems.some((p) => p.check === 'content-hash'), JSON.stringify(r.problems));
  });

  it('verify names a corrupted media file', async () => {
    const b = await exportBundle({ cwd: ws, out: 'out/media.kbt' });
    const db = new Database(b.path);
    db.prepare("UPDATE media SET bytes = ? WHERE key = 'images/gpu.png'").run(Buffer.from('not a png'));
    db.close();
    const r = verifyBundleFile(b.path, t);
    assert.equal(r.ok, false);
    assert.ok(r.problems.some((p) => p.check === 'media' && p.detail.includes('images/gpu.png')), JSON.stringify(r.problems));
  });

  it('a failure while writing leaves the previous bundle untouched and no temp file', async () => {
    const first = await exportBundle({ cwd: ws, out: 'out/atomic.kbt' });
    const before = readFileSync(first.path);
    for (const format of ['sqlite', 'json'] as const) {
      let sawTemp = false;
      await assert.rejects(
        exportBundle({
          cwd: ws,
          out: 'out/atomic.kbt',
          format,
          bundleVersion: '9.9.9',
          hooks: {
            duringWrite: (tmp) => {
              sawTemp = existsSync(tmp);
              throw new Error('disk full (simulated)');
            },
          },
        }),
        /disk full/,
      );
      assert.ok(sawTemp, 'the hook ran while the temp file existed');
      assert.ok(readFileSync(first.path).equals(before));
      assert.deepEqual(readdirSync(join(ws, 'out')).filter((n) => n.endsWith('.tmp')), []);
    }
  });

  it('refuses to export when validation has errors (exit 1), leaving the old bundle', async () => {
    const first = await exportBundle({ cwd: ws, out: 'out/invalid.kbt' });
    const before = readFileSync(first.path);
    const bad = join(ws, 'faqs/bad.yaml');
    writeFileSync(bad, 'entries:\n  - id: x.no-answer\n    question: 没有答案的问题\n');
    try {
      await assert.rejects(exportBundle({ cwd: ws, out: 'out/invalid.kbt' }), (e: unknown) => {
        assert.ok(e instanceof ValidationFailedError);
        assert.equal(e.exitCode, 1);
        assert.ok(e.diagnostics.some((d) => d.file === 'faqs/bad.yaml'));
        return true;
      });
      assert.ok(readFileSync(first.path).equals(before));
    } finally {
      rmSync(bad);
    }
  });

  it('a bundle of a newer format version is refused with a clear message', async () => {
    const b = await exportBundle({ cwd: ws, out: 'out/new.kbt' });
    const db = new Database(b.path);
    const newer = BUNDLE_FORMAT_VERSION + 1;
    db.pragma(`user_version = ${newer}`);
    db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(String(newer), 'format_version');
    db.close();
    assert.throws(() => openBundleFile(b.path, t), (e: unknown) => e instanceof BundleTooNewError && e.message.includes(`format ${newer}`) && e.exitCode === 2);
    await assert.rejects(loadBundle(b.path), BundleTooNewError);
    assert.throws(() => verifyBundleFile(b.path, t), BundleTooNewError);

    const j = await exportBundle({ cwd: ws, out: 'out/new.json', format: 'json' });
    const doc = JSON.parse(readFileSync(j.path, 'utf8')) as Record<string, unknown>;
    doc.formatVersion = newer;
    writeFileSync(j.path, JSON.stringify(doc));
    await assert.rejects(loadBundle(j.path), (e: unknown) => e instanceof BundleTooNewError && e.message.includes(`this kbt reads format ${BUNDLE_FORMAT_VERSION}`));
  });

  it('inspect reports the manifest and counts', async () => {
    await exportBundle({ cwd: ws, out: 'out/inspect.kbt', bundleVersion: '2.0.0' });
    const o = inspectBundle({ cwd: ws, file: 'out/inspect.kbt', t });
    assert.equal(o.format, 'sqlite');
    assert.equal(o.manifest.version, '2.0.0');
    assert.deepEqual(o.counts.layers, { pack: 4, merchant: 3 });
    assert.equal(o.counts.tutorials, 1);
    assert.deepEqual(o.counts.categories, { 售后: 1, 教程: 1, 服务: 2, 购物: 2, 闲聊: 1 });
    assert.ok(o.builtAt);
  });

  it('the loader answers like kbt ask on every labeled turn, with media and filled placeholders', async () => {
    for (const format of ['sqlite', 'json'] as const) {
      const out = await exportBundle({ cwd: ws, out: `out/runtime.${format}`, format });
      const bundle = await loadBundle(out.path);
      const kb = await loadKnowledgeBase({ cwd: ws });
      const matcher = buildMatcher(kb.entries, kb.lexicon, { thresholds: kb.config.thresholds });
      const byId = new Map(kb.entries.map((e) => [e.id, e]));
      const sessions = new Map<string, SessionTurn[]>();
      let compared = 0;
      for (const turn of LOG_LINES) {
        const history = sessions.get(turn.session) ?? [];
        if (turn.role === 'customer' && turn.label) {
          const expected = askWith(matcher, byId, turn.text, history, kb.config.thresholds);
          const actual = bundle.answer(turn.text, { session: history });
          assert.deepEqual(actual, expected, `turn "${turn.text}"`);
          compared++;
        }
        history.push({ role: turn.role as SessionTurn['role'], text: turn.text });
        sessions.set(turn.session, history);
      }
      assert.equal(compared, 9);

      const hello = bundle.answer('你好');
      assert.equal(hello.decision, 'answer');
      assert.equal(hello.entryId, 'chat.hello');
      assert.equal(hello.answer, '您好，欢迎光临小店！');
      assert.deepEqual(bundle.answer('二手显卡你们收吗').answerParts, [
        { type: 'text', text: '可以回收，按成色估价。' },
        { type: 'image', src: '../images/gpu.png', alt: '回收流程' },
      ]);
      const gpu = bundle.entry('store.gpu-used');
      assert.ok(gpu);
      const media = bundle.mediaOf('store.gpu-used');
      assert.deepEqual(media.map((m) => [m.ref, m.key, m.mime]), [['../images/gpu.png', 'images/gpu.png', 'image/png']]);
      assert.ok(bundle.readMedia('images/gpu.png')?.equals(PNG_BYTES));
      assert.equal(bundle.entries.length, 7);
      bundle.close();
    }
  });

  it('kbt build runs every step, records the eval in the bundle, and stops on a failed gate', async () => {
    const progress: string[] = [];
    const r = await build({ cwd: ws, out: 'out/build.kbt', onProgress: (m) => progress.push(m) });
    assert.equal(r.passed, true);
    assert.equal(r.entries.total, 7);
    assert.equal(r.eval?.turns, 9);
    assert.ok(r.bundle);
    assert.ok(progress.some((l) => l.startsWith('[5/5]')));
    const o = inspectBundle({ cwd: ws, file: 'out/build.kbt', t });
    assert.equal((o.manifest.eval as { turns: number }).turns, 9);
    const again = await build({ cwd: ws, out: 'out/build.kbt' });
    assert.equal(again.bundle?.manifest.contentHash, r.bundle.manifest.contentHash);

    const gated = tempDir('kbt-bundle-gate-');
    try {
      const gws = writeFixtureWorkspace(gated, { extraKbtYaml: 'gates: { minTop1: 1 }\n' });
      // Mislabel a turn so top-1 falls below 1.
      writeFileSync(join(gws, 'logs/labeled.jsonl'), readFileSync(join(gws, 'logs/labeled.jsonl'), 'utf8').replace('"label":"shop.shipping"', '"label":"shop.invoice"'));
      const failed = await build({ cwd: gws });
      assert.equal(failed.passed, false);
      assert.equal(failed.bundle, undefined);
      assert.equal(existsSync(join(gws, 'dist/bundle.kbt')), false);
    } finally {
      rmSync(gated, { recursive: true, force: true });
    }
  });
});
