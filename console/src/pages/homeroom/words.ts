/** The homeroom teacher's words (issue 13), Vietnamese first. */
import type { Lang } from '../../words.ts';

const WORDS = {
  title: { vi: 'Lớp chủ nhiệm', en: 'My class' },
  chooseClass: { vi: 'Chọn lớp chủ nhiệm', en: 'Choose your class' },
  noClass: {
    vi: 'Tài khoản này chưa được giao lớp chủ nhiệm nào.',
    en: 'This account has no class to look after yet.',
  },
  classTitle: { vi: 'Lớp', en: 'Class' },
  schoolYear: { vi: 'Năm học', en: 'School year' },
  pupil: { vi: 'Học sinh', en: 'Pupil' },
  dateOfBirth: { vi: 'Ngày sinh', en: 'Date of birth' },
  state: { vi: 'Tình trạng học bạ', en: 'Record' },
  missing: { vi: 'Còn thiếu', en: 'Still missing' },
  nothingMissing: { vi: 'Đã đủ', en: 'Complete' },
  onlyMissing: { vi: 'Chỉ hiện học sinh còn thiếu', en: 'Only pupils with something missing' },
  countShown: { vi: 'Đang hiện {n} trên {total} học sinh', en: 'Showing {n} of {total} pupils' },
  noPupils: { vi: 'Lớp chưa có học sinh nào.', en: 'The class has no pupils yet.' },
  noneMissing: { vi: 'Không học sinh nào còn thiếu.', en: 'No pupil has anything missing.' },
  noRecord: { vi: 'Chưa lập học bạ', en: 'No record yet' },
  createRecords: { vi: 'Lập học bạ cho học sinh chưa có', en: 'Draw up the missing records' },
  creating: { vi: 'Đang lập học bạ…', en: 'Drawing up…' },
  open: { vi: 'Xem', en: 'Open' },
  subjectsMissing: { vi: 'Môn chưa có kết quả', en: 'Subjects without results' },
  homeroomPartTH: { vi: 'Phẩm chất, năng lực', en: 'Qualities and competencies' },
  homeroomPartSec: { vi: 'Rèn luyện, chuyên cần', en: 'Conduct and attendance' },
  commentMissing: { vi: 'Nhận xét của GVCN', en: 'Homeroom comment' },
  guardianMissing: { vi: 'Lý lịch: cha mẹ hoặc người giám hộ', en: 'Biography: parents or guardian' },
  // The review of the class
  reviewClassTitle: { vi: 'Rà soát cả lớp', en: 'Review the whole class' },
  reviewClassIntro: {
    vi: 'Rà soát là giáo viên chủ nhiệm xác nhận học bạ đã nhập đủ và đúng. Sau khi rà soát, không sửa được kết quả nữa; học bạ chuyển lên hiệu trưởng phê duyệt.',
    en: 'Reviewing is the homeroom teacher confirming that a record is complete and right. Once reviewed, results cannot be changed; the record goes to the principal for approval.',
  },
  reviewClass: { vi: 'Rà soát {n} học bạ đã nhập đủ', en: 'Review the {n} complete records' },
  reviewing: { vi: 'Đang rà soát…', en: 'Reviewing…' },
  reviewBlocked: {
    vi: 'Chưa rà soát được cả lớp. Còn thiếu:',
    en: 'The class cannot be reviewed yet. Still missing:',
  },
  nothingToReview: {
    vi: 'Không còn học bạ nào chờ rà soát.',
    en: 'No record is waiting for review.',
  },
  reviewedCount: { vi: 'Đã rà soát {n} học bạ.', en: '{n} records reviewed.' },
  // One pupil
  backToClass: { vi: 'Quay lại danh sách lớp', en: 'Back to the class list' },
  backToPupil: { vi: 'Quay lại trang học sinh', en: 'Back to the pupil' },
  whatIsMissing: { vi: 'Những gì còn thiếu', en: 'What is still missing' },
  enterAssessment: { vi: 'Nhập đánh giá và nhận xét', en: 'Enter the assessment and comments' },
  editAssessment: { vi: 'Sửa đánh giá và nhận xét', en: 'Change the assessment and comments' },
  editBiography: { vi: 'Cập nhật sơ yếu lý lịch', en: 'Update the biography' },
  reviewPupil: { vi: 'Xác nhận đã rà soát học bạ', en: 'Mark the record reviewed' },
  reviewPupilHint: {
    vi: 'Sau khi rà soát, kết quả không sửa được nữa (trừ khi đề nghị chỉnh sửa).',
    en: 'Once reviewed, the results cannot be changed (except through a correction).',
  },
  cannotReview: {
    vi: 'Chưa rà soát được: học bạ còn thiếu phần nêu trên.',
    en: 'Cannot be reviewed yet: the record still misses what is listed above.',
  },
  saved: { vi: 'Đã lưu.', en: 'Saved.' },
  reviewed: { vi: 'Đã rà soát học bạ.', en: 'The record is reviewed.' },
  notEditable: {
    vi: 'Học bạ đã qua bước nhập: muốn sửa kết quả phải đề nghị chỉnh sửa.',
    en: 'The record is past entry: changing results needs a correction.',
  },
  biography: { vi: 'Sơ yếu lý lịch', en: 'Biography' },
  assessment: { vi: 'Đánh giá cuối năm', en: 'End-of-year assessment' },
  // The assessment form
  qualities: { vi: 'Phẩm chất chủ yếu', en: 'Core qualities' },
  generalCompetencies: { vi: 'Năng lực chung', en: 'General competencies' },
  specificCompetencies: { vi: 'Năng lực đặc thù', en: 'Specific competencies' },
  ratingHint: {
    vi: 'Tốt, Đạt hoặc Cần cố gắng (Thông tư 27, Điều 6).',
    en: 'Good, Satisfactory or Needs effort (Circular 27, Art. 6).',
  },
  chooseRating: { vi: 'Chọn mức', en: 'Choose a level' },
  ratingMissing: { vi: 'Chọn mức cho {name}', en: 'Choose a level for {name}' },
  qualitiesComment: { vi: 'Nhận xét về phẩm chất', en: 'Comment on the qualities' },
  competenciesComment: { vi: 'Nhận xét về năng lực', en: 'Comment on the competencies' },
  homeroomComment: { vi: 'Nhận xét của giáo viên chủ nhiệm', en: 'Homeroom teacher’s comment' },
  commentHint: { vi: 'Không bắt buộc. Tối đa {n} ký tự.', en: 'Optional. At most {n} characters.' },
  commentTooLong: { vi: '{name} dài quá {n} ký tự', en: '{name} is longer than {n} characters' },
  conduct: { vi: 'Kết quả rèn luyện', en: 'Conduct' },
  conductHint: {
    vi: 'Tốt, Khá, Đạt hoặc Chưa đạt (Thông tư 22, Điều 8). Cả năm được tính từ hai học kì.',
    en: 'Good, Fairly good, Pass or Not yet passed (Circular 22, Art. 8). The year follows from the two semesters.',
  },
  semester1: { vi: 'Học kì I', en: 'Semester 1' },
  semester2: { vi: 'Học kì II', en: 'Semester 2' },
  conductMissing: { vi: 'Chọn kết quả rèn luyện {name}', en: 'Choose the conduct of {name}' },
  absences: { vi: 'Số buổi nghỉ học cả năm', en: 'Sessions absent in the year' },
  absencesHint: { vi: 'Ghi 0 nếu học sinh không nghỉ buổi nào.', en: 'Enter 0 if the pupil missed none.' },
  withPermission: { vi: 'Nghỉ có phép', en: 'With leave' },
  withoutPermission: { vi: 'Nghỉ không phép', en: 'Without leave' },
  absencesInvalid: {
    vi: '{name}: nhập một số nguyên từ 0 đến 400',
    en: '{name}: enter a whole number from 0 to 400',
  },
  save: { vi: 'Lưu', en: 'Save' },
  saving: { vi: 'Đang lưu…', en: 'Saving…' },
  // The biography form
  fullName: { vi: 'Họ và tên', en: 'Full name' },
  fullNameMissing: { vi: 'Nhập họ và tên', en: 'Enter the full name' },
  dobHint: { vi: 'Ví dụ: 27 3 2016', en: 'For example: 27 3 2016' },
  day: { vi: 'Ngày', en: 'Day' },
  month: { vi: 'Tháng', en: 'Month' },
  year: { vi: 'Năm', en: 'Year' },
  dobMissing: { vi: 'Nhập đủ ngày, tháng và năm sinh', en: 'Enter the day, month and year of birth' },
  dobInvalid: { vi: 'Ngày sinh phải là một ngày có thật', en: 'The date of birth must be a real date' },
  dobFuture: { vi: 'Ngày sinh phải trước hôm nay', en: 'The date of birth must be in the past' },
  sex: { vi: 'Giới tính', en: 'Sex' },
  birthplace: { vi: 'Nơi sinh', en: 'Place of birth' },
  birthplaceMissing: { vi: 'Nhập nơi sinh', en: 'Enter the place of birth' },
  ethnicity: { vi: 'Dân tộc', en: 'Ethnicity' },
  ethnicityMissing: { vi: 'Nhập dân tộc', en: 'Enter the ethnicity' },
  nationality: { vi: 'Quốc tịch', en: 'Nationality' },
  optional: { vi: '(không bắt buộc)', en: '(optional)' },
  guardians: { vi: 'Cha mẹ hoặc người giám hộ', en: 'Parents or guardians' },
  guardian: { vi: 'Người thứ {n}', en: 'Person {n}' },
  relation: { vi: 'Quan hệ', en: 'Relation' },
  guardianName: { vi: 'Họ và tên', en: 'Full name' },
  guardianNameMissing: { vi: 'Nhập họ và tên người thứ {n}', en: 'Enter the name of person {n}' },
  occupation: { vi: 'Nghề nghiệp', en: 'Occupation' },
  phone: { vi: 'Số điện thoại', en: 'Phone number' },
  phoneInvalid: {
    vi: 'Số điện thoại của người thứ {n} chỉ gồm 8–15 chữ số',
    en: 'The phone number of person {n} must be 8–15 digits',
  },
  addGuardian: { vi: 'Thêm người', en: 'Add a person' },
  removeGuardian: { vi: 'Bỏ người thứ {n}', en: 'Remove person {n}' },
  biographySaved: { vi: 'Đã cập nhật lý lịch: {fields}.', en: 'Biography updated: {fields}.' },
  biographyUnchanged: { vi: 'Không có gì thay đổi.', en: 'Nothing changed.' },
  nationalId: { vi: 'Mã định danh', en: 'Personal id number' },
  studentCode: { vi: 'Mã học sinh', en: 'Student code' },
} as const satisfies Record<string, Record<Lang, string>>;

