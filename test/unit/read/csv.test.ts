import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { readCsv, sniffDelimiter } from '../../../src/read/csv.js';
import { deriveId } from '../../../src/model/ids.js';
import type { ReadInput } from '../../../src/read/types.js';

function input(text: string | Buffer, file = 'faqs.csv', extra: Partial<ReadInput> = {}): ReadInput {
  return { bytes: typeof text === 'string' ? Buffer.from(text) : text, file, layer: 'merchant', ...extra };
}

const rules = (r: { diagnostics: { rule: string }[] }) => r.diagnostics.map((d) => d.rule);

describe('readCsv', () => {
  it('reads a GBK file with Chinese headers (wide layout)', async () => {
    const text =
      '编号,标准问题,相似问题,答案,分类,标签,适用机型\r\n' +
      'ship-1,发什么快递,用什么快递|哪家快递,默认顺丰,物流,"快递，物流",\r\n' +
      ',运费怎么算,"运费多少\n包邮吗",满99包邮,物流/运费,运费、包邮,"拯救者 Y9000P，小新 Pro 14"\r\n';
    const r = await readCsv(input(iconv.encode(text, 'gbk')));
    assert.equal(r.encoding, 'gb18030');
    assert.equal(r.format, 'csv');
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.entries.length, 2);
    const [a, b] = r.entries;
    assert.equal(a!.id, 'ship-1');
    assert.equal(a!.question, '发什么快递');
    assert.deepEqual(a!.similar, ['用什么快递', '哪家快递']);
    assert.equal(a!.answer, '默认顺丰');
    assert.deepEqual(a!.tags, ['快递', '物流']);
    assert.deepEqual(a!.source, { layer: 'merchant', file: 'faqs.csv', line: 2 });
    assert.equal(a!.similarLines, undefined);
    assert.equal(b!.id, deriveId('运费怎么算'));
    assert.deepEqual(b!.similar, ['运费多少', '包邮吗']);
    assert.equal(b!.category, '物流/运费');
    assert.deepEqual(b!.tags, ['运费', '包邮']);
    assert.deepEqual(b!.products, ['拯救者 Y9000P', '小新 Pro 14']);
    assert.equal(b!.source.line, 3);
    assert.equal(b!.enabled, true);
    assert.equal(b!.priority, 0);
    assert.equal(b!.kind, 'faq');
  });

  it('reads a Big5 file with Traditional headers', async () => {
    const text = '問題,相似問法,答案,分類\n保固多久,保固期多長,整機保固一年,售後/保固\n';
    const r = await readCsv(input(iconv.encode(text, 'big5')));
    assert.equal(r.encoding, 'big5');
    assert.deepEqual(rules(r), []);
    assert.equal(r.entries[0]!.question, '保固多久');
    assert.deepEqual(r.entries[0]!.similar, ['保固期多長']);
    assert.equal(r.entries[0]!.category, '售後/保固');
  });

  it('reads UTF-8 with a BOM and English headers in any case and width', async () => {
    const text = '\ufeff ID ,Ｑｕｅｓｔｉｏｎ,ANSWER,Enabled,Priority,Kind\nx1,How long is the warranty?,One year,否,5,faq\n';
    const r = await readCsv(input(text));
    assert.equal(r.encoding, 'utf-8');
    assert.deepEqual(rules(r), []);
    const e = r.entries[0]!;
    assert.equal(e.id, 'x1');
    assert.equal(e.enabled, false);
    assert.equal(e.priority, 5);
  });

  it('reads TSV by extension and sniffs tabs in a .csv header', async () => {
    const text = '问题\t答案\n能开发票吗\t可以，下单后在订单页申请\n';
    const r = await readCsv(input(text, 'faqs.tsv'));
    assert.equal(r.format, 'tsv');
    assert.equal(r.entries[0]!.answer, '可以，下单后在订单页申请');
    assert.equal(sniffDelimiter(text, 'x.csv'), '\t');
    assert.equal(sniffDelimiter('a;b;"c,d"\n', 'x.csv'), ';');
    assert.equal(sniffDelimiter('a,b\n', 'x.csv'), ',');
  });

  it('groups the long layout by id, by question, and by empty question cells', async () => {
    const text = [
      'id,question,similar,answer',
      'a,怎么退货,退货流程,7天无理由',
      'a,,怎么退,',
      ',,退货怎么弄,',
      ',怎么换货,换货流程,15天换货',
      ',怎么换货,能换吗,15天换货',
      'a,,退货要钱吗,',
      ',怎么开发票,发票能开吗,订单页申请',
      '',
    ].join('\n');
    const r = await readCsv(input(text));
    assert.deepEqual(rules(r), []);
    assert.equal(r.entries.length, 3);
    const [ret, exch, invoice] = r.entries;
    assert.deepEqual(ret!.similar, ['退货流程', '怎么退', '退货怎么弄', '退货要钱吗']);
    assert.deepEqual(ret!.similarLines, [2, 3, 4, 7]);
    assert.equal(ret!.source.line, 2);
    assert.deepEqual(exch!.similar, ['换货流程', '能换吗']);
    assert.deepEqual(exch!.similarLines, [5, 6]);
    assert.equal(exch!.source.line, 5);
    // A one-row entry in a long-layout file still gets the line of its phrasing.
    assert.deepEqual(invoice!.similarLines, [8]);
  });

  it('warns when rows of one entry disagree', async () => {
    const r = await readCsv(input('id,question,answer\na,怎么退货,7天无理由\na,,30天\n'));
    assert.deepEqual(rules(r), ['conflicting-row']);
    assert.equal(r.diagnostics[0]!.line, 3);
    assert.equal(r.diagnostics[0]!.field, 'answer');
    assert.equal(r.entries[0]!.answer, '7天无理由');
  });

  it('counts lines across multi-line quoted cells', async () => {
    const text = 'question,answer\n"多行\n问题",答案第一行\n"b",x\n"c","第一行\r\n第二行\r\n第三行"\nd,y\n';
    const r = await readCsv(input(text));
    assert.deepEqual(
      r.entries.map((e) => [e.question, e.source.line]),
      [
        ['多行\n问题', 2],
        ['b', 4],
        ['c', 5],
        ['d', 8],
      ],
    );
    assert.equal(r.entries[2]!.answer, '第一行\n第二行\n第三行');
  });

  it('warns once about unknown columns, naming them', async () => {
    const r = await readCsv(input('问题,答案,浏览量,备注\n运费,包邮,12,无\n'));
    assert.equal(r.diagnostics.length, 1);
    const d = r.diagnostics[0]!;
    assert.equal(d.rule, 'unknown-column');
    assert.equal(d.severity, 'warning');
    assert.equal(d.line, 1);
    assert.equal(d.params?.columns, '浏览量, 备注');
    assert.equal(r.entries.length, 1);
  });

  it('reports a missing answer with file, line and field', async () => {
    const r = await readCsv(input('问题,答案\n有现货吗,有\n\n发货时间,\n', 'shop/faq.csv'));
    assert.equal(r.entries.length, 1);
    assert.equal(r.diagnostics.length, 1);
    assert.deepEqual(
      { ...r.diagnostics[0], params: undefined },
      {
        severity: 'error',
        rule: 'missing-answer',
        message: 'read.missingAnswer',
        file: 'shop/faq.csv',
        line: 4,
        field: 'answer',
        entryId: deriveId('发货时间'),
        params: undefined,
      },
    );
  });

  it('reports a continuation row with no entry above it as a missing question', async () => {
    const r = await readCsv(input('question,similar,answer\n,怎么退,x\n'));
    assert.deepEqual(rules(r), ['missing-question']);
    assert.equal(r.diagnostics[0]!.line, 2);
  });

  it('reports an unclosed quote where the row starts, keeping rows above it', async () => {
    const r = await readCsv(input('question,answer\na,b\nc,"never closed\nd,e\nf,g\n'));
    assert.deepEqual(rules(r), ['malformed-row']);
    assert.equal(r.diagnostics[0]!.line, 3);
    assert.equal(r.diagnostics[0]!.file, 'faqs.csv');
    assert.deepEqual(r.entries.map((e) => e.question), ['a']);
  });

  it('reports invalid enabled / priority / kind values', async () => {
    const r = await readCsv(input('question,answer,enabled,priority,kind\na,b,maybe,1000,guide\n'));
    assert.deepEqual(rules(r).sort(), ['invalid-value', 'invalid-value', 'invalid-value']);
    assert.deepEqual(r.diagnostics.map((d) => d.field).sort(), ['enabled', 'kind', 'priority']);
    assert.equal(r.entries.length, 0);
  });

  it('reports a header without a question column', async () => {
    const r = await readCsv(input('name,price\nmouse,99\n'));
    assert.deepEqual(rules(r), ['missing-header']);
    assert.equal(r.diagnostics[0]!.params?.columns, 'name, price');
  });

  it('skips a title row above the header', async () => {
    const r = await readCsv(input('店铺知识库导出,,\n问题,答案,\n运费,包邮,\n'));
    assert.deepEqual(rules(r), []);
    assert.equal(r.entries[0]!.source.line, 3);
  });

  it('reports empty, binary and unknown-encoding inputs as diagnostics', async () => {
    assert.deepEqual(rules(await readCsv(input(''))), ['empty-file']);
    assert.deepEqual(rules(await readCsv(input(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2])))), ['binary-file']);
    const r = await readCsv(input('问题,答案\n', 'a.csv', { encoding: 'ebcdic' }));
    assert.deepEqual(rules(r), ['unknown-encoding']);
    assert.equal(r.diagnostics[0]!.params?.encoding, 'ebcdic');
  });

  it('rejects a 50 MB cell quickly with field-too-large', async () => {
    const huge = 'x'.repeat(50 * 1024 * 1024);
    const started = performance.now();
    const quoted = await readCsv(input(`question,answer\na,"${huge}"\nb,c\n`));
    const unquoted = await readCsv(input(`question,answer\na,${huge}\nb,c\n`));
    const elapsed = performance.now() - started;
    assert.deepEqual(rules(quoted), ['field-too-large']);
    assert.equal(quoted.diagnostics[0]!.line, 2);
    assert.deepEqual(rules(unquoted), ['field-too-large']);
    assert.ok(elapsed < 5000, `took ${elapsed} ms`);
  });

  it('reports a cell over 64 KiB with its field name', async () => {
    const r = await readCsv(input(`question,answer\na,"${'长'.repeat(30_000)}"\nb,c\n`));
    assert.deepEqual(rules(r), ['field-too-large']);
    assert.equal(r.diagnostics[0]!.field, 'answer');
    assert.equal(r.diagnostics[0]!.line, 2);
    assert.deepEqual(r.entries.map((e) => e.question), ['b']);
  });

  it('records the pack in provenance', async () => {
    const r = await readCsv(input('问题,答案\na,b\n', 'faqs/a.csv', { layer: 'pack', pack: '3c-digital@1.0.0' }));
    assert.deepEqual(r.entries[0]!.source, { layer: 'pack', file: 'faqs/a.csv', line: 2, pack: '3c-digital@1.0.0' });
  });
});
