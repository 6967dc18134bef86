import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listPacks, showPack, validatePack } from '../../src/commands/packs.js';
import { NONE_LABEL } from '../../src/model/types.js';
import { bundledPacksRoot } from '../../src/workspace/paths.js';
import { repoRoot, tempDir } from '../helpers/cli.js';

describe('the bundled 3c-digital pack', () => {
  it('holds what the pack promises: ≥300 entries, ≥2,400 phrasings, ≥150 synonym groups, ≥600 eval turns', async () => {
    const p = await showPack({ cwd: repoRoot, name: '3c-digital' });
    assert.ok(p.entries >= 300, `entries ${p.entries}`);
    assert.ok(p.phrasings >= 2400, `phrasings ${p.phrasings}`);
    assert.ok(p.synonymGroups >= 150, `synonym groups ${p.synonymGroups}`);
    assert.ok(p.models >= 100, `models ${p.models}`);
    assert.ok(p.evalTurns >= 600, `eval turns ${p.evalTurns}`);
    assert.ok(p.events.accessories > 0 && p.events.promotions > 0 && p.events.aftersales > 0);
  });

  it('its eval set has at least 15% out-of-scope turns', async () => {
    const dir = join(bundledPacksRoot(), '3c-digital', 'eval');
    const { readdirSync } = await import('node:fs');
    let total = 0;
    let none = 0;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const row = JSON.parse(line) as { label?: string };
        if (!row.label) continue;
        total++;
        if (row.label === NONE_LABEL) none++;
      }
    }
    assert.ok(none / total >= 0.15, `${none}/${total} out-of-scope`);
  });

  it('passes its own validation with no errors', async () => {
    const r = await validatePack({ cwd: repoRoot, dir: 'packs/3c-digital' });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => `${d.file}:${d.line} ${d.rule} ${JSON.stringify(d.params)}`), []);
  });

  it('is listed by packs list', async () => {
    const r = await listPacks();
    assert.ok(r.packs.some((p) => p.name === '3c-digital'));
  });
});

describe('packs validate on a third-party pack', () => {
  const root = tempDir('kbt-pack-');
  after(() => rmSync(root, { recursive: true, force: true }));

  it('reports undeclared placeholders, unknown eval labels and lint findings', async () => {
    const dir = join(root, 'pets');
    mkdirSync(join(dir, 'faqs'), { recursive: true });
    mkdirSync(join(dir, 'eval'), { recursive: true });
    writeFileSync(
      join(dir, 'pack.yaml'),
      'name: pets\nversion: 0.1.0\nlanguage: zh-CN\nlicense: MIT\ndescription: 宠物用品\nplaceholders:\n  shop.name: { default: 本店 }\n  shop.unused: { default: x }\nfiles:\n  entries: [faqs/*.yaml]\n  eval: [eval/*.jsonl]\n',
    );
    writeFileSync(
      join(dir, 'faqs', 'a.yaml'),
      'entries:\n  - id: food.age\n    question: 幼猫吃什么猫粮\n    similar: [小猫吃啥粮, 幼猫粮推荐]\n    answer: "{shop.name}推荐幼猫专用粮，{shop.vet}"\n  - id: food.dup\n    question: 小猫吃啥粮\n    similar: [x, y]\n    answer: 同上\n',
    );
    writeFileSync(join(dir, 'eval', 'turns.jsonl'), '{"session":"s1","turn":1,"role":"customer","text":"奶猫吃啥","label":"food.age"}\n{"session":"s2","turn":1,"role":"customer","text":"狗绳","label":"leash.size"}\n');
    const r = await validatePack({ cwd: root, dir: 'pets' });
    const rules = r.diagnostics.map((d) => d.rule);
    assert.ok(rules.includes('placeholder-undeclared'));
    assert.ok(rules.includes('placeholder-unused'));
    assert.ok(rules.includes('eval-unknown-label'));
    assert.ok(rules.includes('duplicate-phrasing'));
    const label = r.diagnostics.find((d) => d.rule === 'eval-unknown-label')!;
    assert.deepEqual([label.file, label.line], ['eval/turns.jsonl', 2]);
  });
});
