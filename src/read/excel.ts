import ExcelJS from 'exceljs';
import { isCfb } from './cfb.js';
import type { TableRow } from './table.js';
import type { Reader } from './types.js';
import { corruptWorkbookResult, emptyWorkbookResult, errorDetail, readPickedSheet } from './workbook.js';
import { readXls } from './xls.js';

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

/**
 * `.xlsx` / `.xlsm` workbooks: one sheet read like a CSV file, line = sheet row number. An Excel 97–2003
 * file (or a password-protected workbook, which is an OLE2 container too) under this name goes to `readXls`.
 */
export const readExcel: Reader = async (input) => {
  const format = 'xlsx';
  if (input.bytes.length === 0) return emptyWorkbookResult(input, format);
  if (isCfb(input.bytes)) return readXls(input);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(input.bytes as unknown as ArrayBuffer);
  } catch (err) {
    return corruptWorkbookResult(input, format, errorDetail(err));
  }
  return readPickedSheet(input, format, workbook.worksheets, (s) => s.name, (sheet) => {
    const rows: TableRow[] = [];
    const width = sheet.columnCount;
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
      rows.push({ cells, line: rowNumber });
    });
    return rows;
  });
};
