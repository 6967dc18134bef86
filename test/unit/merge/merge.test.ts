import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bigrams, dice, findShadows, fillAnswer, mergeLayers, placeholdersIn } from '../../../src/merge/merge.js';
import { makeEntry, packEntry } from '../../helpers/builders.js';

const pack = (entries = [
  packEntry({ id: 'ship.time', question: '多久发货', similar: ['什么时候发货'], answer: '{shop.name}付款后{policy.ship_hours}小时内发货', category: '物流/发货' }),
  packEntry({ id: 'warranty.period', question: '保修多久', similar: ['质保期多长'], answer: '以品牌官方政策为准', category: '售后/保修' }),
  packEntry({ id: 'home.lock', question: '智能门锁怎么安装', similar: ['门锁安装'], answer: '请联系品牌上门', category: '智能家居/门锁' }),
]) => ({ ref: 'test@1.0.0', entries, placeholders: { 'shop.name': { default: '本店' }, 'policy.ship_hours': { default: '48' } } });

describe('mergeLayers', () => {
  it('puts the merchant entry in place of a pack entry with the same id, and reports it', () => {
    const merchant = makeEntry({ id: 'ship.time', question: '你们几天发货', answer: '当天发货' });
    const r = mergeLayers({ packs: [pack()], merchant: [merchant] });
    const shipping = r.entries.filter((e) => e.id === 'ship.time');
    assert.equal(shipping.length, 1);
    assert.equal(shipping[0]!.answer, '当天发货');
    assert.equal(shipping[0]!.source.layer, 'merchant');
    assert.deepEqual(r.report.overrides.map((o) => [o.packId, o.merchantId, o.how]), [['ship.time', 'ship.time', 'same-id']]);
  });

  it('replaces the pack entry named by `overrides` under the merchant id', () => {
    const merchant = makeEntry({ id: 'store.warranty', question: '整机保修几年', answer: '整机三年质保', overrides: 'warranty.period' });
    const r = mergeLayers({ packs: [pack()], merchant: [merchant] });
    assert.ok(!r.entries.some((e) => e.id === 'warranty.period'));
    assert.ok(r.entries.some((e) => e.id === 'store.warranty'));
    assert.deepEqual(r.report.overrides.map((o) => o.how), ['explicit']);
  });

  it('warns when `overrides` names no pack entry', () => {
    const merchant = makeEntry({ id: 'x', overrides: 'no.such.entry' });
    const r = mergeLayers({ packs: [pack()], merchant: [merchant] });
    assert.deepEqual(r.diagnostics.map((d) => [d.rule, d.severity]), [['override-unmatched', 'warning']]);
  });

  it('excludes pack entries by id and by category including sub-categories', () => {
    const r = mergeLayers({ packs: [pack()], merchant: [], exclude: { ids: ['warranty.period'], categories: ['智能家居'] } });
    assert.deepEqual(r.entries.map((e) => e.id), ['ship.time']);
    assert.deepEqual(r.report.exclusions.map((x) => [x.id, x.reason, x.rule]), [
      ['home.lock', 'category', '智能家居'],
      ['warranty.period', 'id', 'warranty.period'],
    ]);
  });

  it('warns about exclude rules that match nothing', () => {
    const r = mergeLayers({ packs: [pack()], merchant: [], exclude: { ids: ['nope'], categories: ['无此分类'] } });
    assert.equal(r.diagnostics.filter((d) => d.rule === 'exclude-unmatched').length, 2);
  });

  it('fills placeholders from the profile, else the pack default, and reports where each came from', () => {
    const r = mergeLayers({ packs: [pack()], merchant: [], profile: { 'shop.name': '极客装机馆' } });
    assert.equal(r.entries.find((e) => e.id === 'ship.time')!.answer, '极客装机馆付款后48小时内发货');
    assert.deepEqual(r.report.fills.map((f) => [f.name, f.value, f.from, f.entries]), [
      ['policy.ship_hours', '48', 'default', ['ship.time']],
      ['shop.name', '极客装机馆', 'profile', ['ship.time']],
    ]);
  });

  it('errors on a placeholder with no value, naming it and every entry that uses it', () => {
    const merchant = [
      makeEntry({ id: 'a', answer: '联系 {shop.wechat}' }),
      makeEntry({ id: 'b', answer: [{ type: 'text', text: '微信 {shop.wechat}' }] }),
    ];
    const r = mergeLayers({ packs: [pack()], merchant, profileSource: 'profile.yaml' });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.rule, 'placeholder-missing');
    assert.deepEqual(errors[0]!.params, { name: 'shop.wechat', entries: 'a, b', profile: 'profile.yaml' });
  });

  it('keeps provenance on every merged entry', () => {
    const merchant = makeEntry({ id: 'm1', source: { layer: 'merchant', file: 'faqs/a.csv', line: 7 } });
    const r = mergeLayers({ packs: [pack()], merchant: [merchant] });
    for (const e of r.entries) assert.ok(e.source.file && e.source.layer);
    assert.equal(r.entries.find((e) => e.id === 'ship.time')!.source.pack, 'test@1.0.0');
    assert.deepEqual(r.entries.find((e) => e.id === 'm1')!.source, { layer: 'merchant', file: 'faqs/a.csv', line: 7 });
  });
});

