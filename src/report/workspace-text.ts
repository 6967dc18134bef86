/**
 * Plain-text formatters for the workspace commands (init, import, entries, merge, packs). Pure: data and a
 * translator in, text out.
 */
import type { Translate } from '../i18n/index.js';
import type { EntryListResult, EntryShowResult } from '../commands/entries.js';
import type { ImportResult } from '../commands/import.js';
import type { InitResult } from '../commands/init.js';
import type { MergeCommandResult } from '../commands/merge.js';
import type { PackSummary } from '../commands/packs.js';
import { formatDiagnosticLines } from './diagnostics.js';

/** Display width: CJK and full-width characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

export function truncate(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/** A plain table: header row, rule, rows; columns sized to content. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatInit(r: InitResult, t: Translate): string {
  return `${t('init.done', { root: r.root })}\n  ${r.config}\n  ${r.store}\n${t('init.packs', { packs: r.packs.length ? r.packs.join(', ') : t('init.noPacks') })}\n${t('init.next')}\n`;
}

export function formatImport(r: ImportResult, t: Translate): string {
  const lines: string[] = [];
  for (const f of r.files) {
    lines.push(`  ${pad(t(`import.status.${f.status}`), 8)} ${f.path}${f.format ? ` (${f.format}${f.encoding && f.encoding !== 'utf-8' ? `, ${f.encoding}` : ''})` : ''} ${t('import.entriesCount', { count: f.entries })}`);
  }
  for (const p of r.unmatched) lines.push(`  ${t('sources.unmatched', { pattern: p })}`);
  if (r.warnings.length) lines.push(...formatDiagnosticLines(r.warnings, t).map((l) => `  ${l}`));
  lines.push(
    t('import.summary', {
      added: r.entries.added.length,
      changed: r.entries.changed.length,
      removed: r.entries.removed.length,
      unchanged: r.entries.unchanged,
    }),
  );
  return `${lines.join('\n')}\n`;
}

export function formatEntryList(r: EntryListResult, t: Translate): string {
  if (r.entries.length === 0) return `${t('entries.none')}\n`;
  const table = formatTable(
    [t('entries.col.id'), t('entries.col.kind'), t('entries.col.phrasings'), t('entries.col.category'), t('entries.col.source'), t('entries.col.question')],
    r.entries.map((e) => [e.id, e.kind, String(e.phrasings), e.category ?? '-', e.source, truncate(e.question, 40)]),
  );
  return `${table}\n${t('entries.total', { total: r.total })}\n`;
}

export function formatEntry(r: EntryShowResult, t: Translate): string {
  const e = r.entry;
  const lines = [
    `${e.id}  [${e.kind}]${e.enabled ? '' : ` (${t('entries.disabled')})`}`,
    `${t('entries.field.question')}: ${e.question}`,
    `${t('entries.field.similar')} (${e.similar.length}):`,
    ...e.similar.map((s) => `  - ${s}`),
  ];
  if (e.triggers?.length) lines.push(`${t('entries.field.triggers')}:`, ...e.triggers.map((s) => `  - ${s}`));
  lines.push(`${t('entries.field.answer')}:`, ...r.answerText.split('\n').map((l) => `  ${l}`));
  if (e.category) lines.push(`${t('entries.field.category')}: ${e.category}`);
  if (e.tags.length) lines.push(`${t('entries.field.tags')}: ${e.tags.join(', ')}`);
  if (e.products.length) lines.push(`${t('entries.field.products')}: ${e.products.join(', ')}`);
  if (e.priority) lines.push(`${t('entries.field.priority')}: ${e.priority}`);
  lines.push(`${t('entries.field.source')}: ${e.source.layer} ${e.source.pack ? `${e.source.pack} ` : ''}${e.source.file}${e.source.line ? `:${e.source.line}` : ''}`);
  return `${lines.join('\n')}\n`;
}

function at(p: { file: string; line?: number; pack?: string }): string {
  return `${p.pack ? `${p.pack} ` : ''}${p.file}${p.line ? `:${p.line}` : ''}`;
}

export function formatMerge(r: MergeCommandResult, t: Translate): string {
  const rep = r.report;
  const lines = [
    t('merge.header', { packs: r.packs.map((p) => `${p.name}@${p.version}`).join(', ') || '-', pack: rep.counts.pack, merchant: rep.counts.merchant, merged: rep.counts.merged }),
    '',
    t('merge.overrides', { count: rep.overrides.length }),
    ...rep.overrides.map((o) => `  ${o.packId} ← ${o.merchantId} (${t(`merge.how.${o.how}`)})  ${at(o.merchant)}  ⟵  ${at(o.pack)}`),
    t('merge.exclusions', { count: rep.exclusions.length }),
    ...rep.exclusions.map((x) => `  ${x.id} (${t(`merge.reason.${x.reason}`)}: ${x.rule})`),
    t('merge.fills', { count: rep.fills.length }),
    ...rep.fills.map((f) => `  {${f.name}} = ${f.value}  [${t(`merge.from.${f.from}`)}; ${t('merge.usedBy', { count: f.entries.length })}]`),
    t('merge.shadows', { count: rep.shadows.length }),
    ...rep.shadows.map(
      (s) =>
        `  ${s.merchantId} "${s.merchantPhrasing}" (${s.merchant.file}:${s.merchant.phrasingLine ?? s.merchant.line ?? '?'})\n      ~ ${s.packId} "${s.packPhrasing}" (${at(s.pack)})  ${t('merge.similarity', { value: s.similarity.toFixed(2) })}`,
    ),
  ];
  if (r.warnings.length) lines.push('', ...formatDiagnosticLines(r.warnings, t));
  return `${lines.join('\n')}\n`;
}

export function formatPackList(packs: PackSummary[], t: Translate): string {
  if (packs.length === 0) return `${t('packs.none')}\n`;
  return `${formatTable(
    [t('packs.col.name'), t('packs.col.version'), t('packs.col.entries'), t('packs.col.phrasings'), t('packs.col.synonyms'), t('packs.col.models'), t('packs.col.description')],
    packs.map((p) => [p.name, p.version, String(p.entries + p.tutorials), String(p.phrasings), String(p.synonymGroups), String(p.models), truncate(p.description, 40)]),
  )}\n`;
}

export function formatPack(p: PackSummary, t: Translate): string {
  const lines = [
    `${p.name}@${p.version}  (${p.language}, ${p.license})`,
    p.description,
    '',
    t('packs.show.counts', { entries: p.entries, tutorials: p.tutorials, phrasings: p.phrasings }),
    t('packs.show.lexicon', { synonyms: p.synonymGroups, models: p.models, patterns: p.modelPatterns, stopwords: p.stopwords }),
    t('packs.show.events', { accessories: p.events.accessories, promotions: p.events.promotions, aftersales: p.events.aftersales }),
    t('packs.show.eval', { turns: p.evalTurns }),
    '',
    t('packs.show.categories'),
    ...p.categories.map((c) => `  ${pad(c.category, 20)} ${c.entries}`),
    '',
    t('packs.show.placeholders'),
    ...p.placeholders.map((x) => `  {${x.name}} = ${x.default}${x.description ? `  — ${x.description}` : ''}`),
  ];
  return `${lines.join('\n')}\n`;
}
