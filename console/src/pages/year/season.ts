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

/** Every day from the first to the last with events, the batch series summed up to each day. */
export function seasonRows(days: readonly TimelineDay[]): SeasonRow[] {
  if (days.length === 0) return [];
  const byDate = new Map(days.map((d) => [d.date, d]));
  const first = Date.parse(`${days[0]!.date}T00:00:00Z`);
  const last = Date.parse(`${days.at(-1)!.date}T00:00:00Z`);
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
