/**
 * Pupils and their enrolments (issue 13 point 1): a pupil is created once (matched by mã định danh, one
 * student whatever the school), with a biography, and enrolled in one class per school year. The homeroom
 * teacher keeps the list and the biographies up to date (seed 000 Điều 9.1). One `planPupil` decides
 * what a create or an import row would do, so that the API and the class-list import agree, and the
 * import's preview says exactly what its commit will write.
 *
 * Personal data never reaches the audit log: entries name the student's id and the fields changed.
 */
import {
  appendAudit,
  classes,
  type Database,
  type Executor,
  enrolments,
  type Guardian,
  studentBiographies,
  students,
} from '@hocba/db';
import { canonicalize, type JsonValue } from '@hocba/integrity';
import type { Biography } from '@hocba/records';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { ServiceError } from './errors.ts';
import type { UserActor } from './permissions.ts';
import type { ClassRow } from './places.ts';
import { givenNameOrder } from './pupil-search.ts';

/** The biography fields a class list or a form gives; guardians are kept when not given. */
export type BiographyInput = Omit<Biography, 'guardians' | 'nationality'> & {
  nationality?: string | undefined;
  guardians?: Biography['guardians'] | undefined;
};

export interface PupilInput {
  nationalId: string;
  /** Mã học sinh; none given: the mã định danh stands in for it on a new pupil, an existing one keeps its own. */
  studentCode?: string | undefined;
  biography: BiographyInput;
}

/** What writing one pupil into one class would do. */
export type PupilPlan =
  | { action: 'new'; changedFields: [] }
  | {
      action: 'changed' | 'unchanged';
      studentId: string;
      changedFields: string[];
      /** False when the pupil is already in this class (only the biography may change). */
      enrol: boolean;
    }
  | { action: 'refused'; code: 'ENROLLED_ELSEWHERE'; classId: string; className: string };

/** Equal as JSON whatever the key order (jsonb does not keep the order it was given). */
const sameJson = (a: unknown, b: unknown) => canonicalize(a as JsonValue) === canonicalize(b as JsonValue);

const COMPARED = ['fullName', 'dateOfBirth', 'sex', 'birthplace', 'ethnicity', 'nationality'] as const;

interface Existing {
  student: typeof students.$inferSelect;
  biography: typeof studentBiographies.$inferSelect | null;
  /** The pupil's enrolments in the class's school year. */
  sameYear: { classId: string; className: string }[];
}

/** The existing pupils among these ids, with their enrolments of the year. */
export async function existingPupils(
  exec: Executor,
  nationalIds: readonly string[],
  schoolYear: string,
): Promise<Map<string, Existing>> {
  const out = new Map<string, Existing>();
  if (nationalIds.length === 0) return out;
  const found = await exec
    .select({ student: students, biography: studentBiographies })
    .from(students)
    .leftJoin(studentBiographies, eq(studentBiographies.studentId, students.id))
    .where(inArray(students.nationalId, [...nationalIds]));
  for (const f of found) out.set(f.student.nationalId, { ...f, sameYear: [] });
  if (found.length === 0) return out;
  const byId = new Map(found.map((f) => [f.student.id, out.get(f.student.nationalId)!]));
  const enrolled = await exec
    .select({ studentId: enrolments.studentId, classId: enrolments.classId, className: classes.name })
    .from(enrolments)
    .innerJoin(classes, eq(classes.id, enrolments.classId))
    .where(
      and(
        inArray(
          enrolments.studentId,
          found.map((f) => f.student.id),
        ),
        eq(enrolments.schoolYear, schoolYear),
      ),
    );
  for (const e of enrolled)
    byId.get(e.studentId)?.sameYear.push({ classId: e.classId, className: e.className });
  return out;
}

export function planPupil(input: PupilInput, cls: ClassRow, existing: Existing | undefined): PupilPlan {
  if (!existing) return { action: 'new', changedFields: [] };
  const elsewhere = existing.sameYear.find((e) => e.classId !== cls.id);
  if (elsewhere) {
    return {
      action: 'refused',
      code: 'ENROLLED_ELSEWHERE',
      classId: elsewhere.classId,
      className: elsewhere.className,
    };
  }
  const changedFields: string[] = [];
  const b = existing.biography;
  for (const f of COMPARED) {
    const given = input.biography[f];
    if (given === undefined) continue;
    if (!b || (b[f] ?? undefined) !== given) changedFields.push(f);
  }
  if (input.biography.guardians !== undefined && !sameJson(b?.guardians ?? [], input.biography.guardians))
    changedFields.push('guardians');
  if (input.studentCode !== undefined && input.studentCode !== existing.student.studentCode)
    changedFields.push('studentCode');
  const enrol = existing.sameYear.length === 0;
  return {
    action: changedFields.length > 0 || enrol ? 'changed' : 'unchanged',
    studentId: existing.student.id,
    changedFields,
    enrol,
  };
}

/**
 * Writes one planned pupil into the class, in the caller's transaction: a new student with biography and
 * enrolment, or the changed fields and a missing enrolment. Returns the student's and enrolment's ids.
 */
