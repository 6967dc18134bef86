import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { compileBundle } from '../../src/bundle/compile.js';
import { writeBundleFile } from '../../src/bundle/file.js';
import { loadBundleSync } from '../../src/bundle/runtime.js';
import { buildMatcher, exportMatcherIndex } from '../../src/match/index.js';
import { DEFAULT_THRESHOLDS } from '../../src/model/config.js';
import { EMPTY_LEXICON } from '../../src/model/lexicon.js';
import { makeEntry } from '../helpers/builders.js';
import { tempDir } from '../helpers/cli.js';

const ENTRIES = [
  makeEntry({ id: 'invoice', question: '发票怎么开', similar: ['能开发票吗', '开专票可以吗', '电子发票在哪看'] }),
  makeEntry({ id: 'ship', question: '什么时候发货', similar: ['今天能发吗', '几天能到', '收货地址能改吗'] }),
  makeEntry({ id: 'warranty', question: '保修多久', similar: ['质保几年', '过保了怎么办', '包修多长时间'] }),
];
const QUESTIONS = ['发票能补开吗', '無貨什麼時候補', '收货地址写错了', '保修从哪天开始算', '在吗'];

/** A bundle as format 1 wrote it: jieba's full dictionary, no array places, version 1 on file. */
function writeFormat1Bundle(path: string) {
  const matcher = buildMatcher(ENTRIES, EMPTY_LEXICON, { thresholds: DEFAULT_THRESHOLDS, dictionaryMinFreq: 0 });
  const data = compileBundle({
    name: 'old',
    version: '1.0.0',
    entries: ENTRIES,
    lexicon: EMPTY_LEXICON,
    events: { accessories: [], promotions: [], aftersales: [] },
    packs: [],
    sources: [],
    thresholds: DEFAULT_THRESHOLDS,
    index: exportMatcherIndex(matcher),
    mediaRefs: {},
    media: new Map(),
  });
  writeBundleFile(path, data, { format: 'sqlite' });
  const db = new Database(path);
  db.pragma('user_version = 1');
  db.prepare("UPDATE meta SET value = '1' WHERE key = 'format_version'").run();
  db.prepare("DELETE FROM blobs WHERE name = 'index_paths'").run();
  db.close();
  return matcher;
}

describe('bundles of earlier formats', () => {
  const dir = tempDir('kbt-bundle-compat-');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a format 1 bundle (full dictionary, no array places) loads and answers as it was built', () => {
    const path = join(dir, 'old.kbt');
    const built = writeFormat1Bundle(path);
    const bundle = loadBundleSync(path);
    try {
      for (const q of QUESTIONS) assert.deepEqual(bundle.match(q), built.match(q, []), q);
      assert.equal(bundle.answer('发票能补开吗').entryId, 'invoice');
    } finally {
      bundle.close();
    }
  });
});
