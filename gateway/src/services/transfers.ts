/**
 * Transfer between schools (chuyển trường; DESIGN.md §7): the sending school requests, the receiving
 * school accepts (or rejects). Acceptance moves custody — `enrolments.custody_school_id` of every
 * enrolment the sending school holds for the student — to the receiving school, which from then on reads
 * (and, for the current year, locks) the student's records; the sending school no longer does. Nothing
 * on the ledger changes: the sending school's locked batches stay anchored, signed by it, and every record
 * in them stays verifiable by its lookup code (registry:moveSchool moves a school, not a student).
 */
import {
  appendAudit,
  batchMembers,
  type Database,
  enrolments,
  recordVersions,
  schools,
  students,
  transfers,
} from '@hocba/db';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { ServiceError } from './errors.ts';
import type { UserActor } from './permissions.ts';

type TransferRow = typeof transfers.$inferSelect;

export interface TransferRequestInput {
  studentId: string;
  fromSchoolId: string;
  toSchoolId: string;
  reason?: string | undefined;
  effectiveOn?: string | undefined;
  actor: UserActor;
  now: Date;
}

export async function requestTransfer(db: Database, input: TransferRequestInput): Promise<TransferRow> {
  if (input.fromSchoolId === input.toSchoolId) {
    throw new ServiceError('TRANSFER_SAME_SCHOOL', 'the receiving school is the sending school', {
      schoolId: input.toSchoolId,
    });
  }
  return db.transaction(async (tx) => {
    const [student] = await tx
      .select({ id: students.id })
      .from(students)
      .where(eq(students.id, input.studentId));
    if (!student) throw new ServiceError('STUDENT_NOT_FOUND', `no student ${input.studentId}`);
    const [to] = await tx.select({ id: schools.id }).from(schools).where(eq(schools.id, input.toSchoolId));
    if (!to)
      throw new ServiceError('SCHOOL_NOT_FOUND', `no school ${input.toSchoolId}`, {
        schoolId: input.toSchoolId,
      });
    const held = await tx
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(and(eq(enrolments.studentId, student.id), eq(enrolments.custodySchoolId, input.fromSchoolId)));
    if (held.length === 0) {
      throw new ServiceError(
        'NOT_IN_CUSTODY',
        `school ${input.fromSchoolId} holds no record of the student`,
        {
          schoolId: input.fromSchoolId,
        },
      );
    }
    const open = await tx
      .select({ id: transfers.id })
      .from(transfers)
      .where(and(eq(transfers.studentId, student.id), eq(transfers.state, 'requested')));
    if (open.length > 0) {
      throw new ServiceError('ALREADY_REQUESTED', 'the student already has a transfer waiting', {
        transferId: open[0]!.id,
      });
    }
    const [row] = await tx
      .insert(transfers)
      .values({
        studentId: student.id,
        fromSchoolId: input.fromSchoolId,
        toSchoolId: input.toSchoolId,
        reason: input.reason ?? null,
        effectiveOn: input.effectiveOn ?? null,
        requestedBy: input.actor.userId,
        requestedAt: input.now,
      })
      .returning();
    await appendAudit(tx, {
      action: 'transfer.request',
      entityType: 'transfer',
      entityId: row!.id,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      // The reason may name family circumstances: it stays in the transfer row, not in the log.
      at: input.now,
      details: { schoolId: input.fromSchoolId, toSchoolId: input.toSchoolId, studentId: student.id },
    });
    return row!;
  });
}

export async function getTransfer(db: Database, id: string): Promise<TransferRow> {
  const [row] = await db.select().from(transfers).where(eq(transfers.id, id));
  if (!row) throw new ServiceError('TRANSFER_NOT_FOUND', `no transfer ${id}`, { transferId: id });
  return row;
}

export interface DecideTransferInput {
  transferId: string;
  accept: boolean;
  actor: UserActor;
  now: Date;
}

/** The receiving school decides; acceptance moves custody and completes the transfer at once. */
export async function decideTransfer(
  db: Database,
  input: DecideTransferInput,
): Promise<TransferRow & { enrolmentsMoved: number }> {
  return db.transaction(async (tx) => {
    const [t] = await tx.select().from(transfers).where(eq(transfers.id, input.transferId)).for('update');
    if (!t) throw new ServiceError('TRANSFER_NOT_FOUND', `no transfer ${input.transferId}`);
    if (t.state !== 'requested') {
      throw new ServiceError('TRANSFER_WRONG_STATE', `transfer ${t.id} is ${t.state}`, {
        transferId: t.id,
        state: t.state,
      });
    }
    let moved = 0;
    if (input.accept) {
      const rows = await tx
        .update(enrolments)
        .set({ custodySchoolId: t.toSchoolId })
        .where(and(eq(enrolments.studentId, t.studentId), eq(enrolments.custodySchoolId, t.fromSchoolId)))
        .returning({ id: enrolments.id });
      moved = rows.length;
    }
    const [updated] = await tx
      .update(transfers)
      .set({
        state: input.accept ? 'completed' : 'rejected',
        decidedBy: input.actor.userId,
        decidedAt: input.now,
        ...(input.accept && { completedAt: input.now }),
      })
      .where(eq(transfers.id, t.id))
      .returning();
    await appendAudit(tx, {
      action: input.accept ? 'transfer.accept' : 'transfer.reject',
      entityType: 'transfer',
      entityId: t.id,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      at: input.now,
      details: { schoolId: t.toSchoolId, fromSchoolId: t.fromSchoolId, enrolmentsMoved: moved },
    });
    return { ...updated!, enrolmentsMoved: moved };
  });
}

export interface StudentRecord {
  recordVersionId: string;
  version: number;
  state: string;
  schoolYear: string;
  classId: string;
  custodySchoolId: string;
  lookupCode: string | null;
  batchId: string | null;
}

/** The student's committed records with who holds each (the route shows only those in the caller's remit). */
export async function studentRecords(db: Database, studentId: string): Promise<StudentRecord[]> {
  const [student] = await db.select({ id: students.id }).from(students).where(eq(students.id, studentId));
  if (!student) throw new ServiceError('STUDENT_NOT_FOUND', `no student ${studentId}`);
  return db
    .select({
      recordVersionId: recordVersions.id,
      version: recordVersions.version,
      state: recordVersions.state,
      schoolYear: enrolments.schoolYear,
      classId: enrolments.classId,
      custodySchoolId: enrolments.custodySchoolId,
      lookupCode: recordVersions.lookupCode,
      batchId: batchMembers.batchId,
    })
    .from(recordVersions)
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    .leftJoin(batchMembers, eq(batchMembers.recordVersionId, recordVersions.id))
    .where(
      and(
        eq(enrolments.studentId, studentId),
        inArray(recordVersions.state, ['locked', 'revoked', 'superseded']),
      ),
    )
    .orderBy(asc(enrolments.schoolYear), asc(recordVersions.version));
}
