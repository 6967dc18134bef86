import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

/** A YAML text parsed with positions, so readers can name the line of any node. */
export interface YamlSource {
  doc: Document;
  /** 1-based line of a node's first character. */
  lineOfNode(node: unknown): number | undefined;
  /**
   * 1-based line of the field at `path` below `root` (the line of its key when the parent is a map), or
   * of its nearest ancestor that exists.
   */
  lineIn(root: unknown, path: readonly PropertyKey[]): number | undefined;
  /** First syntax error, with its 1-based line. */
  error?: { detail: string; line: number };
}

function getIn(root: unknown, keys: readonly unknown[]): unknown {
  if (keys.length === 0) return root;
  return isMap(root) || isSeq(root) ? root.getIn(keys, true) : undefined;
}

export function parseYamlSource(text: string): YamlSource {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineOfNode = (node: unknown): number | undefined =>
    isNode(node) && node.range ? counter.linePos(node.range[0]).line : undefined;
  const lineIn = (root: unknown, path: readonly PropertyKey[]): number | undefined => {
    const keys = path.map((k) => (typeof k === 'symbol' ? String(k) : k));
    for (let n = keys.length; n > 0; n--) {
      const parent = getIn(root, keys.slice(0, n - 1));
      if (isMap(parent)) {
        const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === keys[n - 1]);
        const line = pair ? lineOfNode(pair.key) : undefined;
        if (line !== undefined) return line;
      }
      const line = lineOfNode(getIn(root, keys.slice(0, n)));
      if (line !== undefined) return line;
    }
    return lineOfNode(root);
  };
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line ?? counter.linePos(first.pos[0]).line;
    return { doc, lineOfNode, lineIn, error: { detail: first.message.split('\n')[0] ?? first.message, line } };
  }
  return { doc, lineOfNode, lineIn };
}