export type HomeroomWord = keyof typeof WORDS;

/** A word, its `{name}` holes filled. */
export function hw(key: HomeroomWord, lang: Lang, fill: Record<string, string | number> = {}): string {
  return WORDS[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(fill[k] ?? ''));
}

/** A word in both languages, kept so that a notice follows the page's language when it changes. */
export type Said = Record<Lang, string>;
export function said(key: HomeroomWord, fill: Record<string, string | number | Said> = {}): Said {
  const inLang = (l: Lang) =>
    Object.fromEntries(Object.entries(fill).map(([k, v]) => [k, typeof v === 'object' ? v[l] : v]));
  return { vi: hw(key, 'vi', inLang('vi')), en: hw(key, 'en', inLang('en')) };
}

/** A record's state in the words of the lifecycle (DESIGN §7), as a homeroom teacher follows it. */
export const RECORD_STATE_WORDS: Record<string, Record<Lang, string>> = {
  draft: { vi: 'Đang nhập', en: 'Being entered' },
  entered: { vi: 'Đã nhập đủ, chờ rà soát', en: 'Entered, waiting for review' },
  reviewed: { vi: 'Đã rà soát', en: 'Reviewed' },
  confirmed: { vi: 'Tổ chuyên môn đã xác nhận', en: 'Confirmed by the subject group' },
  approved: { vi: 'Hiệu trưởng đã phê duyệt', en: 'Approved by the principal' },
  locked: { vi: 'Đã khóa', en: 'Locked' },
  revoked: { vi: 'Đã thu hồi', en: 'Revoked' },
  superseded: { vi: 'Đã được thay thế', en: 'Superseded' },
};

/** Biography fields as the gateway's `changedFields` name them. */
export const BIOGRAPHY_FIELD_WORDS: Record<string, Record<Lang, string>> = {
  fullName: WORDS.fullName,
  dateOfBirth: { vi: 'ngày sinh', en: 'date of birth' },
  sex: { vi: 'giới tính', en: 'sex' },
  birthplace: { vi: 'nơi sinh', en: 'place of birth' },
  ethnicity: { vi: 'dân tộc', en: 'ethnicity' },
  nationality: { vi: 'quốc tịch', en: 'nationality' },
  guardians: { vi: 'cha mẹ, người giám hộ', en: 'parents, guardians' },
};
