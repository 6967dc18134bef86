import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document } from 'yaml';
import { UserError } from '../errors.js';
import type { Translate } from '../i18n/index.js';
import { ConfigSchema, type Config } from '../model/config.js';
import { parseYamlWithLines } from '../util/yaml-lines.js';
import { CONFIG_FILE } from './paths.js';

/**
 * Loads and validates `kbt.yaml`. Any problem is a UserError naming the file, line and field, so a bad
 * config stops the command before it touches anything.
 */
export function loadConfig(root: string, t: Translate): Config {
  const path = join(root, CONFIG_FILE);
  if (!existsSync(path)) {
    throw new UserError(t('config.missing', { path }), { hint: t('config.missingHint'), file: path });
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(t('io.cannotRead', { path, reason: (err as Error).message }), { file: path });
  }
  const parsed = parseYamlWithLines(text);
  if (parsed.error) {
    throw new UserError(t('config.syntax', { detail: parsed.error.message }), {
      file: path,
      line: parsed.error.line,
      hint: t('config.syntaxHint'),
    });
  }
  const result = ConfigSchema.safeParse(parsed.value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const fieldPath = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as (string | number)[];
    const unknown = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys.join(', ') : undefined;
    const firstUnknown = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys[0] : undefined;
    const at = firstUnknown ? [...fieldPath, firstUnknown] : fieldPath;
    throw new UserError(
      unknown ? t('config.unknownField', { fields: unknown }) : t('config.invalid', { detail: issue.message }),
      { file: path, line: firstUnknown ? parsed.keyLineOf(at) : parsed.lineOf(at), field: at.join('.'), hint: t('config.invalidHint') },
    );
  }
  return result.data;
}

/** Renders a new kbt.yaml with comments a trainer can follow. */
export function renderConfig(config: Config, t: Translate): string {
  const doc = new Document(config);
  doc.commentBefore = ` ${t('config.header')}`;
  const comment = (key: string, text: string) => {
    const pair = doc.contents && 'items' in doc.contents ? (doc.contents.items as { key: { value?: unknown; commentBefore?: string } }[]).find((p) => p.key?.value === key) : undefined;
    if (pair) pair.key.commentBefore = ` ${text}`;
  };
  comment('packs', t('config.comment.packs'));
  comment('sources', t('config.comment.sources'));
  comment('profile', t('config.comment.profile'));
  comment('exclude', t('config.comment.exclude'));
  comment('chatlogs', t('config.comment.chatlogs'));
  comment('thresholds', t('config.comment.thresholds'));
  comment('gates', t('config.comment.gates'));
  comment('output', t('config.comment.output'));
  return doc.toString({ lineWidth: 0 });
}