export async function applyPupil(
  tx: Executor,
  input: PupilInput,
  cls: ClassRow,
  plan: PupilPlan,
  enrolledOn?: string,
): Promise<{ studentId: string; enrolmentId: string | null }> {
  if (plan.action === 'refused') {
    throw new ServiceError('ENROLLED_ELSEWHERE', 'the pupil is in another class this school year', {
      classId: plan.classId,
    });
  }
  const bio = input.biography;
  const bioRow = {
    fullName: bio.fullName,
    dateOfBirth: bio.dateOfBirth,
    sex: bio.sex,
    birthplace: bio.birthplace,
    ethnicity: bio.ethnicity,
    ...(bio.nationality !== undefined && { nationality: bio.nationality }),
    ...(bio.guardians !== undefined && { guardians: bio.guardians as Guardian[] }),
  };
  let studentId: string;
  let enrol = true;
  if (plan.action === 'new') {
    const [s] = await tx
      .insert(students)
      .values({ nationalId: input.nationalId, studentCode: input.studentCode ?? input.nationalId })
      .returning({ id: students.id });
    studentId = s!.id;
    await tx.insert(studentBiographies).values({ studentId, ...bioRow });
  } else {
    studentId = plan.studentId;
    enrol = plan.enrol;
    if (plan.changedFields.includes('studentCode') && input.studentCode !== undefined)
      await tx.update(students).set({ studentCode: input.studentCode }).where(eq(students.id, studentId));
    if (plan.changedFields.some((f) => f !== 'studentCode')) {
      await tx
        .insert(studentBiographies)
        .values({ studentId, ...bioRow })
        .onConflictDoUpdate({ target: studentBiographies.studentId, set: bioRow });
    }
  }
  if (!enrol) return { studentId, enrolmentId: null };
  const [e] = await tx
    .insert(enrolments)
    .values({
      studentId,
      classId: cls.id,
      schoolYear: cls.schoolYear,
      custodySchoolId: cls.schoolId,
      enrolledOn: enrolledOn ?? null,
    })
    .returning({ id: enrolments.id });
  return { studentId, enrolmentId: e!.id };
}

/**
 * New pupils in bulk (the class-list import): a few multi-row inserts per chunk instead of three
 * statements a pupil, in the caller's transaction.
 */
export async function insertNewPupils(
  tx: Executor,
  items: readonly { pupil: PupilInput; cls: ClassRow }[],
  chunk = 500,
  onChunk: (done: number) => void = () => {},
): Promise<void> {
  for (let i = 0; i < items.length; i += chunk) {
    const part = items.slice(i, i + chunk);
    const made = await tx
      .insert(students)
      .values(
        part.map(({ pupil }) => ({
          nationalId: pupil.nationalId,
          studentCode: pupil.studentCode ?? pupil.nationalId,
        })),
      )
      .returning({ id: students.id, nationalId: students.nationalId });
    const idOf = new Map(made.map((m) => [m.nationalId, m.id]));
    await tx.insert(studentBiographies).values(
      part.map(({ pupil: { nationalId, biography: b } }) => ({
        studentId: idOf.get(nationalId)!,
        fullName: b.fullName,
        dateOfBirth: b.dateOfBirth,
        sex: b.sex,
        birthplace: b.birthplace,
        ethnicity: b.ethnicity,
        nationality: b.nationality ?? null,
        guardians: (b.guardians ?? []) as Guardian[],
      })),
    );
    await tx.insert(enrolments).values(
      part.map(({ pupil, cls }) => ({
        studentId: idOf.get(pupil.nationalId)!,
        classId: cls.id,
        schoolYear: cls.schoolYear,
        custodySchoolId: cls.schoolId,
      })),
    );
    onChunk(i + part.length);
  }
}

export interface CreatePupilInput extends PupilInput {
  cls: ClassRow;
  enrolledOn?: string | undefined;
  actor: UserActor;
  now: Date;
}

/**
 * Creates a pupil and enrols them in the class; a pupil who exists (same mã định danh) with the same date
 * of birth is enrolled, their biography left as it is (updating it is its own, audited step). Refusals:
 * PUPIL_IDENTITY_MISMATCH (the mã định danh is another pupil's: another date of birth), ENROLMENT_EXISTS,
 * ENROLLED_ELSEWHERE (another class the same year).
 */
