import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | null = null;

/**
 * exceljs, loaded the first time a workbook is built or read: loading it takes about 0.3 s, which every
 * start of the server (and every test file that builds the app) would otherwise pay before it needs it.
 */
export function loadExcelJs(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((module) => module.default);
  return loading;
}
