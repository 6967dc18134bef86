import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { answerMedia, type Entry } from '../model/types.js';
import { isInside } from './paths.js';

/** Largest media file a bundle embeds; larger ones belong on a CDN and are referenced by URL. */
export const MAX_MEDIA_BYTES = 20 * 1024 * 1024;

/** Media paths of an entry: rich answer parts plus what the reader found (tutorial images and videos). */
export function mediaOf(entry: Entry): string[] {
  return [...new Set([...(entry.media ?? []), ...answerMedia(entry.answer)])].filter((m) => !/^[a-z][a-z0-9+.-]*:/i.test(m));
}

/** Absolute path of a media reference, resolved relative to the entry's source file. */
export function resolveMedia(root: string, entry: Entry, ref: string): string {
  return resolve(root, dirname(entry.source.file), ref);
}

/**
 * A media reference must resolve to an existing file inside `root` (the workspace or pack folder): a
 * bundle built elsewhere could not embed anything outside it.
 */
export function checkMedia(root: string, entries: readonly Entry[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of entries) {
    for (const ref of mediaOf(e)) {
      const abs = resolveMedia(root, e, ref);
      const base = { file: e.source.file, line: e.source.line, entryId: e.id, field: 'media', params: { path: ref } };
      if (!isInside(root, abs)) {
        out.push({ severity: 'error', rule: 'media-outside-workspace', message: 'rule.mediaOutside', ...base });
      } else if (!existsSync(abs) || !statSync(abs).isFile()) {
        out.push({ severity: 'error', rule: 'media-missing', message: 'rule.mediaMissing', ...base });
      } else if (statSync(abs).size > MAX_MEDIA_BYTES) {
        out.push({
          severity: 'error',
          rule: 'media-too-large',
          message: 'rule.mediaTooLarge',
          ...base,
          params: { path: ref, max: `${MAX_MEDIA_BYTES / 1024 / 1024} MiB` },
        });
      }
    }
  }
  return out;
}
