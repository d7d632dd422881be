/**
 * Recall of a batch (thu hồi lô, DESIGN.md §7: anchored or later → recall requested → recalled): the
 * school's principal asks (`recallRequested`, off the ledger: the chaincode has no request transaction),
 * the province grants the `recall` permission on the ledger (permissions.ts), and the school's recall is
 * submitted by the outbox worker; the batch becomes `recalled` when the ledger has it.
 */
import { appendAudit, batches, type Database, enqueueOutbox, statusEvents } from '@hocba/db';
import { and, eq, inArray } from 'drizzle-orm';
import { ServiceError } from './errors.ts';
import {
  batchPlace,
  LIVE_ON_LEDGER,
  liveEventExists,
  requireAnchored,
  requirePermission,
  type UserActor,
} from './permissions.ts';

export interface RecallInput {
  batchId: string;
  reasonCode: string;
  legalBasis: string;
  actor: UserActor;
  now: Date;
}

/** The school asks the province to allow a recall: the batch becomes `recallRequested`. */
export async function requestRecall(db: Database, input: RecallInput): Promise<{ statusEventId: string }> {
  return db.transaction(async (tx) => {
    const { batch } = await batchPlace(tx, input.batchId, true);
    requireAnchored(batch);
    const updated = await tx
      .update(batches)
      .set({ state: 'recallRequested' })
      .where(and(eq(batches.id, batch.id), inArray(batches.state, ['anchored', 'accepted', 'reported'])))
      .returning({ id: batches.id });
    if (updated.length === 0) {
      throw new ServiceError(
        batch.state === 'recallRequested' ? 'ALREADY_REQUESTED' : 'BATCH_WRONG_STATE',
        `batch ${batch.id} is ${batch.state}`,
        { batchId: batch.id, state: batch.state },
      );
    }
    const [event] = await tx
      .insert(statusEvents)
      .values({
        kind: 'recallRequest',
        batchId: batch.id,
        reasonCode: input.reasonCode,
        legalBasis: input.legalBasis,
        requestedBy: input.actor.userId,
      })
      .returning({ id: statusEvents.id });
    await appendAudit(tx, {
      action: 'batch.recallRequest',
      entityType: 'batch',
      entityId: batch.id,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      reason: input.legalBasis,
      at: input.now,
      details: { schoolId: batch.schoolId, reasonCode: input.reasonCode, statusEventId: event!.id },
    });
    return { statusEventId: event!.id };
  });
}

/** The school recalls, with the province's permission: queued for the ledger. */
export async function recallBatch(
  db: Database,
  input: RecallInput,
): Promise<{ statusEventId: string; outboxId: number }> {
  return db.transaction(async (tx) => {
    const { batch } = await batchPlace(tx, input.batchId, true);
    requireAnchored(batch);
    if (!(LIVE_ON_LEDGER as readonly string[]).includes(batch.state)) {
      throw new ServiceError('BATCH_WRONG_STATE', `batch ${batch.id} is ${batch.state}`, {
        batchId: batch.id,
        state: batch.state,
      });
    }
    await requirePermission(tx, batch.id, 'recall', input.now);
    if (await liveEventExists(tx, { batchId: batch.id, kind: 'recall' })) {
      throw new ServiceError('ALREADY_REQUESTED', `batch ${batch.id} is already being recalled`, {
        batchId: batch.id,
      });
    }
    const [event] = await tx
      .insert(statusEvents)
      .values({
        kind: 'recall',
        batchId: batch.id,
        reasonCode: input.reasonCode,
        legalBasis: input.legalBasis,
        requestedBy: input.actor.userId,
      })
      .returning({ id: statusEvents.id });
    const { row } = await enqueueOutbox(tx, {
      // Due at once by the service's clock (the worker claims by the same clock).
      notBefore: input.now,
      action: 'recallBatch',
      batchId: batch.id,
      statusEventId: event!.id,
      payload: {
        batchId: batch.id,
        schoolId: batch.schoolId,
        reasonCode: input.reasonCode,
        legalBasis: input.legalBasis,
      },
    });
    await appendAudit(tx, {
      action: 'batch.recall',
      entityType: 'batch',
      entityId: batch.id,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      reason: input.legalBasis,
      at: input.now,
      details: { schoolId: batch.schoolId, reasonCode: input.reasonCode, statusEventId: event!.id },
    });
    return { statusEventId: event!.id, outboxId: row.id };
  });
}
