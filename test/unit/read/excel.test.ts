import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readExcel } from '../../../src/read/excel.js';
import type { ReadInput } from '../../../src/read/types.js';
import { repoRoot } from '../../helpers/cli.js';

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function input(bytes: Buffer, extra: Partial<ReadInput> = {}): ReadInput {
  return { bytes, file: 'faqs/商品问答.xlsx', layer: 'merchant', ...extra };
}

describe('readExcel', () => {
  it('reads the first sheet with Chinese headers, rich text and numbers', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('问答');
      ws.addRow(['编号', '标准问题', '相似问题', '答案', '优先级', '启用', '备注']);
      ws.addRow([1001, '笔记本保修多久', '保修期多长\n整机保修几年', '整机保修两年', 5, '是', 'x']);
      ws.addRow([
        1002,
        { richText: [{ text: '屏幕' }, { text: '有坏点', font: { bold: true } }] },
        '坏点怎么办｜亮点能换吗',
        { formula: '"7天内"&"可换新"', result: '7天内可换新' },
        null,
        null,
        null,
      ]);
    });
    const r = await readExcel(input(bytes));
    assert.equal(r.format, 'xlsx');
    assert.deepEqual(r.diagnostics.map((d) => [d.rule, d.line, d.params?.columns]), [['unknown-column', 1, '备注']]);
    assert.deepEqual(
      r.entries.map((e) => [e.id, e.question, e.similar, e.answer, e.priority, e.enabled, e.source.line]),
      [
        ['1001', '笔记本保修多久', ['保修期多长', '整机保修几年'], '整机保修两年', 5, true, 2],
        ['1002', '屏幕有坏点', ['坏点怎么办', '亮点能换吗'], '7天内可换新', 0, true, 3],
      ],
    );
    assert.deepEqual(r.entries[0]!.source, { layer: 'merchant', file: 'faqs/商品问答.xlsx', line: 2 });
  });

  it('reads another sheet by name or 1-based index, and lists sheets for an unknown one', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('说明').addRow(['这个表是说明']);
      const ws = wb.addWorksheet('售后');
      ws.addRow(['问题', '回复']);
      ws.addRow([]);
      ws.addRow(['怎么申请售后', '订单页点申请售后']);
      ws.addRow(['', '', '']);
      ws.addRow(['发票丢了', '']);
    });
    for (const sheet of ['售后', '2']) {
      const r = await readExcel(input(bytes, { sheet }));
      assert.deepEqual(r.entries.map((e) => [e.question, e.source.line]), [['怎么申请售后', 3]]);
      assert.deepEqual(r.diagnostics.map((d) => [d.rule, d.line, d.field]), [['missing-answer', 5, 'answer']]);
    }
    const first = await readExcel(input(bytes));
    assert.deepEqual(first.diagnostics.map((d) => d.rule), ['missing-header']);
    const missing = await readExcel(input(bytes, { sheet: '价格' }));
    assert.deepEqual(missing.diagnostics.map((d) => [d.rule, d.params?.sheets]), [['unknown-sheet', '说明, 售后']]);
    assert.deepEqual((await readExcel(input(bytes, { sheet: '3' }))).diagnostics.map((d) => d.rule), ['unknown-sheet']);
  });

  it('reads the long layout across rows', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['ID', 'Question', 'Similar', 'Answer']);
      ws.addRow(['r1', '能退吗', '可以退吗', '支持7天无理由']);
      ws.addRow(['r1', null, '退得了吗', null]);
      ws.addRow([null, null, '能不能退', null]);
    });
    const r = await readExcel(input(bytes));
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.entries[0]!.similar, ['可以退吗', '退得了吗', '能不能退']);
    assert.deepEqual(r.entries[0]!.similarLines, [2, 3, 4]);
  });

  it('reports a corrupt or non-zip file cleanly', async () => {
    const notZip = await readExcel(input(Buffer.from('问题,答案\n运费,包邮\n')));
    assert.deepEqual(notZip.diagnostics.map((d) => [d.rule, d.file]), [['corrupt-file', 'faqs/商品问答.xlsx']]);
    const good = await workbook((wb) => wb.addWorksheet('a').addRow(['问题', '答案']));
    const truncated = await readExcel(input(good.subarray(0, Math.floor(good.length / 2))));
    assert.deepEqual(truncated.diagnostics.map((d) => d.rule), ['corrupt-file']);
    assert.deepEqual((await readExcel(input(Buffer.alloc(0)))).diagnostics.map((d) => d.rule), ['empty-file']);
  });

  it('reads a macro-enabled .xlsm workbook, and an .xls saved under an .xlsx name', async () => {
    const fixtures = join(repoRoot, 'test', 'fixtures', 'xls');
    const xlsm = await readExcel(input(readFileSync(join(fixtures, 'faq.xlsm')), { file: 'faqs/宏.xlsm' }));
    assert.deepEqual(xlsm.diagnostics, []);
    assert.deepEqual(xlsm.entries.map((e) => [e.question, e.answer, e.source.line]), [
      ['能开发票吗', '可以，下单时填写抬头', 2],
      ['几天发货', '48小时内发货', 3],
    ]);
    const legacy = await readExcel(input(readFileSync(join(fixtures, 'faq.xls')), { sheet: '售后' }));
    assert.equal(legacy.format, 'xls');
    assert.deepEqual(legacy.entries.map((e) => e.question), ['怎么申请售后']);
  });
});
