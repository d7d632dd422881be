/**
 * Subjects per grade of the 2018 general education programme (Chương trình GDPT 2018, Circular 32/2018,
 * amended by Circular 13/2022), with the facts the assessment rules need: how a subject is assessed
 * (Circular 27 for primary, Circular 22 for secondary) and, for scored subjects, its periods per year.
 *
 * Simplifications, said here so nobody mistakes them for the programme:
 * - "Nghệ thuật" is recorded as its two parts, AM_NHAC and MI_THUAT (as the record forms list them), in
 *   primary and lower secondary alike; each part is assessed on its own.
 * - Optional subjects (môn tự chọn: ethnic-minority language, foreign language 2, and foreign language 1
 *   in grades 1–2) may be present or absent; nothing checks that a school actually offers them.
 * - Periods per year are the programme's; a school plan with other figures can state `periodsPerYear` on
 *   the subject in the record, which then decides the number of regular scores.
 * - Primary "nội dung giáo dục địa phương" is taught inside other subjects and has no entry of its own.
 * - Grades 9 and 12 have no separate programme-completion or graduation data here.
 */

import { problem, type RecordProblem } from './errors.ts';
import type { Label, SchoolLevel } from './levels.ts';
import type { RuleId } from './rules.ts';

export const SUBJECTS = {
  // primary
  TIENG_VIET: { vi: 'Tiếng Việt', en: 'Vietnamese' },
  DAO_DUC: { vi: 'Đạo đức', en: 'Ethics' },
  TN_XH: { vi: 'Tự nhiên và Xã hội', en: 'Nature and Society' },
  KHOA_HOC: { vi: 'Khoa học', en: 'Science' },
  TIN_HOC_CN: { vi: 'Tin học và Công nghệ', en: 'Informatics and Technology' },
  HDTN: { vi: 'Hoạt động trải nghiệm', en: 'Experiential activities' },
  // shared
  TOAN: { vi: 'Toán', en: 'Mathematics' },
  NGOAI_NGU_1: { vi: 'Ngoại ngữ 1', en: 'Foreign language 1' },
  LS_DL: { vi: 'Lịch sử và Địa lí', en: 'History and Geography' },
  GDTC: { vi: 'Giáo dục thể chất', en: 'Physical education' },
  AM_NHAC: { vi: 'Nghệ thuật (Âm nhạc)', en: 'Arts (Music)' },
  MI_THUAT: { vi: 'Nghệ thuật (Mĩ thuật)', en: 'Arts (Fine arts)' },
  TIENG_DTTS: { vi: 'Tiếng dân tộc thiểu số', en: 'Ethnic-minority language' },
  // secondary
  NGU_VAN: { vi: 'Ngữ văn', en: 'Literature' },
  GDCD: { vi: 'Giáo dục công dân', en: 'Civic education' },
  KHTN: { vi: 'Khoa học tự nhiên', en: 'Natural sciences' },
  CONG_NGHE: { vi: 'Công nghệ', en: 'Technology' },
  TIN_HOC: { vi: 'Tin học', en: 'Informatics' },
  HDTN_HN: { vi: 'Hoạt động trải nghiệm, hướng nghiệp', en: 'Experiential and career activities' },
  GD_DIA_PHUONG: { vi: 'Nội dung giáo dục của địa phương', en: 'Local education' },
  NGOAI_NGU_2: { vi: 'Ngoại ngữ 2', en: 'Foreign language 2' },
  LICH_SU: { vi: 'Lịch sử', en: 'History' },
  DIA_LI: { vi: 'Địa lí', en: 'Geography' },
  GD_KT_PL: { vi: 'Giáo dục kinh tế và pháp luật', en: 'Economics and law' },
  VAT_LI: { vi: 'Vật lí', en: 'Physics' },
  HOA_HOC: { vi: 'Hoá học', en: 'Chemistry' },
  SINH_HOC: { vi: 'Sinh học', en: 'Biology' },
  GDQP_AN: { vi: 'Giáo dục quốc phòng và an ninh', en: 'National defence and security education' },
} as const satisfies Record<string, Label>;

export type SubjectCode = keyof typeof SUBJECTS;

export const isSubjectCode = (code: string): code is SubjectCode => Object.hasOwn(SUBJECTS, code);
export const subjectName = (code: string): Label =>
  isSubjectCode(code) ? SUBJECTS[code] : { vi: code, en: code };

