/**
 * The province's permission to revoke, recall or replace within a time limit (seed 000 Art. 6 §c; the
 * ledger's batch:grantPermission). Granting writes a `permission` status event and its outbox row in one
 * transaction; the outbox worker submits it and records the transaction. A school's revocation,
 * recall or replacement is refused here (NOT_PERMITTED) until a permission for that action is on the
 * ledger and still running — the same rule the chaincode applies, checked before anything is queued so
 * that the person asking hears it at once.
 *
 * Also what the after-lock services share: a batch with its school's place (district, province).
 */
import {
  anchorOutbox,
  appendAudit,
  batches,
  classes,
  type Database,
  type Executor,
  enqueueOutbox,
  schools,
  statusEvents,
  users,
} from '@hocba/db';
import { and, desc, eq, gt, isNotNull } from 'drizzle-orm';
import { ServiceError } from './errors.ts';

/** Who acts: a logged-in user (status events name who asked). */
export interface UserActor {
  userId: string;
  role: import('@hocba/db').Role;
}

export type PermittedAction = 'revoke' | 'recall' | 'replace';
export const PERMITTED_ACTIONS = ['revoke', 'recall', 'replace'] as const;

/** States in which a batch is on the ledger and not yet recalled or replaced. */
export const LIVE_ON_LEDGER = ['anchored', 'accepted', 'reported', 'recallRequested'] as const;

export type BatchRow = typeof batches.$inferSelect;
export interface BatchPlace {
  batch: BatchRow;
  districtId: string;
  provinceId: string;
}

/**
 * The batch and where its school sits; BATCH_NOT_FOUND when there is none. `lock`: the batch row is locked
 * for the caller's transaction, so that two requests about one batch (two acceptances, two revocations
 * of a record) are decided one after the other and the second sees the first.
 */
export async function batchPlace(exec: Executor, batchId: string, lock = false): Promise<BatchPlace> {
  const q = exec
    .select({ batch: batches, districtId: schools.districtId, provinceId: schools.provinceId })
    .from(batches)
    .innerJoin(schools, eq(schools.id, batches.schoolId))
    .where(eq(batches.id, batchId));
  const [row] = lock ? await q.for('update', { of: batches }) : await q;
  if (!row) throw new ServiceError('BATCH_NOT_FOUND', `batch ${batchId} does not exist`, { batchId });
  return row;
}

export function requireAnchored(batch: BatchRow): void {
  if (batch.ledgerTxId === null) {
    throw new ServiceError('BATCH_NOT_ANCHORED', `batch ${batch.id} is ${batch.state}, not on the ledger`, {
      batchId: batch.id,
      state: batch.state,
    });
  }
}

/**
 * The newest permission for `action` on the batch that the ledger has recorded and that runs past `now`;
 * NOT_PERMITTED otherwise.
 */
export async function requirePermission(
  exec: Executor,
  batchId: string,
  action: PermittedAction,
  now: Date,
): Promise<typeof statusEvents.$inferSelect> {
  const [p] = await exec
    .select()
    .from(statusEvents)
    .where(
      and(
        eq(statusEvents.batchId, batchId),
        eq(statusEvents.kind, 'permission'),
        eq(statusEvents.permittedAction, action),
        isNotNull(statusEvents.ledgerTxId),
        gt(statusEvents.validUntil, now),
      ),
    )
    .orderBy(desc(statusEvents.validUntil))
    .limit(1);
  if (!p) {
    throw new ServiceError(
      'NOT_PERMITTED',
      `the province has not allowed to ${action} batch ${batchId} (or not yet on the ledger)`,
      { batchId, action },
    );
  }
  return p;
}

/** True when a status event of this kind (and record) is queued or done — not refused by the ledger. */
export async function liveEventExists(
  exec: Executor,
  where: { batchId: string; kind: 'revoke' | 'recall' | 'accept'; recordVersionId?: string },
): Promise<boolean> {
  const rows = await exec
    .select({ id: statusEvents.id, outboxState: anchorOutbox.state })
    .from(statusEvents)
    .leftJoin(anchorOutbox, eq(anchorOutbox.statusEventId, statusEvents.id))
    .where(
      and(
        eq(statusEvents.batchId, where.batchId),
        eq(statusEvents.kind, where.kind),
        where.recordVersionId === undefined
          ? undefined
          : eq(statusEvents.recordVersionId, where.recordVersionId),
      ),
    );
  return rows.some((r) => r.outboxState !== 'failed');
}

export interface GrantInput {
  batchId: string;
  action: PermittedAction;
  until: Date;
  legalBasis: string;
  actor: UserActor;
  now: Date;
}

