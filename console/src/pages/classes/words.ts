/** The principal's words for locking, signing and following a batch (issue 13), Vietnamese first. */
import type { Lang } from '../../words.ts';

const WORDS = {
  // Locking the whole school.
  lockSchool: { vi: 'Khóa học bạ cả trường', en: 'Lock the whole school' },
  lockSchoolCount: { vi: 'Khóa học bạ cả trường ({n} lớp)', en: 'Lock the whole school ({n} classes)' },
  lockSchoolIntro: {
    vi: 'Khóa (chốt) học bạ của mọi lớp đã được phê duyệt hết. Mỗi lớp thành một lô; sau khi khóa, học bạ không sửa được nữa và từng lô chờ hiệu trưởng ký số.',
    en: 'Lock the records of every class whose records are all approved. Each class becomes a batch; once locked, the records cannot be edited and each batch waits for the principal’s signature.',
  },
  willLock: { vi: 'Sẽ khóa {n} lớp:', en: 'These {n} classes will be locked:' },
  willNotLock: {
    vi: 'Không khóa các lớp còn học bạ chưa được phê duyệt:',
    en: 'Classes with records not yet approved are left out:',
  },
  notYetCount: { vi: '{n} học bạ chưa duyệt', en: '{n} records not yet approved' },
  lockNClasses: { vi: 'Khóa {n} lớp', en: 'Lock {n} classes' },
  stopAfter: { vi: 'Dừng sau lớp đang khóa', en: 'Stop after this class' },
  progress: { vi: 'Đã khóa {done}/{total} lớp', en: '{done} of {total} classes locked' },
  progressNow: { vi: 'đang khóa lớp {name}…', en: 'locking class {name}…' },
  progressLabel: { vi: 'Tiến độ khóa học bạ', en: 'Locking progress' },
  lockedClass: { vi: 'Lớp {name}: đã khóa {n} học bạ', en: 'Class {name}: {n} records locked' },
  lockFailed: { vi: 'Lớp {name}: chưa khóa được — {why}', en: 'Class {name}: not locked — {why}' },
  lockWaiting: { vi: 'Lớp {name}: chờ', en: 'Class {name}: waiting' },
  lockStopped: {
    vi: 'Đã dừng. Các lớp chưa khóa vẫn giữ nguyên.',
    en: 'Stopped. The classes not locked are unchanged.',
  },
  lockDone: {
    vi: 'Xong. Bước tiếp theo: ký số lô của từng lớp (nút “Ký số” trong bảng).',
    en: 'Done. Next: sign each class’s batch (the “Sign” button in the table).',
  },
  close: { vi: 'Đóng', en: 'Close' },
  viewBatch: { vi: 'Xem lô', en: 'View batch' },
  viewBatchOf: { vi: 'Xem lô học bạ lớp {name}', en: 'View the batch of class {name}' },

  // Signing: the three ways.
  signHow: { vi: 'Cách ký', en: 'How to sign' },
  howP12: {
    vi: 'Ký ngay trên trình duyệt bằng tệp .p12/.pfx',
    en: 'Sign here in the browser with a .p12/.pfx file',
  },
  howP12Hint: { vi: 'Khóa không rời khỏi máy này.', en: 'The key never leaves this computer.' },
  howFile: {
    vi: 'Ký bằng thiết bị ký số (USB token) hoặc dịch vụ ký số từ xa',
    en: 'Sign with a USB token or a remote-signing service',
  },
  howFileHint: {
    vi: 'Tải dữ liệu cần ký về, ký bằng phần mềm của thiết bị hoặc dịch vụ, rồi tải tệp chữ ký .p7s lên.',
    en: 'Download what to sign, sign it with the token’s or the service’s software, then upload the .p7s signature.',
  },
  howDev: { vi: 'Ký bằng khóa thử nghiệm của máy chủ', en: 'Sign with the server’s development key' },
  howDevHint: {
    vi: 'Chỉ có trên máy chủ thử nghiệm: khóa ký nằm trên máy chủ, không dùng cho học bạ thật.',
    en: 'Only on a development server: the key is held by the server, never for real records.',
  },
  devSignNow: { vi: 'Ký bằng khóa thử nghiệm', en: 'Sign with the development key' },

  // Signing with a token or a remote-signing service.
  step1: { vi: 'Bước 1. Tải dữ liệu cần ký', en: 'Step 1. Download what to sign' },
  certificate: { vi: 'Chứng thư số dùng để ký', en: 'Certificate to sign with' },
  certificateHint: {
    vi: 'Chứng thư số của hiệu trưởng đã được Sở GD&ĐT phê duyệt cho trường.',
    en: 'The principal’s certificate the province approved for the school.',
  },
  certificateMissing: { vi: 'Chọn chứng thư số dùng để ký', en: 'Choose the certificate to sign with' },
  noCertificate: {
    vi: 'Trường chưa có chứng thư số nào được Sở GD&ĐT phê duyệt, nên chưa ký bằng thiết bị được.',
    en: 'The school has no certificate approved by the province yet, so a token cannot sign.',
  },
  validUntil: { vi: 'hiệu lực đến {date}', en: 'valid until {date}' },
  download: { vi: 'Tải dữ liệu cần ký', en: 'Download what to sign' },
  downloading: { vi: 'Đang chuẩn bị…', en: 'Preparing…' },
  downloaded: {
    vi: 'Đã tải tệp {file}. Ký tệp này (chữ ký tách rời, CAdES/CMS) bằng thiết bị ký số hoặc dịch vụ ký số từ xa.',
    en: 'Downloaded {file}. Sign this file (detached CAdES/CMS signature) with the token or the remote-signing service.',
  },
  digest: {
    vi: 'Mã băm SHA-256 để đối chiếu trên thiết bị ký',
    en: 'SHA-256 to compare on the signing device',
  },
  step2: { vi: 'Bước 2. Tải tệp chữ ký lên', en: 'Step 2. Upload the signature' },
  p7sFile: { vi: 'Tệp chữ ký (.p7s)', en: 'Signature file (.p7s)' },
  p7sHint: {
    vi: 'Tệp .p7s (hoặc .p7m, .der, .pem) do thiết bị ký số hay dịch vụ ký số từ xa tạo ra.',
    en: 'The .p7s (or .p7m, .der, .pem) file the token or the remote-signing service made.',
  },
  p7sMissing: { vi: 'Chọn tệp chữ ký .p7s', en: 'Choose the .p7s signature file' },
  upload: { vi: 'Gửi chữ ký', en: 'Send the signature' },
  uploading: { vi: 'Đang kiểm tra chữ ký…', en: 'Checking the signature…' },

  // The batch page.
  batchTitle: { vi: 'Lô học bạ lớp {name}', en: 'Batch of class {name}' },
  batchTitleSchool: { vi: 'Lô học bạ của trường', en: 'The school’s batch' },
  backToClasses: { vi: '← Các lớp và tiến độ', en: '← Classes and progress' },
  nowState: { vi: 'Hiện tại', en: 'Now' },
  records: { vi: 'Số học bạ trong lô', en: 'Records in the batch' },
  schoolYear: { vi: 'Năm học', en: 'School year' },
  stepsTitle: { vi: 'Các bước của lô', en: 'The batch’s steps' },
  stepLock: { vi: 'Khóa học bạ', en: 'Records locked' },
  stepSign: { vi: 'Hiệu trưởng ký số', en: 'Signed by the principal' },
  stepAnchor: { vi: 'Ghi vào sổ cái', en: 'Written to the ledger' },
  stepAccept: { vi: 'Phòng GD&ĐT tiếp nhận', en: 'Accepted by the district' },
  done: { vi: 'Đã xong', en: 'Done' },
  current: { vi: 'Đang chờ', en: 'Waiting' },
  later: { vi: 'Chưa đến', en: 'Not yet' },
  at: { vi: 'Lúc', en: 'At' },
  by: { vi: 'Người thực hiện', en: 'By' },
  block: { vi: 'Khối', en: 'Block' },
  transaction: { vi: 'Giao dịch', en: 'Transaction' },
  copy: { vi: 'Sao chép', en: 'Copy' },
  copyTxHidden: { vi: 'mã giao dịch đầy đủ', en: 'the full transaction id' },
  copied: { vi: 'Đã sao chép', en: 'Copied' },
  retrying: {
    vi: 'Sổ cái chưa nhận, máy chủ đang thử lại (lần {n}).',
    en: 'The ledger has not taken it yet; the server is trying again (attempt {n}).',
  },
  refused: {
    vi: 'Sổ cái từ chối ghi lô này. Hãy báo cho quản trị hệ thống của trường.',
    en: 'The ledger refused this batch. Tell the school’s system administrator.',
  },
  system: { vi: 'Hệ thống (tự động)', en: 'The system (automatic)' },
  historyTitle: { vi: 'Lịch sử', en: 'History' },
  when: { vi: 'Thời gian', en: 'When' },
  what: { vi: 'Việc', en: 'What' },
  who: { vi: 'Người thực hiện', en: 'Who' },
  noHistory: { vi: 'Chưa có bước nào được ghi.', en: 'No step recorded yet.' },
  otherAction: { vi: 'Thao tác khác', en: 'Another action' },
  afterTitle: { vi: 'Sau khi ghi vào sổ cái', en: 'After the ledger' },
  queued: { vi: 'chờ ghi vào sổ cái', en: 'waiting for the ledger' },
  onLedger: { vi: 'khối {block}', en: 'block {block}' },
  signerCertificate: { vi: 'Chứng thư số đã ký', en: 'Signed with' },
} as const satisfies Record<string, Record<Lang, string>>;