/** How Circular 22 assesses a secondary subject (Art. 5 §3): by comment only, or comment plus scores. */
export type Assessment = 'score' | 'comment';

export interface SubjectRule {
  readonly code: SubjectCode;
  /** compulsory: must be present; optional: may be; elective: counts toward the elective choice. */
  readonly kind: 'compulsory' | 'optional' | 'elective';
  /** Primary (Circular 27 Art. 7 §1b): whether the subject has an end-of-year periodic test score. */
  readonly tested?: boolean;
  /** Secondary (Circular 22 Art. 5 §3). */
  readonly assessment?: Assessment;
  /** Secondary scored subjects: periods a year in the programme (decides the regular-score count). */
  readonly periodsPerYear?: number;
  /** THPT: the subject offers a learning-topic cluster (cụm chuyên đề học tập). */
  readonly topicCluster?: boolean;
}

export interface GradeCurriculum {
  readonly level: SchoolLevel;
  readonly grade: number;
  readonly rule: RuleId;
  readonly subjects: readonly SubjectRule[];
  /** THPT: how many elective subjects a student takes. */
  readonly electives?: { readonly count: number; readonly rule: RuleId };
  /** THPT: how many learning-topic clusters a student takes. */
  readonly topicClusters?: { readonly count: number; readonly rule: RuleId };
}

export function subjectRule(curriculum: GradeCurriculum, code: string): SubjectRule | undefined {
  return curriculum.subjects.find((s) => s.code === code);
}

/**
 * Regular scores (ĐĐGtx) a semester, by the subject's periods a year (Circular 22 Art. 6 §2b): 35 → 2,
 * over 35 to 70 → 3, over 70 → 4; one more when the subject carries a learning-topic cluster, whose
 * assessment counts as one regular score of the subject (Art. 6 — clause recalled, not verified).
 */
export function regularScoreCount(periodsPerYear: number, withTopicCluster = false): number {
  const base = periodsPerYear <= 35 ? 2 : periodsPerYear <= 70 ? 3 : 4;
  return base + (withTopicCluster ? 1 : 0);
}

// ---- primary: Circular 32/2018 programme, Circular 27/2020 assessment ----

/**
 * Tested subjects (Circular 27 Art. 7 §1b): Vietnamese and Mathematics in every grade; Foreign language 1
 * and Informatics and Technology from grade 3; History and Geography and Science in grades 4–5 (the grades
 * that teach them). Foreign language 1 is optional in grades 1–2 and then has no periodic test.
 */
function primaryCurriculum(grade: number): GradeCurriculum {
  const c = (code: SubjectCode, tested = false): SubjectRule => ({ code, kind: 'compulsory', tested });
  const o = (code: SubjectCode): SubjectRule => ({ code, kind: 'optional', tested: false });
  const common = [c('DAO_DUC'), c('GDTC'), c('AM_NHAC'), c('MI_THUAT'), c('HDTN'), o('TIENG_DTTS')];
  const core = [c('TIENG_VIET', true), c('TOAN', true)];
  const subjects: SubjectRule[] =
    grade <= 2
      ? [...core, c('TN_XH'), o('NGOAI_NGU_1'), ...common]
      : grade === 3
        ? [...core, c('NGOAI_NGU_1', true), c('TN_XH'), c('TIN_HOC_CN', true), ...common]
        : [
            ...core,
            c('NGOAI_NGU_1', true),
            c('LS_DL', true),
            c('KHOA_HOC', true),
            c('TIN_HOC_CN', true),
            ...common,
          ];
  return { level: 'TH', grade, rule: 'CT2018.subjects', subjects };
}

// ---- secondary: Circular 32/2018 programme, Circular 22/2021 assessment ----

const scored = (code: SubjectCode, periodsPerYear: number, kind: SubjectRule['kind'] = 'compulsory') =>
  ({ code, kind, assessment: 'score', periodsPerYear }) as const satisfies SubjectRule;
const byComment = (code: SubjectCode, kind: SubjectRule['kind'] = 'compulsory') =>
  ({ code, kind, assessment: 'comment' }) as const satisfies SubjectRule;

