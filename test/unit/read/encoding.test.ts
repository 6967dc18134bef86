import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { deflateRawSync } from 'node:zlib';
import { readCsv } from '../../../src/read/csv.js';
import { decodeText, detectUtf16, ReadFailure, resolveEncodingName, sniffEncoding } from '../../../src/read/encoding.js';

function failureOf(fn: () => unknown): ReadFailure {
  try {
    fn();
  } catch (err) {
    if (err instanceof ReadFailure) return err;
    throw err;
  }
  assert.fail('expected a ReadFailure');
}

describe('decodeText', () => {
  it('reads UTF-8 with and without a BOM', () => {
    const text = '标准问题,答案\n运费怎么算,满99包邮\n';
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    assert.deepEqual(decodeText(withBom, { file: 'a.csv' }), { text, encoding: 'utf-8' });
    assert.deepEqual(decodeText(Buffer.from(text), { file: 'a.csv' }), { text, encoding: 'utf-8' });
  });

  it('reads UTF-16 LE and BE with a BOM', () => {
    const text = '问题\t答案\n发票怎么开\t订单页申请\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    assert.deepEqual(decodeText(le, { file: 'a.tsv' }), { text, encoding: 'utf-16le' });
    const be = Buffer.from(le);
    be.swap16();
    assert.deepEqual(decodeText(be, { file: 'a.tsv' }), { text, encoding: 'utf-16be' });
  });

  it('tells GBK Simplified from Big5 Traditional, even for short texts', () => {
    const simplified = ['退货', '请问保修多久？', '编号,问题\n1,发什么快递', '显示器', '键盘'];
    const traditional = ['退貨', '請問保固多久？', '標準問題,答案\n運費怎麼算,滿999免運\n', '顯示器', '鍵盤'];
    for (const s of simplified) assert.deepEqual(decodeText(iconv.encode(s, 'gbk'), { file: 'x' }), { text: s, encoding: 'gb18030' }, s);
    for (const s of traditional) assert.deepEqual(decodeText(iconv.encode(s, 'big5'), { file: 'x' }), { text: s, encoding: 'big5' }, s);
  });

  it('honours an explicit encoding under any common spelling', () => {
    const bytes = iconv.encode('價格', 'big5');
    assert.equal(decodeText(bytes, { file: 'x', encoding: 'BIG5' }).text, '價格');
    assert.equal(decodeText(iconv.encode('价格', 'gbk'), { file: 'x', encoding: 'gb2312' }).encoding, 'gb18030');
    assert.equal(resolveEncodingName('UTF_8'), 'utf-8');
    assert.equal(resolveEncodingName('utf16le'), 'utf-16le');
    assert.equal(resolveEncodingName('latin9'), undefined);
  });

  it('rejects an unknown encoding name, naming it and the supported ones', () => {
    const f = failureOf(() => decodeText(Buffer.from('a'), { file: 'x.csv', encoding: 'shift-jis' }));
    assert.equal(f.diagnostic.rule, 'unknown-encoding');
    assert.equal(f.diagnostic.params?.encoding, 'shift-jis');
    assert.match(String(f.diagnostic.params?.supported), /gbk/);
    assert.match(String(f.diagnostic.params?.supported), /big5/);
  });

  it('reports empty and binary files', () => {
    assert.equal(failureOf(() => decodeText(Buffer.alloc(0), { file: 'e.csv' })).diagnostic.rule, 'empty-file');
    assert.equal(failureOf(() => decodeText(Buffer.from([0xef, 0xbb, 0xbf]), { file: 'e.csv' })).diagnostic.rule, 'empty-file');
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]);
    const f = failureOf(() => decodeText(zip, { file: 'b.csv' }));
    assert.equal(f.diagnostic.rule, 'binary-file');
    assert.equal(f.diagnostic.file, 'b.csv');
  });

  it('reads UTF-16 without a BOM: a mostly Chinese CSV with ASCII commas and newlines', () => {
    const text = '标准问题,答案,分类\n一般几天发货,下单后48小时内发出,物流\n支持七天无理由退货吗,支持，需保持包装完好,售后\n笔记本保修多久,整机一年，主要部件两年,保修\n';
    const le = Buffer.from(text, 'utf16le');
    assert.deepEqual(decodeText(le, { file: 'a.csv' }), { text, encoding: 'utf-16le' });
    const be = Buffer.from(le);
    be.swap16();
    assert.deepEqual(decodeText(be, { file: 'a.csv' }), { text, encoding: 'utf-16be' });
    // 一 (U+4E00) and 退 (U+9000) put a NUL on the "wrong" side; they do not hide the encoding.
    const withYi = '问题,答案\n一年保修吗,是的\n退货退款要多久,一到三天\n';
    assert.deepEqual(decodeText(Buffer.from(withYi, 'utf16le'), { file: 'b.csv' }), { text: withYi, encoding: 'utf-16le' });
  });

  it('reads a UTF-16 sample whose last character is cut, and a lone ASCII letter', () => {
    const le = Buffer.from('问题,答案\n发票😀,可以\n', 'utf16le');
    // Cut inside the surrogate pair of the emoji: the sample still counts as UTF-16.
    const cut = le.indexOf(Buffer.from('😀', 'utf16le')) + 2;
    assert.equal(detectUtf16(le.subarray(0, cut)), 'utf-16le');
    assert.equal(decodeText(Buffer.from('a', 'utf16le'), { file: 'c.csv' }).encoding, 'utf-16le');
  });

  it('still reports zip, xlsx, PNG and random bytes as binary', () => {
    const zip = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]),
      Buffer.from('[Content_Types].xml'),
      deflateRawSync(Buffer.from('<?xml version="1.0"?><Types>'.repeat(40))),
    ]);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00]);
    let seed = 12345;
    const random = Buffer.alloc(4096);
    for (let i = 0; i < random.length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      random[i] = seed >>> 24;
    }
    // Only one NUL side: ASCII-looking units at odd offsets but mostly private-use and control characters.
    const skewed = Buffer.alloc(512);
    for (let i = 0; i < skewed.length; i += 2) skewed[i] = i % 6 === 0 ? 0x01 : 0xe5 + (i % 7);
    for (const [name, bytes] of [['zip', zip], ['png', png], ['random', random], ['skewed', skewed]] as const) {
      assert.equal(detectUtf16(bytes), undefined, name);
      assert.equal(sniffEncoding(bytes).encoding, 'binary', name);
      assert.equal(failureOf(() => decodeText(bytes, { file: `${name}.csv` })).diagnostic.rule, 'binary-file', name);
    }
  });

  it('sniffs the start of a file without failing on a character cut at its end', () => {
    const utf8 = Buffer.from('session,role,text\ns1,customer,发票怎么开');
    assert.equal(sniffEncoding(utf8.subarray(0, utf8.length - 1), { partial: true }).encoding, 'utf-8');
    assert.equal(sniffEncoding(utf8.subarray(0, utf8.length - 1)).encoding, 'gb18030', 'a whole file must be valid UTF-8 to count as UTF-8');
    const big5 = iconv.encode('會話,角色,內容\ns1,客戶,請問保固多久\ns1,客戶,運費怎麼算', 'big5');
    assert.equal(sniffEncoding(big5.subarray(0, big5.length - 1), { partial: true }).encoding, 'big5');
    assert.deepEqual(sniffEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]), { encoding: 'gb18030' }), { encoding: 'gb18030', bomLength: 0 });
    assert.deepEqual(sniffEncoding(Buffer.from([0xff, 0xfe, 0x61, 0x00])), { encoding: 'utf-16le', bomLength: 2 });
  });

  it('a CSV import of UTF-16 LE without a BOM reads its entries and reports utf-16le', async () => {
    const text = '标准问题,相似问题,答案\r\n笔记本保修多久,保修期多长,整机一年，主要部件两年\r\n退货运费谁出,退货要自己出运费吗,质量问题由本店承担\r\n';
    const r = await readCsv({ bytes: Buffer.from(text, 'utf16le'), file: 'faqs.csv', layer: 'merchant' });
    assert.equal(r.encoding, 'utf-16le');
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(
      r.entries.map((e) => [e.question, e.similar, e.answer]),
      [
        ['笔记本保修多久', ['保修期多长'], '整机一年，主要部件两年'],
        ['退货运费谁出', ['退货要自己出运费吗'], '质量问题由本店承担'],
      ],
    );
  });
});
