/**
 * The secondary record (Circular 22/2021/TT-BGDĐT, đánh giá học sinh THCS và THPT): per subject either
 * scores on the 10-point scale or Đạt/Chưa đạt; learning and conduct results per semester and year;
 * absences; re-assessment and summer training; promotion; awards; the homeroom comment and the principal's
 * approval. Continuing education (continuing.ts) uses the same shape with its own subjects.
 */
import { z } from 'zod';
import { formatScoreEn, formatScoreVi, hasOneDecimal, semesterAverage, yearAverage } from './averages.ts';
import { yearConduct } from './conduct.ts';
import {
  type GradeCurriculum,
  missingSubject,
  regularScoreCount,
  type SubjectRule,
  subjectName,
  unexpectedSubjects,
} from './curriculum.ts';
import { derived, type Mode } from './derived.ts';
import { CalendarDate, PrincipalApproval, SubjectKey, Text } from './envelope.ts';
import { pointer, problem, type RecordProblem, show } from './errors.ts';
import { type LearningResult, learningResult, type PeriodResults } from './learning-result.ts';
import { CommentResult, PROMOTION_LABELS, Promotion, RESULT_LEVEL_LABELS, ResultLevel } from './levels.ts';
import { mayCatchUp, promotion } from './promotion.ts';
import type { RuleId } from './rules.ts';

/** Điểm đánh giá: 0–10, an integer or one decimal (Art. 5 §3b). */
export const Score = z
  .number()
  .min(0)
  .max(10)
  .refine(hasOneDecimal, 'tối đa một chữ số thập phân / at most one decimal place');

function scoredSemester<M extends Mode>(mode: M) {
  return z.strictObject({
    /** ĐĐGtx: as many as the subject's periods require (Art. 6 §2b). */
    regular: z.array(Score).min(1).max(8),
    /** ĐĐGgk */
    midterm: Score,
    /** ĐĐGck */
    endterm: Score,
    /** Derived: ĐTBmhk (Art. 9 §1b). */
    average: derived(mode, Score),
  });
}

function scoredSubject<M extends Mode>(mode: M) {
  return z.strictObject({
    assessment: z.literal('score'),
    /** The school plan's periods a year when they differ from the programme's. */
    periodsPerYear: z.number().int().min(1).max(400).optional(),
    /** THPT: the student takes this subject's learning-topic cluster. */
    topicCluster: z.boolean().optional(),
    semester1: scoredSemester(mode),
    semester2: scoredSemester(mode),
    /** Derived: ĐTBmcn (Art. 9 §1b). */
    yearAverage: derived(mode, Score),
    comment: Text(2000).optional(),
  });
}

function commentSubject<M extends Mode>(mode: M) {
  return z.strictObject({
    assessment: z.literal('comment'),
    topicCluster: z.boolean().optional(),
    semester1: CommentResult,
    semester2: CommentResult,
    /** Derived: the year follows semester II (Art. 9 §1a). */
    year: derived(mode, CommentResult),
    comment: Text(2000).optional(),
  });
}

export function secondarySubjectSchema<M extends Mode>(mode: M) {
  return z.discriminatedUnion('assessment', [scoredSubject(mode), commentSubject(mode)]);
}

/** Kiểm tra, đánh giá lại (Art. 14): the new score or result per re-assessed subject. */
function reassessmentSchema<M extends Mode>(mode: M) {
  return z.strictObject({
    assessedAt: CalendarDate,
    subjects: z.record(
      SubjectKey,
      z.union([z.strictObject({ score: Score }), z.strictObject({ result: CommentResult })]),
    ),
    /** Derived: the year learning result with the new results in place of the year's. */
    learningResult: derived(mode, ResultLevel),
  });
}

/** Rèn luyện trong kì nghỉ hè (Art. 13): the homeroom teacher's judgement at its end. */
export const SummerTraining = z.strictObject({
  assessedAt: CalendarDate,
  conduct: CommentResult,
});

/** Danh hiệu (Art. 15 §1): Học sinh Xuất sắc, Học sinh Giỏi (Học viên … in continuing education). */
export const SecondaryAward = z.enum(['HS_XUAT_SAC', 'HS_GIOI']);
export type SecondaryAward = z.infer<typeof SecondaryAward>;

const Periods = z.strictObject({ semester1: ResultLevel, semester2: ResultLevel, year: ResultLevel });

