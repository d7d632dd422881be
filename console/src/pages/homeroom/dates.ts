/** A date of birth as the three fields (ngày, tháng, năm) a person types, and back. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const partsOf = (iso: string): DateParts => {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { day: String(Number(day) || ''), month: String(Number(month) || ''), year };
};

/** YYYY-MM-DD when the three parts name a real day; 'missing' or 'invalid' otherwise. */
export function isoOf(p: DateParts): string | 'missing' | 'invalid' {
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
  return date.toISOString().slice(0, 10);
}
