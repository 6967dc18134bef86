/** What `kbt bundle inspect` shows: the manifest plus counts derived from the content. Pure. */
import type { BundleContent, BundleManifest } from './format.js';

export interface BundleOverview {
  path: string;
  format: 'sqlite' | 'json';
  bytes: number;
  builtAt?: string;
  manifest: BundleManifest;
  counts: {
    entries: number;
    enabled: number;
    faqs: number;
    tutorials: number;
    phrasings: number;
    media: number;
    mediaBytes: number;
    /** Entries by layer. */
    layers: { pack: number; merchant: number };
    /** Entries by top-level category (`(none)` for entries without one), sorted by name. */
    categories: Record<string, number>;
    lexicon: { synonymGroups: number; models: number; patterns: number; stopwords: number };
    events: { accessories: number; promotions: number; aftersales: number };
  };
}

export function overviewOf(
  file: { path: string; format: 'sqlite' | 'json'; bytes: number; builtAt?: string },
  manifest: BundleManifest,
  content: BundleContent,
): BundleOverview {
  const categories: Record<string, number> = {};
  for (const e of content.entries) {
    const top = e.category ? e.category.split('/')[0]! : '(none)';
    categories[top] = (categories[top] ?? 0) + 1;
  }
  const sorted = Object.fromEntries(Object.keys(categories).sort().map((k) => [k, categories[k]!]));
  return {
    path: file.path,
    format: file.format,
    bytes: file.bytes,
    ...(file.builtAt ? { builtAt: file.builtAt } : {}),
    manifest,
    counts: {
      entries: content.entries.length,
      enabled: content.entries.filter((e) => e.enabled).length,
      faqs: content.entries.filter((e) => e.kind === 'faq').length,
      tutorials: content.entries.filter((e) => e.kind === 'tutorial').length,
      phrasings: content.index.phrasings.text.length,
      media: content.media.length,
      mediaBytes: content.media.reduce((n, m) => n + m.size, 0),
      layers: {
        pack: content.entries.filter((e) => e.source.layer === 'pack').length,
        merchant: content.entries.filter((e) => e.source.layer === 'merchant').length,
      },
      categories: sorted,
      lexicon: {
        synonymGroups: content.lexicon.synonyms.length,
        models: content.lexicon.models.length,
        patterns: content.lexicon.patterns.length,
        stopwords: content.lexicon.stopwords.length,
      },
      events: {
        accessories: content.events.accessories.length,
        promotions: content.events.promotions.length,
        aftersales: content.events.aftersales.length,
      },
    },
  };
}
