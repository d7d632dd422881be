/**
 * What the console lists after lock (issue 13 point 3): a school's correction requests and its transfers
 * out and in, each naming the pupil as a person knows them (name, class, date of birth) rather than by id,
 * and the schools a transfer may go to. Reads only; the routes decide who sees what.
 */
import {
  classes,
  correctionRequests,
  type Database,
  enrolments,
  recordVersions,
  schools,
  studentBiographies,
  students,
  transfers,
  users,
} from '@hocba/db';
import { aliasedTable, and, asc, desc, eq, ne, or } from 'drizzle-orm';
import { ServiceError } from './errors.ts';

export interface CorrectionListItem {
  id: string;
  recordId: string;
  state: string;
  subject: string | null;
  legalBasis: string;
  fullName: string;
  className: string;
  classId: string;
  schoolYear: string;
  requestedBy: string;
  requestedAt: Date;
}

/** The correction requests of records the school holds (of one class), newest first (the newest 500). */
export async function schoolCorrections(
  db: Database,
  schoolId: string,
  classId?: string,
): Promise<CorrectionListItem[]> {
  return db
    .select({
      id: correctionRequests.id,
      recordId: correctionRequests.recordVersionId,
      state: correctionRequests.state,
      subject: correctionRequests.subject,
      legalBasis: correctionRequests.legalBasis,
      fullName: studentBiographies.fullName,
      className: classes.name,
      classId: classes.id,
      schoolYear: enrolments.schoolYear,
      requestedBy: users.displayName,
      requestedAt: correctionRequests.createdAt,
    })
    .from(correctionRequests)
    .innerJoin(recordVersions, eq(recordVersions.id, correctionRequests.recordVersionId))
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    .innerJoin(classes, eq(classes.id, enrolments.classId))
    .innerJoin(studentBiographies, eq(studentBiographies.studentId, enrolments.studentId))
    .innerJoin(users, eq(users.id, correctionRequests.requestedBy))
    .where(
      and(
        eq(enrolments.custodySchoolId, schoolId),
        ...(classId !== undefined ? [eq(enrolments.classId, classId)] : []),
      ),
    )
    .orderBy(desc(correctionRequests.createdAt))
    .limit(500);
}

/** The school a class belongs to; CLASS_NOT_FOUND when there is no such class. */
export async function classSchool(db: Database, classId: string): Promise<string> {
  const [row] = await db.select({ schoolId: classes.schoolId }).from(classes).where(eq(classes.id, classId));
  if (!row) throw new ServiceError('CLASS_NOT_FOUND', `no class ${classId}`, { classId });
  return row.schoolId;
}

export interface TransferListItem {
  id: string;
  direction: 'out' | 'in';
  state: string;
  fullName: string;
  dateOfBirth: string;
  studentCode: string;
  fromSchool: string;
  toSchool: string;
  effectiveOn: string | null;
  reason: string | null;
  requestedAt: Date;
  decidedAt: Date | null;
}

/** The school's transfers out and in, newest first. */
export async function schoolTransfers(db: Database, schoolId: string): Promise<TransferListItem[]> {
  const from = aliasedTable(schools, 'from_school');
  const to = aliasedTable(schools, 'to_school');
  const rows = await db
    .select({
      id: transfers.id,
      fromSchoolId: transfers.fromSchoolId,
      state: transfers.state,
      fullName: studentBiographies.fullName,
      dateOfBirth: studentBiographies.dateOfBirth,
      studentCode: students.studentCode,
      fromSchool: from.name,
      toSchool: to.name,
      effectiveOn: transfers.effectiveOn,
      reason: transfers.reason,
      requestedAt: transfers.requestedAt,
      decidedAt: transfers.decidedAt,
    })
    .from(transfers)
    .innerJoin(students, eq(students.id, transfers.studentId))
    .innerJoin(studentBiographies, eq(studentBiographies.studentId, transfers.studentId))
    .innerJoin(from, eq(from.id, transfers.fromSchoolId))
    .innerJoin(to, eq(to.id, transfers.toSchoolId))
    .where(or(eq(transfers.fromSchoolId, schoolId), eq(transfers.toSchoolId, schoolId)))
    .orderBy(desc(transfers.requestedAt))
    .limit(500);
  return rows.map(({ fromSchoolId, ...r }) => ({
    ...r,
    direction: fromSchoolId === schoolId ? ('out' as const) : ('in' as const),
  }));
}

/** The other schools of the school's province, by name: where a transfer from it may go. */
export async function transferDestinations(
  db: Database,
  schoolId: string,
): Promise<{ schoolId: string; code: string; name: string; level: string }[]> {
  const [own] = await db
    .select({ provinceId: schools.provinceId })
    .from(schools)
    .where(eq(schools.id, schoolId));
  if (!own) return [];
  return db
    .select({ schoolId: schools.id, code: schools.code, name: schools.name, level: schools.level })
    .from(schools)
    .where(and(eq(schools.provinceId, own.provinceId), ne(schools.id, schoolId)))
    .orderBy(asc(schools.name));
}
