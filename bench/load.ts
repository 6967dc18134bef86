/**
 * Load-time benchmark of compiled bundles: builds a synthetic 10,000-entry knowledge base, exports it, and
 * times `loadBundle` in a fresh process (so nothing is cached from building it).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileBundle } from '../src/bundle/compile.js';
import { writeBundleFile } from '../src/bundle/file.js';
import { buildMatcher, exportMatcherIndex } from '../src/match/index.js';
import { DEFAULT_THRESHOLDS } from '../src/model/config.js';
import { EMPTY_LEXICON } from '../src/model/lexicon.js';
import type { Entry } from '../src/model/types.js';
import { seededRandom } from '../src/util/random.js';

/** Load figures of one bundle, medians over fresh processes. */
export interface LoadFigures {
  entries: number;
  /** Median wall time of `loadBundleSync` in a fresh process, in milliseconds. */
  ms: number;
  /**
   * Median CPU time (user + system) of the same load: closer to the wall time of an idle machine when the
   * benchmark shares its cores with other work.
   */
  cpuMs: number;
  /** Bundle file size. */
  bytes: number;
  /** Median time of the first `answer` after loading (lazy structures and compilation included). */
  firstAnswerMs: number;
  /**
   * Median time of loading the same bundle again in that process (a runtime swapping in a new version):
   * the segmenter for the same dictionary and words is reused, so this is the bundle-dependent share.
   */
  reloadMs: number;
  /** Median time to build a fresh jieba segmenter from the bundle's own (compact) dictionary. */
  segmenterMs: number;
  /** Median time to build one from jieba's full dictionary, which bundles before format 2 loaded. */
  fullDictionaryMs: number;
  runs: number;
}

export interface LoadBenchResult extends LoadFigures {
  /** The example merchant (examples/pc-store) built into a bundle and loaded the same way. */
  example: LoadFigures;
}

const PRODUCTS = ['笔记本', '游戏本', '手机', '平板', '显示器', '耳机', '键盘', '鼠标', '路由器', '显卡', '主板', '内存条', '固态硬盘', '电源', '机箱', '散热器', '电视', '手表', '音箱', '摄像头'];
const BRANDS = ['联想', '华为', '小米', '苹果', '戴尔', '华硕', '惠普', '荣耀', '三星', '索尼', '罗技', '雷蛇', '微星', '技嘉', '海信', '飞利浦', '西数', '金士顿', '海盗船', '酷冷'];
const TOPICS = ['保修多久', '怎么退货', '能不能换货', '发票怎么开', '什么时候发货', '有没有现货', '怎么安装', '驱动在哪下载', '支持分期吗', '有赠品吗', '价格能便宜吗', '坏了怎么修', '怎么连接蓝牙', '充电很慢', '屏幕有坏点', '声音很小', '开不了机', '发热严重', '能升级吗', '兼容吗'];
const TAILS = ['', '呢', '啊', '吗', '？', '请问', '麻烦问下', '急'];

