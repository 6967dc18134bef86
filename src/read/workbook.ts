/**
 * What the workbook readers (`.xlsx` through exceljs, `.xls` through our BIFF reader) share: `--sheet`
 * selection, the diagnostics for empty, damaged and unknown sheets, and handing the picked sheet's rows to
 * `readTableRows`, so every spreadsheet format behaves the same.
 */
import { errorAt } from './entry-fields.js';
import { readTableRows, type TableRow } from './table.js';
import type { ReadInput, ReadResult } from './types.js';

/**
 * Picks a sheet: by exact name, else by name trimmed and case-insensitive, else by 1-based position;
 * the first sheet when `wanted` is `undefined`.
 */
export function pickSheet<S>(sheets: readonly S[], nameOf: (sheet: S) => string, wanted: string | undefined): S | undefined {
  if (wanted === undefined) return sheets[0];
  const key = wanted.trim().toLowerCase();
  const byName = sheets.find((s) => nameOf(s) === wanted) ?? sheets.find((s) => nameOf(s).trim().toLowerCase() === key);
  if (byName) return byName;
  if (/^\d+$/.test(wanted.trim())) return sheets[Number(wanted.trim()) - 1];
  return undefined;
}

/** The result for a zero-byte file. */
export function emptyWorkbookResult(input: ReadInput, format: string): ReadResult {
  return { entries: [], diagnostics: [errorAt(input, 'empty-file', 'read.emptyFile')], format };
}

/** The result for a workbook that cannot be opened; `detail` says why (one line). */
export function corruptWorkbookResult(input: ReadInput, format: string, detail: string): ReadResult {
  return { entries: [], diagnostics: [errorAt(input, 'corrupt-file', 'read.corruptFile', { params: { detail } })], format };
}

/** The first line of an error's message, for `corruptWorkbookResult`. */
export function errorDetail(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!;
}

/**
 * Reads the sheet `input.sheet` selects through `readTableRows`. A workbook without sheets is an empty
 * file; an unknown `--sheet` lists the sheet names.
 */
export function readPickedSheet<S>(
  input: ReadInput,
  format: string,
  sheets: readonly S[],
  nameOf: (sheet: S) => string,
  rowsOf: (sheet: S) => TableRow[],
): ReadResult {
  const sheet = pickSheet(sheets, nameOf, input.sheet);
  if (sheet === undefined) {
    if (input.sheet === undefined) return emptyWorkbookResult(input, format);
    const params = { sheet: input.sheet, sheets: sheets.map(nameOf).join(', ') };
    return { entries: [], diagnostics: [errorAt(input, 'unknown-sheet', 'read.unknownSheet', { params })], format };
  }
  const table = readTableRows(rowsOf(sheet), input);
  return { entries: table.entries, diagnostics: [...table.diagnostics], format };
}
