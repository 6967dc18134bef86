import type { CatalogPart } from '../index.js';

export const match: CatalogPart = {
  en: {},
  'zh-CN': {},
};
