/**
 * kbt as a library. The runtime side: load a compiled knowledge bundle and answer customer turns.
 *
 * ```ts
 * import { loadBundle } from 'kbt';
 * const bundle = await loadBundle('dist/bundle.kbt');
 * const reply = bundle.answer('笔记本能开发票吗', { session: [] }); // same result as `kbt ask --json`
 * ```
 */
export { loadBundle, loadBundleSync } from './bundle/runtime.js';
export type { KnowledgeBundle, LoadBundleOptions, BundleMediaRef } from './bundle/runtime.js';
export type { AskResult, AskCandidate } from './commands/ask.js';
export { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION } from './bundle/format.js';
export type { BundleManifest, BundleCounts, BundleMedia } from './bundle/format.js';
export { BundleTooNewError, BundleUnreadableError } from './bundle/errors.js';
export { UserError } from './errors.js';
export type { Candidate, Decision, HandoffReason, MatchResult, SessionTurn, Matcher, MatcherOptionsInput } from './match/index.js';
export type { Answer, Entry, RichPart, EntryKind, Provenance } from './model/types.js';
export { NONE_LABEL, answerText } from './model/types.js';
export type { EventsContent } from './model/pack.js';
export type { Lexicon } from './model/lexicon.js';
