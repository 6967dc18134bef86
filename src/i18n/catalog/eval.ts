import type { CatalogPart } from '../index.js';

export const evaluation: CatalogPart = {
  en: {},
  'zh-CN': {},
};
