import type { Diagnostic } from '../model/diagnostic.js';
import type { Entry } from '../model/types.js';
import { decodeInput } from './encoding.js';
import { errorAt } from './entry-fields.js';
import { parseRawEntry, rawToEntry } from './raw-entry.js';
import type { Reader } from './types.js';

/** JSON Lines: one `RawEntrySchema` object a line; blank lines are skipped. */
export const readJsonl: Reader = async (input) => {
  const format = 'jsonl';
  const decoding = decodeInput(input, format);
  if ('failed' in decoding) return decoding.failed;
  const { decoded } = decoding;
  const diagnostics: Diagnostic[] = [];
  const entries: Entry[] = [];
  const lines = decoded.text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (!text) continue;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      diagnostics.push(errorAt(input, 'malformed-row', 'read.badJson', { line, params: { detail: (err as Error).message } }));
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      diagnostics.push(
        errorAt(input, 'malformed-row', 'read.notAnObject', { line, params: { found: Array.isArray(value) ? 'a list' : JSON.stringify(value) } }),
      );
      continue;
    }
    const at = { line };
    const parsed = parseRawEntry(value, input, at);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.raw) continue;
    const entry = rawToEntry(parsed.raw, input, at, diagnostics);
    if (entry) entries.push(entry);
  }
  return { entries, diagnostics, format, encoding: decoded.encoding };
};
