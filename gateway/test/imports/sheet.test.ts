/** The worksheet helpers: column letters, headers as schools write them, dates in every stored form. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  calendarDay,
  cellDate,
  cellText,
  columnLetter,
  headerKey,
  matchHeaders,
} from '../../src/imports/sheet.ts';

const cell = (value: ExcelJS.CellValue) => {
  const ws = new ExcelJS.Workbook().addWorksheet('t');
  ws.getCell('A1').value = value;
  return ws.getCell('A1');
};

describe('sheet helpers', () => {
  it('names columns as spreadsheets do', () => {
    expect([1, 26, 27, 52, 53, 702, 703].map(columnLetter)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('compares headers without accents, case, punctuation or extra spaces', () => {
    expect(headerKey('  MÃ ĐỊNH  DANH ')).toBe('ma dinh danh');
    expect(headerKey('Họ và tên (*)')).toBe('ho va ten');
    expect(headerKey('Ngày sinh'.normalize('NFD'))).toBe('ngay sinh');
  });

  it('reads dates written dd/mm/yyyy, stored as dates, or as serial numbers; refuses days that do not exist', () => {
    expect(cellDate(cell('2/9/2015'))).toBe('2015-09-02');
    expect(cellDate(cell('02-09-2015'))).toBe('2015-09-02');
    expect(cellDate(cell(new Date(Date.UTC(2015, 8, 2))))).toBe('2015-09-02');
    // 42249 is 2015-09-02 in Excel's and LibreOffice's 1899-12-30 epoch.
    expect(cellDate(cell(42249))).toBe('2015-09-02');
    expect(cellDate(cell('29/02/2016'))).toBe('2016-02-29');
    expect(cellDate(cell('29/02/2015'))).toBeUndefined();
    expect(cellDate(cell('2015-09-02'))).toBeUndefined();
    expect(cellDate(cell(42249.5))).toBeUndefined();
    expect(calendarDay(2015, 13, 1)).toBeUndefined();
  });

  it('reads rich text and formula results as text, in NFC', () => {
    expect(cellText(cell({ richText: [{ text: 'Nguyễn ' }, { text: 'Văn An' }] }))).toBe('Nguyễn Văn An');
    expect(cellText(cell({ formula: 'A2', result: 'Kinh' } as ExcelJS.CellFormulaValue))).toBe('Kinh');
    expect(cellText(cell(' Lê An '.normalize('NFD')))).toBe('Lê An');
  });

  it('finds the header row below title lines, and says what is missing when none has everything', () => {
    const ws = new ExcelJS.Workbook().addWorksheet('t');
    ws.addRow(['DANH SÁCH']);
    ws.addRow(['STT', 'Họ tên', 'Mã định danh']);
    const specs = [
      { key: 'name', headers: ['Họ và tên', 'Họ tên'], required: true },
      { key: 'id', headers: ['Mã định danh'], required: true },
      { key: 'dob', headers: ['Ngày sinh'], required: false },
    ] as const;
    expect(matchHeaders(ws, specs)).toMatchObject({ headerRow: 2, columns: { name: 2, id: 3 }, missing: [] });
    const bare = new ExcelJS.Workbook().addWorksheet('t');
    bare.addRow(['STT', 'Họ tên']);
    expect(matchHeaders(bare, specs)).toMatchObject({ headerRow: 1, missing: ['id'] });
  });
});
