import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readJsonl } from '../../../src/read/jsonl.js';
import type { ReadInput } from '../../../src/read/types.js';

function input(text: string): ReadInput {
  return { bytes: Buffer.from(text), file: 'faqs.jsonl', layer: 'merchant' };
}

describe('readJsonl', () => {
  it('reads one entry a line and reports a bad line with its number', async () => {
    const text = [
      JSON.stringify({ id: 1, question: '发什么快递', similar: '用哪家快递', answer: '顺丰' }),
      '',
      '{"question": "运费", "answer": "包邮",}',
      '[1, 2]',
      JSON.stringify({ question: '发票', answer: '可以开', tags: ['发票', 3] }),
      JSON.stringify({ question: '错字段', answer: 'x', extra: true }),
    ].join('\r\n');
    const r = await readJsonl(input(text));
    assert.deepEqual(
      r.entries.map((e) => [e.id, e.question, e.similar, e.tags, e.source.line]),
      [
        ['1', '发什么快递', ['用哪家快递'], [], 1],
        [r.entries[1]!.id, '发票', [], ['发票', '3'], 5],
      ],
    );
    assert.deepEqual(r.diagnostics.map((d) => [d.rule, d.line, d.message]), [
      ['malformed-row', 3, 'read.badJson'],
      ['malformed-row', 4, 'read.notAnObject'],
      ['schema', 6, 'schema.unknownField'],
    ]);
    assert.equal(r.format, 'jsonl');
  });
});
