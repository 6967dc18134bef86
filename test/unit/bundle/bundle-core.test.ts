import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalJson, hashContent } from '../../../src/bundle/canonical.js';
import { compileBundle } from '../../../src/bundle/compile.js';
import { classifyTurnChange, diffBundleContents, summarizeTurnChanges, type TurnAnswer } from '../../../src/bundle/diff.js';
import { mimeOf } from '../../../src/bundle/format.js';
import { fromBytes, indexDigestView, packIndex, plainIndex, unpackIndex } from '../../../src/bundle/packed.js';
import type { MatcherIndexData } from '../../../src/match/index.js';
import { DEFAULT_THRESHOLDS } from '../../../src/model/config.js';
import { EMPTY_LEXICON } from '../../../src/model/lexicon.js';
import { makeEntry } from '../../helpers/builders.js';

/** A stand-in index: the bundle code treats it as data, so its shape only needs numeric and string arrays. */
function fakeIndex(weights: number[]): MatcherIndexData {
  return {
    format: 'kbt-matcher-index',
    version: 1,
    build: { k1: 1.2, stopWeight: 0.2 },
    phrasings: { text: ['a', 'b'], entry: [0, 1] },
    channels: { words: { terms: ['x', 'y'], idf: [0.5, 1.25], start: [0, 1, 2], phrasing: [0, 1], weight: weights } },
  } as unknown as MatcherIndexData;
}

function compile(entries = [makeEntry({ id: 'a', question: '发票怎么开' }), makeEntry({ id: 'b', question: '几天发货' })], weights = [0.1, 0.7]) {
  return compileBundle({
    name: 'shop',
    version: '1.0.0',
    entries,
    lexicon: EMPTY_LEXICON,
    events: { accessories: [], promotions: [], aftersales: [] },
    packs: [{ name: 'p', version: '1.0.0' }],
    sources: [{ path: 'z.csv', hash: 'h2' }, { path: 'a.csv', hash: 'h1' }],
    thresholds: DEFAULT_THRESHOLDS,
    index: fakeIndex(weights),
    mediaRefs: { b: { 'img/x.png': 'img/x.png' } },
    media: new Map([['img/x.png', Buffer.from([1, 2, 3])]]),
  });
}

describe('canonical serialization', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: undefined } }), '{"a":{"d":[3,{"x":2,"y":1}]},"b":1}');
  });

  it('is independent of key insertion order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.boolean())), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        assert.equal(canonicalJson(obj), canonicalJson(reversed));
      }),
    );
  });
});

describe('compileBundle', () => {
  it('sorts entries and sources, counts, and hashes deterministically', () => {
    const x = compile();
    const y = compile([...x.content.entries].reverse());
    assert.deepEqual(x.content.entries.map((e) => e.id), ['a', 'b']);
    assert.deepEqual(x.manifest.sources.map((s) => s.path), ['a.csv', 'z.csv']);
    assert.equal(x.manifest.counts.media, 1);
    assert.equal(x.manifest.counts.mediaBytes, 3);
    assert.equal(x.manifest.contentHash, y.manifest.contentHash);
    assert.equal(x.manifest.contentHash, hashContent(x.content));
    assert.equal(x.content.media[0]!.mime, 'image/png');
  });

  it('any change of content changes the hash', () => {
    const entries = compile().content.entries;
    const base = compile(entries).manifest.contentHash;
    assert.equal(compile(entries).manifest.contentHash, base);
    assert.notEqual(compile(entries, [0.1, 0.70000001]).manifest.contentHash, base);
    assert.notEqual(compile([{ ...entries[0]!, answer: '另一个答案' }, entries[1]!]).manifest.contentHash, base);
  });
});

