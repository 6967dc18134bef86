import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readMarkdown } from '../../../src/read/markdown.js';
import { extractMarkdownMedia } from '../../../src/read/markdown-media.js';
import type { ReadInput } from '../../../src/read/types.js';

function input(text: string): ReadInput {
  return { bytes: Buffer.from(text), file: 'tutorials/install-ram.md', layer: 'merchant' };
}

const tutorial = `---
id: install-ram
title: 笔记本加装内存教程
products: [拯救者 Y9000P]
triggers:
  - 怎么加内存
  - 内存条怎么装
category: 教程/升级
tags: [内存, 升级]
cover: media/ram-cover.jpg
---

# 准备

![拆机工具](media/tools.png "工具")

1. 关机并拔掉电源。
2. 拧下后盖螺丝：<img src="media/screws.png" width="300">

<video src="media/install.mp4" poster="media/poster.jpg"></video>

参考 ![官方图](https://example.com/a.png)。

\`\`\`md
![示例](media/not-a-reference.png)
\`\`\`
`;

describe('readMarkdown', () => {
  it('reads a tutorial with front matter, body and media references', async () => {
    const r = await readMarkdown(input(tutorial));
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.entries.length, 1);
    const e = r.entries[0]!;
    assert.equal(e.id, 'install-ram');
    assert.equal(e.kind, 'tutorial');
    assert.equal(e.title, '笔记本加装内存教程');
    assert.equal(e.question, '笔记本加装内存教程');
    assert.deepEqual(e.triggers, ['怎么加内存', '内存条怎么装']);
    assert.deepEqual(e.products, ['拯救者 Y9000P']);
    assert.equal(e.category, '教程/升级');
    assert.ok(e.body!.startsWith('# 准备'));
    assert.equal(e.answer, e.body);
    assert.deepEqual(e.media, ['media/ram-cover.jpg', 'media/tools.png', 'media/screws.png', 'media/install.mp4', 'media/poster.jpg']);
    assert.deepEqual(e.source, { layer: 'merchant', file: 'tutorials/install-ram.md', line: 1 });
  });

  it('uses the front matter question and answer when given', async () => {
    const r = await readMarkdown(input('---\ntitle: 重装系统\nquestion: 怎么重装系统\nsimilar: 系统怎么重装\nanswer: 请看教程步骤\n---\n正文\n'));
    const e = r.entries[0]!;
    assert.equal(e.question, '怎么重装系统');
    assert.deepEqual(e.similar, ['系统怎么重装']);
    assert.equal(e.answer, '请看教程步骤');
    assert.equal(e.body, '正文');
    assert.match(e.id, /^tut-/);
  });

  it('reports missing front matter, missing title, bad YAML and unknown fields with lines', async () => {
    const rule = async (text: string) => (await readMarkdown(input(text))).diagnostics.map((d) => [d.rule, d.line, d.field]);
    assert.deepEqual(await rule('# 没有头信息\n正文\n'), [['missing-front-matter', 1, undefined]]);
    assert.deepEqual(await rule('---\ntags: [a]\n---\n正文\n'), [['missing-title', 1, 'title']]);
    assert.deepEqual(await rule('---\ntitle: a\nproducts: [x\n---\n正文\n'), [['syntax-error', 4, undefined]]);
    assert.deepEqual(await rule('---\ntitle: a\n\nvideo: x.mp4\n---\n正文\n'), [['schema', 4, 'video']]);
    assert.deepEqual(await rule('---\ntitle: a\n---\n\n'), [['missing-answer', 1, 'answer']]);
  });
});

describe('extractMarkdownMedia', () => {
  it('finds inline, reference-style and HTML media, skipping code and remote URLs', () => {
    const md = '![a](<media/with space.png>) ![b][logo] `![c](media/code.png)` <img src=\'x.gif\'>\n\n[logo]: media/logo.svg\n<source src="//cdn/x.mp4">';
    assert.deepEqual(extractMarkdownMedia(md), ['media/with space.png', 'media/logo.svg', 'x.gif']);
  });
});
