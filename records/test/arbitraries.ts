/**
 * fast-check generators of valid records for every level and grade: the entered values are random (with
 * weights, so that every result level, promotion decision and award actually occurs), the derived ones
 * come from deriveRecord, and the later stages (re-assessment, summer training, supplementary assessment,
 * the principal's decision) are added only where the rules allow them.
 */
import fc from 'fast-check';
import {
  type CommentResult,
  curriculumFor,
  deriveRecord,
  type GradeCurriculum,
  RECORD_SCHEMA_ID,
  type RecordErrorCode,
  type ResultLevel,
  regularScoreCount,
  type SchoolLevel,
} from '../src/index.ts';
import type { Json } from './helpers.ts';

const weighted = <T>(...pairs: [T, number][]) =>
  fc.oneof(...pairs.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })));

/** Any score on the 10-point scale, one decimal. */
export const score = fc.integer({ min: 0, max: 100 }).map((t) => t / 10);

/** A student's level, in tenths: scores scatter around it, so that every result level occurs. */
const ability = fc.oneof(
  fc.integer({ min: 20, max: 100 }),
  fc.integer({ min: 60, max: 100 }),
  fc.integer({ min: 85, max: 100 }),
);
const scoreAround = (base: number) =>
  fc.integer({ min: -20, max: 20 }).map((n) => Math.max(0, Math.min(100, base + n)) / 10);

const commentResult = weighted<CommentResult>(['DAT', 12], ['CHUA_DAT', 1]);
const level = weighted<ResultLevel>(['TOT', 6], ['KHA', 3], ['DAT', 2], ['CHUA_DAT', 1]);

function envelope(level: SchoolLevel, grade: number) {
  return {
    schema: RECORD_SCHEMA_ID,
    recordId: `R-${level}-${grade}`,
    lookupCode: 'ABCDEFGHJKMNPQRST',
    nationalId: '001234567890',
    studentCode: 'S-0001',
    provinceCode: '01',
    schoolCode: 'SCH-01',
    level,
    schoolYear: '2025-2026',
    grade,
    classId: `${grade}A`,
    version: 1,
    signatures: [],
    biography: {
      fullName: 'Nguyễn Văn An',
      dateOfBirth: '2012-01-01',
      sex: 'male',
      birthplace: 'Hà Nội',
      ethnicity: 'Kinh',
      guardians: [],
    },
  };
}

// ---- secondary ----

function secondarySubjects(c: GradeCurriculum, base: number) {
  const score = scoreAround(base);
  const compulsory = c.subjects.filter((s) => s.kind === 'compulsory').map((s) => s.code);
  const optional = c.subjects.filter((s) => s.kind === 'optional').map((s) => s.code);
  const electives = c.subjects.filter((s) => s.kind === 'elective').map((s) => s.code);
  const n = c.electives?.count ?? 0;
  return fc
    .tuple(
      fc.subarray(optional, { maxLength: 1 }),
      fc.shuffledSubarray(electives, { minLength: n, maxLength: n }),
    )
    .chain(([opt, chosen]) => {
      const present = [...compulsory, ...opt, ...chosen];
      const topicable = present.filter((code) => c.subjects.find((s) => s.code === code)?.topicCluster);
      const k = c.topicClusters?.count ?? 0;
      return fc.shuffledSubarray(topicable, { minLength: k, maxLength: k }).chain((topics) =>
        fc.record(
          Object.fromEntries(
            present.map((code) => {
              const rule = c.subjects.find((s) => s.code === code)!;
              const topic = topics.includes(code);
              if (rule.assessment === 'comment') {
                return [
                  code,
                  fc
                    .record({
                      assessment: fc.constant('comment'),
                      semester1: commentResult,
                      semester2: commentResult,
                    })
                    .map((s) => (topic ? { ...s, topicCluster: true } : s)),
                ];
              }
              const count = regularScoreCount(rule.periodsPerYear!, topic);
              const semester = fc.record({
                regular: fc.array(score, { minLength: count, maxLength: count }),
                midterm: score,
                endterm: score,
              });
              return [
                code,
                fc
                  .record({ assessment: fc.constant('score'), semester1: semester, semester2: semester })
                  .map((s) => (topic ? { ...s, topicCluster: true } : s)),
              ];
            }),
          ),
        ),
      );
    });
}

