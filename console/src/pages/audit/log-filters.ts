/**
 * The audit log's filter form as a person fills it in, checked here before it becomes the query: each day
 * typed as day, month and year (GOV.UK's date pattern) must name a real day, and the range must not end
 * before it starts. The gateway checks the same (400 VALIDATION naming /from or /to); checking here lets
 * the error summary link to the very field.
 */

import { type DateParts, isEmptyDate, isoDateOf, NO_DATE } from '../../ui/dates.ts';
import type { FieldError } from '../../ui/ErrorSummary.tsx';
import type { Lang } from '../../words.ts';
import { tw } from './words.ts';

export interface LogFilters {
  schoolId: string;
  actorUserId: string;
  group: string;
  action: string;
  from: DateParts;
  to: DateParts;
}

export const NO_FILTERS: LogFilters = {
  schoolId: '',
  actorUserId: '',
  group: '',
  action: '',
  from: NO_DATE,
  to: NO_DATE,
};

/** What GET /v1/audit is asked, beyond order and paging. */
export interface LogQuery {
  schoolId?: string;
  actorUserId?: string;
  group?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** The query the filters make, or the errors that stop it (each linked to its field's first input). */
export function queryOf(f: LogFilters, lang: Lang): { query: LogQuery } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const day = (parts: DateParts, id: 'from' | 'to'): string | undefined => {
    if (isEmptyDate(parts)) return undefined;
    const iso = isoDateOf(parts);
    if (iso === 'missing' || iso === 'invalid') {
      const key = iso === 'missing' ? (`${id}Missing` as const) : (`${id}Invalid` as const);
      errors.push({ field: `audit-${id}-day`, message: tw(key, lang) });
      return undefined;
    }
    return iso;
  };
  const from = day(f.from, 'from');
  const to = day(f.to, 'to');
  if (errors.length === 0 && from && to && from > to)
    errors.push({ field: 'audit-to-day', message: tw('toBeforeFrom', lang) });
  if (errors.length) return { errors };
  const query: LogQuery = {};
  if (f.schoolId) query.schoolId = f.schoolId;
  if (f.actorUserId) query.actorUserId = f.actorUserId;
  if (f.group) query.group = f.group;
  if (f.action) query.action = f.action;
  if (from) query.from = from;
  if (to) query.to = to;
  return { query };
}
