import assert from 'node:assert/strict';
import { existsSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importSources } from '../../src/commands/import.js';
import { init } from '../../src/commands/init.js';
import { listEntries, showEntry } from '../../src/commands/entries.js';
import { validate } from '../../src/commands/validate.js';
import { merge } from '../../src/commands/merge.js';
import { DiagnosticsError, UserError } from '../../src/errors.js';
import { dumpStore, tempDir } from '../helpers/cli.js';

const FAQ_YAML = `entries:
  - id: store.assembly
    question: 装机要收费吗
    similar: [帮忙装机多少钱, 代装收费吗, 装机费怎么算]
    answer: 整套配件在本店购买免费装机。
    category: 服务/装机
  - id: store.pickup
    question: 可以到店自提吗
    similar: [能自提吗, 门店自取可以吗]
    answer: 可以，{shop.name}门店地址见店铺首页。
`;

const FAQ_CSV = 'id,question,similar,answer,category\nstore.gpu-used,显卡回收吗,收二手显卡吗|旧显卡能卖吗,可以，按成色估价。,服务/回收\n';

describe('workspace commands (in-process)', () => {
  let root: string;
  let ws: string;
  before(() => {
    root = tempDir();
    ws = join(root, 'shop');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('init writes kbt.yaml, a profile and a migrated store; a second init refuses', async () => {
    const r = await init({ cwd: root, dir: 'shop' });
    assert.deepEqual(r.packs, ['3c-digital']);
    assert.ok(existsSync(join(ws, 'kbt.yaml')));
    assert.ok(existsSync(join(ws, '.kbt', 'workspace.db')));
    assert.ok(r.schemaVersion >= 1);
    await assert.rejects(init({ cwd: root, dir: 'shop' }), UserError);
  });

  it('init where the folder cannot be made is a user error naming the path, not a crash', async () => {
    writeFileSync(join(root, 'a-file'), 'x');
    await assert.rejects(init({ cwd: root, dir: 'a-file/shop' }), (err: unknown) => err instanceof UserError && err.location.file === join(root, 'a-file', 'shop'));
  });

  it('init --no-pack makes a merchant-only workspace', async () => {
    const r = await init({ cwd: root, dir: 'solo', packs: [] });
    assert.deepEqual(r.packs, []);
  });

  it('imports YAML and CSV, then skips unchanged files', async () => {
    writeFileSync(join(ws, 'faqs', 'main.yaml'), FAQ_YAML);
    writeFileSync(join(ws, 'faqs', 'extra.csv'), FAQ_CSV);
    const first = await importSources({ cwd: ws });
    assert.deepEqual(first.entries.added, ['store.assembly', 'store.gpu-used', 'store.pickup']);
    assert.deepEqual(first.files.map((f) => [f.path, f.status]), [
      ['faqs/extra.csv', 'added'],
      ['faqs/main.yaml', 'added'],
    ]);
    const again = await importSources({ cwd: ws });
    assert.deepEqual(again.files.map((f) => f.status), ['unchanged', 'unchanged']);
    assert.equal(again.entries.unchanged, 3);
    assert.deepEqual(again.entries.added, []);
  });

  it('replaces an edited file and removes a deleted one', async () => {
    writeFileSync(join(ws, 'faqs', 'main.yaml'), FAQ_YAML.replace('免费装机', '收费 50 元'));
    const edited = await importSources({ cwd: ws });
    assert.deepEqual(edited.entries.changed, ['store.assembly']);
    unlinkSync(join(ws, 'faqs', 'extra.csv'));
    const removed = await importSources({ cwd: ws });
    assert.deepEqual(removed.entries.removed, ['store.gpu-used']);
    const list = await listEntries({ cwd: ws });
    assert.deepEqual(list.entries.map((e) => e.id), ['store.assembly', 'store.pickup']);
  });

  it('a failing import writes nothing', async () => {
    const before = dumpStore(ws);
    writeFileSync(join(ws, 'faqs', 'bad.yaml'), 'entries:\n  - id: x\n    question: 没有答案\n');
    writeFileSync(join(ws, 'faqs', 'main.yaml'), FAQ_YAML.replace('收费 50 元', '免费'));
    await assert.rejects(importSources({ cwd: ws }), (err: unknown) => {
      assert.ok(err instanceof DiagnosticsError);
      assert.ok(err.diagnostics.some((d) => d.file === 'faqs/bad.yaml' && d.line === 2));
      return true;
    });
    assert.equal(dumpStore(ws), before);
    unlinkSync(join(ws, 'faqs', 'bad.yaml'));
  });

  it('entries list --merged includes the pack with merchant entries on top, placeholders filled', async () => {
    await importSources({ cwd: ws });
    const merged = await listEntries({ cwd: ws, merged: true });
    assert.ok(merged.total > 100, `merged knowledge base has ${merged.total} entries`);
    assert.ok(merged.entries.some((e) => e.layer === 'pack'));
    const pickup = await showEntry({ cwd: ws, id: 'store.pickup' });
    assert.match(pickup.answerText, /^可以，我的店铺门店地址/);
    await assert.rejects(showEntry({ cwd: ws, id: 'no.such' }), UserError);
  });

  it('validate reports duplicate phrasings across merchant files', async () => {
    writeFileSync(join(ws, 'faqs', 'dup.yaml'), 'entries:\n  - id: store.dup\n    question: 代装收费吗？\n    similar: [a, b]\n    answer: 收费\n');
    const r = await validate({ cwd: ws });
    const dup = r.diagnostics.find((d) => d.rule === 'duplicate-phrasing');
    assert.ok(dup, 'duplicate phrasing found');
    // Whichever file is read first owns the phrasing; the finding names the other entry and its line.
    assert.deepEqual([dup.entryId, dup.params!.other].sort(), ['store.assembly', 'store.dup']);
    unlinkSync(join(ws, 'faqs', 'dup.yaml'));
  });

  it('merge reports overrides of pack entries by id', async () => {
    const merged = await listEntries({ cwd: ws, merged: true });
    const packId = merged.entries.find((e) => e.layer === 'pack')!.id;
    writeFileSync(join(ws, 'faqs', 'override.yaml'), `entries:\n  - id: ${packId}\n    question: 本店自己的说法\n    similar: [说法二, 说法三]\n    answer: 本店答案\n`);
    await importSources({ cwd: ws });
    const r = await merge({ cwd: ws });
    assert.deepEqual(r.report.overrides.map((o) => [o.packId, o.how]), [[packId, 'same-id']]);
  });
});
