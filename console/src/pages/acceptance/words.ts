/**
 * The acceptance area's words, Vietnamese first. A district officer reads what was checked in sentences:
 * no codes, hashes only shortened and only where a reader compares two of them.
 */
import type { Lang } from '../../words.ts';

const WORDS = {
  queueTitle: { vi: 'Lô học bạ chờ tiếp nhận', en: 'Batches waiting for acceptance' },
  queueIntro: {
    vi: 'Các lô đã được hiệu trưởng ký số và ghi vào sổ cái, chờ Phòng GD&ĐT kiểm tra đối chiếu và tiếp nhận (trước 30/6, Điều 4 khoản 3c). Lô cũ nhất ở trên cùng.',
    en: 'Batches signed by their principal and on the ledger, waiting for the district to check and accept them (by 30/6, Art. 4 §3c). Oldest first.',
  },
  queueEmpty: {
    vi: 'Không có lô nào chờ tiếp nhận.',
    en: 'No batch is waiting for acceptance.',
  },
  queueCount: { vi: '{n} lô chờ tiếp nhận', en: '{n} batches waiting' },
  calendarMissing: {
    vi: 'Sở chưa đặt lịch năm học {year} trên sổ cái: chưa tính được hạn tiếp nhận.',
    en: 'The province has not set the {year} calendar on the ledger: no deadline to count down to yet.',
  },
  colChoose: { vi: 'Chọn', en: 'Select' },
  colSchool: { vi: 'Trường', en: 'School' },
  colClass: { vi: 'Lớp', en: 'Class' },
  colRecords: { vi: 'Số học bạ', en: 'Records' },
  colSigned: { vi: 'Người ký', en: 'Signed by' },
  colAnchored: { vi: 'Ghi sổ cái lúc', en: 'On the ledger' },
  colDeadline: { vi: 'Hạn tiếp nhận', en: 'Deadline' },
  colCheck: { vi: 'Kiểm tra', en: 'Check' },
  wholeSchool: { vi: 'Cả trường', en: 'Whole school' },
  chooseBatch: { vi: 'Chọn lô {name}', en: 'Select batch {name}' },
  open: { vi: 'Xem và kiểm tra', en: 'View and check' },
  acceptChosen: { vi: 'Tiếp nhận {n} lô đã chọn', en: 'Accept the {n} selected batches' },
  acceptNoneChosen: { vi: 'Tiếp nhận các lô đã chọn', en: 'Accept the selected batches' },
  recordsN: { vi: '{n} học bạ', en: '{n} records' },
  chooseFirst: { vi: 'Chọn ít nhất một lô để tiếp nhận', en: 'Select at least one batch to accept' },
  more: { vi: 'Xem thêm', en: 'Show more' },
  daysLeft: { vi: 'Còn {n} ngày', en: '{n} days left' },
  dueToday: { vi: 'Hết hạn hôm nay', en: 'Due today' },
  overdue: { vi: 'Quá hạn {n} ngày', en: '{n} days overdue' },
  deadlineOn: { vi: 'hạn {date}', en: 'due {date}' },
  checking: { vi: 'Đang kiểm tra…', en: 'Checking…' },
  checkOk: { vi: '✓ Đạt', en: '✓ Passed' },
  checkBad: { vi: '✗ Không đạt', en: '✗ Failed' },
  schoolsLink: { vi: 'Tiến độ các trường trong đơn vị', en: 'Progress of the district’s schools' },
  queueLink: { vi: 'Lô chờ tiếp nhận', en: 'Batches waiting' },
  // The batch's page.
  batchTitle: { vi: 'Lô học bạ lớp {name}, {school}', en: 'Batch of class {name}, {school}' },
  batchTitleSchool: { vi: 'Lô học bạ cả trường, {school}', en: 'Whole-school batch, {school}' },
  backToQueue: { vi: 'Quay lại danh sách chờ tiếp nhận', en: 'Back to the batches waiting' },
  verdictOk: {
    vi: 'Mọi bước kiểm tra đều đạt',
    en: 'Every check passed',
  },
  verdictOkText: {
    vi: 'Dữ liệu của lô khớp với sổ cái, chữ ký số hợp lệ và người ký được Sở phê duyệt.',
    en: 'The batch matches the ledger, its signature is valid and its signer approved by the province.',
  },
  verdictBad: { vi: 'Không tiếp nhận được lô này', en: 'This batch cannot be accepted' },
  verdictBadText: {
    vi: 'Có bước kiểm tra không đạt (đánh dấu ✗ bên dưới). Hãy liên hệ nhà trường trước khi tiếp nhận.',
    en: 'A check failed (marked ✗ below). Contact the school before accepting.',
  },
  alreadyAccepted: { vi: 'Lô này đã được tiếp nhận.', en: 'This batch has been accepted.' },
  notWaiting: {
    vi: 'Lô này chưa ở trạng thái chờ tiếp nhận: {state}.',
    en: 'This batch is not waiting for acceptance: {state}.',
  },
  checksTitle: { vi: 'Kết quả kiểm tra đối chiếu', en: 'What was checked' },
  batchFacts: { vi: 'Thông tin lô', en: 'The batch' },
  school: { vi: 'Trường', en: 'School' },
  className: { vi: 'Lớp', en: 'Class' },
  schoolYear: { vi: 'Năm học', en: 'School year' },
  kind: { vi: 'Loại lô', en: 'Kind' },
  records: { vi: 'Số học bạ', en: 'Records' },
  lockedAt: { vi: 'Khóa sổ lúc', en: 'Locked at' },
  state: { vi: 'Trạng thái', en: 'State' },
  deadline: { vi: 'Hạn tiếp nhận', en: 'Deadline' },
  signerTitle: { vi: 'Chứng thư số của người ký', en: 'The signer’s certificate' },
  holder: { vi: 'Chủ chứng thư', en: 'Holder' },
  organisation: { vi: 'Đơn vị', en: 'Organisation' },
  issuer: { vi: 'Tổ chức cấp', en: 'Issued by' },
  serial: { vi: 'Số hiệu (serial)', en: 'Serial number' },
  validity: { vi: 'Hiệu lực', en: 'Valid' },
  validityRange: { vi: 'từ {from} đến {to}', en: 'from {from} to {to}' },
  signingTime: { vi: 'Ký lúc', en: 'Signed at' },
  postedBy: { vi: 'Tài khoản gửi chữ ký', en: 'Account that posted it' },
  approval: { vi: 'Sở phê duyệt', en: 'Province approval' },
  approvedOn: { vi: 'Đã phê duyệt ngày {date}', en: 'Approved on {date}' },
  regPending: { vi: 'Chưa được phê duyệt', en: 'Not approved yet' },
  regRevoked: { vi: 'Đã bị thu hồi', en: 'Revoked' },
  regNone: { vi: 'Chưa đăng ký cho trường này', en: 'Not registered for this school' },
  anchorTitle: { vi: 'Sổ cái', en: 'The ledger' },
  block: { vi: 'Khối', en: 'Block' },
  transaction: { vi: 'Giao dịch', en: 'Transaction' },
  anchoredAt: { vi: 'Ghi lúc', en: 'Written at' },
  ledgerState: { vi: 'Trạng thái trên sổ cái', en: 'State on the ledger' },
  compareTitle: { vi: 'Đối chiếu cơ sở dữ liệu với sổ cái', en: 'The database compared with the ledger' },
  colField: { vi: 'Nội dung', en: 'What' },
  colDatabase: { vi: 'Cơ sở dữ liệu', en: 'Database' },
  colLedger: { vi: 'Sổ cái', en: 'Ledger' },
  colMatch: { vi: 'Khớp', en: 'Match' },
  yes: { vi: '✓ Khớp', en: '✓ Same' },
  no: { vi: '✗ Khác', en: '✗ Differs' },
  none: { vi: 'không có', en: 'none' },
  acceptOne: { vi: 'Tiếp nhận lô này', en: 'Accept this batch' },
  acceptDisabled: {
    vi: 'Nút tiếp nhận chỉ dùng được khi mọi bước kiểm tra đều đạt và lô đang chờ tiếp nhận.',
    en: 'Accepting is possible only when every check passed and the batch is waiting for acceptance.',
  },
  checkedAt: { vi: 'Kiểm tra lúc {at}', en: 'Checked at {at}' },
  // Confirmation.
  confirmTitleOne: { vi: 'Tiếp nhận lô học bạ này?', en: 'Accept this batch?' },
  confirmTitleMany: { vi: 'Tiếp nhận {n} lô học bạ?', en: 'Accept {n} batches?' },
  confirmWhat: {
    vi: 'Phòng GD&ĐT xác nhận đã kiểm tra đối chiếu và tiếp nhận các lô dưới đây. Việc tiếp nhận được ghi vào sổ cái và không hủy được; nhà trường và Sở sẽ thấy lô đã được tiếp nhận.',
    en: 'The district confirms it has checked and accepts the batches below. The acceptance is written to the ledger and cannot be undone; the school and the province will see it.',
  },
  confirmButton: { vi: 'Xác nhận tiếp nhận', en: 'Confirm acceptance' },
  confirming: { vi: 'Đang gửi…', en: 'Sending…' },
  cancel: { vi: 'Quay lại, chưa tiếp nhận', en: 'Go back without accepting' },
  // Following the acceptance to the ledger.
  doneTitle: { vi: 'Theo dõi việc tiếp nhận', en: 'Following the acceptance' },
  doneIntro: {
    vi: 'Mỗi lô được gửi lên sổ cái; trang này tự cập nhật cho đến khi sổ cái xác nhận.',
    en: 'Each batch is sent to the ledger; this page updates itself until the ledger confirms.',
  },
  queued: { vi: 'Đang chờ sổ cái xác nhận…', en: 'Waiting for the ledger…' },
  accepted: { vi: '✓ Đã tiếp nhận', en: '✓ Accepted' },
  acceptedAt: { vi: 'ghi vào sổ cái ở khối {block}', en: 'written to the ledger in block {block}' },
  refused: { vi: '✗ Không tiếp nhận được', en: '✗ Not accepted' },
  ledgerRefused: { vi: '✗ Sổ cái từ chối', en: '✗ The ledger refused it' },
  // The schools' progress.
  schoolsTitle: { vi: 'Tiến độ các trường', en: 'Schools’ progress' },
  schoolsIntro: {
    vi: 'Số lớp theo từng bước của năm học {year}: khóa sổ, ký số, ghi sổ cái, Phòng tiếp nhận. Gồm các trường đã có học bạ.',
    en: 'Classes at each step of {year}: locked, signed, on the ledger, accepted. Schools that hold records are listed.',
  },
  colClasses: { vi: 'Số lớp', en: 'Classes' },
  colLocked: { vi: 'Đã khóa', en: 'Locked' },
  colSignedN: { vi: 'Đã ký', en: 'Signed' },
  colAnchoredN: { vi: 'Đã ghi sổ cái', en: 'On the ledger' },
  colAcceptedN: { vi: 'Đã tiếp nhận', en: 'Accepted' },
  schoolsEmpty: { vi: 'Chưa trường nào có học bạ.', en: 'No school holds records yet.' },
} as const satisfies Record<string, Record<Lang, string>>;

