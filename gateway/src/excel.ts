/**
 * exceljs, loaded at the first workbook read or written (an import, an export, a template), not with the
 * gateway: most processes never open a spreadsheet, and loading it costs ~20 MB resident (issue 16).
 * Types come from `import type ExcelJS from 'exceljs'`, which loads nothing.
 */
import type ExcelJS from 'exceljs';

let loaded: Promise<typeof ExcelJS> | undefined;

export function excel(): Promise<typeof ExcelJS> {
  loaded ??= import('exceljs').then((m) => m.default);
  return loaded;
}
