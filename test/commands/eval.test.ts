import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { importSources } from '../../src/commands/import.js';
import { init } from '../../src/commands/init.js';
import { main } from '../../src/main.js';
import { runMain, tempDir } from '../helpers/cli.js';

const FAQ_YAML = `entries:
  - id: store.assembly
    question: 装机要收费吗
    similar: [帮忙装机多少钱, 代装收费吗, 装机费怎么算]
    answer: 整套配件在本店购买免费装机。
    category: 服务/装机
  - id: store.pickup
    question: 可以到店自提吗
    similar: [能自提吗, 门店自取可以吗, 可以自己来店里拿吗]
    answer: 可以，门店地址见店铺首页。
    category: 服务/自提
  - id: store.invoice
    question: 怎么开发票
    similar: [发票怎么开, 能开专票吗, 可以开增值税发票吗]
    answer: 下单时填写发票信息即可。
    category: 购物/发票
`;

const line = (o: object) => JSON.stringify(o);
const LOG = [
  line({ session: 'a', turn: 1, role: 'customer', text: '装机收费吗', label: 'store.assembly' }),
  line({ session: 'a', turn: 2, role: 'agent', text: '免费的' }),
  line({ session: 'a', turn: 3, role: 'customer', text: '能到店自提吗', label: 'store.pickup' }),
  line({ session: 'b', turn: 1, role: 'customer', text: '發票怎麼開', label: 'store.invoice' }),
  line({ session: 'b', turn: 2, role: 'customer', text: '你们老板是谁呀', label: '__none__' }),
  line({ session: 'c', turn: 1, role: 'customer', text: '代装多少钱', label: 'store.assembly' }),
  line({ session: 'c', turn: 2, role: 'customer', text: '转人工', label: '__none__' }),
].join('\n');

/** A CSV export as a merchant's back office writes it, Chinese header and all. */
const CSV_LOG = [
  '会话ID,轮次,角色,内容,标注',
  'a,1,顾客,装机收费吗,store.assembly',
  'a,2,客服,免费的,',
  'a,3,顾客,能到店自提吗,store.pickup',
  'b,1,买家,發票怎麼開,store.invoice',
  'b,2,买家,你们老板是谁呀,__none__',
  'c,1,顾客,代装多少钱,store.assembly',
  'c,2,顾客,转人工,__none__',
  'c,3,顾客,可以开增值税发票吗,store.invoice',
].join('\r\n');

