/**
 * Revocation of one locked record (thu hồi học bạ, seed 001 Art. 16): the school's principal, with the
 * province's permission on the ledger (permissions.ts), a reason code and a legal basis. One transaction
 * writes the `revoke` status event and its outbox row; the record becomes `revoked` only when the
 * outbox worker has the ledger's revocation (a refusal leaves it locked, and the row failed with
 * the ledger's code for a person to read).
 */
import {
  appendAudit,
  batchMembers,
  type Database,
  type Executor,
  enqueueOutbox,
  recordVersions,
  statusEvents,
} from '@hocba/db';
import { eq } from 'drizzle-orm';
import { ServiceError } from './errors.ts';
import {
  type BatchPlace,
  batchPlace,
  LIVE_ON_LEDGER,
  liveEventExists,
  requireAnchored,
  requirePermission,
  type UserActor,
} from './permissions.ts';

export interface LockedMember extends BatchPlace {
  version: typeof recordVersions.$inferSelect;
  leafIndex: number;
}

/** A committed version with the batch it was locked in; RECORD_NOT_FOUND when it has none. */
export async function lockedMember(
  exec: Executor,
  recordVersionId: string,
  lock = false,
): Promise<LockedMember> {
  const [row] = await exec
    .select({ version: recordVersions, batchId: batchMembers.batchId, leafIndex: batchMembers.leafIndex })
    .from(recordVersions)
    .innerJoin(batchMembers, eq(batchMembers.recordVersionId, recordVersions.id))
    .where(eq(recordVersions.id, recordVersionId));
  if (!row) {
    throw new ServiceError('RECORD_NOT_FOUND', `record ${recordVersionId} is in no locked batch`, {
      recordVersionId,
    });
  }
  return { ...(await batchPlace(exec, row.batchId, lock)), version: row.version, leafIndex: row.leafIndex };
}

export interface RevokeInput {
  recordVersionId: string;
  reasonCode: string;
  legalBasis: string;
  actor: UserActor;
  now: Date;
}

export interface RevocationQueued {
  statusEventId: string;
  outboxId: number;
  batchId: string;
  leafIndex: number;
}

export async function requestRevocation(db: Database, input: RevokeInput): Promise<RevocationQueued> {
  return db.transaction(async (tx) => {
    const m = await lockedMember(tx, input.recordVersionId, true);
    if (m.version.state !== 'locked') {
      throw new ServiceError('RECORD_NOT_LOCKED', `record ${m.version.id} is ${m.version.state}`, {
        recordVersionId: m.version.id,
        state: m.version.state,
      });
    }
    requireAnchored(m.batch);
    if (!(LIVE_ON_LEDGER as readonly string[]).includes(m.batch.state)) {
      throw new ServiceError('BATCH_WRONG_STATE', `batch ${m.batch.id} is ${m.batch.state}`, {
        batchId: m.batch.id,
        state: m.batch.state,
      });
    }
    await requirePermission(tx, m.batch.id, 'revoke', input.now);
    if (await liveEventExists(tx, { batchId: m.batch.id, kind: 'revoke', recordVersionId: m.version.id })) {
      throw new ServiceError('ALREADY_REQUESTED', `record ${m.version.id} is already being revoked`, {
        recordVersionId: m.version.id,
      });
    }
    const [event] = await tx
      .insert(statusEvents)
      .values({
        kind: 'revoke',
        batchId: m.batch.id,
        recordVersionId: m.version.id,
        reasonCode: input.reasonCode,
        legalBasis: input.legalBasis,
        requestedBy: input.actor.userId,
      })
      .returning({ id: statusEvents.id });
    const { row } = await enqueueOutbox(tx, {
      // Due at once by the service's clock (the worker claims by the same clock).
      notBefore: input.now,
      action: 'revokeRecord',
      batchId: m.batch.id,
      statusEventId: event!.id,
      payload: {
        batchId: m.batch.id,
        schoolId: m.batch.schoolId,
        leafIndex: m.leafIndex,
        recordVersionId: m.version.id,
        reasonCode: input.reasonCode,
        legalBasis: input.legalBasis,
      },
    });
    await appendAudit(tx, {
      action: 'record.revokeRequest',
      entityType: 'record',
      entityId: m.version.id,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      reason: input.legalBasis,
      at: input.now,
      details: {
        schoolId: m.batch.schoolId,
        batchId: m.batch.id,
        leafIndex: m.leafIndex,
        reasonCode: input.reasonCode,
        statusEventId: event!.id,
      },
    });
    return { statusEventId: event!.id, outboxId: row.id, batchId: m.batch.id, leafIndex: m.leafIndex };
  });
}
