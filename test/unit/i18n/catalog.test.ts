import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { catalogKeys, createTranslator, resolveLang } from '../../../src/i18n/index.js';
import { repoRoot } from '../../helpers/cli.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('message catalog', () => {
  it('has the same keys in en and zh-CN', () => {
    const { en, zh } = catalogKeys();
    assert.deepEqual(en.filter((k) => !zh.includes(k)), [], 'missing in zh-CN');
    assert.deepEqual(zh.filter((k) => !en.includes(k)), [], 'missing in en');
  });

  it('has every key the source code asks for by name', () => {
    const { en } = catalogKeys();
    const known = new Set(en);
    const missing: string[] = [];
    for (const file of sourceFiles(join(repoRoot, 'src'))) {
      if (file.includes(`${join('src', 'i18n')}`)) continue;
      const text = readFileSync(file, 'utf8');
      // t('key' …) calls and `message: 'key'` in diagnostics.
      for (const m of text.matchAll(/\bt\('([a-z][\w-]*(?:\.[\w-]+)+)'|message: '([a-z][\w-]*(?:\.[\w-]+)+)'/g)) {
        const key = m[1] ?? m[2]!;
        if (!known.has(key)) missing.push(`${file.slice(repoRoot.length)}: ${key}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('fills parameters and keeps unknown slots visible', () => {
    const t = createTranslator('en');
    assert.equal(t('io.cannotRead', { path: 'a.csv', reason: 'gone' }), 'cannot read a.csv: gone');
    assert.equal(t('no.such.key'), 'no.such.key');
  });

  it('chooses the language from --lang, KBT_LANG, then the locale', () => {
    assert.equal(resolveLang(undefined, { LANG: 'zh_CN.UTF-8' }), 'zh-CN');
    assert.equal(resolveLang(undefined, { LANG: 'en_US.UTF-8' }), 'en');
    assert.equal(resolveLang(undefined, { LANG: 'de_DE.UTF-8' }), 'en');
    assert.equal(resolveLang('en', { KBT_LANG: 'zh-CN' }), 'en');
    assert.equal(resolveLang(undefined, { KBT_LANG: 'zh-CN', LANG: 'C' }), 'zh-CN');
  });
});
