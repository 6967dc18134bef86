import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readerFor, readSource, SUPPORTED_EXTENSIONS, readCsv, readExcel, readJsonl, readMarkdown, readXls, readYaml } from '../../../src/read/index.js';
import { catalogKeys, createTranslator } from '../../../src/i18n/index.js';

describe('readerFor / readSource', () => {
  it('picks the reader by extension, case-insensitively', () => {
    assert.equal(readerFor('a/b.CSV'), readCsv);
    assert.equal(readerFor('x.tsv'), readCsv);
    assert.equal(readerFor('x.xlsx'), readExcel);
    assert.equal(readerFor('x.yml'), readYaml);
    assert.equal(readerFor('x.yaml'), readYaml);
    assert.equal(readerFor('x.ndjson'), readJsonl);
    assert.equal(readerFor('x.jsonl'), readJsonl);
    assert.equal(readerFor('x.markdown'), readMarkdown);
    assert.equal(readerFor('x.md'), readMarkdown);
    assert.equal(readerFor('x.XLS'), readXls);
    assert.equal(readerFor('x.xlsm'), readExcel);
    assert.equal(readerFor('x.et'), undefined);
    assert.equal(readerFor('README'), undefined);
    assert.deepEqual(SUPPORTED_EXTENSIONS, ['.csv', '.jsonl', '.markdown', '.md', '.ndjson', '.tsv', '.xls', '.xlsm', '.xlsx', '.yaml', '.yml']);
  });

  it('reads through the selected reader and reports unsupported files', async () => {
    const ok = await readSource({ bytes: Buffer.from('问题,答案\n运费,包邮\n'), file: 'a.csv', layer: 'merchant' });
    assert.equal(ok.format, 'csv');
    assert.equal(ok.entries.length, 1);
    const bad = await readSource({ bytes: Buffer.from('x'), file: 'notes.docx', layer: 'merchant' });
    assert.deepEqual(bad.diagnostics.map((d) => [d.rule, d.file, d.params?.file]), [['unsupported-format', 'notes.docx', 'notes.docx']]);
  });

  it('has every read message in both languages', () => {
    const { en, zh } = catalogKeys();
    const readKeys = en.filter((k) => k.startsWith('read.'));
    assert.ok(readKeys.length >= 20);
    for (const k of readKeys) assert.ok(zh.includes(k), k);
    const t = createTranslator('zh-CN');
    assert.equal(t('read.unknownEncoding', { encoding: 'sjis', supported: 'gbk, big5' }), '未知的编码 "sjis"；支持：gbk, big5');
  });
});