export function secondaryResultsSchema<M extends Mode>(mode: M) {
  return z.strictObject({
    subjects: z.record(SubjectKey, secondarySubjectSchema(mode)),
    /** Derived: Art. 9 §2–3. */
    learning: derived(mode, Periods),
    /** Semesters entered by the homeroom teacher (Art. 8 §2); the year derived (Art. 8 §3). */
    conduct: z.strictObject({
      semester1: ResultLevel,
      semester2: ResultLevel,
      year: derived(mode, ResultLevel),
    }),
    /** Sessions (buổi) absent in the school year. */
    absences: z.strictObject({
      withPermission: z.number().int().min(0).max(400),
      withoutPermission: z.number().int().min(0).max(400),
    }),
    summerTraining: SummerTraining.optional(),
    reassessment: reassessmentSchema(mode).optional(),
    /** Derived: Art. 12–14. */
    promotion: derived(mode, Promotion),
    /** Derived: Art. 15 §1. */
    award: derived(mode, SecondaryAward.nullable()),
    /** Other commendations, as written on the record. */
    otherAwards: z.array(Text(300)).max(20),
    homeroomComment: Text(4000).optional(),
    principalApproval: PrincipalApproval.optional(),
  });
}
export const SecondaryResults = secondaryResultsSchema('final');
export type SecondaryResults = z.infer<typeof SecondaryResults>;
export type SecondaryResultsDraft = z.infer<ReturnType<typeof secondaryResultsSchema<'draft'>>>;
type SubjectDraft = SecondaryResultsDraft['subjects'][string];

// ---- computing ----

/** Everything the rules give, computed from what was entered (never from entered derived values). */
export interface SecondaryComputed {
  readonly averages: Readonly<Record<string, { semester1: number; semester2: number; year: number }>>;
  readonly commentYear: Readonly<Record<string, CommentResult>>;
  readonly learning: { semester1: LearningResult; semester2: LearningResult; year: LearningResult };
  readonly conductYear: ResultLevel;
  readonly reassessed?: LearningResult;
  readonly promotion: { decision: Promotion; rule: RuleId };
  readonly award: { award: SecondaryAward | null; rule: RuleId };
}

function period(
  subjects: Readonly<Record<string, SubjectDraft>>,
  pick: (code: string, s: SubjectDraft) => number | CommentResult,
): PeriodResults {
  const scores: number[] = [];
  const comments: CommentResult[] = [];
  for (const [code, s] of Object.entries(subjects)) {
    const v = pick(code, s);
    if (typeof v === 'number') scores.push(v);
    else comments.push(v);
  }
  return { scores, comments };
}

const HSXS_MIN_SUBJECTS = 6;
const HSXS_YEAR_AVERAGE = 9;

export function computeSecondary(results: SecondaryResultsDraft): SecondaryComputed {
  const averages: Record<string, { semester1: number; semester2: number; year: number }> = {};
  const commentYear: Record<string, CommentResult> = {};
  for (const [code, s] of Object.entries(results.subjects)) {
    if (s.assessment === 'score') {
      averages[code] = subjectAverages(s);
    } else {
      commentYear[code] = s.semester2; // Art. 9 §1a
    }
  }
  const value = (code: string, s: SubjectDraft, key: 'semester1' | 'semester2' | 'year') =>
    s.assessment === 'score' ? averages[code]![key] : key === 'year' ? commentYear[code]! : s[key];
  const learning = {
    semester1: learningResult(period(results.subjects, (c, s) => value(c, s, 'semester1'))),
    semester2: learningResult(period(results.subjects, (c, s) => value(c, s, 'semester2'))),
    year: learningResult(period(results.subjects, (c, s) => value(c, s, 'year'))),
  };
  const conductYear = yearConduct(results.conduct.semester1, results.conduct.semester2);

  // Art. 14: the re-assessed results replace the year's, and the year learning result is assessed again.
  const retest = results.reassessment?.subjects;
  const reassessed =
    retest === undefined
      ? undefined
      : learningResult(
          period(results.subjects, (c, s) => {
            const r = retest[c];
            if (s.assessment === 'score' && r !== undefined && 'score' in r) return r.score;
            if (s.assessment === 'comment' && r !== undefined && 'result' in r) return r.result;
            return value(c, s, 'year');
          }),
        );

  const absent = results.absences.withPermission + results.absences.withoutPermission;
  const decision = promotion({
    conductYear,
    learningYear: learning.year.level,
    absentSessions: absent,
    summerConduct: results.summerTraining?.conduct,
    learningAfterReassessment: reassessed?.level,
  });

  const good = conductYear === 'TOT' && learning.year.level === 'TOT';
  const nines = Object.values(averages).filter((a) => a.year >= HSXS_YEAR_AVERAGE).length;
  const award: SecondaryComputed['award'] =
    good && nines >= HSXS_MIN_SUBJECTS
      ? { award: 'HS_XUAT_SAC', rule: 'TT22.Art15.1a' }
      : good
        ? { award: 'HS_GIOI', rule: 'TT22.Art15.1b' }
        : { award: null, rule: results.award === 'HS_GIOI' ? 'TT22.Art15.1b' : 'TT22.Art15.1a' };

  return {
    averages,
    commentYear,
    learning,
    conductYear,
    ...(reassessed === undefined ? {} : { reassessed }),
    promotion: decision,
    award,
  };
}

