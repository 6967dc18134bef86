import type { CatalogPart } from '../index.js';

export const workspace: CatalogPart = {
  en: {},
  'zh-CN': {},
};
