/**
 * District acceptance (tiếp nhận, seed 000 Art. 4 §3c: by 30/6): the officer of the school's district
 * accepts an anchored batch. The deadline is the ledger's calendar (regular batches: acceptanceDeadline;
 * supplementary: supplementaryDeadline; replacements: replacementUntil — as batch:acceptBatch reads it),
 * checked here first so that a late acceptance is refused at once (WINDOW_CLOSED) rather than queued to
 * fail; the chaincode checks again at submission with the transaction's time.
 */
import { appendAudit, type Database, enqueueOutbox, statusEvents } from '@hocba/db';
import { ServiceError } from './errors.ts';
import { batchPlace, liveEventExists, requireAnchored, type UserActor } from './permissions.ts';

/** The calendar fields of `calendar:getCalendar` that acceptance depends on. */
export interface AcceptanceCalendar {
  acceptanceDeadline: string;
  supplementaryDeadline: string;
  replacementUntil: string;
}

export interface AcceptInput {
  batchId: string;
  actor: UserActor;
  now: Date;
  /** The school year's calendar from the ledger. */
  calendar: (schoolYear: string) => Promise<AcceptanceCalendar>;
  legalBasis?: string | undefined;
}

export const ACCEPTANCE_BASIS = 'QĐ Sở GD&ĐT Quảng Ninh 2024, Điều 4 khoản 3c';

export function acceptanceDeadline(kind: string, cal: AcceptanceCalendar): string {
  return kind === 'regular'
    ? cal.acceptanceDeadline
    : kind === 'supplementary'
      ? cal.supplementaryDeadline
      : cal.replacementUntil;
}

export async function acceptBatch(
  db: Database,
  input: AcceptInput,
): Promise<{ statusEventId: string; outboxId: number; deadline: string }> {
  const { batch: seen } = await batchPlace(db, input.batchId);
  const deadline = acceptanceDeadline(seen.kind, await input.calendar(seen.schoolYear));
  if (input.now.getTime() > Date.parse(deadline)) {
    throw new ServiceError('WINDOW_CLOSED', `acceptance of batch ${seen.id} closed at ${deadline}`, {
      batchId: seen.id,
      deadline,
    });
  }
  return db.transaction(async (tx) => {
    const { batch, districtId } = await batchPlace(tx, input.batchId, true);
    requireAnchored(batch);
    if (await liveEventExists(tx, { batchId: batch.id, kind: 'accept' })) {
      throw new ServiceError('ALREADY_REQUESTED', `batch ${batch.id} is already accepted`, {
        batchId: batch.id,
      });
    }
    if (batch.state !== 'anchored') {
      throw new ServiceError('BATCH_WRONG_STATE', `batch ${batch.id} is ${batch.state}, not anchored`, {
        batchId: batch.id,
        state: batch.state,
      });
    }
    const legalBasis = input.legalBasis ?? ACCEPTANCE_BASIS;
    const [event] = await tx
      .insert(statusEvents)
      .values({
        kind: 'accept',
        batchId: batch.id,
        reasonCode: 'ACCEPTED',
        legalBasis,
        requestedBy: input.actor.userId,
        approvedBy: input.actor.userId,
        approvedAt: input.now,
      })
      .returning({ id: statusEvents.id });
    const { row } = await enqueueOutbox(tx, {
      // Due at once by the service's clock (the worker claims by the same clock).
      notBefore: input.now,
      action: 'acceptBatch',
      batchId: batch.id,
      statusEventId: event!.id,
      payload: { batchId: batch.id, schoolId: batch.schoolId, districtId },
    });
    await appendAudit(tx, {
      action: 'batch.accept',
      entityType: 'batch',
      entityId: batch.id,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      reason: legalBasis,
      at: input.now,
      details: { schoolId: batch.schoolId, districtId, deadline, statusEventId: event!.id },
    });
    return { statusEventId: event!.id, outboxId: row.id, deadline };
  });
}
