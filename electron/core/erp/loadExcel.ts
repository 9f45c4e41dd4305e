// Runs in: main process / headless Node.
// exceljs costs 0.6–0.8 s to load, and only imports and XLSX exports need it: load it on first use
// so the app (and `serve`) starts without it.
import type ExcelJSModule from 'exceljs';

export type ExcelJS = typeof ExcelJSModule;

let loading: Promise<ExcelJS> | null = null;

export function loadExcel(): Promise<ExcelJS> {
  loading ??= import('exceljs').then((m) => ((m as { default?: ExcelJS }).default ?? (m as unknown as ExcelJS)));
  return loading;
}
