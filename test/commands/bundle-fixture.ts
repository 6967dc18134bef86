/**
 * A small self-contained workspace for the bundle tests: its own tiny pack (so the tests do not depend on
 * the bundled 3C pack's content), merchant FAQs with a placeholder and a rich answer, a tutorial with an
 * image, and a labeled chat log.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** 1×1 PNG. */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const PACK_YAML = `name: mini
version: 1.2.0
language: zh-CN
license: CC0-1.0
description: 测试用迷你行业包
placeholders:
  shop.name: { default: 本店 }
  policy.return_days: { default: "7" }
files:
  entries: [faqs/*.yaml]
  lexicon:
    synonyms: lexicon/synonyms.yaml
`;

const PACK_FAQS = `entries:
  - id: shop.invoice
    question: 可以开发票吗
    similar: [能开票吗, 发票怎么开, 要发票]
    answer: 可以开电子发票，下单时填写抬头即可。
    category: 购物/发票
  - id: shop.return
    question: 可以七天无理由退货吗
    similar: [能退货吗, 不想要了能退吗, 退货怎么弄]
    answer: 签收后 {policy.return_days} 天内可无理由退货，商品需完好。
    category: 售后/退货
  - id: shop.shipping
    question: 什么时候发货
    similar: [几天发货, 多久能发出, 今天能发吗]
    answer: 付款后 48 小时内发货。
    category: 购物/物流
  - id: chat.hello
    question: 你好
    similar: [在吗, 有人吗]
    answer: 您好，欢迎光临{shop.name}！
    category: 闲聊/问候
`;

const SYNONYMS = `groups:
  - { canonical: 笔记本, terms: [笔电, 筆電, notebook] }
  - { canonical: 发票, terms: [发漂, 票据] }
`;

const MERCHANT_FAQS = `entries:
  - id: store.assembly
    question: 装机要收费吗
    similar: [帮忙装机多少钱, 代装收费吗, 装机费怎么算]
    answer: 整套配件在{shop.name}购买免费装机。
    category: 服务/装机
  - id: store.gpu-used
    question: 显卡回收吗
    similar: [收二手显卡吗, 旧显卡能卖吗]
    answer:
      - { type: text, text: 可以回收，按成色估价。 }
      - { type: image, src: ../images/gpu.png, alt: 回收流程 }
    category: 服务/回收
`;

const TUTORIAL = `---
id: tutorial.ram
title: 笔记本加内存教程
triggers:
  - 笔记本怎么加内存条
  - 内存条怎么装
category: 教程/笔记本
---
# 笔记本加内存教程

1. 关机拔电源。
2. 拆后盖，插入内存条。

![插槽位置](../images/slot.png)
`;

export const LOG_LINES = [
  { session: 's1', turn: 1, role: 'customer', text: '你好', label: 'chat.hello' },
  { session: 's1', turn: 2, role: 'customer', text: '能开票吗', label: 'shop.invoice' },
  { session: 's1', turn: 3, role: 'agent', text: '可以的' },
  { session: 's1', turn: 4, role: 'customer', text: '几天能发货', label: 'shop.shipping' },
  { session: 's2', turn: 1, role: 'customer', text: '帮忙装机要多少钱', label: 'store.assembly' },
  { session: 's2', turn: 2, role: 'customer', text: '笔电内存条怎么装', label: 'tutorial.ram' },
  { session: 's2', turn: 3, role: 'customer', text: '二手显卡你们收吗', label: 'store.gpu-used' },
  { session: 's3', turn: 1, role: 'customer', text: '今天天气怎么样', label: '__none__' },
  { session: 's3', turn: 2, role: 'customer', text: '不想要了可以退吗', label: 'shop.return' },
  { session: 's3', turn: 3, role: 'customer', text: '转人工', label: '__none__' },
];

/** Writes the fixture workspace at `root` (created). Returns the workspace folder. */
export function writeFixtureWorkspace(root: string, options: { extraKbtYaml?: string } = {}): string {
  const ws = root;
  const mk = (p: string) => mkdirSync(join(ws, p), { recursive: true });
  for (const d of ['mini-pack/faqs', 'mini-pack/lexicon', 'faqs', 'tutorials', 'images', 'logs']) mk(d);
  writeFileSync(join(ws, 'mini-pack/pack.yaml'), PACK_YAML);
  writeFileSync(join(ws, 'mini-pack/faqs/shop.yaml'), PACK_FAQS);
  writeFileSync(join(ws, 'mini-pack/lexicon/synonyms.yaml'), SYNONYMS);
  writeFileSync(
    join(ws, 'kbt.yaml'),
    `version: 1
name: mini-shop
packs: [./mini-pack]
sources: ['faqs/*.yaml', 'tutorials/*.md']
profile: { shop.name: 小店 }
chatlogs: ['logs/*.jsonl']
${options.extraKbtYaml ?? ''}`,
  );
  writeFileSync(join(ws, 'faqs/store.yaml'), MERCHANT_FAQS);
  writeFileSync(join(ws, 'tutorials/ram.md'), TUTORIAL);
  writeFileSync(join(ws, 'images/gpu.png'), PNG_BYTES);
  writeFileSync(join(ws, 'images/slot.png'), Buffer.concat([PNG_BYTES, Buffer.from([0])]));
  writeFileSync(join(ws, 'logs/labeled.jsonl'), LOG_LINES.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return ws;
}
