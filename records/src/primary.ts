/**
 * The primary record (Circular 27/2020/TT-BGDĐT, đánh giá học sinh tiểu học): end-of-year results per
 * subject and activity, qualities and competencies, the overall result, awards and grade completion.
 *
 * Article numbers of Circular 27 other than Art. 7 are recalled, not checked against the text (see
 * rules.ts); the thresholds themselves are the circular's.
 */
import { z } from 'zod';
import type { GradeCurriculum, SubjectRule } from './curriculum.ts';
import { missingSubject, subjectName, unexpectedSubjects } from './curriculum.ts';
import { derived, type Mode } from './derived.ts';
import { CalendarDate, PrincipalApproval, SubjectKey, Text } from './envelope.ts';
import { pointer, problem, type RecordProblem, show } from './errors.ts';
import { OVERALL_RESULT_LABELS, OverallResult, Rating, SubjectLevel } from './levels.ts';
import type { RuleId } from './rules.ts';

/** Per subject or activity: mức đạt được, the end-of-year periodic test score, the teacher's comment. */
export const PrimarySubject = z.strictObject({
  level: SubjectLevel,
  /** Điểm bài kiểm tra định kì cuối năm: an integer 1–10, no 0 and no decimals (Art. 7 §1). */
  testScore: z.number().int().min(1).max(10).optional(),
  comment: Text(2000).optional(),
});
export type PrimarySubject = z.infer<typeof PrimarySubject>;

/** Phẩm chất chủ yếu: yêu nước, nhân ái, chăm chỉ, trung thực, trách nhiệm. */
export const Qualities = z.strictObject({
  patriotism: Rating,
  kindness: Rating,
  diligence: Rating,
  honesty: Rating,
  responsibility: Rating,
});

/** Năng lực chung: tự chủ và tự học, giao tiếp và hợp tác, giải quyết vấn đề và sáng tạo. */
export const GeneralCompetencies = z.strictObject({
  selfDirectedLearning: Rating,
  communicationAndCollaboration: Rating,
  problemSolvingAndCreativity: Rating,
});

/**
 * Năng lực đặc thù: ngôn ngữ, tính toán, khoa học, công nghệ, tin học, thẩm mĩ, thể chất. All seven in
 * every grade, as on the record form (technology and informatics are rated through other subjects in
 * grades 1–2).
 */
export const SpecificCompetencies = z.strictObject({
  language: Rating,
  numeracy: Rating,
  science: Rating,
  technology: Rating,
  informatics: Rating,
  aesthetics: Rating,
  physical: Rating,
});

/** Danh hiệu: Học sinh Xuất sắc; Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện. */
export const PrimaryAward = z.enum(['HS_XUAT_SAC', 'HS_TIEU_BIEU']);
export type PrimaryAward = z.infer<typeof PrimaryAward>;

export function primaryResultsSchema<M extends Mode>(mode: M) {
  return z.strictObject({
    subjects: z.record(SubjectKey, PrimarySubject),
    qualities: Qualities,
    generalCompetencies: GeneralCompetencies,
    specificCompetencies: SpecificCompetencies,
    qualitiesComment: Text(2000).optional(),
    competenciesComment: Text(2000).optional(),
    /** Derived: Art. 10 §1. */
    overallResult: derived(mode, OverallResult),
    /** The title the principal awards; HS_XUAT_SAC is derived, HS_TIEU_BIEU is a judgement (Art. 13). */
    award: derived(mode, PrimaryAward.nullable()),
    /** Other commendations (khen thưởng đột xuất, from higher levels), as written on the record. */
    otherAwards: z.array(Text(300)).max(20),
    /** Đánh giá bổ sung after summer help, for a pupil who had not completed the grade (Art. 11 §2). */
    supplementary: z.strictObject({ completed: z.boolean(), assessedAt: CalendarDate }).optional(),
    /** Derived: Hoàn thành chương trình lớp học (Art. 11). */
    gradeCompleted: derived(mode, z.boolean()),
    /** The principal's decision for a pupil who still has not completed the grade (Art. 11 §3). */
    promotionDecision: z.enum(['LEN_LOP', 'O_LAI_LOP']).optional(),
    /** Derived, grade 5 only: Hoàn thành chương trình tiểu học (Art. 11 §4). */
    primaryCompleted: z.boolean().optional(),
    homeroomComment: Text(4000).optional(),
    principalApproval: PrincipalApproval.optional(),
  });
}
export const PrimaryResults = primaryResultsSchema('final');
export type PrimaryResults = z.infer<typeof PrimaryResults>;
export type PrimaryResultsDraft = z.infer<ReturnType<typeof primaryResultsSchema<'draft'>>>;

type Ratings = Pick<PrimaryResults, 'qualities' | 'generalCompetencies' | 'specificCompetencies'>;

