/**
 * The runtime loader: a compiled bundle in, an answering knowledge base out. Loading parses the stored
 * matcher index and entries; phrasings are never analyzed again. Media bytes stay in the file (SQLite)
 * until asked for.
 */
import { createTranslator, type Translate } from '../i18n/index.js';
import { loadMatcherFromIndex, type MatcherOptionsInput } from '../match/index.js';
import type { Matcher, MatchResult, SessionTurn } from '../match/types.js';
import type { Lexicon } from '../model/lexicon.js';
import type { EventsContent } from '../model/pack.js';
import type { Entry } from '../model/types.js';
import { askWith, type AskResult } from '../commands/ask.js';
import { openBundleFile, type BundleFileFormat, type OpenedBundle } from './file.js';
import type { BundleManifest } from './format.js';
import type { Thresholds } from '../model/config.js';

export interface LoadBundleOptions {
  /**
   * Matcher options on top of the bundle's own (its thresholds come from the manifest). Options baked
   * into the index at build time (k1, stop-word weight, length normalization) cannot be changed here.
   */
  matcher?: MatcherOptionsInput;
  /** Message language for load errors. Default English. */
  lang?: 'en' | 'zh-CN';
  /** A translator for load errors (overrides `lang`; the CLI passes its own). */
  t?: Translate;
}

/** A media file an entry references, as embedded in the bundle. */
export interface BundleMediaRef {
  /** The reference as written in the entry (e.g. `../images/gpu.png`). */
  ref: string;
  /** The bundle's key for it; pass to `readMedia`. */
  key: string;
  mime: string;
  size: number;
  sha256: string;
}

/** A loaded bundle. Not thread-safe: give each worker its own. */
export interface KnowledgeBundle {
  readonly path: string;
  readonly format: BundleFileFormat;
  readonly manifest: BundleManifest;
  /** Every entry (enabled or not), sorted by id. Read from the file on first access. */
  readonly entries: readonly Entry[];
  readonly lexicon: Lexicon;
  readonly events: EventsContent;
  /** The matcher behind `answer`: raw match results with every candidate. */
  readonly matcher: Matcher;
  /** The thresholds the matcher decides with: the manifest's, overridden by the load options'. */
  readonly thresholds: Thresholds;
  entry(id: string): Entry | undefined;
  /** Media referenced by an entry's answer or tutorial body. */
  mediaOf(entryId: string): BundleMediaRef[];
  /** Bytes of an embedded media file, by key. */
  readMedia(key: string): Buffer | undefined;
  /** Matches one customer turn; `session` holds earlier turns of the conversation, oldest first. */
  match(text: string, options?: { session?: readonly SessionTurn[] }): MatchResult;
  /**
   * What the bot should do with one customer turn: decision, entry id, filled answer (text and rich
   * parts), confidence, and the explanation (candidates with matched terms and synonyms, normalized text,
   * products). The same result, built by the same code, as `kbt ask --json`.
   */
  answer(text: string, options?: { session?: readonly SessionTurn[] }): AskResult;
  /** Releases the file handle (SQLite). Calls after this fail. */
  close(): void;
}

/** Entries by id, read from the bundle one at a time as they are asked for; iteration reads them all. */
class LazyEntries implements ReadonlyMap<string, Entry> {
  private readonly cache = new Map<string, Entry | undefined>();
  constructor(private readonly opened: OpenedBundle) {}
  get(id: string): Entry | undefined {
    if (!this.cache.has(id)) this.cache.set(id, this.opened.readEntry(id));
    return this.cache.get(id);
  }
  has(id: string): boolean {
    return this.get(id) !== undefined;
  }
  get size(): number {
    return this.opened.manifest.counts.entries;
  }
  private all(): Map<string, Entry> {
    return new Map(this.opened.content.entries.map((e) => [e.id, e]));
  }
  forEach(fn: (value: Entry, key: string, map: ReadonlyMap<string, Entry>) => void): void {
    for (const [k, v] of this.all()) fn(v, k, this);
  }
  entries(): MapIterator<[string, Entry]> {
    return this.all().entries();
  }
  keys(): MapIterator<string> {
    return this.all().keys();
  }
  values(): MapIterator<Entry> {
    return this.all().values();
  }
  [Symbol.iterator](): MapIterator<[string, Entry]> {
    return this.entries();
  }
}

/** Synchronous load; see `loadBundle`. */
export function loadBundleSync(path: string, options: LoadBundleOptions = {}): KnowledgeBundle {
  const t: Translate = options.t ?? createTranslator(options.lang ?? 'en');
  const opened = openBundleFile(path, t);
  const { parts, manifest } = opened;
  const thresholds = { ...manifest.thresholds, ...options.matcher?.thresholds };
  const matcher = loadMatcherFromIndex(parts.index, { ...options.matcher, thresholds });
  // Entries are parsed when first asked for; an answer needs only the ones it names.
  const entries = new LazyEntries(opened);
  const entry = (id: string) => entries.get(id);
  const mediaByKey = new Map(parts.media.map((m) => [m.key, m]));
  return {
    path,
    format: opened.format,
    manifest,
    get entries() {
      return opened.content.entries;
    },
    lexicon: parts.lexicon,
    events: parts.events,
    matcher,
    thresholds,
    entry,
    mediaOf: (entryId) =>
      Object.entries(parts.mediaRefs[entryId] ?? {}).map(([ref, key]) => {
        const m = mediaByKey.get(key)!;
        return { ref, key, mime: m.mime, size: m.size, sha256: m.sha256 };
      }),
    readMedia: (key) => opened.readMedia(key),
    match: (text, o) => matcher.match(text, o?.session ?? []),
    answer: (text, o) => askWith(matcher, entries, text, o?.session ?? [], thresholds),
    close: () => opened.close(),
  };
}

/**
 * Loads a compiled bundle (SQLite or JSON). Rejects with a `UserError` for a missing, corrupt or foreign
 * file, and for a bundle written by a newer format version than this library reads.
 */
export async function loadBundle(path: string, options: LoadBundleOptions = {}): Promise<KnowledgeBundle> {
  return loadBundleSync(path, options);
}
