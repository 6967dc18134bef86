import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { Translate } from '../i18n/index.js';
import type { Config } from '../model/config.js';
import { WorkspaceStore } from '../store/workspace-store.js';
import { loadConfig } from './config-file.js';
import { CONFIG_FILE, DB_FILE, STATE_DIR, resolveWorkspace } from './paths.js';

export interface OpenWorkspace {
  root: string;
  config: Config;
  dbPath: string;
  /** The translator the workspace was opened with, for messages from the store. */
  t: Translate;
}

/** Finds and loads a workspace: its folder must hold kbt.yaml. */
export function openWorkspace(cwd: string, workspace: string | undefined, t: Translate): OpenWorkspace {
  const root = resolveWorkspace(cwd, workspace);
  if (!existsSync(join(root, CONFIG_FILE))) {
    throw new UserError(t('workspace.notFound', { path: root }), { hint: t('workspace.notFoundHint'), file: join(root, CONFIG_FILE) });
  }
  const config = loadConfig(root, t);
  return { root, config, dbPath: join(root, STATE_DIR, DB_FILE), t };
}

/** Opens the store of a workspace, creating it when it does not exist yet (e.g. a fresh clone). */
export function openStore(ws: OpenWorkspace, options: { readonly?: boolean } = {}): WorkspaceStore {
  if (options.readonly && !existsSync(ws.dbPath)) return WorkspaceStore.open(ws.dbPath, { create: true, t: ws.t });
  return WorkspaceStore.open(ws.dbPath, { create: true, readonly: options.readonly, t: ws.t });
}
