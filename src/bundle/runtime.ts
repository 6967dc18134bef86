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
import { buildAnswer, type AnswerPayload } from './answer.js';
import { openBundleFile, type BundleFileFormat } from './file.js';
import type { BundleManifest } from './format.js';

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
  entry(id: string): Entry | undefined;
  /** Media referenced by an entry's answer or tutorial body. */
  mediaOf(entryId: string): BundleMediaRef[];
  /** Bytes of an embedded media file, by key. */
  readMedia(key: string): Buffer | undefined;
  /** Matches one customer turn; `session` holds earlier turns of the conversation, oldest first. */
  match(text: string, options?: { session?: readonly SessionTurn[] }): MatchResult;
  /**
   * What the bot should do with one customer turn: decision, entry, filled answer, confidence and the
   * explanation; the same payload as `kbt ask --json`.
   */
  answer(text: string, options?: { session?: readonly SessionTurn[] }): AnswerPayload;
  /** Releases the file handle (SQLite). Calls after this fail. */
  close(): void;
}

/** Synchronous load; see `loadBundle`. */
export function loadBundleSync(path: string, options: LoadBundleOptions = {}): KnowledgeBundle {
  const t: Translate = options.t ?? createTranslator(options.lang ?? 'en');
  const opened = openBundleFile(path, t);
  const { parts, manifest } = opened;
  const matcher = loadMatcherFromIndex(parts.index, {
    ...options.matcher,
    thresholds: { ...manifest.thresholds, ...options.matcher?.thresholds },
  });
  // Entries are parsed when first asked for; an answer needs only the one it names.
  const cache = new Map<string, Entry | undefined>();
  const entry = (id: string) => {
    if (!cache.has(id)) cache.set(id, opened.readEntry(id));
    return cache.get(id);
  };
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
    entry,
    mediaOf: (entryId) =>
      Object.entries(parts.mediaRefs[entryId] ?? {}).map(([ref, key]) => {
        const m = mediaByKey.get(key)!;
        return { ref, key, mime: m.mime, size: m.size, sha256: m.sha256 };
      }),
    readMedia: (key) => opened.readMedia(key),
    match: (text, o) => matcher.match(text, o?.session ?? []),
    answer: (text, o) => buildAnswer(text, matcher.match(text, o?.session ?? []), entry),
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
