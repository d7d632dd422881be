/**
 * What was asked about a batch after its lock and what became of it: its status events (revocations,
 * recalls, replacements, permissions, acceptance) in the order they were made, each with the outbox row that
 * carries it to the ledger (null once there is none).
 */
import { anchorOutbox, type Database, statusEvents } from '@hocba/db';
import { asc, eq } from 'drizzle-orm';

export interface StatusEventRow {
  event: typeof statusEvents.$inferSelect;
  queue: typeof anchorOutbox.$inferSelect | null;
}

export function statusEventsOf(db: Database, batchId: string): Promise<StatusEventRow[]> {
  return db
    .select({ event: statusEvents, queue: anchorOutbox })
    .from(statusEvents)
    .leftJoin(anchorOutbox, eq(anchorOutbox.statusEventId, statusEvents.id))
    .where(eq(statusEvents.batchId, batchId))
    .orderBy(asc(statusEvents.createdAt));
}