export type AcceptanceWord = keyof typeof WORDS;

/** A word of this area, with `{name}` placeholders filled. */
export function aw(key: AcceptanceWord, lang: Lang, vars: Record<string, string | number> = {}): string {
  return WORDS[key][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** Each check, as the officer reads it: what was checked, and the sentence when it passed. */
export const CHECK_WORDS: Record<string, { title: Record<Lang, string>; pass: Record<Lang, string> }> = {
  manifest: {
    title: { vi: 'Bản kê của lô', en: 'The batch’s manifest' },
    pass: {
      vi: 'Bản kê khớp với lô (trường, năm học, số học bạ, gốc Merkle).',
      en: 'The manifest matches the batch (school, year, records, Merkle root).',
    },
  },
  signature: {
    title: { vi: 'Chữ ký số', en: 'Digital signature' },
    pass: { vi: 'Chữ ký hợp lệ trên đúng bản kê.', en: 'A valid signature over the exact manifest.' },
  },
  signer: {
    title: { vi: 'Người ký', en: 'Signer' },
    pass: {
      vi: 'Chứng thư do tổ chức được Bộ công nhận cấp, còn hiệu lực khi ký, đã được Sở phê duyệt cho trường.',
      en: 'Issued under a root the Ministry trusts, valid when used, approved by the province for the school.',
    },
  },
  anchor: {
    title: { vi: 'Sổ cái', en: 'Ledger' },
    pass: {
      vi: 'Sổ cái giữ đúng gốc, bản kê, chữ ký và trạng thái như cơ sở dữ liệu.',
      en: 'The ledger holds the same root, manifest, signature and state as the database.',
    },
  },
  records: {
    title: { vi: 'Học bạ trong lô', en: 'Records in the batch' },
    pass: {
      vi: 'Đủ số học bạ, và các học bạ tạo đúng gốc Merkle của lô.',
      en: 'All records are there, and they make the batch’s Merkle root.',
    },
  },
};

/** Why a check failed, in words; an unknown code falls back to the generic sentence. */
export const FAIL_WORDS: Record<string, Record<Lang, string>> = {
  MANIFEST_NOT_PREPARED: { vi: 'Lô chưa có bản kê để ký.', en: 'The batch has no manifest to sign yet.' },
  MANIFEST_HASH_MISMATCH: {
    vi: 'Mã băm bản kê trong cơ sở dữ liệu không khớp với bản kê: dữ liệu đã bị thay đổi.',
    en: 'The manifest hash in the database does not match the manifest: the data was changed.',
  },
  MANIFEST_BATCH_MISMATCH: {
    vi: 'Bản kê không khớp với lô (trường, năm học, số học bạ hoặc gốc Merkle).',
    en: 'The manifest does not match the batch (school, year, records or root).',
  },
  NOT_SIGNED: { vi: 'Lô chưa được hiệu trưởng ký số.', en: 'The principal has not signed the batch.' },
  SIGNATURE_SIGNER_MISMATCH: {
    vi: 'Chữ ký không phải của chứng thư ghi trong bản kê.',
    en: 'The signature is not by the certificate the manifest names.',
  },
  CERT_NOT_REGISTERED: {
    vi: 'Chứng thư chưa được Sở phê duyệt cho trường này.',
    en: 'The certificate is not approved by the province for this school.',
  },
  CERT_REVOKED: {
    vi: 'Chứng thư đã bị thu hồi trước khi ký.',
    en: 'The certificate was revoked before signing.',
  },
  CERT_EXPIRED: { vi: 'Chứng thư đã hết hạn khi ký.', en: 'The certificate had expired when used.' },
  CERT_NOT_YET_VALID: { vi: 'Chứng thư chưa có hiệu lực khi ký.', en: 'The certificate was not yet valid.' },
  CERT_CHAIN_UNTRUSTED: {
    vi: 'Chứng thư không do tổ chức được Bộ công nhận cấp.',
    en: 'The certificate does not chain to a root the Ministry trusts.',
  },
  PREVIOUS_STEP_FAILED: {
    vi: 'Chưa kiểm tra được vì bước trước không đạt.',
    en: 'Not checked: an earlier step failed.',
  },
  NOT_ON_LEDGER: { vi: 'Lô chưa được ghi vào sổ cái.', en: 'The batch is not on the ledger.' },
  LEDGER_ROOT_MISMATCH: {
    vi: 'Gốc Merkle trong cơ sở dữ liệu khác với sổ cái.',
    en: 'The Merkle root in the database differs from the ledger’s.',
  },
  LEDGER_MANIFESTHASH_MISMATCH: {
    vi: 'Mã băm bản kê trong cơ sở dữ liệu khác với sổ cái.',
    en: 'The manifest hash in the database differs from the ledger’s.',
  },
  LEDGER_CMSHASH_MISMATCH: {
    vi: 'Chữ ký lưu trong cơ sở dữ liệu khác với chữ ký trên sổ cái.',
    en: 'The signature in the database differs from the ledger’s.',
  },
  LEDGER_STATE_MISMATCH: {
    vi: 'Trạng thái của lô trong cơ sở dữ liệu khác với sổ cái.',
    en: 'The batch’s state in the database differs from the ledger’s.',
  },
  LEDGER_TXID_MISMATCH: {
    vi: 'Giao dịch ghi lô trong cơ sở dữ liệu khác với sổ cái.',
    en: 'The anchoring transaction in the database differs from the ledger’s.',
  },
  LEDGER_BLOCKNUMBER_MISMATCH: {
    vi: 'Số khối trong cơ sở dữ liệu khác với sổ cái.',
    en: 'The block number in the database differs from the ledger’s.',
  },
  LEDGER_MISMATCH: {
    vi: 'Sổ cái giữ một lô khác với lô trong cơ sở dữ liệu.',
    en: 'The ledger holds another batch than the database.',
  },
  RECORD_COUNT_MISMATCH: {
    vi: 'Số học bạ trong cơ sở dữ liệu khác với số ghi trong lô.',
    en: 'The database holds another number of records than the batch.',
  },
  LEAF_MISSING: { vi: 'Có học bạ thiếu dữ liệu băm.', en: 'A record lacks its hash.' },
  ROOT_MISMATCH: {
    vi: 'Các học bạ trong cơ sở dữ liệu không tạo ra gốc Merkle của lô: có học bạ đã bị sửa.',
    en: 'The records in the database do not make the batch’s root: a record was changed.',
  },
};
export const FAIL_FALLBACK: Record<Lang, string> = {
  vi: 'Bước này không đạt.',
  en: 'This check failed.',
};

/** What each compared fact is. */
export const FIELD_WORDS: Record<string, Record<Lang, string>> = {
  root: { vi: 'Gốc Merkle', en: 'Merkle root' },
  manifestHash: { vi: 'Mã băm bản kê', en: 'Manifest hash' },
  cmsHash: { vi: 'Mã băm chữ ký', en: 'Signature hash' },
  state: { vi: 'Trạng thái', en: 'State' },
  txId: { vi: 'Giao dịch', en: 'Transaction' },
  blockNumber: { vi: 'Khối', en: 'Block' },
};

export const KIND_WORDS: Record<string, Record<Lang, string>> = {
  regular: { vi: 'Cuối năm', en: 'End of year' },
  supplementary: { vi: 'Đánh giá bổ sung', en: 'Supplementary' },
  replacement: { vi: 'Thay thế', en: 'Replacement' },
};
