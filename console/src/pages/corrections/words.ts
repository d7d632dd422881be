/**
 * The words of the corrections, transfers and revocations area, Vietnamese first. The record's own field
 * names and values come from @hocba/records (and, for a correction's changes, from the gateway, which
 * labels them with the same tables).
 */
import type { Lang } from '../../words.ts';

const WORDS = {
  title: { vi: 'Đính chính, chuyển trường, thu hồi', en: 'Corrections, transfers, revocations' },
  intro: {
    vi: 'Học bạ đã khóa không sửa trực tiếp được: mọi thay đổi đi qua đề nghị đính chính, được kiểm tra và được hiệu trưởng phê duyệt.',
    en: 'A locked record is never edited: every change goes through a correction request, checked and approved by the principal.',
  },
  noSchool: {
    vi: 'Tài khoản này không gắn với trường nào.',
    en: 'This account is not tied to a school.',
  },
  newCorrection: { vi: 'Đề nghị đính chính học bạ', en: 'Request a correction' },
  newTransfer: { vi: 'Lập hồ sơ chuyển trường', en: 'Transfer a pupil out' },
  revokeRecord: { vi: 'Thu hồi một học bạ', en: 'Revoke a record' },
  backToList: { vi: 'Quay lại danh sách', en: 'Back to the list' },
  waitingForYou: { vi: 'Đề nghị đính chính chờ thầy cô xử lý', en: 'Corrections waiting for you' },
  nothingWaiting: { vi: 'Không có đề nghị nào chờ thầy cô.', en: 'Nothing is waiting for you.' },
  allCorrections: { vi: 'Các đề nghị đính chính của trường', en: 'The school’s correction requests' },
  noCorrections: {
    vi: 'Trường chưa có đề nghị đính chính nào.',
    en: 'The school has no correction request.',
  },
  pupil: { vi: 'Học sinh', en: 'Pupil' },
  className: { vi: 'Lớp', en: 'Class' },
  part: { vi: 'Phần đính chính', en: 'Part corrected' },
  wholeRecord: { vi: 'Phẩm chất, năng lực, nhận xét chung', en: 'Qualities, competencies, comments' },
  requestedBy: { vi: 'Người đề nghị', en: 'Requested by' },
  requestedOn: { vi: 'Ngày đề nghị', en: 'Requested on' },
  state: { vi: 'Trạng thái', en: 'State' },
  open: { vi: 'Xem', en: 'Open' },
  // The correction request form.
  requestTitle: { vi: 'Đề nghị đính chính học bạ đã khóa', en: 'Request a correction of a locked record' },
  requestIntro: {
    vi: 'Chọn học bạ, phần cần đính chính, rồi sửa đúng những ô sai. Chỉ các ô thầy cô thay đổi được gửi đi.',
    en: 'Choose the record and the part to correct, then change only the values that are wrong. Only the changed values are sent.',
  },
  chooseClass: { vi: 'Lớp', en: 'Class' },
  chooseClassMissing: { vi: 'Chọn lớp', en: 'Choose the class' },
  choosePupil: { vi: 'Học sinh (học bạ đã khóa)', en: 'Pupil (locked record)' },
  choosePupilHint: {
    vi: 'Chỉ có học sinh có học bạ đã khóa trong danh sách.',
    en: 'Only pupils whose record is locked are listed.',
  },
  choosePupilMissing: { vi: 'Chọn học sinh', en: 'Choose the pupil' },
  noLockedRecords: { vi: 'Lớp này chưa có học bạ nào đã khóa.', en: 'This class has no locked record.' },
  choosePart: { vi: 'Phần cần đính chính', en: 'Part to correct' },
  field: { vi: 'Mục trong học bạ', en: 'Field of the record' },
  lockedValue: { vi: 'Giá trị đã khóa', en: 'Locked value' },
  correctedValue: { vi: 'Giá trị đính chính', en: 'Corrected value' },
  followUps: {
    vi: 'Giá trị tính lại theo quy định (gửi kèm đề nghị)',
    en: 'Values the rules derive again (sent with the request)',
  },
  promotion: {
    vi: 'Quyết định của hiệu trưởng với học sinh chưa hoàn thành chương trình lớp học',
    en: 'The principal’s decision for a pupil who has not completed the grade',
  },
  promotionHint: {
    vi: 'Theo Điều 11 Thông tư 27/2020: được lên lớp hoặc ở lại lớp.',
    en: 'Circular 27/2020 Art. 11: promoted or retained.',
  },
  promotionMissing: { vi: 'Chọn được lên lớp hoặc ở lại lớp', en: 'Choose promoted or retained' },
  nothingChanged: {
    vi: 'Chưa có ô nào được thay đổi: sửa ít nhất một giá trị',
    en: 'Nothing was changed: correct at least one value',
  },
  scoreInvalid: {
    vi: 'Điểm KTĐK là số nguyên từ 1 đến 10',
    en: 'The test score is a whole number from 1 to 10',
  },
  legalBasis: { vi: 'Căn cứ pháp lý', en: 'Legal basis' },
  legalBasisHint: {
    vi: 'Số văn bản, điều khoản. Ví dụ: Điều 15 Quy chế quản lý học bạ số',
    en: 'Document number, article. For example: Art. 15 of the digital records regulation',
  },
  legalBasisMissing: {
    vi: 'Nhập căn cứ pháp lý (ít nhất 3 ký tự)',
    en: 'Enter the legal basis (3 characters or more)',
  },
  reason: { vi: 'Lý do đính chính', en: 'Reason for the correction' },
  reasonHint: {
    vi: 'Sai ở đâu và vì sao, đủ để người kiểm tra đối chiếu.',
    en: 'What is wrong and why, enough for the checker to compare.',
  },
  reasonMissing: { vi: 'Nhập lý do (ít nhất 3 ký tự)', en: 'Enter the reason (3 characters or more)' },
  sendRequest: { vi: 'Gửi đề nghị', en: 'Send the request' },
  sending: { vi: 'Đang gửi…', en: 'Sending…' },
  empty: { vi: '(trống)', en: '(empty)' },
  // The correction's page.
  correctionTitle: { vi: 'Đề nghị đính chính', en: 'Correction request' },
  changes: { vi: 'Các thay đổi', en: 'The changes' },
  checkTitle: { vi: 'Kiểm tra đề nghị', en: 'Check the request' },
  checkIntro: {
    vi: 'Đối chiếu từng thay đổi với hồ sơ gốc. Xác nhận đã kiểm tra để chuyển hiệu trưởng phê duyệt.',
    en: 'Compare each change with the source documents. Confirm the check to pass it to the principal.',
  },
  note: { vi: 'Ghi chú (không bắt buộc)', en: 'Note (optional)' },
  confirmCheck: { vi: 'Xác nhận đã kiểm tra', en: 'Confirm the check' },
  decisionTitle: { vi: 'Quyết định của hiệu trưởng', en: 'The principal’s decision' },
  decisionIntro: {
    vi: 'Phê duyệt sẽ tạo phiên bản mới của học bạ (giữ nguyên mã tra cứu); phiên bản mới cần được khóa và ký lại trong lô điều chỉnh.',
    en: 'Approval makes a new version of the record (same lookup code); the new version must then be locked and signed again in a correction batch.',
  },
  decisionLegend: { vi: 'Phê duyệt hay từ chối?', en: 'Approve or refuse?' },
  takeInLegend: { vi: 'Trường có tiếp nhận học sinh không?', en: 'Does your school take the pupil in?' },
  approve: { vi: 'Phê duyệt đính chính', en: 'Approve the correction' },
  refuse: { vi: 'Từ chối', en: 'Refuse' },
  decisionMissing: { vi: 'Chọn phê duyệt hoặc từ chối', en: 'Choose approve or refuse' },
  refuseNote: { vi: 'Lý do từ chối', en: 'Reason for refusing' },
  refuseNoteMissing: { vi: 'Nhập lý do từ chối', en: 'Enter the reason for refusing' },
  sendDecision: { vi: 'Gửi quyết định', en: 'Send the decision' },
  checkedOn: { vi: 'Ngày kiểm tra', en: 'Checked on' },
  decidedOn: { vi: 'Ngày quyết định', en: 'Decided on' },
  decisionNote: { vi: 'Ghi chú của hiệu trưởng', en: 'The principal’s note' },
  lockCorrection: { vi: 'Khóa bản đính chính', en: 'Lock the correction' },
  lockCorrectionHint: {
    vi: 'Khóa lô điều chỉnh gồm các bản đính chính đã phê duyệt của lô học bạ này (mã tra cứu giữ nguyên), rồi ký lô trên trang của lô.',
    en: 'Locks the correction batch of the approved corrections of this record’s batch (lookup codes unchanged); then sign it on the batch’s page.',
  },
  lockCorrectionPrincipal: {
    vi: 'Hiệu trưởng khóa và ký lô điều chỉnh.',
    en: 'The principal locks and signs the correction batch.',
  },
  correctionLocked: {
    vi: 'Bản đính chính đã được khóa trong lô điều chỉnh; lô được ký và ghi lên sổ cái trên trang của lô.',
    en: 'The correction is locked in a correction batch; the batch is signed and anchored on its page.',
  },
  openCorrectionBatch: { vi: 'Mở lô điều chỉnh', en: 'Open the correction batch' },
  noBatchToCorrect: {
    vi: 'Không tìm thấy lô học bạ đã ghi sổ cái của lớp này để đính chính.',
    en: 'No anchored batch of this class was found to correct.',
  },
  nextStep: { vi: 'Việc cần làm', en: 'Next step' },
  awaitingLock: { vi: 'Bản đính chính chờ khóa', en: 'Corrections waiting to be locked' },
  appliedNext: {
    vi: 'Đã phê duyệt. Phiên bản mới của học bạ chờ khóa và ký lại trong lô điều chỉnh.',
    en: 'Approved. The new version of the record waits to be locked and signed again in a correction batch.',
  },
  notFound: { vi: 'Không tìm thấy.', en: 'Not found.' },
  // Transfers.
  transfers: { vi: 'Chuyển trường', en: 'Transfers' },
  incomingWaiting: {
    vi: 'Học sinh chuyển đến chờ trường tiếp nhận',
    en: 'Pupils transferred in, waiting for you',
  },
  noIncoming: { vi: 'Không có học sinh nào chờ tiếp nhận.', en: 'No pupil is waiting to be taken in.' },
  allTransfers: { vi: 'Hồ sơ chuyển đi và chuyển đến', en: 'Transfers out and in' },
  noTransfers: { vi: 'Trường chưa có hồ sơ chuyển trường nào.', en: 'The school has no transfer.' },
  dateOfBirth: { vi: 'Ngày sinh', en: 'Date of birth' },
  fromSchool: { vi: 'Chuyển từ', en: 'From' },
  toSchool: { vi: 'Chuyển đến', en: 'To' },
  effectiveOn: { vi: 'Ngày chuyển', en: 'Date of the transfer' },
  direction: { vi: 'Chiều', en: 'Direction' },
  out: { vi: 'Chuyển đi', en: 'Out' },
  in: { vi: 'Chuyển đến', en: 'In' },
  transferTitle: { vi: 'Lập hồ sơ chuyển trường', en: 'Transfer a pupil to another school' },
  transferIntro: {
    vi: 'Trường chuyển đến sẽ xem và tiếp nhận. Khi được tiếp nhận, học bạ của học sinh do trường mới lưu giữ; các học bạ đã khóa vẫn có giá trị.',
    en: 'The receiving school sees the request and takes the pupil in. Then it keeps the pupil’s records; the locked ones stay valid.',
  },
  nameBy: { vi: 'Nêu học sinh bằng', en: 'Name the pupil by' },
  nameByMissing: { vi: 'Chọn cách nêu học sinh', en: 'Choose how to name the pupil' },
  byNationalId: { vi: 'Mã định danh và ngày sinh', en: 'Personal ID number and date of birth' },
  byClass: { vi: 'Lớp và họ tên', en: 'Class and full name' },
  nationalId: { vi: 'Mã định danh', en: 'Personal ID number (mã định danh)' },
  nationalIdHint: { vi: '12 chữ số', en: '12 digits' },
  nationalIdMissing: { vi: 'Nhập mã định danh gồm 12 chữ số', en: 'Enter the 12-digit ID number' },
  dobMissing: {
    vi: 'Nhập ngày sinh có thật (ngày, tháng, năm)',
    en: 'Enter a real date of birth (day, month, year)',
  },
  classNameHint: { vi: 'Ví dụ: 4A', en: 'For example: 4A' },
  classNameMissing: { vi: 'Nhập tên lớp', en: 'Enter the class' },
  fullName: { vi: 'Họ và tên', en: 'Full name' },
  fullNameMissing: { vi: 'Nhập họ và tên học sinh', en: 'Enter the pupil’s full name' },
  receivingSchool: { vi: 'Trường chuyển đến', en: 'Receiving school' },
  receivingSchoolMissing: { vi: 'Chọn trường chuyển đến', en: 'Choose the receiving school' },
  choose: { vi: '— Chọn —', en: '— Choose —' },
  effectiveOnHint: { vi: 'Không bắt buộc. Ví dụ: 15 9 2026', en: 'Optional. For example: 15 9 2026' },
  effectiveOnInvalid: { vi: 'Ngày chuyển không có thật', en: 'The date of the transfer is not a real date' },
  transferReason: { vi: 'Lý do chuyển trường (không bắt buộc)', en: 'Reason for the transfer (optional)' },
  transferReasonFact: { vi: 'Lý do chuyển trường', en: 'Reason for the transfer' },
  takenIn: {
    vi: 'Trường chuyển đến đã tiếp nhận: từ nay trường này lưu giữ học bạ của học sinh.',
    en: 'The receiving school took the pupil in: it keeps the pupil’s records from now on.',
  },
  day: { vi: 'Ngày', en: 'Day' },
  month: { vi: 'Tháng', en: 'Month' },
  year: { vi: 'Năm', en: 'Year' },
  sendTransfer: { vi: 'Gửi hồ sơ chuyển trường', en: 'Send the transfer' },
  transferPageTitle: { vi: 'Hồ sơ chuyển trường', en: 'Transfer' },
  studentCode: { vi: 'Mã học sinh', en: 'Student code' },
  takeInTitle: { vi: 'Tiếp nhận học sinh', en: 'Take the pupil in' },
  takeInIntro: {
    vi: 'Tiếp nhận: trường thầy cô lưu giữ học bạ của học sinh từ nay. Không tiếp nhận: hồ sơ trả về trường chuyển đi.',
    en: 'Accept: your school keeps the pupil’s records from now on. Refuse: the request goes back to the sending school.',
  },
  accept: { vi: 'Tiếp nhận học sinh', en: 'Accept the pupil' },
  reject: { vi: 'Không tiếp nhận', en: 'Refuse' },
  acceptMissing: { vi: 'Chọn tiếp nhận hoặc không tiếp nhận', en: 'Choose accept or refuse' },
  // Revocation.
  revokeTitle: { vi: 'Thu hồi học bạ đã khóa', en: 'Revoke a locked record' },
  revokeIntro: {
    vi: 'Chỉ thu hồi khi Sở GD&ĐT đã cho phép thu hồi với lô học bạ đó. Thu hồi là vĩnh viễn.',
    en: 'Revoke only once the provincial department has allowed revocations in the record’s batch. Revocation is final.',
  },
  revokeReason: { vi: 'Lý do thu hồi', en: 'Reason for revoking' },
  revokeReasonMissing: { vi: 'Chọn lý do thu hồi', en: 'Choose the reason' },
  revokeLegalHint: {
    vi: 'Số văn bản cho phép của Sở, điều khoản. Ví dụ: QĐ 12/QĐ-SGDĐT',
    en: 'The department’s permission, article. For example: QĐ 12/QĐ-SGDĐT',
  },
  continue: { vi: 'Tiếp tục', en: 'Continue' },
  confirmTitle: {
    vi: 'Thầy cô có chắc muốn thu hồi học bạ này?',
    en: 'Are you sure you want to revoke this record?',
  },
  confirmMeans: {
    vi: 'Sau khi thu hồi, ai tra cứu mã số của học bạ này trên cổng tra cứu công khai sẽ được báo: học bạ đã bị thu hồi, không còn giá trị. Việc thu hồi được ghi vào sổ cái và không thể hoàn tác.',
    en: 'Once revoked, anyone who looks up this record’s code on the public portal is told the record is revoked and no longer valid. The revocation is written to the ledger and cannot be undone.',
  },
  confirmRevoke: { vi: 'Thu hồi học bạ', en: 'Revoke the record' },
  back: { vi: 'Quay lại', en: 'Back' },
  revokedTitle: { vi: 'Đã gửi yêu cầu thu hồi', en: 'Revocation sent' },
  revokedBody: {
    vi: 'Yêu cầu thu hồi đang được ghi vào sổ cái. Khi xong, tra cứu công khai sẽ báo học bạ đã bị thu hồi.',
    en: 'The revocation is being written to the ledger. Then the public lookup says the record is revoked.',
  },
  schoolYear: { vi: 'Năm học', en: 'School year' },
} as const satisfies Record<string, Record<Lang, string>>;