const allRatings = (r: Ratings): Rating[] => [
  ...Object.values(r.qualities),
  ...Object.values(r.generalCompetencies),
  ...Object.values(r.specificCompetencies),
];

/**
 * Kết quả giáo dục (Art. 10 §1), checked top down:
 * a) HTXS: every subject and activity T, every quality and competency T, every year-end test ≥ 9;
 * b) HTT: the same with tests ≥ 7;
 * c) HT: no subject C, no quality or competency C, every test ≥ 5;
 * d) CHT: every other case.
 */
export function overallResult(
  subjects: Readonly<Record<string, Pick<PrimarySubject, 'level' | 'testScore'>>>,
  ratings: Ratings,
): { result: OverallResult; rule: RuleId } {
  const list = Object.values(subjects);
  const levels = list.map((s) => s.level);
  const scores = list.flatMap((s) => (s.testScore === undefined ? [] : [s.testScore]));
  const lowest = Math.min(Number.POSITIVE_INFINITY, ...scores);
  const marks = allRatings(ratings);
  const allGood = levels.every((l) => l === 'T') && marks.every((m) => m === 'T');
  if (allGood && lowest >= 9) return { result: 'HTXS', rule: 'TT27.Art10.1a' };
  if (allGood && lowest >= 7) return { result: 'HTT', rule: 'TT27.Art10.1b' };
  if (levels.every((l) => l !== 'C') && marks.every((m) => m !== 'C') && lowest >= 5) {
    return { result: 'HT', rule: 'TT27.Art10.1c' };
  }
  return { result: 'CHT', rule: 'TT27.Art10.1d' };
}

/** Art. 11 §1–2: completed with HTXS/HTT/HT, or when the supplementary assessment says so. */
export const gradeCompleted = (overall: OverallResult, supplementary?: { completed: boolean }): boolean =>
  overall !== 'CHT' || supplementary?.completed === true;

/**
 * Art. 13 §1: HTXS earns Học sinh Xuất sắc, always; Học sinh Tiêu biểu needs HTT and the class's and
 * teacher's judgement, so it is kept when entered and allowed, never invented.
 */
export function expectedAward(overall: OverallResult, entered: PrimaryAward | null | undefined) {
  if (overall === 'HTXS') return { award: 'HS_XUAT_SAC' as const, rule: 'TT27.Art13.1a' as const };
  if (entered === 'HS_TIEU_BIEU' && overall === 'HTT')
    return { award: entered, rule: 'TT27.Art13.1b' as const };
  return {
    award: null,
    rule: entered === 'HS_TIEU_BIEU' ? ('TT27.Art13.1b' as const) : ('TT27.Art13.1a' as const),
  };
}

/** Fills the derived values of a primary draft. */
export function derivePrimary(results: PrimaryResultsDraft, grade: number): PrimaryResults {
  const { result } = overallResult(results.subjects, results);
  const completed = gradeCompleted(result, results.supplementary);
  const { primaryCompleted: _entered, ...rest } = results;
  return {
    ...rest,
    overallResult: result,
    award: expectedAward(result, results.award).award,
    gradeCompleted: completed,
    ...(grade === 5 ? { primaryCompleted: completed } : {}),
  };
}

/**
 * One subject's entry against its programme rule (Art. 7 §1b): a tested subject has its year-end test
 * score, an untested one has none. `at` names a path under the subject's entry. Shared by the whole
 * record's check and the entry of one subject (subject-entry.ts).
 */
export function checkPrimarySubject(
  rule: SubjectRule,
  entry: Pick<PrimarySubject, 'testScore'>,
  grade: number,
  at: (...s: (string | number)[]) => string,
): RecordProblem[] {
  const name = subjectName(rule.code);
  const problems: RecordProblem[] = [];
  if (rule.tested === true && entry.testScore === undefined) {
    problems.push(
      problem(
        'RECORD_ASSESSMENT_KIND_MISMATCH',
        'TT27.Art7.1b',
        at('testScore'),
        { expected: 'điểm 1–10 / a score 1–10' },
        `Môn ${name.vi} lớp ${grade} có bài kiểm tra định kì cuối năm: cần nhập điểm.`,
        `${name.en} in grade ${grade} has a year-end periodic test: enter its score.`,
      ),
    );
  }
  if (rule.tested !== true && entry.testScore !== undefined) {
    problems.push(
      problem(
        'RECORD_ASSESSMENT_KIND_MISMATCH',
        'TT27.Art7.1b',
        at('testScore'),
        { entered: entry.testScore },
        `Môn ${name.vi} lớp ${grade} không có bài kiểm tra định kì: bỏ điểm đã nhập.`,
        `${name.en} in grade ${grade} has no periodic test: remove the score.`,
      ),
    );
  }
  return problems;
}

