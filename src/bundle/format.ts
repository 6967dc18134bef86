/**
 * The compiled knowledge bundle: one file a bot runtime loads without kbt's sources, packs or analyzer
 * rebuild. Two containers hold the same logical content: SQLite (the default) and canonical JSON (for
 * runtimes in other languages, media base64-encoded).
 *
 * Integrity: `manifest.contentHash` is the SHA-256 of the canonical JSON (sorted keys, no whitespace) of
 * `BundleContent` with the hash itself left out and each media file represented by its SHA-256. Nothing
 * time-dependent is hashed; the SQLite container keeps its build time in a row outside the hash.
 */
import { z } from 'zod';
import type { MatcherIndexData } from '../match/index.js';
import type { Thresholds } from '../model/config.js';
import type { Lexicon } from '../model/lexicon.js';
import type { EventsContent } from '../model/pack.js';
import type { Entry } from '../model/types.js';

export const BUNDLE_FORMAT = 'kbt-bundle';
/**
 * Bump when a reader of the previous version could misread the new content. A loader refuses bundles
 * with a higher version than this one and reads every earlier one.
 * - 2: the index carries the segmenter's compact dictionary (stored as UTF-8 bytes in SQLite); a
 *   version 1 reader would cut questions with jieba's full dictionary instead.
 */
export const BUNDLE_FORMAT_VERSION = 2;
/** SQLite `PRAGMA application_id` of bundle files: "KBT1" in ASCII. */
export const SQLITE_APPLICATION_ID = 0x4b425431;

export interface BundleCounts {
  /** Every entry, enabled or not. */
  entries: number;
  /** Entries the matcher can return. */
  enabled: number;
  tutorials: number;
  /** Indexed phrasings after de-duplication. */
  phrasings: number;
  media: number;
  mediaBytes: number;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  formatVersion: number;
  /** The workspace name (kbt.yaml `name`). */
  name: string;
  /** Semantic version of this knowledge base, chosen by whoever builds it. */
  version: string;
  packs: { name: string; version: string }[];
  /** Merchant source files as last imported: workspace-relative path and content hash, sorted by path. */
  sources: { path: string; hash: string }[];
  thresholds: Thresholds;
  /** The last `kbt eval` summary stored in the workspace, when there was one. */
  eval?: unknown;
  counts: BundleCounts;
  /** `sha256:<hex>` over the canonical content; see the module comment. */
  contentHash: string;
}

/** A media file the bundle embeds. */
export interface BundleMedia {
  /** Stable name: workspace-relative path, or `packs/<pack>/<path>` for pack media. */
  key: string;
  sha256: string;
  size: number;
  mime: string;
}

/** Everything covered by the content hash. */
export interface BundleContent {
  manifest: Omit<BundleManifest, 'contentHash'>;
  /** Sorted by id; placeholders already filled. */
  entries: Entry[];
  /** Entry id → media reference as written in the source → media key. */
  mediaRefs: Record<string, Record<string, string>>;
  /** Sorted by key. */
  media: BundleMedia[];
  lexicon: Lexicon;
  events: EventsContent;
  index: MatcherIndexData;
}

/** A bundle's content with its media bytes, as written and as read back. */
export interface BundleData {
  manifest: BundleManifest;
  content: BundleContent;
  /** Media key → bytes. */
  mediaBytes: Map<string, Buffer>;
}

export const SEMVER_PATTERN = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** The manifest as read from a file: checked before anything else is trusted. */
export const ManifestSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    formatVersion: z.number().int().min(1),
    name: z.string().min(1),
    version: z.string().regex(SEMVER_PATTERN),
    packs: z.array(z.object({ name: z.string(), version: z.string() }).strict()),
    sources: z.array(z.object({ path: z.string(), hash: z.string() }).strict()),
    thresholds: z.object({ answer: z.number(), suggest: z.number(), margin: z.number() }).strict(),
    eval: z.unknown().optional(),
    counts: z
      .object({
        entries: z.number().int().min(0),
        enabled: z.number().int().min(0),
        tutorials: z.number().int().min(0),
        phrasings: z.number().int().min(0),
        media: z.number().int().min(0),
        mediaBytes: z.number().int().min(0),
      })
      .strict(),
    contentHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  })
  .strict();

export const MediaSchema = z
  .object({ key: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().min(0), mime: z.string().min(1) })
  .strict();

/** Loose structural check of stored entries: enough that the runtime can rely on the fields it reads. */
export const StoredEntrySchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(['faq', 'tutorial']),
    question: z.string(),
    similar: z.array(z.string()),
    answer: z.union([z.string(), z.array(z.object({ type: z.string() }).passthrough())]),
    tags: z.array(z.string()),
    products: z.array(z.string()),
    enabled: z.boolean(),
    priority: z.number(),
    source: z.object({ layer: z.enum(['pack', 'merchant']), file: z.string() }).passthrough(),
  })
  .passthrough();

const MIME_BY_EXT: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  bmp: 'image/bmp',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  pdf: 'application/pdf',
};

/** MIME type from a file name's extension; unknown ones are `application/octet-stream`. */
export function mimeOf(key: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(key)?.[1]?.toLowerCase() ?? '';
  return MIME_BY_EXT[ext] ?? 'application/octet-stream';
}
