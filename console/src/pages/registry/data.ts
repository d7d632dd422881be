/** The registry area's reads, one query key each, and what its forms share. */
import type { Connection } from '../../api/client.ts';
import { apiMessage } from '../../api/client.ts';
import type { FieldError } from '../../ui/ErrorSummary.tsx';
import type { Lang } from '../../words.ts';

export type CertStatus = 'pending' | 'approved' | 'revoked';

export const certificatesKey = (status: CertStatus) => ['registry-certificates', status];
export const permissionsKey = ['registry-permissions'];
export const districtsKey = ['registry-districts'];

/** While something waits for the ledger, a list reads itself again every few seconds. */
export const WHILE_WAITING_MS = 2_000;

export async function fetchCertificates(c: Connection, status: CertStatus) {
  const { data, error } = await c.api.GET('/v1/certificates', { params: { query: { status } } });
  if (!data) throw error;
  return data.items;
}
export type CertificateItem = Awaited<ReturnType<typeof fetchCertificates>>[number];

export async function fetchPermissions(c: Connection) {
  const { data, error } = await c.api.GET('/v1/permissions/', { params: { query: {} } });
  if (!data) throw error;
  return data.items;
}

export async function fetchDistricts(c: Connection) {
  const { data, error } = await c.api.GET('/v1/districts');
  if (!data) throw error;
  return data;
}
export type Registry = Awaited<ReturnType<typeof fetchDistricts>>;

/**
 * The gateway's refusal as the error summary's items: each problem at the field its path names (`fields`
 * maps a body path such as `/until` to the input's id), else the refusal's own message.
 */
export function refusalErrors(
  e: unknown,
  lang: Lang,
  fields: Record<string, string>,
  network: string,
): FieldError[] {
  const body = e as { error?: { problems?: { path: string; message: string }[] } } | undefined;
  const problems = body?.error?.problems ?? [];
  const placed = problems
    .filter((p) => fields[p.path])
    .map((p) => ({ field: fields[p.path]!, message: p.message }));
  if (placed.length > 0) return placed;
  return [{ message: apiMessage(e, lang) ?? network }];
}
