import type { CatalogPart } from '../index.js';

export const validate: CatalogPart = {
  en: {},
  'zh-CN': {},
};
