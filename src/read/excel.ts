import ExcelJS from 'exceljs';
import type { Diagnostic } from '../model/diagnostic.js';
import { errorAt } from './entry-fields.js';
import { readTableRows, type TableRow } from './table.js';
import type { Reader } from './types.js';

/**
 * Cell value → text. Rich text is joined, formulas give their cached result, hyperlinks their text,
 * whole numbers print without a decimal point, and dates as `YYYY-MM-DD` (with time when there is one).
 */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) {
    const text = (value as { text?: unknown }).text;
    return typeof text === 'string' ? text : text && typeof text === 'object' ? cellText(text as ExcelJS.CellValue) : String(value.hyperlink);
  }
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    return cellText(result as ExcelJS.CellValue | undefined);
  }
  if ('error' in value) return String(value.error);
  return '';
}

/** Picks the sheet: by exact name, else by 1-based position; the first sheet by default. */
function pickSheet(workbook: ExcelJS.Workbook, sheet: string | undefined): ExcelJS.Worksheet | undefined {
  const sheets = workbook.worksheets;
  if (sheet === undefined) return sheets[0];
  const byName = sheets.find((s) => s.name === sheet) ?? sheets.find((s) => s.name.trim().toLowerCase() === sheet.trim().toLowerCase());
  if (byName) return byName;
  if (/^\d+$/.test(sheet.trim())) return sheets[Number(sheet.trim()) - 1];
  return undefined;
}

/** `.xlsx` workbooks: one sheet read like a CSV file, line = sheet row number. */
export const readExcel: Reader = async (input) => {
  const format = 'xlsx';
  const diagnostics: Diagnostic[] = [];
  if (input.bytes.length === 0) {
    return { entries: [], diagnostics: [errorAt(input, 'empty-file', 'read.emptyFile')], format };
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(input.bytes as unknown as ArrayBuffer);
  } catch (err) {
    const detail = String((err as Error)?.message ?? err).split('\n')[0]!;
    return { entries: [], diagnostics: [errorAt(input, 'corrupt-file', 'read.corruptFile', { params: { detail } })], format };
  }
  const sheet = pickSheet(workbook, input.sheet);
  if (!sheet) {
    const names = workbook.worksheets.map((s) => s.name);
    if (input.sheet === undefined) return { entries: [], diagnostics: [errorAt(input, 'empty-file', 'read.emptyFile')], format };
    return {
      entries: [],
      diagnostics: [errorAt(input, 'unknown-sheet', 'read.unknownSheet', { params: { sheet: input.sheet, sheets: names.join(', ') } })],
      format,
    };
  }
  const rows: TableRow[] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    rows.push({ cells, line: rowNumber });
  });
  const table = readTableRows(rows, input);
  diagnostics.push(...table.diagnostics);
  return { entries: table.entries, diagnostics, format };
};
