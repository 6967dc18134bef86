import type { CatalogPart } from '../index.js';

export const packs: CatalogPart = {
  en: {},
  'zh-CN': {},
};
