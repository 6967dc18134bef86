/** Plain-text output of the bundle commands. Pure: data and a translator in, text out. */
import type { Translate } from '../i18n/index.js';
import type { BundleDiff, TurnDiff } from './diff.js';
import type { BundleManifest } from './format.js';
import type { BundleOverview } from './summary.js';
import type { VerifyResult } from './verify.js';

/** A byte count for people: B, KiB or MiB. */
export function kib(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

export function formatExport(r: { path: string; format: string; bytes: number; manifest: BundleManifest }, t: Translate): string {
  const m = r.manifest;
  return [
    t('export.done', { path: r.path, format: r.format, size: kib(r.bytes) }),
    `  ${t('bundle.field.name')}: ${m.name} ${m.version}`,
    `  ${t('bundle.field.entries')}: ${m.counts.entries} (${t('bundle.field.enabled')} ${m.counts.enabled}, ${t('bundle.field.tutorials')} ${m.counts.tutorials}), ${t('bundle.field.phrasings')} ${m.counts.phrasings}, ${t('bundle.field.media')} ${m.counts.media}`,
    `  ${t('bundle.field.hash')}: ${m.contentHash}`,
    '',
  ].join('\n');
}

export function formatInspect(o: BundleOverview, t: Translate): string {
  const m = o.manifest;
  const c = o.counts;
  const lines = [
    `${o.path} (${o.format}, ${kib(o.bytes)})`,
    `  ${t('bundle.field.name')}: ${m.name} ${m.version}`,
    `  ${t('bundle.field.format')}: ${m.format} v${m.formatVersion}`,
    `  ${t('bundle.field.hash')}: ${m.contentHash}`,
  ];
  if (o.builtAt) lines.push(`  ${t('bundle.field.builtAt')}: ${o.builtAt}`);
  lines.push(`  ${t('bundle.field.packs')}: ${m.packs.length ? m.packs.map((p) => `${p.name}@${p.version}`).join(', ') : '-'}`);
  lines.push(`  ${t('bundle.field.sources')}: ${m.sources.length}`);
  for (const s of m.sources) lines.push(`    ${s.path}  ${s.hash.slice(0, 19)}`);
  lines.push(`  ${t('bundle.field.thresholds')}: answer ${m.thresholds.answer}, suggest ${m.thresholds.suggest}, margin ${m.thresholds.margin}`);
  lines.push(
    `  ${t('bundle.field.entries')}: ${c.entries} (${t('bundle.field.enabled')} ${c.enabled}; faq ${c.faqs}, ${t('bundle.field.tutorials')} ${c.tutorials}; pack ${c.layers.pack}, merchant ${c.layers.merchant})`,
  );
  lines.push(`  ${t('bundle.field.phrasings')}: ${c.phrasings}`);
  lines.push(`  ${t('bundle.field.media')}: ${c.media} (${kib(c.mediaBytes)})`);
  lines.push(`  ${t('bundle.field.categories')}: ${Object.entries(c.categories).map(([k, n]) => `${k} ${n}`).join(', ') || '-'}`);
  lines.push(
    `  ${t('bundle.field.lexicon')}: ${t('bundle.lexiconCounts', { synonyms: c.lexicon.synonymGroups, models: c.lexicon.models, patterns: c.lexicon.patterns, stopwords: c.lexicon.stopwords })}`,
  );
  lines.push(`  ${t('bundle.field.events')}: ${t('bundle.eventCounts', { accessories: c.events.accessories, promotions: c.events.promotions, aftersales: c.events.aftersales })}`);
  lines.push(`  ${t('bundle.field.eval')}: ${m.eval === undefined ? t('bundle.noEval') : evalBrief(m.eval)}`);
  return `${lines.join('\n')}\n`;
}

/** A one-line reading of a stored eval summary, whatever fields it has. */
function evalBrief(summary: unknown): string {
  const s = summary as { turns?: number; inScope?: { top1?: number; n?: number }; falseAnswerRate?: number } | null;
  if (!s || typeof s !== 'object') return '-';
  const parts: string[] = [];
  if (typeof s.turns === 'number') parts.push(`turns ${s.turns}`);
  if (typeof s.inScope?.top1 === 'number') parts.push(`top-1 ${(s.inScope.top1 * 100).toFixed(1)}%`);
  if (typeof s.falseAnswerRate === 'number') parts.push(`false answers ${(s.falseAnswerRate * 100).toFixed(1)}%`);
  return parts.join(', ') || 'recorded';
}

export function formatVerify(r: VerifyResult, t: Translate): string {
  const lines: string[] = [];
  if (r.ok) {
    lines.push(t('verify.ok', { path: r.path, entries: r.checked.entries, media: r.checked.media }));
    if (r.actualHash) lines.push(`  ${t('bundle.field.hash')}: ${r.actualHash}`);
  } else {
    lines.push(t('verify.failed', { path: r.path, count: r.problems.length }));
    for (const p of r.problems) lines.push(`  ✗ [${p.check}] ${p.detail}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatDiff(d: BundleDiff, logs: TurnDiff | undefined, t: Translate): string {
  const lines = [`${d.a.name} ${d.a.version} (${d.a.contentHash.slice(0, 19)}) → ${d.b.name} ${d.b.version} (${d.b.contentHash.slice(0, 19)})`];
  if (d.same) lines.push(t('diff.same'));
  for (const p of d.packs) lines.push(`  pack ${p.name}: ${p.from ?? '-'} → ${p.to ?? '-'}`);
  lines.push(
    t('diff.entries', { added: d.entries.added.length, removed: d.entries.removed.length, changed: d.entries.changed.length, phrasingsAdded: d.phrasings.added, phrasingsRemoved: d.phrasings.removed }),
  );
  for (const id of d.entries.added) lines.push(`  + ${id}`);
  for (const id of d.entries.removed) lines.push(`  - ${id}`);
  for (const c of d.entries.changed) {
    lines.push(`  ~ ${c.id} (${c.fields.join(', ')})`);
    for (const p of c.phrasings.added) lines.push(`      + ${p}`);
    for (const p of c.phrasings.removed) lines.push(`      - ${p}`);
  }
  if (logs) {
    lines.push(t('diff.turns', { turns: logs.turns, fixed: logs.fixed, broken: logs.broken, changed: logs.changed }));
    for (const c of logs.changes) {
      const ans = (a: { decision: string; entryId?: string; top: string[] }) =>
        a.entryId ? `${a.decision} ${a.entryId}` : a.decision === 'clarify' ? `clarify [${a.top.slice(0, 3).join(', ')}]` : a.decision;
      lines.push(`  ${t(`diff.kind.${c.kind}`)} ${c.file}:${c.line} "${c.text}" (${t('diff.label')} ${c.label}): ${ans(c.a)} → ${ans(c.b)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
