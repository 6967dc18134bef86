import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { ask, createAskSession, explainDecision, formatAsk, parseSessionLog, shownConfidence, type AskResult } from '../../src/commands/ask.js';
import { exportBundle } from '../../src/commands/export.js';
import { importSources } from '../../src/commands/import.js';
import { init } from '../../src/commands/init.js';
import { UserError } from '../../src/errors.js';
import { main } from '../../src/main.js';
import { tempDir } from '../helpers/cli.js';

const PROFILE = `shop:
  name: 极客数码
  hotline: 400-800-1234
`;

const STORE_YAML = `entries:
  - id: store.y9000p.ram
    question: 拯救者Y9000P的内存能加到多少
    similar: [Y9000P内存最大支持多少, Y9000P能升级到64G内存吗, Y9000P内存条可以自己加吗]
    answer: 拯救者 Y9000P 有两个内存插槽，最大支持 64GB；在{shop.name}购买可免费加装。
    products: [拯救者 Y9000P]
    category: 店铺/升级
  - id: store.r9000p.ram
    question: 拯救者R9000P的内存能加到多少
    similar: [R9000P内存最大支持多少, R9000P能升级到64G内存吗]
    answer: 拯救者 R9000P 两个插槽，最大 32GB。
    products: [拯救者 R9000P]
    category: 店铺/升级
  - id: store.y9000p.price
    question: 拯救者Y9000P现在多少钱
    similar: [Y9000P什么价格, Y9000P能便宜点吗, Y9000P到手价多少]
    answer: 拯救者 Y9000P 到手价以商品页为准，{shop.name}会员再减 200 元。
    products: [拯救者 Y9000P]
    category: 店铺/价格
  - id: store.assembly
    question: 装机要收费吗
    similar: [帮忙装机多少钱, 代装收费吗, 装机费怎么算]
    answer: 整套配件在{shop.name}购买免费装机，售后电话 {shop.hotline}。
    category: 店铺/装机
`;

const TUTORIAL_MD = `---
id: tutorial.store.beast-mode
title: 拯救者狂暴模式开启步骤
category: 教程/性能
products: [拯救者 Y9000P]
triggers:
  - 狂暴模式怎么开
  - 狂暴模式怎么打开
  - Fn+Q切换性能模式教程
  - 怎么切换到野兽模式
---
1. 插上原装电源。
2. 按 Fn+Q，电源键灯变红即为狂暴模式。
`;

/** Every candidate carries a calibrated confidence and where it came from. */
function assertCandidates(r: AskResult): void {
  assert.ok(r.candidates.length > 0 && r.candidates.length <= 5, `candidates: ${r.candidates.length}`);
  let last = Infinity;
  for (const c of r.candidates) {
    assert.ok(c.confidence >= 0 && c.confidence <= 1, `${c.entryId} confidence ${c.confidence}`);
    assert.ok(c.confidence <= last, 'candidates are sorted best first');
    last = c.confidence;
    assert.ok(c.source.layer === 'pack' || c.source.layer === 'merchant');
    assert.ok(c.source.file.length > 0, `${c.entryId} has a source file`);
    if (c.source.layer === 'pack') assert.match(c.source.pack ?? '', /^3c-digital@\d/);
    assert.ok(c.phrasing.length > 0);
  }
  assert.ok(r.confidence >= 0 && r.confidence <= 1);
}

const fakeCandidate: AskResult['candidates'][number] = {
  entryId: 'after.warranty.period',
  question: '保修多久',
  kind: 'faq',
  confidence: 0,
  score: 0,
  phrasing: '保修多久',
  matchedTerms: [],
  synonyms: [],
  source: { layer: 'pack', file: 'faqs/aftersales.yaml' },
};

