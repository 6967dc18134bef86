/**
 * Plain-text eval summary: fits one terminal screen. Used without a TTY, under CI and with --no-tty; the
 * ink view shows the same lines with colour.
 */
import type { Translate } from '../i18n/index.js';
import type { EvalResult } from '../eval/result.js';
import type { GroupMetrics } from '../eval/metrics.js';
import { dec, gateLine, int, pct } from './eval-format.js';

export interface SummaryLine {
  text: string;
  tone?: 'good' | 'bad' | 'dim' | 'title';
}

function groupBrief(name: string, g: GroupMetrics): string {
  return `${name} ${pct(g.inScope.top1)} (n=${int(g.inScope.n)})`;
}

/** The summary as tagged lines, shared by the text and ink views. */
export function summaryLines(r: EvalResult, t: Translate): SummaryLine[] {
  const s = r.summary;
  const lines: SummaryLine[] = [];
  lines.push({ tone: 'title', text: t('eval.text.title', { turns: int(s.turns), inScope: int(s.inScope.n), outOfScope: int(s.outOfScope.n), sessions: int(r.inputs.sessions), files: r.inputs.files.length }) });
  lines.push({ text: t('eval.text.inScope', { top1: pct(s.inScope.top1), top3: pct(s.inScope.top3), top5: pct(s.inScope.top5), mrr: dec(s.inScope.mrr) }) });
  lines.push({ text: t('eval.text.outOfScope', { handoff: pct(s.outOfScope.handoffRate), falseAnswer: pct(s.outOfScope.falseAnswerRate) }) });
  lines.push({ text: t('eval.text.thresholds', { answer: dec(r.thresholds.answer), suggest: dec(r.thresholds.suggest) }) });
  lines.push({ text: `  ${t('eval.text.decisions', { answer: pct(s.answerRate), precision: pct(s.answeredPrecision), clarify: pct(s.clarifyRate), hit: pct(s.clarifyHitRate), handoff: pct(s.handoffRate) })}` });
  lines.push({ text: `  ${t('eval.text.falseAnswers', { rate: pct(s.falseAnswerRate) })}`, tone: s.falseAnswerRate > 0.05 ? 'bad' : undefined });
  const layers = Object.entries(r.groups.layer).filter(([k]) => k !== '__none__');
  if (layers.length > 0) lines.push({ text: `${t('eval.text.byLayer')} ${layers.map(([k, g]) => groupBrief(k, g)).join(' · ')}` });
  lines.push({ text: `${t('eval.text.byScript')} ${groupBrief(t('eval.script.simplified'), r.groups.script.simplified)} · ${groupBrief(t('eval.script.traditional'), r.groups.script.traditional)}` });
  lines.push({ text: `${t('eval.text.byPosition')} ${groupBrief(t('eval.position.first'), r.groups.position.first)} · ${groupBrief(t('eval.position.followUp'), r.groups.position.followUp)}` });
  if (r.confusions.length > 0) {
    lines.push({ text: `${t('eval.text.confused')} ${r.confusions.slice(0, 3).map((c) => `${c.label} → ${c.predicted} (${c.count})`).join(', ')}` });
  }
  if (r.worstEntries.length > 0) {
    const byId = new Map(r.entries.map((e) => [e.id, e]));
    lines.push({ text: `${t('eval.text.worst')} ${r.worstEntries.slice(0, 3).map((id) => `${id} (F1 ${dec(byId.get(id)?.f1 ?? 0)}, n=${byId.get(id)?.support ?? 0})`).join(', ')}` });
  }
  const rec = r.calibration.recommended;
  lines.push({
    tone: 'dim',
    text: rec
      ? t('eval.text.recommended', { target: pct(r.calibration.targetPrecision), answer: dec(rec.answer), suggest: dec(rec.suggest), rate: pct(rec.answerRate) })
      : t('eval.text.noRecommendation', { target: pct(r.calibration.targetPrecision) }),
  });
  if (r.cv) lines.push({ text: t('eval.text.cv', { k: r.cv.k, top1: pct(r.cv.mean.top1), std: pct(r.cv.std.top1), mrr: dec(r.cv.mean.mrr) }) });
  if (r.diff) lines.push({ text: t('eval.text.diff', { fixed: r.diff.fixed.length, broken: r.diff.broken.length, changed: r.diff.changedAnswer.length }), tone: r.diff.broken.length > 0 ? 'bad' : undefined });
  if (r.inputs.skippedUnknownLabels > 0) lines.push({ tone: 'dim', text: t('eval.text.skipped', { count: r.inputs.skippedUnknownLabels }) });
  if (r.gates) {
    for (const c of r.gates.checks) lines.push({ tone: c.passed ? 'good' : 'bad', text: `${c.passed ? '✓' : '✗'} ${gateLine(c)}` });
    lines.push({ tone: r.gates.passed ? 'good' : 'bad', text: r.gates.passed ? t('eval.text.gatesPassed') : t('eval.text.gatesFailed', { count: r.gates.checks.filter((c) => !c.passed).length }) });
  }
  return lines;
}

export function formatEvalText(r: EvalResult, t: Translate): string {
  return `${summaryLines(r, t).map((l) => l.text).join('\n')}\n`;
}
