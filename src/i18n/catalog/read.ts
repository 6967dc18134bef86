import type { CatalogPart } from '../index.js';

export const read: CatalogPart = {
  en: {},
  'zh-CN': {},
};
