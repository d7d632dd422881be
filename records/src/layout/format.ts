/**
 * Values as a Vietnamese record prints them, in both languages: dates dd/mm/yyyy, instants dd/mm/yyyy HH:mm in
 * Asia/Ho_Chi_Minh (Intl: no library), scores with one decimal (a comma in Vietnamese), counts of sessions.
 * Each returns undefined for what it cannot read, so the caller says so in words rather than print raw input.
 */
import type { Label } from '../labels.ts';

const same = (s: string): Label => ({ vi: s, en: s });

/** 2015-09-02 → 02/09/2015 (a calendar date has no time zone). */
export function calendarDate(iso: unknown): Label | undefined {
  if (typeof iso !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return undefined;
  return same(`${d}/${mo}/${y}`);
}

const VIETNAM = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function vietnamParts(moment: unknown): Record<string, string> | undefined {
  const t =
    moment instanceof Date
      ? moment.getTime()
      : typeof moment === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(moment)
        ? Date.parse(moment)
        : Number.NaN;
  if (Number.isNaN(t)) return undefined;
  return Object.fromEntries(VIETNAM.formatToParts(t).map((p) => [p.type, p.value]));
}

/** An instant as dd/mm/yyyy HH:mm, Vietnam's time (UTC+7, no daylight saving). */
export function instantText(moment: unknown): Label | undefined {
  const p = vietnamParts(moment);
  return p && same(`${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`);
}

/** The day of an instant in Vietnam, dd/mm/yyyy. */
export function instantDate(moment: unknown): Label | undefined {
  const p = vietnamParts(moment);
  return p && same(`${p.day}/${p.month}/${p.year}`);
}

/** A 10-point score: 7,5 / 7.5; whole numbers without a decimal (as teachers write them: 8, not 8,0). */
export function score(n: unknown): Label | undefined {
  if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
  const en = Number.isInteger(n) ? String(n) : n.toFixed(1);
  return { vi: en.replace('.', ','), en };
}

/** An average, always with one decimal (ĐTBmhk, ĐTBmcn are written 7,0). */
export function average(n: unknown): Label | undefined {
  if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
  const en = n.toFixed(1);
  return { vi: en.replace('.', ','), en };
}

/** Sessions (buổi) absent. */
export function sessions(n: unknown): Label | undefined {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return undefined;
  return { vi: `${n} buổi`, en: n === 1 ? '1 session' : `${n} sessions` };
}

/** "2025-2026" → "2025 - 2026", as the forms print a school year. */
export function schoolYearText(y: unknown): Label | undefined {
  if (typeof y !== 'string') return undefined;
  const m = /^(\d{4})-(\d{4})$/.exec(y);
  return m ? same(`${m[1]} - ${m[2]}`) : undefined;
}

export const join = (parts: readonly Label[], sep: Label = { vi: '; ', en: '; ' }): Label => ({
  vi: parts.map((p) => p.vi).join(sep.vi),
  en: parts.map((p) => p.en).join(sep.en),
});
