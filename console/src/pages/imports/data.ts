/**
 * The import area's calls to the gateway, each through the typed client: the classes the person may import
 * into, upload (the file as base64 in JSON, as the API takes it), the job polled while it runs, commit, the
 * blank template, and drawing up a class's records (a marks sheet needs them).
 */
import type { Connection } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';
import type { Session } from '../../session.ts';

export type ImportKind = 'roster' | 'marks-primary' | 'marks-secondary';
export const KINDS: readonly ImportKind[] = ['roster', 'marks-primary', 'marks-secondary'];

export type Job = paths['/v1/imports/roster/{jobId}']['get']['responses'][200]['content']['application/json'];
export type Problem = Job['problems'][number];

export interface ClassChoice {
  classId: string;
  schoolId: string;
  name: string;
  grade: number;
  schoolYear: string;
}

/** Thrown with the gateway's error body (or the network's failure) for the page to word. */
export class CallFailed extends Error {
  constructor(readonly body: unknown) {
    super('call failed');
  }
}

async function must<T>(call: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  const { data, error } = await call.catch((e: unknown) => ({ data: undefined, error: e }));
  if (data === undefined) throw new CallFailed(error);
  return data;
}

/**
 * The classes of the person's grants: a teacher's own classes (their grant names the class, the class list
 * names its school), or every class of the school for the principal and the school's administrator.
 */
export async function classChoices(connection: Connection, session: Session): Promise<ClassChoice[]> {
  const schoolId = session.scope.find((s) => s.schoolId)?.schoolId;
  if (schoolId) {
    const o = await must(
      connection.api.GET('/v1/schools/{schoolId}/classes', { params: { path: { schoolId } } }),
    );
    return o.classes.map((c) => ({
      classId: c.classId,
      schoolId,
      name: c.name,
      grade: c.grade,
      schoolYear: o.schoolYear ?? '',
    }));
  }
  const ids = [...new Set(session.scope.flatMap((s) => (s.classId ? [s.classId] : [])))];
  const lists = await Promise.all(
    ids.map((classId) =>
      must(connection.api.GET('/v1/classes/{classId}/students', { params: { path: { classId } } })),
    ),
  );
  return lists
    .map((l) => ({
      classId: l.classId,
      schoolId: l.schoolId,
      name: l.className,
      grade: l.grade,
      schoolYear: l.schoolYear,
    }))
    .sort((a, b) => a.grade - b.grade || a.name.localeCompare(b.name, 'vi'));
}

/** The file's bytes as base64, in chunks (a spread of a whole file overflows the call stack). */
export async function fileBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export interface Upload {
  kind: ImportKind;
  schoolId: string;
  classId: string;
  subject?: string | undefined;
  file: File;
}

export async function upload(connection: Connection, u: Upload): Promise<Job> {
  const body = {
    schoolId: u.schoolId,
    fileName: u.file.name.slice(0, 255),
    content: await fileBase64(u.file),
  };
  const classOnly = { classId: u.classId };
  switch (u.kind) {
    case 'roster':
      return must(connection.api.POST('/v1/imports/roster', { body: { ...body, options: classOnly } }));
    case 'marks-primary':
      return must(
        connection.api.POST('/v1/imports/marks-primary', {
          body: { ...body, options: u.subject ? { ...classOnly, subject: u.subject } : classOnly },
        }),
      );
    case 'marks-secondary':
      return must(
        connection.api.POST('/v1/imports/marks-secondary', {
          body: { ...body, options: { ...classOnly, subject: u.subject ?? '' } },
        }),
      );
  }
}

/** The most preview rows the job route gives at once (a class is far fewer). */
export const PREVIEW_LIMIT = 500;

/** The job with its first PREVIEW_LIMIT preview rows. */
export function readJob(connection: Connection, kind: ImportKind, jobId: string): Promise<Job> {
  const params = { params: { path: { jobId }, query: { limit: PREVIEW_LIMIT } } };
  switch (kind) {
    case 'roster':
      return must(connection.api.GET('/v1/imports/roster/{jobId}', params));
    case 'marks-primary':
      return must(connection.api.GET('/v1/imports/marks-primary/{jobId}', params));
    case 'marks-secondary':
      return must(connection.api.GET('/v1/imports/marks-secondary/{jobId}', params));
  }
}

export function commitJob(connection: Connection, kind: ImportKind, jobId: string): Promise<Job> {
  const params = { params: { path: { jobId } } };
  switch (kind) {
    case 'roster':
      return must(connection.api.POST('/v1/imports/roster/{jobId}/commit', params));
    case 'marks-primary':
      return must(connection.api.POST('/v1/imports/marks-primary/{jobId}/commit', params));
    case 'marks-secondary':
      return must(connection.api.POST('/v1/imports/marks-secondary/{jobId}/commit', params));
  }
}

/** The blank template's bytes. */
export async function template(connection: Connection, kind: ImportKind): Promise<Blob> {
  const blob = { parseAs: 'blob' } as const;
  const data = await must(
    kind === 'roster'
      ? connection.api.GET('/v1/imports/roster/template', blob)
      : kind === 'marks-primary'
        ? connection.api.GET('/v1/imports/marks-primary/template', blob)
        : connection.api.GET('/v1/imports/marks-secondary/template', blob),
  );
  return data as unknown as Blob;
}

export const TEMPLATE_NAMES: Record<ImportKind, string> = {
  roster: 'mau-danh-sach-lop.xlsx',
  'marks-primary': 'mau-ket-qua-tieu-hoc.xlsx',
  'marks-secondary': 'mau-bang-diem-mon-hoc.xlsx',
};

/** Version 1 of every pupil's record of the class that has none yet; how many were drawn up. */
export async function drawUpRecords(connection: Connection, classId: string): Promise<number> {
  const o = await must(
    connection.api.POST('/v1/classes/{classId}/records', { params: { path: { classId } } }),
  );
  return o.created.length;
}

/** Waits `ms`, for the polls. */
export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
