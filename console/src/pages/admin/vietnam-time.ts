/**
 * A moment typed as day, month, year, hour and minute in Vietnam's time (UTC+7 all year, no daylight
 * saving) as the instant the gateway takes. All empty is "no bound"; anything not a real date and time is
 * refused here rather than rolled over by Date (31/02 is not 03/03).
 */
export interface MomentFields {
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
}
export const NO_MOMENT: MomentFields = { day: '', month: '', year: '', hour: '', minute: '' };

const int = (s: string): number | undefined => (/^\d{1,4}$/.test(s.trim()) ? Number(s.trim()) : undefined);

/** undefined when every field is empty; null when they do not make a moment; else the ISO instant. */
export function momentOf(f: MomentFields): string | null | undefined {
  if (Object.values(f).every((v) => v.trim() === '')) return undefined;
  const [d, mo, y, h, mi] = [f.day, f.month, f.year, f.hour, f.minute.trim() === '' ? '0' : f.minute].map(
    int,
  );
  if (d === undefined || mo === undefined || y === undefined || h === undefined || mi === undefined)
    return null;
  if (y < 2000 || y > 2100 || h > 23 || mi > 59) return null;
  const utc = Date.UTC(y, mo - 1, d, h - 7, mi);
  // Round trip through Vietnam's wall clock: a day that does not exist comes back different.
  const wall = new Date(utc + 7 * 3600_000);
  if (wall.getUTCFullYear() !== y || wall.getUTCMonth() !== mo - 1 || wall.getUTCDate() !== d) return null;
  return new Date(utc).toISOString();
}
