/** The import area's words (issue 13 point 2), Vietnamese first. */
import type { Lang } from '../../words.ts';

const WORDS = {
  title: { vi: 'Nhập từ tệp Excel', en: 'Import from Excel' },
  intro: {
    vi: 'Chọn loại tệp, lớp và tệp .xlsx của trường. Hệ thống đọc tệp và cho xem trước từng dòng; chưa có gì được ghi cho đến khi thầy cô bấm “Ghi”.',
    en: 'Choose the kind of file, the class and the school’s .xlsx file. The file is read and shown row by row first; nothing is written until you press “Write”.',
  },
  kind: { vi: 'Loại tệp', en: 'Kind of file' },
  kindRoster: { vi: 'Danh sách lớp', en: 'Class list' },
  kindRosterHint: {
    vi: 'Mỗi dòng một học sinh: mã định danh, họ và tên, ngày sinh, giới tính, dân tộc, nơi sinh…',
    en: 'One pupil a row: personal id number, full name, date of birth, sex, ethnicity, birthplace…',
  },
  kindPrimary: {
    vi: 'Kết quả cuối năm tiểu học (mẫu CSDL ngành)',
    en: 'Primary year-end results (sector database)',
  },
  kindPrimaryHint: {
    vi: 'Mẫu 35 cột, 3 dòng tiêu đề: mức đạt được và điểm kiểm tra định kì của từng môn.',
    en: 'The 35-column sheet with a 3-row header: each subject’s level and periodic test score.',
  },
  kindSecondary: { vi: 'Bảng điểm môn học THCS, THPT', en: 'Secondary subject mark sheet' },
  kindSecondaryHint: {
    vi: 'Một môn của một lớp: ĐĐGtx 1–4, ĐĐGgk, ĐĐGck; mỗi học kì một trang tính (HK I, HK II).',
    en: 'One subject of one class: ĐĐGtx 1–4, ĐĐGgk, ĐĐGck; one worksheet a semester (HK I, HK II).',
  },
  template: { vi: 'Tải tệp mẫu', en: 'Download a template' },
  templateOf: { vi: 'Tải tệp mẫu: {kind}', en: 'Download the template: {kind}' },
  templateFailed: {
    vi: 'Không tải được tệp mẫu. Hãy thử lại.',
    en: 'The template could not be downloaded. Try again.',
  },
  cls: { vi: 'Lớp', en: 'Class' },
  chooseClassOption: { vi: '— Chọn lớp —', en: '— Choose a class —' },
  classOption: { vi: 'Lớp {name} — năm học {year}', en: 'Class {name} — {year}' },
  noClasses: {
    vi: 'Tài khoản này chưa được giao lớp nào để nhập.',
    en: 'This account has no class to import into.',
  },
  subject: { vi: 'Môn học', en: 'Subject' },
  subjectAll: { vi: 'Mọi môn có trong tệp', en: 'Every subject in the file' },
  subjectHintPrimary: {
    vi: 'Để nhập mọi môn trong tệp, giữ “Mọi môn có trong tệp”. Giáo viên bộ môn chỉ nhập môn mình dạy.',
    en: 'Keep “Every subject in the file” to import them all. A subject teacher imports only their own.',
  },
  chooseSubjectOption: { vi: '— Chọn môn —', en: '— Choose a subject —' },
  file: { vi: 'Tệp Excel (.xlsx)', en: 'Excel file (.xlsx)' },
  fileHint: {
    vi: 'Tệp .xlsx lưu từ Excel hoặc LibreOffice, tối đa 8 MB. Tệp .xls cũ hãy lưu lại thành .xlsx.',
    en: 'An .xlsx saved by Excel or LibreOffice, at most 8 MB. Save an old .xls as .xlsx first.',
  },
  upload: { vi: 'Tải lên và xem trước', en: 'Upload and preview' },
  uploading: { vi: 'Đang tải lên…', en: 'Uploading…' },
  errorTitle: { vi: 'Có vấn đề', en: 'There is a problem' },
  needKind: { vi: 'Chọn loại tệp', en: 'Choose the kind of file' },
  needClass: { vi: 'Chọn lớp nhận dữ liệu', en: 'Choose the class' },
  needSubject: { vi: 'Chọn môn học của bảng điểm', en: 'Choose the subject of the mark sheet' },
  needFile: { vi: 'Chọn tệp Excel cần nhập', en: 'Choose the Excel file to import' },
  notXlsx: {
    vi: 'Tệp đã chọn không phải tệp .xlsx',
    en: 'The file chosen is not an .xlsx file',
  },
  tooBig: { vi: 'Tệp lớn hơn 8 MB; hãy chia tệp', en: 'The file is larger than 8 MB; split it' },
  network: {
    vi: 'Không kết nối được máy chủ. Hãy thử lại.',
    en: 'The server could not be reached. Try again.',
  },
  // The job.
  reading: { vi: 'Đang đọc tệp {file}…', en: 'Reading {file}…' },
  writing: { vi: 'Đang ghi…', en: 'Writing…' },
  progress: { vi: '{done} / {total} dòng', en: '{done} of {total} rows' },
  interrupted: {
    vi: 'Việc nhập bị gián đoạn (máy chủ khởi động lại). Hãy tải tệp lên lại.',
    en: 'The import was interrupted (the server restarted). Upload the file again.',
  },
  failed: {
    vi: 'Không ghi được: chưa có gì thay đổi. {reason}',
    en: 'Nothing was written. {reason}',
  },
  problemsTitle: {
    vi: 'Tệp có {n} lỗi — chưa ghi gì',
    en: 'The file has {n} problems — nothing written',
  },
  problemsIntro: {
    vi: 'Sửa các ô dưới đây trong tệp Excel, lưu lại rồi tải lên lại. Dòng và cột là dòng, cột trong bảng tính.',
    en: 'Correct these cells in the Excel file, save it and upload it again. Rows and columns are the sheet’s.',
  },
  problemsMore: {
    vi: 'Đang hiện {shown} lỗi đầu tiên trên {n}.',
    en: 'Showing the first {shown} of {n} problems.',
  },
  row: { vi: 'Dòng', en: 'Row' },
  column: { vi: 'Cột', en: 'Column' },
  value: { vi: 'Giá trị trong ô', en: 'Value in the cell' },
  rule: { vi: 'Lỗi', en: 'Problem' },
  wholeFile: { vi: 'Cả tệp', en: 'Whole file' },
  emptyCell: { vi: '(trống)', en: '(empty)' },
  previewTitle: { vi: 'Xem trước: {file}', en: 'Preview: {file}' },
  sameFile: {
    vi: 'Tệp này giống hệt một tệp đã được ghi trước đây.',
    en: 'This file is exactly one written before.',
  },
  nothingNew: {
    vi: 'Không có gì mới: mọi học sinh trong tệp đã có trong lớp, đúng như tệp.',
    en: 'Nothing new: every pupil in the file is in the class already, as the file says.',
  },
  nothingNewMarks: {
    vi: 'Không có gì mới: kết quả này đã được ghi từ chính tệp này. Ghi lại cũng không thay đổi gì.',
    en: 'Nothing new: these results were written from this very file. Writing again changes nothing.',
  },
  rosterSummary: {
    vi: '{rows} dòng: {new} học sinh mới, {changed} học sinh có thay đổi, {unchanged} giữ nguyên.',
    en: '{rows} rows: {new} new pupils, {changed} changed, {unchanged} unchanged.',
  },
  marksSummary: {
    vi: '{pupils} học sinh, {subjects} môn: {entries} kết quả sẽ được ghi.',
    en: '{pupils} pupils, {subjects} subjects: {entries} results to write.',
  },
  notImported: {
    vi: '{n} cột (năng lực, phẩm chất, hoàn thành chương trình, xếp loại) không được nhập: giáo viên chủ nhiệm đánh giá trong mục Lớp chủ nhiệm.',
    en: '{n} columns (competencies, qualities, completion, overall result) are not imported: the homeroom teacher assesses them in My class.',
  },
  previewRows: { vi: 'Các dòng sẽ được ghi', en: 'The rows to be written' },
  previewMore: {
    vi: 'Đang hiện {shown} dòng đầu tiên trên {n}.',
    en: 'Showing the first {shown} of {n} rows.',
  },
  fullName: { vi: 'Họ và tên', en: 'Full name' },
  nationalId: { vi: 'Mã định danh', en: 'Personal id number' },
  studentCode: { vi: 'Mã học sinh', en: 'Student code' },
  dateOfBirth: { vi: 'Ngày sinh', en: 'Date of birth' },
  sex: { vi: 'Giới tính', en: 'Sex' },
  male: { vi: 'Nam', en: 'Male' },
  female: { vi: 'Nữ', en: 'Female' },
  action: { vi: 'Sẽ làm', en: 'Will do' },
  actionNew: { vi: 'Thêm mới', en: 'Add' },
  actionChanged: { vi: 'Sửa: {fields}', en: 'Update: {fields}' },
  actionUnchanged: { vi: 'Giữ nguyên', en: 'Unchanged' },
  commitRoster: { vi: 'Ghi danh sách vào lớp', en: 'Write the list into the class' },
  commitMarks: { vi: 'Ghi kết quả vào học bạ', en: 'Write the results into the records' },
  commitAgain: { vi: 'Vẫn ghi lại', en: 'Write again anyway' },
  another: { vi: 'Nhập tệp khác', en: 'Import another file' },
  doneTitle: { vi: 'Đã ghi xong', en: 'Written' },
  doneRoster: {
    vi: 'Đã ghi danh sách lớp: {new} học sinh mới, {changed} học sinh được cập nhật, {unchanged} giữ nguyên.',
    en: 'The class list is written: {new} new pupils, {changed} updated, {unchanged} unchanged.',
  },
  doneMarks: {
    vi: 'Đã ghi {entries} kết quả của {subjects} môn vào học bạ.',
    en: '{entries} results of {subjects} subjects are written into the records.',
  },
  doneAt: { vi: 'Lúc {at}.', en: 'At {at}.' },
  nextRecords: {
    vi: 'Bước tiếp theo: lập học bạ cho học sinh mới, rồi nhập kết quả.',
    en: 'Next: draw up the new pupils’ records, then import their results.',
  },
  recordsMissing: {
    vi: 'Một số học sinh của lớp chưa được lập học bạ năm học này, nên chưa nhập được kết quả.',
    en: 'Some pupils of the class have no record this year yet, so their results cannot be imported.',
  },
  recordsMissingAll: {
    vi: 'Tất cả {n} học sinh trong tệp chưa được lập học bạ năm học này, nên chưa nhập được kết quả.',
    en: 'None of the {n} pupils in the file has a record this year yet, so their results cannot be imported.',
  },
  recordsMissingSome: {
    vi: '{n} học sinh trong tệp chưa được lập học bạ năm học này, nên chưa nhập được kết quả.',
    en: '{n} pupils in the file have no record this year yet, so their results cannot be imported.',
  },
  drawUp: { vi: 'Lập học bạ cho cả lớp', en: 'Draw up the class’s records' },
  drawUpThenRead: {
    vi: 'Lập xong, hệ thống đọc lại tệp {file} và cho xem trước; chưa có kết quả nào được ghi.',
    en: 'Once they are drawn up, {file} is read again and previewed; no result is written yet.',
  },
  drawnUpReading: {
    vi: 'Đã lập {n} học bạ mới. Đang đọc lại tệp {file}…',
    en: '{n} records drawn up. Reading {file} again…',
  },
  drawnUpRead: {
    vi: 'Đã lập {n} học bạ mới và đọc lại tệp {file}.',
    en: '{n} records drawn up and {file} read again.',
  },
  drawnUpOnly: { vi: 'Đã lập {n} học bạ mới.', en: '{n} records drawn up.' },
  uploadResultsAgain: { vi: 'Tải tệp kết quả lên lại', en: 'Upload the results file again' },
  drawingUp: { vi: 'Đang lập học bạ…', en: 'Drawing up…' },
  drawnUp: {
    vi: 'Đã lập {n} học bạ mới. Hãy tải tệp kết quả lên lại.',
    en: '{n} records drawn up. Upload the results file again.',
  },
  importMarks: { vi: 'Nhập kết quả cho lớp này', en: 'Import results for this class' },
  uploadAgain: { vi: 'Tải lên lại tệp này', en: 'Upload this file again' },
} as const;

export type ImportWord = keyof typeof WORDS;

/** The word in `lang`, with `{name}` placeholders filled. */
export function iw(key: ImportWord, lang: Lang, vars: Record<string, string | number> = {}): string {
  return WORDS[key][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
