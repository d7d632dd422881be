/**
 * Batches a page at a time (issue 14 point 1: the district's queue and the tiers' lists), within a reader's
 * scope, filtered by state, school, district, year and kind. The order is the batch's creation (the moment
 * it was locked) then its id, both never null and never changed, so a keyset cursor after the last row of a
 * page keeps the next page where it was while batches are added. Which scope a role gets is the policy's
 * (auth/policy.ts), not this module's.
 */
import { type BatchState, batches, classes, type Database, schools } from '@hocba/db';
import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';

export type BatchListScope =
  | { kind: 'all' }
  | { kind: 'school' | 'district' | 'province'; ids: readonly string[] };

export type BatchKind = (typeof batches.$inferSelect)['kind'];

export interface BatchListQuery {
  scope: BatchListScope;
  status?: BatchState | undefined;
  schoolId?: string | undefined;
  districtId?: string | undefined;
  schoolYear?: string | undefined;
  kind?: BatchKind | undefined;
  order: 'asc' | 'desc';
  limit: number;
  /** The last row of the previous page (decodeCursor). */
  after?: BatchCursor | undefined;
}

/** Where a page ended: the sort key of its last row. */
export interface BatchCursor {
  createdAt: Date;
  id: string;
}

export interface BatchListRow {
  batchId: string;
  schoolId: string;
  schoolName: string;
  districtId: string;
  provinceId: string;
  schoolYear: string;
  classId: string | null;
  className: string | null;
  kind: BatchKind;
  state: BatchState;
  recordCount: number | null;
  createdAt: Date;
  lockedAt: Date | null;
  anchoredAt: Date | null;
  ledgerTxId: string | null;
  blockNumber: number | null;
}

/** Opaque to clients: base64url of the sort key; they only hand it back. */
export function encodeCursor(c: BatchCursor): string {
  return Buffer.from(JSON.stringify([c.createdAt.toISOString(), c.id])).toString('base64url');
}

/** The cursor a client handed back, or null when it is not one this module made. */
export function decodeCursor(s: string): BatchCursor | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || typeof v[1] !== 'string')
      return null;
    const createdAt = new Date(v[0]);
    if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== v[0] || v[1] === '') return null;
    return { createdAt, id: v[1] };
  } catch {
    return null;
  }
}

// An empty IN list matches nothing; '' is no row's id.
const ids = (list: readonly string[]) => (list.length ? [...list] : ['']);

function scopeCondition(scope: BatchListScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'school':
      return inArray(batches.schoolId, ids(scope.ids));
    case 'district':
      return inArray(schools.districtId, ids(scope.ids));
    case 'province':
      return inArray(schools.provinceId, ids(scope.ids));
  }
}

function filters(q: BatchListQuery): (SQL | undefined)[] {
  return [
    scopeCondition(q.scope),
    q.status === undefined ? undefined : eq(batches.state, q.status),
    q.schoolId === undefined ? undefined : eq(batches.schoolId, q.schoolId),
    q.districtId === undefined ? undefined : eq(schools.districtId, q.districtId),
    q.schoolYear === undefined ? undefined : eq(batches.schoolYear, q.schoolYear),
    q.kind === undefined ? undefined : eq(batches.kind, q.kind),
  ];
}

/** One page of batches in the scope and the filters, and how many there are in all. */
export async function listBatches(
  db: Database,
  q: BatchListQuery,
): Promise<{ rows: BatchListRow[]; total: number; next: BatchCursor | null }> {
  const where = filters(q);
  // A row comparison: the index on (created_at, id) serves it in either direction.
  const after =
    q.after === undefined
      ? undefined
      : q.order === 'asc'
        ? sql`(${batches.createdAt}, ${batches.id}) > (${q.after.createdAt.toISOString()}::timestamptz, ${q.after.id})`
        : sql`(${batches.createdAt}, ${batches.id}) < (${q.after.createdAt.toISOString()}::timestamptz, ${q.after.id})`;
  const dir = q.order === 'asc' ? asc : desc;
  const [rows, totals] = await Promise.all([
    db
      .select({
        batchId: batches.id,
        schoolId: batches.schoolId,
        schoolName: schools.name,
        districtId: schools.districtId,
        provinceId: schools.provinceId,
        schoolYear: batches.schoolYear,
        classId: batches.classId,
        className: classes.name,
        kind: batches.kind,
        state: batches.state,
        recordCount: batches.leafCount,
        createdAt: batches.createdAt,
        lockedAt: batches.lockedAt,
        anchoredAt: batches.anchoredAt,
        ledgerTxId: batches.ledgerTxId,
        blockNumber: batches.blockNumber,
      })
      .from(batches)
      .innerJoin(schools, eq(schools.id, batches.schoolId))
      .leftJoin(classes, eq(classes.id, batches.classId))
      .where(and(...where, after))
      .orderBy(dir(batches.createdAt), dir(batches.id))
      // One more than asked: whether there is a next page, without a second query.
      .limit(q.limit + 1),
    db
      .select({ n: count() })
      .from(batches)
      .innerJoin(schools, eq(schools.id, batches.schoolId))
      .where(and(...where)),
  ]);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const next = rows.length > q.limit && last ? { createdAt: last.createdAt, id: last.batchId } : null;
  return { rows: page, total: totals[0]?.n ?? 0, next };
}
