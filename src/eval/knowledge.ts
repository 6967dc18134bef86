/**
 * Where the matcher under evaluation comes from. The eval command only needs entries (for labels and
 * grouping), thresholds, a way to build the matcher in this thread and a recipe workers can rebuild it
 * from. A workspace provides one today; a compiled bundle can provide the same shape.
 */
import type { Matcher } from '../match/types.js';
import type { Thresholds } from '../model/config.js';
import type { Lexicon } from '../model/lexicon.js';
import type { Entry } from '../model/types.js';

/**
 * How a worker thread rebuilds the matcher. `module` is a URL of a module exporting `buildMatcher`
 * (and `loadMatcherFromIndex` for the `index` kind), normally `src/match/index.js`.
 */
export type WorkerMatcherSpec =
  | { kind: 'index'; module: string; index: unknown; options: unknown }
  | { kind: 'build'; module: string; entries: Entry[]; lexicon: Lexicon; options: unknown };

export interface EvalKnowledge {
  source: 'workspace' | 'bundle';
  /** Workspace folder or bundle file, for the report. */
  path: string;
  /** Every entry of the knowledge base (disabled ones too: a label may name them). */
  entries: Entry[];
  thresholds: Thresholds;
  /** Loads what `build` needs (lazily imported modules); call before the first `build`. */
  prepare?(): Promise<void>;
  /** Builds the matcher in this thread; `entries` replaces the knowledge base's (cross-validation). */
  build(entries?: Entry[]): Matcher;
  /** Recipe for worker threads; absent when the matcher cannot be rebuilt elsewhere (then no workers). */
  workerSpec?: WorkerMatcherSpec;
}

/** URL of the real matcher module, next to this file's folder in both source and build layouts. */
export function matcherModuleUrl(): string {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`../match/index.${ext}`, import.meta.url).href;
}

/** Knowledge from merged workspace entries and lexicon, matched with the real matcher. */
export async function knowledgeFromEntries(input: {
  source: 'workspace' | 'bundle';
  path: string;
  entries: Entry[];
  lexicon: Lexicon;
  thresholds: Thresholds;
}): Promise<EvalKnowledge> {
  // The matcher module (and its segmenter dictionary) loads only when this thread builds a matcher:
  // with workers, the main thread never does, which keeps its memory small.
  let match: typeof import('../match/index.js') | undefined;
  const load = async () => (match ??= await import('../match/index.js'));
  const options = { thresholds: input.thresholds };
  let built: Matcher | undefined;
  const knowledge: EvalKnowledge = {
    source: input.source,
    path: input.path,
    entries: input.entries,
    thresholds: input.thresholds,
    prepare: async () => void (await load()),
    build(entries) {
      if (!match) throw new Error('call prepare() before build()');
      if (entries) return match.buildMatcher(entries, input.lexicon, options);
      return (built ??= match.buildMatcher(input.entries, input.lexicon, options));
    },
    get workerSpec(): WorkerMatcherSpec {
      // Workers build their own matcher, in parallel; the main thread then never holds one (memory).
      return { kind: 'build', module: matcherModuleUrl(), entries: input.entries, lexicon: input.lexicon, options };
    },
  };
  return knowledge;
}
