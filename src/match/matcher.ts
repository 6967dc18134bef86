/**
 * The query side: a matcher over loaded index data. Everything per phrasing is precomputed; a turn costs one
 * analysis, one pass over the postings of its terms into a reused accumulator, and a top-K selection.
 */
import { createAnalyzer, type Analysis } from '../text/analyze.js';
import { CHANNELS, channelTerms, type Channel, type MatcherIndexData } from './index-data.js';
import { decide, isHowTo, isHumanRequest } from './decide.js';
import type { MatcherOptions } from './options.js';
import { adjustForProduct, aggregatePhrasings, calibrate, idf, round4, saturate } from './score.js';
import { resolveContext } from './session.js';
import type { Candidate, Matcher, MatchResult, SessionTurn } from './types.js';

interface RuntimeChannel {
  termId: Map<string, number>;
  idf: Float64Array;
  start: Int32Array;
  phrasing: Int32Array;
  weight: Float64Array;
  entryStart: Int32Array;
  entry: Int32Array;
  entryWeight: Float64Array;
  unknownIdf: number;
}

/** A query term: channel, term id (−1 when unknown to the index) and weight. */
interface QueryTerm {
  id: number;
  weight: number;
}

export interface LoadedMatcher extends Matcher {
  readonly data: MatcherIndexData;
  readonly options: MatcherOptions;
}