/** Fills the derived values of a secondary draft. */
export function deriveSecondary(results: SecondaryResultsDraft): SecondaryResults {
  const c = computeSecondary(results);
  const subjects: SecondaryResults['subjects'] = {};
  for (const [code, s] of Object.entries(results.subjects)) {
    if (s.assessment === 'score') {
      const a = c.averages[code]!;
      subjects[code] = {
        ...s,
        semester1: { ...s.semester1, average: a.semester1 },
        semester2: { ...s.semester2, average: a.semester2 },
        yearAverage: a.year,
      };
    } else {
      subjects[code] = { ...s, year: c.commentYear[code]! };
    }
  }
  const { reassessment, ...rest } = results;
  return {
    ...rest,
    subjects,
    learning: {
      semester1: c.learning.semester1.level,
      semester2: c.learning.semester2.level,
      year: c.learning.year.level,
    },
    conduct: { ...results.conduct, year: c.conductYear },
    ...(reassessment === undefined
      ? {}
      : { reassessment: { ...reassessment, learningResult: c.reassessed!.level } }),
    promotion: c.promotion.decision,
    award: c.award.award,
  };
}

// ---- checking ----

const SEMESTER_VI = { semester1: 'học kì I', semester2: 'học kì II', year: 'cả năm' } as const;
const SEMESTER_EN = { semester1: 'semester I', semester2: 'semester II', year: 'the year' } as const;