describe('packed index arrays', () => {
  it('round-trips exactly, choosing int32 for whole numbers and float64 otherwise', () => {
    const index = fakeIndex([0.1, 1 / 3]);
    const { skeleton, arrays } = packIndex(index);
    const types = arrays.map((a) => a.type);
    assert.ok(types.includes('i32') && types.includes('f64'));
    const back = unpackIndex(JSON.parse(canonicalJson(skeleton)), arrays.map((a) => fromBytes(a.bytes, a.type)));
    assert.deepEqual(plainIndex(back), plainIndex(index));
    assert.deepEqual(indexDigestView(back), indexDigestView(index), 'typed and plain arrays hash the same');
  });

  it('float64 values survive bit for bit (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 50 }), (ws) => {
        const index = fakeIndex(ws.map((w) => (Object.is(w, -0) ? 0 : w)));
        const { skeleton, arrays } = packIndex(index);
        const back = unpackIndex(skeleton, arrays.map((a) => fromBytes(a.bytes, a.type)));
        assert.deepEqual(Array.from((back.channels as unknown as Record<string, { weight: ArrayLike<number> }>).words!.weight), index.channels.words.weight);
      }),
    );
  });

  it('puts arrays back by their stored places, and refuses a place that holds no placeholder', () => {
    const index = fakeIndex([0.25, 4]);
    const { skeleton, arrays, paths } = packIndex(index);
    assert.deepEqual(paths[0], ['phrasings', 'entry']);
    const typed = arrays.map((a) => fromBytes(a.bytes, a.type));
    const byPaths = unpackIndex(JSON.parse(canonicalJson(skeleton)), typed, paths);
    assert.deepEqual(plainIndex(byPaths), plainIndex(index));
    // Bundles written before places were stored are walked instead.
    assert.deepEqual(plainIndex(unpackIndex(JSON.parse(canonicalJson(skeleton)), typed)), plainIndex(index));
    const wrong = paths.map((p, i) => (i === 0 ? ['phrasings', 'text'] : p));
    assert.throws(() => unpackIndex(JSON.parse(canonicalJson(skeleton)), typed, wrong), /holds no placeholder/);
    assert.throws(() => unpackIndex(JSON.parse(canonicalJson(skeleton)), typed, paths.slice(1)), /array places/);
  });

  it('stores the segmenter dictionary as UTF-8 bytes that hash and print like the text', () => {
    const dictionary = '保修 40\n收货 4\n';
    const index = { ...fakeIndex([0.5]), analyzer: { words: ['保修'], dictionary } } as unknown as MatcherIndexData;
    const { skeleton, arrays, paths } = packIndex(index);
    const n = paths.findIndex((p) => p.join('.') === 'analyzer.dictionary');
    assert.equal(arrays[n]!.type, 'utf8');
    assert.equal(arrays[n]!.bytes.toString('utf8'), dictionary);
    const back = unpackIndex(JSON.parse(canonicalJson(skeleton)), arrays.map((a) => fromBytes(a.bytes, a.type)), paths);
    const loaded = (back as unknown as { analyzer: { dictionary: unknown } }).analyzer.dictionary;
    assert.ok(loaded instanceof Uint8Array && !(typeof loaded === 'string'));
    assert.deepEqual(indexDigestView(back), indexDigestView(index), 'bytes and text hash the same');
    assert.equal((plainIndex(back) as unknown as { analyzer: { dictionary: unknown } }).analyzer.dictionary, dictionary);
    // Only that place: other strings stay JSON text.
    assert.deepEqual((skeleton as { phrasings: { text: unknown } }).phrasings.text, ['a', 'b']);
  });

  it('copies unaligned bytes and views aligned ones', () => {
    const raw = Buffer.alloc(17);
    const unaligned = raw.subarray(1);
    new DataView(unaligned.buffer, unaligned.byteOffset).setFloat64(0, 2.5, true);
    assert.equal(fromBytes(unaligned, 'f64')[0], 2.5);
    assert.throws(() => fromBytes(Buffer.alloc(7), 'f64'), RangeError);
  });
});

describe('bundle diff', () => {
  const manifest = (hash: string) => ({ name: 'shop', version: '1.0.0', packs: [], contentHash: hash });
  it('lists added, removed and changed entries with phrasing changes, ignoring provenance lines', () => {
    const a = [makeEntry({ id: 'keep', similar: ['x'], source: { layer: 'merchant', file: 'f.csv', line: 2 } }), makeEntry({ id: 'gone' }), makeEntry({ id: 'edit', similar: ['p1', 'p2'] })];
    const b = [
      makeEntry({ ...a[0]!, source: { layer: 'merchant', file: 'f.csv', line: 9 } }),
      makeEntry({ ...a[2]!, similar: ['p2', 'p3'], answer: '新答案' }),
      makeEntry({ id: 'new', question: '新问题', similar: ['新问法'] }),
    ];
    const d = diffBundleContents({ manifest: manifest('sha256:a'), entries: a }, { manifest: manifest('sha256:b'), entries: b });
    assert.deepEqual(d.entries.added, ['new']);
    assert.deepEqual(d.entries.removed, ['gone']);
    assert.deepEqual(d.entries.changed, [{ id: 'edit', fields: ['answer', 'similar'], phrasings: { added: ['p3'], removed: ['p1'] } }]);
    assert.deepEqual(d.phrasings, { added: 1 + 2, removed: 1 + 1 });
    assert.equal(d.same, false);
  });

  it('classifies labeled turns as fixed, broken or changed, as eval judges them', () => {
    const ans = (entryId: string): TurnAnswer => ({ decision: 'answer', entryId, top: [entryId], confidence: 0.9 });
    const handoff: TurnAnswer = { decision: 'handoff', top: [], confidence: 0.1 };
    assert.equal(classifyTurnChange('a', ans('a'), ans('a')), undefined);
    assert.equal(classifyTurnChange('a', ans('b'), ans('a')), 'fixed');
    assert.equal(classifyTurnChange('a', ans('a'), handoff), 'broken');
    assert.equal(classifyTurnChange('a', ans('b'), ans('c')), 'changed');
    assert.equal(classifyTurnChange('__none__', ans('b'), handoff), 'fixed');
    const clarify = (top: string[]): TurnAnswer => ({ decision: 'clarify', top, confidence: 0.4 });
    assert.equal(classifyTurnChange('a', clarify(['b', 'a']), clarify(['a', 'b'])), 'changed');
    const s = summarizeTurnChanges(5, [
      { kind: 'fixed', key: 'k2', file: 'f', line: 2, text: '', label: 'a', a: handoff, b: ans('a') },
      { kind: 'broken', key: 'k9', file: 'f', line: 9, text: '', label: 'a', a: ans('a'), b: handoff },
    ]);
    assert.deepEqual([s.turns, s.fixed, s.broken, s.changed, s.changes[0]!.kind], [5, 1, 1, 0, 'broken']);
  });
});

describe('media types', () => {
  it('knows the usual media types', () => {
    assert.deepEqual(['a.JPG', 'b.mp4', 'c.bin'].map(mimeOf), ['image/jpeg', 'video/mp4', 'application/octet-stream']);
  });
});
