/**
 * Finding a printed row in a PDF's extracted text: cells in order with nothing between them, a space the
 * extraction adds tolerated but never one of the row's missing, the footer cut off, a row split across
 * pages matched as its slices, and a differing cell named with what is printed instead.
 */
import { describe, expect, it } from 'vitest';
import { explainMiss, findRow, matchAt, pageContent } from '../src/page-match.ts';

const start = { index: 0, at: 0 };

describe('matchAt', () => {
  it('tolerates a space added inside a cell, never a missing one', () => {
    expect(matchAt('2025- 2026 x', 0, '2025-2026')).toBe(10);
    expect(matchAt('9 10', 0, '9 10')).toBe(4);
    expect(matchAt('91 0', 0, '9 10')).toBe(-1);
    expect(matchAt('910', 0, '9 10')).toBe(-1);
  });
});

describe('pageContent', () => {
  it('cuts the footer (both codes and the page number, drawn last), keeps the panel above', () => {
    const page =
      'Mã số tra cứu: AAAA-BBBB Toán 9 Mã số tra cứu: AAAA-BBBB · Mã nội dung: X Tra cứu tại / Check at u Trang 1/2';
    expect(pageContent(page)).toBe('Mã số tra cứu: AAAA-BBBB Toán 9');
    expect(pageContent('Toán  9\n')).toBe('Toán 9');
  });
});

describe('findRow', () => {
  it('finds the cells in order, one after another; another cell between them is a miss', () => {
    expect(
      findRow(['Môn học Toán Hoàn thành tốt 9 Khoa học'], ['Toán', 'Hoàn thành tốt', '9'], start),
    ).toBeTruthy();
    expect(findRow(['Toán Hoàn thành tốt 10 9'], ['Toán', 'Hoàn thành tốt', '9'], start)).toBeUndefined();
    // A cell that only starts like the expected one.
    expect(findRow(['Toán Hoàn thành tốt 90'], ['Toán', 'Hoàn thành tốt', '9'], start)).toBeUndefined();
  });

  it('looks from the previous row on: an earlier copy of a label does not count', () => {
    const pages = ['Khoa học Đạt Toán 9 Khoa học Tốt'];
    const first = findRow(pages, ['Toán', '9'], start)!;
    expect(findRow(pages, ['Khoa học', 'Tốt'], first.end)).toBeTruthy();
    expect(findRow(pages, ['Khoa học', 'Đạt'], first.end)).toBeUndefined();
  });

  it('matches a row split across pages: each cell’s start to the page’s end, the rest after the repeated header', () => {
    const pages = [
      'Toán Hoàn thành tốt 9 Em nắm vững kiến thức',
      'Môn học Mức đạt được Điểm Nhận xét kĩ năng môn học. Khoa học',
    ];
    const cells = ['Toán', 'Hoàn thành tốt', '9', 'Em nắm vững kiến thức kĩ năng môn học.'];
    const header = new Set(['Môn', 'học', 'Mức', 'đạt', 'được', 'Điểm', 'Nhận', 'xét']);
    expect(findRow(pages, cells, start, header)?.end.index).toBe(1);
    // Without the header's words, the rest must start the page.
    expect(findRow(pages, cells, start)).toBeUndefined();
    expect(findRow([pages[0]!, 'kĩ năng môn học. Khoa học'], cells, start)?.end.index).toBe(1);
    // The rest found further down the page, after other content, is not this row's.
    expect(
      findRow([pages[0]!, `Môn học Khoa học Đạt kĩ năng môn học.`], cells, start, header),
    ).toBeUndefined();
    // The rest edited on the next page.
    expect(
      findRow([pages[0]!, 'Môn học Mức đạt được Điểm Nhận xét kĩ năng kém. Khoa học'], cells, start, header),
    ).toBeUndefined();
    // A slice that stops before the page's end is not a split.
    expect(findRow([`${pages[0]} chen`, pages[1]!], cells, start, header)).toBeUndefined();
  });
});

describe('explainMiss', () => {
  it('names the page and the cell printed instead, or says the row is not there', () => {
    const pages = ['Lý lịch', 'Môn học Toán Hoàn thành tốt 10 Khoa học'];
    expect(explainMiss(pages, ['Toán', 'Hoàn thành tốt', '9'], start)).toEqual({
      index: 1,
      cell: 2,
      printed: '10',
      expected: '9',
    });
    expect(explainMiss(pages, ['Tin học', '9'], start)).toEqual({});
  });
});
