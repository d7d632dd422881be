/**
 * Blank workbooks laid out as each importer reads them ("Tải tệp mẫu" in the console), and the same
 * layouts filled with rows (the demo seed's files). The headers are the importers' own first spellings, so
 * a template filled in and uploaded is always recognised:
 * - roster: one header row, ROSTER_COLUMNS' first headers after STT;
 * - marks-primary: the sector database's 35 columns under a 3-row header with its merged groups
 *   (DESIGN.md §7a; primary.ts reads it);
 * - marks-secondary: one sheet a semester ("HK I", "HK II"), STT, Tên lớp, Mã định danh, Họ và tên,
 *   Ngày sinh, ĐĐGtx1–4, ĐĐGgk, ĐĐGck (lower-secondary.ts reads it).
 */
import type ExcelJS from 'exceljs';
import { excel } from '../excel.ts';
import { ROSTER_COLUMNS } from './roster-columns.ts';

export type TemplateCell = string | number | null;
export type TemplateKind = 'roster' | 'marks-primary' | 'marks-secondary';
export const TEMPLATE_KINDS: readonly TemplateKind[] = ['roster', 'marks-primary', 'marks-secondary'];

/** What a filled file says above its header (the school, the class, the year), one line each. */
export interface TemplateTitle {
  lines?: readonly string[];
}

const SUBJECTS_GROUP = 'Môn học và hoạt động giáo dục';
/** The primary sheet's 35 columns: [group (row 1), name (row 2), sub-header (row 3)]. */
export const PRIMARY_SHEET_COLUMNS: readonly (readonly [string, string, string])[] = [
  ['STT', '', ''],
  ['Mã lớp', '', ''],
  ['Mã học sinh', '', ''],
  ['Họ tên', '', ''],
  ['Ngày sinh', '', ''],
  [SUBJECTS_GROUP, 'Tiếng Việt', 'Mức đạt được'],
  [SUBJECTS_GROUP, 'Tiếng Việt', 'Điểm KTĐK'],
  [SUBJECTS_GROUP, 'Toán', 'Mức đạt được'],
  [SUBJECTS_GROUP, 'Toán', 'Điểm KTĐK'],
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
  ].map((n) => [SUBJECTS_GROUP, n, ''] as const),
  ...['Tự chủ và tự học', 'Giao tiếp và hợp tác', 'Giải quyết vấn đề và sáng tạo'].map(
    (n) => ['Năng lực chung', n, ''] as const,
  ),
  ...['Ngôn ngữ', 'Tính toán', 'Khoa học', 'Thẩm mĩ', 'Thể chất'].map(
    (n) => ['Năng lực đặc thù', n, ''] as const,
  ),
  ...['Yêu nước', 'Nhân ái', 'Chăm chỉ', 'Trung thực', 'Trách nhiệm'].map(
    (n) => ['Phẩm chất chủ yếu', n, ''] as const,
  ),
  ['Hoàn thành chương trình lớp học', '', ''],
  ['Lên lớp', '', ''],
  ['Xếp loại', '', ''],
];

export const ROSTER_SHEET_HEADERS: readonly string[] = ['STT', ...ROSTER_COLUMNS.map((c) => c.headers[0]!)];

