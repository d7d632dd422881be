/**
 * The words of a verification report (DESIGN.md §4.7), Vietnamese first: the six steps' names, the outcomes
 * and the verdicts. One set, so that a report reads the same in the portal, the PDF's instructions and the
 * CLI's terminal; each step's reason is integrity's own message.
 */
import type { Outcome, StepName, VerificationReport } from '@hocba/integrity';
import type { Label } from './labels.ts';

/** The steps in the report's order, numbered as people refer to them ("bước 3"). */
export const REPORT_STEP_LABELS: Readonly<Record<StepName, Label>> = {
  integrity: { vi: '1. Nội dung không bị thay đổi', en: '1. Content unchanged' },
  inclusion: { vi: '2. Thuộc lô học bạ đã chốt', en: '2. Included in the locked batch' },
  anchor: { vi: '3. Đã neo trên sổ cái', en: '3. Anchored on the ledger' },
  signature: { vi: '4. Chữ ký số của thủ trưởng', en: '4. Principal’s digital signature' },
  signer: { vi: '5. Chứng thư số được Sở đăng ký', en: '5. Certificate registered by the province' },
  status: { vi: '6. Còn hiệu lực', en: '6. In force' },
};

/** A step's outcome: "not checked" is never said as passed. */
export const REPORT_OUTCOME_LABELS: Readonly<Record<Outcome, Label>> = {
  pass: { vi: 'Đạt', en: 'Passed' },
  fail: { vi: 'Không đạt', en: 'Failed' },
  unknown: { vi: 'Chưa kiểm tra được', en: 'Not checked' },
};

export const REPORT_VERDICT_LABELS: Readonly<Record<VerificationReport['verdict'], Label>> = {
  valid: { vi: 'Học bạ hợp lệ', en: 'Valid record' },
  invalid: { vi: 'Học bạ KHÔNG hợp lệ', en: 'Record NOT valid' },
  incomplete: { vi: 'Chưa xác minh đầy đủ', en: 'Not fully verified' },
};
