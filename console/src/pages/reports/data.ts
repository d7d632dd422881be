/** The reports area's calls: the year's reports, the preview, the statistics and its workbook. */
import { apiMessage, type Connection } from '../../api/client.ts';
import type { Lang } from '../../words.ts';

/** The school year a day falls in: from September (Vietnam's time) on, the year that starts then. */
export type View = 'year' | 'list' | 'statistics';

/** The views a role has, first the one it lands on. */
export function viewsOf(role: string): View[] {
  if (role === 'provinceOfficer') return ['year', 'statistics'];
  if (role === 'ministryAuditor') return ['list', 'statistics'];
  return ['statistics'];
}

export function schoolYearOf(now: Date): string {
  const d = new Date(now.getTime() + 7 * 3600_000);
  const start = d.getUTCMonth() >= 8 ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
  return `${start}-${start + 1}`;
}

/** This school year and the two before it, newest first. */
export function recentYears(now: Date): string[] {
  const start = Number(schoolYearOf(now).slice(0, 4));
  return [0, 1, 2].map((i) => `${start - i}-${start - i + 1}`);
}

async function must<T>(call: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  const { data, error } = await call;
  if (data === undefined) throw error ?? new Error('no answer');
  return data;
}

export const reportsKey = (year: string) => ['reports', year];
export const previewKey = (year: string) => ['reports-preview', year];
export const statisticsKey = (year: string, districtId?: string, schoolId?: string) => [
  'statistics',
  year,
  districtId ?? '',
  schoolId ?? '',
];

export const fetchReports = (c: Connection, schoolYear: string) =>
  must(c.api.GET('/v1/reports/', { params: { query: { schoolYear } } })).then((d) => d.items);
export type Report = Awaited<ReturnType<typeof fetchReports>>[number];

export const fetchPreview = (c: Connection, schoolYear: string) =>
  must(c.api.GET('/v1/reports/preview', { params: { query: { schoolYear } } }));
export type Preview = Awaited<ReturnType<typeof fetchPreview>>;

export const submitReport = (c: Connection, schoolYear: string) =>
  must(c.api.POST('/v1/reports/', { body: { schoolYear } }));

export const acknowledgeReport = (c: Connection, schoolYear: string, seq: number) =>
  must(c.api.POST('/v1/reports/{schoolYear}/{seq}/acknowledge', { params: { path: { schoolYear, seq } } }));

export interface StatisticsFilter {
  schoolYear: string;
  districtId?: string | undefined;
  schoolId?: string | undefined;
}

const query = (f: StatisticsFilter) => ({
  schoolYear: f.schoolYear,
  ...(f.districtId ? { districtId: f.districtId } : {}),
  ...(f.schoolId ? { schoolId: f.schoolId } : {}),
});

export const fetchStatistics = (c: Connection, f: StatisticsFilter) =>
  must(c.api.GET('/v1/statistics', { params: { query: query(f) } }));
export type Statistics = Awaited<ReturnType<typeof fetchStatistics>>;

/** The workbook's bytes and the file name the gateway gave it. */
export async function downloadStatistics(
  c: Connection,
  f: StatisticsFilter,
): Promise<{ blob: Blob; name: string }> {
  const { data, error, response } = await c.api.GET('/v1/statistics.xlsx', {
    params: { query: query(f) },
    parseAs: 'blob',
  });
  if (!data) throw error;
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `thong-ke-hoc-ba-${f.schoolYear}.xlsx`;
  return { blob: data as unknown as Blob, name };
}

/** A refusal in the gateway's words, or the network's failure in ours. */
export const refusal = (e: unknown, lang: Lang) =>
  apiMessage(e, lang) ?? (lang === 'vi' ? 'Không kết nối được máy chủ.' : 'Could not reach the server.');

/** Numbers as a Vietnamese reader writes them (1.234). */
export const n = (v: number, lang: Lang) => v.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