describe('kbt eval (in-process)', () => {
  let root: string;
  let ws: string;
  before(async () => {
    root = tempDir('kbt-eval-');
    ws = join(root, 'shop');
    await init({ cwd: root, dir: 'shop', packs: [] });
    writeFileSync(join(ws, 'faqs.yaml'), FAQ_YAML);
    await importSources({ cwd: root, workspace: 'shop', paths: [join(ws, 'faqs.yaml')] });
    mkdirSync(join(ws, 'logs'), { recursive: true });
    writeFileSync(join(ws, 'logs', 'chat.jsonl'), LOG);
    // The default gates would make exit codes depend on the figures; each test sets its own.
    const yaml = readFileSync(join(ws, 'kbt.yaml'), 'utf8');
    writeFileSync(join(ws, 'kbt.yaml'), yaml.replace(/\ngates:\n(?: {2}.*\n)+/, '\ngates: {}\n'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('prints a plain summary, scores only labeled customer turns and records the run', async () => {
    const r = await runMain(['eval', 'logs/chat.jsonl', '-w', '.'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^kbt eval: 6 scored turns \(4 in scope, 2 out of scope\) in 3 sessions from 1 file/);
    const h = await runMain(['eval', 'history', '--json'], { cwd: ws });
    const runs = JSON.parse(h.stdout).runs;
    assert.equal(runs.length, 1);
    assert.equal(runs[0].summary.turns, 6);
  });

  it('uses the chatlogs of kbt.yaml when no logs are given, and prints JSON', async () => {
    const r = await runMain(['eval', '--format', 'json', '--no-save'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.version, 1);
    assert.deepEqual(j.inputs.files, ['logs/chat.jsonl']);
    assert.equal(j.gates, undefined);
    assert.equal(j.summary.inScope.n, 4);
    assert.equal(j.summary.outOfScope.n, 2);
    assert.equal(j.turns.length, 6);
    assert.deepEqual(Object.keys(j.groups.script), ['simplified', 'traditional']);
    assert.equal(j.groups.script.traditional.turns, 1);
  });

  it('fails gates with exit 1, naming each figure and bound', async () => {
    const r = await runMain(['eval', 'logs/chat.jsonl', '--min-top1', '1', '--max-false-answer-rate', '0', '--min-precision', '0', '--no-save'], { cwd: ws });
    assert.equal(r.code, r.stdout.includes('✗ min-top1') ? 1 : 0);
    assert.match(r.stdout, /min-precision: answeredPrecision \d\.\d{3} >= 0\.000/);
    const hard = await runMain(['eval', 'logs/chat.jsonl', '--min-top1', '1.0', '--min-precision', '1', '--max-false-answer-rate', '0', '--no-save'], { cwd: ws });
    // Out-of-scope and traditional turns make a perfect score unlikely; whatever fails is named.
    if (hard.code === 1) assert.match(hard.stdout, /✗ (min-top1|min-precision|max-false-answer-rate): \S+ \d\.\d{3} [<>] \d\.\d{3}/);
    const loose = await runMain(['eval', 'logs/chat.jsonl', '--min-top1', '0', '--no-save'], { cwd: ws });
    assert.equal(loose.code, 0);
    assert.match(loose.stdout, /all gates passed/);
  });

  it('lists every unknown label with file:line and exits 2, or skips them when allowed', async () => {
    writeFileSync(join(ws, 'bad-labels.jsonl'), [line({ session: 'x', turn: 1, role: 'customer', text: '装机收费吗', label: 'nope.one' }), line({ session: 'x', turn: 2, role: 'customer', text: '自提', label: 'store.pickup' }), line({ session: 'y', turn: 1, role: 'customer', text: '发票', label: 'nope.two' })].join('\n'));
    const r = await runMain(['eval', 'bad-labels.jsonl', '--no-save'], { cwd: ws });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad-labels\.jsonl:1: error: label "nope\.one" names no entry/);
    assert.match(r.stderr, /bad-labels\.jsonl:3: error: label "nope\.two"/);
    const ok = await runMain(['eval', 'bad-labels.jsonl', '--allow-unknown-labels', '--format', 'json', '--no-save'], { cwd: ws });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /bad-labels\.jsonl:1: warning/);
    const j = JSON.parse(ok.stdout);
    assert.equal(j.inputs.skippedUnknownLabels, 2);
    assert.equal(j.summary.turns, 1);
  });

  it('reports bad lines with file:line:field and exits 2', async () => {
    writeFileSync(join(ws, 'broken.csv'), 'session,turn,role,text,label\ns,1,customer,装机收费吗,store.assembly\ns,2,alien,hi,\ns,3,customer,,store.pickup\n');
    const r = await runMain(['eval', 'broken.csv', '--no-save'], { cwd: ws });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /broken\.csv:3: error: unknown role "alien".*\(role\)/);
    assert.match(r.stderr, /broken\.csv:4: error: missing field "text" \(text\)/);
  });

  it('writes several formats into a folder and keeps the summary on stdout', async () => {
    const r = await runMain(['eval', 'logs/chat.jsonl', '--format', 'json,markdown,html,junit', '--out-dir', 'reports', '--no-save'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    for (const f of ['eval.json', 'eval.md', 'eval.html', 'eval.junit.xml']) assert.ok(existsSync(join(ws, 'reports', f)), f);
    assert.match(r.stdout, /^kbt eval:/);
    assert.match(r.stderr, /wrote markdown report to/);
    // Without --out-dir several formats go to the workspace's `output.reports` folder.
    const dflt = await runMain(['eval', 'logs/chat.jsonl', '--format', 'json,markdown', '--no-save'], { cwd: ws });
    assert.equal(dflt.code, 0, dflt.stderr);
    assert.ok(existsSync(join(ws, 'reports', 'eval.md')));
    const unknown = await runMain(['eval', 'logs/chat.jsonl', '--format', 'pdf', '--no-save'], { cwd: ws });
    assert.equal(unknown.code, 2);
  });

  it('compares with a baseline and diffs turn by turn; refuses unknown result versions', async () => {
    const first = await runMain(['eval', 'logs/chat.jsonl', '--format', 'json', '--out', 'prev.json', '--no-save'], { cwd: ws });
    assert.equal(first.code, 0, first.stderr);
    const same = await runMain(['eval', 'logs/chat.jsonl', '--baseline', 'prev.json', '--diff', 'prev.json', '--format', 'markdown', '--no-save'], { cwd: ws });
    assert.equal(same.code, 0, same.stdout);
    assert.match(same.stdout, /0 fixed, 0 broken, 0 answered differently/);
    // A baseline that was better than now: every regression beyond the tolerance fails.
    const prev = JSON.parse(readFileSync(join(ws, 'prev.json'), 'utf8'));
    prev.summary.inScope.top1 = 1;
    prev.turns = prev.turns.map((t: { outcome: string; key: string }) => (t.key.endsWith(':a:1') ? { ...t, outcome: 'answered-wrong', decision: 'answer', entryId: 'store.pickup' } : t));
    writeFileSync(join(ws, 'better.json'), JSON.stringify(prev));
    const worse = await runMain(['eval', 'logs/chat.jsonl', '--baseline', 'better.json', '--tolerance', '0.005', '--diff', 'better.json', '--no-save'], { cwd: ws });
    if (JSON.parse(readFileSync(join(ws, 'prev.json'), 'utf8')).summary.inScope.top1 < 0.995) {
      assert.equal(worse.code, 1);
      assert.match(worse.stdout, /✗ baseline:inScope\.top1: inScope\.top1 \d\.\d{3} < 0\.995 \(baseline 1\.000\)/);
    }
    assert.match(worse.stdout, /Against the previous result: [1-9]/);
    writeFileSync(join(ws, 'v2.json'), JSON.stringify({ ...prev, version: 2 }));
    const v2 = await runMain(['eval', 'logs/chat.jsonl', '--baseline', 'v2.json', '--no-save'], { cwd: ws });
    assert.equal(v2.code, 2);
    assert.match(v2.stderr, /v2\.json: eval result version 2 is not supported \(this kbt reads version 1\)/);
  });

  it('--apply writes recommended thresholds into kbt.yaml keeping comments', async () => {
    const r = await runMain(['eval', 'logs/chat.jsonl', '--target-precision', '0.5', '--apply', '--no-save'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    const yaml = readFileSync(join(ws, 'kbt.yaml'), 'utf8');
    assert.match(yaml, /# labeled chat logs for `kbt eval`/);
    if (r.stderr.includes('wrote thresholds')) {
      const m = /wrote thresholds answer ([\d.]+), suggest ([\d.]+)/.exec(r.stderr)!;
      assert.match(yaml, new RegExp(`answer: ${m[1]}\\b`));
      assert.match(yaml, new RegExp(`suggest: ${m[2]}\\b`));
    } else assert.match(r.stderr, /no thresholds reach/);
    const again = await runMain(['eval', 'logs/chat.jsonl', '--no-save'], { cwd: ws });
    assert.equal(again.code, 0, again.stderr);
  });

  it('reads gzip logs from stdin with -', async () => {
    let stdout = '';
    let stderr = '';
    const code = await main(['eval', '-', '--format', 'json', '--no-save'], {
      cwd: ws,
      env: { NO_COLOR: '1', LANG: 'C' },
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stderr += s),
      stdin: Readable.from([gzipSync(Buffer.from(LOG))]),
      isTTY: false,
    });
    assert.equal(code, 0, stderr);
    assert.equal(JSON.parse(stdout).summary.turns, 6);
  });

  it('worker threads give the same figures as one thread; --cv adds cross-validation', async () => {
    const one = await runMain(['eval', 'logs/chat.jsonl', '--format', 'json', '--workers', '0', '--no-save'], { cwd: ws });
    const two = await runMain(['eval', 'logs/chat.jsonl', '--format', 'json', '--workers', '2', '--no-save', '--cv', '3', '--seed', '5'], { cwd: ws });
    assert.equal(two.code, 0, two.stderr);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    assert.deepEqual(b.summary, a.summary);
    assert.deepEqual(b.turns, a.turns);
    assert.equal(b.cv.k, 3);
    assert.equal(b.cv.folds.reduce((s: number, f: { turns: number }) => s + f.turns, 0), 9);
  });

  it('--bundle evaluates a compiled bundle with the same figures as its workspace', async () => {
    const exported = await runMain(['export'], { cwd: ws });
    assert.equal(exported.code, 0, exported.stderr);
    const fromWs = await runMain(['eval', 'logs/chat.jsonl', '--format', 'json', '--no-save'], { cwd: ws });
    const fromBundle = await runMain(['eval', 'logs/chat.jsonl', '--bundle', 'dist/bundle.kbt', '--format', 'json'], { cwd: ws });
    assert.equal(fromBundle.code, 0, fromBundle.stderr);
    const b = JSON.parse(fromBundle.stdout);
    assert.equal(b.knowledgeBase.source, 'bundle');
    assert.deepEqual(b.summary, JSON.parse(fromWs.stdout).summary);
    const both = await runMain(['eval', 'logs/chat.jsonl', '--bundle', 'dist/bundle.kbt', '-w', '.'], { cwd: ws });
    assert.equal(both.code, 2);
  });

  /** Summary and turns of a JSON run; turn keys lose the file name, the one thing twin logs do not share. */
  async function evalFigures(args: string[]): Promise<{ summary: unknown; turns: unknown; stderr: string }> {
    const r = await runMain(['eval', ...args, '--format', 'json', '--no-save', '--workers', '0'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    const turns = (j.turns as { key: string }[]).map((t) => ({ ...t, key: t.key.slice(t.key.indexOf(':')) }));
    return { summary: j.summary, turns, stderr: r.stderr };
  }

  it('scores GBK, gzip GBK and UTF-16 logs exactly like their UTF-8 twin', async () => {
    mkdirSync(join(ws, 'enc'), { recursive: true });
    writeFileSync(join(ws, 'enc', 'utf8.csv'), CSV_LOG);
    writeFileSync(join(ws, 'enc', 'gbk.csv'), iconv.encode(CSV_LOG, 'gbk'));
    writeFileSync(join(ws, 'enc', 'gbk.csv.gz'), gzipSync(iconv.encode(CSV_LOG, 'gbk')));
    writeFileSync(join(ws, 'enc', 'utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CSV_LOG, 'utf16le')]));
    const utf8 = await evalFigures(['enc/utf8.csv']);
    assert.equal((utf8.summary as { turns: number }).turns, 7);
    for (const twin of ['enc/gbk.csv', 'enc/gbk.csv.gz', 'enc/utf16.csv']) {
      const other = await evalFigures([twin]);
      assert.deepEqual(other.summary, utf8.summary, twin);
      assert.deepEqual(other.turns, utf8.turns, twin);
      assert.equal(other.stderr, '', twin);
    }
    const forced = await evalFigures(['enc/gbk.csv', '--encoding', 'GB2312']);
    assert.deepEqual(forced.summary, utf8.summary);
    // The forced encoding really is used: Big5 garbles the GBK header, and the run says so.
    const wrong = await runMain(['eval', 'enc/gbk.csv', '--encoding', 'big5', '--no-save', '--workers', '0'], { cwd: ws });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /gbk\.csv:1: error: the CSV header has no "session" column/);
  });

  it('reads the chatlogs of kbt.yaml in its chatlogEncoding; --encoding and logs named on the line are not bound by it', async () => {
    const yamlPath = join(ws, 'kbt.yaml');
    const original = readFileSync(yamlPath, 'utf8');
    try {
      mkdirSync(join(ws, 'enc'), { recursive: true });
      writeFileSync(join(ws, 'enc', 'gbk.csv'), iconv.encode(CSV_LOG, 'gbk'));
      const withLogs = (encoding: string) => original.replace(/^chatlogs:.*(?:\n {2}- .*)*$/m, `chatlogs: [enc/gbk.csv]\nchatlogEncoding: ${encoding}`);
      // Big5 garbles the GBK header: the setting is really applied to the configured logs.
      writeFileSync(yamlPath, withLogs('big5'));
      const wrong = await runMain(['eval', '--no-save', '--workers', '0'], { cwd: ws });
      assert.equal(wrong.code, 2);
      assert.match(wrong.stderr, /gbk\.csv:1: error: the CSV header has no "session" column/);
      // --encoding wins; a log named on the command line is detected as usual.
      assert.equal((await runMain(['eval', '--encoding', 'gbk', '--no-save', '--workers', '0'], { cwd: ws })).code, 0);
      assert.equal((await runMain(['eval', 'enc/gbk.csv', '--no-save', '--workers', '0'], { cwd: ws })).code, 0);
      // An unknown name in kbt.yaml names the file and the field.
      writeFileSync(yamlPath, withLogs('shift-jis'));
      const bad = await runMain(['eval', '--no-save'], { cwd: ws });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /kbt\.yaml.*unknown encoding "shift-jis"/);
      assert.match(bad.stderr, /chatlogEncoding/);
    } finally {
      writeFileSync(yamlPath, original);
    }
  });

  it('rejects an unknown --encoding with exit 2 and a hint listing the supported names', async () => {
    const r = await runMain(['eval', 'logs/chat.jsonl', '--encoding', 'shift-jis', '--no-save'], { cwd: ws });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown encoding "shift-jis"; supported: .*gbk.*big5/);
    assert.match(r.stderr, /use one of: utf8, utf16le, utf16be, gbk, gb2312, gb18030, big5/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('history prints a table of recorded runs', async () => {
    await runMain(['eval', 'logs/chat.jsonl', '--label', 'second'], { cwd: ws });
    const r = await runMain(['eval', 'history'], { cwd: ws });
    assert.equal(r.code, 0);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.length >= 3);
    assert.match(lines[lines.length - 1]!, /second$/);
  });
});
