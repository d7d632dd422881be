/**
 * The closed vocabularies of the record: school levels, result levels and their labels. Values are ASCII
 * codes (stable in JSON, in JSON Pointers and in the database); labels are for people, Vietnamese first.
 */
import { z } from 'zod';

// The labels live in labels.ts (no zod), so that a page that only names things does not build schemas.
export {
  type Label,
  OVERALL_RESULT_LABELS,
  PROMOTION_LABELS,
  RATING_LABELS,
  RESULT_LEVEL_LABELS,
  SCHOOL_LEVEL_LABELS,
  SUBJECT_LEVEL_LABELS,
} from './labels.ts';

/** Cấp học. GDTX = giáo dục thường xuyên (continuing education), here its upper-secondary programme. */
export const SchoolLevel = z.enum(['TH', 'THCS', 'THPT', 'GDTX']);
export type SchoolLevel = z.infer<typeof SchoolLevel>;

/** Grades each level teaches (Luật Giáo dục 2019 Art. 29; GDTX here is its upper-secondary programme). */
export const GRADES_OF_LEVEL: Readonly<Record<SchoolLevel, readonly number[]>> = {
  TH: [1, 2, 3, 4, 5],
  THCS: [6, 7, 8, 9],
  THPT: [10, 11, 12],
  GDTX: [10, 11, 12],
};

// ---- primary (Circular 27/2020) ----

/** Mức đạt được of a subject or activity: Hoàn thành tốt, Hoàn thành, Chưa hoàn thành. */
export const SubjectLevel = z.enum(['T', 'H', 'C']);
export type SubjectLevel = z.infer<typeof SubjectLevel>;

/** Mức of a quality or competency: Tốt, Đạt ('D' for Đ), Cần cố gắng. */
export const Rating = z.enum(['T', 'D', 'C']);
export type Rating = z.infer<typeof Rating>;

/** Kết quả giáo dục cuối năm: Hoàn thành xuất sắc, Hoàn thành tốt, Hoàn thành, Chưa hoàn thành. */
export const OverallResult = z.enum(['HTXS', 'HTT', 'HT', 'CHT']);
export type OverallResult = z.infer<typeof OverallResult>;

// ---- secondary (Circular 22/2021) and continuing education ----

/** Kết quả học tập / rèn luyện: Tốt, Khá, Đạt, Chưa đạt — ordered best first. */
export const ResultLevel = z.enum(['TOT', 'KHA', 'DAT', 'CHUA_DAT']);
export type ResultLevel = z.infer<typeof ResultLevel>;
export const RESULT_LEVELS: readonly ResultLevel[] = ResultLevel.options;

/** 0 = Tốt … 3 = Chưa đạt: "n levels lower" in Circular 22 Art. 9 §3 is a difference of ranks. */
export const rank = (level: ResultLevel): number => RESULT_LEVELS.indexOf(level);
export const levelOfRank = (r: number): ResultLevel => RESULT_LEVELS[Math.max(0, Math.min(3, r))]!;

/** Result of a subject assessed by comment only: Đạt / Chưa đạt. */
export const CommentResult = z.enum(['DAT', 'CHUA_DAT']);
export type CommentResult = z.infer<typeof CommentResult>;

/** Xét lên lớp (Circular 22 Art. 12–14): the state of the decision when the record is written. */
export const Promotion = z.enum(['LEN_LOP', 'KIEM_TRA_LAI', 'REN_LUYEN_HE', 'O_LAI_LOP']);
export type Promotion = z.infer<typeof Promotion>;
