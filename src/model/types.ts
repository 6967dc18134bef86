/**
 * The knowledge model. Every reader produces `Entry` values; the store, the merge, the matcher and the
 * bundle all speak this shape. Documented for users in docs/knowledge-model.md.
 */

/** Reserved label: the knowledge base should not answer this turn; hand it to a person. */
export const NONE_LABEL = '__none__';

export type Layer = 'pack' | 'merchant';

/** Where a thing came from. `file` is relative to the workspace (merchant) or the pack folder (pack). */
export interface Provenance {
  layer: Layer;
  file: string;
  /** 1-based line (text formats) or row (spreadsheets) of the entry's first appearance. */
  line?: number;
  /** `name@version` for pack content. */
  pack?: string;
}

export type RichPart =
  | { type: 'text'; text: string }
  | { type: 'image'; src: string; alt?: string }
  | { type: 'video'; src: string; title?: string; poster?: string }
  | { type: 'link'; url: string; title?: string }
  | { type: 'product'; sku: string; title?: string; price?: string; url?: string; image?: string }
  | { type: 'sticker'; name: string };

export type RichPartType = RichPart['type'];

/** Plain text, or a list of rich parts shown in order. */
export type Answer = string | RichPart[];

export type EntryKind = 'faq' | 'tutorial';

export interface Entry {
  /** Stable id: user-given, or derived deterministically from the standard question (see `deriveId`). */
  id: string;
  kind: EntryKind;
  /** The standard question (标准问). */
  question: string;
  /** Similar phrasings (相似问), in source order. */
  similar: string[];
  answer: Answer;
  /** A path such as `售后/保修`. */
  category?: string;
  tags: string[];
  /** Product model names the entry applies to (e.g. `拯救者 Y9000P`). */
  products: string[];
  enabled: boolean;
  /** Tie-breaker between entries of equal match: higher wins. Default 0. */
  priority: number;
  /** Merchant entries may replace a pack entry with another id. */
  overrides?: string;
  /** Tutorials: display title. */
  title?: string;
  /** Tutorials: phrasings that should fire the tutorial (indexed like similar phrasings). */
  triggers?: string[];
  /** Tutorials: Markdown body. */
  body?: string;
  /** Media files the entry references, workspace-relative, as written in the source. */
  media?: string[];
  source: Provenance;
  /** Line of each similar phrasing, parallel to `similar`, when the source has one line per phrasing. */
  similarLines?: number[];
}

/** Every phrasing an entry can be matched by: standard question, similar phrasings, tutorial triggers. */
export function phrasingsOf(entry: Pick<Entry, 'question' | 'similar' | 'triggers'>): string[] {
  return [entry.question, ...entry.similar, ...(entry.triggers ?? [])];
}

/** The plain text of an answer, rich parts flattened (images and videos by their alt or title). */
export function answerText(answer: Answer): string {
  if (typeof answer === 'string') return answer;
  return answer
    .map((p) => {
      switch (p.type) {
        case 'text':
          return p.text;
        case 'image':
          return p.alt ? `[图片: ${p.alt}]` : '[图片]';
        case 'video':
          return p.title ? `[视频: ${p.title}]` : '[视频]';
        case 'link':
          return p.title ? `${p.title} ${p.url}` : p.url;
        case 'product':
          return `[商品 ${p.sku}${p.title ? ` ${p.title}` : ''}]`;
        case 'sticker':
          return `[表情: ${p.name}]`;
      }
    })
    .join('\n');
}

/** Media paths referenced by rich answer parts (images, videos, posters). */
export function answerMedia(answer: Answer): string[] {
  if (typeof answer === 'string') return [];
  const out: string[] = [];
  for (const p of answer) {
    if (p.type === 'image') out.push(p.src);
    if (p.type === 'video') {
      out.push(p.src);
      if (p.poster) out.push(p.poster);
    }
    if (p.type === 'product' && p.image) out.push(p.image);
  }
  return out.filter((s) => !/^[a-z]+:\/\//i.test(s));
}
