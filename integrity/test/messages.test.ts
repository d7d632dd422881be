/**
 * The sentences a person reads for each outcome of the verification report (verify/messages.ts), pinned:
 * the gateway, the portal and the CLI show them as they are, so a changed word must be a deliberate change
 * of the snapshot, not an accident. Checked from the module directly: every reason code with its facts,
 * and without those a report may lack (report.test.ts reaches only the codes its bundles produce).
 */
import { describe, expect, it } from 'vitest';
import type { IntegrityErrorCode } from '../src/errors.ts';
import { messageFor, vnDate } from '../src/verify/messages.ts';
import { type ReasonCode, STEPS } from '../src/verify/steps.ts';

// Every IntegrityErrorCode: a check can surface any of them as a step's reason.
const INTEGRITY_CODES = [
  'CANONICAL_UNSUPPORTED_TYPE',
  'CANONICAL_NON_FINITE_NUMBER',
  'CANONICAL_LONE_SURROGATE',
  'CANONICAL_DUPLICATE_KEY',
  'CANONICAL_CYCLE',
  'COMMITMENT_BAD_SALT',
  'DISCLOSURE_MALFORMED',
  'DISCLOSURE_UNKNOWN_POINTER',
  'DISCLOSURE_FIELD_MISMATCH',
  'MERKLE_EMPTY',
  'MERKLE_BAD_HASH',
  'MERKLE_INDEX_OUT_OF_RANGE',
  'MERKLE_BAD_SIZE',
  'MERKLE_PROOF_LENGTH',
  'MERKLE_ROOT_MISMATCH',
  'MANIFEST_INVALID',
  'MANIFEST_NOT_CANONICAL',
  'CMS_MALFORMED',
  'CMS_NOT_DETACHED',
  'CMS_SIGNER_COUNT',
  'CMS_SIGNER_CERT_MISSING',
  'CMS_SIGNED_ATTRS_MISSING',
  'CMS_CONTENT_TYPE_MISMATCH',
  'CMS_SIGNING_TIME_MISSING',
  'CMS_DIGEST_MISMATCH',
  'CMS_ESS_CERT_MISMATCH',
  'CMS_WEAK_DIGEST',
  'CMS_UNSUPPORTED_ALGORITHM',
  'CMS_SIGNATURE_INVALID',
  'CERT_MALFORMED',
  'CERT_WEAK_KEY',
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_KEY_USAGE',
  'CERT_CHAIN_UNTRUSTED',
  'CERT_NOT_REGISTERED',
  'CERT_REVOKED',
] as const satisfies readonly IntegrityErrorCode[];

const REPORT_CODES = [
  'BUNDLE_MALFORMED',
  'PREVIOUS_STEP_FAILED',
  'INTEGRITY_LEAF_MISMATCH',
  'INCLUSION_SIZE_MISMATCH',
  'ANCHOR_UNAVAILABLE',
  'ANCHOR_NOT_FOUND',
  'ANCHOR_BATCH_MISMATCH',
  'ANCHOR_ROOT_MISMATCH',
  'ANCHOR_MANIFEST_MISMATCH',
  'ANCHOR_SIGNATURE_MISMATCH',
  'SIGNATURE_SIGNER_MISMATCH',
  'SIGNER_REGISTRATION_UNAVAILABLE',
  'STATUS_UNAVAILABLE',
  'STATUS_REVOKED',
  'STATUS_RECALLED',
  'STATUS_SUPERSEDED',
  'STATUS_CORRECTED',
] as const satisfies readonly ReasonCode[];

// Every fact a message reads, with values that show where each lands in the sentence.
const FACTS = {
  batchId: 'B-2026-0001',
  leafIndex: 4,
  treeSize: 7,
  leafCount: 8,
  blockNumber: 42,
  txId: 'tx-9f3a',
  signingTime: '2026-06-30T03:15:00.000Z',
  schoolId: 'SCH-QN-001',
  revokedFrom: '2026-07-01T00:00:00.000Z',
  at: '2026-08-01T17:30:00.000Z',
  reasonCode: 'R-03',
  legalBasis: 'QĐ 15/QĐ-THKD',
  correctedBy: { batchId: 'B-2026-0002', leafIndex: 0 },
  supersededBy: 'B-2026-0003',
};

describe('messageFor', () => {
  it('pins the sentence of every passed step and every reason code', () => {
    const table: Record<string, unknown> = {};
    for (const step of STEPS) table[`${step} OK`] = messageFor(step, 'OK', FACTS);
    for (const code of [...REPORT_CODES, ...INTEGRITY_CODES]) table[code] = messageFor('status', code, FACTS);
    // The facts a report may lack (the anchor's block, a revocation's date, ...) read as '?' or are left out.
    table['anchor OK, no facts'] = messageFor('anchor', 'OK', undefined);
    for (const code of [
      'CERT_REVOKED',
      'STATUS_RECALLED',
      'STATUS_CORRECTED',
      'STATUS_SUPERSEDED',
    ] as const) {
      table[`${code}, no facts`] = messageFor('status', code, {});
    }
    expect(JSON.stringify(table)).not.toMatch(/undefined|NaN/);
    expect(table).toMatchSnapshot();
  });

  it('falls back, for a code without its own sentence, to the step’s generic one naming the code', () => {
    const generic = Object.fromEntries(
      STEPS.map((step) => [step, messageFor(step, 'MERKLE_BAD_HASH', FACTS)]),
    );
    expect(generic).toMatchSnapshot();
    for (const step of STEPS) {
      expect(generic[step]!.vi).toMatch(/ \(MERKLE_BAD_HASH\)$/);
      expect(generic[step]!.en).toMatch(/ \(MERKLE_BAD_HASH\)$/);
    }
  });

  it('says every sentence in Vietnamese and in English, with the facts it names', () => {
    for (const code of [...REPORT_CODES, ...INTEGRITY_CODES]) {
      const { vi, en } = messageFor('signer', code, FACTS);
      expect(vi.length, code).toBeGreaterThan(10);
      expect(en.length, code).toBeGreaterThan(10);
      expect(vi, code).not.toBe(en);
      expect(vi, code).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/);
    }
    const recalled = messageFor('status', 'STATUS_RECALLED', { at: '2026-05-01', legalBasis: 'CV 12' });
    expect(recalled).toEqual({
      vi: 'Lô học bạ đã bị thu hồi ngày 2026-05-01 (căn cứ CV 12).',
      en: 'The batch was recalled on 2026-05-01 (legal basis CV 12).',
    });
    expect(messageFor('status', 'STATUS_RECALLED', {})).toEqual({
      vi: 'Lô học bạ đã bị thu hồi.',
      en: 'The batch was recalled.',
    });
  });
});

describe('vnDate', () => {
  it('is the date in Vietnam (UTC+7), dd/mm/yyyy', () => {
    expect(vnDate('2026-08-01T16:59:59Z')).toBe('01/08/2026');
    expect(vnDate('2026-08-01T17:00:00Z')).toBe('02/08/2026');
    expect(vnDate('2026-12-31T17:00:00Z')).toBe('01/01/2027');
    expect(vnDate('2026-01-09T00:00:00Z')).toBe('09/01/2026');
  });

  it('is ? for what is not a date', () => {
    for (const at of [
      'not a date',
      '',
      undefined,
      1_700_000_000_000,
      null,
      new Date('2026-08-01T00:00:00Z'),
    ]) {
      expect(vnDate(at)).toBe('?');
    }
  });
});
