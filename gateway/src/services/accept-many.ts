/**
 * Accepting several batches at once (issue 14: the district officer ticks batches in the queue): each is
 * accepted exactly as the single route does it (acceptance.ts: its own transaction, its status event and
 * outbox row), one after the other, so that one refusal (already accepted, past the deadline) does not
 * hold back the others. The calendar is read once per school year. Authorization is the caller's, over
 * every batch, before this runs.
 */
import type { Database } from '@hocba/db';
import { type AcceptanceCalendar, type AcceptInput, acceptBatch } from './acceptance.ts';

export type AcceptOutcome =
  | { batchId: string; outcome: 'queued'; statusEventId: string; outboxId: number; deadline: string }
  | { batchId: string; outcome: 'refused'; error: unknown };

export async function acceptMany(
  db: Database,
  input: Omit<AcceptInput, 'batchId'> & { batchIds: readonly string[] },
): Promise<AcceptOutcome[]> {
  const calendars = new Map<string, Promise<AcceptanceCalendar>>();
  const calendar = (schoolYear: string) => {
    let c = calendars.get(schoolYear);
    if (!c) {
      c = input.calendar(schoolYear);
      calendars.set(schoolYear, c);
    }
    return c;
  };
  const out: AcceptOutcome[] = [];
  for (const batchId of input.batchIds) {
    try {
      const r = await acceptBatch(db, { ...input, batchId, calendar });
      out.push({ batchId, outcome: 'queued', ...r });
    } catch (error) {
      out.push({ batchId, outcome: 'refused', error });
    }
  }
  return out;
}