/** Lower secondary, grades 6–9: every subject compulsory, plus the two optional languages. */
function lowerSecondaryCurriculum(grade: number): GradeCurriculum {
  const subjects: SubjectRule[] = [
    scored('NGU_VAN', 140),
    scored('TOAN', 140),
    scored('NGOAI_NGU_1', 105),
    scored('GDCD', 35),
    scored('LS_DL', 105),
    scored('KHTN', 140),
    // Technology: 35 periods in grades 6–8, 52 in grade 9 (its career-orientation modules).
    scored('CONG_NGHE', grade === 9 ? 52 : 35),
    scored('TIN_HOC', 35),
    byComment('GDTC'),
    byComment('AM_NHAC'),
    byComment('MI_THUAT'),
    byComment('HDTN_HN'),
    byComment('GD_DIA_PHUONG'),
    scored('TIENG_DTTS', 105, 'optional'),
    scored('NGOAI_NGU_2', 105, 'optional'),
  ];
  return { level: 'THCS', grade, rule: 'CT2018.subjects', subjects };
}

/**
 * Upper secondary, grades 10–12, as amended by Circular 13/2022: compulsory Literature, Mathematics,
 * Foreign language 1, History, PE, Defence education, experiential activities and local education; four
 * electives out of nine; three learning-topic clusters (35 periods each) among the subjects that have them.
 * Before Circular 13/2022 the electives were five, from three groups, at least one a group; that rule is
 * not modelled.
 */
function upperSecondaryCurriculum(grade: number): GradeCurriculum {
  const withTopic = <S extends SubjectRule>(s: S): S => ({ ...s, topicCluster: true });
  const subjects: SubjectRule[] = [
    withTopic(scored('NGU_VAN', 105)),
    withTopic(scored('TOAN', 105)),
    scored('NGOAI_NGU_1', 105),
    withTopic(scored('LICH_SU', 52)),
    byComment('GDTC'),
    scored('GDQP_AN', 35),
    byComment('HDTN_HN'),
    byComment('GD_DIA_PHUONG'),
    withTopic(scored('DIA_LI', 70, 'elective')),
    withTopic(scored('GD_KT_PL', 70, 'elective')),
    withTopic(scored('VAT_LI', 70, 'elective')),
    withTopic(scored('HOA_HOC', 70, 'elective')),
    withTopic(scored('SINH_HOC', 70, 'elective')),
    withTopic(scored('CONG_NGHE', 70, 'elective')),
    withTopic(scored('TIN_HOC', 70, 'elective')),
    withTopic(byComment('AM_NHAC', 'elective')),
    withTopic(byComment('MI_THUAT', 'elective')),
    scored('TIENG_DTTS', 105, 'optional'),
    scored('NGOAI_NGU_2', 105, 'optional'),
  ];
  return {
    level: 'THPT',
    grade,
    rule: 'CT2018.subjects',
    subjects,
    electives: { count: 4, rule: 'CT2018.THPT.electives' },
    topicClusters: { count: 3, rule: 'CT2018.THPT.topics' },
  };
}

/** The general programme's subjects for a level and grade; undefined when the grade is not of the level. */
export function generalCurriculum(level: SchoolLevel, grade: number): GradeCurriculum | undefined {
  if (level === 'TH' && grade >= 1 && grade <= 5) return primaryCurriculum(grade);
  if (level === 'THCS' && grade >= 6 && grade <= 9) return lowerSecondaryCurriculum(grade);
  if (level === 'THPT' && grade >= 10 && grade <= 12) return upperSecondaryCurriculum(grade);
  return undefined;
}

export const secondarySubjectRule = { scored, byComment } as const;

/** A compulsory subject of the grade is absent: both circulars assess the whole programme of the grade. */
export function missingSubject(
  curriculum: GradeCurriculum,
  code: string,
  grade: number,
  path: string,
): RecordProblem {
  const name = subjectName(code);
  return problem(
    'RECORD_SUBJECT_MISSING',
    curriculum.rule,
    path,
    { expected: code },
    `Thiếu môn ${name.vi} của lớp ${grade}.`,
    `${name.en} is missing: grade ${grade} has it.`,
  );
}

/** Subjects entered that the grade's programme does not have, each a problem at its own path. */
export function unexpectedSubjects(
  curriculum: GradeCurriculum,
  subjects: Readonly<Record<string, unknown>>,
  grade: number,
  pathOf: (code: string) => string,
): RecordProblem[] {
  return Object.keys(subjects)
    .filter((code) => !curriculum.subjects.some((s) => s.code === code))
    .map((code) => {
      const name = subjectName(code);
      return problem(
        'RECORD_SUBJECT_UNEXPECTED',
        curriculum.rule,
        pathOf(code),
        { entered: code },
        `Lớp ${grade} không có môn ${name.vi}.`,
        `Grade ${grade} has no subject ${name.en}.`,
      );
    });
}
