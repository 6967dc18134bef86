/**
 * A finding about the input: what validators and importers return instead of throwing, so a run can
 * report every problem at once. Only the CLI layer prints them.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Stable rule id, e.g. `missing-answer`, `duplicate-id`; machine formats key on it. */
  rule: string;
  /** Message key in the catalog (`src/i18n`), rendered in the user's language. */
  message: string;
  /** Parameters for the message. */
  params?: Record<string, string | number>;
  file?: string;
  line?: number;
  field?: string;
  /** Entry id the finding is about, when there is one. */
  entryId?: string;
}

export function countBySeverity(diags: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of diags) {
    if (d.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}

/** Sorts by file, line, rule: outputs are stable whatever order the rules ran in. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.rule.localeCompare(b.rule) ||
      (a.entryId ?? '').localeCompare(b.entryId ?? ''),
  );
}