/** Synthetic entries: brand × product × topic, with similar phrasings reworded from the same parts. */
export function syntheticEntries(n: number, seed = 42): Entry[] {
  const rnd = seededRandom(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
  const out: Entry[] = [];
  for (let i = 0; i < n; i++) {
    const brand = BRANDS[i % BRANDS.length]!;
    const product = PRODUCTS[Math.floor(i / BRANDS.length) % PRODUCTS.length]!;
    const topic = TOPICS[Math.floor(i / (BRANDS.length * PRODUCTS.length)) % TOPICS.length]!;
    const model = `${brand}${product}${String.fromCharCode(65 + (i % 26))}${i % 97}`;
    out.push({
      id: `bench.${String(i).padStart(5, '0')}`,
      kind: 'faq',
      question: `${model}${topic}`,
      similar: [`${pick(TAILS)}${brand}的${product}${topic}`, `${model} ${topic}${pick(TAILS)}`, `请问${product}${topic}`, `${brand}${product}型号${i % 97}${topic}`],
      answer: `关于${model}：${topic}的说明，第 ${i} 条。`,
      category: `${product}/${topic}`,
      tags: [],
      products: [],
      enabled: true,
      priority: 0,
      source: { layer: 'merchant', file: 'faqs/bench.yaml', line: i + 1 },
    });
  }
  return out;
}

/** Writes a synthetic bundle of `n` entries to `path`; returns its size. */
export function writeSyntheticBundle(path: string, n: number): number {
  const entries = syntheticEntries(n);
  const matcher = buildMatcher(entries, EMPTY_LEXICON, { thresholds: DEFAULT_THRESHOLDS });
  const data = compileBundle({
    name: 'bench',
    version: '1.0.0',
    entries,
    lexicon: EMPTY_LEXICON,
    events: { accessories: [], promotions: [], aftersales: [] },
    packs: [],
    sources: [],
    thresholds: DEFAULT_THRESHOLDS,
    index: exportMatcherIndex(matcher),
    mediaRefs: {},
    media: new Map(),
  });
  return writeBundleFile(path, data, { format: 'sqlite' });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;

/** Loads `path` in `runs` fresh processes, answering `question` once after each load. */
export function measureLoad(path: string, bytes: number, question: string, runs: number): LoadFigures {
  const url = (rel: string) => pathToFileURL(fileURLToPath(new URL(rel, import.meta.url))).href;
  const require = createRequire(import.meta.url);
  const jiebaUrl = pathToFileURL(require.resolve('@node-rs/jieba')).href;
  const dictUrl = pathToFileURL(require.resolve('@node-rs/jieba/dict.js')).href;
  const script = `
    const { loadBundleSync } = await import(${JSON.stringify(url('../src/bundle/runtime.js'))});
    const { exportMatcherIndex } = await import(${JSON.stringify(url('../src/match/index.js'))});
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const b = loadBundleSync(${JSON.stringify(path)});
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    b.answer(${JSON.stringify(question)});
    const t2 = performance.now();
    const r0 = performance.now();
    loadBundleSync(${JSON.stringify(path)}).close();
    const r1 = performance.now();
    const { Jieba } = await import(${JSON.stringify(jiebaUrl)});
    const { dict } = await import(${JSON.stringify(dictUrl)});
    const own = exportMatcherIndex(b.matcher).analyzer.dictionary;
    const s0 = performance.now();
    if (own) Jieba.withDict(typeof own === 'string' ? Buffer.from(own) : own);
    const s1 = performance.now();
    Jieba.withDict(dict);
    const s2 = performance.now();
    process.stdout.write(JSON.stringify({ load: t1 - t0, cpu: (c1.user + c1.system) / 1000, first: t2 - t1, reload: r1 - r0, own: s1 - s0, full: s2 - s1, entries: b.manifest.counts.entries }));
  `;
  const rows: { load: number; cpu: number; first: number; reload: number; own: number; full: number; entries: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`load bench child failed: ${r.stderr}`);
    rows.push(JSON.parse(r.stdout));
  }
  const med = (k: keyof (typeof rows)[number]) => round(median(rows.map((r) => r[k])));
  return {
    entries: rows[0]!.entries,
    ms: med('load'),
    cpuMs: med('cpu'),
    bytes,
    firstAnswerMs: med('first'),
    reloadMs: med('reload'),
    segmenterMs: med('own'),
    fullDictionaryMs: med('full'),
    runs,
  };
}

/** Builds examples/pc-store (a copy, so the example's own store is left alone) into a bundle at `out`. */
function buildExampleBundle(dir: string, out: string): number {
  const example = join(dir, 'pc-store');
  cpSync(fileURLToPath(new URL('../../examples/pc-store', import.meta.url)), example, {
    recursive: true,
    filter: (src) => !/[\\/](\.kbt|dist)$/.test(src),
  });
  const bin = fileURLToPath(new URL('../../bin/kbt.js', import.meta.url));
  const r = spawnSync(process.execPath, [bin, 'build', '--workspace', example, '--out', out], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  if (r.status !== 0) throw new Error(`building the example bundle failed: ${r.stderr}`);
  return statSync(out).size;
}

/**
 * Runs the benchmark: a synthetic bundle of `entries` entries and the example merchant's bundle, each
 * loaded in `runs` fresh processes.
 */
export function runLoadBench(options: { entries?: number; runs?: number } = {}): LoadBenchResult {
  const n = options.entries ?? 10_000;
  const runs = options.runs ?? 5;
  const dir = mkdtempSync(join(tmpdir(), 'kbt-bench-load-'));
  try {
    const path = join(dir, 'bench.kbt');
    const bytes = writeSyntheticBundle(path, n);
    const figures = measureLoad(path, bytes, '联想笔记本保修多久', runs);
    if (figures.entries !== n) throw new Error(`bench bundle holds ${figures.entries} entries, expected ${n}`);
    const examplePath = join(dir, 'pc-store.kbt');
    const exampleBytes = buildExampleBundle(dir, examplePath);
    return { ...figures, example: measureLoad(examplePath, exampleBytes, '拯救者Y9000P能加内存吗', runs) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
