import { extname } from 'node:path';
import { readCsv } from './csv.js';
import { errorAt } from './entry-fields.js';
import { readExcel } from './excel.js';
import { readJsonl } from './jsonl.js';
import { readMarkdown } from './markdown.js';
import type { Reader, ReadInput, ReadResult } from './types.js';
import { readXls } from './xls.js';
import { readYaml } from './yaml.js';

export type { Reader, ReadInput, ReadResult } from './types.js';
export { decodeText, resolveEncodingName, SUPPORTED_ENCODINGS, ENCODING_NAMES_FOR_HINT, ReadFailure } from './encoding.js';
export { readCsv } from './csv.js';
export { readExcel } from './excel.js';
export { readXls } from './xls.js';
export { readYaml } from './yaml.js';
export { readJsonl } from './jsonl.js';
export { readMarkdown } from './markdown.js';

const READERS: Record<string, Reader> = {
  '.csv': readCsv,
  '.tsv': readCsv,
  '.xls': readXls,
  '.xlsx': readExcel,
  '.xlsm': readExcel,
  '.yaml': readYaml,
  '.yml': readYaml,
  '.jsonl': readJsonl,
  '.ndjson': readJsonl,
  '.md': readMarkdown,
  '.markdown': readMarkdown,
};

/** Extensions kbt imports, lower-case with the dot, sorted. */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(READERS).sort();

/** The reader for a file name by its extension (case-insensitive); `undefined` when kbt cannot read it. */
export function readerFor(fileName: string): Reader | undefined {
  return READERS[extname(fileName).toLowerCase()];
}

/** Reads one source with the reader its extension selects; an unknown extension is an error diagnostic. */
export async function readSource(input: ReadInput): Promise<ReadResult> {
  const reader = readerFor(input.file);
  if (!reader) {
    const format = extname(input.file).replace(/^\./, '').toLowerCase();
    return {
      entries: [],
      diagnostics: [
        errorAt(input, 'unsupported-format', 'read.unsupportedFormat', {
          params: { file: input.file, extensions: SUPPORTED_EXTENSIONS.join(' ') },
        }),
      ],
      format,
    };
  }
  return reader(input);
}
