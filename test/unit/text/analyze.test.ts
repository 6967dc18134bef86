import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSoundTable, copyAnalysis, createAnalyzer, createAnalyzerSpec, dropDoubledKeys } from '../../../src/text/analyze.js';
import { buildLexicon } from '../../../src/text/lexicon.js';
import { LEXICON } from '../match/fixture.js';

const analyzer = createAnalyzer(createAnalyzerSpec(LEXICON));

test('synonyms map every term to its canonical form, across scripts', () => {
  const a = analyzer.analyze('筆電保固多久');
  const b = analyzer.analyze('笔记本保修多久');
  assert.deepEqual(a.words, b.words);
  assert.deepEqual(a.bigrams, b.bigrams);
  assert.ok(a.rewrites.includes('笔电→笔记本'));
  assert.ok(a.rewrites.includes('保固→保修'));
});

test('the pinyin channel lets homophone slips meet', () => {
  const typo = analyzer.analyze('包修多久');
  const right = analyzer.analyze('保修多久');
  assert.ok(typo.pinyin.includes('bao_xiu'));
  assert.ok(right.pinyin.includes('bao_xiu'));
  assert.ok(analyzer.analyze('去动').pinyin.includes('qu_dong'));
  assert.ok(analyzer.analyze('驱动').pinyin.includes('qu_dong'));
});

test('product models are one token whatever the spelling', () => {
  for (const s of ['y9000p能加内存吗', 'Y9000 P能加内存吗', '拯救者Y9000P能加内存吗']) {
    const a = analyzer.analyze(s);
    assert.deepEqual(a.models, ['拯救者y9000p'], s);
    assert.ok(a.words.includes('拯救者y9000p'));
  }
  assert.deepEqual(analyzer.analyze('rtx 4060ti 怎么样').models, ['rtx4060ti']);
});

test('stop words are flagged, and a turn of only stop words keeps them', () => {
  const a = analyzer.analyze('请问发票呢');
  assert.deepEqual(a.wordStop, a.words.map((w) => w !== '发票'));
  const greet = analyzer.analyze('在吗');
  assert.ok(greet.words.length > 0);
  assert.ok(greet.wordStop.every((s) => !s));
  assert.ok(greet.bigrams.length > 0);
});

test('buildLexicon merges parts: groups united, models keep first definition plus later aliases', () => {
  const lex = buildLexicon([
    { synonyms: [{ canonical: '保修', terms: ['保固'] }], models: [{ canonical: 'A1', category: 'phone', aliases: ['a-1'] }], stopwords: ['吗'] },
    { synonyms: [{ canonical: '保修', terms: ['质保', '保固'] }], models: [{ canonical: 'A1', category: 'tablet', aliases: ['a one'] }], stopwords: ['吗', '呢'] },
  ]);
  assert.deepEqual(lex.synonyms, [{ canonical: '保修', terms: ['保固', '质保'] }]);
  assert.equal(lex.models.length, 1);
  assert.equal(lex.models[0]!.category, 'phone');
  assert.deepEqual(lex.models[0]!.aliases, ['a one', 'a-1']);
  assert.deepEqual(lex.stopwords, ['吗', '呢']);
  assert.ok(lex.words.includes('质保') && lex.words.includes('A1'));
});

test('buildSoundTable keeps, per sound, the word most phrasings use (ties: first in order)', () => {
  const counts = new Map([
    ['保修', 9],
    ['报修', 3],
    ['驱动', 4],
    ['去动', 0],
    ['在吗', 5],
    ['wifi', 7],
    ['笔记本电脑', 2],
    ['事件', 1],
    ['试件', 1],
  ]);
  assert.deepEqual(buildSoundTable(counts, new Set(['在吗'])), [
    ['bao_xiu', '保修'],
    ['qu_dong', '驱动'],
    ['shi_jian', '事件'],
  ]);
});

test('sound correction reads lone characters that sound like a knowledge-base word as that word', () => {
  const spec = createAnalyzerSpec(LEXICON);
  const plain = createAnalyzer(spec);
  const withSounds = createAnalyzer({ ...spec, sounds: buildSoundTable(new Map([['保修', 3], ['驱动', 2], ['事件', 1]]), new Set()) });
  const typo = withSounds.analyze('宝修多久');
  assert.ok(typo.words.includes('保修'), typo.words.join('|'));
  assert.ok(typo.rewrites.includes('宝修→保修'));
  assert.deepEqual(typo.words, withSounds.analyze('保修多久').words);
  // The pinyin channel still reads what was typed.
  assert.deepEqual(typo.pinyin, plain.analyze('宝修多久').pinyin);
  assert.ok(withSounds.analyze('去动装不上').words.includes('驱动'));
  // A real word is cut whole by the segmenter and never read as a homophone.
  assert.ok(withSounds.analyze('发货时间').words.includes('时间'));
  assert.ok(!withSounds.analyze('发货时间').words.includes('事件'));
  // Without a table nothing changes.
  assert.ok(!plain.analyze('宝修多久').words.includes('保修'));
});

test('dropDoubledKeys removes a character typed twice, not a reduplicated word', () => {
  const none = () => false;
  // A lone character repeating its neighbour's edge.
  assert.equal(dropDoubledKeys(['拯救', '救', '者'], none), '拯救者');
  assert.equal(dropDoubledKeys(['蓝', '蓝屏'], none), '蓝屏');
  // A word that is one character twice is read as the character, unless the knowledge base knows it.
  assert.equal(dropDoubledKeys(['最', '多多', '能'], none), '最多能');
  assert.equal(dropDoubledKeys(['淘', '宝宝'], (w) => w === '宝宝'), undefined);
  // Nothing doubled: undefined, so the caller keeps its cut.
  assert.equal(dropDoubledKeys(['看', '了', '看'], none), undefined);
  assert.equal(dropDoubledKeys(['y9000p', 'p'], none), undefined);
});

test('doubled keys and their clean text analyze alike', () => {
  for (const [typo, clean] of [
    ['心主机开机就蓝蓝屏', '心主机开机就蓝屏'],
    ['寄回回哪哪里', '寄回哪里'],
    ['它最多多能上多少少g内存', '它最多能上多少g内存'],
  ] as const) {
    assert.deepEqual(analyzer.analyze(typo).words, analyzer.analyze(clean).words, typo);
  }
  // A reduplication reads as its character, in questions and phrasings alike; 看了看 is not doubled.
  assert.deepEqual(analyzer.analyze('谢谢').words, analyzer.analyze('谢').words);
  assert.deepEqual(analyzer.analyze('看了看').words.filter((w) => w === '看'), ['看', '看']);
});

test('copyAnalysis gives an equal, frozen analysis with lists and model tokens of its own', () => {
  for (const text of ['拯救者Y9000P包修多久', '筆電保固多久', '在吗', '']) {
    const a = analyzer.analyze(text);
    const c = copyAnalysis(a);
    assert.deepEqual(c, a, text);
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.words) && Object.isFrozen(c.tokens), text);
    for (const k of ['tokens', 'words', 'wordStop', 'bigrams', 'chars', 'pinyin', 'pinyinSurface', 'models', 'rewrites'] as const) {
      assert.notEqual(c[k], a[k], `${text}: ${k}`);
    }
    c.tokens.forEach((t, i) => assert.equal(t === a.tokens[i], !t.model, `${text}: token ${i}`));
  }
});
