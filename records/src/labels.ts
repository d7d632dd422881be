/**
 * The record's words for people, Vietnamese first (the record forms of Circular 27 for primary and Circular 22
 * for secondary), by the ASCII codes the record holds. Plain data with no zod, so that the portal, the PDF and
 * the CLI can name things without building schemas. Subject names are curriculum.ts's SUBJECTS.
 */
// The codes are spelt out rather than imported from levels.ts, which re-exports these labels (no cycle).
type SchoolLevel = 'TH' | 'THCS' | 'THPT' | 'GDTX';
type SubjectLevel = 'T' | 'H' | 'C';
type Rating = 'T' | 'D' | 'C';
type OverallResult = 'HTXS' | 'HTT' | 'HT' | 'CHT';
type ResultLevel = 'TOT' | 'KHA' | 'DAT' | 'CHUA_DAT';
type CommentResult = 'DAT' | 'CHUA_DAT';
type Promotion = 'LEN_LOP' | 'KIEM_TRA_LAI' | 'REN_LUYEN_HE' | 'O_LAI_LOP';

export type Label = { readonly vi: string; readonly en: string };

export const SCHOOL_LEVEL_LABELS: Readonly<Record<SchoolLevel, Label>> = {
  TH: { vi: 'Tiểu học', en: 'primary' },
  THCS: { vi: 'Trung học cơ sở', en: 'lower secondary' },
  THPT: { vi: 'Trung học phổ thông', en: 'upper secondary' },
  GDTX: { vi: 'Giáo dục thường xuyên cấp THPT', en: 'continuing education, upper secondary' },
};

// ---- primary (Circular 27/2020) ----

export const SUBJECT_LEVEL_LABELS: Readonly<Record<SubjectLevel, Label>> = {
  T: { vi: 'Hoàn thành tốt', en: 'completed well' },
  H: { vi: 'Hoàn thành', en: 'completed' },
  C: { vi: 'Chưa hoàn thành', en: 'not completed' },
};

export const RATING_LABELS: Readonly<Record<Rating, Label>> = {
  T: { vi: 'Tốt', en: 'good' },
  D: { vi: 'Đạt', en: 'satisfactory' },
  C: { vi: 'Cần cố gắng', en: 'needs effort' },
};

export const OVERALL_RESULT_LABELS: Readonly<Record<OverallResult, Label>> = {
  HTXS: { vi: 'Hoàn thành xuất sắc', en: 'completed with excellence' },
  HTT: { vi: 'Hoàn thành tốt', en: 'completed well' },
  HT: { vi: 'Hoàn thành', en: 'completed' },
  CHT: { vi: 'Chưa hoàn thành', en: 'not completed' },
};

/** Danh hiệu of Circular 27 Art. 13 (codes of primary.ts's PrimaryAward). */
export const PRIMARY_AWARD_LABELS: Readonly<Record<'HS_XUAT_SAC' | 'HS_TIEU_BIEU', Label>> = {
  HS_XUAT_SAC: { vi: 'Học sinh Xuất sắc', en: 'Outstanding pupil' },
  HS_TIEU_BIEU: {
    vi: 'Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện',
    en: 'Exemplary pupil in learning and conduct',
  },
};

/** Phẩm chất chủ yếu, in the order of the record form (keys of primary.ts's Qualities). */
export const QUALITY_LABELS = {
  patriotism: { vi: 'Yêu nước', en: 'Patriotism' },
  kindness: { vi: 'Nhân ái', en: 'Kindness' },
  diligence: { vi: 'Chăm chỉ', en: 'Diligence' },
  honesty: { vi: 'Trung thực', en: 'Honesty' },
  responsibility: { vi: 'Trách nhiệm', en: 'Responsibility' },
} as const satisfies Record<string, Label>;

/** Năng lực chung, in the order of the record form. */
export const GENERAL_COMPETENCY_LABELS = {
  selfDirectedLearning: { vi: 'Tự chủ và tự học', en: 'Self-direction and self-study' },
  communicationAndCollaboration: { vi: 'Giao tiếp và hợp tác', en: 'Communication and collaboration' },
  problemSolvingAndCreativity: { vi: 'Giải quyết vấn đề và sáng tạo', en: 'Problem solving and creativity' },
} as const satisfies Record<string, Label>;

/** Năng lực đặc thù, in the order of the record form. */
export const SPECIFIC_COMPETENCY_LABELS = {
  language: { vi: 'Ngôn ngữ', en: 'Language' },
  numeracy: { vi: 'Tính toán', en: 'Numeracy' },
  science: { vi: 'Khoa học', en: 'Science' },
  technology: { vi: 'Công nghệ', en: 'Technology' },
  informatics: { vi: 'Tin học', en: 'Informatics' },
  aesthetics: { vi: 'Thẩm mĩ', en: 'Aesthetics' },
  physical: { vi: 'Thể chất', en: 'Physical' },
} as const satisfies Record<string, Label>;

// ---- secondary (Circular 22/2021) and continuing education ----

