/**
 * Media references in Markdown: `![alt](path)`, reference-style `![alt][ref]`, and HTML `<img src>`,
 * `<video src|poster>` and `<source src>`. Code blocks and inline code are skipped (they show syntax,
 * they do not reference files). Remote URLs (`https://…`, `//…`, `data:`) are left out: only local files
 * can be checked and bundled.
 */
export function extractMarkdownMedia(markdown: string): string[] {
  const text = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '').replace(/`[^`\n]*`/g, '');
  const found: string[] = [];
  const definitions = new Map<string, string>();
  for (const m of text.matchAll(/^[ \t]{0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]+)>?/gm)) definitions.set(m[1]!.toLowerCase(), m[2]!);

  const patterns: RegExp[] = [
    /!\[[^\]]*\]\(\s*<([^>]+)>[^)]*\)/g,
    /!\[[^\]]*\]\(\s*([^)\s<]+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g,
    /<(?:img|video|source)\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi,
    /<video\b[^>]*?\sposter\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi,
  ];
  const hits: { index: number; src: string }[] = [];
  for (const re of patterns) {
    for (const m of text.matchAll(re)) {
      const src = m.slice(1).find((g) => g !== undefined);
      if (src) hits.push({ index: m.index, src });
    }
  }
  for (const m of text.matchAll(/!\[([^\]]*)\]\[([^\]]*)\]/g)) {
    const src = definitions.get((m[2] || m[1]!).toLowerCase());
    if (src) hits.push({ index: m.index, src });
  }
  hits.sort((a, b) => a.index - b.index);
  for (const h of hits) {
    const src = h.src.trim();
    if (src && !isRemote(src) && !found.includes(src)) found.push(src);
  }
  return found;
}

export function isRemote(src: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(src) || src.startsWith('//') || /^data:/i.test(src);
}
