import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { dumpStore, runKbt, tempDir } from '../helpers/cli.js';

/**
 * Every bad input gets one clear message naming the file and line, exit 2, no stack trace, and the store
 * exactly as it was.
 */
describe('kbt import: bad input (e2e)', () => {
  let root: string;
  let ws: string;
  let baseline: string;
  before(() => {
    root = tempDir('kbt-e2e-');
    ws = join(root, 'shop');
    assert.equal(runKbt(['init', 'shop', '--no-pack'], { cwd: root }).code, 0);
    writeFileSync(join(ws, 'good.csv'), 'id,question,similar,answer\ng1,多久发货,几天发货|什么时候发,48小时内\n');
    const ok = runKbt(['import', 'good.csv'], { cwd: ws });
    assert.equal(ok.code, 0, ok.stderr);
    baseline = dumpStore(ws);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  function expectRejected(file: string, contents: Buffer | string, opts: { line?: number; field?: string; args?: string[]; message?: RegExp } = {}) {
    writeFileSync(join(ws, file), contents);
    const r = runKbt(['import', file, ...(opts.args ?? [])], { cwd: ws });
    assert.equal(r.code, 2, `exit code for ${file}: ${r.stderr}`);
    assert.ok(r.stderr.includes(file), `message names the file: ${r.stderr}`);
    if (opts.line) assert.ok(r.stderr.includes(`${file}:${opts.line}`), `message names line ${opts.line}: ${r.stderr}`);
    if (opts.field) assert.ok(r.stderr.includes(opts.field), `message names field ${opts.field}: ${r.stderr}`);
    if (opts.message) assert.match(r.stderr, opts.message);
    assert.doesNotMatch(r.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
    assert.equal(dumpStore(ws), baseline, 'store unchanged');
  }

  it('malformed CSV (unclosed quote)', () => {
    expectRejected('unclosed.csv', 'question,answer\n多久发货,48小时\n"没有闭合,答案\n', { line: 3 });
  });

  it('a row with a missing answer', () => {
    expectRejected('noanswer.csv', 'question,answer\n多久发货,48小时\n能开发票吗,\n', { line: 3, field: 'answer' });
  });

  it('an unknown encoding', () => {
    expectRejected('enc.csv', 'question,answer\n多久发货,48小时\n', { args: ['--encoding', 'klingon-8'], message: /klingon-8/ });
  });

  it('a YAML syntax error', () => {
    // "key: a: b" on line 3 is the classic mistake of an unquoted colon in Chinese text.
    expectRejected('broken.yaml', 'entries:\n  - id: a\n    question: 注意: 这里有冒号\n    answer: x\n', { line: 3 });
  });

  it('an empty file', () => {
    expectRejected('empty.csv', '', { message: /empty/i });
  });

  it('a binary file', () => {
    expectRejected('image.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3]), {
      message: /binary/i,
    });
  });

  it('a 50 MB cell', () => {
    const big = Buffer.concat([Buffer.from('question,answer\n多久发货,"'), Buffer.alloc(50 * 1024 * 1024, 0x61), Buffer.from('"\n')]);
    expectRejected('huge.csv', big, { line: 2, field: 'answer' });
  });

  it('a malformed JSONL line', () => {
    expectRejected('bad.jsonl', '{"id":"a","question":"q","answer":"x"}\n{"id": "b", question\n', { line: 2 });
  });

  it('an unreadable workspace config is exit 2 naming kbt.yaml and the line', () => {
    const dir = join(root, 'badcfg');
    runKbt(['init', 'badcfg', '--no-pack'], { cwd: root });
    writeFileSync(join(dir, 'kbt.yaml'), 'name: x\npacks: []\nthreshold:\n  answer: 2\n');
    const r = runKbt(['import'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /kbt\.yaml:3/);
    assert.match(r.stderr, /threshold/);
  });
});

describe('kbt import: spreadsheet encodings (e2e)', () => {
  let root: string;
  before(() => {
    root = tempDir('kbt-e2e-enc-');
    runKbt(['init', 'shop', '--no-pack'], { cwd: root });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const csv = '编号,标准问题,相似问题,答案,分类\nq1,笔记本保修多久,"保修几年\n质保多久",整机保修两年,售后/保修\n';

  for (const [name, bytes] of [
    ['gbk.csv', iconv.encode(csv, 'gbk')],
    ['bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)])],
    ['big5.csv', iconv.encode(csv.replace('笔记本保修多久', '筆記本保固多久').replace('整机保修两年', '整機保固兩年').replace('保修几年', '保固幾年'), 'big5')],
  ] as const) {
    it(`reads ${name} with Chinese headers`, () => {
      const ws = join(root, 'shop');
      writeFileSync(join(ws, 'faqs', name), bytes);
      const r = runKbt(['import', `faqs/${name}`, '--json'], { cwd: ws });
      assert.equal(r.code, 0, r.stderr);
      const list = runKbt(['entries', 'show', 'q1', '--json'], { cwd: ws });
      assert.equal(list.code, 0, list.stderr);
      const shown = JSON.parse(list.stdout) as { entry: { question: string; similar: string[]; category: string } };
      assert.match(shown.entry.question, /^(笔记本保修多久|筆記本保固多久)$/);
      assert.equal(shown.entry.similar.length, 2);
      assert.equal(shown.entry.category, '售后/保修');
    });
  }
});

describe('kbt CLI basics (e2e)', () => {
  it('--version, --help and a usage error', () => {
    const cwd = tempDir();
    const v = runKbt(['--version'], { cwd });
    assert.equal(v.code, 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+/);
    const h = runKbt(['import', '--help'], { cwd });
    assert.equal(h.code, 0);
    assert.match(h.stdout, /Examples:/);
    const bad = runKbt(['validate', '--format', 'xml'], { cwd });
    assert.equal(bad.code, 2);
    const unknown = runKbt(['frobnicate'], { cwd });
    assert.equal(unknown.code, 2);
    rmSync(cwd, { recursive: true, force: true });
  });

  it('speaks Chinese with --lang zh-CN or LANG=zh_CN', () => {
    const cwd = tempDir();
    const r = runKbt(['entries', 'list'], { cwd, env: { LANG: 'zh_CN.UTF-8' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /错误/);
    const en = runKbt(['entries', 'list', '--lang', 'en'], { cwd, env: { LANG: 'zh_CN.UTF-8' } });
    assert.match(en.stderr, /error:/);
    rmSync(cwd, { recursive: true, force: true });
  });
});
