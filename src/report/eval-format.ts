/** Small shared helpers for eval report formatters. */
import type { GateCheck } from '../eval/gates.js';

/** A fraction as a percentage with one decimal: 0.8234 → `82.3%`. */
export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** A fraction with three decimals (MRR, thresholds). */
export function dec(x: number): string {
  return x.toFixed(3);
}

export function int(n: number): string {
  return n.toLocaleString('en-US');
}

/** `inScope.top1 0.823 >= 0.850` — the figure and its bound, as gates are reported everywhere. */
export function gateLine(c: GateCheck): string {
  const base = c.baseline !== undefined ? ` (baseline ${dec(c.baseline)})` : '';
  return `${c.name}: ${c.metric} ${dec(c.actual)} ${c.passed ? c.op : c.op === '>=' ? '<' : '>'} ${dec(c.bound)}${base}`;
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** One line of text for a table cell: newlines and pipes would break Markdown tables. */
export function cell(s: string, max = 60): string {
  const flat = s.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
