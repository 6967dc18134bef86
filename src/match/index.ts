/**
 * The matcher API: build from merged entries and a lexicon, or load from a compiled bundle's index.
 * See DESIGN.md in this folder for the scoring and what confidence means.
 */
import type { Lexicon } from '../model/lexicon.js';
import type { Entry } from '../model/types.js';
import { analyzeKnowledge, CHANNELS, indexAnalyzed, type MatcherIndexData } from './index-data.js';
import { DEFAULT_TRAIN_OPTIONS, trainRanker } from './train.js';
import { createMatcher, type LoadedMatcher } from './matcher.js';
import { resolveOptions, type MatcherOptionsInput } from './options.js';
import { termKeys } from './term-ids.js';

import type { Matcher } from './types.js';

export type { MatcherIndexData, IndexedEntry, ChannelIndexData } from './index-data.js';
export type { RankerModel } from './ranker.js';
export { DEFAULT_MATCHER_OPTIONS, resolveOptions } from './options.js';
export type { MatcherOptions, MatcherOptionsInput, ChannelWeights, Calibration } from './options.js';
export type { Candidate, Decision, HandoffReason, Matcher, MatchResult, SessionTurn } from './types.js';
export { isHowTo, isHumanRequest } from './decide.js';

/**
 * Builds a matcher over entries (disabled ones are left out) with the lexicon's synonyms, models and stop
 * words. `options` may override any default (see `MatcherOptions`).
 */
export function buildMatcher(entries: readonly Entry[], lexicon: Lexicon, options: MatcherOptionsInput = {}): Matcher {
  const o = resolveOptions(options);
  const build = { k1: o.k1, stopWeight: o.stopWeight, lengthNorm: o.lengthNorm, generalLexicon: o.generalLexicon };
  const k = analyzeKnowledge(entries, lexicon, { generalLexicon: o.generalLexicon, dictionaryMinFreq: o.dictionaryMinFreq, soundCorrection: o.soundCorrection });
  const data = indexAnalyzed(k, build);
  if (o.train) {
    const ranker = trainRanker(k, build, o, { ...DEFAULT_TRAIN_OPTIONS, seed: o.trainSeed });
    if (ranker) data.ranker = ranker;
  }
  return createMatcher(data, o);
}

/** The matcher's index as plain JSON-serializable data (deterministic key order), for compiled bundles. */
export function exportMatcherIndex(matcher: Matcher): MatcherIndexData {
  const data = (matcher as Partial<LoadedMatcher>).data;
  if (!data) throw new TypeError('exportMatcherIndex needs a matcher made by buildMatcher or loadMatcherFromIndex');
  if (CHANNELS.every((ch) => data.channels[ch].keys)) return data;
  const channels = { ...data.channels };
  for (const ch of CHANNELS) channels[ch] = { ...channels[ch], keys: channels[ch].keys ?? Array.from(termKeys(channels[ch].terms)) };
  return { ...data, channels };
}

/**
 * A matcher from exported index data; phrasings are not analyzed again. `k1`, `stopWeight` and `lengthNorm` are baked
 * into the index and taken from it; every other option applies.
 */
export function loadMatcherFromIndex(data: MatcherIndexData, options: MatcherOptionsInput = {}): Matcher {
  if (data?.format !== 'kbt-matcher-index' || data.version !== 2) {
    throw new TypeError('not a kbt matcher index of this kbt version (format kbt-matcher-index, version 2): rebuild the bundle');
  }
  const o = resolveOptions({ ...options, ...data.build });
  return createMatcher(data, o);
}
