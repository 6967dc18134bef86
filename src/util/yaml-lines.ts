import { LineCounter, isMap, isNode, isScalar, parseDocument, type Document } from 'yaml';

/** A parsed YAML document plus a way to find the 1-based line of any path in it. */
export interface LocatedYaml {
  doc: Document;
  value: unknown;
  lineOf(path: readonly (string | number)[]): number | undefined;
  /** Line of the key of the last path segment (where an unknown key is written), else as `lineOf`. */
  keyLineOf(path: readonly (string | number)[]): number | undefined;
  /** First syntax error, with its line. */
  error?: { message: string; line: number };
}

export function parseYamlWithLines(text: string): LocatedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (path: readonly (string | number)[]): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const keyLineOf = (path: readonly (string | number)[]): number | undefined => {
    const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
    const last = path[path.length - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
      if (pair && isNode(pair.key) && pair.key.range) return lineCounter.linePos(pair.key.range[0]).line;
    }
    return lineOf(path);
  };
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0] ?? lineCounter.linePos(first.pos[0]);
    return { doc, value: undefined, lineOf, keyLineOf, error: { message: first.message.split('\n')[0] ?? first.message, line: pos.line } };
  }
  return { doc, value: doc.toJS(), lineOf, keyLineOf };
}