export const RESULT_LEVEL_LABELS: Readonly<Record<ResultLevel, Label>> = {
  TOT: { vi: 'Tốt', en: 'good' },
  KHA: { vi: 'Khá', en: 'fairly good' },
  DAT: { vi: 'Đạt', en: 'pass' },
  CHUA_DAT: { vi: 'Chưa đạt', en: 'not yet passed' },
};

/** Đ / CĐ of a subject assessed by comment (Circular 22 Art. 5 §3a). */
export const COMMENT_RESULT_LABELS: Readonly<Record<CommentResult, Label>> = {
  DAT: { vi: 'Đạt', en: 'pass' },
  CHUA_DAT: { vi: 'Chưa đạt', en: 'not yet passed' },
};

export const PROMOTION_LABELS: Readonly<Record<Promotion, Label>> = {
  LEN_LOP: { vi: 'Được lên lớp', en: 'promoted' },
  KIEM_TRA_LAI: { vi: 'Kiểm tra lại', en: 'to be re-assessed' },
  REN_LUYEN_HE: { vi: 'Rèn luyện trong kì nghỉ hè', en: 'summer conduct training' },
  O_LAI_LOP: { vi: 'Ở lại lớp', en: 'retained' },
};

/** Danh hiệu of Circular 22 Art. 15 §1 (codes of secondary.ts's SecondaryAward). */
export const SECONDARY_AWARD_LABELS: Readonly<Record<'HS_XUAT_SAC' | 'HS_GIOI', Label>> = {
  HS_XUAT_SAC: { vi: 'Học sinh Xuất sắc', en: 'Excellent Student' },
  HS_GIOI: { vi: 'Học sinh Giỏi', en: 'Good Student' },
};

/** The same titles for learners of continuing education (continuing.ts). */
export const CONTINUING_AWARD_LABELS: Readonly<Record<'HS_XUAT_SAC' | 'HS_GIOI', Label>> = {
  HS_XUAT_SAC: { vi: 'Học viên Xuất sắc', en: 'Excellent Learner' },
  HS_GIOI: { vi: 'Học viên Giỏi', en: 'Good Learner' },
};

// ---- the envelope and the biography ----

export const SEX_LABELS: Readonly<Record<'male' | 'female', Label>> = {
  male: { vi: 'Nam', en: 'Male' },
  female: { vi: 'Nữ', en: 'Female' },
};

export const GUARDIAN_RELATION_LABELS: Readonly<Record<'father' | 'mother' | 'guardian', Label>> = {
  father: { vi: 'Cha', en: 'Father' },
  mother: { vi: 'Mẹ', en: 'Mother' },
  guardian: { vi: 'Người giám hộ', en: 'Guardian' },
};

/** Who signs a record (envelope.ts's SignerRole). */
export const SIGNER_ROLE_LABELS: Readonly<
  Record<'subjectTeacher' | 'homeroomTeacher' | 'subjectGroup' | 'principal' | 'school', Label>
> = {
  subjectTeacher: { vi: 'Giáo viên bộ môn', en: 'Subject teacher' },
  homeroomTeacher: { vi: 'Giáo viên chủ nhiệm', en: 'Homeroom teacher' },
  subjectGroup: { vi: 'Tổ chuyên môn', en: 'Subject group' },
  principal: { vi: 'Hiệu trưởng', en: 'Principal' },
  school: { vi: 'Nhà trường (con dấu số)', en: 'School (digital seal)' },
};

