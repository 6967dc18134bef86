import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { createTranslator, type Translate } from '../i18n/index.js';
import { ConfigSchema, type Config } from '../model/config.js';
import { WorkspaceStore } from '../store/workspace-store.js';
import { renderConfig } from '../workspace/config-file.js';
import { CONFIG_FILE, DB_FILE, STATE_DIR, resolvePackDir } from '../workspace/paths.js';
import { makeDirs } from '../util/make-dirs.js';

export interface InitOptions {
  cwd: string;
  dir: string;
  /** Pack names; undefined: the bundled 3C pack; []: merchant-only. */
  packs?: string[];
  name?: string;
  force?: boolean;
  t?: Translate;
}

export interface InitResult {
  root: string;
  config: string;
  store: string;
  packs: string[];
  schemaVersion: number;
}

export const DEFAULT_PACK = '3c-digital';

/** Creates `DIR/kbt.yaml` and `DIR/.kbt/workspace.db`. Refuses to overwrite an existing kbt.yaml without --force. */
export async function init(options: InitOptions): Promise<InitResult> {
  const t = options.t ?? createTranslator('en');
  const root = resolve(options.cwd, options.dir);
  const configPath = join(root, CONFIG_FILE);
  if (existsSync(configPath) && !options.force) {
    throw new UserError(t('init.exists', { path: configPath }), { file: configPath, hint: t('init.existsHint') });
  }
  const packs = options.packs ?? [DEFAULT_PACK];
  for (const p of packs) {
    if (!resolvePackDir(root, p)) throw new UserError(t('pack.notFound', { name: p }), { field: '--pack', hint: t('pack.notFoundHint') });
  }
  const name = options.name ?? (root.split(/[\\/]/).filter(Boolean).pop() || 'kbt-workspace');
  const config = ConfigSchema.parse({
    name,
    packs,
    sources: ['faqs/**/*.{csv,tsv,xls,xlsx,xlsm,yaml,yml,jsonl}', 'tutorials/**/*.md'],
    profile: 'profile.yaml',
    chatlogs: ['logs/**/*.{jsonl,csv}'],
    gates: { minTop1: 0.8, maxFalseAnswerRate: 0.05 },
  });
  try {
    return writeWorkspace(root, configPath, config, packs, t);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // A folder that cannot be made or written (read-only, no such drive, a system path), from the file
    // system or from SQLite: the user's to fix.
    if (!(err instanceof UserError) && typeof e?.code === 'string') {
      throw new UserError(t('io.cannotWrite', { path: e.path ?? root, reason: e.message }), { file: root });
    }
    throw err;
  }
}

function writeWorkspace(root: string, configPath: string, config: Config, packs: string[], t: Translate): InitResult {
  makeDirs(root);
  for (const sub of ['faqs', 'tutorials', 'logs']) makeDirs(join(root, sub));
  // Written beside and renamed, so an interrupted init never leaves a half-written kbt.yaml.
  const tmp = `${configPath}.tmp-${process.pid}`;
  writeFileSync(tmp, renderConfig(config, t));
  renameSync(tmp, configPath);
  const profilePath = join(root, 'profile.yaml');
  if (!existsSync(profilePath)) writeFileSync(profilePath, `${t('init.profileTemplate')}\n`);
  const dbPath = join(root, STATE_DIR, DB_FILE);
  const store = WorkspaceStore.open(dbPath, { create: true });
  const schemaVersion = store.schemaVersion;
  store.close();
  if (!existsSync(join(root, STATE_DIR, '.gitignore'))) writeFileSync(join(root, STATE_DIR, '.gitignore'), '*\n');
  return { root, config: configPath, store: dbPath, packs, schemaVersion };
}
