/**
 * What the grid of one class and subject starts from: the class list (names and dates of birth a teacher
 * recognises, GET …/students), the class's records and their states (GET …/records), and, for each record
 * drawn up, the subject's entry (GET /v1/records/:id; a subject teacher is shown no biography) — or, for
 * the homeroom grid (subject HOMEROOM), the homeroom part of the results.
 */
import { GRADES_OF_LEVEL, type SchoolLevel } from '@hocba/records';
import type { Connection } from '../../api/client.ts';
import { HOMEROOM } from './columns.ts';

export interface PupilRow {
  enrolmentId: string;
  recordId: string | null;
  fullName: string;
  dateOfBirth: string;
  /** The record's state; null while no record is drawn up. */
  state: string | null;
  /** The subject's stored entry, if any. */
  entry: unknown;
}

export interface ClassMarks {
  classId: string;
  className: string;
  grade: number;
  schoolYear: string;
  level: SchoolLevel;
  rows: PupilRow[];
}

/** A record's states in which its teachers still enter marks (services/marks.ts). */
export const ENTERING = ['draft', 'entered'];

/** The level of a grade when no record says it (a class with no record yet). */
export function levelOfGrade(grade: number): SchoolLevel {
  return (['TH', 'THCS', 'THPT'] as const).find((l) => GRADES_OF_LEVEL[l].includes(grade)) ?? 'THPT';
}

export async function loadClassMarks(
  connection: Connection,
  classId: string,
  subject: string,
): Promise<ClassMarks> {
  const path = { classId };
  const [list, records] = await Promise.all([
    connection.api.GET('/v1/classes/{classId}/students', { params: { path } }),
    connection.api.GET('/v1/classes/{classId}/records', { params: { path } }),
  ]);
  if (!list.data) throw list.error;
  if (!records.data) throw records.error;
  const byEnrolment = new Map(records.data.records.map((r) => [r.enrolmentId, r]));
  // Every record: an entry may be there (`entered` lists only what was entered part by part, not a record
  // seeded or imported whole), and the record names the level (TH, THCS, THPT, GDTX).
  const toRead = records.data.records.filter((r) => r.recordId);
  const read = await Promise.all(
    toRead.map(async (r) => {
      const { data, error } = await connection.api.GET('/v1/records/{recordId}', {
        params: { path: { recordId: r.recordId! } },
      });
      if (!data) throw error;
      return data;
    }),
  );
  const entryOf = new Map(
    read.map((d) => {
      const results = (d.record as { results?: { subjects?: Record<string, unknown> } }).results;
      if (subject !== HOMEROOM) return [d.enrolmentId, results?.subjects?.[subject]];
      // The homeroom part: the results but the subjects and the principal's approval (as it is entered).
      const { subjects: _s, principalApproval: _p, ...part } = (results ?? {}) as Record<string, unknown>;
      return [d.enrolmentId, results ? part : undefined];
    }),
  );
  const level = ((read[0]?.record as { level?: SchoolLevel } | undefined)?.level ??
    levelOfGrade(list.data.grade)) as SchoolLevel;
  return {
    classId,
    className: list.data.className,
    grade: list.data.grade,
    schoolYear: list.data.schoolYear,
    level,
    rows: list.data.pupils.map((p) => {
      const r = byEnrolment.get(p.enrolmentId);
      return {
        enrolmentId: p.enrolmentId,
        recordId: r?.recordId ?? null,
        fullName: p.fullName,
        dateOfBirth: p.dateOfBirth,
        state: r?.state ?? null,
        entry: entryOf.get(p.enrolmentId),
      };
    }),
  };
}