export interface Granted {
  statusEventId: string;
  outboxId: number;
}

/** The province grants; the ledger records it when the worker submits. */
export async function grantPermission(db: Database, input: GrantInput): Promise<Granted> {
  if (!(input.until.getTime() > input.now.getTime())) {
    throw new ServiceError('PERMISSION_INVALID', 'until must be in the future', { batchId: input.batchId });
  }
  return db.transaction(async (tx) => {
    const { batch } = await batchPlace(tx, input.batchId, true);
    requireAnchored(batch);
    const [event] = await tx
      .insert(statusEvents)
      .values({
        kind: 'permission',
        batchId: batch.id,
        permittedAction: input.action,
        validUntil: input.until,
        reasonCode: `PERMIT_${input.action.toUpperCase()}`,
        legalBasis: input.legalBasis,
        requestedBy: input.actor.userId,
        approvedBy: input.actor.userId,
        approvedAt: input.now,
      })
      .returning({ id: statusEvents.id });
    // A recall the school asked for is now approved by the province (the recall itself is the school's).
    if (input.action === 'recall') {
      await tx
        .update(statusEvents)
        .set({ approvedBy: input.actor.userId, approvedAt: input.now })
        .where(and(eq(statusEvents.batchId, batch.id), eq(statusEvents.kind, 'recallRequest')));
    }
    const { row } = await enqueueOutbox(tx, {
      // Due at once by the service's clock (the worker claims by the same clock).
      notBefore: input.now,
      action: 'grantPermission',
      batchId: batch.id,
      statusEventId: event!.id,
      payload: {
        batchId: batch.id,
        schoolId: batch.schoolId,
        action: input.action,
        until: input.until.toISOString(),
        legalBasis: input.legalBasis,
      },
    });
    await appendAudit(tx, {
      action: 'batch.grantPermission',
      entityType: 'batch',
      entityId: batch.id,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      reason: input.legalBasis,
      at: input.now,
      details: {
        schoolId: batch.schoolId,
        permittedAction: input.action,
        until: input.until.toISOString(),
        statusEventId: event!.id,
      },
    });
    return { statusEventId: event!.id, outboxId: row.id };
  });
}

export interface PermissionView {
  statusEventId: string;
  batchId: string;
  schoolId: string;
  schoolName: string;
  classId: string | null;
  className: string | null;
  schoolYear: string;
  action: PermittedAction;
  until: Date;
  legalBasis: string;
  grantedBy: string | null;
  grantedAt: Date;
  /** queued (not yet on the ledger), recorded (on it), refused (the ledger refused it). */
  state: 'queued' | 'recorded' | 'refused';
}

/**
 * The permissions the province gave (issue 14): the `permission` status events grantPermission wrote, of
 * one school or of every school of the province, newest first.
 */
export async function listPermissions(
  exec: Executor,
  q: { provinceId: string; schoolId?: string | undefined },
): Promise<PermissionView[]> {
  const rows = await exec
    .select({
      e: statusEvents,
      schoolId: schools.id,
      schoolName: schools.name,
      classId: batches.classId,
      className: classes.name,
      schoolYear: batches.schoolYear,
      grantedBy: users.displayName,
      outboxState: anchorOutbox.state,
    })
    .from(statusEvents)
    .innerJoin(batches, eq(batches.id, statusEvents.batchId))
    .innerJoin(schools, eq(schools.id, batches.schoolId))
    .leftJoin(classes, eq(classes.id, batches.classId))
    .leftJoin(users, eq(users.id, statusEvents.requestedBy))
    .leftJoin(anchorOutbox, eq(anchorOutbox.statusEventId, statusEvents.id))
    .where(
      and(
        eq(statusEvents.kind, 'permission'),
        eq(schools.provinceId, q.provinceId),
        q.schoolId === undefined ? undefined : eq(schools.id, q.schoolId),
      ),
    )
    .orderBy(desc(statusEvents.createdAt), desc(statusEvents.id));
  return rows.map((r) => ({
    statusEventId: r.e.id,
    batchId: r.e.batchId,
    schoolId: r.schoolId,
    schoolName: r.schoolName,
    classId: r.classId,
    className: r.className,
    schoolYear: r.schoolYear,
    action: r.e.permittedAction as PermittedAction,
    until: r.e.validUntil!,
    legalBasis: r.e.legalBasis,
    grantedBy: r.grantedBy,
    grantedAt: r.e.createdAt,
    state: r.e.ledgerTxId !== null ? 'recorded' : r.outboxState === 'failed' ? 'refused' : 'queued',
  }));
}
