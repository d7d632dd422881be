/**
 * Integrity's messages as the CLI prints them: every ISO instant as dd/mm/yyyy HH:mm in Asia/Ho_Chi_Minh
 * (UTC+7), the rest of the sentence untouched; something that only looks like a date stays as it is.
 */
import { describe, expect, it } from 'vitest';
import { localizeInstants, withLocalInstants } from '../src/instants.ts';

describe('withLocalInstants', () => {
  it('rewords UTC and offset instants in Vietnam’s time, crossing midnight', () => {
    expect(withLocalInstants('Chữ ký số hợp lệ (ký lúc 2026-05-20T02:59:30.000Z).')).toBe(
      'Chữ ký số hợp lệ (ký lúc 20/05/2026 09:59).',
    );
    expect(withLocalInstants('revoked on 2026-12-31T17:30:00Z and 2026-06-01T08:00+07:00')).toBe(
      'revoked on 01/01/2027 00:30 and 01/06/2026 08:00',
    );
  });

  it('leaves dates without a time zone, batch ids and unparseable text alone', () => {
    for (const text of ['ngày 2026-05-20', 'lô B-2026-05-20T0259', 'nothing here', '2026-13-45T99:99:00Z'])
      expect(withLocalInstants(text)).toBe(text);
  });

  it('rewords both languages', () => {
    expect(
      localizeInstants({ vi: 'lúc 2026-05-20T02:59:30.000Z', en: 'at 2026-05-20T02:59:30.000Z' }),
    ).toEqual({
      vi: 'lúc 20/05/2026 09:59',
      en: 'at 20/05/2026 09:59',
    });
  });
});
