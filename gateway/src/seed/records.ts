/**
 * Demo records (học bạ) for any level and grade, valid under the record schemas: the entered values are
 * made up from a pupil's number (deterministic, so two seeds of the same province read alike), the
 * derived ones — averages, results, promotion, awards — are computed by deriveRecord and the whole is
 * checked by validateRecord, so that a seeded record is exactly what the gateway would accept.
 */
import {
  type Biography,
  curriculumFor,
  deriveRecord,
  RECORD_SCHEMA_ID,
  type RecordData,
  regularScoreCount,
  type SchoolLevel,
  validateRecord,
} from '@hocba/records';

export interface DemoRecordInput {
  recordId: string;
  lookupCode: string;
  nationalId: string;
  studentCode: string;
  provinceCode: string;
  schoolCode: string;
  schoolYear: string;
  level: SchoolLevel;
  grade: number;
  classId: string;
  biography: Biography;
  /** The pupil's number in the class: decides the marks. */
  n: number;
  homeroomComment: string;
}

/** A score on the 10-point scale, one decimal, within [5, 10], varying with `n` and `k`. */
const scoreOf = (n: number, k: number) => Math.min(10, 5 + (((n * 7 + k * 3) % 46) + 4) / 10 + (n % 3));

function primaryDraft(i: DemoRecordInput) {
  const c = curriculumFor('TH', i.grade)!;
  const level = (k: number) => ((i.n + k) % 4 === 0 ? 'H' : 'T');
  const subjects = Object.fromEntries(
    c.subjects
      .filter((s) => s.kind === 'compulsory')
      .map((s, k) => [
        s.code,
        s.tested
          ? { level: level(k), testScore: Math.max(5, Math.min(10, 7 + ((i.n + k) % 4))) }
          : { level: level(k) },
      ]),
  );
  const rating = (k: number) => ((i.n + k) % 5 === 0 ? 'D' : 'T');
  const ratings = (keys: readonly string[]) => Object.fromEntries(keys.map((key, k) => [key, rating(k)]));
  return {
    subjects,
    qualities: ratings(['patriotism', 'kindness', 'diligence', 'honesty', 'responsibility']),
    generalCompetencies: ratings([
      'selfDirectedLearning',
      'communicationAndCollaboration',
      'problemSolvingAndCreativity',
    ]),
    specificCompetencies: ratings([
      'language',
      'numeracy',
      'science',
      'technology',
      'informatics',
      'aesthetics',
      'physical',
    ]),
    otherAwards: [],
    homeroomComment: i.homeroomComment,
  };
}

function secondaryDraft(i: DemoRecordInput) {
  const c = curriculumFor(i.level, i.grade)!;
  const electives = c.subjects.filter((s) => s.kind === 'elective').slice(0, c.electives?.count ?? 0);
  const present = [...c.subjects.filter((s) => s.kind === 'compulsory'), ...electives];
  const topics = new Set(
    present
      .filter((s) => s.topicCluster)
      .slice(0, c.topicClusters?.count ?? 0)
      .map((s) => s.code),
  );
  const subjects = Object.fromEntries(
    present.map((s, k) => {
      const topic = topics.has(s.code) ? { topicCluster: true } : {};
      if (s.assessment === 'comment') {
        return [s.code, { assessment: 'comment', semester1: 'DAT', semester2: 'DAT', ...topic }];
      }
      const count = regularScoreCount(s.periodsPerYear!, topics.has(s.code));
      const semester = (half: number) => ({
        regular: Array.from({ length: count }, (_, j) => scoreOf(i.n + half, k + j)),
        midterm: scoreOf(i.n + half, k + 11),
        endterm: scoreOf(i.n + half, k + 17),
      });
      return [s.code, { assessment: 'score', semester1: semester(0), semester2: semester(1), ...topic }];
    }),
  );
  return {
    subjects,
    conduct: { semester1: i.n % 4 === 0 ? 'KHA' : 'TOT', semester2: 'TOT' },
    absences: { withPermission: i.n % 4, withoutPermission: 0 },
    otherAwards: [],
    homeroomComment: i.homeroomComment,
  };
}

/** The record, derived and validated; throws RecordRuleError if the generator ever made an invalid one. */
export function demoRecord(i: DemoRecordInput): RecordData {
  const envelope = {
    schema: RECORD_SCHEMA_ID,
    recordId: i.recordId,
    lookupCode: i.lookupCode,
    nationalId: i.nationalId,
    studentCode: i.studentCode,
    provinceCode: i.provinceCode,
    schoolCode: i.schoolCode,
    level: i.level,
    schoolYear: i.schoolYear,
    grade: i.grade,
    classId: i.classId,
    version: 1,
    signatures: [],
    biography: i.biography,
  };
  const results = i.level === 'TH' ? primaryDraft(i) : secondaryDraft(i);
  const derived = deriveRecord({ ...envelope, results }) as RecordData & { results: Record<string, unknown> };
  // A primary pupil who has not completed the grade needs the principal's decision (Circular 27 Art. 12).
  if (derived.level === 'TH' && derived.results.gradeCompleted === false) {
    derived.results.promotionDecision = 'LEN_LOP';
  }
  return validateRecord(derived) as RecordData;
}
