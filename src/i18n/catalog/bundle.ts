import type { CatalogPart } from '../index.js';

export const bundle: CatalogPart = {
  en: {},
  'zh-CN': {},
};