export const SECONDARY_SHEET_HEADERS: readonly string[] = [
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

const BOLD = { bold: true } as const;

/** Identity columns hold codes with leading zeros: typed into a text column, Excel keeps them. */
function asText(ws: ExcelJS.Worksheet, ...cols: number[]): void {
  for (const c of cols) ws.getColumn(c).numFmt = '@';
}

function titleRows(ws: ExcelJS.Worksheet, title: TemplateTitle | undefined): void {
  for (const line of title?.lines ?? []) ws.addRow([line]).font = BOLD;
}

/** The class list: one header row, then the rows (cells in ROSTER_SHEET_HEADERS' order). */
export async function rosterWorkbook(
  rows: TemplateCell[][] = [],
  title?: TemplateTitle,
): Promise<Uint8Array> {
  const wb = new (await excel()).Workbook();
  const ws = wb.addWorksheet('Danh sách lớp');
  titleRows(ws, title);
  ws.addRow([...ROSTER_SHEET_HEADERS]).font = BOLD;
  const at = (h: string) => ROSTER_SHEET_HEADERS.indexOf(h) + 1;
  asText(ws, at('Mã định danh'), at('Mã học sinh'), at('Ngày sinh'));
  ROSTER_SHEET_HEADERS.forEach((h, i) => {
    ws.getColumn(i + 1).width = Math.max(8, h.length + 4);
  });
  ws.getColumn(at('Họ và tên')).width = 26;
  ws.getColumn(at('Nơi sinh')).width = 34;
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The primary results sheet: the 3-row header with its merges as the template draws them, then the rows. */
export async function primaryMarksWorkbook(
  rows: TemplateCell[][] = [],
  title?: TemplateTitle,
): Promise<Uint8Array> {
  const wb = new (await excel()).Workbook();
  const ws = wb.addWorksheet('Kết quả cuối năm');
  titleRows(ws, title);
  const h = ws.rowCount + 1;
  for (let i = 0; i < 3; i++) ws.addRow(PRIMARY_SHEET_COLUMNS.map((c) => c[i] || null)).font = BOLD;
  const n = PRIMARY_SHEET_COLUMNS.length;
  let c = 1;
  while (c <= n) {
    const [group, name] = PRIMARY_SHEET_COLUMNS[c - 1]!;
    if (name === '') {
      ws.mergeCells(h, c, h + 2, c);
      c++;
      continue;
    }
    let end = c;
    while (end < n && PRIMARY_SHEET_COLUMNS[end]![0] === group) end++;
    ws.mergeCells(h, c, h, end);
    for (let k = c; k <= end; k++) {
      const [, name2, sub] = PRIMARY_SHEET_COLUMNS[k - 1]!;
      if (sub === '') ws.mergeCells(h + 1, k, h + 2, k);
      else if (PRIMARY_SHEET_COLUMNS[k - 2]?.[1] !== name2) ws.mergeCells(h + 1, k, h + 1, k + 1);
    }
    c = end + 1;
  }
  asText(ws, 2, 3, 5);
  ws.getColumn(3).width = 16;
  ws.getColumn(4).width = 26;
  ws.getColumn(5).width = 12;
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The lower-secondary mark sheet: one worksheet per semester, each with its header row. */
export async function secondaryMarksWorkbook(
  semesters: { name: string; rows: TemplateCell[][] }[] = [
    { name: 'HK I', rows: [] },
    { name: 'HK II', rows: [] },
  ],
  title?: TemplateTitle,
): Promise<Uint8Array> {
  const wb = new (await excel()).Workbook();
  for (const s of semesters) {
    const ws = wb.addWorksheet(s.name);
    titleRows(ws, title);
    ws.addRow([...SECONDARY_SHEET_HEADERS]).font = BOLD;
    asText(ws, 3, 5);
    ws.getColumn(3).width = 16;
    ws.getColumn(4).width = 26;
    for (const r of s.rows) ws.addRow(r);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The blank template of one layout. */
export function templateOf(kind: TemplateKind): Promise<Uint8Array> {
  switch (kind) {
    case 'roster':
      return rosterWorkbook();
    case 'marks-primary':
      return primaryMarksWorkbook();
    case 'marks-secondary':
      return secondaryMarksWorkbook();
  }
}

/** The file name a template is saved under (ASCII: every browser and OS keeps it as is). */
export const TEMPLATE_FILE_NAMES: Record<TemplateKind, string> = {
  roster: 'mau-danh-sach-lop.xlsx',
  'marks-primary': 'mau-ket-qua-tieu-hoc.xlsx',
  'marks-secondary': 'mau-bang-diem-mon-hoc.xlsx',
};