describe('kbt ask (in-process)', () => {
  let root: string;
  let ws: string;
  before(async () => {
    root = tempDir('kbt-ask-');
    await init({ cwd: root, dir: 'shop' });
    ws = join(root, 'shop');
    writeFileSync(join(ws, 'profile.yaml'), PROFILE);
    writeFileSync(join(ws, 'faqs', 'store.yaml'), STORE_YAML);
    writeFileSync(join(ws, 'tutorials', 'beast-mode.md'), TUTORIAL_MD);
    await importSources({ cwd: ws });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('answers a Traditional question with the merchant entry, placeholders filled, provenance kept', async () => {
    const r = await ask({ cwd: ws, question: '拯救者Y9000P的記憶體最多能加到多少' });
    assert.equal(r.decision, 'answer');
    assert.equal(r.entryId, 'store.y9000p.ram');
    assert.equal(r.answer, '拯救者 Y9000P 有两个内存插槽，最大支持 64GB；在极客数码购买可免费加装。');
    assert.doesNotMatch(r.normalized, /記憶體/, 'matched in Simplified');
    assertCandidates(r);
    const top = r.candidates[0]!;
    assert.equal(top.entryId, 'store.y9000p.ram');
    assert.deepEqual(top.source, { layer: 'merchant', file: 'faqs/store.yaml', line: 2 });
    assert.ok(top.matchedTerms.length > 0);
  });

  it('answers through a same-pinyin typo', async () => {
    const r = await ask({ cwd: ws, question: '装几要收费吗' });
    assert.equal(r.decision, 'answer');
    assert.equal(r.entryId, 'store.assembly');
    assert.equal(r.answer, '整套配件在极客数码购买免费装机，售后电话 400-800-1234。');
    assert.ok(r.candidates[0]!.matchedTerms.some((t) => t.includes('≈')), 'a pinyin match counted');
    assertCandidates(r);
  });

  it('reads a model number however it is spaced or cased', async () => {
    const forms = ['Y9000P内存最大支持多少', 'Y9000 P内存最大支持多少', 'y9000p 内存最大支持多少', 'Ｙ９０００Ｐ内存最大支持多少'];
    const results = await Promise.all(forms.map((question) => ask({ cwd: ws, question })));
    for (const [i, r] of results.entries()) {
      assert.equal(r.entryId, 'store.y9000p.ram', forms[i]);
      assert.equal(r.decision, 'answer', forms[i]);
      assert.equal(r.products.length, 1, forms[i]);
      assert.match(r.products[0]!, /y9000p/i);
      assertCandidates(r);
    }
    assert.equal(new Set(results.map((r) => r.normalized)).size, 1, 'every form normalizes alike');
  });

  it('a follow-up takes the product from the session', async () => {
    const question = '那内存最大能加到多少';
    const session = [
      { role: 'customer' as const, text: '拯救者R9000P现在有货吗' },
      { role: 'agent' as const, text: '有的亲' },
    ];
    const withContext = await ask({ cwd: ws, question, session });
    assert.equal(withContext.entryId, 'store.r9000p.ram');
    assert.equal(withContext.decision, 'answer');
    assert.match(withContext.contextProduct ?? '', /r9000p/i);
    assert.equal(withContext.contextTurns, 2);
    assert.deepEqual(withContext.products, [], 'the follow-up itself names no product');
    assertCandidates(withContext);

    const alone = await ask({ cwd: ws, question });
    assert.equal(alone.contextProduct, undefined);
    assert.equal(alone.contextTurns, 0);
    assert.notEqual(alone.decision === 'answer' ? alone.entryId : undefined, 'store.r9000p.ram');
  });

  it('reads the session from a JSONL file relative to cwd', async () => {
    writeFileSync(join(root, 'chat.jsonl'), '{"role":"customer","text":"Y9000P现在有货吗"}\n\n{"role":"bot","text":"有货"}\n');
    const r = await ask({ cwd: root, workspace: 'shop', question: '那内存最大能加到多少', session: 'chat.jsonl' });
    assert.equal(r.entryId, 'store.y9000p.ram');
    assert.equal(r.contextTurns, 2);
    assert.match(r.contextProduct ?? '', /y9000p/i);
  });

  it('a session keeps every turn as context for the next', async () => {
    const s = await createAskSession({ cwd: ws });
    const first = s.ask('拯救者R9000P现在有货吗');
    assert.equal(first.contextTurns, 0);
    const second = s.ask('那内存最大能加到多少');
    assert.equal(second.contextTurns, 1);
    assert.equal(second.entryId, 'store.r9000p.ram');
    assert.deepEqual(
      s.turns.map((t) => t.text),
      ['拯救者R9000P现在有货吗', '那内存最大能加到多少'],
    );
  });

  it('hands off when the customer asks for a person', async () => {
    const r = await ask({ cwd: ws, question: '别废话了，我要找真人客服' });
    assert.equal(r.decision, 'handoff');
    assert.equal(r.handoffReason, 'human-request');
    assert.equal(r.candidates[0]!.entryId, 'chat.handoff.human');
    // A handoff names at most the handoff entry whose answer is said while transferring.
    if (r.entryId !== undefined) assert.equal(r.entryId, 'chat.handoff.human');
    assertCandidates(r);
  });

  it('a how-to question fires the merchant tutorial, answered with its body', async () => {
    const r = await ask({ cwd: ws, question: 'Y9000P的狂暴模式怎么打开' });
    assert.equal(r.decision, 'tutorial');
    assert.equal(r.entryId, 'tutorial.store.beast-mode');
    assert.match(r.answer ?? '', /按 Fn\+Q，电源键灯变红即为狂暴模式/);
    assert.equal(r.candidates[0]!.kind, 'tutorial');
    assert.equal(r.candidates[0]!.question, '拯救者狂暴模式开启步骤', 'a tutorial is shown by its title');
    assert.deepEqual(r.candidates[0]!.source, { layer: 'merchant', file: 'tutorials/beast-mode.md', line: 1 });
  });

  it('a how-to question fires a pack tutorial with pack provenance', async () => {
    const r = await ask({ cwd: ws, question: '笔记本怎么加装内存条' });
    assert.equal(r.decision, 'tutorial');
    assert.equal(r.entryId, 'tutorial.laptop.ram-upgrade');
    const top = r.candidates[0]!;
    assert.equal(top.source.layer, 'pack');
    assert.equal(top.source.file, 'tutorials/laptop-ram-upgrade.md');
    assert.match(r.answer ?? '', /内存/);
    assertCandidates(r);
  });

  it('hands off an empty turn with no candidates to choose', async () => {
    const r = await ask({ cwd: ws, question: '？？？' });
    assert.equal(r.decision, 'handoff');
    assert.equal(r.entryId, undefined);
    assert.equal(r.answer, undefined);
  });

  it('explains matched terms and sources in text form', async () => {
    const r = await ask({ cwd: ws, question: '拯救者Y9000P的記憶體最多能加到多少' });
    const t = (key: string, params?: Record<string, unknown>) => `${key}${params ? JSON.stringify(params) : ''}`;
    const plain = formatAsk(r, t, false);
    assert.match(plain, /ask\.line\.entry\{"id":"store\.y9000p\.ram"\}/);
    assert.doesNotMatch(plain, /ask\.line\.matched/);
    const explained = formatAsk(r, t, true);
    assert.match(explained, /ask\.line\.matched\{"terms":"[^"]*内存[^"]*"\}/);
    assert.match(explained, /ask\.line\.from\{"source":"faqs\/store\.yaml:2"\}/);
  });

  it('shows confidences cut to two decimals, so none seems to reach a threshold it missed', () => {
    assert.equal(shownConfidence(0.5998), '0.59');
    assert.equal(shownConfidence(0.6), '0.60');
    // 0.29 × 100 is 28.999… in binary: still 0.29.
    assert.equal(shownConfidence(0.29), '0.29');
    assert.equal(shownConfidence(1), '1.00');
    assert.equal(shownConfidence(0), '0.00');
    const t = (key: string, params?: Record<string, unknown>) => `${key}${params ? JSON.stringify(params) : ''}`;
    const r: AskResult = { question: '它能加内存吗', decision: 'clarify', confidence: 0.5998, clarifyConfidence: 0.77, candidates: [], normalized: '它能加内存吗', products: [], contextTurns: 1 };
    assert.match(formatAsk(r, t, false), /"confidence":"0\.59"/);
  });

  it('says which decision rule fired, with the figures it compared and the thresholds of kbt.yaml', async () => {
    const t = (key: string, params?: Record<string, unknown>) => `${key}${params ? JSON.stringify(params) : ''}`;
    const r = await ask({ cwd: ws, question: '转人工' });
    assert.equal(r.rule, 'human-request');
    assert.deepEqual(r.thresholds, { answer: 0.6, suggest: 0.35, margin: 0.05 });
    assert.equal(explainDecision(r, t)?.startsWith('ask.why.human-request'), true);
    assert.match(formatAsk(r, t, true), /ask\.why\.human-request/);
    assert.doesNotMatch(formatAsk(r, t, false), /ask\.why/);
    // A clarification names the answer threshold it missed and what the offered candidates reach.
    const c: AskResult = { ...r, decision: 'clarify', rule: 'below-answer', clarifyConfidence: 0.7312, confidence: 0.5998, candidates: [{ ...fakeCandidate, confidence: 0.5998 }, { ...fakeCandidate, confidence: 0.1314 }] };
    assert.equal(
      explainDecision(c, t),
      'ask.why.below-answer{"top":"0.59","lead":"0.46","clarify":"0.73","answer":"0.60","suggest":"0.35","margin":"0.05"}',
    );
    // Results from elsewhere (no rule or thresholds) get no line rather than a guess.
    const { rule: _rule, ...noRule } = c;
    assert.equal(explainDecision(noRule, t), undefined);
  });

  it('a bad session file names the file and the line', async () => {
    writeFileSync(join(root, 'bad.jsonl'), '{"role":"customer","text":"在吗"}\n\n{"role":"customer"}\n');
    await assert.rejects(ask({ cwd: root, workspace: 'shop', question: '在吗', session: 'bad.jsonl' }), (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.equal(err.location.file, 'bad.jsonl');
      assert.equal(err.location.line, 3);
      assert.equal(err.exitCode, 2);
      return true;
    });
    await assert.rejects(ask({ cwd: root, workspace: 'shop', question: '在吗', session: 'missing.jsonl' }), UserError);
  });

  it('on a terminal with turns piped in, reads the pipe instead of starting the interactive session', async () => {
    // \`printf '…' | kbt ask\` in a terminal: stdout is a TTY, stdin is not, and ink cannot read keys from a pipe.
    let stdout = '';
    let stderr = '';
    const code = await main(['ask', '--workspace', ws], {
      cwd: root,
      env: { NO_COLOR: '1', LANG: 'C' },
      isTTY: true,
      stdin: Readable.from(['拯救者R9000P现在有货吗\n那内存最大能加到多少\n']),
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stderr += s),
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^> 拯救者R9000P现在有货吗\n/);
    assert.match(stdout, /> 那内存最大能加到多少\nDecision: answer [^\n]*\nEntry: store\.r9000p\.ram\n/);
  });

  it('answers from a compiled bundle exactly as from the workspace, session included', async () => {
    await exportBundle({ cwd: ws, out: 'out/shop.kbt' });
    const fromWs = await createAskSession({ cwd: ws });
    const fromBundle = await createAskSession({ cwd: root, bundle: 'shop/out/shop.kbt' });
    for (const q of ['拯救者Y9000P的記憶體最多能加到多少', '那R9000P呢', '装机收费吗', '转人工', '今天天气怎么样']) {
      const a = fromWs.ask(q);
      const b = fromBundle.ask(q);
      assert.deepEqual(b, a, q);
    }
    assert.equal(fromBundle.ask('装机收费吗').answer, '整套配件在极客数码购买免费装机，售后电话 400-800-1234。');
    await assert.rejects(createAskSession({ cwd: ws, workspace: '.', bundle: 'out/shop.kbt' }), (err: unknown) => err instanceof UserError && err.exitCode === 2);
    await assert.rejects(createAskSession({ cwd: ws, bundle: 'out/missing.kbt' }), UserError);
  });

  it('parseSessionLog reads roles and skips blank lines, CRLF too', () => {
    const t = (k: string) => k;
    assert.deepEqual(parseSessionLog('{"role":"customer","text":"a"}\r\n\r\n{"role":"agent","text":"b"}\r\n', 's.jsonl', t), [
      { role: 'customer', text: 'a' },
      { role: 'agent', text: 'b' },
    ]);
    assert.throws(() => parseSessionLog('{"role":"robot","text":"a"}', 's.jsonl', t), (e: unknown) => e instanceof UserError && e.location.line === 1);
    assert.throws(() => parseSessionLog('not json', 's.jsonl', t), UserError);
  });
});
