/** The reconciliation area's calls, typed by the generated client. */
import { apiMessage, type Connection } from '../../api/client.ts';
import { type Lang, word } from '../../words.ts';

export const refusal = (e: unknown, lang: Lang): string => apiMessage(e, lang) ?? word('network', lang);

export async function fetchChoices(connection: Connection) {
  const { data, error } = await connection.api.GET('/v1/reconciliations/choices');
  if (!data) throw error;
  return data;
}
export type Choices = Awaited<ReturnType<typeof fetchChoices>>;

export async function fetchRuns(connection: Connection) {
  const { data, error } = await connection.api.GET('/v1/reconciliations', {
    params: { query: { limit: 20 } },
  });
  if (!data) throw error;
  return data.items;
}
export type RunItem = Awaited<ReturnType<typeof fetchRuns>>[number];

export async function fetchRun(connection: Connection, id: string) {
  const { data, error } = await connection.api.GET('/v1/reconciliations/{id}', { params: { path: { id } } });
  if (!data) throw error;
  return data;
}
export type RunResult = Awaited<ReturnType<typeof fetchRun>>;
export type FindingItem = RunResult['findings'][number];

export interface ScopeChoice {
  schoolYear?: string;
  provinceId?: string;
  districtId?: string;
  schoolId?: string;
}

export async function startRun(connection: Connection, scope: ScopeChoice) {
  const { data, error } = await connection.api.POST('/v1/reconciliations', { body: scope });
  if (!data) throw error;
  return data;
}

export const RUNS_KEY = ['reconciliations'];