/** Every rule of Circular 22 a secondary record can break; derived values compared to recomputed ones. */
export function checkSecondary(
  results: SecondaryResults,
  grade: number,
  curriculum: GradeCurriculum | undefined,
  base = '/results',
): RecordProblem[] {
  const problems: RecordProblem[] = [];
  const at = (...s: (string | number)[]) => base + pointer(...s);
  if (curriculum !== undefined) problems.push(...checkSubjects(results, grade, curriculum, at));

  const c = computeSecondary(results);

  for (const [code, s] of Object.entries(results.subjects)) {
    problems.push(...checkSubjectDerived(code, s, (...p) => at('subjects', code, ...p)));
  }

  for (const when of ['semester1', 'semester2', 'year'] as const) {
    const expected = c.learning[when];
    const entered = results.learning[when];
    if (entered === expected.level) continue;
    const adjusted =
      expected.beforeAdjustment === undefined
        ? { vi: '', en: '' }
        : {
            vi: ` (điều chỉnh từ ${RESULT_LEVEL_LABELS[expected.beforeAdjustment].vi} vì chỉ do một môn)`,
            en: ` (raised from ${RESULT_LEVEL_LABELS[expected.beforeAdjustment].en}: one subject only)`,
          };
    problems.push(
      problem(
        'RECORD_RESULT_MISMATCH',
        expected.rule,
        at('learning', when),
        { expected: expected.level, entered },
        `Kết quả học tập ${SEMESTER_VI[when]} phải là ${RESULT_LEVEL_LABELS[expected.level].vi}${adjusted.vi} (đã nhập ${show(entered)}).`,
        `The learning result of ${SEMESTER_EN[when]} should be ${RESULT_LEVEL_LABELS[expected.level].en}${adjusted.en} (entered ${show(entered)}).`,
      ),
    );
  }

  if (results.conduct.year !== c.conductYear) {
    problems.push(
      problem(
        'RECORD_RESULT_MISMATCH',
        'TT22.Art8.3',
        at('conduct', 'year'),
        { expected: c.conductYear, entered: results.conduct.year },
        `Kết quả rèn luyện cả năm phải là ${RESULT_LEVEL_LABELS[c.conductYear].vi} theo hai học kì (đã nhập ${show(results.conduct.year)}).`,
        `The year conduct result should be ${RESULT_LEVEL_LABELS[c.conductYear].en} given the two semesters (entered ${show(results.conduct.year)}).`,
      ),
    );
  }

  const absent = results.absences.withPermission + results.absences.withoutPermission;
  if (results.summerTraining !== undefined && (c.conductYear !== 'CHUA_DAT' || !mayCatchUp(absent))) {
    problems.push(
      problem(
        'RECORD_SUMMER_TRAINING_UNEXPECTED',
        'TT22.Art13',
        at('summerTraining'),
        { entered: results.summerTraining },
        'Chỉ học sinh có kết quả rèn luyện cả năm Chưa đạt (và nghỉ không quá 45 buổi) mới rèn luyện trong hè.',
        'Only a student whose year conduct is not yet passed (and absent no more than 45 sessions) does summer training.',
      ),
    );
  }
  if (results.reassessment !== undefined) {
    problems.push(...checkReassessment(results, c, absent, at));
  }

  if (results.promotion !== c.promotion.decision) {
    const exp = PROMOTION_LABELS[c.promotion.decision];
    problems.push(
      problem(
        'RECORD_PROMOTION_MISMATCH',
        c.promotion.rule,
        at('promotion'),
        { expected: c.promotion.decision, entered: results.promotion },
        `Xét lên lớp phải là: ${exp.vi} (đã nhập ${show(results.promotion)}; nghỉ ${absent} buổi).`,
        `The promotion decision should be: ${exp.en} (entered ${show(results.promotion)}; ${absent} sessions absent).`,
      ),
    );
  }

  if (results.award !== c.award.award) {
    problems.push(
      problem(
        'RECORD_AWARD_MISMATCH',
        c.award.rule,
        at('award'),
        { expected: c.award.award, entered: results.award },
        `Danh hiệu phải là ${show(c.award.award)} theo kết quả rèn luyện và học tập cả năm (đã nhập ${show(results.award)}).`,
        `The title should be ${show(c.award.award)} given the year conduct and learning results (entered ${show(results.award)}).`,
      ),
    );
  }
  return problems;
}

/** ĐTBmhk of each semester and ĐTBmcn of one scored subject (Art. 9 §1b). */
export function subjectAverages(s: {
  semester1: { regular: readonly number[]; midterm: number; endterm: number };
  semester2: { regular: readonly number[]; midterm: number; endterm: number };
}): { semester1: number; semester2: number; year: number } {
  const s1 = semesterAverage(s.semester1.regular, s.semester1.midterm, s.semester1.endterm);
  const s2 = semesterAverage(s.semester2.regular, s.semester2.midterm, s.semester2.endterm);
  return { semester1: s1, semester2: s2, year: yearAverage(s1, s2) };
}

/** What the circular derives from one subject's entry: its averages, or its year result (Art. 9 §1). */
export type SubjectDerived =
  | { assessment: 'score'; semester1Average: number; semester2Average: number; yearAverage: number }
  | { assessment: 'comment'; year: CommentResult };

export function deriveSubject(s: SubjectDraft): SubjectDerived {
  if (s.assessment === 'comment') return { assessment: 'comment', year: s.semester2 };
  const a = subjectAverages(s);
  return {
    assessment: 'score',
    semester1Average: a.semester1,
    semester2Average: a.semester2,
    yearAverage: a.year,
  };
}

/**
 * One subject's derived values as entered against the recomputed ones (Art. 9 §1); a value left out (a
 * draft) is not compared. `at` names a path under the subject's entry.
 */
