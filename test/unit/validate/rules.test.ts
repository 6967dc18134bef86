import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkAnswerLength,
  checkDuplicateIds,
  checkDuplicatePhrasings,
  checkPhrasingQuality,
  checkRequiredFields,
  lintEntries,
} from '../../../src/validate/rules.js';
import { phrasingKey } from '../../../src/validate/phrasing-key.js';
import { makeEntry } from '../../helpers/builders.js';

describe('validation rules', () => {
  it('missing question and missing answer are errors naming the field and line', () => {
    const d = checkRequiredFields([
      makeEntry({ id: 'a', question: ' ', source: { layer: 'merchant', file: 'f.csv', line: 4 } }),
      makeEntry({ id: 'b', answer: '', source: { layer: 'merchant', file: 'f.csv', line: 5 } }),
      makeEntry({ id: 'c', answer: [{ type: 'image', src: 'a.png' }] }),
    ]);
    assert.deepEqual(d.map((x) => [x.rule, x.field, x.file, x.line]), [
      ['missing-question', 'question', 'f.csv', 4],
      ['missing-answer', 'answer', 'f.csv', 5],
    ]);
  });

  it('duplicate ids are errors pointing at the first occurrence', () => {
    const d = checkDuplicateIds([
      makeEntry({ id: 'x', source: { layer: 'merchant', file: 'a.yaml', line: 2 } }),
      makeEntry({ id: 'x', source: { layer: 'merchant', file: 'b.yaml', line: 9 } }),
    ]);
    assert.equal(d.length, 1);
    assert.equal(d[0]!.file, 'b.yaml');
    assert.equal(d[0]!.params!.other, 'a.yaml:2');
  });

  it('the same phrasing under two entries is an error after folding width, case, 繁/简 and punctuation', () => {
    const d = checkDuplicatePhrasings([
      makeEntry({ id: 'a', question: '笔记本保修多久？' }),
      makeEntry({ id: 'b', question: '其他问题', similar: ['筆記本保修多久'], similarLines: [12] }),
      makeEntry({ id: 'c', question: 'ＳＳＤ能加吗' }),
      makeEntry({ id: 'd', question: '别的', similar: ['ssd能加吗!'] }),
    ]);
    assert.deepEqual(d.map((x) => [x.rule, x.entryId, x.params!.other]), [
      ['duplicate-phrasing', 'b', 'a'],
      ['duplicate-phrasing', 'd', 'c'],
    ]);
    assert.equal(d[0]!.line, 12);
  });

  it('phrasing quality: few phrasings, similar equal to question, repeated similar are warnings', () => {
    const d = checkPhrasingQuality([
      makeEntry({ id: 'few', question: '发票', similar: ['开票'] }),
      makeEntry({ id: 'same', question: '能开发票吗', similar: ['能开发票吗？', '开发票', '开发票', '可以开票吗'] }),
    ]);
    assert.deepEqual(d.map((x) => [x.rule, x.entryId, x.severity]), [
      ['few-phrasings', 'few', 'warning'],
      ['similar-equals-question', 'same', 'warning'],
      ['repeated-similar', 'same', 'warning'],
    ]);
  });

  it('very long answers are warnings, tutorials are exempt', () => {
    const long = '很'.repeat(1001);
    const d = checkAnswerLength([makeEntry({ id: 'a', answer: long }), makeEntry({ id: 't', kind: 'tutorial', answer: long })]);
    assert.deepEqual(d.map((x) => x.entryId), ['a']);
  });

  it('a clean entry set has no findings', () => {
    const entries = [
      makeEntry({ id: 'a', question: '多久发货', similar: ['什么时候发货', '几天能发'] }),
      makeEntry({ id: 'b', question: '能开发票吗', similar: ['开票吗', '要发票'] }),
    ];
    assert.deepEqual(lintEntries(entries), []);
  });

  it('phrasingKey folds width, case, Traditional and punctuation', () => {
    assert.equal(phrasingKey('筆電 保固多久？'), phrasingKey('笔电保固多久'));
    assert.equal(phrasingKey('ＲＴＸ４０６０'), 'rtx4060');
    assert.notEqual(phrasingKey('保修多久'), phrasingKey('保修多少钱'));
  });
});
