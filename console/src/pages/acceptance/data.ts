/**
 * The calls of the acceptance area (typed by the generated client) and its pure helpers: the deadline of a
 * batch from the ledger's calendar, the days left counted in Vietnam's calendar days, a certificate's
 * holder from its subject.
 */
import { apiMessage, type Connection } from '../../api/client.ts';
import { type Lang, word } from '../../words.ts';

export const refusal = (e: unknown, lang: Lang): string => apiMessage(e, lang) ?? word('network', lang);

export const QUEUE_PAGE = 50;

/** One page of the batches waiting for the district, oldest first. */
export async function fetchQueue(connection: Connection, cursor?: string) {
  const { data, error } = await connection.api.GET('/v1/batches/', {
    params: {
      query: { status: 'anchored', order: 'asc', limit: QUEUE_PAGE, ...(cursor && { cursor }) },
    },
  });
  if (!data) throw error;
  return data;
}
export type QueueItem = Awaited<ReturnType<typeof fetchQueue>>['items'][number];

/** The year's calendar as the ledger holds it; null while the province has not set it (404). */
export async function fetchCalendar(connection: Connection, schoolYear: string) {
  const { data, error, response } = await connection.api.GET('/v1/calendars/{schoolYear}', {
    params: { path: { schoolYear } },
  });
  if (data) return data;
  if (response.status === 404) return null;
  throw error;
}
export type Calendar = NonNullable<Awaited<ReturnType<typeof fetchCalendar>>>;

export async function fetchVerification(connection: Connection, batchId: string) {
  const { data, error } = await connection.api.GET('/v1/batches/{batchId}/verification', {
    params: { path: { batchId } },
  });
  if (!data) throw error;
  return data;
}
export type Verification = Awaited<ReturnType<typeof fetchVerification>>;
export const verificationKey = (batchId: string) => ['batch-verification', batchId];

/** Batches one POST /v1/batches/verification checks at most (the gateway's VERIFY_MANY_MAX). */
export const VERIFY_MANY_MAX = 50;

/** The checks of up to VERIFY_MANY_MAX batches in one request, in the order asked. */
export async function fetchVerifications(connection: Connection, batchIds: string[]) {
  const { data, error } = await connection.api.POST('/v1/batches/verification', { body: { batchIds } });
  if (!data) throw error;
  return data.items;
}

export async function acceptBatches(connection: Connection, batchIds: string[]) {
  const { data, error } = await connection.api.POST('/v1/batches/accept', { body: { batchIds } });
  if (!data) throw error;
  return data.results;
}
export type AcceptResult = Awaited<ReturnType<typeof acceptBatches>>[number];

/** The deadline that applies to a batch of this kind (as the chaincode's acceptBatch reads the calendar). */
export function deadlineOf(kind: string, c: Calendar): string {
  return kind === 'regular'
    ? c.acceptanceDeadline
    : kind === 'supplementary'
      ? c.supplementaryDeadline
      : c.replacementUntil;
}

const VN_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/** The calendar day in Vietnam of an instant, as a count of days (for differences only). */
const vnDay = (t: Date): number => Date.parse(`${VN_DAY.format(t)}T00:00:00Z`) / 86_400_000;

export type Countdown = { kind: 'left'; days: number } | { kind: 'today' } | { kind: 'over'; days: number };

/**
 * Days between today and the deadline's day, in Vietnam: "còn 12 ngày" the day a deadline of the 30th is 12
 * days away; "hết hạn hôm nay" on its day while it is still open; "quá hạn" from the moment it has passed.
 */
export function countdown(deadline: string, now: Date): Countdown {
  const d = new Date(deadline);
  const days = vnDay(d) - vnDay(now);
  if (now.getTime() > d.getTime()) return { kind: 'over', days: Math.max(1, -days) };
  return days === 0 ? { kind: 'today' } : { kind: 'left', days };
}

/** An RFC 4514 subject's attribute (CN, O, …): the first value, unescaped; undefined when absent. */
export function nameAttribute(subject: string, attr: string): string | undefined {
  const parts = subject.split(/(?<!\\),/);
  const hit = parts.find((p) => p.trim().toUpperCase().startsWith(`${attr.toUpperCase()}=`));
  return hit
    ?.trim()
    .slice(attr.length + 1)
    .replace(/\\(.)/g, '$1');
}

/** A hash or transaction id as a reader compares it: its first 8 and last 6 characters. */
export function shortId(id: string): string {
  return id.length <= 18 ? id : `${id.slice(0, 8)}…${id.slice(-6)}`;
}
