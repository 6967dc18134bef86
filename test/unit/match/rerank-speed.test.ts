/**
 * The re-ranker's fast paths against plain reference versions: bit-parallel order comparison against the
 * dynamic-programming `commonRuns`, the folding fast path against the Unicode pipeline, and the interned
 * index build against a straightforward map-based build.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { commonRuns, createOrderComparer, foldForOrder } from '../../../src/match/ranker.js';
import { analyzeKnowledge, CHANNELS, channelTerms, indexAnalyzed, type AnalyzedKnowledge, type IndexBuild } from '../../../src/match/index-data.js';
import { idf, saturate } from '../../../src/match/score.js';
import { ENTRIES, LEXICON } from './fixture.js';

const rows = () => ({ lcs: new Int32Array(65), prev: new Int32Array(65), sub: new Int32Array(65), subPrev: new Int32Array(65) });
const codesOf = (s: string) => Uint16Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));

// Few distinct characters, so strings share long runs and repeated characters; lengths around the one- and
// two-word boundaries (32, 64) of the bit vectors.
const alphabet = fc.constantFrom('保', '修', '多', '久', 'a', 'b', '1', '的');
const folded = (max: number) => fc.array(alphabet, { maxLength: max }).map((xs) => xs.join(''));

test('order comparer equals the dynamic-programming longest common subsequence and substring', () => {
  const cmp = createOrderComparer();
  const r = rows();
  fc.assert(
    fc.property(folded(70), fc.array(folded(70), { minLength: 1, maxLength: 4 }), (q, phrasings) => {
      const question = q.slice(0, 64);
      cmp.setQuery(question);
      for (const p of phrasings.map((x) => x.slice(0, 64))) {
        const want = commonRuns(question, p, r);
        const got = cmp.compare(codesOf(p), 0, p.length);
        assert.deepEqual({ ...got }, want, `${question} / ${p}`);
      }
    }),
    { numRuns: 3000 },
  );
});

test('order comparer: with a floor, the substring is exact above it and at most the floor otherwise', () => {
  const cmp = createOrderComparer();
  const r = rows();
  fc.assert(
    fc.property(folded(70), folded(70), fc.integer({ min: -1, max: 12 }), (q, p, floor) => {
      const question = q.slice(0, 64);
      cmp.setQuery(question);
      const want = commonRuns(question, p.slice(0, 64), r);
      const got = cmp.compare(codesOf(p), 0, Math.min(64, p.length), floor);
      assert.equal(got.lcs, want.lcs);
      if (want.substring > floor) assert.equal(got.substring, want.substring);
      else assert.ok(got.substring <= Math.max(floor, 1) && got.substring <= want.substring, `${got.substring} vs ${want.substring}`);
    }),
    { numRuns: 3000 },
  );
});

test('order comparer reads a slice of a shared code pool', () => {
  const cmp = createOrderComparer();
  cmp.setQuery('保修多久');
  const pool = codesOf('xx保修期多久yy');
  assert.deepEqual({ ...cmp.compare(pool, 2, 7) }, { lcs: 4, substring: 2 });
  assert.deepEqual({ ...cmp.compare(pool, 0, 0) }, { lcs: 0, substring: 0 });
  cmp.setQuery('');
  assert.deepEqual({ ...cmp.compare(pool, 2, 7) }, { lcs: 0, substring: 0 });
});

test('foldForOrder fast path equals the Unicode pipeline', () => {
  const slow = (t: string) => t.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '').slice(0, 64);
  const pieces = fc.constantFrom('a', 'Z', '9', ' ', '保', '長', '，', 'Ｙ', '①', '\u4e00', '\u9fff', '\u3400', 'é', '😊', '\u3000', 'ß', 'İ');
  fc.assert(
    fc.property(fc.oneof(fc.array(pieces, { maxLength: 80 }).map((xs) => xs.join('')), fc.string({ maxLength: 30 })), (s) => {
      assert.equal(foldForOrder(s), slow(s));
    }),
    { numRuns: 3000 },
  );
});

/** The index built term by term with maps and sets, as it was before terms were interned. */
function referenceIndex(k: AnalyzedKnowledge, build: IndexBuild, keep: (p: number) => boolean) {
  const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const kept = k.text.map((_, i) => i).filter(keep);
  const entryOf = kept.map((i) => k.entryOf[i]!);
  const analyses = kept.map((i) => k.analyses[i]!);
  const out: Record<string, unknown> = {};
  for (const ch of CHANNELS) {
    const df = new Map<string, Set<number>>();
    const perPhrasing = analyses.map((a, pi) => {
      const tf = new Map<string, number>();
      const stopOf = new Map<string, boolean>();
      channelTerms(a, ch).forEach((t, i) => {
        tf.set(t, (tf.get(t) ?? 0) + 1);
        stopOf.set(t, (stopOf.get(t) ?? true) && (ch === 'words' ? a.wordStop[i]! : false));
        if (!df.has(t)) df.set(t, new Set());
        df.get(t)!.add(entryOf[pi]!);
      });
      return new Map([...tf].map(([t, n]) => [t, saturate(n, build.k1) * (stopOf.get(t) ? build.stopWeight : 1)]));
    });
    const terms = [...df.keys()].sort(byString);
    const termId = new Map(terms.map((t, i) => [t, i]));
    const idfs = terms.map((t) => idf(k.entries.length, df.get(t)!.size));
    const norms = perPhrasing.map((w) => Math.sqrt([...w].reduce((s, [t, x]) => s + (x * idfs[termId.get(t)!]!) ** 2, 0)) || 1);
    const avg = norms.reduce((a, b) => a + b, 0) / (norms.length || 1) || 1;
    const lists: { p: number; w: number }[][] = terms.map(() => []);
    perPhrasing.forEach((w, pi) => {
      const norm = Math.pow(norms[pi]!, build.lengthNorm) * Math.pow(avg, 1 - build.lengthNorm);
      for (const [t, x] of w) lists[termId.get(t)!]!.push({ p: pi, w: (x * idfs[termId.get(t)!]!) / norm });
    });
    const centroid: Map<number, number>[] = k.entries.map(() => new Map());
    lists.forEach((l, id) => l.forEach(({ p, w }) => centroid[entryOf[p]!]!.set(id, (centroid[entryOf[p]!]!.get(id) ?? 0) + w)));
    const entryLists: { e: number; w: number }[][] = terms.map(() => []);
    centroid.forEach((c, e) => {
      const norm = Math.sqrt([...c.values()].reduce((s, v) => s + v * v, 0)) || 1;
      for (const [id, v] of [...c].sort((a, b) => a[0] - b[0])) entryLists[id]!.push({ e, w: v / norm });
    });
    out[ch] = {
      terms,
      idf: idfs,
      start: lists.reduce((s, l) => [...s, s[s.length - 1]! + l.length], [0]),
      phrasing: lists.flatMap((l) => l.map((x) => x.p)),
      weight: lists.flatMap((l) => l.map((x) => x.w)),
      entryStart: entryLists.reduce((s, l) => [...s, s[s.length - 1]! + l.length], [0]),
      entry: entryLists.flatMap((l) => l.map((x) => x.e)),
      entryWeight: entryLists.flatMap((l) => l.map((x) => x.w)),
    };
  }
  return out;
}

