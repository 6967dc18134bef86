import assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importSources } from '../../src/commands/import.js';
import { merge } from '../../src/commands/merge.js';
import { validate } from '../../src/commands/validate.js';
import { ask } from '../../src/commands/ask.js';
import { repoRoot, tempDir } from '../helpers/cli.js';

/** The example merchant is what a new user runs first: it must import, validate clean and show the merge. */
describe('examples/pc-store', () => {
  let root: string;
  let ws: string;
  before(() => {
    root = tempDir('kbt-example-');
    ws = join(root, 'pc-store');
    cpSync(join(repoRoot, 'examples', 'pc-store'), ws, { recursive: true, filter: (src) => !src.includes('.kbt') && !src.includes(`${join('pc-store', 'dist')}`) });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('imports its Excel sheet, GBK CSV, YAML and tutorials', async () => {
    const r = await importSources({ cwd: ws });
    const formats = new Set(r.files.map((f) => f.format));
    for (const f of ['xlsx', 'csv', 'yaml', 'markdown']) assert.ok(formats.has(f), `reads ${f}`);
    const gbk = r.files.find((f) => f.path.endsWith('.csv'))!;
    assert.equal(gbk.encoding, 'gb18030');
    assert.ok(r.entries.added.length >= 50);
    assert.ok(r.files.filter((f) => f.format === 'markdown').length >= 10);
  });

  it('validates clean: no errors, no warnings', async () => {
    const r = await validate({ cwd: ws });
    assert.deepEqual(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.rule}`), []);
  });

  it('merge report shows overrides by id and by `overrides:`, exclusions, placeholder fills and shadows', async () => {
    const r = await merge({ cwd: ws });
    const rep = r.report;
    assert.ok(rep.overrides.some((o) => o.how === 'same-id'));
    assert.ok(rep.overrides.some((o) => o.how === 'explicit'));
    assert.ok(rep.exclusions.some((x) => x.reason === 'category'));
    assert.ok(rep.fills.some((f) => f.from === 'profile' && f.name === 'shop.name'));
    assert.ok(rep.shadows.length > 0, 'the example shows at least one shadow');
    for (const s of rep.shadows) assert.ok(s.similarity >= 0.75 && s.merchant.file && s.pack.pack);
  });

  // The questions the matcher was specified with, asked of the example merchant (imported above).
  it('answers the customer questions of the matcher specification', async () => {
    const cases: [string, string, string][] = [
      ['筆電保固多久', 'answer', 'after.warranty.period'], // Traditional + Taiwan wording
      ['笔记本包修多久', 'answer', 'after.warranty.period'], // same-pinyin slip 包修
      ['去动怎么装', 'tutorial', 'tutorial.store.gpu-driver'], // 去动 = 驱动, a how-to: the merchant's tutorial
      ['内存条怎么装', 'tutorial', 'tutorial.laptop.ram-upgrade'],
      ['在吗', 'answer', 'chat.greeting.hello'], // a turn of stop words only
      ['发票', 'answer', 'shop.invoice.general'],
    ];
    for (const [question, decision, entryId] of cases) {
      const r = await ask({ cwd: ws, question });
      assert.deepEqual([r.decision, r.entryId], [decision, entryId], question);
    }
    const person = await ask({ cwd: ws, question: '转人工' });
    assert.deepEqual([person.decision, person.handoffReason], ['handoff', 'human-request']);
    // 它 points back at the model named in the earlier turn.
    const session = [{ role: 'customer' as const, text: '拯救者Y9000P多少钱' }];
    const follow = await ask({ cwd: ws, question: '它能加内存吗', session });
    // The model's own entry first; its confidence sits at the answer threshold (≈ 0.6), the model's RAM
    // tutorial taking most of the rest, so it is answered or offered first, never handed off.
    assert.equal(follow.candidates[0]?.entryId, 'laptop.upgrade.y9000p');
    assert.ok(follow.decision === 'answer' || follow.decision === 'clarify', follow.decision);
    assert.ok(follow.confidence >= 0.5, String(follow.confidence));
    // Two warranty entries near-tied: offered to the customer, not handed off.
    const tied = await ask({ cwd: ws, question: '保修期多久' });
    assert.equal(tied.decision, 'clarify');
    assert.ok(tied.candidates.slice(0, 2).some((c) => c.entryId === 'after.warranty.period'));
    // A question from outside the shop that is most like the pack's out-of-scope entries is handed off
    // with that entry's words, never answered from a shop entry.
    for (const question of ['股票账户怎么开', '查一下天气预报']) {
      const outside = await ask({ cwd: ws, question });
      assert.equal(outside.decision, 'handoff', question);
      assert.equal(outside.handoffReason, 'out-of-scope', question);
      assert.match(outside.entryId ?? '', /^chat\.out-of-scope\./, question);
      assert.match(outside.answer ?? '', /超出了本店客服能解答的范围/, question);
    }
    // Model names in any spacing and case reach the model's own entry first.
    for (const question of ['拯救者Y9000P能加内存吗', 'y9000p能加内存吗', 'Y9000 P能加内存吗']) {
      const r = await ask({ cwd: ws, question });
      assert.equal(r.candidates[0]?.entryId, 'laptop.upgrade.y9000p', question);
      assert.notEqual(r.decision, 'handoff', question);
    }
  });
});
