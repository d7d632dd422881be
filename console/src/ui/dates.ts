/** A date as GOV.UK asks for it (day, month, year typed in three fields), and back to YYYY-MM-DD. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}
export const NO_DATE: DateParts = { day: '', month: '', year: '' };

export const datePartsOf = (isoDate: string): DateParts => {
  const [year = '', month = '', day = ''] = isoDate.split('-');
  return { day: String(Number(day) || ''), month: String(Number(month) || ''), year };
};

export const isEmptyDate = (p: DateParts) => !p.day.trim() && !p.month.trim() && !p.year.trim();

/** YYYY-MM-DD when the three parts name a real day (not 31/02, not a 2-digit year); else why not. */
export function isoDateOf(p: DateParts): string | 'missing' | 'invalid' {
  const [d, m, y] = [p.day.trim(), p.month.trim(), p.year.trim()];
  if (!d || !m || !y) return 'missing';
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return 'invalid';
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(m) - 1 ||
    date.getUTCDate() !== Number(d)
  )
    return 'invalid';
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}
