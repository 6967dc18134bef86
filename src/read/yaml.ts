import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Entry } from '../model/types.js';
import { decodeInput } from './encoding.js';
import { errorAt } from './entry-fields.js';
import { parseRawEntry, rawToEntry } from './raw-entry.js';
import type { Reader } from './types.js';
import { parseYamlSource } from './yaml-source.js';

/**
 * YAML sources: a top-level `entries:` list (a bare top-level list is accepted too), each item a
 * `RawEntrySchema` object. Every entry is located at the line of its first key.
 */
export const readYaml: Reader = async (input) => {
  const format = 'yaml';
  const decoding = decodeInput(input, format);
  if ('failed' in decoding) return decoding.failed;
  const { decoded } = decoding;
  const done = (entries: Entry[], diagnostics: Diagnostic[]) => ({ entries, diagnostics, format, encoding: decoded.encoding });

  const src = parseYamlSource(decoded.text);
  if (src.error) {
    return done([], [errorAt(input, 'syntax-error', 'read.yamlSyntax', { line: src.error.line, params: { detail: src.error.detail } })]);
  }
  const diagnostics: Diagnostic[] = [];
  const root = src.doc.contents;
  let list: unknown = root;
  if (isMap(root)) {
    for (const pair of root.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (key !== 'entries') {
        diagnostics.push(
          errorAt(input, 'schema', 'schema.unknownField', { line: src.lineOfNode(pair.key) ?? 1, field: key, params: { detail: key, field: key } }),
        );
      }
    }
    list = root.get('entries', true);
  }
  if (!isSeq(list)) {
    diagnostics.push(errorAt(input, 'invalid-structure', 'read.noEntries', { line: src.lineOfNode(list) ?? src.lineOfNode(root) ?? 1, field: 'entries' }));
    return done([], diagnostics);
  }

  const entries: Entry[] = [];
  for (const item of list.items as Node[]) {
    const line = src.lineOfNode(item) ?? src.lineOfNode(list) ?? 1;
    if (!isMap(item)) {
      diagnostics.push(errorAt(input, 'invalid-structure', 'read.notAnObject', { line, params: { found: describeNode(item) } }));
      continue;
    }
    const at = { line, lineOf: (path: readonly PropertyKey[]) => src.lineIn(item, path) };
    const parsed = parseRawEntry(item.toJS(src.doc), input, at);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.raw) continue;
    const entry = rawToEntry(parsed.raw, input, at, diagnostics);
    if (entry) entries.push(entry);
  }
  return done(entries, diagnostics);
};

function describeNode(node: unknown): string {
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'an empty item' : `"${String(node.value)}"`;
  return 'something else';
}
