import { UserError } from '../errors.js';
import { createTranslator, type Translate } from '../i18n/index.js';
import { answerText, type Entry } from '../model/types.js';
import { loadKnowledgeBase } from '../workspace/knowledge-base.js';
import { openStore, openWorkspace } from '../workspace/workspace.js';

export interface EntrySummary {
  id: string;
  kind: Entry['kind'];
  question: string;
  phrasings: number;
  category: string | null;
  layer: Entry['source']['layer'];
  source: string;
  enabled: boolean;
}

export interface EntryListResult {
  workspace: string;
  merged: boolean;
  total: number;
  entries: EntrySummary[];
}

function summarize(e: Entry): EntrySummary {
  return {
    id: e.id,
    kind: e.kind,
    question: e.question,
    phrasings: 1 + e.similar.length + (e.triggers?.length ?? 0),
    category: e.category ?? null,
    layer: e.source.layer,
    source: `${e.source.pack ? `${e.source.pack}:` : ''}${e.source.file}${e.source.line ? `:${e.source.line}` : ''}`,
    enabled: e.enabled,
  };
}

async function entriesOf(options: { cwd: string; workspace?: string; merged?: boolean; t: Translate }): Promise<{ root: string; entries: Entry[] }> {
  if (options.merged) {
    const kb = await loadKnowledgeBase(options);
    return { root: kb.root, entries: kb.entries };
  }
  const ws = openWorkspace(options.cwd, options.workspace, options.t);
  const store = openStore(ws);
  try {
    return { root: ws.root, entries: store.listEntries() };
  } finally {
    store.close();
  }
}

/** Lists the merchant entries in the store, or with `merged` the whole merged knowledge base. */
export async function listEntries(options: { cwd: string; workspace?: string; merged?: boolean; category?: string; t?: Translate }): Promise<EntryListResult> {
  const t = options.t ?? createTranslator('en');
  const { root, entries } = await entriesOf({ ...options, t });
  const filtered = options.category
    ? entries.filter((e) => e.category === options.category || e.category?.startsWith(`${options.category}/`))
    : entries;
  const list = filtered.map(summarize).sort((a, b) => a.id.localeCompare(b.id));
  return { workspace: root, merged: Boolean(options.merged), total: list.length, entries: list };
}

export interface EntryShowResult {
  entry: Entry;
  answerText: string;
}

/** Shows one entry of the merged knowledge base (merchant entries win over pack entries). */
export async function showEntry(options: { cwd: string; workspace?: string; id: string; t?: Translate }): Promise<EntryShowResult> {
  const t = options.t ?? createTranslator('en');
  const kb = await loadKnowledgeBase({ ...options, t });
  const entry = kb.entries.find((e) => e.id === options.id);
  if (!entry) {
    const close = kb.entries.filter((e) => e.id.includes(options.id)).slice(0, 5).map((e) => e.id);
    throw new UserError(t('entries.notFound', { id: options.id }), {
      hint: close.length ? t('entries.didYouMean', { ids: close.join(', ') }) : t('entries.notFoundHint'),
    });
  }
  return { entry, answerText: answerText(entry.answer) };
}
