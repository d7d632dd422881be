/**
 * The year area's pure parts (console/src/pages/year): the calendar form's days as the ledger's instants (a
 * window opens at 00:00, a deadline ends at 23:59:59, Vietnam's time), its checks (a real day, each pair in
 * order), and the charts' rows (every day of the season, batches summed up to each day).
 */
import { describe, expect, it } from 'vitest';
import { WINDOWS } from '../src/pages/year/data.ts';
import { check, instantOf, type Parts, partsOf } from '../src/pages/year/dates.ts';
import { seasonRows } from '../src/pages/year/season.ts';

const day = (d: number, m: number, y: number) => ({ day: String(d), month: String(m), year: String(y) });
const VALID: Parts = {
  lockFrom: day(1, 5, 2026),
  lockUntil: day(25, 6, 2026),
  acceptanceDeadline: day(30, 6, 2026),
  reportDeadline: day(10, 7, 2026),
  supplementaryDeadline: day(15, 8, 2026),
  replacementFrom: day(1, 5, 2026),
  replacementUntil: day(31, 5, 2027),
};

describe('the calendar form', () => {
  it('turns a window’s day into the instant the ledger stores, in Vietnam’s time', () => {
    expect(instantOf('lockFrom', '2026-05-01')).toBe('2026-04-30T17:00:00.000Z');
    expect(instantOf('acceptanceDeadline', '2026-06-30')).toBe('2026-06-30T16:59:59.000Z');
    expect(partsOf('2026-06-30T16:59:59.000Z')).toEqual(day(30, 6, 2026));
    expect(partsOf('2026-04-30T17:00:00.000Z')).toEqual(day(1, 5, 2026));
  });

  it('accepts an ordered calendar and sends every window', () => {
    const r = check(VALID, 'vi');
    expect('windows' in r && Object.keys(r.windows)).toEqual([...WINDOWS]);
  });

  it('names each field in error: missing, not a real day, out of order', () => {
    const r = check(
      {
        ...VALID,
        lockUntil: day(31, 2, 2026),
        reportDeadline: { day: '', month: '', year: '' },
        replacementUntil: day(1, 4, 2026),
      },
      'vi',
    );
    expect('errors' in r && r.errors).toEqual({
      lockUntil: 'Ngày của mốc “Hạn chốt (khóa) học bạ” không có thật; nhập ngày, tháng và năm bằng số',
      reportDeadline: 'Nhập ngày của mốc “Hạn Sở báo cáo Bộ”',
      replacementUntil: '“Hạn báo cáo thay thế” không được trước “Mở báo cáo thay thế”',
    });
    const late = check({ ...VALID, acceptanceDeadline: day(24, 6, 2026) }, 'en');
    expect('errors' in late && late.errors).toEqual({
      acceptanceDeadline: '“District acceptance deadline” must not be before “Locking closes”',
    });
  });
});

describe('the charts’ rows', () => {
  it('fills the days between and sums the batches up to each day', () => {
    const rows = seasonRows([
      { date: '2026-05-19', recordsLocked: 30, batchesSigned: 1, batchesAnchored: 0, batchesAccepted: 0 },
      { date: '2026-05-21', recordsLocked: 5, batchesSigned: 1, batchesAnchored: 2, batchesAccepted: 1 },
    ]);
    expect(rows.map((r) => [r.label, r.recordsLocked, r.signed, r.anchored, r.accepted])).toEqual([
      ['19/05', 30, 1, 0, 0],
      ['20/05', 0, 1, 0, 0],
      ['21/05', 5, 2, 2, 1],
    ]);
    expect(seasonRows([])).toEqual([]);
  });

  it('draws the whole season when everything happened on one day', () => {
    const one = [
      { date: '2026-05-20', recordsLocked: 4, batchesSigned: 1, batchesAnchored: 1, batchesAccepted: 0 },
    ];
    const rows = seasonRows(one, { from: '2026-05-18', to: '2026-05-22' });
    expect(rows.map((r) => [r.date, r.recordsLocked, r.anchored])).toEqual([
      ['2026-05-18', 0, 0],
      ['2026-05-19', 0, 0],
      ['2026-05-20', 4, 1],
      ['2026-05-21', 0, 1],
      ['2026-05-22', 0, 1],
    ]);
    // An event outside the span is drawn all the same.
    expect(seasonRows(one, { from: '2026-05-21', to: '2026-05-21' }).map((r) => r.date)).toEqual([
      '2026-05-20',
      '2026-05-21',
    ]);
  });
});
