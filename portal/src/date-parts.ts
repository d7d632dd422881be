/**
 * A date typed as three fields (ngày, tháng, năm), the GOV.UK date-input pattern: what was typed is
 * checked here, and either the ISO date the API takes (YYYY-MM-DD) or the problem and the fields to mark.
 * Pure: the form (lookup-page.ts) turns a problem into words beside the fields and in the error summary.
 */

export type DatePart = 'day' | 'month' | 'year';
export const DATE_PARTS: readonly DatePart[] = ['day', 'month', 'year'];

export type DateProblem =
  /** Nothing typed. */
  | 'empty'
  /** Some parts typed, `fields` left empty. */
  | 'incomplete'
  /** A part that is not a number. */
  | 'notNumber'
  /** A year of other than four digits. */
  | 'yearDigits'
  /** No such day (31/02, month 13). */
  | 'notReal'
  /** Later than today. */
  | 'future'
  /** Before 1900: a typo rather than a pupil's birth. */
  | 'tooEarly';

export type DateCheck = { ok: true; iso: string } | { ok: false; problem: DateProblem; fields: DatePart[] };

const two = (n: number) => String(n).padStart(2, '0');

/** `today` is the reader's calendar date as YYYY-MM-DD (passed in, so that the check is pure). */
export function checkDateParts(typed: Record<DatePart, string>, today: string): DateCheck {
  const v = {
    day: typed.day.trim(),
    month: typed.month.trim(),
    year: typed.year.trim(),
  };
  const empty = DATE_PARTS.filter((p) => v[p] === '');
  if (empty.length === 3) return { ok: false, problem: 'empty', fields: [...DATE_PARTS] };
  if (empty.length) return { ok: false, problem: 'incomplete', fields: empty };
  const notNumber = DATE_PARTS.filter((p) => !/^\d+$/.test(v[p]));
  if (notNumber.length) return { ok: false, problem: 'notNumber', fields: notNumber };
  if (v.year.length !== 4) return { ok: false, problem: 'yearDigits', fields: ['year'] };
  const day = Number(v.day);
  const month = Number(v.month);
  const year = Number(v.year);
  if (month < 1 || month > 12) return { ok: false, problem: 'notReal', fields: ['month'] };
  // Day 0 of the next month is the last day of this one (in UTC: no time zone can shift it).
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > last) return { ok: false, problem: 'notReal', fields: ['day'] };
  const iso = `${v.year}-${two(month)}-${two(day)}`;
  if (year < 1900) return { ok: false, problem: 'tooEarly', fields: ['year'] };
  if (iso > today) return { ok: false, problem: 'future', fields: [...DATE_PARTS] };
  return { ok: true, iso };
}

/** The date in Vietnam now, as YYYY-MM-DD: "today" for a date of birth typed in Vietnam. */
export function todayInVietnam(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** An ISO date split back into what one would have typed (to fill the fields again). */
export function splitIsoDate(iso: string): Record<DatePart, string> {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
}
