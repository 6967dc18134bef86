import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readYaml } from '../../../src/read/yaml.js';
import { deriveId } from '../../../src/model/ids.js';
import type { ReadInput } from '../../../src/read/types.js';

function input(text: string, extra: Partial<ReadInput> = {}): ReadInput {
  return { bytes: Buffer.from(text), file: 'faqs/after-sales.yaml', layer: 'pack', pack: '3c-digital@1.0.0', ...extra };
}

describe('readYaml', () => {
  it('reads entries with defaults, each at the line of its first key', async () => {
    const text = [
      '# 售后问答',
      'entries:',
      '  - id: warranty',
      '    question: 笔记本保修多久？',
      '    similar: [保修期多长, 保修几年]',
      '    answer: 整机保修 2 年。',
      '    category: 售后/保修',
      '    tags: 保修',
      '    priority: 3',
      '',
      '  - question: 怎么开发票',
      '    answer:',
      '      - { type: text, text: 在订单页申请 }',
      '      - { type: image, src: media/invoice.png, alt: 申请入口 }',
      '    products: [小新 Pro 14, 2024]',
      '    enabled: false',
    ].join('\n');
    const r = await readYaml(input(text));
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.format, 'yaml');
    const [a, b] = r.entries;
    assert.deepEqual(a, {
      id: 'warranty',
      kind: 'faq',
      question: '笔记本保修多久？',
      similar: ['保修期多长', '保修几年'],
      answer: '整机保修 2 年。',
      category: '售后/保修',
      tags: ['保修'],
      products: [],
      enabled: true,
      priority: 3,
      source: { layer: 'pack', file: 'faqs/after-sales.yaml', line: 3, pack: '3c-digital@1.0.0' },
    });
    assert.equal(b!.id, deriveId('怎么开发票'));
    assert.equal(b!.source.line, 11);
    assert.deepEqual(b!.products, ['小新 Pro 14', '2024']);
    assert.equal(b!.enabled, false);
    assert.deepEqual(b!.media, ['media/invoice.png']);
  });

  it('reports a syntax error with its line', async () => {
    const r = await readYaml(input('entries:\n  - question: a\n    answer: b\n  - question: [unclosed\n    answer: c\n'));
    assert.equal(r.entries.length, 0);
    assert.equal(r.diagnostics.length, 1);
    assert.equal(r.diagnostics[0]!.rule, 'syntax-error');
    assert.equal(r.diagnostics[0]!.line, 5);
    const dup = await readYaml(input('entries:\n  - question: a\n    question: b\n'));
    assert.deepEqual(dup.diagnostics.map((d) => [d.rule, d.line]), [['syntax-error', 3]]);
  });

  it('reports an unknown field on its own line and keeps the other entries', async () => {
    const text = 'entries:\n  - question: a\n    answer: b\n  - question: c\n    answer: d\n    anwser_extra: oops\n';
    const r = await readYaml(input(text));
    assert.deepEqual(r.entries.map((e) => e.question), ['a']);
    assert.equal(r.diagnostics.length, 1);
    const d = r.diagnostics[0]!;
    assert.equal(d.rule, 'schema');
    assert.equal(d.message, 'schema.unknownField');
    assert.equal(d.field, 'anwser_extra');
    assert.equal(d.line, 6);
  });

  it('reports a wrong type on the line of the field', async () => {
    const r = await readYaml(input('entries:\n  - id: p\n    question: a\n    answer: b\n    priority: high\n'));
    assert.deepEqual(r.diagnostics.map((d) => [d.rule, d.field, d.line, d.entryId]), [['schema', 'priority', 5, 'p']]);
  });

  it('reports missing questions and answers', async () => {
    const r = await readYaml(input('entries:\n  - answer: only an answer\n  - id: q2\n    question: only a question\n'));
    assert.deepEqual(r.diagnostics.map((d) => [d.rule, d.line, d.field]), [
      ['missing-question', 2, 'question'],
      ['missing-answer', 3, 'answer'],
    ]);
  });

  it('reports a file without an entries list and unknown top-level keys', async () => {
    assert.deepEqual((await readYaml(input('faqs:\n  - question: a\n'))).diagnostics.map((d) => [d.rule, d.line]), [
      ['schema', 1],
      ['invalid-structure', 1],
    ]);
    assert.deepEqual((await readYaml(input('entries:\n  - just text\n'))).diagnostics.map((d) => [d.rule, d.line]), [['invalid-structure', 2]]);
    assert.deepEqual((await readYaml(input(''))).diagnostics.map((d) => d.rule), ['empty-file']);
  });
});
