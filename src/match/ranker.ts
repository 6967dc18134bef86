/**
 * The learned re-ranker and confidence model: a linear score per candidate over a few features of how the
 * question and the candidate's best phrasing overlap, plus a "none of them" option scored from features of
 * the question alone. A softmax over {none} ∪ candidates gives each candidate's probability of being the
 * right entry; trained on the knowledge base's own phrasings (train.ts), that probability is the
 * confidence, so it means "how often a question like this got the right entry" on any knowledge base.
 */

/** Per-candidate features, in the order the weights use. */
export const CANDIDATE_FEATURES = [
  'score', // aggregated similarity after product adjustment (the first stage's score)
  'gapTop', // score − best score in the pool (0 for the first)
  'gapNext', // score − next candidate's score
  'words', // per-channel cosine of the question with the best phrasing
  'bigrams',
  'chars',
  'pinyin',
  'centroid', // cosine with the entry's centroid
  'phrasing', // best phrasing + sibling contribution, before the centroid blend
  'qcovWords', // share of the question's weight (squared, unit vector) found in the phrasing
  'qcovChars',
  'pcovWords', // share of the phrasing's weight found in the question
  'pcovChars',
  'pcovBigrams',
  'lengthRatio', // ln((1 + question units) / (1 + phrasing units))
  'productSame',
  'productOther',
  'phrasings', // ln(1 + phrasings of the entry)
  'first', // 1 for the first stage's top candidate
  'howToTutorial', // a how-to question and a tutorial candidate
  'scoreSq',
  'lcsF1', // best over the entry's phrasings: longest common subsequence of characters, 2L / (|q| + |p|)
  'lcsQuery', // that phrasing's L / |q|: how much of the question, in order, the phrasing spells
  'substrQuery', // longest common substring / |q|, best over the entry's phrasings
  'lcsSq', // lcsF1²
  'lcsScore', // lcsF1 · score
  'lcsBest', // 1 for the candidate with the pool's highest lcsF1
  'pcovBest', // 1 for the candidate with the pool's highest pcovChars
  'entryCover', // share of the question's content words (unknown ones too) that some phrasing of the entry has
] as const;

/** Characters compared for the order features: case and width folded, no spaces or punctuation. */
export function foldForOrder(text: string): string {
  // Fast path for already normalized text (a question's analysis): lower-case ASCII letters, digits, CJK
  // ideographs and spaces fold to themselves minus the spaces, so the full pipeline is skipped.
  let plain = true;
  let spaces = false;
  for (let i = 0; i < text.length && plain; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) spaces = true;
    else plain = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 0x4e00 && c <= 0x9fff);
  }
  if (plain) return (spaces ? text.replace(/ /g, '') : text).slice(0, 64);
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '').slice(0, 64);
}

/**
 * Longest common subsequence and longest common substring of two strings (by UTF-16 unit; CJK text is
 * BMP), in one O(|a|·|b|) pass with two reused rows.
 */
export function commonRuns(a: string, b: string, rows: { lcs: Int32Array; prev: Int32Array; sub: Int32Array; subPrev: Int32Array }): { lcs: number; substring: number } {
  const n = b.length;
  let { lcs: cur, prev, sub, subPrev } = rows;
  prev.fill(0, 0, n + 1);
  subPrev.fill(0, 0, n + 1);
  let best = 0;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = 0;
    sub[0] = 0;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      if (ca === b.charCodeAt(j - 1)) {
        cur[j] = prev[j - 1]! + 1;
        const r = subPrev[j - 1]! + 1;
        sub[j] = r;
        if (r > best) best = r;
      } else {
        cur[j] = cur[j - 1]! > prev[j]! ? cur[j - 1]! : prev[j]!;
        sub[j] = 0;
      }
    }
    [cur, prev] = [prev, cur];
    [sub, subPrev] = [subPrev, sub];
  }
  return { lcs: prev[n]!, substring: best };
}

/** Set bits of a 32-bit word. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** What `OrderComparer.compare` found; the same object is reused for every comparison. */
export interface CommonRuns {
  lcs: number;
  substring: number;
}

/**
 * One question compared with many phrasings, giving exactly what `commonRuns` gives, in O(|p|) per
 * phrasing instead of O(|q|·|p|): the question's characters become bit masks over its (at most 64)
 * positions, once per question, and the longest common subsequence is Hyyrö's bit-vector recurrence
 * V ← (V + (V & M)) | (V & ~M) over two 32-bit words. The longest common substring follows runs along
 * diagonals at the few positions where a phrasing character occurs in the question.
 */
