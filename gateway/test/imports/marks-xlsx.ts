/**
 * Marks workbooks made with exceljs as the sector database lays them out (DESIGN.md §7a): the primary
 * results sheet (35 columns under a 3-row header with merged group cells) and the lower-secondary mark
 * sheet (one semester a sheet: STT, Tên lớp, Mã định danh, Họ và tên, Ngày sinh, ĐĐGtx 1–4, ĐĐGgk, ĐĐGck).
 */
import ExcelJS from 'exceljs';

export type Cell = string | number | null;

/** The 35 columns: [group (row 1), name (row 2), sub-header (row 3)]. */
export const PRIMARY_COLUMNS: [string, string, string][] = [
  ['STT', '', ''],
  ['Mã lớp', '', ''],
  ['Mã học sinh', '', ''],
  ['Họ tên', '', ''],
  ['Ngày sinh', '', ''],
  ['Môn học và hoạt động giáo dục', 'Tiếng Việt', 'Mức đạt được'],
  ['Môn học và hoạt động giáo dục', 'Tiếng Việt', 'Điểm KTĐK'],
  ['Môn học và hoạt động giáo dục', 'Toán', 'Mức đạt được'],
  ['Môn học và hoạt động giáo dục', 'Toán', 'Điểm KTĐK'],
  ...[
    'Đạo đức',
    'Tự nhiên và Xã hội',
    'Khoa học',
    'Lịch sử và Địa lí',
    'Ngoại ngữ',
    'Tin học và Công nghệ',
    'Giáo dục thể chất',
    'Âm nhạc',
    'Mĩ thuật',
    'Hoạt động trải nghiệm',
  ].map((n): [string, string, string] => ['Môn học và hoạt động giáo dục', n, '']),
  ...['Tự chủ và tự học', 'Giao tiếp và hợp tác', 'Giải quyết vấn đề và sáng tạo'].map(
    (n): [string, string, string] => ['Năng lực chung', n, ''],
  ),
  ...['Ngôn ngữ', 'Tính toán', 'Khoa học', 'Thẩm mĩ', 'Thể chất'].map((n): [string, string, string] => [
    'Năng lực đặc thù',
    n,
    '',
  ]),
  ...['Yêu nước', 'Nhân ái', 'Chăm chỉ', 'Trung thực', 'Trách nhiệm'].map((n): [string, string, string] => [
    'Phẩm chất chủ yếu',
    n,
    '',
  ]),
  ['Hoàn thành chương trình lớp học', '', ''],
  ['Lên lớp', '', ''],
  ['Xếp loại', '', ''],
];

/** A pupil's row of the primary sheet: identity, then the cells by column number (6…35). */
export function primaryRow(i: number, id: string, name: string, cells: Record<number, Cell> = {}): Cell[] {
  const row: Cell[] = [i, '5A', id, name, '10/01/2015'];
  for (let c = 6; c <= 35; c++) row.push(cells[c] ?? null);
  return row;
}

/** A good grade-5 pupil: Tiếng Việt T 9, Toán T 9, and the untested subjects of grade 5 that need no score. */
export const GOOD_PRIMARY: Record<number, Cell> = {
  6: 'T',
  7: 9,
  8: 'T',
  9: 9,
  10: 'T', // Đạo đức
  16: 'H', // Giáo dục thể chất
  17: 'T', // Âm nhạc
  18: 'T', // Mĩ thuật
  19: 'Hoàn thành tốt', // Hoạt động trải nghiệm, in words
  20: 'T',
  21: 'Đ',
  22: 'T',
  33: 'Hoàn thành',
  34: 'Lên lớp',
  35: 'HTT',
};

async function base64(wb: ExcelJS.Workbook): Promise<string> {
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

/** Two title lines, the 3-row header (rows 3–5) with its merged cells, then the rows. */
export async function primaryFile(rows: Cell[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Kết quả cuối năm');
  ws.addRow(['TRƯỜNG TIỂU HỌC KIM ĐỒNG']);
  ws.addRow(['TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CUỐI NĂM HỌC 2025-2026']);
  const h = 3;
  for (let i = 0; i < 3; i++) ws.addRow(PRIMARY_COLUMNS.map((c) => c[i] || null));
  // Merges as the template draws them: single columns down the three rows, groups across.
  let c = 1;
  while (c <= PRIMARY_COLUMNS.length) {
    const [group, name] = PRIMARY_COLUMNS[c - 1]!;
    if (name === '') {
      ws.mergeCells(h, c, h + 2, c);
      c++;
      continue;
    }
    let end = c;
    while (end < PRIMARY_COLUMNS.length && PRIMARY_COLUMNS[end]![0] === group) end++;
    ws.mergeCells(h, c, h, end);
    for (let k = c; k <= end; k++) {
      const [, n, sub] = PRIMARY_COLUMNS[k - 1]!;
      if (sub === '') ws.mergeCells(h + 1, k, h + 2, k);
      else if (PRIMARY_COLUMNS[k - 2]?.[1] !== n) ws.mergeCells(h + 1, k, h + 1, k + 1);
    }
    c = end + 1;
  }
  for (const r of rows) ws.addRow(r);
  return base64(wb);
}

export const SECONDARY_HEADERS = [
  'STT',
  'Tên lớp',
  'Mã định danh',
  'Họ và tên',
  'Ngày sinh',
  'ĐĐGtx1',
  'ĐĐGtx2',
  'ĐĐGtx3',
  'ĐĐGtx4',
  'ĐĐGgk',
  'ĐĐGck',
];

/** A lower-secondary row: identity, then ĐĐGtx 1–4, ĐĐGgk, ĐĐGck. */
export const secondaryRow = (i: number, id: string, name: string, scores: Cell[]): Cell[] => [
  i,
  '8A',
  id,
  name,
  '04/03/2012',
  ...scores,
];

/** One sheet per semester, each named as schools name them; a title line before the header. */
export async function secondaryFile(
  sheets: { name: string; rows: Cell[][]; headers?: string[] }[],
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    ws.addRow(['BẢNG ĐIỂM MÔN TOÁN - LỚP 8A']);
    ws.addRow(s.headers ?? SECONDARY_HEADERS);
    for (const r of s.rows) ws.addRow(r);
  }
  return base64(wb);
}
