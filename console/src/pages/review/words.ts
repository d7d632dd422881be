/** The words of the confirm-and-approve area, Vietnamese first. */
import type { Lang } from '../../words.ts';

type Words = Record<Lang, string>;

export const W = {
  listTitle: { vi: 'Xác nhận và phê duyệt học bạ', en: 'Confirm and approve records' },
  introApprove: {
    vi: 'Các lớp của trường và số học bạ đang chờ hiệu trưởng phê duyệt.',
    en: 'The school’s classes and the records waiting for the principal’s approval.',
  },
  introConfirm: {
    vi: 'Các lớp của trường và số học bạ đang chờ tổ chuyên môn xác nhận môn {subject}.',
    en: 'The school’s classes and the records waiting for the subject group to confirm {subject}.',
  },
  introRead: {
    vi: 'Các lớp của trường và tiến độ học bạ. Hiệu trưởng là người phê duyệt.',
    en: 'The school’s classes and where their records stand. The principal approves them.',
  },
  className: { vi: 'Lớp', en: 'Class' },
  waiting: { vi: 'Chờ xác nhận, phê duyệt', en: 'Waiting for confirmation, approval' },
  homeroom: { vi: 'Giáo viên chủ nhiệm', en: 'Homeroom teacher' },
  stateCounts: { vi: 'Học bạ theo trạng thái', en: 'Records by state' },
  noClasses: { vi: 'Trường chưa có lớp nào trong năm học này.', en: 'The school has no class this year.' },
  noRecords: { vi: 'chưa có học bạ', en: 'no records yet' },
  backToClasses: { vi: 'Quay lại danh sách lớp', en: 'Back to the classes' },
  backToClass: { vi: 'Quay lại lớp {class}', en: 'Back to class {class}' },
  classTitle: { vi: 'Học bạ lớp {class}', en: 'Records of class {class}' },
  no: { vi: 'STT', en: 'No.' },
  pupil: { vi: 'Họ và tên', en: 'Name' },
  dob: { vi: 'Ngày sinh', en: 'Date of birth' },
  state: { vi: 'Trạng thái', en: 'State' },
  record: { vi: 'Học bạ', en: 'Record' },
  view: { vi: 'Xem học bạ', en: 'View record' },
  viewOf: { vi: 'Xem học bạ của {name}', en: 'View the record of {name}' },
  approveAll: { vi: 'Phê duyệt {n} học bạ đang chờ', en: 'Approve the {n} waiting records' },
  confirmAll: {
    vi: 'Xác nhận môn {subject} cho {n} học bạ đang chờ',
    en: 'Confirm {subject} on the {n} waiting records',
  },
  nothingWaiting: {
    vi: 'Lớp này không còn học bạ nào chờ thầy cô.',
    en: 'No record of this class is waiting for you.',
  },
  deputyNote: {
    vi: 'Phó hiệu trưởng xem được học bạ; việc phê duyệt là của hiệu trưởng.',
    en: 'A deputy principal can read the records; the principal approves them.',
  },
  recordTitle: { vi: 'Học bạ của {name}', en: 'Record of {name}' },
  approveOne: { vi: 'Phê duyệt học bạ này', en: 'Approve this record' },
  confirmOne: { vi: 'Xác nhận môn {subject}', en: 'Confirm {subject}' },
  confirmedAlready: {
    vi: 'Tổ chuyên môn đã xác nhận môn {subject} của học bạ này.',
    en: 'The subject group has confirmed {subject} on this record.',
  },
  notWaiting: {
    vi: 'Học bạ này không ở bước chờ thầy cô ({state}).',
    en: 'This record is not at your step ({state}).',
  },
  biographyWithheld: {
    vi: 'Sơ yếu lý lịch của học sinh là dữ liệu cá nhân nhạy cảm (Nghị định 13/2023/NĐ-CP): chỉ giáo viên chủ nhiệm và lãnh đạo nhà trường xem được, nên để trống ở đây.',
    en: 'The pupil’s biography is sensitive personal data (Decree 13/2023): only the homeroom teacher and the school’s leaders see it, so it is left blank here.',
  },
  stepsTitle: { vi: 'Các bước đã làm', en: 'Steps done' },
  stepReview: { vi: 'Giáo viên chủ nhiệm đã xem xét học bạ', en: 'Reviewed by the homeroom teacher' },
  stepConfirm: {
    vi: 'Tổ chuyên môn đã xác nhận môn {subject}',
    en: '{subject} confirmed by the subject group',
  },
  stepApprove: { vi: 'Hiệu trưởng đã phê duyệt', en: 'Approved by the principal' },
  stepAt: { vi: 'lúc {at}', en: 'at {at}' },
  noSteps: { vi: 'Chưa có bước nào sau khi nhập.', en: 'No step after entry yet.' },
  // The confirmation page: what will happen, then the one decision.
  approveTitle: { vi: 'Phê duyệt học bạ — lớp {class}', en: 'Approve records — class {class}' },
  confirmTitle: {
    vi: 'Xác nhận môn {subject} — lớp {class}',
    en: 'Confirm {subject} — class {class}',
  },
  approveExplain: {
    vi: 'Thầy cô sắp phê duyệt {n} học bạ dưới đây. Sau khi phê duyệt, giáo viên không sửa được kết quả nữa; hiệu trưởng khóa và ký số học bạ của lớp ở mục “Các lớp”.',
    en: 'You are about to approve the {n} records below. Once approved, teachers can no longer change the results; the principal then locks and signs the class’s records under “Classes”.',
  },
  confirmExplain: {
    vi: 'Thầy cô sắp xác nhận kết quả môn {subject} của {n} học bạ dưới đây, thay mặt tổ chuyên môn. Sau đó hiệu trưởng phê duyệt.',
    en: 'You are about to confirm the {subject} results of the {n} records below, for the subject group. The principal approves them next.',
  },
  approveNow: { vi: 'Phê duyệt {n} học bạ', en: 'Approve {n} records' },
  confirmNow: { vi: 'Xác nhận {n} học bạ', en: 'Confirm {n} records' },
  working: { vi: 'Đang thực hiện… {done}/{n}', en: 'Working… {done}/{n}' },
  cancel: { vi: 'Hủy', en: 'Cancel' },
  doneApproved: {
    vi: 'Đã phê duyệt {ok}/{n} học bạ của lớp {class}.',
    en: '{ok} of {n} records of class {class} approved.',
  },
  doneConfirmed: {
    vi: 'Đã xác nhận môn {subject} cho {ok}/{n} học bạ của lớp {class}.',
    en: '{subject} confirmed on {ok} of {n} records of class {class}.',
  },
  refused: { vi: 'Chưa thực hiện được', en: 'Not done' },
  refusedFor: { vi: '{name}: {message}', en: '{name}: {message}' },
  nextLock: { vi: 'Đến mục Các lớp để khóa học bạ', en: 'Go to Classes to lock the records' },
  nothingToDo: {
    vi: 'Không còn học bạ nào chờ thầy cô ở lớp này.',
    en: 'No record of this class is waiting for you.',
  },
  result: { vi: 'Kết quả', en: 'Outcome' },
  stateNow: { vi: '(Hiện tại: {state}.)', en: '(Now: {state}.)' },
  resultOk: { vi: 'Đã phê duyệt', en: 'Approved' },
  resultConfirmed: { vi: 'Đã xác nhận', en: 'Confirmed' },
} as const satisfies Record<string, Words>;

