/**
 * Where an object of the workflow sits — its school, district and province, its class — so that a route
 * can ask the policy table whether the caller may act on it (auth/policy.ts `authorize`). One query per
 * object; a missing object is the service's NOT_FOUND refusal, never a bare undefined.
 */
import { batches, classes, type Executor, enrolments, recordVersions, schools } from '@hocba/db';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Target } from '../auth/principal.ts';
import { ServiceError } from './errors.ts';

export type SchoolRow = typeof schools.$inferSelect;

/** The ids of the schools in these districts or provinces (none given: none). */
export async function schoolIdsIn(exec: Executor, level: 'district' | 'province', ids: readonly string[]) {
  if (ids.length === 0) return [];
  const column = level === 'district' ? schools.districtId : schools.provinceId;
  const rows = await exec
    .select({ id: schools.id })
    .from(schools)
    .where(inArray(column, [...ids]));
  return rows.map((s) => s.id);
}
export type ClassRow = typeof classes.$inferSelect;

/** The tiers above a school: what every target names. */
export const schoolTarget = (s: Pick<SchoolRow, 'id' | 'districtId' | 'provinceId'>): Target => ({
  schoolId: s.id,
  districtId: s.districtId,
  provinceId: s.provinceId,
});

export async function schoolPlace(exec: Executor, schoolId: string): Promise<SchoolRow> {
  const [school] = await exec.select().from(schools).where(eq(schools.id, schoolId));
  if (!school) throw new ServiceError('SCHOOL_NOT_FOUND', `school ${schoolId} does not exist`, { schoolId });
  return school;
}

export async function classPlace(
  exec: Executor,
  classId: string,
): Promise<{ class: ClassRow; school: SchoolRow; target: Target }> {
  const [row] = await exec
    .select({ class: classes, school: schools })
    .from(classes)
    .innerJoin(schools, eq(schools.id, classes.schoolId))
    .where(eq(classes.id, classId));
  if (!row) throw new ServiceError('CLASS_NOT_FOUND', `class ${classId} does not exist`, { classId });
  return { ...row, target: { ...schoolTarget(row.school), classId } };
}

/**
 * A record version's place: the school that holds it (custody: after a transfer, the receiving school),
 * its class and its student.
 */
export async function recordPlace(exec: Executor, recordId: string): Promise<Target> {
  const [row] = await exec
    .select({ enrolment: enrolments, school: schools })
    .from(recordVersions)
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    .innerJoin(schools, eq(schools.id, enrolments.custodySchoolId))
    .where(eq(recordVersions.id, recordId));
  if (!row) throw new ServiceError('RECORD_NOT_FOUND', `record ${recordId} does not exist`, { recordId });
  return {
    ...schoolTarget(row.school),
    classId: row.enrolment.classId,
    studentId: row.enrolment.studentId,
  };
}

/** A batch's place: its school's tiers, and its class for a class batch. */
export async function batchPlace(exec: Executor, batchId: string): Promise<Target> {
  const [row] = await exec
    .select({ batch: batches, school: schools })
    .from(batches)
    .innerJoin(schools, eq(schools.id, batches.schoolId))
    .where(eq(batches.id, batchId));
  if (!row) throw new ServiceError('BATCH_NOT_FOUND', `batch ${batchId} does not exist`, { batchId });
  return { ...schoolTarget(row.school), ...(row.batch.classId !== null && { classId: row.batch.classId }) };
}

/**
 * The province of a school year's anchored batches: whose yearly report they make. Undefined while no batch
 * of the year is anchored.
 */
export async function anchoredYearProvince(exec: Executor, schoolYear: string): Promise<string | undefined> {
  const [first] = await exec
    .select({ provinceId: schools.provinceId })
    .from(batches)
    .innerJoin(schools, eq(schools.id, batches.schoolId))
    .where(and(eq(batches.schoolYear, schoolYear), isNotNull(batches.ledgerTxId)))
    .limit(1);
  return first?.provinceId;
}
