/**
 * One self-contained HTML eval report: inline CSS and SVG charts (threshold curve, confusion heat map,
 * per-category bars), no external resource of any kind. A Content-Security-Policy forbids every fetch, so
 * the file behaves the same offline. A tiny inline script records how many chart marks were drawn
 * (`data-drawn-*` on <body>) for automated checks.
 */
import type { Translate } from '../i18n/index.js';
import type { EvalResult } from '../eval/result.js';
import { dec, escapeXml as esc, gateLine, int, pct } from './eval-format.js';

const W = 560;
const H = 260;
const PAD = 40;

function curveChart(r: EvalResult, t: Translate): string {
  const pts = r.calibration.curve;
  const x = (v: number) => PAD + v * (W - 2 * PAD);
  const y = (v: number) => H - PAD - v * (H - 2 * PAD);
  const path = (pick: (p: (typeof pts)[number]) => number) => pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.threshold).toFixed(1)},${y(pick(p)).toFixed(1)}`).join(' ');
  const marks: string[] = [];
  const vline = (v: number, cls: string, label: string) =>
    marks.push(`<line class="${cls}" x1="${x(v)}" x2="${x(v)}" y1="${PAD}" y2="${H - PAD}"/><text x="${x(v) + 3}" y="${PAD + 12}" class="note">${esc(label)}</text>`);
  vline(r.thresholds.answer, 'current', `${t('eval.html.current')} ${dec(r.thresholds.answer)}`);
  if (r.calibration.recommended) vline(r.calibration.recommended.answer, 'recommended', `${t('eval.html.recommended')} ${dec(r.calibration.recommended.answer)}`);
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((v) => `<text x="${x(v)}" y="${H - PAD + 16}" class="tick" text-anchor="middle">${v}</text><text x="${PAD - 6}" y="${y(v) + 4}" class="tick" text-anchor="end">${v * 100}%</text>`)
    .join('');
  return `<svg class="chart" id="curve" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(t('eval.html.curve'))}">
<rect class="frame" x="${PAD}" y="${PAD}" width="${W - 2 * PAD}" height="${H - 2 * PAD}"/>${ticks}
<path class="rate" d="${path((p) => p.answerRate)}"/>
<path class="precision" d="${path((p) => p.answeredPrecision)}"/>${marks.join('')}
<text x="${W / 2}" y="${H - 6}" class="tick" text-anchor="middle">${esc(t('eval.html.answerThreshold'))}</text>
</svg>
<p class="legend"><span class="k rate"></span>${esc(t('eval.md.answerRate'))} <span class="k precision"></span>${esc(t('eval.md.precision'))}</p>`;
}

function heatmap(r: EvalResult, t: Translate): string {
  const involved = new Map<string, number>();
  for (const c of r.confusions) {
    involved.set(c.label, (involved.get(c.label) ?? 0) + c.count);
    involved.set(c.predicted, (involved.get(c.predicted) ?? 0) + c.count);
  }
  if (involved.size === 0) for (const e of r.entries) if (e.support > 0) involved.set(e.id, e.support);
  const ids = [...involved.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 12).map(([id]) => id).sort();
  if (ids.length === 0) return `<p>${esc(t('eval.html.noData'))}</p>`;
  const correct = new Map(r.entries.map((e) => [e.id, e.correct]));
  const cells = new Map<string, number>();
  for (const id of ids) cells.set(`${id}\t${id}`, correct.get(id) ?? 0);
  for (const c of r.confusions) cells.set(`${c.label}\t${c.predicted}`, c.count);
  const max = Math.max(1, ...cells.values());
  const size = 26;
  const left = 170;
  const top = 150;
  const w = left + ids.length * size + 10;
  const h = top + ids.length * size + 10;
  const short = (s: string) => (s.length > 24 ? `${s.slice(0, 23)}…` : s);
  const parts: string[] = [];
  ids.forEach((row, i) => {
    parts.push(`<text x="${left - 6}" y="${top + i * size + size / 2 + 4}" class="tick" text-anchor="end">${esc(short(row))}</text>`);
    parts.push(`<text class="tick" transform="translate(${left + i * size + size / 2 + 4},${top - 6}) rotate(-60)">${esc(short(row))}</text>`);
    ids.forEach((col, j) => {
      const v = cells.get(`${row}\t${col}`) ?? 0;
      const cls = row === col ? 'diag' : 'off';
      parts.push(`<rect class="cell ${cls}" x="${left + j * size}" y="${top + i * size}" width="${size - 2}" height="${size - 2}" fill-opacity="${(0.08 + (0.92 * v) / max).toFixed(3)}"><title>${esc(`${row} → ${col}: ${v}`)}</title></rect>`);
      if (v > 0) parts.push(`<text x="${left + j * size + size / 2 - 1}" y="${top + i * size + size / 2 + 3}" class="num" text-anchor="middle">${v}</text>`);
    });
  });
  return `<svg class="chart" id="heatmap" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(t('eval.html.heatmap'))}">${parts.join('')}</svg>
