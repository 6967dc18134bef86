import type { Lang, Translate } from './i18n/index.js';

/**
 * What the CLI layer hands to printing code: the streams, the language and whether to decorate.
 * Commands themselves never see this; they take options and return data.
 */
export interface CliContext {
  cwd: string;
  env: Record<string, string | undefined>;
  lang: Lang;
  t: Translate;
  /** Results: what a script pipes on. */
  stdout: (text: string) => void;
  /** Progress, warnings and errors. */
  stderr: (text: string) => void;
  /** stdout is a terminal, not under CI, and the user did not ask for plain output. */
  interactive: boolean;
  color: boolean;
  debug: boolean;
  stdin: NodeJS.ReadableStream;
  /** Exit code the command asks for (0 ok, 1 gate or validation failed). */
  exitCode: number;
}
