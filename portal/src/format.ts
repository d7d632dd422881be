/**
 * Dates and times as a Vietnamese reader writes them, whatever the browser's language: dd/mm/yyyy, and
 * dd/mm/yyyy HH:mm (24 h) in Vietnam's time (Asia/Ho_Chi_Minh). Never an ISO instant on the page.
 */

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})\b/g;

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(d: Date) {
  const p = Object.fromEntries(PARTS.formatToParts(d).map((x) => [x.type, x.value]));
  return { date: `${p.day}/${p.month}/${p.year}`, time: `${p.hour}:${p.minute}` };
}

function toDate(x: unknown): Date | undefined {
  if (x instanceof Date) return Number.isNaN(x.getTime()) ? undefined : x;
  if (typeof x !== 'string' || x === '') return undefined;
  const d = new Date(x);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** A calendar date ("2014-03-27") or an instant, as dd/mm/yyyy; anything else unchanged (undefined if absent). */
export function vnDate(x: unknown): string | undefined {
  if (typeof x === 'string') {
    // A date of the calendar has no time zone: shifting it to Vietnam's could move it a day.
    const m = DATE_ONLY.exec(x);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  }
  const d = toDate(x);
  if (d) return parts(d).date;
  return x === undefined || x === null ? undefined : String(x);
}

/** An instant as dd/mm/yyyy HH:mm in Vietnam. */
export function vnDateTime(x: unknown): string | undefined {
  if (typeof x === 'string' && DATE_ONLY.test(x)) return vnDate(x);
  const d = toDate(x);
  if (d) {
    const p = parts(d);
    return `${p.date} ${p.time}`;
  }
  return x === undefined || x === null ? undefined : String(x);
}

/** Every ISO instant inside a sentence (integrity's messages carry some) rewritten as dd/mm/yyyy HH:mm. */
export const plainInstants = (text: string) => text.replace(ISO_INSTANT, (m) => vnDateTime(m) ?? m);
