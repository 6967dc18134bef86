/**
 * The eval report registry: every format is a pure function of one versioned result. Adding a format is
 * adding an entry here.
 */
import type { Translate } from '../i18n/index.js';
import type { EvalResult } from '../eval/result.js';
import { formatEvalHtml } from './eval-html.js';
import { formatEvalJson } from './eval-json.js';
import { formatEvalJunit } from './eval-junit.js';
import { formatEvalMarkdown } from './eval-markdown.js';
import { formatEvalText } from './eval-text.js';

export interface EvalReportFormat {
  /** File name used with `--out-dir`. */
  fileName: string;
  /** True for machine formats (English, stable): printing one to stdout replaces the summary. */
  machine: boolean;
  render(result: EvalResult, t: Translate): string;
}

export const EVAL_FORMATS = {
  text: { fileName: 'eval.txt', machine: false, render: formatEvalText },
  json: { fileName: 'eval.json', machine: true, render: (r) => formatEvalJson(r) },
  markdown: { fileName: 'eval.md', machine: false, render: formatEvalMarkdown },
  junit: { fileName: 'eval.junit.xml', machine: true, render: (r) => formatEvalJunit(r) },
  html: { fileName: 'eval.html', machine: false, render: formatEvalHtml },
} satisfies Record<string, EvalReportFormat>;

export type EvalFormatName = keyof typeof EVAL_FORMATS;

export const EVAL_FORMAT_NAMES = Object.keys(EVAL_FORMATS).sort() as EvalFormatName[];

export function isEvalFormat(name: string): name is EvalFormatName {
  return Object.hasOwn(EVAL_FORMATS, name);
}

/** Guesses a format from an output file name (`report.md` → markdown); undefined when it cannot tell. */
export function formatFromFileName(file: string): EvalFormatName | undefined {
  const f = file.toLowerCase();
  if (f.endsWith('.json')) return 'json';
  if (f.endsWith('.md') || f.endsWith('.markdown')) return 'markdown';
  if (f.endsWith('.xml')) return 'junit';
  if (f.endsWith('.html') || f.endsWith('.htm')) return 'html';
  if (f.endsWith('.txt')) return 'text';
  return undefined;
}

export function renderEvalReport(format: EvalFormatName, result: EvalResult, t: Translate): string {
  return EVAL_FORMATS[format].render(result, t);
}
