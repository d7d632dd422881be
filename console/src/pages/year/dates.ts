/**
 * Days as the calendar form handles them: a window opens at 00:00 of its day and a deadline runs to 23:59:59
 * of its day, Vietnam's time (UTC+7 all year, no daylight saving), as the province means "by 30/6".
 */
import { type DateParts, isoDateOf } from '../../ui/fields.tsx';
import type { Lang } from '../../words.ts';
import { WINDOWS, type Window } from './data.ts';
import { yw } from './words.ts';

const VN_MS = 7 * 3_600_000;

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
