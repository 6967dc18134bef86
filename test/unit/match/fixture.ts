/** A small 3C knowledge base and lexicon for matcher tests (written for the tests, not taken from packs). */
import type { Lexicon } from '../../../src/model/lexicon.js';
import type { Entry } from '../../../src/model/types.js';
import { buildLexicon } from '../../../src/text/lexicon.js';

export const LEXICON: Lexicon = buildLexicon([
  {
    synonyms: [
      { canonical: '笔记本', terms: ['笔电', '筆電', '本本', '笔记本电脑', 'notebook'] },
      { canonical: '保修', terms: ['保固', '质保', '联保'] },
      { canonical: '内存', terms: ['内存条', '记忆体', 'ram'] },
      { canonical: '发票', terms: ['开票', '票据'] },
      { canonical: '客服', terms: ['人工', '真人'] },
    ],
    models: [
      { canonical: '拯救者 Y9000P', category: 'laptop', aliases: ['y9000p', '拯救者y9000p'] },
      { canonical: '拯救者 R9000P', category: 'laptop', aliases: ['r9000p'] },
      { canonical: 'MacBook Air M2', category: 'laptop', aliases: ['mba m2', 'air m2'] },
    ],
    patterns: [{ regex: 'rtx\\d{4}(?:ti)?', category: 'gpu' }],
    stopwords: ['吗', '呢', '啊', '的', '了', '亲', '请问', '那', '这个', '它', '在'],
  },
]);

let line = 0;
function entry(id: string, question: string, similar: string[], extra: Partial<Entry> = {}): Entry {
  line += 10;
  return {
    id,
    kind: 'faq',
    question,
    similar,
    answer: `answer of ${id}`,
    tags: [],
    products: [],
    enabled: true,
    priority: 0,
    source: { layer: 'pack', file: 'faqs/test.yaml', line, pack: 'test@1.0.0' },
    ...extra,
  };
}

export const ENTRIES: Entry[] = [
  entry('warranty.period', '笔记本保修多久', ['保修期是几年', '电脑坏了保修几年', '质保多长时间', '保修从哪天开始算']),
  entry('invoice.general', '可以开发票吗', ['能开发票不', '发票怎么开', '需要发票', '开电子发票']),
  entry('invoice.vat', '可以开增值税专用发票吗', ['能开专票吗', '公司采购要专票', '专票怎么开']),
  entry('ram.upgrade', '笔记本能加内存吗', ['内存可以升级吗', '能不能加内存条', '内存不够用能扩容吗']),
  entry('ram.upgrade.y9000p', '拯救者Y9000P能加内存吗', ['Y9000P内存最大支持多少', 'y9000p有几个内存插槽'], {
    products: ['拯救者 Y9000P'],
  }),
  entry('driver.download', '驱动在哪里下载', ['官网驱动下载地址', '驱动程序去哪下', '驱动安装包']),
  entry('shipping.time', '什么时候发货', ['多久能发货', '今天下单今天发吗', '发什么快递']),
  entry('greeting.hello', '在吗', ['你好', '有人吗', '在不在']),
  entry('handoff.human', '转人工', ['人工客服', '我要找真人']),
  entry('return.policy', '七天无理由退货吗', ['可以退货吗', '不想要了能退吗', '拆封了还能退吗']),
  entry(
    'tutorial.ram-install',
    '笔记本内存条安装教程',
    [],
    { kind: 'tutorial', title: '笔记本内存条安装教程', triggers: ['内存条怎么装', '加内存的步骤', '怎么自己装内存条'], products: ['拯救者 Y9000P'] },
  ),
  entry(
    'tutorial.driver-install',
    '显卡驱动安装教程',
    [],
    { kind: 'tutorial', title: '显卡驱动安装教程', triggers: ['驱动怎么装', '显卡驱动如何安装', '怎么更新显卡驱动'] },
  ),
  entry('disabled.entry', '这条已经停用了', ['停用条目'], { enabled: false }),
];
