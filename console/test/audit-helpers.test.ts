/**
 * The audit area's pure parts (console/src/pages/audit): the log's filters turned into the gateway's query
 * or into errors linked to their fields, and a root certificate file read as the PEM the gateway takes.
 */
import { describe, expect, it } from 'vitest';
import { AnchorFileError, anchorPem, dnText, fingerprintText } from '../src/pages/audit/anchor-file.ts';
import { NO_FILTERS, queryOf } from '../src/pages/audit/log-filters.ts';

const day = (d: string, m: string, y: string) => ({ day: d, month: m, year: y });

describe('queryOf', () => {
  it('leaves out what is not chosen and writes days as YYYY-MM-DD', () => {
    expect(queryOf(NO_FILTERS, 'vi')).toEqual({ query: {} });
    expect(
      queryOf({ ...NO_FILTERS, schoolId: 'SCH-QN-001', group: 'batches', from: day('1', '7', '2026') }, 'vi'),
    ).toEqual({ query: { schoolId: 'SCH-QN-001', group: 'batches', from: '2026-07-01' } });
  });

  it('refuses a day that does not exist, one half typed, and a range that ends before it starts', () => {
    expect(queryOf({ ...NO_FILTERS, from: day('31', '2', '2026') }, 'vi')).toEqual({
      errors: [{ field: 'audit-from-day', message: 'Ngày bắt đầu phải là một ngày có thật' }],
    });
    expect(queryOf({ ...NO_FILTERS, to: day('5', '', '2026') }, 'en')).toEqual({
      errors: [{ field: 'audit-to-day', message: 'Enter the day, month and year of the last day' }],
    });
    expect(queryOf({ ...NO_FILTERS, from: day('2', '1', '2026'), to: day('1', '1', '2026') }, 'vi')).toEqual({
      errors: [{ field: 'audit-to-day', message: 'Ngày kết thúc phải bằng hoặc sau ngày bắt đầu' }],
    });
    // One day is a range of one day.
    expect(queryOf({ ...NO_FILTERS, from: day('1', '1', '2026'), to: day('1', '1', '2026') }, 'vi')).toEqual({
      query: { from: '2026-01-01', to: '2026-01-01' },
    });
  });
});

describe('anchorPem', () => {
  const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

  it('keeps a PEM file’s first certificate and wraps a DER file in PEM, 64 characters a line', () => {
    const text = new TextEncoder().encode(`Bag Attributes\n${PEM}\n${PEM.replace('MIIB', 'MIIC')}\n`);
    expect(anchorPem(text)).toBe(`${PEM}\n`);
    const der = new Uint8Array(300).fill(7);
    der.set([0x30, 0x82, 0x01, 0x28]);
    const pem = anchorPem(der);
    const lines = pem.trim().split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines.at(-1)).toBe('-----END CERTIFICATE-----');
    expect(lines.slice(1, -1).every((l) => l.length <= 64)).toBe(true);
    expect(Uint8Array.from(atob(lines.slice(1, -1).join('')), (c) => c.charCodeAt(0))).toEqual(der);
  });

  it('refuses a file that is neither', () => {
    expect(() => anchorPem(new TextEncoder().encode('không phải chứng thư'))).toThrow(AnchorFileError);
    expect(() => anchorPem(new Uint8Array([0x30, 0x05, 1, 2, 3, 4, 5]))).toThrow(AnchorFileError);
  });
});

describe('names and fingerprints', () => {
  it('reads the CN and O of a name, an escaped comma kept', () => {
    expect(dnText('CN=Root CA\\, Bộ GD&ĐT,O=Bộ Giáo dục và Đào tạo,C=VN')).toBe(
      'Root CA, Bộ GD&ĐT — Bộ Giáo dục và Đào tạo',
    );
    expect(dnText('C=VN')).toBe('C=VN');
    expect(fingerprintText('ab'.repeat(4))).toBe('ABAB ABAB');
  });
});
