import { Chalk } from 'chalk';
import { CommanderError } from 'commander';
import { buildProgram } from './cli.js';
import type { CliContext } from './context.js';
import { DiagnosticsError, ExitCode, InternalError, UserError, formatLocation } from './errors.js';
import { formatDiagnosticLines } from './report/diagnostics.js';
import { createTranslator, resolveLang } from './i18n/index.js';

export interface MainIo {
  cwd?: string;
  env?: Record<string, string | undefined>;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  stdin?: NodeJS.ReadableStream;
  isTTY?: boolean;
}

function langFlag(argv: readonly string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return undefined;
  const a = argv[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
}

/**
 * The one place that turns errors into messages and exit codes: 0 pass, 1 gate or validation failed,
 * 2 usage, input or runtime error. Nothing deeper calls `process.exit`.
 */
export async function main(argv: readonly string[], io: MainIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const lang = resolveLang(langFlag(argv), env);
  const t = createTranslator(lang);
  const debug = argv.includes('--debug') || env.KBT_DEBUG === '1';
  const isTTY = io.isTTY ?? Boolean(process.stdout.isTTY);
  const color = isTTY && !env.NO_COLOR && env.FORCE_COLOR !== '0';
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const ctx: CliContext = {
    cwd: io.cwd ?? process.cwd(),
    env,
    lang,
    t,
    stdout: io.stdout ?? ((s) => void process.stdout.write(s)),
    stderr: io.stderr ?? ((s) => void process.stderr.write(s)),
    interactive: isTTY && !env.CI && !argv.includes('--no-tty'),
    color,
    debug,
    stdin: io.stdin ?? process.stdin,
    exitCode: ExitCode.ok,
  };
  try {
    const program = buildProgram(ctx);
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version requests end here with code 0; anything else is a usage error.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) {
        return ExitCode.ok;
      }
      return ExitCode.error;
    }
    if (err instanceof UserError) {
      const where = formatLocation(err.location);
      const field = err.location.field ? ` [${err.location.field}]` : '';
      if (err instanceof DiagnosticsError) ctx.stderr(`${formatDiagnosticLines(err.diagnostics, t).join('\n')}\n`);
      ctx.stderr(`${chalk.red(t('error.label'))} ${where ? `${where}: ` : ''}${err.message}${field}\n`);
      if (err.hint) ctx.stderr(`${chalk.dim(t('error.hintLabel'))} ${err.hint}\n`);
      if (debug && err.stack) ctx.stderr(`${err.stack}\n`);
      return err.exitCode;
    }
    const internal = err instanceof InternalError ? err : new InternalError(String((err as Error)?.message ?? err), { cause: err });
    ctx.stderr(`${chalk.red(t('error.internal'))} ${internal.message}\n`);
    ctx.stderr(`${t('error.internalHint')}\n`);
    if (debug) ctx.stderr(`${(err as Error)?.stack ?? ''}\n`);
    return ExitCode.error;
  }
}
