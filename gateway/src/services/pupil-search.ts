/**
 * Finding a school's pupils as a person would: by name without the accents ("nguyen van an" finds
 * "Nguyễn Văn An"), by date of birth, or by mã định danh (exact). The database keeps each name folded
 * (student_biographies.name_search, migrations/0010); `foldName` folds the query with the same letters
 * (FOLD_FROM/FOLD_TO of @hocba/db), so both sides agree. Each word of the query must begin a word of the
 * name: "an" finds "Nguyễn Văn An", not "Trần Thị Lan".
 *
 * The order is the class list's: by given name (the last word), then the whole name, then the student's
 * id — a total order, so that pages never skip or repeat a pupil.
 */
import {
  classes,
  type Database,
  enrolments,
  FOLD_FROM,
  FOLD_TO,
  studentBiographies,
  students,
} from '@hocba/db';
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { ServiceError } from './errors.ts';

const FOLD = new Map([...FOLD_FROM].map((c, i) => [c, FOLD_TO[i]!]));

/** A name folded as the database folds it: NFC, the marked letters mapped, lower case. */
export function foldName(s: string): string {
  let out = '';
  for (const c of s.normalize('NFC')) out += FOLD.get(c) ?? c;
  return out.toLowerCase();
}

/** The words of a name query: folded, letters and digits only. */
export const queryWords = (q: string): string[] =>
  foldName(q)
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');

export interface PupilSearch {
  schoolId: string;
  /** Only this school year's enrolments (default: every year the school holds). */
  schoolYear?: string | undefined;
  name?: string | undefined;
  dateOfBirth?: string | undefined;
  nationalId?: string | undefined;
  limit: number;
  offset: number;
}

export interface PupilHit {
  studentId: string;
  nationalId: string;
  studentCode: string;
  fullName: string;
  dateOfBirth: string;
  sex: 'male' | 'female';
  /** The newest enrolment at the school: class and year, so the person sees which pupil it is. */
  classId: string;
  className: string;
  schoolYear: string;
}

/** The order of every class list and search: given name, whole name, id. */
export const givenNameOrder = (): SQL[] => [
  asc(sql`substring(${studentBiographies.nameSearch} from '([^ ]*)$')`),
  asc(studentBiographies.nameSearch),
  asc(students.id),
];

export async function searchPupils(
  db: Database,
  s: PupilSearch,
): Promise<{ total: number; items: PupilHit[] }> {
  const where: SQL[] = [eq(enrolments.custodySchoolId, s.schoolId)];
  if (s.schoolYear) where.push(eq(enrolments.schoolYear, s.schoolYear));
  if (s.nationalId) where.push(eq(students.nationalId, s.nationalId));
  if (s.dateOfBirth) where.push(eq(studentBiographies.dateOfBirth, s.dateOfBirth));
  // Word starts: the folded name padded with a space, each query word after a space. Query words are
  // [a-z0-9] only, so no LIKE wildcard can come from the caller.
  for (const w of queryWords(s.name ?? ''))
    where.push(sql`(' ' || ${studentBiographies.nameSearch}) LIKE ${`% ${w}%`}`);
  // The pupil's newest enrolment at the school: one row per pupil.
  const newest = db
    .selectDistinctOn([students.id], {
      studentId: students.id,
      nationalId: students.nationalId,
      studentCode: students.studentCode,
      fullName: studentBiographies.fullName,
      nameSearch: studentBiographies.nameSearch,
      dateOfBirth: studentBiographies.dateOfBirth,
      sex: studentBiographies.sex,
      classId: enrolments.classId,
      className: classes.name,
      schoolYear: enrolments.schoolYear,
    })
    .from(enrolments)
    .innerJoin(students, eq(students.id, enrolments.studentId))
    .innerJoin(studentBiographies, eq(studentBiographies.studentId, students.id))
    .innerJoin(classes, eq(classes.id, enrolments.classId))
    .where(and(...where))
    .orderBy(asc(students.id), sql`${enrolments.schoolYear} DESC`)
    .as('newest');
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(newest);
  const rows = await db
    .select()
    .from(newest)
    .orderBy(
      asc(sql`substring(${newest.nameSearch} from '([^ ]*)$')`),
      asc(newest.nameSearch),
      asc(newest.studentId),
    )
    .limit(s.limit)
    .offset(s.offset);
  return {
    total: count?.n ?? 0,
    items: rows.map(({ nameSearch: _n, ...r }) => r),
  };
}

/** How a person names a pupil in a request: by what they know, not by an internal id. */
export type PupilName =
  | { nationalId: string; dateOfBirth: string }
  | { className: string; fullName: string; schoolYear?: string | undefined };

/**
 * The one pupil the school holds (custody) that matches: mã định danh and date of birth, or class name
 * and full name (accents, case and spacing aside; the newest year unless one is given).
 * STUDENT_NOT_FOUND when none, PUPIL_AMBIGUOUS when several.
 */
export async function resolvePupil(db: Database, schoolId: string, name: PupilName): Promise<string> {
  const where: SQL[] = [eq(enrolments.custodySchoolId, schoolId)];
  if ('nationalId' in name) {
    where.push(
      eq(students.nationalId, name.nationalId),
      eq(studentBiographies.dateOfBirth, name.dateOfBirth),
    );
  } else {
    where.push(
      sql`lower(translate(replace(${classes.name}, ' ', ''), ${FOLD_FROM}, ${FOLD_TO})) = ${foldName(name.className).replace(/\s+/g, '')}`,
      sql`regexp_replace(${studentBiographies.nameSearch}, '\\s+', ' ', 'g') = ${queryWords(name.fullName).join(' ')}`,
    );
    if (name.schoolYear) where.push(eq(enrolments.schoolYear, name.schoolYear));
  }
  const rows = await db
    .selectDistinct({ id: students.id, schoolYear: enrolments.schoolYear })
    .from(enrolments)
    .innerJoin(students, eq(students.id, enrolments.studentId))
    .innerJoin(studentBiographies, eq(studentBiographies.studentId, students.id))
    .innerJoin(classes, eq(classes.id, enrolments.classId))
    .where(and(...where));
  // By class and name without a year: the newest year's class of that name.
  const newest = rows
    .map((r) => r.schoolYear)
    .sort()
    .at(-1);
  const ids = [
    ...new Set(rows.filter((r) => 'nationalId' in name || r.schoolYear === newest).map((r) => r.id)),
  ];
  if (ids.length === 0) throw new ServiceError('STUDENT_NOT_FOUND', 'no pupil of the school matches');
  if (ids.length > 1)
    throw new ServiceError('PUPIL_AMBIGUOUS', 'several pupils match', { count: ids.length });
  return ids[0]!;
}