export function secondaryRecord(lvl: 'THCS' | 'THPT' | 'GDTX', grade: number): fc.Arbitrary<Json> {
  const c = curriculumFor(lvl, grade)!;
  const draft = fc.record({
    subjects: ability.chain((base) => secondarySubjects(c, base)),
    conduct: fc.record({ semester1: level, semester2: level }),
    absences: fc.record({
      withPermission: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 40 })),
      withoutPermission: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 15 })),
    }),
    otherAwards: fc.constant([]),
  });
  return draft.chain((results) => {
    const first = deriveRecord({ ...envelope(lvl, grade), results }) as Json;
    const r = first.results;
    const absent = r.absences.withPermission + r.absences.withoutPermission;
    const failed = Object.entries(r.subjects)
      .filter(([, s]: [string, Json]) =>
        s.assessment === 'score' ? s.yearAverage < 5 : s.year === 'CHUA_DAT',
      )
      .map(([code]) => code);
    const summer =
      r.conduct.year === 'CHUA_DAT' && absent <= 45
        ? fc.option(fc.record({ assessedAt: fc.constant('2026-08-10'), conduct: commentResult }), {
            nil: undefined,
          })
        : fc.constant(undefined);
    const retest =
      r.learning.year === 'CHUA_DAT' && absent <= 45 && failed.length > 0
        ? fc.option(
            fc
              .subarray(failed, { minLength: 1 })
              .chain((codes) =>
                fc.record(
                  Object.fromEntries(
                    codes.map((code) => [
                      code,
                      r.subjects[code].assessment === 'score'
                        ? fc.record({ score })
                        : fc.record({ result: commentResult }),
                    ]),
                  ),
                ),
              ),
            { nil: undefined },
          )
        : fc.constant(undefined);
    return fc.tuple(summer, retest).map(([summerTraining, subjects]) => {
      const next = structuredClone(first);
      if (summerTraining !== undefined) next.results.summerTraining = summerTraining;
      if (subjects !== undefined) next.results.reassessment = { assessedAt: '2026-07-25', subjects };
      return deriveRecord(next) as Json;
    });
  });
}

// ---- primary ----

/** Pupils come strong (almost everything T, tests 8–10) or mixed, so that every overall result occurs. */
const PROFILES = {
  strong: {
    level: weighted<'T' | 'H' | 'C'>(['T', 40], ['H', 1]),
    rating: weighted<'T' | 'D' | 'C'>(['T', 60], ['D', 1]),
    test: fc.integer({ min: 8, max: 10 }),
  },
  mixed: {
    level: weighted<'T' | 'H' | 'C'>(['T', 6], ['H', 3], ['C', 1]),
    rating: weighted<'T' | 'D' | 'C'>(['T', 12], ['D', 2], ['C', 1]),
    test: fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 5, max: 10 })),
  },
};
type Profile = (typeof PROFILES)[keyof typeof PROFILES];
const ratings = <K extends string>(p: Profile, keys: readonly K[]) =>
  fc.record(Object.fromEntries(keys.map((k) => [k, p.rating])) as Record<K, Profile['rating']>);

export function primaryRecord(grade: number): fc.Arbitrary<Json> {
  return fc.constantFrom(PROFILES.strong, PROFILES.mixed).chain((p) => primaryOfProfile(grade, p));
}

function primaryOfProfile(grade: number, p: Profile): fc.Arbitrary<Json> {
  const c = curriculumFor('TH', grade)!;
  const optional = c.subjects.filter((s) => s.kind === 'optional').map((s) => s.code);
  const subjects = fc.subarray(optional).chain((opt) => {
    const present = c.subjects.filter((s) => s.kind === 'compulsory' || opt.includes(s.code));
    return fc.record(
      Object.fromEntries(
        present.map((s) => [
          s.code,
          s.tested ? fc.record({ level: p.level, testScore: p.test }) : fc.record({ level: p.level }),
        ]),
      ),
    );
  });
  const draft = fc.record({
    subjects,
    qualities: ratings(p, ['patriotism', 'kindness', 'diligence', 'honesty', 'responsibility']),
    generalCompetencies: ratings(p, [
      'selfDirectedLearning',
      'communicationAndCollaboration',
      'problemSolvingAndCreativity',
    ]),
    specificCompetencies: ratings(p, [
      'language',
      'numeracy',
      'science',
      'technology',
      'informatics',
      'aesthetics',
      'physical',
    ]),
    otherAwards: fc.constant([]),
  });
  return draft.chain((results) => {
    const first = deriveRecord({ ...envelope('TH', grade), results }) as Json;
    const overall = first.results.overallResult;
    return fc
      .tuple(
        fc.boolean(),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.constantFrom('LEN_LOP', 'O_LAI_LOP'),
      )
      .map(([exemplary, supplementaryCompleted, decision]) => {
        const next = structuredClone(first);
        if (overall === 'HTT' && exemplary) next.results.award = 'HS_TIEU_BIEU';
        if (overall === 'CHT' && supplementaryCompleted !== undefined) {
          next.results.supplementary = { completed: supplementaryCompleted, assessedAt: '2026-08-10' };
        }
        const derived = deriveRecord(next) as Json;
        if (!derived.results.gradeCompleted) derived.results.promotionDecision = decision;
        return derived;
      });
  });
}

