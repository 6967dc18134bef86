import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { decodeText, ReadFailure, resolveEncodingName } from '../../../src/read/encoding.js';

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
});
