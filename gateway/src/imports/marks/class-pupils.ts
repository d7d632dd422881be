/**
 * What a marks sheet's rows are matched against: the class's pupils with their current record and what is
 * already entered for the subject. A row names its pupil by mã định danh (or mã học sinh); the name on the
 * row must be that pupil's, so that a sheet of another class or a shifted row is caught, not entered.
 */
import {
  type Database,
  enrolments,
  recordEntries,
  recordVersions,
  studentBiographies,
  students,
} from '@hocba/db';
import { and, eq, inArray } from 'drizzle-orm';
import { foldName } from '../../services/pupil-search.ts';

export interface ClassPupil {
  nationalId: string;
  studentCode: string;
  fullName: string;
  /** The current version; null when no record is drawn up yet. */
  recordId: string | null;
  state: string | null;
  /** What is entered for the subject now, if anything. */
  entry: Record<string, unknown> | null;
}

export interface ClassPupils {
  byNationalId: Map<string, ClassPupil>;
  byStudentCode: Map<string, ClassPupil>;
}

export async function classPupils(db: Database, classId: string, subject: string): Promise<ClassPupils> {
  const rows = await db
    .select({
      enrolmentId: enrolments.id,
      nationalId: students.nationalId,
      studentCode: students.studentCode,
      fullName: studentBiographies.fullName,
    })
    .from(enrolments)
    .innerJoin(students, eq(students.id, enrolments.studentId))
    .leftJoin(studentBiographies, eq(studentBiographies.studentId, students.id))
    .where(eq(enrolments.classId, classId));
  const versions =
    rows.length === 0
      ? []
      : await db
          .select()
          .from(recordVersions)
          .where(
            inArray(
              recordVersions.enrolmentId,
              rows.map((r) => r.enrolmentId),
            ),
          );
  const current = new Map<string, (typeof versions)[number]>();
  for (const v of versions) {
    const seen = current.get(v.enrolmentId);
    if (!seen || v.version > seen.version) current.set(v.enrolmentId, v);
  }
  const ids = [...current.values()].map((v) => v.id);
  const entries =
    ids.length === 0
      ? []
      : await db
          .select({ recordId: recordEntries.recordVersionId, data: recordEntries.data })
          .from(recordEntries)
          .where(and(inArray(recordEntries.recordVersionId, ids), eq(recordEntries.subject, subject)));
  const entryOf = new Map(entries.map((e) => [e.recordId, e.data as Record<string, unknown>]));
  const out: ClassPupils = { byNationalId: new Map(), byStudentCode: new Map() };
  for (const r of rows) {
    const v = current.get(r.enrolmentId);
    const p: ClassPupil = {
      nationalId: r.nationalId,
      studentCode: r.studentCode,
      fullName: r.fullName ?? '',
      recordId: v?.id ?? null,
      state: v?.state ?? null,
      entry: v ? (entryOf.get(v.id) ?? null) : null,
    };
    out.byNationalId.set(r.nationalId, p);
    out.byStudentCode.set(r.studentCode, p);
  }
  return out;
}

/** Two spellings of one name are the same name (accents in NFC or NFD, case, spaces). */
export const sameName = (a: string, b: string): boolean =>
  foldName(a).replace(/\s+/g, ' ').trim() === foldName(b).replace(/\s+/g, ' ').trim();
