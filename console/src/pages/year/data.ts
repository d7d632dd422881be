/** What the year area reads from the gateway: the progress, its timeline and the calendar (issue 14). */
import type { Connection } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';

type Json<P extends keyof paths, M extends 'get'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type Progress = Json<'/v1/progress', 'get'>;
export type SchoolProgress = Progress['schools'][number];
export type DistrictProgress = Progress['districts'][number];
export type Counts = Progress['totals'];
export type Calendar = Json<'/v1/calendars/{schoolYear}', 'get'>;
export type TimelineDay = Json<'/v1/progress/timeline', 'get'>['days'][number];

/** The windows of a calendar the province sets, in the order the ledger requires them. */
export const WINDOWS = [
  'lockFrom',
  'lockUntil',
  'acceptanceDeadline',
  'reportDeadline',
  'supplementaryDeadline',
  'replacementFrom',
  'replacementUntil',
] as const;
export type Window = (typeof WINDOWS)[number];

export const progressKey = (schoolYear: string | undefined) => ['year-progress', schoolYear ?? 'current'];
export const timelineKey = (schoolYear: string) => ['year-timeline', schoolYear];
export const calendarKey = (schoolYear: string) => ['year-calendar', schoolYear];

/** Throws the gateway's error body (ErrorSummary shows its words) or the network's failure. */
export async function fetchProgress(c: Connection, schoolYear: string | undefined): Promise<Progress> {
  const { data, error } = await c.api.GET('/v1/progress', {
    params: { query: schoolYear ? { schoolYear } : {} },
  });
  if (!data) throw error;
  return data;
}

export async function fetchTimeline(c: Connection, schoolYear: string): Promise<TimelineDay[]> {
  const { data, error } = await c.api.GET('/v1/progress/timeline', { params: { query: { schoolYear } } });
  if (!data) throw error;
  return data.days;
}

/** The calendar on the ledger, or null when the province has not set it (CALENDAR_NOT_SET). */
export async function fetchCalendar(c: Connection, schoolYear: string): Promise<Calendar | null> {
  const { data, error, response } = await c.api.GET('/v1/calendars/{schoolYear}', {
    params: { path: { schoolYear } },
  });
  if (data) return data;
  if (response.status === 404) return null;
  throw error;
}

export async function putCalendar(
  c: Connection,
  schoolYear: string,
  windows: Record<Window, string>,
): Promise<{ outboxId: number }> {
  const { data, error } = await c.api.PUT('/v1/calendars/{schoolYear}', {
    params: { path: { schoolYear } },
    body: windows,
  });
  if (!data) throw error;
  return data;
}
