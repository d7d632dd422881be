/**
 * The visible-content check in process: the fingerprints found in a PDF's text (labelled, spaced by the text
 * extraction, or bare; never the five-group lookup code), and the outcome against the attachment's layout.
 */
import { disclose, fullDisclosure, newRecordSalt } from '@hocba/integrity';
import { describe, expect, it } from 'vitest';
import { printedRows } from '../src/printed-rows.ts';
import { bundleLayout, checkVisibleContent, printedFingerprints } from '../src/visible.ts';
import { classRecords } from './fixtures.ts';

describe('printedFingerprints', () => {
  it('reads the labelled fingerprint, also when the extraction split it, and a bare one', () => {
    expect(printedFingerprints(['Mã nội dung: 7K3M-Q9TX-B2DF-H8RW Trang 1/2'])).toEqual([
      '7K3M-Q9TX-B2DF-H8RW',
    ]);
    expect(printedFingerprints(['Mã nội dung : 7K3M - Q9T X-B2DF-H8R W'])).toEqual(['7K3M-Q9TX-B2DF-H8RW']);
    // NFD text from a PDF's glyph map reads the same.
    expect(printedFingerprints(['Mã nội dung: 0000-1111-2222-3333'.normalize('NFD')])).toEqual([
      '0000-1111-2222-3333',
    ]);
    expect(printedFingerprints(['x', 'footer 7K3M-Q9TX-B2DF-H8RW'])).toEqual(['7K3M-Q9TX-B2DF-H8RW']);
  });

  it('never takes the lookup code (five groups) or a longer code for one', () => {
    expect(printedFingerprints(['Mã số tra cứu: HB7K-3MQ9-0V2T-XC5D-8RAW'])).toEqual([]);
    expect(printedFingerprints(['A-7K3M-Q9TX-B2DF-H8RW', '7K3M-Q9TX-B2DF-H8RWX', '7K3M-Q9TX-B2DF'])).toEqual(
      [],
    );
  });

  it('lists each distinct fingerprint once', () => {
    const page = 'Mã nội dung: 7K3M-Q9TX-B2DF-H8RW · 7K3M-Q9TX-B2DF-H8RW';
    expect(printedFingerprints([page, page, 'Mã nội dung: 0000-1111-2222-3333'])).toEqual([
      '7K3M-Q9TX-B2DF-H8RW',
      '0000-1111-2222-3333',
    ]);
  });
});

/** The page text of a bundle's rows, as a PDF's extraction gives it. */
const rowsText = (bundle: unknown) =>
  printedRows(bundleLayout(bundle))
    .map((r) => r.cells.join(' '))
    .join(' ');

describe('checkVisibleContent', () => {
  it('passes the fingerprint of the attachment, fails another, is unknown without one', async () => {
    const [a, b] = await classRecords(2);
    const bundleA = { disclosure: fullDisclosure(a, newRecordSalt()) };
    const bundleB = { disclosure: fullDisclosure(b, newRecordSalt()) };
    const rowsA = rowsText(bundleA);
    const absent = checkVisibleContent(bundleA, [rowsA]);
    expect(absent).toMatchObject({ outcome: 'unknown', code: 'LAYOUT_FINGERPRINT_ABSENT' });
    const fpA = absent.details!.computed;
    const fpB = checkVisibleContent(bundleB, []).details!.computed;
    expect(fpA).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    // The record id differs, and the layout shows it.
    expect(fpB).not.toBe(fpA);
    expect(checkVisibleContent(bundleA, [`${rowsA} Mã nội dung: ${fpA}`])).toMatchObject({
      outcome: 'pass',
      code: 'OK',
    });
    // The right code under pages of nothing: every row missing.
    expect(checkVisibleContent(bundleA, [`Mã nội dung: ${fpA}`])).toMatchObject({
      outcome: 'fail',
      code: 'PRINTED_ROW_MISMATCH',
    });
    expect(checkVisibleContent(bundleA, [`${rowsA} Mã nội dung: ${fpB}`])).toMatchObject({
      outcome: 'fail',
      code: 'LAYOUT_FINGERPRINT_MISMATCH',
      details: { computed: fpA, printed: [fpB] },
    });
    // One right page and one wrong page is still a doctored document.
    expect(
      checkVisibleContent(bundleA, [`${rowsA} Mã nội dung: ${fpA}`, `Mã nội dung: ${fpB}`]).outcome,
    ).toBe('fail');
  });

  it('lays a partial disclosure out with its hidden fields: a salt change does not matter, what is shown does', async () => {
    const [a] = await classRecords(1);
    const pointers = ['/schoolYear', '/results/subjects/TOAN'];
    const one = checkVisibleContent({ disclosure: disclose(a, newRecordSalt(), pointers) }, []).details!
      .computed;
    const two = checkVisibleContent({ disclosure: disclose(a, newRecordSalt(), pointers) }, []).details!
      .computed;
    const full = checkVisibleContent({ disclosure: fullDisclosure(a, newRecordSalt()) }, []).details!
      .computed;
    expect(two).toBe(one);
    expect(full).not.toBe(one);
  });
});
