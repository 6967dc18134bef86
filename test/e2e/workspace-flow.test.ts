import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { runKbt, tempDir } from '../helpers/cli.js';

/** The README's first-day flow: init, import a spreadsheet and tutorials, validate for CI, list entries. */
describe('workspace flow (e2e)', () => {
  let root: string;
  let ws: string;
  before(async () => {
    root = tempDir('kbt-flow-');
    ws = join(root, 'my-shop');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('常见问题');
    sheet.addRow(['编号', '标准问题', '相似问题', '答案', '分类', '适用机型']);
    sheet.addRow(['store.assembly', '装机收费吗', '装机要钱吗\n帮装机多少钱\n代装费', '整套在本店购买免费装机', '服务/装机', '']);
    sheet.addRow(['store.y9000p-ram', 'Y9000P能加内存吗', '拯救者加内存\ny9000p内存升级', '两个插槽，最高支持64G', '商品/笔记本', '拯救者 Y9000P']);
    await book.xlsx.writeFile(join(root, 'faqs.xlsx'));
    mkdirSync(join(root, 'tutorials', 'images'), { recursive: true });
    writeFileSync(join(root, 'tutorials', 'images', 'step1.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    writeFileSync(
      join(root, 'tutorials', 'ram.md'),
      '---\nid: tutorial.ram\ntitle: 内存条安装教程\nproducts: [拯救者 Y9000P]\ntriggers: [内存条怎么装, 加装内存步骤]\ncategory: 教程/笔记本\n---\n1. 关机断电 ![拆后盖](images/step1.png)\n',
    );
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('init', () => {
    const r = runKbt(['init', 'my-shop'], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /my-shop/);
  });

  it('import faqs.xlsx tutorials/ --workspace my-shop', () => {
    // Media must live inside the workspace: move the tutorial folder in.
    const r0 = runKbt(['import', 'faqs.xlsx', 'tutorials/', '--workspace', 'my-shop'], { cwd: root });
    assert.equal(r0.code, 2, 'tutorial outside the workspace references media outside it');
    assert.match(r0.stderr, /tutorials\/ram\.md/);
    mkdirSync(join(ws, 'tutorials', 'images'), { recursive: true });
    writeFileSync(join(ws, 'tutorials', 'images', 'step1.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    writeFileSync(
      join(ws, 'tutorials', 'ram.md'),
      '---\nid: tutorial.ram\ntitle: 内存条安装教程\nproducts: [拯救者 Y9000P]\ntriggers: [内存条怎么装, 加装内存步骤]\ncategory: 教程/笔记本\n---\n1. 关机断电 ![拆后盖](images/step1.png)\n',
    );
    const r = runKbt(['import', 'faqs.xlsx', 'my-shop/tutorials/', '--workspace', 'my-shop'], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /3 added/);
  });

  it('entries list --json', () => {
    const r = runKbt(['entries', 'list', '--workspace', 'my-shop', '--json'], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    const body = JSON.parse(r.stdout) as { entries: { id: string; kind: string; source: string }[] };
    assert.deepEqual(body.entries.map((e) => [e.id, e.kind]), [
      ['store.assembly', 'faq'],
      ['store.y9000p-ram', 'faq'],
      ['tutorial.ram', 'tutorial'],
    ]);
    assert.match(body.entries[0]!.source, /faqs\.xlsx:2$/);
  });

  it('validate --format github: clean workspace exits 0; an error becomes an annotation and exit 1', () => {
    writeFileSync(join(ws, 'faqs', 'extra.yaml'), 'entries:\n  - id: store.dup\n    question: 装机要钱吗？\n    similar: [一, 二]\n    answer: 重复\n');
    const bad = runKbt(['validate', '--workspace', 'my-shop', '--format', 'github'], { cwd: root });
    assert.equal(bad.code, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /^::error file=faqs\/extra\.yaml,line=2,title=kbt duplicate-phrasing::/m);
    rmSync(join(ws, 'faqs', 'extra.yaml'));
    // The xlsx lives outside the workspace's configured sources; validate the sources kbt.yaml names.
    const ok = runKbt(['validate', '--workspace', 'my-shop', '--format', 'json'], { cwd: root });
    const report = JSON.parse(ok.stdout) as { version: number; summary: { errors: number } };
    assert.equal(report.version, 1);
    assert.equal(report.summary.errors, 0, ok.stdout);
    assert.equal(ok.code, 0);
  });
});