/** The record's fields by key (the last segment of their JSON Pointer), as the forms name them. */
export const FIELD_LABELS: Readonly<Record<string, Label>> = {
  recordId: { vi: 'Mã học bạ', en: 'Record id' },
  lookupCode: { vi: 'Mã số tra cứu', en: 'Lookup code' },
  nationalId: { vi: 'Mã định danh', en: 'Personal id number' },
  studentCode: { vi: 'Mã học sinh', en: 'Student code' },
  provinceCode: { vi: 'Mã tỉnh', en: 'Province code' },
  schoolCode: { vi: 'Trường', en: 'School' },
  level: { vi: 'Cấp học', en: 'Level' },
  schoolYear: { vi: 'Năm học', en: 'School year' },
  grade: { vi: 'Khối lớp', en: 'Grade' },
  classId: { vi: 'Lớp', en: 'Class' },
  version: { vi: 'Phiên bản', en: 'Version' },
  supersedes: { vi: 'Thay thế học bạ', en: 'Supersedes' },
  effectiveAt: { vi: 'Ngày hiệu lực', en: 'Effective from' },
  biography: { vi: 'Sơ yếu lý lịch', en: 'Biography' },
  fullName: { vi: 'Họ và tên', en: 'Full name' },
  dateOfBirth: { vi: 'Ngày sinh', en: 'Date of birth' },
  sex: { vi: 'Giới tính', en: 'Sex' },
  birthplace: { vi: 'Nơi sinh', en: 'Place of birth' },
  ethnicity: { vi: 'Dân tộc', en: 'Ethnicity' },
  nationality: { vi: 'Quốc tịch', en: 'Nationality' },
  guardians: { vi: 'Cha mẹ / người giám hộ', en: 'Parents / guardians' },
  relation: { vi: 'Quan hệ', en: 'Relation' },
  occupation: { vi: 'Nghề nghiệp', en: 'Occupation' },
  phone: { vi: 'Điện thoại', en: 'Phone' },
  results: { vi: 'Kết quả học tập và rèn luyện', en: 'Results' },
  subjects: { vi: 'Môn học và hoạt động giáo dục', en: 'Subjects and activities' },
  qualities: { vi: 'Phẩm chất chủ yếu', en: 'Core qualities' },
  generalCompetencies: { vi: 'Năng lực chung', en: 'General competencies' },
  specificCompetencies: { vi: 'Năng lực đặc thù', en: 'Specific competencies' },
  overallResult: { vi: 'Kết quả giáo dục', en: 'Overall result' },
  award: { vi: 'Khen thưởng', en: 'Award' },
  otherAwards: { vi: 'Khen thưởng khác', en: 'Other awards' },
  homeroomComment: { vi: 'Nhận xét của giáo viên chủ nhiệm', en: 'Homeroom teacher’s comment' },
  qualitiesComment: { vi: 'Nhận xét về phẩm chất', en: 'Comment on qualities' },
  competenciesComment: { vi: 'Nhận xét về năng lực', en: 'Comment on competencies' },
  supplementary: { vi: 'Đánh giá bổ sung', en: 'Supplementary assessment' },
  gradeCompleted: { vi: 'Hoàn thành chương trình lớp học', en: 'Grade completed' },
  promotionDecision: { vi: 'Quyết định của hiệu trưởng', en: 'Principal’s decision' },
  primaryCompleted: { vi: 'Hoàn thành chương trình tiểu học', en: 'Primary programme completed' },
  learning: { vi: 'Kết quả học tập', en: 'Learning result' },
  conduct: { vi: 'Kết quả rèn luyện', en: 'Conduct result' },
  absences: { vi: 'Số buổi nghỉ', en: 'Absences' },
  withPermission: { vi: 'Có phép', en: 'With permission' },
  withoutPermission: { vi: 'Không phép', en: 'Without permission' },
  summerTraining: { vi: 'Rèn luyện trong kì nghỉ hè', en: 'Summer conduct training' },
  reassessment: { vi: 'Kiểm tra, đánh giá lại', en: 'Re-assessment' },
  promotion: { vi: 'Xét lên lớp', en: 'Promotion' },
  principalApproval: { vi: 'Hiệu trưởng phê duyệt', en: 'Principal’s approval' },
  principal: { vi: 'Hiệu trưởng', en: 'Principal' },
  approvedAt: { vi: 'Ngày phê duyệt', en: 'Approved on' },
  signatures: { vi: 'Chữ ký số', en: 'Digital signatures' },
  role: { vi: 'Vai trò', en: 'Role' },
  signer: { vi: 'Người ký', en: 'Signer' },
  signedAt: { vi: 'Thời điểm ký', en: 'Signed at' },
  schema: { vi: 'Định dạng dữ liệu', en: 'Data format' },
  comment: { vi: 'Nhận xét', en: 'Comment' },
  semester1: { vi: 'Học kì I', en: 'Semester I' },
  semester2: { vi: 'Học kì II', en: 'Semester II' },
  year: { vi: 'Cả năm', en: 'Year' },
  regular: { vi: 'ĐĐGtx', en: 'Regular' },
  midterm: { vi: 'ĐĐGgk', en: 'Mid-term' },
  endterm: { vi: 'ĐĐGck', en: 'End-term' },
  average: { vi: 'ĐTBmhk', en: 'Semester average' },
  yearAverage: { vi: 'ĐTBmcn', en: 'Year average' },
  testScore: { vi: 'Điểm KTĐK', en: 'Test score' },
};

/**
 * Reasons of revocations, recalls and supersessions as schools and the chaincode record them (2–40 of A–Z 0–9 _
 * on the ledger), in words. A code not listed is shown as "Lý do khác" with the code beside it.
 */
export const STATUS_REASON_LABELS: Readonly<Record<string, Label>> = {
  CORRECTION: { vi: 'Điều chỉnh thông tin học bạ', en: 'Correction of the record' },
  CORRECTED: { vi: 'Đã có bản điều chỉnh', en: 'A corrected version was issued' },
  DATA_ERROR: { vi: 'Sai sót dữ liệu', en: 'Data error' },
  DUPLICATE: { vi: 'Học bạ trùng lặp', en: 'Duplicate record' },
  WRONG_CLASS: { vi: 'Ghi nhầm lớp', en: 'Entered in the wrong class' },
  WRONG_BATCH: { vi: 'Chốt nhầm lô', en: 'Locked in the wrong batch' },
  WRONG_STUDENT: { vi: 'Ghi nhầm học sinh', en: 'Entered for the wrong student' },
  FRAUD: { vi: 'Gian lận trong đánh giá', en: 'Fraud in the assessment' },
  REPLACED: { vi: 'Đã được thay thế', en: 'Replaced' },
  TRANSFER: { vi: 'Chuyển trường', en: 'Transfer to another school' },
};
