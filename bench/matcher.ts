/**
 * Matcher speed: a knowledge base grown to 10,000 entries / 100,000 phrasings from pack-like intents
 * crossed with product models and categories (seeded, deterministic), queried with reworded questions.
 * kbt and the minisearch baseline are measured in the same run on the same data.
 */
import MiniSearch from 'minisearch';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import * as OpenCC from 'opencc-js';
import { buildMatcher } from '../src/match/index.js';
import { buildLexicon } from '../src/text/lexicon.js';
import type { Entry } from '../src/model/types.js';
import { seededRandom } from '../src/util/random.js';

const SERIES: [string, string][] = [
  ['拯救者 Y', 'laptop'], ['拯救者 R', 'laptop'], ['小新 Pro ', 'laptop'], ['ThinkPad X', 'laptop'], ['ROG 枪神 ', 'laptop'],
  ['天选 ', 'laptop'], ['华为 Mate ', 'phone'], ['小米 ', 'phone'], ['Redmi K', 'phone'], ['iPhone ', 'phone'],
  ['荣耀 Magic ', 'phone'], ['iPad Air ', 'tablet'], ['RTX ', 'gpu'], ['酷睿 i', 'cpu'], ['AOC Q', 'monitor'],
  ['小米电视 S', 'tv'], ['AirPods Pro ', 'headphone'], ['罗技 G', 'mouse'], ['TP-LINK AX', 'router'], ['华硕 B', 'motherboard'],
];
const SUFFIX = ['', 'P', 'X', ' Pro', ' Max', ' Ultra', 'S', ' Plus', 'i', ' Ti'];

/** Intents with phrasing templates; `{m}` is the product model. Ten phrasings each. */
const INTENTS: string[][] = [
  ['{m}保修多久', '{m}的保修期是几年', '{m}包修多长时间', '{m}质保几年啊', '买了{m}能保修多久呢', '{m}过保了怎么办', '{m}保修从哪天开始算', '{m}全国联保吗', '请问{m}有延保吗', '{m}保固多久'],
  ['{m}怎么安装驱动', '{m}驱动怎么装', '{m}去动在哪下载', '{m}装完系统没有驱动', '{m}驱动装不上怎么办', '{m}显卡驱动怎么更新', '{m}要装哪些驱动', '{m}官网驱动下载', '{m}驱动安装教程', '{m}驅動怎麼裝'],
  ['{m}能开发票吗', '{m}开专票可以吗', '{m}发票什么时候开', '买{m}有发漂吗', '{m}可以开公司抬头的发票吗', '{m}电子发票在哪看', '{m}发票能补开吗', '{m}的发票丢了', '{m}發票怎麼開', '{m}开票税点多少'],
  ['{m}什么时候发货', '{m}今天能发吗', '{m}几天能到', '{m}发什么快递', '{m}有现货吗', '{m}下单多久发货', '{m}预售什么时候到', '{m}能加急发货吗', '{m}發貨要多久', '{m}从哪个仓发'],
  ['{m}能退货吗', '{m}七天无理由吗', '{m}拆封了还能退吗', '{m}退货运费谁出', '{m}不想要了怎么退', '{m}退款多久到账', '{m}激活了能退吗', '{m}退货要寄回哪些东西', '{m}可以退換嗎', '{m}换货流程'],
  ['{m}能分期吗', '{m}支持花呗分期吗', '{m}免息几期', '{m}信用卡分期怎么弄', '{m}分期手续费多少', '{m}白条能用吗', '{m}可以分12期吗', '{m}分期付款流程', '{m}能分期付款嗎', '{m}分期要审核吗'],
  ['{m}价格多少', '{m}多少钱', '{m}最近会降价吗', '{m}有优惠券吗', '{m}能便宜点吗', '{m}保价吗', '{m}双十一会便宜吗', '{m}有赠品吗', '{m}價格怎麼那麼貴', '{m}以旧换新能抵多少'],
  ['{m}配置怎么样', '{m}参数是什么', '{m}性能怎么样', '{m}玩游戏卡不卡', '{m}散热好不好', '{m}续航多久', '{m}屏幕怎么样', '{m}和上一代有什么区别', '{m}值得买吗', '{m}配置參數'],
  ['{m}能加内存吗', '{m}内存可以升级吗', '{m}有几个内存插槽', '{m}最大支持多少内存', '{m}加装固态硬盘', '{m}硬盘能扩容吗', '{m}加内存条教程', '{m}记忆体能加吗', '{m}能加装硬盘吗', '{m}升级16g内存'],
  ['{m}开不了机', '{m}开机黑屏', '{m}蓝屏怎么办', '{m}自动重启', '{m}死机了', '{m}充不进电', '{m}屏幕闪烁', '{m}没有声音', '{m}风扇很吵', '{m}開不了機'],
];
const PREFIX = ['', '亲，', '请问', '你好，', '那个', '在吗 '];
const TAIL = ['', '？', '呢', '啊', '～', '😊', '?'];

export interface GeneratedKb {
  entries: Entry[];
  queries: string[];
  models: string[];
}