<p class="legend">${esc(t('eval.html.heatmapHint'))}</p>`;
}

function categoryBars(r: EvalResult, t: Translate): string {
  const rows = Object.entries(r.groups.category).filter(([, g]) => g.inScope.n > 0);
  if (rows.length === 0) return `<p>${esc(t('eval.html.noData'))}</p>`;
  const bar = 22;
  const left = 150;
  const width = 340;
  const h = rows.length * bar + 10;
  const parts = rows.map(([k, g], i) => {
    const y = 5 + i * bar;
    const len = Math.max(1, g.inScope.top1 * width);
    return `<text x="${left - 6}" y="${y + 15}" class="tick" text-anchor="end">${esc(k)}</text><rect class="bar" x="${left}" y="${y + 3}" width="${len.toFixed(1)}" height="${bar - 6}"><title>${esc(`${k}: top-1 ${pct(g.inScope.top1)}, n=${g.inScope.n}`)}</title></rect><text x="${left + len + 6}" y="${y + 15}" class="tick">${pct(g.inScope.top1)} (n=${int(g.inScope.n)})</text>`;
  });
  return `<svg class="chart" id="categories" viewBox="0 0 ${left + width + 110} ${h}" width="${left + width + 110}" height="${h}" role="img" aria-label="${esc(t('eval.md.byCategory'))}">${parts.join('')}</svg>`;
}

const CSS = `body{font:14px/1.45 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:24px auto;max-width:980px;color:#1d2330;padding:0 16px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #dde2ea;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #dde2ea;padding:3px 8px;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#17803d}.fail{color:#c0262d}.chart{max-width:100%;height:auto}.frame{fill:none;stroke:#c7ced9}
.rate{fill:none;stroke:#2f6fdf;stroke-width:2}.precision{fill:none;stroke:#e07b1a;stroke-width:2}
.current{stroke:#555;stroke-dasharray:4 3}.recommended{stroke:#17803d;stroke-dasharray:2 2}
.tick,.note{font-size:10px;fill:#4a5365}.num{font-size:9px;fill:#111}.cell.diag{fill:#17803d}.cell.off{fill:#c0262d}.bar{fill:#2f6fdf}
.legend{font-size:12px;color:#4a5365}.k{display:inline-block;width:14px;height:3px;margin:0 4px 3px 10px;vertical-align:middle}.k.rate{background:#2f6fdf}.k.precision{background:#e07b1a}`;

const CHECK = `(function(){var d=document.body.dataset,n=0,r=0;document.querySelectorAll('svg path').forEach(function(p){if(p.getTotalLength()>0)n++});document.querySelectorAll('svg rect').forEach(function(e){var b=e.getBBox();if(b.width>0&&b.height>0)r++});d.drawnPaths=n;d.drawnRects=r;})();`;
const GUARD = `window.__blocked=0;document.addEventListener('securitypolicyviolation',function(){window.__blocked++;document.documentElement.dataset.blocked=window.__blocked;});`;

export function formatEvalHtml(r: EvalResult, t: Translate): string {
  const s = r.summary;
  const row = (k: string, v: string) => `<tr><th>${esc(k)}</th><td class="n">${esc(v)}</td></tr>`;
  const gates = r.gates
    ? `<h2>${esc(t('eval.md.gates'))}</h2><ul>${r.gates.checks.map((c) => `<li class="${c.passed ? 'pass' : 'fail'}">${c.passed ? '✓' : '✗'} ${esc(gateLine(c))}</li>`).join('')}</ul>`
    : '';
  const byId = new Map(r.entries.map((e) => [e.id, e]));
  const worst = r.worstEntries.length
    ? `<h2>${esc(t('eval.md.worst'))}</h2><table><tr><th>${esc(t('eval.md.entry'))}</th><th>${esc(t('eval.md.support'))}</th><th>${esc(t('eval.md.precision'))}</th><th>${esc(t('eval.md.recall'))}</th><th>F1</th></tr>${r.worstEntries
        .map((id) => byId.get(id)!)
        .map((e) => `<tr><td>${esc(e.id)}</td><td class="n">${e.support}</td><td class="n">${pct(e.precision)}</td><td class="n">${pct(e.recall)}</td><td class="n">${dec(e.f1)}</td></tr>`)
        .join('')}</table>`
    : '';
  const confusions = r.confusions.length
    ? `<table><tr><th>${esc(t('eval.md.label'))}</th><th>${esc(t('eval.md.predicted'))}</th><th>${esc(t('eval.md.count'))}</th><th>${esc(t('eval.md.example'))}</th></tr>${r.confusions
        .map((c) => `<tr><td>${esc(c.label)}</td><td>${esc(c.predicted)}</td><td class="n">${c.count}</td><td>${esc(c.examples.map((e) => e.text).join(' / '))}</td></tr>`)
        .join('')}</table>`
    : '';
  return `<!DOCTYPE html>
<html lang="${t('eval.html.lang')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t('eval.md.title'))}</title>
<script>${GUARD}</script>
<style>${CSS}</style>
</head>
<body>
<h1>${esc(t('eval.md.title'))}${r.label ? ` — ${esc(r.label)}` : ''}</h1>
<p>${esc(t('eval.text.title', { turns: int(s.turns), inScope: int(s.inScope.n), outOfScope: int(s.outOfScope.n), sessions: int(r.inputs.sessions), files: r.inputs.files.length }))}<br><small>${esc(r.createdAt)} · ${esc(r.knowledgeBase.source)} ${esc(r.knowledgeBase.path)} · ${int(r.knowledgeBase.entries)} entries</small></p>
<table>
${row('top-1', pct(s.inScope.top1))}${row('top-3', pct(s.inScope.top3))}${row('top-5', pct(s.inScope.top5))}${row('MRR', dec(s.inScope.mrr))}
${row(t('eval.md.answerRate'), pct(s.answerRate))}${row(t('eval.md.precision'), pct(s.answeredPrecision))}${row(t('eval.md.clarifyRate'), pct(s.clarifyRate))}${row(t('eval.md.handoffRate'), pct(s.handoffRate))}
${row(t('eval.md.falseAnswers'), pct(s.falseAnswerRate))}${row(t('eval.md.oosHandoff'), pct(s.outOfScope.handoffRate))}${row(t('eval.md.oosFalse'), pct(s.outOfScope.falseAnswerRate))}
</table>
${gates}
<h2>${esc(t('eval.html.curve'))}</h2>
${curveChart(r, t)}
<h2>${esc(t('eval.html.heatmap'))}</h2>
${heatmap(r, t)}
${confusions}
<h2>${esc(t('eval.md.byCategory'))}</h2>
${categoryBars(r, t)}
${worst}
<script>${CHECK}</script>
</body>
</html>
`;
}