function binarySearch(arr: Int32Array, from: number, to: number, x: number): boolean {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = arr[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export function createMatcher(data: MatcherIndexData, options: MatcherOptions): LoadedMatcher {
  const analyzer = createAnalyzer(data.analyzer);
  const entryCount = data.entries.length;
  const phrasingCount = data.phrasings.text.length;
  const entryOf = Int32Array.from(data.phrasings.entry);
  const runtime = {} as Record<Channel, RuntimeChannel>;
  for (const ch of CHANNELS) {
    const c = data.channels[ch];
    runtime[ch] = {
      termId: new Map(c.terms.map((t, i) => [t, i])),
      idf: Float64Array.from(c.idf),
      start: Int32Array.from(c.start),
      phrasing: Int32Array.from(c.phrasing),
      weight: Float64Array.from(c.weight),
      entryStart: Int32Array.from(c.entryStart),
      entry: Int32Array.from(c.entry),
      entryWeight: Float64Array.from(c.entryWeight),
      unknownIdf: idf(entryCount, 0),
    };
  }
  const entryProducts = data.entries.map((e) => new Set(e.products));
  const entryIds = data.entries.map((e) => e.id);

  // Reused between turns: the hot path allocates nothing proportional to the index.
  const acc = new Float64Array(phrasingCount);
  const touched = new Int32Array(phrasingCount);
  const phrasingSeen = new Uint8Array(phrasingCount);
  const entryBest = new Float64Array(entryCount);
  const entrySecond = new Float64Array(entryCount);
  const entryBestPhrasing = new Int32Array(entryCount);
  const entryTouched = new Int32Array(entryCount);
  const entrySeen = new Uint8Array(entryCount);
  const entryCentroid = new Float64Array(entryCount);
  const useCentroid = options.centroidWeight > 0;
  const order: { ci: number; ti: number; len: number }[] = [];

  const { k1, stopWeight } = data.build;

  /** Query vector of one channel: merged duplicates, BM25-style weights, context terms damped. */
  function queryTerms(ch: Channel, own: Analysis, topic: Analysis | undefined, carried: string | undefined): QueryTerm[] {
    const rt = runtime[ch];
    const tf = new Map<string, { n: number; factor: number }>();
    const add = (a: Analysis, factor: number) => {
      const terms = channelTerms(a, ch);
      const modelTerms = ch === 'words' || ch === 'chars';
      for (let i = 0; i < terms.length; i++) {
        const t = terms[i]!;
        let f = factor * (ch === 'words' && a.wordStop[i] ? stopWeight : 1);
        if (modelTerms && a.models.length > 0 && a.models.includes(t)) {
          // A product the index has never seen is handled by the product boost, not as an unknown word.
          if (!rt.termId.has(t)) continue;
          f *= options.modelWeight;
        }
        const cur = tf.get(t);
        if (cur) {
          cur.n++;
          cur.factor = Math.max(cur.factor, f);
        } else tf.set(t, { n: 1, factor: f });
      }
    };
    add(own, 1);
    if (topic) add(topic, options.contextWeight);
    // A product carried over from earlier turns counts like a product named here, damped as context.
    if (carried && (ch === 'words' || ch === 'chars') && rt.termId.has(carried) && !tf.has(carried)) {
      tf.set(carried, { n: 1, factor: options.contextWeight * options.modelWeight });
    }
    const out: QueryTerm[] = [];
    for (const [t, { n, factor }] of tf) {
      const id = rt.termId.get(t) ?? -1;
      const w = Math.pow(id >= 0 ? rt.idf[id]! : rt.unknownIdf, options.queryIdfPower) * saturate(n, k1) * factor;
      out.push({ id, weight: w });
    }
    return out;
  }

  /** Index of `x` in the ascending slice arr[from, to), or −1. */
  function indexOf(arr: Int32Array, from: number, to: number, x: number): number {
    let lo = from;
    let hi = to - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = arr[mid]!;
      if (v === x) return mid;
      if (v < x) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  function scoreTurn(own: Analysis, topic: Analysis | undefined, carried: string | undefined) {
    const perChannel = CHANNELS.map((ch) => queryTerms(ch, own, topic, carried));
    let totalWeight = 0;
    perChannel.forEach((q, i) => {
      if (q.length > 0) totalWeight += options.channels[CHANNELS[i]!];
    });
    // Scaled query weight of every term, per channel (0 for unknown terms and silent channels).
    const scales = perChannel.map((q, ci) => {
      const w = options.channels[CHANNELS[ci]!];
      if (q.length === 0 || w === 0 || totalWeight === 0) return 0;
      let norm = 0;
      for (const t of q) norm += t.weight * t.weight;
      return w / totalWeight / Math.sqrt(norm);
    });
    const maxPostings = options.maxPostings;
    // Short posting lists first, then very common terms (的, 吗, 怎么) from the rarest up; a common term
    // only adds to phrasings already found, which is exact for every phrasing sharing a rarer term of the
    // question and skips the rest. With nothing found yet, the rarest common term seeds the candidates.
    order.length = 0;
    for (let ci = 0; ci < CHANNELS.length; ci++) {
      if (scales[ci] === 0) continue;
      const rt = runtime[CHANNELS[ci]!];
      const q = perChannel[ci]!;
      for (let ti = 0; ti < q.length; ti++) {
        const id = q[ti]!.id;
        if (id < 0) continue;
        order.push({ ci, ti, len: rt.start[id + 1]! - rt.start[id]! });
      }
    }
    order.sort((a, b) => (a.len > maxPostings ? a.len : 0) - (b.len > maxPostings ? b.len : 0));
    let nTouched = 0;
    let sorted = true;
    for (const { ci, ti, len } of order) {
      const rt = runtime[CHANNELS[ci]!];
      const t = perChannel[ci]![ti]!;
      const from = rt.start[t.id]!;
      const end = rt.start[t.id + 1]!;
      const f = t.weight * scales[ci]!;
      if (len > maxPostings && nTouched > 0) {
        if (!sorted) {
          touched.subarray(0, nTouched).sort();
          sorted = true;
        }
        // Galloping intersection of the (sorted) found phrasings with the posting list.
        let k = from;
        for (let i = 0; i < nTouched && k < end; i++) {
          const p = touched[i]!;
          if (rt.phrasing[k]! < p) {
            let step = 1;
            let lo = k;
            let hi = k + 1;
            while (hi < end && rt.phrasing[hi]! < p) {
              lo = hi;
              step *= 2;
              hi = lo + step;
            }
            if (hi > end) hi = end;
            // phrasing[lo] < p; the first position ≥ p is in (lo, hi].
            while (lo + 1 < hi) {
              const mid = (lo + hi) >> 1;
              if (rt.phrasing[mid]! < p) lo = mid;
              else hi = mid;
            }
            k = hi;
          }
          if (k < end && rt.phrasing[k] === p) acc[p] = acc[p]! + f * rt.weight[k]!;
        }
        continue;
      }
      // A full scan appends in ascending order, so the found list stays sorted only if it was empty.
      sorted = nTouched === 0;
      for (let k = from; k < end; k++) {
        const p = rt.phrasing[k]!;
        if (!phrasingSeen[p]) {
          phrasingSeen[p] = 1;
          touched[nTouched++] = p;
        }
        acc[p] = acc[p]! + f * rt.weight[k]!;
      }
    }
    // Phrasings → entries: best and second-best phrasing per entry.
    let nEntries = 0;
    for (let i = 0; i < nTouched; i++) {
      const p = touched[i]!;
      const s = acc[p]!;
      acc[p] = 0;
      phrasingSeen[p] = 0;
      const e = entryOf[p]!;
      if (!entrySeen[e]) {
        entrySeen[e] = 1;
        entryTouched[nEntries++] = e;
        entryBest[e] = s;
        entrySecond[e] = 0;
        entryBestPhrasing[e] = p;
      } else if (s > entryBest[e]! || (s === entryBest[e]! && p < entryBestPhrasing[e]!)) {
        entrySecond[e] = entryBest[e]!;
        entryBest[e] = s;
        entryBestPhrasing[e] = p;
      } else if (s > entrySecond[e]!) entrySecond[e] = s;
    }
    // Centroid similarity, for the entries found only.
    if (useCentroid && nEntries > 0) {
      for (let ci = 0; ci < CHANNELS.length; ci++) {
        const scale = scales[ci]!;
        if (scale === 0) continue;
        const rt = runtime[CHANNELS[ci]!];
        for (const t of perChannel[ci]!) {
          if (t.id < 0) continue;
          const f = t.weight * scale;
          const from = rt.entryStart[t.id]!;
          const end = rt.entryStart[t.id + 1]!;
          if (nEntries * 16 < end - from) {
            for (let i = 0; i < nEntries; i++) {
              const e = entryTouched[i]!;
              const k = indexOf(rt.entry, from, end, e);
              if (k >= 0) entryCentroid[e] = entryCentroid[e]! + f * rt.entryWeight[k]!;
            }
          } else {
            for (let k = from; k < end; k++) {
              const e = rt.entry[k]!;
              if (entrySeen[e]) entryCentroid[e] = entryCentroid[e]! + f * rt.entryWeight[k]!;
            }
          }
        }
      }
    }
    return nEntries;
  }

  function productMatch(e: number, product: string | undefined): 'same' | 'other' | 'none' {
    if (!product) return 'none';
    const ps = entryProducts[e]!;
    if (ps.size === 0) return 'none';
    return ps.has(product) ? 'same' : 'other';
  }

  function explain(own: Analysis, p: number): { matchedTerms: string[]; synonyms: string[] } {
    const words = runtime.words;
    const matched: string[] = [];
    for (let i = 0; i < own.words.length; i++) {
      const t = own.words[i]!;
      if (own.wordStop[i] || matched.includes(t)) continue;
      const id = words.termId.get(t);
      if (id !== undefined && binarySearch(words.phrasing, words.start[id]!, words.start[id + 1]!, p)) matched.push(t);
    }
    const bi = runtime.bigrams;
    const py = runtime.pinyin;
    for (let i = 0; i < own.pinyin.length; i++) {
      const t = own.pinyin[i]!;
      const id = py.termId.get(t);
      if (id === undefined || !binarySearch(py.phrasing, py.start[id]!, py.start[id + 1]!, p)) continue;
      const surface = own.pinyinSurface[i]!;
      const bid = bi.termId.get(surface);
      const sameChars = bid !== undefined && binarySearch(bi.phrasing, bi.start[bid]!, bi.start[bid + 1]!, p);
      const label = `${surface}≈${t}`;
      if (!sameChars && !matched.includes(label)) matched.push(label);
    }
    const synonyms = own.rewrites.filter((r) => matched.includes(r.slice(r.indexOf('→') + 1)));
    return { matchedTerms: matched, synonyms };
  }

  function match(text: string, session: readonly SessionTurn[] = []): MatchResult {
    const own = analyzer.analyze(text);
    const earlier = session.filter((t) => t.role === 'customer').map((t) => analyzer.analyze(t.text));
    const ctx = resolveContext(own, earlier);
    const product = own.models[0] ?? ctx.product;
    const empty = own.tokens.length === 0;
    const nEntries = empty ? 0 : scoreTurn(own, ctx.topic, own.models.length === 0 ? ctx.product : undefined);

    // Top K (+1 for the margin) by adjusted score; ties by priority, then id.
    const k = options.topK + 1;
    const topE: number[] = [];
    const topS: number[] = [];
    for (let i = 0; i < nEntries; i++) {
      const e = entryTouched[i]!;
      entrySeen[e] = 0;
      const lambda = options.centroidWeight;
      const base = (1 - lambda) * aggregatePhrasings(entryBest[e]!, entrySecond[e]!, options.siblingWeight) + lambda * entryCentroid[e]!;
      entryCentroid[e] = 0;
      const s = adjustForProduct(
        base,
        productMatch(e, product),
        options.productBoost,
        options.productPenalty,
      );
      let j = topE.length;
      while (j > 0) {
        const oe = topE[j - 1]!;
        const os = topS[j - 1]!;
        const better =
          s > os ||
          (s === os &&
            (data.entries[e]!.priority > data.entries[oe]!.priority ||
              (data.entries[e]!.priority === data.entries[oe]!.priority && e < oe)));
        if (!better) break;
        j--;
      }
      if (j < k) {
        topE.splice(j, 0, e);
        topS.splice(j, 0, s);
        if (topE.length > k) {
          topE.pop();
          topS.pop();
        }
      }
    }

    const c = options.calibration;
    const candidates: Candidate[] = [];
    const n = Math.min(options.topK, topE.length);
    for (let i = 0; i < n; i++) {
      const e = topE[i]!;
      const s = topS[i]!;
      const margin = i === 0 ? s - (topS[1] ?? 0) : s - topS[0]!;
      const p = entryBestPhrasing[e]!;
      const entry = data.entries[e]!;
      const { matchedTerms, synonyms } = explain(own, p);
      candidates.push({
        entryId: entry.id,
        confidence: round4(calibrate(s, margin, c)),
        score: round4(s),
        phrasing: data.phrasings.text[p]!,
        matchedTerms,
        synonyms,
        source: entry.source,
      });
    }

    let unknown = 0;
    let total = 0;
    for (let i = 0; i < own.words.length; i++) {
      if (own.wordStop[i] || own.models.includes(own.words[i]!)) continue;
      total++;
      if (!runtime.words.termId.has(own.words[i]!)) unknown++;
    }
    const decision = decide(
      {
        candidates: candidates.map((cd, i) => ({ confidence: cd.confidence, kind: data.entries[topE[i]!]!.kind })),
        humanRequest: isHumanRequest(own.normalized),
        howTo: isHowTo(own.normalized) || (ctx.topic !== undefined && isHowTo(ctx.topic.normalized)),
        unknownShare: total === 0 ? 0 : unknown / total,
        empty,
      },
      options.thresholds,
      options,
    );
    const chosen = decision.chosen === undefined ? undefined : candidates[decision.chosen];
    const result: MatchResult = {
      decision: decision.decision,
      confidence: chosen?.confidence ?? candidates[0]?.confidence ?? 0,
      candidates,
      normalized: ctx.topic ? `${own.normalized} | ${ctx.topic.normalized}` : own.normalized,
      products: own.models,
    };
    if (chosen) result.entryId = chosen.entryId;
    if (decision.handoffReason) result.handoffReason = decision.handoffReason;
    if (ctx.product && own.models.length === 0) result.contextProduct = ctx.product;
    return result;
  }

  return { match, entryIds: [...entryIds].sort(), data, options };
}