export type BatchWordKey = keyof typeof WORDS;

/** A word of this area, `{name}` placeholders filled in. */
export function bw(key: BatchWordKey, lang: Lang, values: Record<string, string | number> = {}): string {
  return WORDS[key][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/** What each audit entry of a batch records, as a step a principal recognises. */
export const AUDIT_ACTION_WORDS: Record<string, Record<Lang, string>> = {
  'batch.lock': { vi: 'Khóa học bạ, lập lô', en: 'Records locked into the batch' },
  'batch.prepareManifest': {
    vi: 'Lập bản kê cần ký cho chứng thư số',
    en: 'Manifest prepared for a certificate',
  },
  'batch.sign': { vi: 'Ký số lô học bạ', en: 'Batch signed' },
  'batch.anchor': { vi: 'Ghi vào sổ cái', en: 'Written to the ledger' },
  'batch.anchorRefused': { vi: 'Sổ cái từ chối ghi lô', en: 'The ledger refused the batch' },
  'batch.accept': { vi: 'Phòng GD&ĐT tiếp nhận lô', en: 'The district accepted the batch' },
  'ledger.acceptBatch': {
    vi: 'Sổ cái ghi nhận việc tiếp nhận',
    en: 'The ledger recorded the acceptance',
  },
  'ledger.acceptBatchRefused': {
    vi: 'Sổ cái từ chối ghi việc tiếp nhận',
    en: 'The ledger refused the acceptance',
  },
  'batch.recallRequest': { vi: 'Trường đề nghị thu hồi lô', en: 'The school asked to recall the batch' },
  'batch.recall': { vi: 'Thu hồi lô', en: 'Batch recalled' },
  'ledger.recallBatch': { vi: 'Sổ cái ghi nhận việc thu hồi', en: 'The ledger recorded the recall' },
};

/** What was asked about a batch after the ledger (status events), in words. */
export const STATUS_EVENT_WORDS: Record<string, Record<Lang, string>> = {
  accept: { vi: 'Phòng GD&ĐT tiếp nhận', en: 'Accepted by the district' },
  recallRequest: { vi: 'Đề nghị thu hồi', en: 'Recall requested' },
  recall: { vi: 'Thu hồi lô', en: 'Batch recalled' },
  replace: { vi: 'Thay thế lô', en: 'Batch replaced' },
  permission: { vi: 'Sở GD&ĐT cho phép', en: 'Allowed by the province' },
  revoke: { vi: 'Thu hồi một học bạ', en: 'One record revoked' },
};

/**
 * Why a .p7s was refused, in words a principal can act on: not for this batch, not by an approved
 * certificate, or not a signature file at all. Codes not listed keep the gateway's own words.
 */
const NOT_THIS_BATCH = {
  vi: 'Tệp chữ ký này không phải chữ ký của dữ liệu cần ký của lô này (có thể đã ký cho lô khác, hoặc tệp dữ liệu đã bị sửa). Hãy tải lại dữ liệu cần ký của lô này và ký lại.',
  en: 'This signature is not over this batch’s data to sign (it may be for another batch, or the file was changed). Download this batch’s data again and sign it.',
};
const NOT_APPROVED_CERT = {
  vi: 'Chữ ký không phải của chứng thư số đã chọn ở bước 1, hoặc chứng thư số chưa được Sở GD&ĐT phê duyệt cho trường. Hãy ký bằng đúng chứng thư số đã được phê duyệt.',
  en: 'The signature is not by the certificate chosen in step 1, or that certificate is not approved for the school by the province. Sign with the approved certificate.',
};
const NOT_A_SIGNATURE = {
  vi: 'Tệp đã chọn không phải tệp chữ ký .p7s đọc được (chữ ký CMS tách rời).',
  en: 'The file chosen is not a readable .p7s signature (a detached CMS signature).',
};
export const P7S_ERROR_WORDS: Record<string, Record<Lang, string>> = {
  CMS_DIGEST_MISMATCH: NOT_THIS_BATCH,
  CMS_SIGNATURE_INVALID: NOT_THIS_BATCH,
  CMS_CONTENT_TYPE_MISMATCH: NOT_THIS_BATCH,
  SIGNER_MISMATCH: NOT_APPROVED_CERT,
  CERT_NOT_REGISTERED: NOT_APPROVED_CERT,
  CERT_CHAIN_UNTRUSTED: NOT_APPROVED_CERT,
  CERT_REVOKED: NOT_APPROVED_CERT,
  CMS_ESS_CERT_MISMATCH: NOT_APPROVED_CERT,
  CMS_SIGNER_CERT_MISSING: NOT_APPROVED_CERT,
  CMS_MALFORMED: NOT_A_SIGNATURE,
  CMS_NOT_DETACHED: NOT_A_SIGNATURE,
  CMS_SIGNER_COUNT: NOT_A_SIGNATURE,
  VALIDATION: NOT_A_SIGNATURE,
  P7S_UNREADABLE: NOT_A_SIGNATURE,
};
