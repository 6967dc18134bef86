/**
 * Pure formatters for diagnostics: human (file:line: severity: message, hint), json and GitHub workflow
 * annotations. Machine formats are always English and carry a version.
 */
import { createTranslator, type Translate } from '../i18n/index.js';
import { countBySeverity, sortDiagnostics, type Diagnostic } from '../model/diagnostic.js';

export const DIAGNOSTICS_JSON_VERSION = 1;

export interface DiagnosticsReport {
  diagnostics: readonly Diagnostic[];
  /** Files that were checked, workspace-relative. */
  files?: readonly string[];
  entries?: number;
}

const english = createTranslator('en');

export function renderMessage(d: Diagnostic, t: Translate): string {
  return t(d.message, d.params);
}

function hintOf(d: Diagnostic, t: Translate): string | undefined {
  const key = `${d.message}.hint`;
  const hint = t(key, d.params);
  return hint === key ? undefined : hint;
}

function where(d: Diagnostic): string {
  if (!d.file) return '';
  return d.line ? `${d.file}:${d.line}` : d.file;
}

/** One `file:line: severity: message (field) [rule]` line per diagnostic, each followed by its hint. */
export function formatDiagnosticLines(diagnostics: readonly Diagnostic[], t: Translate): string[] {
  const lines: string[] = [];
  for (const d of sortDiagnostics(diagnostics)) {
    const loc = where(d);
    const field = d.field ? ` (${d.field})` : '';
    lines.push(`${loc ? `${loc}: ` : ''}${t(`severity.${d.severity}`)}: ${renderMessage(d, t)}${field} [${d.rule}]`);
    const hint = hintOf(d, t);
    if (hint) lines.push(`  ${t('error.hintLabel')} ${hint}`);
  }
  return lines;
}

export function formatHuman(report: DiagnosticsReport, t: Translate): string {
  const lines = formatDiagnosticLines(report.diagnostics, t);
  const { errors, warnings } = countBySeverity(report.diagnostics);
  lines.push(t('validate.summary', { errors, warnings, files: report.files?.length ?? 0, entries: report.entries ?? 0 }));
  return `${lines.join('\n')}\n`;
}

export function formatJson(report: DiagnosticsReport): string {
  const { errors, warnings } = countBySeverity(report.diagnostics);
  const body = {
    version: DIAGNOSTICS_JSON_VERSION,
    summary: { errors, warnings, files: report.files?.length ?? 0, entries: report.entries ?? 0 },
    diagnostics: sortDiagnostics(report.diagnostics).map((d) => ({
      severity: d.severity,
      rule: d.rule,
      message: renderMessage(d, english),
      file: d.file ?? null,
      line: d.line ?? null,
      field: d.field ?? null,
      entryId: d.entryId ?? null,
    })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** GitHub annotations need `%`, CR, LF escaped in messages, and `,` `:` too in properties. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(report: DiagnosticsReport): string {
  const lines = sortDiagnostics(report.diagnostics).map((d) => {
    const props = [d.file ? `file=${escapeProperty(d.file)}` : '', d.line ? `line=${d.line}` : '', `title=${escapeProperty(`kbt ${d.rule}`)}`]
      .filter(Boolean)
      .join(',');
    const hint = hintOf(d, english);
    return `::${d.severity} ${props}::${escapeData(renderMessage(d, english) + (hint ? ` (${hint})` : ''))}`;
  });
  const { errors, warnings } = countBySeverity(report.diagnostics);
  lines.push(`kbt validate: ${errors} error(s), ${warnings} warning(s)`);
  return `${lines.join('\n')}\n`;
}

export type DiagnosticsFormat = 'human' | 'json' | 'github';

export function formatDiagnostics(report: DiagnosticsReport, format: DiagnosticsFormat, t: Translate): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'github':
      return formatGithub(report);
    default:
      return formatHuman(report, t);
  }
}

/** 0 clean, 1 errors (or warnings too with `strict`). */
export function validateExitCode(diagnostics: readonly Diagnostic[], strict: boolean): number {
  const { errors, warnings } = countBySeverity(diagnostics);
  return errors > 0 || (strict && warnings > 0) ? 1 : 0;
}
