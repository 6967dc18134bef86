import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { CorruptFileError } from '../../../src/read/cfb.js';
import { decodeRk, EncryptedWorkbookError, isDateFormat, readXls, readXlsSheets } from '../../../src/read/xls.js';
import type { ReadInput } from '../../../src/read/types.js';
import { repoRoot } from '../../helpers/cli.js';
import { buildCfb, cell, f64, rec, setFatEntry, sstRecords, u16, workbookStream, xlString } from '../../helpers/xls-builder.js';

const FIXTURES = join(repoRoot, 'test', 'fixtures', 'xls');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

function input(bytes: Buffer, extra: Partial<ReadInput> = {}): ReadInput {
  return { bytes, file: 'faqs/商品问答.xls', layer: 'merchant', ...extra };
}

/** A workbook file around one or more sheets of hand-written cell records. */
function xls(opts: Parameters<typeof workbookStream>[0], stream = 'Workbook'): Buffer {
  return buildCfb({ [stream]: workbookStream(opts) }).bytes;
}

const rows = (bytes: Buffer, sheet = 0) => readXlsSheets(bytes)[sheet]!.rows.map((r) => [r.line, ...r.cells]);

describe('readXlsSheets on xlwt fixtures', () => {
  for (const name of ['faq', 'long-sst', 'empty']) {
    it(`${name}.xls reads the same as xlrd`, () => {
      const want = JSON.parse(readFileSync(join(FIXTURES, `${name}.xlrd.json`), 'utf8')) as { name: string; rows: { line: number; cells: string[] }[] }[];
      const got = readXlsSheets(fixture(`${name}.xls`)).map((s) => ({ name: s.name, rows: s.rows.map((r) => ({ line: r.line, cells: r.cells })) }));
      assert.deepEqual(got, want);
    });
  }

  it('the long fixture really spans CONTINUE records, including inside one string', () => {
    const sheets = readXlsSheets(fixture('long-sst.xls'));
    const last = sheets[0]!.rows.at(-1)!;
    assert.equal(sheets[0]!.rows.length, 302);
    assert.equal(last.cells[1]!.length, 9790);
    assert.ok(last.cells[1]!.endsWith('很长的答案第899句。'));
  });
});

