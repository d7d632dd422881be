/**
 * Days as the calendar form handles them: a window opens at 00:00 of its day and a deadline runs to 23:59:59
 * of its day, Vietnam's time (UTC+7 all year, no daylight saving), as the province means "by 30/6".
 */
import type { Lang } from '../../words.ts';
import { WINDOWS, type Window } from './data.ts';
import { yw } from './words.ts';

const VN_MS = 7 * 3_600_000;

/**
 * The three fields' value, as ui/fields.tsx's DateFields holds it. Declared here rather than imported: this
 * module stays plain TypeScript (no .tsx import), so its unit test type-checks under the root tsconfig.
 */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** YYYY-MM-DD when the parts name a real day with a four-digit year (as DateFields' isoDateOf); else why not. */
export function isoDateOf(p: DateParts): string | 'missing' | 'invalid' {
  const [d, m, y] = [p.day.trim(), p.month.trim(), p.year.trim()];
  if (!d || !m || !y) return 'missing';
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return 'invalid';
  const t = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (t.getUTCMonth() !== Number(m) - 1 || t.getUTCDate() !== Number(d)) return 'invalid';
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** The windows that open at the start of their day; the others are deadlines that end with it. */
const OPENS: readonly Window[] = ['lockFrom', 'replacementFrom'];

/** YYYY-MM-DD → the ISO instant the ledger stores for that window. */
export function instantOf(window: Window, isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const start = Date.UTC(y, m - 1, d) - VN_MS;
  return new Date(OPENS.includes(window) ? start : start + 86_400_000 - 1000).toISOString();
}

/** The Vietnamese day of an instant as the three fields show it. */
export function partsOf(instant: string): DateParts {
  const t = new Date(Date.parse(instant) + VN_MS);
  return {
    day: String(t.getUTCDate()),
    month: String(t.getUTCMonth() + 1),
    year: String(t.getUTCFullYear()),
  };
}

/** Pairs the ledger requires in order: [earlier, later] (chaincode calendar.ts). */
const ORDER: readonly [Window, Window][] = [
  ['lockFrom', 'lockUntil'],
  ['lockUntil', 'acceptanceDeadline'],
  ['acceptanceDeadline', 'reportDeadline'],
  ['reportDeadline', 'supplementaryDeadline'],
  ['replacementFrom', 'replacementUntil'],
];

export type Parts = Record<Window, DateParts>;

/** The windows as instants, or the problems of each field. */
export function check(
  parts: Parts,
  lang: Lang,
): { windows: Record<Window, string> } | { errors: Partial<Record<Window, string>> } {
  const errors: Partial<Record<Window, string>> = {};
  const windows = {} as Record<Window, string>;
  for (const w of WINDOWS) {
    const iso = isoDateOf(parts[w]);
    const what = yw(w, lang);
    if (iso === 'missing') errors[w] = yw('missingDate', lang, { what });
    else if (iso === 'invalid') errors[w] = yw('invalidDate', lang, { what });
    else windows[w] = instantOf(w, iso);
  }
  for (const [a, b] of ORDER) {
    if (errors[a] || errors[b]) continue;
    if (Date.parse(windows[a]) > Date.parse(windows[b]))
      errors[b] = yw('orderDate', lang, { what: yw(b, lang), before: yw(a, lang) });
  }
  return Object.keys(errors).length ? { errors } : { windows };
}