export interface OrderComparer {
  /**
   * Sets the question (folded; only its first 64 units count): a string (its UTF-16 codes), or symbols in
   * [0, 65535] when the caller maps characters to its own dense codes (the phrasings must use the same).
   */
  setQuery(question: string | ArrayLike<number>): void;
  /**
   * Compares the current question with a folded phrasing given as UTF-16 codes `codes[from, to)`. The
   * subsequence is exact; the substring is exact whenever it exceeds `substringAbove` (default −1:
   * always exact), and otherwise some value ≤ `substringAbove` (its longest-run pass is skipped).
   */
  compare(codes: ArrayLike<number>, from: number, to: number, substringAbove?: number): CommonRuns;
}

export function createOrderComparer(): OrderComparer {
  // Character → 1 + index of its masks (0: not in the question). Shared table, cleared per question.
  const slot = new Uint8Array(65536);
  const maskLo = new Int32Array(65);
  const maskHi = new Int32Array(65);
  // Per question position: the (stamped) phrasing position of its last match and the run ending there.
  const runAt = new Int32Array(64).fill(-2);
  const runLen = new Int32Array(64);
  let stamp = 0;
  const query = new Int32Array(64);
  let m = 0;
  const out: CommonRuns = { lcs: 0, substring: 0 };

  function setQuery(question: string | ArrayLike<number>): void {
    for (let i = 0; i < m; i++) slot[query[i]!] = 0;
    m = Math.min(64, question.length);
    for (let i = 0; i < m; i++) query[i] = typeof question === 'string' ? question.charCodeAt(i) : question[i]! & 0xffff;
    let next = 1;
    for (let i = 0; i < m; i++) {
      const c = query[i]!;
      let s = slot[c]!;
      if (s === 0) {
        s = slot[c] = next++;
        maskLo[s] = 0;
        maskHi[s] = 0;
      }
      if (i < 32) maskLo[s] = maskLo[s]! | (1 << i);
      else maskHi[s] = maskHi[s]! | (1 << (i - 32));
    }
  }

  function compare(codes: ArrayLike<number>, from: number, to: number, substringAbove = -1): CommonRuns {
    const n = to - from;
    out.lcs = 0;
    out.substring = 0;
    if (m === 0 || n === 0) return out;
    let vLo = -1;
    let vHi = -1;
    // Alongside: the longest stretch of phrasing characters where each one continues, somewhere in the
    // question, the character before it (mask_j & (mask_{j−1} << 1) ≠ 0). A common substring of length L
    // needs L − 1 such steps in a row, so `1 + longest stretch` bounds the substring from above.
    let any = 0;
    let stretch = 0;
    let longest = 0;
    if (m <= 32) {
      // One word: the common case, kept free of the carry and the high half. Characters not in the
      // question have mask 0 (slot 0) and leave V as it is.
      let prev = 0;
      for (let j = from; j < to; j++) {
        const mLo = maskLo[slot[codes[j]!]!]!;
        const u = vLo & mLo;
        vLo = ((vLo + u) | 0) | (vLo & ~u);
        any |= mLo;
        stretch = (mLo & (prev << 1)) !== 0 ? stretch + 1 : 0;
        if (stretch > longest) longest = stretch;
        prev = mLo;
      }
    } else {
      let prevLo = 0;
      let prevHi = 0;
      for (let j = from; j < to; j++) {
        const s = slot[codes[j]!]!;
        const mLo = maskLo[s]!;
        const mHi = maskHi[s]!;
        const uLo = vLo & mLo;
        const uHi = vHi & mHi;
        const sumLo = (vLo >>> 0) + (uLo >>> 0);
        const carry = sumLo > 0xffffffff ? 1 : 0;
        vLo = (sumLo | 0) | (vLo & ~uLo);
        vHi = ((vHi + uHi + carry) | 0) | (vHi & ~uHi);
        any |= mLo | mHi;
        const step = (mLo & (prevLo << 1)) | (mHi & ((prevHi << 1) | (prevLo >>> 31)));
        stretch = step !== 0 ? stretch + 1 : 0;
        if (stretch > longest) longest = stretch;
        prevLo = mLo;
        prevHi = mHi;
      }
    }
    // The subsequence length is the number of zero bits among the question's m positions.
    const lcs =
      m <= 32
        ? popcount(~vLo & (m === 32 ? -1 : (1 << m) - 1))
        : popcount(~vLo) + popcount(~vHi & (m === 64 ? -1 : (1 << (m - 32)) - 1));
    out.lcs = lcs;
    // A common substring is also a common subsequence: when neither bound beats what the caller already
    // has, the costlier pass is skipped; a bound of 0 or 1 is the exact value.
    const bound = any === 0 ? 0 : Math.min(lcs, longest + 1);
    if (bound <= 1 || bound <= substringAbove) {
      out.substring = bound <= 1 ? bound : 0;
      return out;
    }
    if (stamp > 0x3fffffff) {
      runAt.fill(-2);
      stamp = 0;
    }
    const base = stamp;
    // Gaps of 2 between phrasings: a run never continues from the previous comparison.
    stamp += n + 2;
    let best = 0;
    for (let j = 0; j < n; j++) {
      const s = slot[codes[from + j]!]!;
      if (s === 0) continue;
      // Runs: question positions holding this character, high to low so position i − 1 still holds
      // the previous phrasing character's run when i reads it.
      const pos = base + j;
      for (let w = m > 32 ? 1 : 0; w >= 0; w--) {
        let bits = w === 1 ? maskHi[s]! : maskLo[s]!;
        while (bits !== 0) {
          const b = 31 - Math.clz32(bits);
          bits ^= 1 << b;
          const i = b + 32 * w;
          const len = i > 0 && runAt[i - 1] === pos - 1 ? runLen[i - 1]! + 1 : 1;
          runAt[i] = pos;
          runLen[i] = len;
          if (len > best) best = len;
        }
      }
    }
    out.substring = best;
    return out;
  }

  return { setQuery, compare };
}

