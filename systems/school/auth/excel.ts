import ExcelJS from 'exceljs';
import type { SheetCells } from './roster.ts';

/** The workbook could not be read as .xlsx. */
export class UnreadableWorkbook extends Error {}

/**
 * Reads an .xlsx workbook into text cells per sheet (exceljs). `sheet` picks one sheet by name or by its
 * 1-based position, as `POST …/excel/sheets/:sheet` does.
 */
export async function readWorkbook(bytes: Buffer, sheet?: string): Promise<SheetCells[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new UnreadableWorkbook(error instanceof Error ? error.message : String(error));
  }
  let sheets = workbook.worksheets;
  if (sheet !== undefined) {
    const byName = sheets.filter((s) => s.name === sheet);
    const position = /^[0-9]+$/.test(sheet) ? sheets[Number(sheet) - 1] : undefined;
    sheets = byName.length > 0 ? byName : position ? [position] : [];
  }
  return sheets.map((worksheet) => {
    const rows: string[][] = [];
    worksheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        cells[column - 1] = cell.text ?? '';
      });
      rows[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
    });
    return { name: worksheet.name, rows: Array.from(rows, (r) => r ?? []) };
  });
}