/** Every rule of Circular 27 a primary record can break; derived values are compared to recomputed ones. */
export function checkPrimary(
  results: PrimaryResults,
  grade: number,
  curriculum: GradeCurriculum | undefined,
  base = '/results',
): RecordProblem[] {
  const problems: RecordProblem[] = [];
  const at = (...s: (string | number)[]) => base + pointer(...s);

  if (curriculum !== undefined) {
    for (const rule of curriculum.subjects) {
      const entry = results.subjects[rule.code];
      if (entry === undefined) {
        if (rule.kind === 'compulsory') {
          problems.push(missingSubject(curriculum, rule.code, grade, at('subjects', rule.code)));
        }
        continue;
      }
      problems.push(...checkPrimarySubject(rule, entry, grade, (...p) => at('subjects', rule.code, ...p)));
    }
    problems.push(...unexpectedSubjects(curriculum, results.subjects, grade, (code) => at('subjects', code)));
  }

  const overall = overallResult(results.subjects, results);
  if (results.overallResult !== overall.result) {
    const exp = OVERALL_RESULT_LABELS[overall.result];
    problems.push(
      problem(
        'RECORD_RESULT_MISMATCH',
        overall.rule,
        at('overallResult'),
        { expected: overall.result, entered: results.overallResult },
        `Kết quả giáo dục phải là ${exp.vi} (đã nhập ${show(results.overallResult)}).`,
        `The overall result should be ${exp.en} (entered ${show(results.overallResult)}).`,
      ),
    );
  }

  const award = expectedAward(overall.result, results.award);
  if (results.award !== award.award) {
    problems.push(
      problem(
        'RECORD_AWARD_MISMATCH',
        award.rule,
        at('award'),
        { expected: award.award, entered: results.award },
        `Danh hiệu phải là ${show(award.award)} theo kết quả giáo dục ${overall.result} (đã nhập ${show(results.award)}).`,
        `The title should be ${show(award.award)} for an overall result of ${overall.result} (entered ${show(results.award)}).`,
      ),
    );
  }

  if (results.supplementary !== undefined && overall.result !== 'CHT') {
    problems.push(
      problem(
        'RECORD_COMPLETION_MISMATCH',
        'TT27.Art11',
        at('supplementary'),
        { entered: results.supplementary },
        'Chỉ đánh giá bổ sung học sinh chưa hoàn thành chương trình lớp học.',
        'Only a pupil who has not completed the grade gets a supplementary assessment.',
      ),
    );
  }

  const completed = gradeCompleted(overall.result, results.supplementary);
  if (results.gradeCompleted !== completed) {
    problems.push(
      problem(
        'RECORD_COMPLETION_MISMATCH',
        'TT27.Art11',
        at('gradeCompleted'),
        { expected: completed, entered: results.gradeCompleted },
        completed
          ? 'Học sinh đã hoàn thành chương trình lớp học.'
          : 'Học sinh chưa hoàn thành chương trình lớp học.',
        completed ? 'The pupil has completed the grade.' : 'The pupil has not completed the grade.',
      ),
    );
  }

  if (completed && results.promotionDecision !== undefined) {
    problems.push(
      problem(
        'RECORD_PROMOTION_MISMATCH',
        'TT27.Art11',
        at('promotionDecision'),
        { entered: results.promotionDecision },
        'Học sinh đã hoàn thành chương trình lớp học: không cần quyết định lên lớp hay ở lại.',
        'The pupil completed the grade: no promotion decision is needed.',
      ),
    );
  }
  if (!completed && results.promotionDecision === undefined) {
    problems.push(
      problem(
        'RECORD_PROMOTION_MISMATCH',
        'TT27.Art11',
        at('promotionDecision'),
        { expected: 'LEN_LOP | O_LAI_LOP' },
        'Học sinh chưa hoàn thành chương trình lớp học: cần quyết định của hiệu trưởng (lên lớp hoặc ở lại lớp).',
        'The pupil has not completed the grade: the principal’s decision (promote or retain) is needed.',
      ),
    );
  }

  if (grade === 5 && results.primaryCompleted !== completed) {
    problems.push(
      problem(
        'RECORD_COMPLETION_MISMATCH',
        'TT27.Art11.4',
        at('primaryCompleted'),
        { expected: completed, entered: results.primaryCompleted },
        `Hoàn thành chương trình tiểu học phải là ${completed ? 'có' : 'không'}.`,
        `Primary completion should be ${completed ? 'yes' : 'no'}.`,
      ),
    );
  }
  if (grade !== 5 && results.primaryCompleted !== undefined) {
    problems.push(
      problem(
        'RECORD_COMPLETION_MISMATCH',
        'TT27.Art11.4',
        at('primaryCompleted'),
        { entered: results.primaryCompleted },
        'Chỉ học bạ lớp 5 ghi hoàn thành chương trình tiểu học.',
        'Only a grade-5 record states primary completion.',
      ),
    );
  }
  return problems;
}
