/** `kbt eval history`: the trend of recorded runs as a table, or JSON. */
import type { Translate } from '../i18n/index.js';
import type { EvalHistoryRow } from '../commands/eval.js';
import { dec, pct } from './eval-format.js';

export function formatEvalHistory(rows: readonly EvalHistoryRow[], t: Translate): string {
  if (rows.length === 0) return `${t('eval.history.empty')}\n`;
  const lines = [t('eval.history.header')];
  let prev: EvalHistoryRow | undefined;
  for (const r of rows) {
    const s = r.summary;
    const trend = prev ? (s.inScope.top1 > prev.summary.inScope.top1 ? '↑' : s.inScope.top1 < prev.summary.inScope.top1 ? '↓' : '=') : ' ';
    lines.push(
      [
        String(r.runId).padEnd(4),
        r.createdAt.slice(0, 19).replace('T', ' ').padEnd(20),
        String(s.turns).padEnd(9),
        `${pct(s.inScope.top1)}${trend}`.padEnd(7),
        pct(s.inScope.top3).padEnd(7),
        dec(s.inScope.mrr).padEnd(7),
        pct(s.answerRate).padEnd(9),
        pct(s.answeredPrecision).padEnd(10),
        pct(s.falseAnswerRate).padEnd(7),
        r.label ?? '',
      ].join(' ').trimEnd(),
    );
    prev = r;
  }
  return `${lines.join('\n')}\n`;
}

export function formatEvalHistoryJson(rows: readonly EvalHistoryRow[]): string {
  return `${JSON.stringify({ version: 1, runs: rows }, null, 2)}\n`;
}
