/**
 * The acceptance area's pure helpers (console/src/pages/acceptance/data.ts): the countdown to a deadline in
 * Vietnam's calendar days (a deadline of 30/6 at 23:59:59 in Hà Nội is 16:59:59 UTC), the deadline that
 * applies to each kind of batch, and a certificate subject's attributes.
 */
import { describe, expect, it } from 'vitest';
import { countdown, deadlineOf, nameAttribute, shortId } from '../src/pages/acceptance/data.ts';

const DEADLINE = '2026-06-30T16:59:59.000Z';

describe('countdown', () => {
  it('counts Vietnam’s days, not 24-hour spans from now', () => {
    // 18/6 at 08:00 in Hà Nội: twelve days to the 30th.
    expect(countdown(DEADLINE, new Date('2026-06-18T01:00:00Z'))).toEqual({ kind: 'left', days: 12 });
    // 18/6 at 23:30 in Hà Nội is still the 18th (16:30 UTC).
    expect(countdown(DEADLINE, new Date('2026-06-18T16:30:00Z'))).toEqual({ kind: 'left', days: 12 });
    // 19/6 at 00:30 in Hà Nội is 17:30 UTC of the 18th: eleven days.
    expect(countdown(DEADLINE, new Date('2026-06-18T17:30:00Z'))).toEqual({ kind: 'left', days: 11 });
  });

  it('is due today on its day until the moment it passes, then overdue by whole days', () => {
    expect(countdown(DEADLINE, new Date('2026-06-30T01:00:00Z'))).toEqual({ kind: 'today' });
    expect(countdown(DEADLINE, new Date('2026-06-30T16:59:59.000Z'))).toEqual({ kind: 'today' });
    expect(countdown(DEADLINE, new Date('2026-06-30T17:00:00Z'))).toEqual({ kind: 'over', days: 1 });
    expect(countdown(DEADLINE, new Date('2026-07-03T03:00:00Z'))).toEqual({ kind: 'over', days: 3 });
  });
});

describe('deadlineOf', () => {
  const c = {
    schoolYear: '2025-2026',
    lockFrom: '2026-05-01T00:00:00.000Z',
    lockUntil: '2026-06-20T00:00:00.000Z',
    acceptanceDeadline: 'A',
    reportDeadline: 'R',
    supplementaryDeadline: 'S',
    replacementFrom: '2026-05-01T00:00:00.000Z',
    replacementUntil: 'U',
    setAt: '2026-04-01T00:00:00.000Z',
  };
  it('takes the window the chaincode checks for each kind', () => {
    expect(deadlineOf('regular', c)).toBe('A');
    expect(deadlineOf('supplementary', c)).toBe('S');
    expect(deadlineOf('replacement', c)).toBe('U');
  });
});

describe('nameAttribute', () => {
  const subject =
    'C=VN,ST=Quảng Ninh,O=Trường Tiểu học Kim Đồng\\, Hạ Long,OU=SCH-QN-001,CN=Hiệu trưởng Trường Tiểu học Kim Đồng';
  it('reads an RFC 4514 attribute, an escaped comma included', () => {
    expect(nameAttribute(subject, 'CN')).toBe('Hiệu trưởng Trường Tiểu học Kim Đồng');
    expect(nameAttribute(subject, 'O')).toBe('Trường Tiểu học Kim Đồng, Hạ Long');
    expect(nameAttribute(subject, 'OU')).toBe('SCH-QN-001');
    expect(nameAttribute(subject, 'L')).toBeUndefined();
  });
  it('shortens an identifier to its ends', () => {
    expect(shortId('a'.repeat(8) + 'b'.repeat(50) + 'c'.repeat(6))).toBe('aaaaaaaa…cccccc');
    expect(shortId('15')).toBe('15');
  });
});
