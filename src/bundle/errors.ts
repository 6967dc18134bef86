import { DiagnosticsError, ExitCode, UserError } from '../errors.js';
import type { Diagnostic } from '../model/diagnostic.js';

/**
 * The knowledge base did not pass validation, so no bundle was written. Exit 1 (a check failed, as for
 * `kbt validate` and eval gates), not 2: the command and its input files were usable.
 */
export class ValidationFailedError extends DiagnosticsError {
  constructor(message: string, diagnostics: readonly Diagnostic[], options: { hint?: string } = {}) {
    super(message, diagnostics, options);
    this.name = 'ValidationFailedError';
    (this as { exitCode: number }).exitCode = ExitCode.failed;
  }
}

/** The file is not a readable kbt bundle (foreign, truncated or corrupt). */
export class BundleUnreadableError extends UserError {
  constructor(message: string, options: { hint?: string; file?: string; cause?: unknown } = {}) {
    super(message, options);
    this.name = 'BundleUnreadableError';
  }
}

/** The bundle was written by a newer format version than this kbt reads. */
export class BundleTooNewError extends UserError {
  constructor(
    message: string,
    readonly formatVersion: number,
    options: { hint?: string; file?: string } = {},
  ) {
    super(message, options);
    this.name = 'BundleTooNewError';
  }
}
