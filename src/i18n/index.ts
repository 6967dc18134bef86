/**
 * The message catalog: every user-facing message, hint and help text, in `en` and `zh-CN`.
 * Areas keep their messages in `catalog/<area>.ts`; this module joins them into one catalog.
 * Machine formats (json, github, junit) never go through here.
 */
import { common } from './catalog/common.js';
import { workspace } from './catalog/workspace.js';
import { validate } from './catalog/validate.js';
import { read } from './catalog/read.js';
import { packs } from './catalog/packs.js';
import { match } from './catalog/match.js';
import { evaluation } from './catalog/eval.js';
import { bundle } from './catalog/bundle.js';

export type Lang = 'en' | 'zh-CN';
export type Params = Record<string, string | number | undefined>;
export type MessageTable = Record<string, string>;
export interface CatalogPart {
  en: MessageTable;
  'zh-CN': MessageTable;
}

const parts: CatalogPart[] = [common, workspace, validate, read, packs, match, evaluation, bundle];

function join(lang: Lang): MessageTable {
  const out: MessageTable = {};
  for (const part of parts) Object.assign(out, part[lang]);
  return out;
}

const tables: Record<Lang, MessageTable> = { en: join('en'), 'zh-CN': join('zh-CN') };

export type Translate = (key: string, params?: Params) => string;

/** Fills `{name}` slots; an unknown key renders as the key itself so a missing message is visible, not fatal. */
export function createTranslator(lang: Lang): Translate {
  const table = tables[lang];
  const fallback = tables.en;
  return (key, params) => {
    const template = table[key] ?? fallback[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (m, name: string) => {
      const v = params?.[name];
      return v === undefined ? m : String(v);
    });
  };
}

/** `--lang` wins, then `KBT_LANG`, then the locale (`LANG=zh_*` / `LC_ALL` → Chinese), else English. */
export function resolveLang(flag: string | undefined, env: Record<string, string | undefined>): Lang {
  const pick = (v: string | undefined): Lang | undefined => {
    if (!v) return undefined;
    const s = v.toLowerCase();
    if (s.startsWith('zh')) return 'zh-CN';
    if (s.startsWith('en') || s === 'c' || s === 'posix') return 'en';
    return undefined;
  };
  return pick(flag) ?? pick(env.KBT_LANG) ?? pick(env.LC_ALL) ?? pick(env.LANG) ?? 'en';
}

/** Every key in both languages, for the catalog's own completeness test. */
export function catalogKeys(): { en: string[]; zh: string[] } {
  return { en: Object.keys(tables.en).sort(), zh: Object.keys(tables['zh-CN']).sort() };
}
