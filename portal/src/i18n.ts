/** The page's words: Vietnamese first, English second. The choice is kept in localStorage. */
import { REPORT_OUTCOME_LABELS, REPORT_STEP_LABELS, REPORT_VERDICT_LABELS } from '@hocba/records';

export type Lang = 'vi' | 'en';
export interface Label {
  vi: string;
  en: string;
}

const KEY = 'hocba.lang';
let current: Lang = (() => {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
})();
const listeners: (() => void)[] = [];

export const lang = () => current;
export function setLang(l: Lang) {
  current = l;
  try {
    localStorage.setItem(KEY, l);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = l;
  for (const f of listeners) f();
}
export const onLangChange = (f: () => void) => listeners.push(f);

/** A label in the current language. */
export const L = (l: Label | undefined, fallback = '') => (l ? l[current] : fallback);

export const T = {
  title: { vi: 'Tra cứu học bạ số', en: 'Digital school record lookup' },
  tagline: {
    vi: 'Kiểm tra học bạ là thật, chưa bị sửa và còn hiệu lực — ngay trên trình duyệt của bạn.',
    en: 'Check that a record is genuine, unchanged and in force — right in your browser.',
  },
  skip: { vi: 'Bỏ qua, đến nội dung chính', en: 'Skip to main content' },
  switchLang: { vi: 'English', en: 'Tiếng Việt' },
  switchLangLabel: { vi: 'Switch to English', en: 'Chuyển sang tiếng Việt' },
  nav: { vi: 'Chức năng', en: 'Sections' },
  tabLookup: { vi: 'Tra cứu', en: 'Look up' },
  tabFile: { vi: 'Kiểm tra tệp', en: 'Verify a file' },
  tabHolder: { vi: 'Học bạ của tôi', en: 'My records' },
  code: { vi: 'Mã số tra cứu', en: 'Lookup code' },
  codeHint: {
    vi: '20 kí tự in trên học bạ, cạnh mã QR; có thể gõ chữ thường, dấu cách hoặc gạch ngang.',
    en: 'The 20 characters printed on the record beside the QR code; lower case, spaces and dashes are fine.',
  },
  codeHintQr: {
    vi: 'Mã của học bạ có mã QR bạn vừa mở; không cần nhập lại.',
    en: 'The code of the record whose QR code you opened; no need to type it.',
  },
  dob: { vi: 'Ngày sinh của học sinh', en: 'Student’s date of birth' },
  dobHint: { vi: 'Ví dụ: 27 3 2012', en: 'For example, 27 3 2012' },
  part_day: { vi: 'Ngày', en: 'Day' },
  part_month: { vi: 'Tháng', en: 'Month' },
  part_year: { vi: 'Năm', en: 'Year' },
  errorSummaryTitle: { vi: 'Có lỗi cần sửa', en: 'There is a problem' },
  errorPrefix: { vi: 'Lỗi:', en: 'Error:' },
  codeMissing: {
    vi: 'Nhập mã số tra cứu in trên học bạ.',
    en: 'Enter the lookup code printed on the record.',
  },
  submit: { vi: 'Tra cứu và xác minh', en: 'Look up and verify' },
  qrIntro: {
    vi: 'Bạn mở liên kết in trên học bạ. Nhập ngày sinh của học sinh để xem và xác minh.',
    en: 'You opened the link printed on a record. Enter the student’s date of birth to see and verify it.',
  },
  otherCode: { vi: 'Tra cứu mã khác', en: 'Look up another code' },
  codeLength: { vi: 'Mã số tra cứu gồm 20 kí tự.', en: 'A lookup code has 20 characters.' },
  codeCharacter: {
    vi: 'Mã số chỉ gồm chữ số và chữ cái (không có U).',
    en: 'A lookup code has only digits and letters (no U).',
  },
  codeCheck: {
    vi: 'Mã số có kí tự bị gõ sai; vui lòng kiểm tra lại.',
    en: 'A character of the code is mistyped; please check it.',
  },
  dobMissing: { vi: 'Nhập ngày sinh của học sinh.', en: 'Enter the student’s date of birth.' },
  dobIncomplete: { vi: 'Ngày sinh phải có', en: 'The date of birth must include a' },
  dobNotNumber: {
    vi: 'Ngày, tháng và năm sinh chỉ gồm chữ số, ví dụ 27 3 2012.',
    en: 'Day, month and year are numbers only, for example 27 3 2012.',
  },
  dobYearDigits: {
    vi: 'Năm sinh phải có 4 chữ số, ví dụ 2012.',
    en: 'The year must have 4 digits, for example 2012.',
  },
  dobNotReal: { vi: 'Ngày sinh phải là một ngày có thật.', en: 'The date of birth must be a real date.' },
  dobFuture: {
    vi: 'Ngày sinh phải là một ngày trong quá khứ.',
    en: 'The date of birth must be in the past.',
  },
  dobTooEarly: { vi: 'Năm sinh phải từ năm 1900 trở đi.', en: 'The year of birth must be 1900 or later.' },
  notFound: {
    vi: 'Không tìm thấy học bạ với mã số và ngày sinh này.',
    en: 'No record matches this code and date of birth.',
  },
  rateLimited: {
    vi: 'Bạn đã tra cứu quá nhiều lần; vui lòng thử lại sau ít phút.',
    en: 'Too many lookups; please try again in a few minutes.',
  },
  notSigned: {
    vi: 'Học bạ chưa được ký số, chưa thể xác minh.',
    en: 'The record is not signed yet and cannot be verified.',
  },
  networkError: {
    vi: 'Không kết nối được máy chủ. Vui lòng thử lại.',
    en: 'Could not reach the server. Please try again.',
  },
  checking: { vi: 'Đang xác minh trên trình duyệt…', en: 'Verifying in your browser…' },
  verifiedHere: {
    vi: 'Báo cáo này được tính ngay trên trình duyệt của bạn từ gói minh chứng, không dựa vào kết luận của máy chủ.',
    en: 'This report was computed in your browser from the proof bundle, not taken from the server.',
  },
  steps: { vi: 'Các bước xác minh', en: 'Verification steps' },
  outcome_pass: REPORT_OUTCOME_LABELS.pass,
  outcome_fail: REPORT_OUTCOME_LABELS.fail,
  outcome_unknown: REPORT_OUTCOME_LABELS.unknown,
  step_integrity: REPORT_STEP_LABELS.integrity,
  step_inclusion: REPORT_STEP_LABELS.inclusion,
  step_anchor: REPORT_STEP_LABELS.anchor,
  step_signature: REPORT_STEP_LABELS.signature,
  step_signer: REPORT_STEP_LABELS.signer,
  step_status: REPORT_STEP_LABELS.status,
  verdictValid: REPORT_VERDICT_LABELS.valid,
  verdictValidText: {
    vi: 'Học bạ là thật, không bị thay đổi và còn hiệu lực.',
    en: 'The record is genuine, unchanged and in force.',
  },
  verdictIncomplete: REPORT_VERDICT_LABELS.incomplete,
  verdictIncompleteText: {
    vi: 'Không có bước nào sai, nhưng có bước chưa kiểm tra được (xem bên dưới).',
    en: 'No step failed, but some could not be checked (see below).',
  },
  verdictOffline: {
    vi: 'Nội dung và chữ ký hợp lệ; việc neo trên sổ cái và tình trạng thu hồi không kiểm tra được khi ngoại tuyến.',
    en: 'Content and signature are valid; the ledger anchor and revocation status cannot be checked offline.',
  },
  verdictTampered: REPORT_VERDICT_LABELS.invalid,
  verdictTamperedText: { vi: 'Bước không đạt:', en: 'Failed step:' },
  verdictRevoked: { vi: 'Học bạ đã bị thu hồi', en: 'Record revoked' },
  verdictRecalled: { vi: 'Lô học bạ đã bị thu hồi', en: 'Batch recalled' },
  verdictSuperseded: { vi: 'Học bạ đã được thay thế', en: 'Record superseded' },
  verdictCorrected: { vi: 'Học bạ đã được điều chỉnh', en: 'Record corrected' },
  correctedText: {
    vi: 'Đây là bản trước khi điều chỉnh, không còn là bản hiện hành. Các thông tin khác của lớp không thay đổi.',
    en: 'This is the version before the correction and is no longer in force. Nothing else of the class changed.',
  },
  correctedOn: { vi: 'Ngày điều chỉnh', en: 'Corrected on' },
  decision: { vi: 'Theo quyết định', en: 'Under decision' },
  openCurrent: { vi: 'Xem bản hiện hành', en: 'See the current version' },
  fileCurrentIntro: {
    vi: 'Tệp cho biết học bạ lúc được tạo. Học bạ có thể đã được điều chỉnh hay thu hồi sau đó:',
    en: 'A file shows the record as it was when made. It may have been corrected or revoked since:',
  },
  fileCurrentLink: { vi: 'Tra cứu bản hiện hành', en: 'Look up the current version' },
  isCorrection: {
    vi: 'Học bạ đã được điều chỉnh; đây là bản hiện hành (mã tra cứu giữ nguyên). Bản in hay tệp có trước ngày điều chỉnh không còn hiệu lực.',
    en: 'The record was corrected; this is the current version (same lookup code). Printouts or files from before the correction are no longer in force.',
  },
  reason: { vi: 'Lý do', en: 'Reason' },
  date: { vi: 'Ngày', en: 'Date' },
  legalBasis: { vi: 'Căn cứ pháp lý', en: 'Legal basis' },
  replacementBatch: { vi: 'Lô thay thế', en: 'Replacement batch' },
  openReplacement: { vi: 'Xem học bạ thay thế', en: 'See the replacement record' },
  status_revoked: {
    vi: 'Học bạ đã bị thu hồi ngày {at} (lý do: {reason}; căn cứ {basis}).',
    en: 'The record was revoked on {at} (reason: {reason}; legal basis {basis}).',
  },
  status_recalled: {
    vi: 'Lô học bạ đã bị thu hồi ngày {at} (lý do: {reason}; căn cứ {basis}).',
    en: 'The batch was recalled on {at} (reason: {reason}; legal basis {basis}).',
  },
  reasonOther: { vi: 'Lý do khác (xem căn cứ pháp lý)', en: 'Another reason (see the legal basis)' },
  batch: { vi: 'Mã lô', en: 'Batch' },
  batchExplain: {
    vi: 'Lô là các học bạ nhà trường chốt và ký số cùng một lần.',
    en: 'A batch is the records a school locked and signed together.',
  },
  block: { vi: 'Khối', en: 'Block' },
  blockExplain: {
    vi: 'Sổ cái được ghi thành các khối đánh số nối tiếp, như những trang đánh số của một cuốn sổ; đây là số của khối chứa lần ghi này.',
    en: 'The ledger is written in numbered blocks, like the numbered pages of a book; this is the block that holds this entry.',
  },
  tx: { vi: 'Mã giao dịch', en: 'Transaction id' },
  txExplain: {
    vi: 'Mã giao dịch (mã băm) là số hiệu riêng của lần ghi này vào sổ cái, dùng để tra lại khi cần.',
    en: 'The transaction id (a hash) is the unique number of this entry in the ledger, for finding it again.',
  },
  anchoredAt: { vi: 'Thời điểm neo', en: 'Anchored at' },
  anchorExplain: {
    vi: 'Neo nghĩa là dấu vân tay (mã băm) của cả lô được ghi vào sổ cái chung do Sở, Phòng và Bộ GD&ĐT cùng giữ: từ đó không ai sửa được lô mà không bị phát hiện.',
    en: 'Anchored means the fingerprint (hash) of the whole batch was written into the ledger the province, the district offices and the Ministry keep together: from then on nobody can change the batch unnoticed.',
  },
  signedAt: { vi: 'Thời điểm ký', en: 'Signed at' },
  signerName: { vi: 'Người ký', en: 'Signed by' },
  state: { vi: 'Trạng thái lô', en: 'Batch state' },
  stateOther: { vi: 'trạng thái khác', en: 'another state' },
  fieldsShown: { vi: 'Được công bố', en: 'Shown' },
  fieldsHidden: { vi: 'Được ẩn', en: 'Hidden' },
  fieldsCount: { vi: '{n} mục thông tin', en: '{n} items of information' },
  fieldsHiddenExplain: {
    vi: 'Các mục được ẩn (như thông tin cá nhân) vẫn được kiểm tra qua mã băm của chúng.',
    en: 'Hidden items (such as personal details) are still checked through their hashes.',
  },
  schoolByCode: { vi: 'trường có mã {code}', en: 'the school with code {code}' },
  pass_integrity: {
    vi: 'Nội dung học bạ không bị thay đổi kể từ khi nhà trường chốt: từng mục thông tin khớp với dấu vân tay (mã băm) đã chốt.',
    en: 'The record has not changed since the school locked it: every item matches the fingerprint (hash) locked then.',
  },
  pass_inclusion: {
    vi: 'Học bạ nằm trong lô học bạ nhà trường đã chốt và ký số (học bạ thứ {position} trong {size}).',
    en: 'The record is in the batch the school locked and signed (record {position} of {size}).',
  },
  pass_anchor: {
    vi: 'Lô học bạ đã được neo trên sổ cái lúc {at}.',
    en: 'The batch was anchored on the ledger at {at}.',
  },
  pass_signature: {
    vi: 'Chữ ký số của thủ trưởng cơ sở giáo dục hợp lệ, ký lúc {at}.',
    en: 'The principal’s digital signature is valid, signed at {at}.',
  },
  pass_signer: {
    vi: 'Chứng thư số được cấp bởi tổ chức tin cậy và đã được Sở đăng ký cho {school}.',
    en: 'The certificate was issued by a trusted authority and registered by the province for {school}.',
  },
  fileIntro: {
    vi: 'Kéo thả hoặc chọn tệp học bạ PDF hay tệp gói minh chứng (.json) do học sinh hay nhà trường gửi. Tệp được kiểm tra ngay trong trang, không gửi đi đâu.',
    en: 'Drop or pick a học bạ PDF or a proof bundle file (.json) a student or school sent you. It is checked inside this page and sent nowhere.',
  },
  fileDrop: { vi: 'Thả tệp vào đây', en: 'Drop the file here' },
  filePick: { vi: 'Chọn tệp PDF hoặc gói minh chứng', en: 'Choose a PDF or proof bundle file' },
  onlineIntro: {
    vi: 'Để kiểm tra nốt việc neo trên sổ cái và tình trạng thu hồi, trang sẽ hỏi máy chủ sổ cái về lô và vị trí của học bạ này (không gửi nội dung tệp), rồi tự xác minh lại.',
    en: 'To check the ledger anchor and revocation status too, the page asks the ledger server about this record’s batch and position (the file’s content is not sent), then verifies again itself.',
  },
  onlineCheck: { vi: 'Kiểm tra trên sổ cái (trực tuyến)', en: 'Check on the ledger (online)' },
  onlineDone: {
    vi: 'Đã kiểm tra trực tuyến: báo cáo trên được tính lại trên trình duyệt của bạn với dữ kiện sổ cái vừa tải về.',
    en: 'Checked online: the report above was recomputed in your browser with the ledger facts just fetched.',
  },
  onlineNotFound: {
    vi: 'Sổ cái không có lô học bạ mà tệp nêu.',
    en: 'The ledger has no batch by the name the file gives.',
  },
  fileNotJson: { vi: 'Tệp không phải JSON hợp lệ.', en: 'The file is not valid JSON.' },
  fileOffline: {
    vi: 'Kiểm tra ngoại tuyến: các bước sổ cái và tình trạng không thể kiểm tra được, không được coi là đạt.',
    en: 'Offline check: the ledger and status steps cannot be checked, and are not counted as passed.',
  },
  noAnchors: {
    vi: 'Không tải được danh sách chứng thư gốc tin cậy; bước chứng thư không kiểm tra được.',
    en: 'Could not load the trusted root certificates; the certificate step cannot be checked.',
  },
  login: { vi: 'Tên đăng nhập', en: 'Login' },
  password: { vi: 'Mật khẩu', en: 'Password' },
  signIn: { vi: 'Đăng nhập', en: 'Sign in' },
  signOut: { vi: 'Đăng xuất', en: 'Sign out' },
  holderIntro: {
    vi: 'Học sinh hoặc phụ huynh đăng nhập để tải gói minh chứng chỉ gồm các thông tin muốn chia sẻ. Các phần bị ẩn vẫn được bảo đảm bằng mã băm, nên gói vẫn xác minh được.',
    en: 'Students or guardians sign in to download a proof bundle with only what they choose to share. Hidden parts stay as hashes, so the bundle still verifies.',
  },
  loginFailed: { vi: 'Sai tên đăng nhập hoặc mật khẩu.', en: 'Wrong login or password.' },
  loginLocked: {
    vi: 'Đã nhập sai mật khẩu quá nhiều lần với tên đăng nhập này; vui lòng thử lại sau 15 phút.',
    en: 'Too many wrong passwords for this login; please try again in 15 minutes.',
  },
  notHolder: {
    vi: 'Tài khoản này không phải của học sinh hay phụ huynh.',
    en: 'This account is not a student’s or a guardian’s.',
  },
  noRecords: { vi: 'Chưa có học bạ nào đã chốt.', en: 'No locked record yet.' },
  chooseFields: { vi: 'Chọn thông tin được chia sẻ', en: 'Choose what to share' },
  download: { vi: 'Tải gói minh chứng', en: 'Download the proof bundle' },
  downloaded: { vi: 'Đã tạo gói minh chứng', en: 'Proof bundle ready' },
  sensitive: { vi: 'dữ liệu nhạy cảm', en: 'sensitive data' },
  notYetSigned: { vi: 'chưa ký', en: 'not signed yet' },
  recordTitle: { vi: 'HỌC BẠ', en: 'SCHOOL RECORD' },
  untrusted: {
    vi: 'CẢNH BÁO: nội dung dưới đây không khớp với học bạ đã chốt và ký số; không được sử dụng.',
    en: 'WARNING: the content below does not match the locked and signed record; do not rely on it.',
  },
  personalHidden: {
    vi: 'Không hiển thị (thông tin cá nhân)',
    en: 'Not shown (personal information)',
  },
  hiddenNote: {
    vi: 'Một số thông tin được ẩn (chỉ còn mã băm) theo lựa chọn của người công bố.',
    en: 'Some information is hidden (kept as hashes only) by the discloser’s choice.',
  },
  fingerprintExplain: {
    vi: 'Mã nội dung được tính từ nội dung học bạ hiển thị ở trên; bản in hay tệp PDF có nội dung khác sẽ cho mã khác. Tra cứu bằng mã số để đối chiếu.',
    en: 'The content fingerprint is computed from the record shown above; a printout or PDF with other content gives another one. Look the code up to compare.',
  },
  publicCount: {
    vi: 'Hiển thị {shown}/{total} mục thông tin; {hidden} mục là thông tin cá nhân, không công bố khi tra cứu.',
    en: '{shown} of {total} items of information shown; {hidden} are personal and not shown by a lookup.',
  },
  publicHiddenNote: {
    vi: '"Không hiển thị": thông tin cá nhân của học sinh (họ tên, ngày sinh, mã định danh…) không được công bố khi tra cứu; học sinh hoặc phụ huynh có thể tự chia sẻ. Nội dung của các mục đó vẫn được bảo vệ bằng mã băm trong bằng chứng.',
    en: '"Not shown": the pupil’s personal details (name, date of birth, identifiers…) are not disclosed by a lookup; the pupil or a parent may share them. Their content is still bound by hashes in the proof.',
  },
  hiddenCount: { vi: '{n} mục thông tin được ẩn.', en: '{n} items of information hidden.' },
} satisfies Record<string, Label>;

export const t = (k: keyof typeof T) => T[k][current];

/** A label with `{name}` places filled in. */
export const fill = (l: Label, v: Record<string, string>) =>
  L(l).replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? '');