export type ReviewWord = keyof typeof W;

/** A word with its `{placeholders}` filled. */
export function rw(key: ReviewWord, lang: Lang, values: Record<string, string | number> = {}): string {
  return W[key][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/** A record's state in the words of the workflow (DESIGN §7). */
export const RECORD_STATE_WORDS: Record<string, Words> = {
  none: { vi: 'Chưa lập học bạ', en: 'No record yet' },
  draft: { vi: 'Đang nhập kết quả', en: 'Results being entered' },
  entered: { vi: 'Đã nhập đủ, chờ GVCN xem xét', en: 'Entered, waiting for the homeroom teacher' },
  reviewed: { vi: 'GVCN đã xem xét, chờ phê duyệt', en: 'Reviewed, waiting for approval' },
  confirmed: {
    vi: 'Tổ chuyên môn đã xác nhận, chờ phê duyệt',
    en: 'Confirmed by the subject group, waiting for approval',
  },
  approved: { vi: 'Đã phê duyệt', en: 'Approved' },
  locked: { vi: 'Đã khóa', en: 'Locked' },
  revoked: { vi: 'Đã thu hồi', en: 'Revoked' },
  superseded: { vi: 'Đã được thay thế', en: 'Superseded' },
};

/** The short names of the states, for the counts of the class list. */
export const STATE_SHORT: Record<string, Words> = {
  draft: { vi: 'đang nhập', en: 'being entered' },
  entered: { vi: 'chờ GVCN xem xét', en: 'waiting for the homeroom teacher' },
  reviewed: { vi: 'GVCN đã xem xét', en: 'reviewed' },
  confirmed: { vi: 'tổ chuyên môn đã xác nhận', en: 'confirmed by the subject group' },
  approved: { vi: 'đã phê duyệt', en: 'approved' },
  locked: { vi: 'đã khóa', en: 'locked' },
  revoked: { vi: 'đã thu hồi', en: 'revoked' },
  superseded: { vi: 'đã thay thế', en: 'superseded' },
};

export function stateWord(state: string | null, lang: Lang): string {
  return RECORD_STATE_WORDS[state ?? 'none']?.[lang] ?? '—';
}
