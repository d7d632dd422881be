/** The charts' rows: every day of the season, the batch series summed up to each day. */
import type { TimelineDay } from './data.ts';

export interface SeasonRow {
  date: string;
  label: string;
  recordsLocked: number;
  signed: number;
  anchored: number;
  accepted: number;
}

const DAY = 86_400_000;

const at = (date: string) => Date.parse(`${date}T00:00:00Z`);

/**
 * Every day from the first with events (or `span.from`, the season's opening, if earlier) to the last (or
 * `span.to`, today, if later), the batch series summed up to each day: a line over the season even when
 * everything happened on one day. Dates are Vietnamese days, YYYY-MM-DD.
 */
export function seasonRows(
  days: readonly TimelineDay[],
  span: { from?: string | undefined; to?: string | undefined } = {},
): SeasonRow[] {
  if (days.length === 0) return [];
  const byDate = new Map(days.map((d) => [d.date, d]));
  const first = Math.min(at(days[0]!.date), span.from ? at(span.from) : Number.POSITIVE_INFINITY);
  const last = Math.max(at(days.at(-1)!.date), span.to ? at(span.to) : Number.NEGATIVE_INFINITY);
  const rows: SeasonRow[] = [];
  let signed = 0;
  let anchored = 0;
  let accepted = 0;
  for (let t = first; t <= last; t += DAY) {
    const date = new Date(t).toISOString().slice(0, 10);
    const d = byDate.get(date);
    signed += d?.batchesSigned ?? 0;
    anchored += d?.batchesAnchored ?? 0;
    accepted += d?.batchesAccepted ?? 0;
    const [, m, dd] = date.split('-');
    rows.push({
      date,
      label: `${dd}/${m}`,
      recordsLocked: d?.recordsLocked ?? 0,
      signed,
      anchored,
      accepted,
    });
  }
  return rows;
}
