/**
 * The CLI's words, Vietnamese first. The steps, outcomes and verdicts are the portal's words
 * (portal/src/i18n.ts), kept identical so that a report reads the same on the page and in a terminal; each
 * step's reason is integrity's own message (report.steps[i].message). When records' labels carry the
 * steps' names, this file should take them from there.
 */
import type { Localized, Outcome, StepName } from '@hocba/integrity';

export type Lang = 'vi' | 'en';

export const STEP_LABELS: Readonly<Record<StepName, Localized>> = {
  integrity: { vi: '1. Nội dung không bị thay đổi', en: '1. Content unchanged' },
  inclusion: { vi: '2. Thuộc lô học bạ đã chốt', en: '2. Included in the locked batch' },
  anchor: { vi: '3. Đã neo trên sổ cái', en: '3. Anchored on the ledger' },
  signature: { vi: '4. Chữ ký số của thủ trưởng', en: '4. Principal’s digital signature' },
  signer: { vi: '5. Chứng thư số được Sở đăng ký', en: '5. Certificate registered by the province' },
  status: { vi: '6. Còn hiệu lực', en: '6. In force' },
};

export const OUTCOME_LABELS: Readonly<Record<Outcome, Localized>> = {
  pass: { vi: 'Đạt', en: 'Passed' },
  fail: { vi: 'Không đạt', en: 'Failed' },
  unknown: { vi: 'Chưa kiểm tra được', en: 'Not checked' },
};

export const VERDICT_LABELS: Readonly<Record<'valid' | 'invalid' | 'incomplete', Localized>> = {
  valid: { vi: 'Học bạ hợp lệ', en: 'Valid record' },
  invalid: { vi: 'Học bạ KHÔNG hợp lệ', en: 'Record NOT valid' },
  incomplete: { vi: 'Chưa xác minh đầy đủ', en: 'Not fully verified' },
};

/** The CLI's own sentences. */
export const TEXT = {
  // What visible.ts compares: the layout's content rows and the printed code, not headings or signatures.
  visibleStep: {
    vi: '7. Nội dung in khớp tệp đính kèm (các dòng lý lịch, kết quả, nhận xét, quyết định; mã nội dung)',
    en: '7. Printed content matches the attachment (identity, results, comments and decision rows; content code)',
  },
  file: { vi: 'Tệp', en: 'File' },
  pdf: { vi: 'PDF có đính kèm gói minh chứng', en: 'PDF with the proof bundle attached' },
  json: { vi: 'gói minh chứng (JSON)', en: 'proof bundle (JSON)' },
  online: { vi: 'Đối chiếu trực tuyến với sổ cái qua', en: 'Checked online against the ledger through' },
  offline: {
    vi: 'Kiểm tra ngoại tuyến: các bước sổ cái và tình trạng không thể kiểm tra được, không được coi là đạt.',
    en: 'Offline check: the ledger and status steps cannot be checked, and are not counted as passed.',
  },
  lookupCode: { vi: 'Mã số tra cứu', en: 'Lookup code' },
  batch: { vi: 'Lô', en: 'Batch' },
  position: { vi: 'vị trí', en: 'position' },
  verdict: { vi: 'Kết luận', en: 'Verdict' },
  error: { vi: 'Không kiểm tra được', en: 'Could not check' },
  summary: { vi: 'Tổng hợp', en: 'Summary' },
  files: { vi: 'tệp', en: 'files' },
  csvWritten: { vi: 'Đã ghi bảng tổng hợp CSV vào', en: 'CSV summary written to' },
  computedHere: {
    vi: 'Báo cáo được tính trên máy này từ gói minh chứng và dữ kiện sổ cái, không dựa vào kết luận của máy chủ.',
    en: 'The report was computed on this machine from the bundle and the ledger’s facts, not taken from a server.',
  },
} as const satisfies Record<string, Localized>;

/** Said by the signer step when no trust anchor was given (the portal's words for the same case). */
export const NO_TRUST_ANCHORS: Localized = {
  vi: 'Không có danh sách chứng thư gốc tin cậy (--trust-anchors hoặc --online); bước chứng thư không kiểm tra được.',
  en: 'No trusted root certificates were given (--trust-anchors or --online); the certificate step cannot be checked.',
};