export async function createPupil(
  db: Database,
  input: CreatePupilInput,
): Promise<{ studentId: string; enrolmentId: string; created: boolean }> {
  return db.transaction(async (tx) => {
    const existing = (await existingPupils(tx, [input.nationalId], input.cls.schoolYear)).get(
      input.nationalId,
    );
    if (existing) {
      if (existing.biography && existing.biography.dateOfBirth !== input.biography.dateOfBirth)
        throw new ServiceError(
          'PUPIL_IDENTITY_MISMATCH',
          'the mã định danh belongs to a pupil born on another day',
          {
            studentId: existing.student.id,
          },
        );
      if (existing.sameYear.some((e) => e.classId === input.cls.id))
        throw new ServiceError('ENROLMENT_EXISTS', 'the pupil is already in this class', {
          studentId: existing.student.id,
          classId: input.cls.id,
        });
    }
    // An existing pupil's biography is not rewritten by an enrolment.
    const elsewhere = existing?.sameYear.find((e) => e.classId !== input.cls.id);
    if (elsewhere)
      throw new ServiceError('ENROLLED_ELSEWHERE', 'the pupil is in another class this school year', {
        classId: elsewhere.classId,
      });
    const plan: PupilPlan = existing
      ? { action: 'changed', studentId: existing.student.id, changedFields: [], enrol: true }
      : planPupil(input, input.cls, undefined);
    const { studentId, enrolmentId } = await applyPupil(tx, input, input.cls, plan, input.enrolledOn);
    await appendAudit(tx, {
      action: existing ? 'student.enrol' : 'student.create',
      entityType: 'student',
      entityId: studentId,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      at: input.now,
      details: {
        classId: input.cls.id,
        schoolId: input.cls.schoolId,
        schoolYear: input.cls.schoolYear,
        enrolmentId,
      },
    });
    return { studentId, enrolmentId: enrolmentId!, created: !existing };
  });
}

export interface ClassPupil {
  studentId: string;
  enrolmentId: string;
  studentCode: string;
  fullName: string;
  dateOfBirth: string;
  sex: 'male' | 'female';
  enrolledOn: string | null;
  leftOn: string | null;
}

/** A class's pupils, in the class list's order (given name, whole name). */
export async function classPupils(db: Database, classId: string): Promise<ClassPupil[]> {
  return db
    .select({
      studentId: students.id,
      enrolmentId: enrolments.id,
      studentCode: students.studentCode,
      fullName: studentBiographies.fullName,
      dateOfBirth: studentBiographies.dateOfBirth,
      sex: studentBiographies.sex,
      enrolledOn: enrolments.enrolledOn,
      leftOn: enrolments.leftOn,
    })
    .from(enrolments)
    .innerJoin(students, eq(students.id, enrolments.studentId))
    .innerJoin(studentBiographies, eq(studentBiographies.studentId, students.id))
    .where(eq(enrolments.classId, classId))
    .orderBy(...givenNameOrder());
}

/**
 * The class and school a pupil's biography is kept by: the newest enrolment's (the school holding it, its
 * class), for `authorize`. STUDENT_NOT_FOUND when the pupil has none.
 */
export async function pupilPlace(
  db: Database,
  studentId: string,
): Promise<{ classId: string; custodySchoolId: string; schoolYear: string }> {
  const [row] = await db
    .select({
      classId: enrolments.classId,
      custodySchoolId: enrolments.custodySchoolId,
      schoolYear: enrolments.schoolYear,
    })
    .from(enrolments)
    .where(eq(enrolments.studentId, studentId))
    .orderBy(sql`${enrolments.schoolYear} DESC`, enrolments.createdAt)
    .limit(1);
  if (!row) throw new ServiceError('STUDENT_NOT_FOUND', `no enrolled student ${studentId}`);
  return row;
}

export async function readBiography(db: Database, studentId: string) {
  const [row] = await db
    .select({ student: students, biography: studentBiographies })
    .from(students)
    .innerJoin(studentBiographies, eq(studentBiographies.studentId, students.id))
    .where(eq(students.id, studentId));
  if (!row) throw new ServiceError('STUDENT_NOT_FOUND', `no student ${studentId} with a biography`);
  return row;
}

/**
 * Replaces a pupil's biography (seed 000 Điều 9.1: the homeroom teacher updates it at the start of the
 * year or when the pupil's particulars change); audited with the names of the fields that changed.
 */
export async function updateBiography(
  db: Database,
  input: { studentId: string; biography: Biography; actor: UserActor; now: Date },
): Promise<{ changedFields: string[] }> {
  return db.transaction(async (tx) => {
    const [old] = await tx
      .select()
      .from(studentBiographies)
      .where(eq(studentBiographies.studentId, input.studentId));
    if (!old) throw new ServiceError('STUDENT_NOT_FOUND', `no student ${input.studentId} with a biography`);
    const b = input.biography;
    const next = {
      fullName: b.fullName,
      dateOfBirth: b.dateOfBirth,
      sex: b.sex,
      birthplace: b.birthplace,
      ethnicity: b.ethnicity,
      nationality: b.nationality ?? null,
      guardians: b.guardians as Guardian[],
    };
    const changedFields = (Object.keys(next) as (keyof typeof next)[]).filter(
      (k) => !sameJson(old[k] ?? null, next[k] ?? null),
    );
    if (changedFields.length === 0) return { changedFields };
    await tx.update(studentBiographies).set(next).where(eq(studentBiographies.studentId, input.studentId));
    await appendAudit(tx, {
      action: 'student.biography.update',
      entityType: 'student',
      entityId: input.studentId,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      at: input.now,
      // Field names only: the values are personal data.
      details: { fields: changedFields },
    });
    return { changedFields };
  });
}