test('interned index build equals the map-based build, over all phrasings and over a subset', () => {
  const build: IndexBuild = { k1: 1.2, stopWeight: 0.2, lengthNorm: 0.5, generalLexicon: true };
  const k = analyzeKnowledge(ENTRIES, LEXICON);
  const subsets: ((p: number) => boolean)[] = [() => true, (p) => p % 3 !== 1, (p) => k.entryOf[p]! % 4 !== 2 && p % 5 !== 0];
  for (const keep of subsets) {
    const data = indexAnalyzed(k, build, keep);
    // Plain arrays either way: the JSON round trip is what a bundle stores.
    assert.deepEqual(JSON.parse(JSON.stringify(data.channels)), JSON.parse(JSON.stringify(referenceIndex(k, build, keep))));
    assert.equal(data.phrasings.text.length, k.text.filter((_, i) => keep(i)).length);
  }
});

test('a trained matcher explains a candidate exactly as the posting-list search does', async () => {
  const { buildMatcher, exportMatcherIndex, loadMatcherFromIndex } = await import('../../../src/match/index.js');
  const products = ['手机', '电脑', '耳机', '平板', '键盘', '鼠标', '显示器', '路由器'];
  const topics = ['保修', '退货', '发票', '发货', '维修', '价格'];
  const entries = products.flatMap((p, i) =>
    topics.map((t, j) => ({
      ...ENTRIES[0]!,
      id: `g${i}.${j}`,
      question: `${p}${t}怎么办`,
      similar: [`${p}的${t}问题`, `请问${p}能${t}吗`, `${t}${p}`],
      tags: [],
      products: [],
    })),
  );
  const trained = buildMatcher([...ENTRIES, ...entries], LEXICON);
  assert.ok(exportMatcherIndex(trained).ranker, 'trained');
  // The same index without its model: no forward index, explanations by binary search.
  const plain = loadMatcherFromIndex({ ...exportMatcherIndex(trained), ranker: undefined });
  let compared = 0;
  for (const q of ['平板保修怎么办', '请问耳机能退货吗', 'y9000p 保固多久', '筆電发漂怎么开', '路由器 价格', '包修多久']) {
    const a = trained.match(q);
    const b = plain.match(q);
    for (const c of a.candidates) {
      const d = b.candidates.find((x) => x.entryId === c.entryId && x.phrasing === c.phrasing);
      if (!d) continue;
      compared++;
      assert.deepEqual([c.matchedTerms, c.synonyms], [d.matchedTerms, d.synonyms], `${q} → ${c.entryId}`);
    }
  }
  assert.ok(compared >= 6, `compared ${compared}`);
});