/** Features of the question alone, scoring the "none of them" option. */
export const QUERY_FEATURES = ['bias', 'unknown', 'content', 'top', 'topWords', 'gap'] as const;

export interface RankerModel {
  /**
   * Feature names the weights were fitted on: `CANDIDATE_FEATURES` or its first part. A loaded model with
   * other names is ignored as stale.
   */
  features: string[];
  queryFeatures: string[];
  /** Standardization of candidate features: (x − mean) / std. */
  mean: number[];
  std: number[];
  weights: number[];
  queryMean: number[];
  queryStd: number[];
  nullWeights: number[];
  /** Candidates re-ranked per turn (the first stage's best). */
  depth: number;
  /** What the model was fitted on, for explanations and reports. */
  trainedOn: { queries: number; outOfScope: number; seed: number };
}

/** Linear score of standardized features. */
export function linear(x: ArrayLike<number>, mean: readonly number[], std: readonly number[], w: readonly number[]): number {
  let z = 0;
  for (let j = 0; j < w.length; j++) z += w[j]! * ((x[j]! - mean[j]!) / std[j]!);
  return z;
}

/**
 * Probabilities of each candidate and of "none", softmax over the linear scores. Returned array: index i is
 * candidate i; the last slot is "none".
 */
export function rankProbabilities(model: RankerModel, candidates: readonly ArrayLike<number>[], query: ArrayLike<number>): number[] {
  // One array, rewritten in place: scores, then their exponentials, then the probabilities.
  const n = candidates.length;
  const p = new Array<number>(n + 1);
  for (let i = 0; i < n; i++) p[i] = linear(candidates[i]!, model.mean, model.std, model.weights);
  p[n] = linear(query, model.queryMean, model.queryStd, model.nullWeights);
  let max = -Infinity;
  for (let i = 0; i <= n; i++) if (p[i]! > max) max = p[i]!;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const e = Math.exp(p[i]! - max);
    sum += e;
    p[i] = e;
  }
  for (let i = 0; i <= n; i++) p[i] = p[i]! / sum;
  return p;
}

/**
 * True when the model was fitted on features this version computes: the same list, or the first part of it
 * (a model from before later features were appended scores with its own weights only, exactly as it did).
 */
export function isCurrentModel(m: RankerModel | undefined): m is RankerModel {
  return (
    m !== undefined &&
    m.features.length <= CANDIDATE_FEATURES.length &&
    m.features.every((f, i) => f === CANDIDATE_FEATURES[i]) &&
    m.weights.length === m.features.length &&
    m.mean.length === m.features.length &&
    m.std.length === m.features.length &&
    m.queryFeatures.length === QUERY_FEATURES.length &&
    m.queryFeatures.every((f, i) => f === QUERY_FEATURES[i])
  );
}