describe('readXls', () => {
  it('reads the first sheet with Chinese headers, numbers, dates and Traditional text', async () => {
    const r = await readXls(input(fixture('faq.xls')));
    assert.equal(r.format, 'xls');
    assert.deepEqual(
      r.entries.map((e) => [e.id, e.question, e.similar, e.answer, e.priority, e.source.line]),
      [
        ['1001', '笔记本保修多久', ['保修期多长', '整机保修几年'], '整机保修两年，电池保修一年', 5, 2],
        ['1002', '發票怎麼開', ['可以開發票嗎', '發票抬頭怎麼填'], '下單時填寫抬頭，發貨後開具電子發票', -3, 3],
        ['1004', '运费怎么算', [], '满99包邮', 0, 5],
        ['faq-b5bea41b6c', 'true', [], '0.1', 0, 6],
      ],
    );
    assert.deepEqual(
      r.diagnostics.map((d) => [d.severity, d.rule, d.line, d.params?.columns ?? d.params?.value]),
      [
        ['warning', 'unknown-column', 1, '更新日期'],
        ['error', 'invalid-value', 4, '2.5'],
      ],
    );
    assert.deepEqual(r.entries[0]!.source, { layer: 'merchant', file: 'faqs/商品问答.xls', line: 2 });
  });

  it('selects a sheet by name (trimmed, any case) or position, and lists sheets for an unknown one', async () => {
    for (const sheet of ['售后', ' 售后 ', '2']) {
      const r = await readXls(input(fixture('faq.xls'), { sheet }));
      assert.deepEqual(r.entries.map((e) => [e.question, e.answer, e.source.line]), [['怎么申请售后', '订单页点"申请售后"，上传照片', 3]]);
      assert.deepEqual(r.diagnostics, []);
    }
    const latin = xls({ sheets: [{ name: 'Notes', cells: [] }, { name: 'FAQ', cells: [cell.label(0, 0, 'q'), cell.label(0, 1, 'a'), cell.label(1, 0, 'x'), cell.label(1, 1, 'y')] }] });
    assert.equal((await readXls(input(latin, { sheet: 'faq' }))).entries.length, 1);
    for (const sheet of ['价格', '3', '0']) {
      const r = await readXls(input(fixture('faq.xls'), { sheet }));
      assert.deepEqual(r.diagnostics.map((d) => [d.rule, d.params?.sheet, d.params?.sheets]), [['unknown-sheet', sheet, '常见问题, 售后']]);
    }
  });

  it('reads 300 Chinese rows whose shared strings span CONTINUE records', async () => {
    const r = await readXls(input(fixture('long-sst.xls')));
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.entries.length, 301);
    assert.equal(r.entries[149]!.question, '第150款笔记本的屏幕保修多久，坏点怎么处理');
    assert.equal(r.entries[149]!.answer, '第150款：屏幕保修一年，三个以上坏点免费换新；請保留包裝與發票。');
    assert.equal(r.entries[300]!.answer.length, 9790);
  });

  it('reports an empty workbook and an empty file', async () => {
    assert.deepEqual((await readXls(input(fixture('empty.xls')))).diagnostics.map((d) => d.rule), ['empty-file']);
    assert.deepEqual((await readXls(input(Buffer.alloc(0)))).diagnostics.map((d) => d.rule), ['empty-file']);
    const noSheets = xls({ sheets: [] });
    assert.deepEqual((await readXls(input(noSheets))).diagnostics.map((d) => d.rule), ['empty-file']);
  });

  it('decodes shared strings split at every kind of CONTINUE boundary', () => {
    const strings = [
      { text: 'Hello' },
      { text: 'abcdefghij中文在这里' }, // compressed part, then a UTF-16 continuation
      { text: '中文开头then latin tail' }, // UTF-16 part, then a compressed continuation
      { text: '富文本', runs: 3 }, // rich-text runs split across records
      { text: '拼音', ext: 13 }, // phonetic data split across records
      { text: '😀 emoji' }, // a surrogate pair that may be split
      { text: '' },
      { text: 'x'.repeat(40) },
    ];
    for (const limit of [12, 13, 17, 23, 31, 8224]) {
      const bytes = xls({
        globals: [sstRecords(strings, limit)],
        sheets: [{ name: 'S', cells: strings.map((_, i) => cell.labelSst(i, 0, i)) }],
      });
      assert.deepEqual(
        readXlsSheets(bytes)[0]!.rows.map((r) => r.cells[0]),
        strings.map((s) => s.text),
        `limit ${limit}`,
      );
    }
  });

  it('reads every cell record: LABEL, NUMBER, RK, MULRK, BOOLERR, FORMULA results and dates', () => {
    const dateXf = rec(0x00e0, u16(0), u16(164), Buffer.alloc(16));
    const plainXf = rec(0x00e0, u16(0), u16(0), Buffer.alloc(16));
    const builtinDateXf = rec(0x00e0, u16(0), u16(14), Buffer.alloc(16));
    const cjkDateXf = rec(0x00e0, u16(0), u16(31), Buffer.alloc(16));
    const bytes = xls({
      globals: [rec(0x041e, u16(164), xlString('yyyy"年"m"月"d"日" hh:mm')), plainXf, dateXf, builtinDateXf, cjkDateXf],
      sheets: [
        {
          name: '数据',
          cells: [
            cell.label(0, 0, '标签'),
            cell.number(0, 1, 1234.5),
            cell.number(0, 2, 42),
            cell.rk(1, 0, (1001 << 2) | 2), // integer
            cell.rk(1, 1, (12345 << 2) | 3), // integer / 100
            cell.rk(1, 2, f64(0.5).readUInt32LE(4)), // float, high bits only
            cell.mulrk(2, 1, [(7 << 2) | 2, (-3 << 2) | 2, (250 << 2) | 3]),
            cell.boolerr(3, 0, 1, false),
            cell.boolerr(3, 1, 0, false),
            cell.boolerr(3, 2, 0x07, true),
            cell.formula(4, 0, 3.25),
            cell.formula(4, 1, { special: 0 }),
            rec(0x04bc, Buffer.alloc(8)), // SHRFMLA between FORMULA and STRING
            cell.string('公式结果'),
            cell.formula(4, 2, { special: 1, value: 1 }),
            cell.formula(4, 3, { special: 2, value: 0x2a }),
            cell.formula(4, 4, { special: 3 }),
            cell.number(5, 0, 45366.5, 1), // custom date format with a time
            cell.number(5, 1, 45366, 2), // built-in 14 (m/d/yy)
            cell.rk(5, 2, (45366 << 2) | 2, 3), // CJK built-in 31 (yyyy年m月d日)
            cell.number(5, 3, 45366, 0),
          ],
        },
      ],
    });
    assert.deepEqual(rows(bytes), [
      [1, '标签', '1234.5', '42', '', ''],
      [2, '1001', '123.45', '0.5', '', ''],
      [3, '', '7', '-3', '2.5', ''],
      [4, 'true', 'false', '#DIV/0!', '', ''],
      [5, '3.25', '公式结果', 'true', '#N/A', ''],
      [6, '2024-03-15 12:00:00', '2024-03-15', '2024-03-15', '45366', ''],
    ]);
  });

  it('skips chart sheets and charts embedded in a worksheet', () => {
    const embeddedChart = [rec(0x0809, u16(0x0600), u16(0x0020), Buffer.alloc(12)), cell.label(9, 0, 'chart text'), rec(0x000a)];
    const bytes = xls({
      sheets: [
        { name: 'Chart1', sheetType: 2, bofType: 0x0020, cells: [] },
        { name: '问答', cells: [cell.label(0, 0, '问题'), cell.label(0, 1, '答案'), ...embeddedChart, cell.label(1, 0, '包邮吗'), cell.label(1, 1, '包邮')] },
      ],
    });
    assert.deepEqual(readXlsSheets(bytes).map((s) => s.name), ['问答']);
    assert.deepEqual(rows(bytes), [
      [1, '问题', '答案'],
      [2, '包邮吗', '包邮'],
    ]);
  });

  it('reads BIFF5 (Excel 95) workbooks in the "Book" stream with the code page of CODEPAGE', () => {
    const gbk = (text: string) => iconv.encode(text, 'gbk');
    const label5 = (row: number, col: number, text: string) => rec(0x0204, u16(row), u16(col), u16(0), u16(gbk(text).length), gbk(text));
    const stream = workbookStream({
      biff: 5,
      globals: [rec(0x0042, u16(936))],
      sheets: [{ name: 'Sheet1', cells: [label5(0, 0, '问题'), label5(0, 1, '答案'), label5(1, 0, '几天到货'), label5(1, 1, '一般两到三天')] }],
    });
    const bytes = buildCfb({ Book: stream }).bytes;
    assert.deepEqual(rows(bytes), [
      [1, '问题', '答案'],
      [2, '几天到货', '一般两到三天'],
    ]);
  });

  it('reports encrypted workbooks clearly', async () => {
    const filepass = xls({ globals: [rec(0x002f, u16(1), Buffer.alloc(52))], sheets: [{ name: 'S', cells: [] }] });
    assert.throws(() => readXlsSheets(filepass), EncryptedWorkbookError);
    const ooxml = buildCfb({ EncryptionInfo: Buffer.alloc(200), EncryptedPackage: Buffer.alloc(5000) }).bytes;
    for (const bytes of [filepass, ooxml]) {
      const r = await readXls(input(bytes));
      assert.deepEqual(r.diagnostics.map((d) => [d.severity, d.rule, d.message]), [['error', 'encrypted-file', 'read.encryptedWorkbook']]);
    }
  });

  it('reads what hides under an .xls name: an .xlsx, a tab-separated export; names an HTML export', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('Sheet1');
    ws.addRow(['问题', '答案']);
    ws.addRow(['能开发票吗', '可以']);
    const zip = await readXls(input(Buffer.from(await book.xlsx.writeBuffer())));
    assert.equal(zip.format, 'xlsx');
    assert.deepEqual(zip.entries.map((e) => [e.question, e.answer]), [['能开发票吗', '可以']]);
    const tsv = await readXls(input(Buffer.from('问题\t答案\n几点发货\t下午四点前当天发\n')));
    assert.equal(tsv.format, 'csv');
    assert.deepEqual(tsv.entries.map((e) => [e.question, e.answer, e.source.line]), [['几点发货', '下午四点前当天发', 2]]);
    const html = await readXls(input(Buffer.from('<html><body><table><tr><td>问题</td></tr></table></body></html>')));
    assert.deepEqual(html.diagnostics.map((d) => [d.rule, d.message]), [['corrupt-file', 'read.htmlSpreadsheet']]);
  });

  it('turns damage into a corrupt-file diagnostic with a detail', async () => {
    const good = fixture('faq.xls');
    // Large enough (over 4096 bytes) to live in regular sectors, where the FAT chains are.
    const built = buildCfb({ Workbook: workbookStream({ sheets: [{ name: 'S', cells: Array.from({ length: 300 }, (_, i) => cell.label(i, 0, `row ${i}`)) }] }) });
    const start = built.starts['Workbook']!;
    const noSheetBof = workbookStream({ sheets: [{ name: 'S', cells: [] }] });
    noSheetBof.writeUInt32LE(noSheetBof.length + 100, noSheetBof.indexOf(Buffer.from([0x85, 0x00])) + 4);
    const cases: [string, Buffer, RegExp][] = [
      ['truncated', good.subarray(0, 3000), /./],
      ['cyclic FAT', setFatEntry(built, start + 1, start), /loops back/],
      ['no workbook stream', buildCfb({ WordDocument: Buffer.alloc(5000) }).bytes, /no Workbook stream/],
      ['bad shared string index', xls({ globals: [sstRecords([{ text: 'a' }])], sheets: [{ name: 'S', cells: [cell.labelSst(0, 0, 5)] }] }), /shared string 5/],
      ['sheet past the end', buildCfb({ Workbook: noSheetBof }).bytes, /past the end of the workbook stream/],
      ['column past IV', xls({ sheets: [{ name: 'S', cells: [cell.label(0, 300, 'x')] }] }), /column 301/],
      ['short record', xls({ sheets: [{ name: 'S', cells: [rec(0x0203, u16(0))] }] }), /NUMBER record .* too short/],
      ['no EOF', buildCfb({ Workbook: workbookStream({ sheets: [] }).subarray(0, -4) }).bytes, /before the EOF record/],
      ['not BIFF', buildCfb({ Workbook: Buffer.alloc(5000, 0x41) }).bytes, /expected a BOF record/],
      ['random bytes', Buffer.concat([good.subarray(0, 8), Buffer.alloc(2000, 7)]), /./],
    ];
    for (const [what, bytes, detail] of cases) {
      const r = await readXls(input(bytes));
      assert.deepEqual(r.diagnostics.map((d) => [d.rule, d.message]), [['corrupt-file', 'read.corruptFile']], what);
      assert.match(String(r.diagnostics[0]!.params?.detail), detail, what);
    }
  });

  it('never throws anything but CorruptFileError on mutated or random files, and stays fast', () => {
    const good = fixture('faq.xls');
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
    const started = Date.now();
    for (let round = 0; round < 400; round++) {
      let bytes: Buffer;
      if (round % 4 === 0) {
        // Random bytes behind a valid signature and byte-order mark.
        bytes = Buffer.alloc(512 + (next() % 8192));
        for (let i = 0; i < bytes.length; i++) bytes[i] = next() >>> 24;
        good.copy(bytes, 0, 0, 0x20);
      } else {
        bytes = Buffer.from(good);
        const flips = 1 + (next() % 8);
        for (let k = 0; k < flips; k++) bytes[next() % bytes.length] = next() >>> 24;
      }
      try {
        readXlsSheets(bytes);
      } catch (err) {
        assert.ok(err instanceof CorruptFileError || err instanceof EncryptedWorkbookError, `round ${round}: ${String(err)}`);
      }
    }
    assert.ok(Date.now() - started < 5000, 'took too long');
  });
});

describe('xls helpers', () => {
  it('decodeRk covers integers, hundredths and doubles', () => {
    assert.equal(decodeRk((5 << 2) | 2), 5);
    assert.equal(decodeRk((-5 << 2) | 2), -5);
    assert.equal(decodeRk((199 << 2) | 3), 1.99);
    assert.equal(decodeRk(f64(-2.5).readUInt32LE(4)), -2.5);
    assert.equal(decodeRk(f64(100).readUInt32LE(4) | 1), 1);
  });

  it('isDateFormat tells date formats from number formats', () => {
    for (const f of ['yyyy-mm-dd', 'm/d/yy h:mm', '[$-409]d-mmm-yy', 'yyyy"年"m"月"d"日"', '[h]:mm:ss', 'hh:mm AM/PM']) assert.ok(isDateFormat(f), f);
    for (const f of ['General', '0.00', '#,##0 "days"', '[Red]0.0', '[$¥-804]#,##0', '0.0_);\\(0.0\\)', '"ymd"0']) assert.ok(!isDateFormat(f), f);
  });
});

