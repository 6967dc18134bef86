import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runKbt, tempDir } from '../helpers/cli.js';

const STORE_YAML = `entries:
  - id: store.y9000p.ram
    question: 拯救者Y9000P的内存能加到多少
    similar: [Y9000P内存最大支持多少, Y9000P能升级到64G内存吗]
    answer: 拯救者 Y9000P 最大支持 64GB；{shop.name}免费加装。
    products: [拯救者 Y9000P]
  - id: store.r9000p.ram
    question: 拯救者R9000P的内存能加到多少
    similar: [R9000P内存最大支持多少, R9000P能升级到64G内存吗]
    answer: 拯救者 R9000P 最大 32GB。
    products: [拯救者 R9000P]
`;

interface AskJson {
  question: string;
  decision: string;
  entryId?: string;
  answer?: string;
  confidence: number;
  contextTurns: number;
  contextProduct?: string;
  candidates: { entryId: string; confidence: number; matchedTerms: string[]; source: { layer: string; file: string; line?: number } }[];
}

/** `kbt ask` as a user runs it: one question, piped turns, explanations, bad session files. */
describe('kbt ask (e2e)', () => {
  let root: string;
  before(() => {
    root = tempDir('kbt-ask-e2e-');
    assert.equal(runKbt(['init', 'shop'], { cwd: root }).code, 0);
    writeFileSync(join(root, 'shop', 'profile.yaml'), 'shop:\n  name: 极客数码\n');
    writeFileSync(join(root, 'shop', 'faqs', 'store.yaml'), STORE_YAML);
    const imported = runKbt(['import', '--workspace', 'shop'], { cwd: root });
    assert.equal(imported.code, 0, imported.stderr);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('--bundle answers from the exported bundle; --bundle with --workspace is a usage error', () => {
    const exported = runKbt(['export', '--workspace', 'shop', '--out', 'shop.kbt'], { cwd: root });
    assert.equal(exported.code, 0, exported.stderr);
    const fromBundle = runKbt(['ask', '拯救者R9000P的内存最大支持多少', '--json', '--bundle', 'shop.kbt'], { cwd: root });
    assert.equal(fromBundle.code, 0, fromBundle.stderr);
    const fromWs = runKbt(['ask', '拯救者R9000P的内存最大支持多少', '--json', '--workspace', 'shop'], { cwd: root });
    const b = JSON.parse(fromBundle.stdout) as AskJson;
    assert.equal(b.entryId, 'store.r9000p.ram');
    assert.deepEqual(b, JSON.parse(fromWs.stdout));
    const both = runKbt(['ask', '在吗', '--bundle', 'shop.kbt', '--workspace', 'shop'], { cwd: root });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--workspace and --bundle cannot be used together/);
    assert.doesNotMatch(both.stderr, /\n\s+at /, 'no stack trace');
  });

  it('one question with --json prints one result object', () => {
    const r = runKbt(['ask', '拯救者Y9000P的記憶體最多能加到多少', '--json', '--workspace', 'shop'], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as AskJson;
    assert.equal(json.question, '拯救者Y9000P的記憶體最多能加到多少');
    assert.equal(json.decision, 'answer');
    assert.equal(json.entryId, 'store.y9000p.ram');
    assert.equal(json.answer, '拯救者 Y9000P 最大支持 64GB；极客数码免费加装。');
    assert.ok(json.confidence >= 0 && json.confidence <= 1);
    assert.deepEqual(json.candidates[0]!.source, { layer: 'merchant', file: 'faqs/store.yaml', line: 2 });
    for (const c of json.candidates) assert.ok(c.confidence >= 0 && c.confidence <= 1);
  });

  it('no question and no terminal: reads turns from stdin, one JSON line each, context carried', () => {
    const r = runKbt(['ask', '--json', '--workspace', 'shop'], { cwd: root, input: '拯救者R9000P现在有货吗\n\n   \n那内存最大能加到多少\n' });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2, 'blank lines are skipped');
    const [first, second] = lines.map((l) => JSON.parse(l) as AskJson);
    assert.equal(first!.question, '拯救者R9000P现在有货吗');
    assert.equal(first!.contextTurns, 0);
    assert.equal(second!.question, '那内存最大能加到多少');
    assert.equal(second!.contextTurns, 1);
    assert.match(second!.contextProduct ?? '', /r9000p/i);
    assert.equal(second!.entryId, 'store.r9000p.ram');
  });

  it('the same follow-up alone has no product to carry', () => {
    const r = runKbt(['ask', '那内存最大能加到多少', '--json', '--workspace', 'shop'], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as AskJson;
    assert.equal(json.contextProduct, undefined);
    assert.notEqual(json.decision === 'answer' ? json.entryId : undefined, 'store.r9000p.ram');
  });

  it('stdin turns in text form echo each turn before its result', () => {
    const r = runKbt(['ask', '--workspace', 'shop'], { cwd: root, input: 'Y9000 P内存最大支持多少\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^> Y9000 P内存最大支持多少\n/);
    assert.match(r.stdout, /Decision: answer \(confidence (0\.\d\d|1\.00)\)/);
    assert.match(r.stdout, /Entry: store\.y9000p\.ram/);
  });

  it('--session gives earlier turns as context', () => {
    writeFileSync(join(root, 'chat.jsonl'), '{"role":"customer","text":"R9000P现在有货吗"}\n{"role":"agent","text":"有的"}\n');
    const r = runKbt(['ask', '那内存最大能加到多少', '--session', 'chat.jsonl', '--json', '--workspace', 'shop'], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as AskJson;
    assert.equal(json.contextTurns, 2);
    assert.equal(json.entryId, 'store.r9000p.ram');
  });

  it('--explain shows the normalized text, matched terms and where each candidate comes from', () => {
    const r = runKbt(['ask', '拯救者Y9000P的記憶體最多能加到多少', '--explain', '--workspace', 'shop'], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Normalized: 拯救者y9000p的内存/);
    assert.match(r.stdout, /Products named: .*y9000p/i);
    assert.match(r.stdout, /matched: [^\n]*内存/);
    assert.match(r.stdout, /from: faqs\/store\.yaml:2/);
    assert.match(r.stdout, /from: 3c-digital@[\d.]+ faqs\/\S+\.yaml:\d+/, 'pack candidates name the pack, file and line');
    assert.doesNotMatch(r.stdout, /\u001b\[/, 'NO_COLOR: no escape codes');
  });

  it('a bad --session file exits 2 naming the file and line', () => {
    writeFileSync(join(root, 'bad.jsonl'), '{"role":"customer","text":"在吗"}\n{"role":"customer","text":"那个"}\n{"text":"no role"}\n');
    const r = runKbt(['ask', '在吗', '--session', 'bad.jsonl', '--workspace', 'shop'], { cwd: root });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.jsonl:3/);
    assert.equal(r.stdout, '');
  });

  it('a missing --session file exits 2 naming it', () => {
    const r = runKbt(['ask', '在吗', '--session', 'nowhere.jsonl', '--workspace', 'shop'], { cwd: root });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nowhere\.jsonl/);
  });

  it('no question and nothing on stdin exits 2 with a hint', () => {
    const r = runKbt(['ask', '--workspace', 'shop'], { cwd: root, input: '' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no question given/);
    assert.match(r.stderr, /hint: /);
  });
});
