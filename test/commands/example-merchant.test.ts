import assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importSources } from '../../src/commands/import.js';
import { merge } from '../../src/commands/merge.js';
import { validate } from '../../src/commands/validate.js';
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
});
