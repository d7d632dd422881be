/**
 * The calls this area makes (typed by the generated client) and the small pure helpers its screens share:
 * a transaction id shortened for reading, a class's name by id, the classes a school lock takes.
 */
import { apiMessage, type Connection } from '../../api/client.ts';
import { type Lang, NOT_YET_STATES, word } from '../../words.ts';

/** The refusal's own words, or the network's when there was no answer. */
export const refusal = (e: unknown, lang: Lang): string => apiMessage(e, lang) ?? word('network', lang);

/** The gateway's error code of a refusal ('' when there was no answer). */
export const codeOf = (e: unknown): string =>
  (e as { error?: { code?: unknown } } | undefined)?.error?.code?.toString() ?? '';

export const schoolClassesKey = (schoolId: string) => ['school-classes', schoolId];
export const batchKey = (batchId: string) => ['batch', batchId];

export async function fetchSchoolClasses(connection: Connection, schoolId: string) {
  const { data, error } = await connection.api.GET('/v1/schools/{schoolId}/classes', {
    params: { path: { schoolId } },
  });
  if (!data) throw error;
  return data;
}
export type SchoolClassesAnswer = Awaited<ReturnType<typeof fetchSchoolClasses>>;
export type ClassRow = SchoolClassesAnswer['classes'][number];

export async function fetchBatch(connection: Connection, batchId: string) {
  const { data, error } = await connection.api.GET('/v1/batches/{batchId}', {
    params: { path: { batchId } },
  });
  if (!data) throw error;
  return data;
}
export type BatchAnswer = Awaited<ReturnType<typeof fetchBatch>>;

/** Records of the class on their way to approval. */
export const notYetOf = (c: ClassRow): number => NOT_YET_STATES.reduce((n, s) => n + (c.records[s] ?? 0), 0);

/** A batch that is not yet on the ledger: the class waits for it before another lock. */
export const isOpen = (c: ClassRow): boolean => !!c.batch && ['assembling', 'signed'].includes(c.batch.state);

/** A class the principal can lock now: every record approved, some to lock, no batch on its way. */
export const canLock = (c: ClassRow): boolean =>
  !isOpen(c) && (c.records.approved ?? 0) > 0 && notYetOf(c) === 0;

/** A transaction id as a reader compares it: its first 8 and last 6 characters. */
export function shortId(id: string): string {
  return id.length <= 18 ? id : `${id.slice(0, 8)}…${id.slice(-6)}`;
}
