/**
 * The statistics as an Excel workbook, as a Phòng or Sở files them (seed 000 Điều 7.3–7.4): one sheet per
 * level of detail (district, school, school and grade), Vietnamese headers, numbers stored as numbers so
 * the office can sum them, and a title row with the school year and the day it was made (dd/mm/yyyy, in
 * Vietnam's time zone).
 */
import { instantDate } from '@hocba/records';
import type ExcelJS from 'exceljs';
import { excel } from '../excel.ts';
import { COUNTS, type Counts, type Statistics } from './statistics.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The counted steps' headers, in COUNTS' order. */
export const COUNT_HEADERS: Record<(typeof COUNTS)[number], string> = {
  total: 'Số học bạ',
  locked: 'Đã khóa sổ',
  signed: 'Đã ký',
  anchored: 'Đã neo lên sổ cái',
  accepted: 'Phòng GD&ĐT đã tiếp nhận',
  revoked: 'Đã thu hồi',
};

export const SHEET_NAMES = {
  districts: 'Theo Phòng GD&ĐT',
  schools: 'Theo trường',
  grades: 'Theo trường và khối',
};

/** A file name a person can read, without characters a file system refuses. */
export const statisticsFileName = (schoolYear: string, now: Date) =>
  `thong-ke-hoc-ba-${schoolYear}-${instantDate(now.toISOString())!.vi.split('/').reverse().join('-')}.xlsx`;

function sheet(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  labels: string[],
  rows: (string | number)[][],
  totals: Counts,
  /** The sum row's cells under the labels after the first ('Tổng cộng'). */
  sumLabels: (string | number)[] = [],
): void {
  const ws = wb.addWorksheet(name);
  const headers = [...labels, ...COUNTS.map((k) => COUNT_HEADERS[k])];
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, headers.length);
  ws.getRow(1).font = { bold: true, size: 13 };
  const head = ws.addRow(headers);
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle' };
  for (const r of rows) ws.addRow(r);
  const sum = ws.addRow([
    'Tổng cộng',
    ...labels.slice(1).map((_, i) => sumLabels[i] ?? ''),
    ...COUNTS.map((k) => totals[k]),
  ]);
  sum.font = { bold: true };
  ws.columns.forEach((c, i) => {
    c.width = i < labels.length ? (i === labels.length - 1 && labels.length > 1 ? 28 : 24) : 14;
  });
  ws.views = [{ state: 'frozen', ySplit: 2 }];
}

/** The workbook's bytes. */
export async function statisticsWorkbook(s: Statistics, now: Date): Promise<Uint8Array> {
  const wb = new (await excel()).Workbook();
  wb.creator = 'hocba';
  wb.created = now;
  const title = `Thống kê học bạ số năm học ${s.schoolYear} — lập ngày ${instantDate(now.toISOString())!.vi}`;
  const counts = (c: Counts) => COUNTS.map((k) => c[k]);
  sheet(
    wb,
    SHEET_NAMES.districts,
    title,
    ['Phòng GD&ĐT', 'Số trường'],
    s.districts.map((d) => [d.districtName, d.schools, ...counts(d)]),
    s.totals,
    [s.schools.length],
  );
  sheet(
    wb,
    SHEET_NAMES.schools,
    title,
    ['Phòng GD&ĐT', 'Trường'],
    s.schools.map((x) => [x.districtName, x.schoolName, ...counts(x)]),
    s.totals,
  );
  sheet(
    wb,
    SHEET_NAMES.grades,
    title,
    ['Phòng GD&ĐT', 'Trường', 'Khối'],
    s.rows.map((r) => [r.districtName, r.schoolName, r.grade, ...counts(r)]),
    s.totals,
  );
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