export type ChangeWord = keyof typeof WORDS;

export function t(key: ChangeWord, lang: Lang): string {
  return WORDS[key][lang];
}

/** A correction request's state (corrections table), in the words of seed 001 Art. 15. */
export const CORRECTION_STATE_WORDS: Record<string, Record<Lang, string>> = {
  requested: { vi: 'Chờ kiểm tra', en: 'Waiting for the check' },
  checked: { vi: 'Đã kiểm tra, chờ hiệu trưởng', en: 'Checked, waiting for the principal' },
  approved: { vi: 'Đã phê duyệt', en: 'Approved' },
  applied: { vi: 'Đã phê duyệt, có phiên bản mới', en: 'Approved, new version made' },
  rejected: { vi: 'Bị từ chối', en: 'Refused' },
};

/** A transfer's state, as the receiving school's decision leaves it. */
export const TRANSFER_STATE_WORDS: Record<string, Record<Lang, string>> = {
  requested: { vi: 'Chờ trường chuyển đến tiếp nhận', en: 'Waiting for the receiving school' },
  accepted: { vi: 'Đã tiếp nhận', en: 'Accepted' },
  completed: { vi: 'Đã tiếp nhận', en: 'Accepted' },
  rejected: { vi: 'Không được tiếp nhận', en: 'Refused' },
  cancelled: { vi: 'Đã hủy', en: 'Cancelled' },
};

/** Reasons a principal revokes a record for (codes as the ledger takes them; words from @hocba/records). */
export const REVOKE_REASONS = ['DATA_ERROR', 'WRONG_STUDENT', 'WRONG_CLASS', 'DUPLICATE', 'FRAUD'] as const;

/** A calendar date 'YYYY-MM-DD' as dd/mm/yyyy (no time zone involved: it is a date, not an instant). */
export function dateText(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '—';
}
