/**
 * The portal's pure helpers, without a browser: the three-field date of birth (what is refused and which
 * field is marked), dates and times as a Vietnamese reader writes them, and a certificate's name read back.
 */
import { describe, expect, it } from 'vitest';
import { checkDateParts, splitIsoDate, todayInVietnam } from '../src/date-parts.ts';
import { plainInstants, vnDate, vnDateTime } from '../src/format.ts';
import { nameAttributes } from '../src/signer.ts';

const TODAY = '2026-12-06';
const typed = (day: string, month: string, year: string) => checkDateParts({ day, month, year }, TODAY);

describe('the date of birth in three fields', () => {
  it('takes a date as a parent types it, with or without zeros and spaces, as the API’s YYYY-MM-DD', () => {
    expect(typed('27', '3', '2012')).toEqual({ ok: true, iso: '2012-03-27' });
    expect(typed(' 07', '03 ', '2012')).toEqual({ ok: true, iso: '2012-03-07' });
    expect(typed('29', '2', '2012')).toEqual({ ok: true, iso: '2012-02-29' });
    expect(typed('6', '12', '2026')).toEqual({ ok: true, iso: TODAY });
  });

  it('says what is wrong and marks only the fields at fault', () => {
    expect(typed('', '', '')).toEqual({ ok: false, problem: 'empty', fields: ['day', 'month', 'year'] });
    expect(typed('27', '', '')).toEqual({ ok: false, problem: 'incomplete', fields: ['month', 'year'] });
    expect(typed('', '3', '2012')).toEqual({ ok: false, problem: 'incomplete', fields: ['day'] });
    expect(typed('27', 'ba', '2012')).toEqual({ ok: false, problem: 'notNumber', fields: ['month'] });
    expect(typed('2x', '3', '20l2')).toEqual({ ok: false, problem: 'notNumber', fields: ['day', 'year'] });
    expect(typed('27', '3', '12')).toEqual({ ok: false, problem: 'yearDigits', fields: ['year'] });
    expect(typed('27', '13', '2012')).toEqual({ ok: false, problem: 'notReal', fields: ['month'] });
    expect(typed('27', '0', '2012')).toEqual({ ok: false, problem: 'notReal', fields: ['month'] });
    expect(typed('29', '2', '2013')).toEqual({ ok: false, problem: 'notReal', fields: ['day'] });
    expect(typed('31', '4', '2012')).toEqual({ ok: false, problem: 'notReal', fields: ['day'] });
    expect(typed('0', '4', '2012')).toEqual({ ok: false, problem: 'notReal', fields: ['day'] });
    expect(typed('7', '12', '2026')).toEqual({
      ok: false,
      problem: 'future',
      fields: ['day', 'month', 'year'],
    });
    expect(typed('1', '1', '1899')).toEqual({ ok: false, problem: 'tooEarly', fields: ['year'] });
  });

  it('knows today in Vietnam (UTC+7), not in UTC', () => {
    expect(todayInVietnam(new Date('2026-12-06T16:59:59Z'))).toBe('2026-12-06');
    expect(todayInVietnam(new Date('2026-12-06T17:00:00Z'))).toBe('2026-12-07');
  });

  it('splits a date back into the fields, without leading zeros', () => {
    expect(splitIsoDate('2012-03-07')).toEqual({ day: '7', month: '3', year: '2012' });
    expect(splitIsoDate('2012-11-27')).toEqual({ day: '27', month: '11', year: '2012' });
  });
});

describe('dates and times as a Vietnamese reader writes them', () => {
  it('writes a calendar date dd/mm/yyyy without moving it a day', () => {
    expect(vnDate('2014-03-07')).toBe('07/03/2014');
  });

  it('writes an instant in Vietnam’s time: the date may be the next day’s', () => {
    expect(vnDate('2026-12-06T18:30:00Z')).toBe('07/12/2026');
    expect(vnDateTime('2026-12-06T03:29:22.319Z')).toBe('06/12/2026 10:29');
    expect(vnDateTime('2026-12-06T17:05:00Z')).toBe('07/12/2026 00:05');
  });

  it('leaves what is not a date as it is, and nothing as nothing', () => {
    expect(vnDate('QĐ 6/QĐ-THKĐ')).toBe('QĐ 6/QĐ-THKĐ');
    expect(vnDateTime(undefined)).toBeUndefined();
    expect(vnDate(null)).toBeUndefined();
  });

  it('rewrites every ISO instant inside a sentence', () => {
    expect(plainInstants('ký lúc 2026-05-20T02:59:00.000Z, neo lúc 2026-05-20T03:00:00Z.')).toBe(
      'ký lúc 20/05/2026 09:59, neo lúc 20/05/2026 10:00.',
    );
    expect(plainInstants('không có thời điểm nào')).toBe('không có thời điểm nào');
  });
});

describe('a certificate’s name read back', () => {
  it('takes CN and O from an RFC 4514 name, escapes undone, first value of a repeated type', () => {
    expect(
      nameAttributes('CN=Hiệu trưởng Trường Tiểu học Kim Đồng,OU=SCH-QN-001,O=Trường Tiểu học Kim Đồng,C=VN'),
    ).toEqual({
      CN: 'Hiệu trưởng Trường Tiểu học Kim Đồng',
      OU: 'SCH-QN-001',
      O: 'Trường Tiểu học Kim Đồng',
      C: 'VN',
    });
    expect(nameAttributes('CN=Nguyễn\\, Văn A+UID=42,O=A,O=B')).toEqual({
      CN: 'Nguyễn, Văn A',
      UID: '42',
      O: 'A',
    });
  });
});
