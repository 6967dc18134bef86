import type { Entry } from '../../src/model/types.js';

let counter = 0;

/** An entry with sensible defaults; override any field. */
export function makeEntry(partial: Partial<Entry> & { id?: string } = {}): Entry {
  counter++;
  return {
    id: partial.id ?? `e${counter}`,
    kind: 'faq',
    question: `问题${counter}`,
    similar: [],
    answer: '答案',
    tags: [],
    products: [],
    enabled: true,
    priority: 0,
    source: { layer: 'merchant', file: 'faqs.csv', line: counter + 1 },
    ...partial,
  };
}

export function packEntry(partial: Partial<Entry> = {}): Entry {
  return makeEntry({ ...partial, source: { layer: 'pack', file: 'faqs/shop.yaml', line: 1, pack: 'test@1.0.0', ...partial.source } });
}
