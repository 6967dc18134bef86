/**
 * The command table. Each action lazy-imports its command module (so `kbt --help` loads nothing heavy),
 * calls the typed command function with plain options, and hands the returned data to a formatter.
 */
import { Command, Option } from 'commander';
import type { CliContext } from './context.js';
import { UserError } from './errors.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kbtRoot } from './workspace/paths.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(kbtRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Appends an "Examples:" block to a command's help. */
function examples(cmd: Command, ctx: CliContext, lines: string[]): Command {
  return cmd.addHelpText('after', `\n${ctx.t('help.examples')}\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

/** Reads a numeric option in [min, max] or fails as a usage error. */
export function parseNumber(ctx: CliContext, option: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new UserError(ctx.t('usage.badNumber', { option, min, max, value }));
    }
    return n;
  };
}

/** JSON results carry a format version so scripts can check what they read. */
export const RESULT_JSON_VERSION = 1;

/** Prints a command's result: versioned JSON with `--json`, else the text formatter's output. */
function printResult(ctx: CliContext, json: boolean | undefined, result: object, text: () => string): void {
  ctx.stdout(json ? `${JSON.stringify({ version: RESULT_JSON_VERSION, ...result }, null, 2)}\n` : text());
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function buildProgram(ctx: CliContext): Command {
  const t = ctx.t;
  const program = new Command('kbt');
  program
    .description(t('help.description'))
    .version(packageVersion(), '-V, --version')
    .option('--lang <lang>', t('help.options.lang'))
    .option('--debug', t('help.options.debug'))
    .option('--no-tty', t('help.options.noTty'))
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr });

  const workspaceOption = () => new Option('-w, --workspace <dir>', t('help.options.workspace')).default('.');

  examples(
    program
      .command('init')
      .description(t('cmd.init.description'))
      .argument('<dir>', t('cmd.init.dir'))
      .option('--pack <name>', t('cmd.init.pack'), collect)
      .option('--no-pack', t('cmd.init.noPack'))
      .option('--name <name>', t('cmd.init.name'))
      .option('--force', t('cmd.init.force'))
      .action(async (dir: string, opts: { pack?: string[] | boolean; name?: string; force?: boolean }) => {
        const { init } = await import('./commands/init.js');
        const packs = opts.pack === false ? [] : Array.isArray(opts.pack) ? opts.pack : undefined;
        const result = await init({ cwd: ctx.cwd, dir, packs, name: opts.name, force: opts.force });
        const { formatInit } = await import('./report/workspace-text.js');
        ctx.stdout(formatInit(result, t));
      }),
    ctx,
    ['kbt init my-shop', 'kbt init my-shop --no-pack', 'kbt init my-shop --pack 3c-digital'],
  );

  examples(
    program
      .command('import')
      .description(t('cmd.import.description'))
      .argument('[paths...]', t('cmd.import.paths'))
      .addOption(workspaceOption())
      .option('--encoding <name>', t('cmd.import.encoding'))
      .option('--sheet <name>', t('cmd.import.sheet'))
      .option('--json', t('help.options.json'))
      .action(async (paths: string[], opts: { workspace: string; encoding?: string; sheet?: string; json?: boolean }) => {
        const { importSources } = await import('./commands/import.js');
        const result = await importSources({ cwd: ctx.cwd, workspace: opts.workspace, paths, encoding: opts.encoding, sheet: opts.sheet, t });
        const { formatImport } = await import('./report/workspace-text.js');
        printResult(ctx, opts.json, result, () => formatImport(result, t));
      }),
    ctx,
    ['kbt import', 'kbt import faqs.xlsx tutorials/ --workspace my-shop', 'kbt import "faqs/*.csv" --encoding gbk'],
  );

  examples(
    program
      .command('validate')
      .description(t('cmd.validate.description'))
      .argument('[paths...]', t('cmd.validate.paths'))
      .addOption(workspaceOption())
      .addOption(new Option('--format <format>', t('cmd.validate.format')).choices(['human', 'json', 'github']).default('human'))
      .option('--strict', t('cmd.validate.strict'))
      .option('--encoding <name>', t('cmd.import.encoding'))
      .action(async (paths: string[], opts: { workspace: string; format: 'human' | 'json' | 'github'; strict?: boolean; encoding?: string }) => {
        const { validate } = await import('./commands/validate.js');
        const result = await validate({ cwd: ctx.cwd, workspace: opts.workspace, paths, encoding: opts.encoding });
        const { formatDiagnostics, validateExitCode } = await import('./report/diagnostics.js');
        ctx.stdout(formatDiagnostics(result, opts.format, t));
        ctx.exitCode = validateExitCode(result.diagnostics, Boolean(opts.strict));
      }),
    ctx,
    ['kbt validate', 'kbt validate --workspace my-shop --format github', 'kbt validate --strict --format json'],
  );

  const entries = program.command('entries').description(t('cmd.entries.description'));
  examples(
    entries
      .command('list')
      .description(t('cmd.entries.list'))
      .addOption(workspaceOption())
      .option('--json', t('help.options.json'))
      .option('--merged', t('cmd.entries.merged'))
      .option('--category <prefix>', t('cmd.entries.category'))
      .action(async (opts: { workspace: string; json?: boolean; merged?: boolean; category?: string }) => {
        const { listEntries } = await import('./commands/entries.js');
        const result = await listEntries({ cwd: ctx.cwd, workspace: opts.workspace, merged: opts.merged, category: opts.category });
        const { formatEntryList } = await import('./report/workspace-text.js');
        printResult(ctx, opts.json, result, () => formatEntryList(result, t));
      }),
    ctx,
    ['kbt entries list --workspace my-shop', 'kbt entries list --json', 'kbt entries list --merged --category 售后'],
  );
  examples(
    entries
      .command('show')
      .description(t('cmd.entries.show'))
      .argument('<id>', t('cmd.entries.id'))
      .addOption(workspaceOption())
      .option('--json', t('help.options.json'))
      .action(async (id: string, opts: { workspace: string; json?: boolean }) => {
        const { showEntry } = await import('./commands/entries.js');
        const result = await showEntry({ cwd: ctx.cwd, workspace: opts.workspace, id });
        const { formatEntry } = await import('./report/workspace-text.js');
        printResult(ctx, opts.json, result, () => formatEntry(result, t));
      }),
    ctx,
    ['kbt entries show shop.invoice.vat-special', 'kbt entries show faq-1a2b3c4d5e --json'],
  );

  examples(
    program
      .command('merge')
      .description(t('cmd.merge.description'))
      .addOption(workspaceOption())
      .option('--report', t('cmd.merge.report'))
      .option('--json', t('help.options.json'))
      .action(async (opts: { workspace: string; report?: boolean; json?: boolean }) => {
        const { merge } = await import('./commands/merge.js');
        const result = await merge({ cwd: ctx.cwd, workspace: opts.workspace, t });
        const { formatMerge } = await import('./report/workspace-text.js');
        printResult(ctx, opts.json, result, () => formatMerge(result, t));
      }),
    ctx,
    ['kbt merge --report --workspace examples/pc-store', 'kbt merge --report --json'],
  );

  const packs = program.command('packs').description(t('cmd.packs.description'));
  examples(
    packs
      .command('list')
      .description(t('cmd.packs.list'))
      .option('--json', t('help.options.json'))
      .action(async (opts: { json?: boolean }) => {
        const { listPacks } = await import('./commands/packs.js');
        const result = await listPacks({ t });
        const { formatPackList } = await import('./report/workspace-text.js');
        printResult(ctx, opts.json, result, () => formatPackList(result.packs, t));
      }),
    ctx,
    ['kbt packs list', 'kbt packs list --json'],
  );
  examples(
    packs
      .command('show')
      .description(t('cmd.packs.show'))
      .argument('<name>', t('cmd.packs.name'))
      .option('--json', t('help.options.json'))
      .action(async (name: string, opts: { json?: boolean }) => {
        const { showPack } = await import('./commands/packs.js');
        const result = await showPack({ cwd: ctx.cwd, name, t });
        const { formatPack } = await import('./report/workspace-text.js');
        printResult(ctx, opts.json, { pack: result }, () => formatPack(result, t));
      }),
    ctx,
    ['kbt packs show 3c-digital', 'kbt packs show ./my-pack --json'],
  );
  examples(
    packs
      .command('validate')
      .description(t('cmd.packs.validate'))
      .argument('<dir>', t('cmd.packs.dir'))
      .addOption(new Option('--format <format>', t('cmd.validate.format')).choices(['human', 'json', 'github']).default('human'))
      .option('--strict', t('cmd.validate.strict'))
      .action(async (dir: string, opts: { format: 'human' | 'json' | 'github'; strict?: boolean }) => {
        const { validatePack } = await import('./commands/packs.js');
        const result = await validatePack({ cwd: ctx.cwd, dir, t });
        const { formatDiagnostics, validateExitCode } = await import('./report/diagnostics.js');
        ctx.stdout(formatDiagnostics(result, opts.format, t));
        ctx.exitCode = validateExitCode(result.diagnostics, Boolean(opts.strict));
      }),
    ctx,
    ['kbt packs validate packs/3c-digital', 'kbt packs validate ./my-pack --format github --strict'],
  );

  examples(
    program
      .command('ask')
      .description(t('cmd.ask.description'))
      .argument('[question]', t('cmd.ask.question'))
      .option('-w, --workspace <dir>', t('help.options.workspace'))
      .option('--bundle <file>', t('cmd.ask.bundle'))
      .option('--session <file>', t('cmd.ask.session'))
      .option('--json', t('help.options.json'))
      .option('--explain', t('cmd.ask.explain'))
      .action(async (question: string | undefined, opts: { workspace?: string; bundle?: string; session?: string; json?: boolean; explain?: boolean }) => {
        const { runAskCli } = await import('./commands/ask.js');
        await runAskCli(ctx, question, opts);
      }),
    ctx,
    ['kbt ask "筆電保固多久" --explain', 'kbt ask "那这个呢" --session chat.jsonl --json', 'kbt ask --workspace my-shop < turns.txt', 'kbt ask "Y9000P 能加内存吗" --bundle dist/my-shop.kbt'],
  );

  const evalCmd = examples(
    program
      .command('eval')
      .description(t('cmd.eval.description'))
      .argument('[logs...]', t('cmd.eval.logs'))
      .option('-w, --workspace <dir>', t('help.options.workspace'))
      .option('--bundle <file>', t('cmd.eval.bundle'))
      .option('--encoding <name>', t('cmd.eval.encoding'))
      .option('--format <list>', t('cmd.eval.format'), collect)
      .option('--out <file>', t('cmd.eval.out'))
      .option('--out-dir <dir>', t('cmd.eval.outDir'))
      .option('--output <dir>', t('cmd.eval.outDir'))
      .option('--min-top1 <fraction>', t('cmd.eval.minTop1'), parseNumber(ctx, '--min-top1', 0, 1))
      .option('--min-precision <fraction>', t('cmd.eval.minPrecision'), parseNumber(ctx, '--min-precision', 0, 1))
      .option('--max-false-answer-rate <fraction>', t('cmd.eval.maxFalseAnswerRate'), parseNumber(ctx, '--max-false-answer-rate', 0, 1))
      .option('--baseline <file>', t('cmd.eval.baseline'))
      .option('--tolerance <fraction>', t('cmd.eval.tolerance'), parseNumber(ctx, '--tolerance', 0, 1))
      .option('--diff <file>', t('cmd.eval.diff'))
      .option('--cv <k>', t('cmd.eval.cv'), parseNumber(ctx, '--cv', 2, 20))
      .option('--seed <n>', t('cmd.eval.seed'), parseNumber(ctx, '--seed', 0, 4294967295))
      .option('--target-precision <fraction>', t('cmd.eval.targetPrecision'), parseNumber(ctx, '--target-precision', 0, 1))
      .option('--apply', t('cmd.eval.apply'))
      .option('--allow-unknown-labels', t('cmd.eval.allowUnknownLabels'))
      .option('--workers <n>', t('cmd.eval.workers'), parseNumber(ctx, '--workers', 0, 64))
      .option('--label <name>', t('cmd.eval.label'))
      .option('--no-save', t('cmd.eval.noSave'))
      .action(async (logs: string[], opts: Record<string, unknown>) => {
        const { runEvalCli } = await import('./commands/eval-cli.js');
        await runEvalCli(ctx, logs, opts);
      }),
    ctx,
    [
      'kbt eval',
      'kbt eval logs/*.jsonl --min-top1 0.85 --max-false-answer-rate 0.03',
      'kbt eval --format json,markdown,html --out-dir reports/',
      'kbt eval --baseline last-release.json --tolerance 0.005 --diff last-release.json',
      'kbt eval --target-precision 0.95 --apply',
      'kbt eval --cv 5 --seed 42',
      'zcat logs.csv.gz | kbt eval - --format junit --out eval.xml',
      'kbt eval exports/chats.csv --encoding gbk',
    ],
  );
  examples(
    evalCmd
      .command('history')
      .description(t('cmd.eval.history.description'))
      .option('-w, --workspace <dir>', t('help.options.workspace'))
      .option('--limit <n>', t('cmd.eval.history.limit'), parseNumber(ctx, '--limit', 1, 10000))
      .option('--json', t('help.options.json'))
      .action(async (opts: { workspace?: string; limit?: number; json?: boolean }) => {
        const { evalHistory } = await import('./commands/eval.js');
        const rows = evalHistory({ cwd: ctx.cwd, workspace: opts.workspace, limit: opts.limit, t });
        const { formatEvalHistory, formatEvalHistoryJson } = await import('./report/eval-history.js');
        ctx.stdout(opts.json ? formatEvalHistoryJson(rows) : formatEvalHistory(rows, t));
      }),
    ctx,
    ['kbt eval history', 'kbt eval history --limit 5 --json'],
  );

  const bundleVersionOption = () => new Option('--bundle-version <semver>', t('cmd.export.bundleVersion'));
  const bundleFormatOption = () => new Option('--format <format>', t('cmd.export.format')).choices(['sqlite', 'json']).default('sqlite');
  examples(
    program
      .command('export')
      .description(t('cmd.export.description'))
      .addOption(workspaceOption())
      .option('-o, --out <file>', t('cmd.export.out'))
      .addOption(bundleFormatOption())
      .addOption(bundleVersionOption())
      .option('--json', t('help.options.json'))
      .action(async (opts: { workspace: string; out?: string; format: 'sqlite' | 'json'; bundleVersion?: string; json?: boolean }) => {
        const { exportBundle } = await import('./commands/export.js');
        const result = await exportBundle({
          cwd: ctx.cwd,
          workspace: opts.workspace,
          out: opts.out,
          format: opts.format,
          bundleVersion: opts.bundleVersion,
          t,
          onProgress: (m) => ctx.stderr(`${m}\n`),
        });
        const { formatExport } = await import('./bundle/report.js');
        printResult(ctx, opts.json, result, () => formatExport(result, t));
      }),
    ctx,
    ['kbt export --workspace my-shop', 'kbt export --out dist/shop.kbt --bundle-version 1.4.0', 'kbt export --format json --out dist/shop.json'],
  );

  const bundleCmd = program.command('bundle').description(t('cmd.bundle.description'));
  examples(
    bundleCmd
      .command('inspect')
      .description(t('cmd.bundle.inspect'))
      .argument('<file>', t('cmd.bundle.file'))
      .option('--json', t('help.options.json'))
      .action(async (file: string, opts: { json?: boolean }) => {
        const { inspectBundle } = await import('./commands/bundle.js');
        const result = inspectBundle({ cwd: ctx.cwd, file, t });
        const { formatInspect } = await import('./bundle/report.js');
        printResult(ctx, opts.json, result, () => formatInspect(result, t));
      }),
    ctx,
    ['kbt bundle inspect dist/bundle.kbt', 'kbt bundle inspect dist/bundle.kbt --json'],
  );
  examples(
    bundleCmd
      .command('verify')
      .description(t('cmd.bundle.verify'))
      .argument('<file>', t('cmd.bundle.file'))
      .option('--json', t('help.options.json'))
      .action(async (file: string, opts: { json?: boolean }) => {
        const { verifyBundle } = await import('./commands/bundle.js');
        const result = verifyBundle({ cwd: ctx.cwd, file, t });
        const { formatVerify } = await import('./bundle/report.js');
        printResult(ctx, opts.json, result, () => formatVerify(result, t));
        if (!result.ok) ctx.exitCode = 1;
      }),
    ctx,
    ['kbt bundle verify dist/bundle.kbt', 'kbt bundle verify shop.json --json'],
  );
  examples(
    bundleCmd
      .command('diff')
      .description(t('cmd.bundle.diff'))
      .argument('<a>', t('cmd.bundle.a'))
      .argument('<b>', t('cmd.bundle.b'))
      .option('--logs <file>', t('cmd.bundle.logs'))
      .option('--json', t('help.options.json'))
      .action(async (a: string, b: string, opts: { logs?: string; json?: boolean }) => {
        const { diffBundles } = await import('./commands/bundle.js');
        const result = await diffBundles({ cwd: ctx.cwd, a, b, logs: opts.logs, t });
        const { formatDiff } = await import('./bundle/report.js');
        if (result.logProblems.length > 0 && !opts.json) {
          const { formatDiagnosticLines } = await import('./report/diagnostics.js');
          ctx.stderr(`${formatDiagnosticLines(result.logProblems, t).join('\n')}\n${t('diff.logProblems', { count: result.logProblems.length })}\n`);
        }
        printResult(ctx, opts.json, result, () => formatDiff(result.diff, result.turns, t));
      }),
    ctx,
    ['kbt bundle diff old.kbt new.kbt', 'kbt bundle diff old.kbt new.kbt --logs logs/labeled.jsonl --json'],
  );

  examples(
    program
      .command('build')
      .description(t('cmd.build.description'))
      .addOption(workspaceOption())
      .option('-o, --out <file>', t('cmd.export.out'))
      .addOption(bundleFormatOption())
      .addOption(bundleVersionOption())
      .option('--json', t('help.options.json'))
      .action(async (opts: { workspace: string; out?: string; format: 'sqlite' | 'json'; bundleVersion?: string; json?: boolean }) => {
        const { build, formatBuild } = await import('./commands/build.js');
        const result = await build({
          cwd: ctx.cwd,
          workspace: opts.workspace,
          out: opts.out,
          format: opts.format,
          bundleVersion: opts.bundleVersion,
          t,
          onProgress: (m) => ctx.stderr(`${m}\n`),
        });
        printResult(ctx, opts.json, result, () => formatBuild(result, ctx.cwd, t));
        if (!result.passed) ctx.exitCode = 1;
      }),
    ctx,
    ['kbt build', 'kbt build --workspace examples/pc-store', 'kbt build --bundle-version 1.2.0 --format json --out dist/shop.json'],
  );

  return program;
}
