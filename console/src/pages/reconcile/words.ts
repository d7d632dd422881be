/**
 * The reconciliation area's words, Vietnamese first. An auditor reads what was compared and what differs
 * in sentences; hashes only inside "technical details", closed by default.
 */
import type { Lang } from '../../words.ts';

const WORDS = {
  title: { vi: 'Đối soát cơ sở dữ liệu với sổ cái', en: 'Reconcile the database with the ledger' },
  intro: {
    vi: 'So từng lô học bạ đã ghi sổ cái (gốc Merkle, bản kê, chữ ký số, trạng thái, khối) và từng học bạ (nội dung đã chốt, bằng chứng, trạng thái) trong cơ sở dữ liệu gốc với sổ cái, rồi liệt kê mọi sai lệch. Mỗi lần đối soát được lưu lại và ghi vào nhật ký hệ thống.',
    en: 'Compares every batch on the ledger (Merkle root, manifest, signature, state, block) and every record (locked content, proof, status) in the root database with the ledger, and lists every mismatch. Each run is kept and written to the audit log.',
  },
  scopeLegend: { vi: 'Phạm vi đối soát', en: 'What to reconcile' },
  year: { vi: 'Năm học', en: 'School year' },
  allYears: { vi: 'Mọi năm học', en: 'Every school year' },
  province: { vi: 'Tỉnh, thành phố', en: 'Province' },
  allProvinces: { vi: 'Mọi tỉnh, thành phố', en: 'Every province' },
  district: { vi: 'Phòng GD&ĐT (cấp huyện/xã)', en: 'District office' },
  districtHint: { vi: 'Để trống để đối soát cả tỉnh.', en: 'Leave empty for the whole province.' },
  allDistricts: { vi: 'Cả tỉnh', en: 'The whole province' },
  school: { vi: 'Trường', en: 'School' },
  schoolHint: {
    vi: 'Để trống để đối soát mọi trường đã chọn ở trên.',
    en: 'Leave empty for every school above.',
  },
  allSchools: { vi: 'Mọi trường', en: 'Every school' },
  run: { vi: 'Bắt đầu đối soát', en: 'Start the reconciliation' },
  running: { vi: 'Đang đối chiếu…', en: 'Reconciling…' },
  progress: {
    vi: 'Đang đối chiếu… đã kiểm {batches} lô, {records} học bạ, thấy {findings} sai lệch.',
    en: 'Reconciling… {batches} batches and {records} records checked, {findings} mismatches so far.',
  },
  failed: { vi: 'Không đối soát được: {why}', en: 'The reconciliation could not run: {why}' },
  summary: {
    vi: 'Đã đối chiếu {batches} lô, {records} học bạ — {findings} sai lệch',
    en: 'Compared {batches} batches, {records} records — {findings} mismatches',
  },
  summaryClean: {
    vi: 'Đã đối chiếu {batches} lô, {records} học bạ — không có sai lệch nào',
    en: 'Compared {batches} batches, {records} records — no mismatch',
  },
  cleanExplain: {
    vi: 'Cơ sở dữ liệu gốc khớp hoàn toàn với sổ cái trong phạm vi này.',
    en: 'The root database agrees with the ledger throughout this scope.',
  },
  runAt: {
    vi: 'Bắt đầu {start}, xong {end}; phạm vi: {scope}.',
    en: 'Started {start}, finished {end}; scope: {scope}.',
  },
  runFailed: {
    vi: 'Lần đối soát này dừng giữa chừng: {why}. Những sai lệch tìm được trước đó vẫn được giữ.',
    en: 'This run stopped before the end: {why}. The mismatches found before it stopped are kept.',
  },
  whyInterrupted: {
    vi: 'máy chủ đã dừng hoặc khởi động lại trong lúc đối soát, hãy chạy lại',
    en: 'the server stopped or restarted during the run, run it again',
  },
  whyLedger: {
    vi: 'không đọc được sổ cái, hãy chạy lại sau ít phút',
    en: 'the ledger could not be read, try again in a few minutes',
  },
  whyInternal: { vi: 'lỗi hệ thống, hãy báo quản trị viên', en: 'a system error, tell the administrator' },
  findingsTitle: { vi: 'Các sai lệch', en: 'Mismatches' },
  findingsMore: {
    vi: 'Chỉ hiện {shown} sai lệch đầu tiên trong tổng số {total}.',
    en: 'Only the first {shown} of {total} mismatches are shown.',
  },
  where: { vi: 'Ở đâu', en: 'Where' },
  whichRecord: { vi: 'Học bạ thứ {n} của lô', en: 'Record no. {n} of the batch' },
  classOf: { vi: 'lớp {name}', en: 'class {name}' },
  technical: { vi: 'Chi tiết kỹ thuật', en: 'Technical details' },
  ledgerSays: { vi: 'Sổ cái (hoặc bản đã chốt)', en: 'Ledger (or the locked version)' },
  dbSays: { vi: 'Cơ sở dữ liệu', en: 'Database' },
  back: { vi: 'Về trang đối soát', en: 'Back to reconciliation' },
  pastTitle: { vi: 'Các lần đối soát trước', en: 'Past reconciliations' },
  pastEmpty: { vi: 'Chưa có lần đối soát nào.', en: 'No reconciliation has been run yet.' },
  colStarted: { vi: 'Bắt đầu', en: 'Started' },
  colScope: { vi: 'Phạm vi', en: 'Scope' },
  colChecked: { vi: 'Đã đối chiếu', en: 'Compared' },
  colFindings: { vi: 'Sai lệch', en: 'Mismatches' },
  checkedCell: { vi: '{batches} lô, {records} học bạ', en: '{batches} batches, {records} records' },
  open: { vi: 'Xem kết quả', en: 'View result' },
  openRun: { vi: 'Xem kết quả lần đối soát lúc {start}', en: 'View the result of the run at {start}' },
  stateRunning: { vi: 'đang chạy', en: 'running' },
  stateFailed: { vi: 'dừng giữa chừng', en: 'stopped' },
  scopeAll: { vi: 'toàn quốc', en: 'nationwide' },
  scopeYear: { vi: 'năm học {year}', en: 'school year {year}' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
} as const;

export type ReconcileWord = keyof typeof WORDS;

export function rw(key: ReconcileWord, lang: Lang, vars: Record<string, string | number> = {}): string {
  return WORDS[key][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** Each kind of finding, as a heading a person understands. */
export const KIND_WORDS: Record<string, Record<Lang, string>> = {
  RECORD_CHANGED: { vi: 'Học bạ bị sửa sau khi chốt', en: 'Record changed after lock' },
  RECORD_MISSING: { vi: 'Học bạ bị xóa khỏi cơ sở dữ liệu', en: 'Record deleted from the database' },
  RECORD_ADDED: { vi: 'Học bạ thêm vào sau khi chốt', en: 'Record added after lock' },
  STATUS_MISMATCH: { vi: 'Trạng thái khác với sổ cái', en: 'State differs from the ledger' },
  ROOT_MISMATCH: { vi: 'Gốc Merkle của lô khác với sổ cái', en: 'Batch root differs from the ledger' },
  MANIFEST_MISMATCH: { vi: 'Bản kê của lô khác với sổ cái', en: 'Batch manifest differs from the ledger' },
  CMS_MISMATCH: { vi: 'Chữ ký số của lô khác với sổ cái', en: 'Batch signature differs from the ledger' },
  ANCHOR_MISMATCH: { vi: 'Giao dịch ghi sổ cái của lô khác', en: 'Batch anchor differs from the ledger' },
  BATCH_MISSING_IN_DB: {
    vi: 'Lô có trên sổ cái nhưng mất trong cơ sở dữ liệu',
    en: 'Batch on the ledger, missing in the database',
  },
  BATCH_NOT_ON_LEDGER: { vi: 'Lô không có trên sổ cái', en: 'Batch not on the ledger' },
};
