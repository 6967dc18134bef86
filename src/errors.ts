/**
 * The one error taxonomy. A `UserError` is something the user can fix (bad input, bad flags, a missing
 * file); it carries a hint and, where known, the file, line and field. An `InternalError` is a bug in kbt.
 * Only `src/main.ts` turns these into output and exit codes.
 */
export interface ErrorLocation {
  file?: string;
  line?: number;
  field?: string;
}

export class UserError extends Error {
  readonly hint: string | undefined;
  readonly location: ErrorLocation;
  /** Exit code: 2 for input, usage and runtime errors (the documented contract). */
  readonly exitCode: number;
  constructor(message: string, options: { hint?: string; cause?: unknown; exitCode?: number } & ErrorLocation = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.hint = options.hint;
    this.location = { file: options.file, line: options.line, field: options.field };
    this.exitCode = options.exitCode ?? 2;
  }
}

export class InternalError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'InternalError';
  }
}

/** Formats `file:line` (or just `file`) for messages. */
export function formatLocation(loc: ErrorLocation): string {
  if (!loc.file) return '';
  return loc.line ? `${loc.file}:${loc.line}` : loc.file;
}

/** Exit codes, a documented contract (README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  failed: 1,
  error: 2,
} as const;

/**
 * Input that failed validation at a boundary: carries every finding, so the user sees all of them at once.
 * Exit 2 (bad input), like any UserError.
 */
export class DiagnosticsError extends UserError {
  constructor(
    message: string,
    readonly diagnostics: readonly import('./model/diagnostic.js').Diagnostic[],
    options: { hint?: string } = {},
  ) {
    super(message, options);
    this.name = 'DiagnosticsError';
  }
}