/** Any valid record, of any level and grade. */
export const anyRecord: fc.Arbitrary<Json> = fc.oneof(
  fc.integer({ min: 1, max: 5 }).chain(primaryRecord),
  fc.integer({ min: 6, max: 9 }).chain((g) => secondaryRecord('THCS', g)),
  fc.integer({ min: 10, max: 12 }).chain((g) => secondaryRecord('THPT', g)),
  fc.integer({ min: 10, max: 12 }).chain((g) => secondaryRecord('GDTX', g)),
);

// ---- the derived values of a record, and how to make each one wrong ----

export interface DerivedSite {
  readonly path: readonly string[];
  readonly code: RecordErrorCode;
  /** A different value that still passes the schema, chosen by `pick`. */
  wrong(current: unknown, pick: number): unknown;
}

const other = <T>(options: readonly T[], current: unknown, pick: number): T => {
  const rest = options.filter((o) => o !== current);
  return rest[pick % rest.length]!;
};
const otherScore = (current: unknown, pick: number) => {
  const t = Math.round((current as number) * 10);
  return ((t + 1 + (pick % 100)) % 101) / 10;
};
const LEVELS = ['TOT', 'KHA', 'DAT', 'CHUA_DAT'] as const;

export function derivedSites(r: Json): DerivedSite[] {
  const res = r.results;
  const sites: DerivedSite[] = [];
  const enumSite = (path: string[], code: RecordErrorCode, options: readonly unknown[]) =>
    sites.push({ path, code, wrong: (c, p) => other(options, c, p) });
  if (r.level === 'TH') {
    enumSite(['results', 'overallResult'], 'RECORD_RESULT_MISMATCH', ['HTXS', 'HTT', 'HT', 'CHT']);
    const invalidAwards =
      res.overallResult === 'HTXS'
        ? [null, 'HS_TIEU_BIEU']
        : res.overallResult === 'HTT'
          ? ['HS_XUAT_SAC']
          : ['HS_XUAT_SAC', 'HS_TIEU_BIEU'];
    sites.push({
      path: ['results', 'award'],
      code: 'RECORD_AWARD_MISMATCH',
      wrong: (_, p) => invalidAwards[p % invalidAwards.length],
    });
    sites.push({ path: ['results', 'gradeCompleted'], code: 'RECORD_COMPLETION_MISMATCH', wrong: (c) => !c });
    if (r.grade === 5) {
      sites.push({
        path: ['results', 'primaryCompleted'],
        code: 'RECORD_COMPLETION_MISMATCH',
        wrong: (c) => !c,
      });
    }
    return sites;
  }
  for (const [code, s] of Object.entries(res.subjects) as [string, Json][]) {
    if (s.assessment === 'score') {
      for (const path of [
        ['results', 'subjects', code, 'semester1', 'average'],
        ['results', 'subjects', code, 'semester2', 'average'],
        ['results', 'subjects', code, 'yearAverage'],
      ]) {
        sites.push({ path, code: 'RECORD_AVERAGE_MISMATCH', wrong: otherScore });
      }
    } else {
      enumSite(['results', 'subjects', code, 'year'], 'RECORD_RESULT_MISMATCH', ['DAT', 'CHUA_DAT']);
    }
  }
  for (const when of ['semester1', 'semester2', 'year']) {
    enumSite(['results', 'learning', when], 'RECORD_RESULT_MISMATCH', LEVELS);
  }
  enumSite(['results', 'conduct', 'year'], 'RECORD_RESULT_MISMATCH', LEVELS);
  if (res.reassessment !== undefined) {
    enumSite(['results', 'reassessment', 'learningResult'], 'RECORD_RESULT_MISMATCH', LEVELS);
  }
  enumSite(['results', 'promotion'], 'RECORD_PROMOTION_MISMATCH', [
    'LEN_LOP',
    'KIEM_TRA_LAI',
    'REN_LUYEN_HE',
    'O_LAI_LOP',
  ]);
  enumSite(['results', 'award'], 'RECORD_AWARD_MISMATCH', [null, 'HS_XUAT_SAC', 'HS_GIOI']);
  return sites;
}

export function getAt(r: Json, path: readonly string[]): unknown {
  return path.reduce((v: Json, k) => v[k], r);
}
export function setAt(r: Json, path: readonly string[], value: unknown): void {
  const parent = path.slice(0, -1).reduce((v: Json, k) => v[k], r);
  parent[path.at(-1)!] = value;
}