describe('findShadows', () => {
  it('finds a merchant phrasing equal to a pack phrasing after folding width, 繁/简 and punctuation', () => {
    const shadows = findShadows([makeEntry({ id: 'm', question: '保修多久？', similar: ['店铺地址在哪'] })], pack().entries);
    assert.equal(shadows.length, 1);
    assert.deepEqual([shadows[0]!.merchantId, shadows[0]!.packId, shadows[0]!.similarity], ['m', 'warranty.period', 1]);
  });

  it('finds a near phrasing and leaves unrelated ones alone', () => {
    const shadows = findShadows(
      [makeEntry({ id: 'm', question: '請問什麼時候發貨呢', similar: ['显卡驱动在哪下载'] })],
      pack().entries,
      0.6,
    );
    assert.deepEqual(shadows.map((s) => [s.merchantPhrasing, s.packId]), [['請問什麼時候發貨呢', 'ship.time']]);
    assert.ok(shadows[0]!.similarity < 1 && shadows[0]!.similarity >= 0.6);
  });

  it('flags a short phrasing that differs by one character at the default threshold', () => {
    // 显卡驱动怎么装 / 显卡驱动怎么安装: the same question, Dice 10/13 ≈ 0.77.
    assert.equal(Math.round(dice(bigrams('显卡驱动怎么装'), bigrams('显卡驱动怎么安装')) * 100), 77);
    const shadows = findShadows(
      [makeEntry({ id: 'm', question: '显卡驱动怎么装' })],
      [packEntry({ id: 'p', question: '显卡驱动怎么安装' }), packEntry({ id: 'q', question: '显卡坏了怎么修' })],
    );
    assert.deepEqual(shadows.map((s) => s.packId), ['p']);
  });

  it('is not reported for pack entries the merchant overrode', () => {
    const merchant = makeEntry({ id: 'ship.time', question: '多久发货', answer: '当天' });
    const r = mergeLayers({ packs: [pack()], merchant: [merchant] });
    assert.deepEqual(r.report.shadows, []);
  });
});

describe('placeholders', () => {
  it('lists placeholders of plain and rich answers', () => {
    assert.deepEqual(placeholdersIn('{shop.name} 在 {shop.name}'), ['shop.name']);
    assert.deepEqual(placeholdersIn([{ type: 'link', url: 'https://x', title: '{shop.name}官网' }]), ['shop.name']);
    assert.deepEqual(placeholdersIn('价格 {不是占位符} {price}'), []);
  });

  it('fills text parts and leaves unknown ones visible', () => {
    const values = new Map([['shop.name', '甲店']]);
    assert.equal(fillAnswer('{shop.name}/{shop.other}', values), '甲店/{shop.other}');
    assert.deepEqual(fillAnswer([{ type: 'image', src: 'a.png', alt: '{shop.name}' }], values), [{ type: 'image', src: 'a.png', alt: '甲店' }]);
  });
});