export function checkSubjectDerived(
  code: string,
  s: SubjectDraft,
  at: (...s: (string | number)[]) => string,
): RecordProblem[] {
  const problems: RecordProblem[] = [];
  const name = subjectName(code);
  if (s.assessment === 'score') {
    const a = subjectAverages(s);
    const entries = [
      ['semester1', s.semester1.average, a.semester1, ['semester1', 'average']],
      ['semester2', s.semester2.average, a.semester2, ['semester2', 'average']],
      ['year', s.yearAverage, a.year, ['yearAverage']],
    ] as const;
    for (const [when, entered, expected, path] of entries) {
      if (entered === undefined || entered === expected) continue;
      problems.push(
        problem(
          'RECORD_AVERAGE_MISMATCH',
          'TT22.Art9.1b',
          at(...path),
          { expected, entered },
          `Điểm trung bình môn ${name.vi} ${SEMESTER_VI[when]} phải là ${formatScoreVi(expected)} (đã nhập ${formatScoreVi(entered)}).`,
          `The ${SEMESTER_EN[when]} average of ${name.en} should be ${formatScoreEn(expected)} (entered ${formatScoreEn(entered)}).`,
        ),
      );
    }
  } else if (s.year !== undefined && s.year !== s.semester2) {
    const expected = s.semester2;
    problems.push(
      problem(
        'RECORD_RESULT_MISMATCH',
        'TT22.Art9.1a',
        at('year'),
        { expected, entered: s.year },
        `Kết quả cả năm môn ${name.vi} theo học kì II: ${RESULT_LEVEL_LABELS[expected].vi}.`,
        `The year result of ${name.en} follows semester II: ${RESULT_LEVEL_LABELS[expected].en}.`,
      ),
    );
  }
  return problems;
}

/**
 * One subject's entry against its programme rule: how it is assessed (Art. 5 §3a), its topic cluster, and
 * how many regular scores each semester needs (Art. 6 §2b). `at` names a path under the subject's entry.
 */
export function checkSecondarySubject(
  rule: SubjectRule,
  entry: SubjectDraft,
  curriculum: GradeCurriculum,
  at: (...s: (string | number)[]) => string,
): RecordProblem[] {
  const problems: RecordProblem[] = [];
  const name = subjectName(rule.code);
  if (entry.assessment !== rule.assessment) {
    problems.push(
      problem(
        'RECORD_ASSESSMENT_KIND_MISMATCH',
        'TT22.Art5.3a',
        at('assessment'),
        { expected: rule.assessment, entered: entry.assessment },
        rule.assessment === 'comment'
          ? `Môn ${name.vi} chỉ đánh giá bằng nhận xét (Đạt/Chưa đạt), không cho điểm.`
          : `Môn ${name.vi} đánh giá bằng nhận xét kết hợp điểm số: cần nhập điểm.`,
        rule.assessment === 'comment'
          ? `${name.en} is assessed by comment only (pass/not yet), without scores.`
          : `${name.en} is assessed with scores: enter them.`,
      ),
    );
  }
  if (entry.topicCluster === true && rule.topicCluster !== true) {
    problems.push(
      problem(
        'RECORD_TOPIC_CLUSTER_INVALID',
        curriculum.topicClusters?.rule ?? curriculum.rule,
        at('topicCluster'),
        { entered: true },
        `Môn ${name.vi} không có cụm chuyên đề học tập.`,
        `${name.en} has no learning-topic cluster.`,
      ),
    );
  }
  if (entry.assessment === 'score' && rule.assessment === 'score') {
    const periods = entry.periodsPerYear ?? rule.periodsPerYear ?? 35;
    const withTopic = entry.topicCluster === true && rule.topicCluster === true;
    const expected = regularScoreCount(periods, withTopic);
    for (const when of ['semester1', 'semester2'] as const) {
      const n = entry[when].regular.length;
      if (n === expected) continue;
      problems.push(
        problem(
          'RECORD_SCORE_COUNT_MISMATCH',
          withTopic ? 'TT22.Art6.topic' : 'TT22.Art6.2b',
          at(when, 'regular'),
          { expected, entered: n },
          `Môn ${name.vi} (${periods} tiết/năm${withTopic ? ', có cụm chuyên đề' : ''}) cần ${expected} điểm đánh giá thường xuyên ${SEMESTER_VI[when]}, đã nhập ${n}.`,
          `${name.en} (${periods} periods a year${withTopic ? ', with a topic cluster' : ''}) needs ${expected} regular scores in ${SEMESTER_EN[when]}; ${n} entered.`,
        ),
      );
    }
  }
  return problems;
}

