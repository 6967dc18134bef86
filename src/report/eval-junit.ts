/**
 * JUnit XML for CI test tabs: one testcase per gate and one per wrong turn (the bounded sample kept in
 * the result). Machine format: English, no catalog.
 */
import type { EvalResult } from '../eval/result.js';
import { escapeXml, gateLine } from './eval-format.js';

export function formatEvalJunit(r: EvalResult): string {
  const gates = r.gates?.checks ?? [];
  const gateFailures = gates.filter((c) => !c.passed).length;
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(`<testsuites name="kbt eval" tests="${gates.length + r.wrongTurns.length}" failures="${gateFailures + r.wrongTurns.length}">`);
  lines.push(`  <testsuite name="gates" tests="${gates.length}" failures="${gateFailures}">`);
  for (const c of gates) {
    lines.push(`    <testcase classname="kbt.eval.gates" name="${escapeXml(c.name)}">`);
    if (!c.passed) lines.push(`      <failure message="${escapeXml(gateLine(c))}" type="gate"/>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>');
  lines.push(`  <testsuite name="turns" tests="${r.wrongTurns.length}" failures="${r.wrongTurns.length}">`);
  for (const w of r.wrongTurns) {
    const got = w.decision === 'handoff' ? 'handoff' : `${w.decision} ${w.predicted}`;
    const msg = `expected ${w.label}, got ${got} (confidence ${w.confidence.toFixed(3)})`;
    lines.push(`    <testcase classname="kbt.eval.turns" name="${escapeXml(w.key)}">`);
    lines.push(`      <failure message="${escapeXml(msg)}" type="wrong-turn">${escapeXml(w.text)}</failure>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>');
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
