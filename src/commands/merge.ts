import { createTranslator, type Translate } from '../i18n/index.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { MergeReport } from '../merge/merge.js';
import { loadKnowledgeBase } from '../workspace/knowledge-base.js';

export interface MergeCommandResult {
  workspace: string;
  packs: { name: string; version: string }[];
  report: MergeReport;
  warnings: Diagnostic[];
}

/** Merges the packs and the merchant layer and reports overrides, exclusions, placeholder fills and shadows. */
export async function merge(options: { cwd: string; workspace?: string; t?: Translate }): Promise<MergeCommandResult> {
  const t = options.t ?? createTranslator('en');
  const kb = await loadKnowledgeBase({ ...options, t });
  return {
    workspace: kb.root,
    packs: kb.packs.map(({ name, version }) => ({ name, version })),
    report: kb.report,
    warnings: kb.diagnostics.filter((d) => d.severity === 'warning'),
  };
}
