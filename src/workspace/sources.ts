import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { UserError } from '../errors.js';
import type { Translate } from '../i18n/index.js';
import type { Diagnostic } from '../model/diagnostic.js';

const GLOB_CHARS = /[*?[\]{}]/;
/** WPS Spreadsheets' own formats: a proprietary binary kbt cannot read, so the hint says how to convert. */
const WPS_EXTENSIONS: ReadonlySet<string> = new Set(['.et', '.ett']);

/**
 * Expands files, folders and globs into a sorted list of absolute file paths with a supported extension.
 * A plain path that does not exist is an error; a glob that matches nothing is reported as a warning.
 * `skipped` lists WPS spreadsheets a folder or glob turned up: named on their own they are an error with
 * a hint, found this way they would otherwise vanish without a word.
 */
export async function expandSources(
  base: string,
  patterns: readonly string[],
  extensions: readonly string[],
  t: Translate,
): Promise<{ files: string[]; unmatched: string[]; skipped: string[] }> {
  const files = new Set<string>();
  const unmatched: string[] = [];
  const skipped = new Set<string>();
  const supported = (p: string) => extensions.includes(extname(p).toLowerCase());
  const noteWps = (found: string[]) => found.filter((f) => WPS_EXTENSIONS.has(extname(f).toLowerCase())).forEach((f) => skipped.add(resolve(f)));
  for (const pattern of patterns) {
    if (GLOB_CHARS.test(pattern)) {
      const found = await glob(pattern, { cwd: base, absolute: true, onlyFiles: true, dot: false, ignore: ['**/node_modules/**', '**/.kbt/**'] });
      noteWps(found);
      const kept = found.filter(supported);
      if (kept.length === 0) unmatched.push(pattern);
      kept.forEach((f) => files.add(resolve(f)));
      continue;
    }
    const abs = resolve(base, pattern);
    if (!existsSync(abs)) {
      throw new UserError(t('sources.notFound', { path: pattern }), { file: pattern, hint: t('sources.notFoundHint') });
    }
    if (statSync(abs).isDirectory()) {
      const found = await glob('**/*', { cwd: abs, absolute: true, onlyFiles: true, ignore: ['**/node_modules/**', '**/.kbt/**'] });
      noteWps(found);
      const kept = found.filter(supported);
      if (kept.length === 0) unmatched.push(pattern);
      kept.forEach((f) => files.add(resolve(f)));
    } else {
      if (!supported(abs)) {
        const ext = extname(abs).toLowerCase();
        throw new UserError(t('sources.unsupported', { path: pattern, ext: extname(abs) || '(none)' }), {
          file: pattern,
          hint: WPS_EXTENSIONS.has(ext) ? t('sources.wpsHint') : t('sources.unsupportedHint', { extensions: extensions.join(' ') }),
        });
      }
      files.add(abs);
    }
  }
  return { files: [...files].sort(), unmatched, skipped: [...skipped].sort() };
}

/** The warning for a WPS spreadsheet a folder or glob turned up (see `expandSources`). */
export function skippedWps(file: string): Diagnostic {
  return { severity: 'warning', rule: 'source-skipped', message: 'sources.skippedWps', file };
}
