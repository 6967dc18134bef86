/**
 * The text pipeline's fast paths (per-character tables, the alias trie, the pattern union, caches) must give
 * exactly what the plain regex versions give. The plain versions live here as the reference.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeSpacing, normalizeText, normalizeUnits, stripSymbols } from '../../../src/text/normalize.js';
import { buildModelDictionary, findModels, type ModelDictionary, type ModelSpan } from '../../../src/text/models.js';
import { createAnalyzer, createAnalyzerSpec } from '../../../src/text/analyze.js';
import { LEXICON } from '../match/fixture.js';

const refStripSymbols = (text: string) => text.replace(/[^\p{L}\p{N}\s.]|(?<!\d)\.|\.(?!\d)/gu, ' ');

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const SPACE_NEAR_CJK = new RegExp(`\\s+(?=[${CJK}])|(?<=[${CJK}])\\s+`, 'g');
function refJoinsWith(prev: string, next: string): boolean {
  if (prev.length === 1 || next.length === 1) return true;
  if (/^[a-z]+$/.test(prev) && /^\d/.test(next)) return true;
  return /\d$/.test(prev) && /^[a-z]{1,3}$/.test(next);
}
function refNormalizeSpacing(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').replace(SPACE_NEAR_CJK, '').trim();
  return collapsed.replace(/[a-z0-9.]+(?:\s+[a-z0-9.]+)*/g, (run) => {
    const parts = run.split(' ');
    if (parts.length === 1) return run;
    let out = parts[0]!;
    for (let i = 1; i < parts.length; i++) out += refJoinsWith(parts[i - 1]!, parts[i]!) ? parts[i]! : ` ${parts[i]!}`;
    return out;
  });
}
function refNormalizeUnits(text: string): string {
  return text
    .replace(/(?<![a-z0-9.])(\d+(?:\.\d+)?)(?:g|gb|gib)(?![a-z])/g, (m, n: string) => (Number(n) >= 6 || /b$/.test(m) ? `${n}gb` : m))
    .replace(/(?<![a-z0-9.])(\d+(?:\.\d+)?)(?:t|tb|tib)(?![a-z])/g, '$1tb')
    .replace(/(?<![a-z0-9.])(\d+(?:\.\d+)?)(?:寸|英寸)/g, '$1寸');
}

