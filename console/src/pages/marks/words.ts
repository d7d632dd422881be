/** The marks area's words, Vietnamese first (issue 13). Column names are the circulars' own abbreviations. */
import type { Lang } from '../../words.ts';

export const MARKS_WORDS = {
  title: { vi: 'Nhập điểm', en: 'Marks' },
  chooseTitle: { vi: 'Chọn lớp và môn', en: 'Choose a class and subject' },
  chooseIntro: {
    vi: 'Thầy cô được phân công các lớp và môn sau. Chọn một để nhập điểm.',
    en: 'You are assigned the classes and subjects below. Choose one to enter its marks.',
  },
  noGrant: {
    vi: 'Tài khoản chưa được phân công lớp và môn nào. Hãy liên hệ quản trị của trường.',
    en: 'Your account is assigned no class or subject. Ask your school’s administrator.',
  },
  classLabel: { vi: 'Lớp', en: 'Class' },
  subjectLabel: { vi: 'Môn', en: 'Subject' },
  gridTitle: { vi: 'Bảng điểm', en: 'Marks' },
  otherChoice: { vi: 'Chọn lớp hoặc môn khác', en: 'Choose another class or subject' },
  pupil: { vi: 'Họ và tên', en: 'Pupil' },
  semester1: { vi: 'Học kì I', en: 'Semester I' },
  semester2: { vi: 'Học kì II', en: 'Semester II' },
  dob: { vi: 'Ngày sinh', en: 'Date of birth' },
  state: { vi: 'Tình trạng', en: 'Status' },
  howTo: {
    vi: 'Dùng phím mũi tên, Tab, Enter để chuyển ô; gõ để thay giá trị; Delete để xóa ô; Esc để bỏ điều vừa gõ. Có thể dán cả khối ô sao chép từ Excel hoặc LibreOffice. Học sinh để trống cả hàng thì chưa được gửi.',
    en: 'Arrow keys, Tab and Enter move between cells; typing replaces a value; Delete clears a cell; Esc undoes what was just typed. You can paste a block copied from Excel or LibreOffice. A pupil whose row is left empty is not sent.',
  },
  decimalComma: {
    vi: 'Điểm lẻ gõ hoặc dán với dấu phẩy hay dấu chấm thập phân đều được (7,5 hoặc 7.5).',
    en: 'A score with a decimal may be typed or pasted with a decimal comma or point (7,5 or 7.5).',
  },
  legendPrimary: {
    vi: 'Mức đạt được: T = Hoàn thành tốt, H = Hoàn thành, C = Chưa hoàn thành. Điểm kiểm tra định kì cuối năm: số nguyên từ 1 đến 10.',
    en: 'Level: T = completed well, H = completed, C = not completed. Year-end test: a whole number from 1 to 10.',
  },
  legendScore: {
    vi: 'ĐĐGtx: điểm đánh giá thường xuyên; ĐĐGgk: giữa kì; ĐĐGck: cuối kì; ĐTBmhk: điểm trung bình môn học kì; ĐTBmcn: cả năm. Điểm từ 0 đến 10, tối đa một chữ số thập phân.',
    en: 'ĐĐGtx: regular assessments; ĐĐGgk: mid-term; ĐĐGck: end of term; ĐTBmhk: semester average; ĐTBmcn: year average. Scores 0 to 10, at most one decimal.',
  },
  legendComment: {
    vi: 'Môn đánh giá bằng nhận xét: Đ = Đạt, CĐ = Chưa đạt. Kết quả cả năm theo học kì II.',
    en: 'Subject assessed by comment: Đ = pass, CĐ = not yet passed. The year follows semester II.',
  },
  save: { vi: 'Lưu bảng điểm', en: 'Save the marks' },
  saving: { vi: 'Đang lưu…', en: 'Saving…' },
  reload: { vi: 'Tải lại từ máy chủ', en: 'Reload from the server' },
  nothingToSave: {
    vi: 'Chưa có hàng nào có điểm để lưu.',
    en: 'No row has marks to save yet.',
  },
  unsaved: { vi: 'Có thay đổi chưa lưu.', en: 'There are unsaved changes.' },
  rowUnsaved: { vi: 'chưa lưu', en: 'not saved' },
  savedAt: { vi: 'Đã lưu lúc', en: 'Saved at' },
  savedRows: { vi: 'học sinh đã được ghi điểm', en: 'pupils’ marks written' },
  refusedIntro: {
    vi: 'Máy chủ không ghi hàng nào (lưu tất cả hoặc không lưu gì). Sửa các lỗi sau rồi lưu lại:',
    en: 'The server wrote no row (all or nothing). Fix these and save again:',
  },
  readOnly: { vi: 'Chỉ xem', en: 'Read only' },
  noRecord: {
    vi: 'Chưa lập học bạ: giáo viên chủ nhiệm hoặc nhà trường cần lập học bạ trước.',
    en: 'No record yet: the homeroom teacher or the school must draw it up first.',
  },
  editable: { vi: 'Đang nhập', en: 'Being entered' },
  problemsOf: { vi: 'Lỗi của hàng', en: 'Problems in the row' },
  notANumber: { vi: 'không phải là điểm số', en: 'is not a score' },
  missing: { vi: 'chưa nhập', en: 'not entered' },
  scoreRule: {
    vi: 'điểm từ 0 đến 10, tối đa một chữ số thập phân',
    en: 'a score from 0 to 10 with at most one decimal',
  },
  testScoreRule: {
    vi: 'điểm kiểm tra là số nguyên từ 1 đến 10',
    en: 'the test score is a whole number from 1 to 10',
  },
  levelRule: {
    vi: 'nhập T (Hoàn thành tốt), H (Hoàn thành) hoặc C (Chưa hoàn thành)',
    en: 'enter T (completed well), H (completed) or C (not completed)',
  },
  ratingRule: {
    vi: 'nhập T (Tốt), Đ (Đạt) hoặc C (Cần cố gắng)',
    en: 'enter T (good), Đ (satisfactory) or C (needs effort)',
  },
  homeroomChoice: { vi: 'Phẩm chất và năng lực (cả lớp)', en: 'Qualities and competencies (whole class)' },
  homeroomTitle: {
    vi: 'Phẩm chất, năng lực và nhận xét',
    en: 'Qualities, competencies and comments',
  },
  legendHomeroom: {
    vi: 'Mỗi phẩm chất, năng lực: T = Tốt, Đ = Đạt, C = Cần cố gắng (gõ chữ cái hoặc cả từ, có dấu hoặc không). Nhận xét không bắt buộc. Khen thưởng và các phần khác đã có của học sinh được giữ nguyên.',
    en: 'Each quality and competency: T = good, Đ = satisfactory, C = needs effort (a letter or the word, with or without accents). Comments are optional. Awards and the other parts a pupil already has are kept as they are.',
  },
  homeroomSecondary: {
    vi: 'Bảng cả lớp hiện chỉ dành cho phẩm chất, năng lực của lớp tiểu học. Hạnh kiểm và số ngày nghỉ của lớp trung học nhập theo từng học sinh ở mục Chủ nhiệm.',
    en: 'The whole-class grid is for a primary class’s qualities and competencies only. A secondary class’s conduct and absences are entered pupil by pupil in the Homeroom area.',
  },
  saveHomeroom: { vi: 'Lưu cả lớp', en: 'Save the class' },
  savedHomeroomRows: { vi: 'học sinh đã được ghi', en: 'pupils written' },
  nothingToSaveHomeroom: {
    vi: 'Chưa có hàng nào được nhập để lưu.',
    en: 'No row has anything to save yet.',
  },
  commentRule: { vi: 'nhập Đ (Đạt) hoặc CĐ (Chưa đạt)', en: 'enter Đ (pass) or CĐ (not yet passed)' },
  textRule: {
    vi: 'nhận xét quá dài hoặc có khoảng trắng thừa',
    en: 'the comment is too long or has stray spaces',
  },
  loadFailed: {
    vi: 'Không tải được bảng điểm của lớp.',
    en: 'The class’s marks could not be loaded.',
  },
  notTaught: {
    vi: 'Môn này không có trong chương trình của khối lớp.',
    en: 'This subject is not in the grade’s programme.',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type MarksWord = keyof typeof MARKS_WORDS;

export const mw = (k: MarksWord, lang: Lang): string => MARKS_WORDS[k][lang];

/** A record's state in the grid's status column (DESIGN §7): `entered` once every compulsory part is in. */
export const STATE_WORDS: Record<string, Record<Lang, string>> = {
  draft: { vi: 'Đang nhập', en: 'Being entered' },
  entered: { vi: 'Đã nhập đủ', en: 'All entered' },
  reviewed: { vi: 'Đã xem xét', en: 'Reviewed' },
  confirmed: { vi: 'Đã xác nhận', en: 'Confirmed' },
  approved: { vi: 'Đã duyệt', en: 'Approved' },
  locked: { vi: 'Đã khóa', en: 'Locked' },
};

/**
 * Why a record can no longer be changed in the grid, by its state (DESIGN §7): worded for marks and for the
 * homeroom part alike, since both grids show it.
 */
export const CLOSED_STATE_WORDS: Record<string, Record<Lang, string>> = {
  reviewed: {
    vi: 'Giáo viên chủ nhiệm đã xem xét học bạ: không sửa được nữa.',
    en: 'The homeroom teacher has reviewed the record: it can no longer be changed.',
  },
  confirmed: {
    vi: 'Tổ chuyên môn đã xác nhận: không sửa được nữa.',
    en: 'The subject group has confirmed it: it can no longer be changed.',
  },
  approved: {
    vi: 'Hiệu trưởng đã phê duyệt: muốn sửa cần đề nghị chỉnh sửa.',
    en: 'The principal has approved it: a change needs a correction request.',
  },
  locked: {
    vi: 'Học bạ đã khóa (chốt): muốn sửa cần đề nghị chỉnh sửa.',
    en: 'The record is locked: a change needs a correction request.',
  },
};

export const closedWhy = (state: string, lang: Lang): string =>
  CLOSED_STATE_WORDS[state]?.[lang] ??
  (lang === 'vi' ? 'Học bạ không sửa được nữa.' : 'The record can no longer be changed.');
