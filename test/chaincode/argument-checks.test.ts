/**
 * The chaincode's argument checks (chaincode/src/args.ts) and its calendar window check (requireWindow), at
 * their boundaries: every argument reaches the chaincode as a string from a client that may be wrong.
 * Imported from the source, so mutation testing (npm run mutation) sees them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as arg from '../../chaincode/src/args.ts';
import { requireWindow } from '../../chaincode/src/contracts/calendar.ts';

/** The refusal's message, or the value returned. */
function result<T>(f: () => T): T | string {
  try {
    return f();
  } catch (e) {
    return (e as Error).message;
  }
}

describe('argument checks', () => {
  it('id: 1–64 of A–Z a–z 0–9 . _ -, not starting with a punctuation mark', () => {
    const refused = 'INVALID_ARGUMENT: school id must be 1–64 of A–Z a–z 0–9 . _ -';
    for (const ok of ['a', 'SCH-QN-001', 'B.1_x-y', `A${'b'.repeat(63)}`, '0']) {
      expect(arg.id(ok, 'school id')).toBe(ok);
    }
    for (const bad of ['', '-a', '.a', '_a', `A${'b'.repeat(64)}`, 'a b', 'a/b', 'trường', 'a\n', '\na']) {
      expect(result(() => arg.id(bad, 'school id'))).toBe(refused);
    }
  });

  it('schoolYear: two consecutive years', () => {
    expect(arg.schoolYear('2025-2026')).toBe('2025-2026');
    for (const bad of [
      '2025-2027',
      '2025-2025',
      '2026-2025',
      '2025/2026',
      '25-26',
      'x2025-2026',
      '2025-2026x',
    ]) {
      expect(result(() => arg.schoolYear(bad))).toBe(
        'INVALID_ARGUMENT: school year must look like 2025-2026',
      );
    }
  });

  it('instant: an ISO 8601 UTC time, returned normalised', () => {
    expect(arg.instant('2026-06-30T17:00Z', 'until')).toBe('2026-06-30T17:00:00.000Z');
    expect(arg.instant('2026-06-30T17:00:05Z', 'until')).toBe('2026-06-30T17:00:05.000Z');
    expect(arg.instant('2026-06-30T17:00:05.5Z', 'until')).toBe('2026-06-30T17:00:05.500Z');
    expect(arg.instant('2026-06-30T17:00:05.123Z', 'until')).toBe('2026-06-30T17:00:05.123Z');
    const refused = 'INVALID_ARGUMENT: until must be an ISO 8601 UTC time such as 2026-06-30T17:00:00Z';
    for (const bad of [
      '2026-06-30',
      '2026-06-30T17:00:00+07:00',
      '2026-06-30T17:00:00.1234Z',
      '2026-13-45T17:00:00Z',
      'x2026-06-30T17:00:00Z',
      '2026-06-30T17:00:00Zx',
      '2026-06-30T17:00:00.Z',
      // Date.parse takes an expanded year; the check does not.
      '+002026-06-30T17:00:00Z',
      '',
    ]) {
      expect(result(() => arg.instant(bad, 'until'))).toBe(refused);
    }
  });

  it('reasonCode: 2–40 of A–Z 0–9 _', () => {
    for (const ok of ['AB', 'CORRECTION', 'WRONG_DATA_2', 'A'.repeat(40)])
      expect(arg.reasonCode(ok)).toBe(ok);
    for (const bad of ['A', 'A'.repeat(41), 'correction', 'WRONG-DATA', ' AB', 'AB ', '']) {
      expect(result(() => arg.reasonCode(bad))).toBe(
        'INVALID_ARGUMENT: reason code must be 2–40 of A–Z 0–9 _',
      );
    }
  });

  it('legalBasis and name: 3–200 and 2–200 characters once trimmed, in NFC', () => {
    expect(arg.legalBasis('  QĐ 1  ')).toBe('QĐ 1');
    expect(arg.legalBasis('QĐ1')).toBe('QĐ1');
    expect(arg.legalBasis('x'.repeat(200))).toBe('x'.repeat(200));
    // "Đ" decomposed is normalised to one code point, so the length counted is the NFC one.
    expect(arg.legalBasis('QĐ 12'.normalize('NFD'))).toBe('QĐ 12'.normalize('NFC'));
    for (const bad of ['QĐ', '  Q1  ', 'x'.repeat(201), '']) {
      expect(result(() => arg.legalBasis(bad))).toBe(
        'INVALID_ARGUMENT: legal basis must be 3–200 characters',
      );
    }
    expect(arg.name(' Trường A ', 'name')).toBe('Trường A');
    expect(arg.name('ab', 'name')).toBe('ab');
    expect(arg.name('ế'.normalize('NFD').repeat(2), 'name')).toBe('ếế');
    expect(arg.name('x'.repeat(200), 'name')).toBe('x'.repeat(200));
    for (const bad of ['a', ' a ', 'x'.repeat(201), 'ế'.normalize('NFD').repeat(201)]) {
      expect(result(() => arg.name(bad, 'school name'))).toBe(
        'INVALID_ARGUMENT: school name must be 2–200 characters',
      );
    }
  });

  it('nonNegativeInt: 1–9 decimal digits', () => {
    expect(arg.nonNegativeInt('0', 'leaf index')).toBe(0);
    expect(arg.nonNegativeInt('007', 'leaf index')).toBe(7);
    expect(arg.nonNegativeInt('999999999', 'leaf index')).toBe(999_999_999);
    for (const bad of ['', '-1', '1.5', '1e3', '0x10', ' 1', '1 ', '1000000000', 'NaN']) {
      expect(result(() => arg.nonNegativeInt(bad, 'leaf index'))).toBe(
        'INVALID_ARGUMENT: leaf index must be a whole number',
      );
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (n) => arg.nonNegativeInt(String(n), 'i') === n),
    );
  });

  it('json: parsed, or refused with the argument named', () => {
    expect(arg.json<{ a: number }>('{"a":1}', 'windows')).toEqual({ a: 1 });
    expect(result(() => arg.json('{not json', 'windows'))).toBe('INVALID_ARGUMENT: windows is not JSON');
  });
});

describe('requireWindow', () => {
  const from = '2026-06-01T00:00:00.000Z';
  const until = '2026-06-30T16:59:59.000Z';
  const at = (iso: string) => () => requireWindow(new Date(iso), from, until, 'locking');

  it('is open from `from` to `until`, both included', () => {
    expect(at(from)).not.toThrow();
    expect(at(until)).not.toThrow();
    expect(at('2026-06-15T00:00:00.000Z')).not.toThrow();
    expect(() =>
      requireWindow(new Date('2000-01-01T00:00:00Z'), undefined, until, 'acceptance'),
    ).not.toThrow();
  });

  it('is closed a millisecond outside, and says when it is open', () => {
    expect(result(at('2026-05-31T23:59:59.999Z'))).toBe(
      `WINDOW_CLOSED: locking is open from ${from} until ${until}; it is now 2026-05-31T23:59:59.999Z`,
    );
    expect(result(at('2026-06-30T16:59:59.001Z'))).toBe(
      `WINDOW_CLOSED: locking is open from ${from} until ${until}; it is now 2026-06-30T16:59:59.001Z`,
    );
    expect(
      result(() => requireWindow(new Date('2026-07-01T00:00:00Z'), undefined, until, 'acceptance')),
    ).toBe(`WINDOW_CLOSED: acceptance is open until ${until}; it is now 2026-07-01T00:00:00.000Z`);
  });
});
