/**
 * The CLI's words, Vietnamese first. The steps, outcomes and verdicts are records' report words (the same
 * set the portal shows); each step's reason is integrity's own message (report.steps[i].message), its
 * instants reworded by instants.ts.
 */
import type { Localized } from '@hocba/integrity';
import { REPORT_OUTCOME_LABELS, REPORT_STEP_LABELS, REPORT_VERDICT_LABELS } from '@hocba/records';

export type Lang = 'vi' | 'en';

export const STEP_LABELS = REPORT_STEP_LABELS;
export const OUTCOME_LABELS = REPORT_OUTCOME_LABELS;
export const VERDICT_LABELS = REPORT_VERDICT_LABELS;

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