export function generateKb(seed: number, entryCount: number, queryCount: number): GeneratedKb {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const models: string[] = [];
  const modelsNeeded = Math.ceil(entryCount / INTENTS.length);
  for (let i = 0; models.length < modelsNeeded; i++) {
    const [series] = SERIES[i % SERIES.length]!;
    const num = 1000 + ((i * 7919) % 9000);
    const name = `${series}${num}${SUFFIX[Math.floor(i / SERIES.length) % SUFFIX.length]}`;
    if (!models.includes(name)) models.push(name);
  }
  const entries: Entry[] = [];
  for (let mi = 0; mi < models.length && entries.length < entryCount; mi++) {
    for (let ii = 0; ii < INTENTS.length && entries.length < entryCount; ii++) {
      const m = models[mi]!;
      const phr = INTENTS[ii]!.map((t) => t.replace('{m}', m));
      entries.push({
        id: `bench.${String(ii).padStart(2, '0')}.${String(mi).padStart(4, '0')}`,
        kind: 'faq',
        question: phr[0]!,
        similar: phr.slice(1),
        answer: `answer ${ii} for ${m}`,
        category: `bench/${SERIES[mi % SERIES.length]![1]}`,
        tags: [],
        products: [m],
        enabled: true,
        priority: 0,
        source: { layer: 'pack', file: 'bench' },
      });
    }
  }
  const queries: string[] = [];
  for (let i = 0; i < queryCount; i++) {
    const m = pick(models);
    const spelled = rnd() < 0.3 ? m.toLowerCase().replace(/\s+/g, '') : rnd() < 0.5 ? m.toUpperCase() : m;
    const tpl = pick(pick(INTENTS));
    queries.push(`${pick(PREFIX)}${tpl.replace('{m}', spelled)}${pick(TAIL)}`);
  }
  return { entries, queries, models };
}

interface Figures {
  qps: number;
  /** Questions per second of CPU time (user + system): what one idle core would do, when others load the machine. */
  cpu_qps: number;
  p50_ms: number;
  p99_ms: number;
  build_ms: number;
  heap_mb: number;
}

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/**
 * Builds, warms up (kbt: one pass over every question, so every entry has been a candidate once and the
 * steady state is timed, as at a sales peak), then times `rounds` passes over the questions. Throughput is the median pass (one pass
 * of 20,000 questions lasts about a second, and a shared machine's load swings move a single pass by
 * ±10 %); latency percentiles are over every timed question of every pass.
 */
function measure(build: () => (q: string) => unknown, queries: readonly string[], warmup: number, rounds = 1): Figures & { pass_qps: number[] } {
  const before = heapUsed();
  const t0 = performance.now();
  const run = build();
  const buildMs = performance.now() - t0;
  const heap = (heapUsed() - before) / 1024 / 1024;
  for (let i = 0; i < warmup; i++) run(queries[i % queries.length]!);
  const lat = new Float64Array(queries.length * rounds);
  const passes: number[] = [];
  const cpuPasses: number[] = [];
  for (let p = 0; p < rounds; p++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < queries.length; i++) {
      const s = performance.now();
      run(queries[i]!);
      lat[p * queries.length + i] = performance.now() - s;
    }
    const total = performance.now() - start;
    const used = process.cpuUsage(cpu);
    passes.push(queries.length / (total / 1000));
    cpuPasses.push(queries.length / ((used.user + used.system) / 1e6));
  }
  lat.sort();
  const r = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    qps: Math.round(median(passes)),
    cpu_qps: Math.round(median(cpuPasses)),
    pass_qps: passes.map((x) => Math.round(x)),
    p50_ms: r(lat[Math.floor(lat.length * 0.5)]!),
    p99_ms: r(lat[Math.floor(lat.length * 0.99)]!),
    build_ms: Math.round(buildMs),
    heap_mb: r(heap, 1),
  };
}

function buildBaseline(entries: readonly Entry[]): (q: string) => unknown {
  const jieba = Jieba.withDict(dict);
  const t2s = OpenCC.Converter({ from: 't', to: 'cn' });
  const tokenize = (s: string) => jieba.cutForSearch(t2s(s.normalize('NFKC').toLowerCase()), true).filter((w) => w.trim());
  const ms = new MiniSearch<{ id: number; text: string; entry: string }>({ fields: ['text'], storeFields: ['entry'], tokenize });
  let id = 0;
  ms.addAll(entries.flatMap((e) => [e.question, ...e.similar].map((text) => ({ id: id++, text, entry: e.id }))));
  return (q) => ms.search(q)[0]?.entry;
}

export async function runMatcherBench(options: { entries?: number; queries?: number; baselineQueries?: number } = {}) {
  const entryCount = options.entries ?? 10_000;
  const kb = generateKb(20240601, entryCount, options.queries ?? 20_000);
  const lexicon = buildLexicon([
    {
      models: kb.models.map((m) => ({ canonical: m, category: 'other' as const, aliases: [m.replace(/\s+/g, '')] })),
      synonyms: [{ canonical: '保修', terms: ['保固', '质保', '包修'] }, { canonical: '内存', terms: ['记忆体', '内存条'] }],
      stopwords: ['亲', '请问', '你好', '那个', '在吗', '呢', '啊', '吗'],
    },
  ]);
  const phrasings = kb.entries.reduce((n, e) => n + 1 + e.similar.length, 0);
  const kbt = measure(() => {
    const m = buildMatcher(kb.entries, lexicon);
    return (q) => m.match(q);
  }, kb.queries, kb.queries.length, 5);
  // The baseline answers a few questions a second: 500 of them settle its figures without minutes of waiting.
  const baseline = measure(() => buildBaseline(kb.entries), kb.queries.slice(0, options.baselineQueries ?? 500), 50);
  return { entries: kb.entries.length, phrasings, kbt, baseline, speedup: Math.round((kbt.qps / baseline.qps) * 10) / 10 };
}