function checkSubjects(
  results: SecondaryResults,
  grade: number,
  curriculum: GradeCurriculum,
  at: (...s: (string | number)[]) => string,
): RecordProblem[] {
  const problems: RecordProblem[] = [];
  for (const rule of curriculum.subjects) {
    const entry = results.subjects[rule.code];
    if (entry === undefined) {
      if (rule.kind === 'compulsory') {
        problems.push(missingSubject(curriculum, rule.code, grade, at('subjects', rule.code)));
      }
      continue;
    }
    problems.push(
      ...checkSecondarySubject(rule, entry, curriculum, (...p) => at('subjects', rule.code, ...p)),
    );
  }
  problems.push(...unexpectedSubjects(curriculum, results.subjects, grade, (code) => at('subjects', code)));
  const { electives, topicClusters } = curriculum;
  if (electives !== undefined) {
    const n = curriculum.subjects.filter((s) => s.kind === 'elective' && results.subjects[s.code]).length;
    if (n !== electives.count) {
      problems.push(
        problem(
          'RECORD_ELECTIVE_COUNT',
          electives.rule,
          at('subjects'),
          { expected: electives.count, entered: n },
          `Học sinh học đúng ${electives.count} môn lựa chọn; học bạ có ${n}.`,
          `A student takes exactly ${electives.count} elective subjects; the record has ${n}.`,
        ),
      );
    }
  }
  if (topicClusters !== undefined) {
    const n = Object.values(results.subjects).filter((s) => s.topicCluster === true).length;
    if (n !== topicClusters.count) {
      problems.push(
        problem(
          'RECORD_ELECTIVE_COUNT',
          topicClusters.rule,
          at('subjects'),
          { expected: topicClusters.count, entered: n },
          `Học sinh học đúng ${topicClusters.count} cụm chuyên đề học tập; học bạ có ${n}.`,
          `A student takes exactly ${topicClusters.count} learning-topic clusters; the record has ${n}.`,
        ),
      );
    }
  }
  return problems;
}

function checkReassessment(
  results: SecondaryResults,
  c: SecondaryComputed,
  absent: number,
  at: (...s: (string | number)[]) => string,
): RecordProblem[] {
  const problems: RecordProblem[] = [];
  const r = results.reassessment!;
  if (c.learning.year.level !== 'CHUA_DAT' || !mayCatchUp(absent)) {
    problems.push(
      problem(
        'RECORD_REASSESSMENT_INVALID',
        'TT22.Art14',
        at('reassessment'),
        { entered: r },
        'Chỉ kiểm tra lại khi kết quả học tập cả năm Chưa đạt (và nghỉ không quá 45 buổi).',
        'Re-assessment is only for a failed learning year (and no more than 45 sessions absent).',
      ),
    );
    return problems;
  }
  const codes = Object.keys(r.subjects);
  if (codes.length === 0) {
    problems.push(
      problem(
        'RECORD_REASSESSMENT_INVALID',
        'TT22.Art14',
        at('reassessment', 'subjects'),
        {},
        'Kiểm tra lại ít nhất một môn.',
        'Re-assess at least one subject.',
      ),
    );
  }
  for (const code of codes) {
    const s = results.subjects[code];
    const name = subjectName(code);
    const entry = r.subjects[code]!;
    const failed =
      s !== undefined &&
      (s.assessment === 'score' ? c.averages[code]!.year < 5 : c.commentYear[code] === 'CHUA_DAT');
    const kindOk = s !== undefined && (s.assessment === 'score') === 'score' in entry;
    if (failed && kindOk) continue;
    problems.push(
      problem(
        'RECORD_REASSESSMENT_INVALID',
        'TT22.Art14',
        at('reassessment', 'subjects', code),
        { entered: entry },
        !failed
          ? `Môn ${name.vi} không thuộc diện kiểm tra lại (ĐTBmcn dưới 5,0 hoặc Chưa đạt).`
          : `Môn ${name.vi}: kiểm tra lại ghi ${s?.assessment === 'score' ? 'điểm' : 'Đạt/Chưa đạt'}.`,
        !failed
          ? `${name.en} cannot be re-assessed: only subjects below 5.0 or not yet passed can.`
          : `${name.en}: the re-assessment records ${s?.assessment === 'score' ? 'a score' : 'pass/not yet'}.`,
      ),
    );
  }
  const expected = c.reassessed!;
  if (r.learningResult !== expected.level) {
    problems.push(
      problem(
        'RECORD_RESULT_MISMATCH',
        expected.rule,
        at('reassessment', 'learningResult'),
        { expected: expected.level, entered: r.learningResult },
        `Kết quả học tập cả năm sau kiểm tra lại phải là ${RESULT_LEVEL_LABELS[expected.level].vi} (đã nhập ${show(r.learningResult)}).`,
        `The year learning result after re-assessment should be ${RESULT_LEVEL_LABELS[expected.level].en} (entered ${show(r.learningResult)}).`,
      ),
    );
  }
  return problems;
}
