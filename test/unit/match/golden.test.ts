/**
 * Ranking golden set: each case names the entry that must rank first and why, so a scoring change that
 * breaks one of these reasons shows up by name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMatcher } from '../../../src/match/index.js';
import type { SessionTurn } from '../../../src/match/types.js';
import { ENTRIES, LEXICON } from './fixture.js';

const matcher = buildMatcher(ENTRIES, LEXICON);

interface Case {
  q: string;
  top: string;
  why: string;
  session?: SessionTurn[];
}

const CASES: Case[] = [
  { q: '筆電保固多久', top: 'warranty.period', why: 'Traditional script and TW words (筆電, 保固) reach 笔记本/保修 by conversion and synonyms' },
  { q: '包修几年啊', top: 'warranty.period', why: 'pinyin slip 包修 meets 保修 in the typo channel' },
  { q: '笔记本保修多久？😊', top: 'warranty.period', why: 'punctuation and emoji are dropped' },
  { q: '能开专票吗', top: 'invoice.vat', why: 'exact similar phrasing' },
  { q: '公司要开增值税专票', top: 'invoice.vat', why: '专票 is rare and specific; plain 发票 entries share only the common word' },
  { q: '发票', top: 'invoice.general', why: 'a one-word turn picks the generic invoice entry over the specialised one' },
  { q: '在吗', top: 'greeting.hello', why: 'a turn made only of stop words still matches its greeting' },
  { q: 'Y9000 P 内存最大能加多少', top: 'ram.upgrade.y9000p', why: 'model spelled with a space is canonicalized and boosts the product-specific entry' },
  { q: '笔记本内存能升级吗', top: 'ram.upgrade', why: 'generic question without a product prefers the generic entry' },
  { q: '驱动去哪下载', top: 'driver.download', why: 'question words vary (去哪/在哪里) but 驱动+下载 decide' },
  { q: '不想要了可以退吗', top: 'return.policy', why: 'colloquial return phrasing' },
  { q: '今天下单什么时候能发', top: 'shipping.time', why: 'shipping vocabulary 下单/发' },
  { q: '内存条怎么装', top: 'tutorial.ram-install', why: 'how-to question covered by a tutorial trigger' },
  {
    q: '那个内存能加吗',
    top: 'ram.upgrade.y9000p',
    why: 'product named two turns earlier carries over and boosts its entry',
    session: [
      { role: 'customer', text: '拯救者Y9000P有现货吗' },
      { role: 'agent', text: '有现货' },
    ],
  },
  {
    q: '那这个呢',
    top: 'invoice.vat',
    why: 'a content-free follow-up reuses the previous customer topic',
    session: [{ role: 'customer', text: '能开增值税专用发票吗' }],
  },
];

for (const c of CASES) {
  test(`${c.q} → ${c.top}: ${c.why}`, () => {
    const r = matcher.match(c.q, c.session);
    assert.equal(r.candidates[0]?.entryId, c.top, JSON.stringify(r.candidates.map((x) => [x.entryId, x.confidence])));
  });
}
