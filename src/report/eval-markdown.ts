/**
 * Markdown eval report, sized for a pull-request comment or `$GITHUB_STEP_SUMMARY`: summary table,
 * breakdowns, confusions, worst entries, gates and turn changes (lists capped so the comment stays short).
 */
import type { Translate } from '../i18n/index.js';
import type { GroupMetrics } from '../eval/metrics.js';
import type { EvalResult } from '../eval/result.js';
import type { TurnChange } from '../eval/diff.js';
import { cell, dec, gateLine, int, pct } from './eval-format.js';

const LIST_CAP = 20;

function groupTable(title: string, groups: Record<string, GroupMetrics>, t: Translate): string[] {
  const rows = Object.entries(groups).filter(([, g]) => g.turns > 0);
  if (rows.length === 0) return [];
  return [
    `### ${title}`,
    '',
    `| ${t('eval.md.group')} | ${t('eval.md.turns')} | top-1 | top-3 | MRR | ${t('eval.md.answered')} | ${t('eval.md.precision')} | ${t('eval.md.falseAnswers')} |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(([k, g]) => `| ${cell(k)} | ${int(g.turns)} | ${pct(g.inScope.top1)} | ${pct(g.inScope.top3)} | ${dec(g.inScope.mrr)} | ${pct(g.answerRate)} | ${pct(g.answeredPrecision)} | ${pct(g.falseAnswerRate)} |`),
    '',
  ];
}

function changeList(title: string, list: TurnChange[]): string[] {
  if (list.length === 0) return [];
  const shown = list.slice(0, LIST_CAP).map((c) => {
    const side = (s: TurnChange['before']) => `${s.decision}${s.entryId ? ` ${s.entryId}` : ''}`;
    return `- \`${c.key}\` ${cell(c.text, 40)} — ${c.label}: ${side(c.before)} → ${side(c.after)}`;
  });
  const more = list.length > LIST_CAP ? [`- … ${list.length - LIST_CAP} more`] : [];
  return [`**${title}** (${list.length})`, '', ...shown, ...more, ''];
}

export function formatEvalMarkdown(r: EvalResult, t: Translate): string {
  const s = r.summary;
  const out: string[] = [];
  const status = r.gates ? (r.gates.passed ? ` — ✅ ${t('eval.text.gatesPassed')}` : ` — ❌ ${t('eval.text.gatesFailed', { count: r.gates.checks.filter((c) => !c.passed).length })}`) : '';
  out.push(`## ${t('eval.md.title')}${r.label ? ` (${cell(r.label)})` : ''}${status}`, '');
  out.push(t('eval.text.title', { turns: int(s.turns), inScope: int(s.inScope.n), outOfScope: int(s.outOfScope.n), sessions: int(r.inputs.sessions), files: r.inputs.files.length }), '');
  out.push(`| ${t('eval.md.metric')} | ${t('eval.md.value')} |`, '|---|---:|');
  const rows: [string, string][] = [
    ['top-1', pct(s.inScope.top1)],
    ['top-3', pct(s.inScope.top3)],
    ['top-5', pct(s.inScope.top5)],
    ['MRR', dec(s.inScope.mrr)],
    [t('eval.md.answerRate'), pct(s.answerRate)],
    [t('eval.md.precision'), pct(s.answeredPrecision)],
    [t('eval.md.clarifyRate'), `${pct(s.clarifyRate)} (${t('eval.md.hit')} ${pct(s.clarifyHitRate)})`],
    [t('eval.md.handoffRate'), pct(s.handoffRate)],
    [t('eval.md.falseAnswers'), pct(s.falseAnswerRate)],
    [t('eval.md.oosHandoff'), pct(s.outOfScope.handoffRate)],
    [t('eval.md.oosFalse'), pct(s.outOfScope.falseAnswerRate)],
    [t('eval.md.thresholds'), `answer ${dec(r.thresholds.answer)} · suggest ${dec(r.thresholds.suggest)}`],
  ];
  for (const [k, v] of rows) out.push(`| ${k} | ${v} |`);
  out.push('');
  if (r.gates && r.gates.checks.length > 0) {
    out.push(`### ${t('eval.md.gates')}`, '');
    for (const c of r.gates.checks) out.push(`- ${c.passed ? '✅' : '❌'} ${gateLine(c)}`);
    out.push('');
  }
  if (r.diff) {
    out.push(`### ${t('eval.md.diff')}`, '');
    out.push(t('eval.text.diff', { fixed: r.diff.fixed.length, broken: r.diff.broken.length, changed: r.diff.changedAnswer.length }), '');
    out.push(...changeList(t('eval.md.broken'), r.diff.broken), ...changeList(t('eval.md.fixed'), r.diff.fixed), ...changeList(t('eval.md.changed'), r.diff.changedAnswer));
  }
  out.push(...groupTable(t('eval.md.byLayer'), r.groups.layer, t));
  out.push(...groupTable(t('eval.md.byCategory'), r.groups.category, t));
  out.push(...groupTable(t('eval.md.byScript'), { [t('eval.script.simplified')]: r.groups.script.simplified, [t('eval.script.traditional')]: r.groups.script.traditional }, t));
  out.push(...groupTable(t('eval.md.byPosition'), { [t('eval.position.first')]: r.groups.position.first, [t('eval.position.followUp')]: r.groups.position.followUp }, t));
  if (r.confusions.length > 0) {
    out.push(`### ${t('eval.md.confusions')}`, '', `| ${t('eval.md.label')} | ${t('eval.md.predicted')} | ${t('eval.md.count')} | ${t('eval.md.example')} |`, '|---|---|---:|---|');
    for (const c of r.confusions.slice(0, 10)) out.push(`| ${cell(c.label)} | ${cell(c.predicted)} | ${c.count} | ${cell(c.examples[0]?.text ?? '', 40)} |`);
    out.push('');
  }
  if (r.worstEntries.length > 0) {
    const byId = new Map(r.entries.map((e) => [e.id, e]));
    out.push(`### ${t('eval.md.worst')}`, '', `| ${t('eval.md.entry')} | ${t('eval.md.support')} | ${t('eval.md.precision')} | ${t('eval.md.recall')} | F1 |`, '|---|---:|---:|---:|---:|');
    for (const id of r.worstEntries) {
      const e = byId.get(id)!;
      out.push(`| ${cell(id)} | ${e.support} | ${pct(e.precision)} | ${pct(e.recall)} | ${dec(e.f1)} |`);
    }
    out.push('');
  }
  const rec = r.calibration.recommended;
  out.push(`### ${t('eval.md.calibration')}`, '');
  out.push(
    rec
      ? t('eval.text.recommended', { target: pct(r.calibration.targetPrecision), answer: dec(rec.answer), suggest: dec(rec.suggest), rate: pct(rec.answerRate) })
      : t('eval.text.noRecommendation', { target: pct(r.calibration.targetPrecision) }),
    '',
  );
  if (r.cv) out.push(`### ${t('eval.md.cv')}`, '', t('eval.text.cv', { k: r.cv.k, top1: pct(r.cv.mean.top1), std: pct(r.cv.std.top1), mrr: dec(r.cv.mean.mrr) }), '');
  return `${out.join('\n').trimEnd()}\n`;
}
