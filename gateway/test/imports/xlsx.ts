/** Test workbooks made with exceljs, as a school's class list would be laid out. */
import ExcelJS from 'exceljs';

export const ROSTER_HEADERS = [
  'STT',
  'Mã định danh',
  'Mã học sinh',
  'Họ và tên',
  'Ngày sinh',
  'Giới tính',
  'Dân tộc',
  'Nơi sinh',
  'Tên lớp',
];

export type Cell = string | number | Date | null;

/** A sheet with two title lines and a blank line before the header row (row 4), then the rows. */
export async function rosterFile(rows: Cell[][], headers: string[] = ROSTER_HEADERS): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(['TRƯỜNG TIỂU HỌC HẠ LONG']);
  ws.addRow(['DANH SÁCH HỌC SINH NĂM HỌC 2025-2026']);
  ws.addRow([]);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}