/** The previous scan: aliases by first character, longest first; patterns through matchAll. */
function refFindModels(text: string, dict: ModelDictionary): ModelSpan[] {
  const byFirst = new Map<string, string[]>();
  for (const a of [...dict.aliases.keys()].sort()) byFirst.set(a[0]!, [...(byFirst.get(a[0]!) ?? []), a]);
  for (const list of byFirst.values()) list.sort((x, y) => y.length - x.length || (x < y ? -1 : 1));
  const alnum = /[a-z0-9]/;
  const boundaryOk = (start: number, end: number) => {
    if (alnum.test(text[start]!) && start > 0 && alnum.test(text[start - 1]!)) return false;
    if (alnum.test(text[end - 1]!) && end < text.length && alnum.test(text[end]!)) return false;
    return true;
  };
  const spans: ModelSpan[] = [];
  let i = 0;
  while (i < text.length) {
    const hit = (byFirst.get(text[i]!) ?? []).find((a) => text.startsWith(a, i) && boundaryOk(i, i + a.length));
    if (hit) {
      spans.push({ start: i, end: i + hit.length, token: dict.aliases.get(hit)! });
      i += hit.length;
    } else i++;
  }
  for (const p of dict.patterns) {
    p.regex.lastIndex = 0;
    for (const m of text.matchAll(p.regex)) {
      const start = m.index;
      const end = start + m[0].length;
      if (end === start || !boundaryOk(start, end)) continue;
      if (spans.some((s) => s.start < end && start < s.end)) continue;
      spans.push({ start, end, token: m[0].replace(/\s+/g, '') });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

const pieces = [
  '筆電', '保固', '多久', '笔记本', '么', '發票', 'Y9000', ' P', 'y9000p', 'y9000', 'RTX', 'rtx 4060', '4060', 'ti', 'Ti', '16',
  'g', 'gb', 'GB', 't', 'tb', '寸', '英寸', 'ｙ９０００ｐ', '　', ' ', '  ', '\t', '\n', '，', '？', '!', '😊', '～', '.', '..', '2.5',
  '1.', '.5', '吗', 'iPhone 15 Pro', 'a', 'x', 'ab', 'z9', '-', '_', '𠀀', '\ud800', 'é', 'e\u0301', '①', 'Ⅻ', '拯救者', '小米14', '小米 14',
  '\u00a0', '\u2003', '\ufeff', '\u2028', '\u1680', '豈',
];
const mixed = fc.array(fc.constantFrom(...pieces), { maxLength: 14 }).map((xs) => xs.join(''));
const anyText = fc.oneof(mixed, fc.string({ maxLength: 24 }), fc.string({ unit: 'grapheme', maxLength: 12 }));

test('stripSymbols, normalizeSpacing and normalizeUnits equal their regex versions', () => {
  fc.assert(
    fc.property(anyText, (s) => {
      assert.equal(stripSymbols(s), refStripSymbols(s));
      assert.equal(normalizeSpacing(s), refNormalizeSpacing(s));
      assert.equal(normalizeUnits(s), refNormalizeUnits(s));
      const lower = s.toLowerCase();
      assert.equal(normalizeSpacing(lower), refNormalizeSpacing(lower));
      assert.equal(normalizeUnits(lower), refNormalizeUnits(lower));
    }),
    { numRuns: 3000 },
  );
});

const dict = buildModelDictionary({
  models: [
    { canonical: '拯救者 Y9000P', category: 'laptop', aliases: ['Y9000P', 'Y9000 P', 'y9000', '拯救者'] },
    { canonical: '小米 14', category: 'phone', aliases: ['小米14', 'xiaomi 14', 'mi14'] },
    { canonical: 'RTX 4060 Ti', category: 'gpu', aliases: ['4060ti', 'rtx4060'] },
  ],
  patterns: [
    { regex: '\\brtx ?\\d{4}(?: ?ti)?\\b', category: 'gpu' },
    { regex: '\\b[yr]\\d{4}[a-z]?\\b', category: 'laptop' },
    { regex: 'x*', category: 'other' },
    { regex: '小米 ?1[2-5]', category: 'phone' },
    { regex: '(', category: 'other' },
  ],
});

test('findModels (trie, pattern union) equals the plain scan, back-references and empty matches included', () => {
  assert.ok(dict.anyPattern, 'patterns without back-references are joined');
  const withBackref = buildModelDictionary({ models: [], patterns: [{ regex: '(ab)\\1', category: 'other' }, { regex: 'c', category: 'other' }] });
  assert.equal(withBackref.anyPattern, undefined);
  assert.deepEqual(findModels('ababc', withBackref), refFindModels('ababc', withBackref));
  const noEmpty = buildModelDictionary({ models: [], patterns: [{ regex: '\\b[yr]\\d{4}[a-z]?\\b', category: 'laptop' }] });
  fc.assert(
    fc.property(anyText, (s) => {
      const n = normalizeText(s);
      assert.deepEqual(findModels(n, dict), refFindModels(n, dict));
      assert.deepEqual(findModels(s, dict), refFindModels(s, dict));
      assert.deepEqual(findModels(n, noEmpty), refFindModels(n, noEmpty));
    }),
    { numRuns: 3000 },
  );
});

test('cached analyses equal fresh ones and are frozen', () => {
  const spec = createAnalyzerSpec(LEXICON);
  const cached = createAnalyzer(spec, { cacheSize: 8 });
  const fresh = createAnalyzer(spec, { cacheSize: 0 });
  fc.assert(
    fc.property(fc.array(mixed, { minLength: 1, maxLength: 30 }), (texts) => {
      for (const t of [...texts, ...texts.reverse()]) assert.deepEqual(cached.analyze(t), fresh.analyze(t));
    }),
    { numRuns: 200 },
  );
  const a = cached.analyze('笔记本保修多久');
  assert.equal(cached.analyze('笔记本保修多久'), a, 'a repeated text is served from the cache');
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a.words) && Object.isFrozen(a.models));
  assert.throws(() => (a.words as string[]).push('x'));
  assert.notEqual(fresh.analyze('笔记本保修多久'), fresh.analyze('笔记本保修多久'), 'cacheSize 0 analyzes every time');
});
