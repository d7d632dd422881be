/**
 * What waits for someone (issue 14 point 1), one kind at a time, oldest first: corrections waiting for their
 * check or their approval (seed 001 Art. 15), recall requests waiting for the province's permission (seed
 * 000 Art. 6 §c), transfers waiting for the receiving school, anchored batches waiting for their district's
 * acceptance (DESIGN.md §7). Each item says who must act (the roles, and in words) and since when. Paged by
 * the keyset cursor of batch-list.ts over (since, id): both never change while the item waits, so a page
 * stays put while others are added.
 */
import {
  batches,
  classes,
  correctionRequests,
  type Database,
  enrolments,
  type Role,
  recordVersions,
  schools,
  transfers,
} from '@hocba/db';
import type { Localized } from '@hocba/integrity';
import { and, asc, count, eq, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { BatchCursor } from './batch-list.ts';
import { type PlaceFilter, placeConditions } from './oversight-remit.ts';

export const WAITING_KINDS = ['correction', 'recall', 'transfer', 'acceptance'] as const;
export type WaitingKind = (typeof WAITING_KINDS)[number];

/** The step that waits, who takes it (the policy's roles for it) and the same in words. */
export const WAITING_STEPS = {
  correctionCheck: {
    roles: ['subjectGroup', 'schoolAdmin', 'principal'],
    vi: 'Tổ chuyên môn hoặc cán bộ quản trị của trường kiểm tra đề nghị chỉnh sửa',
    en: 'The subject group or the school administrator checks the correction request',
  },
  correctionApprove: {
    roles: ['principal'],
    vi: 'Hiệu trưởng phê duyệt đề nghị chỉnh sửa',
    en: 'The principal approves the correction',
  },
  recallPermission: {
    roles: ['provinceOfficer'],
    vi: 'Sở GD&ĐT quyết định cho phép thu hồi lô',
    en: 'The province decides whether to allow the recall',
  },
  transferDecision: {
    roles: ['principal', 'schoolAdmin'],
    vi: 'Trường tiếp nhận (hiệu trưởng hoặc cán bộ quản trị) quyết định nhận học sinh chuyển đến',
    en: 'The receiving school (principal or administrator) decides on the transfer',
  },
  acceptance: {
    roles: ['districtOfficer'],
    vi: 'Phòng GD&ĐT tiếp nhận, kiểm tra đối chiếu lô học bạ',
    en: 'The district office reconciles and accepts the batch',
  },
} as const satisfies Record<string, { roles: readonly Role[] } & Localized>;
export type WaitingStep = keyof typeof WAITING_STEPS;

export interface WaitingQuery extends PlaceFilter {
  kind: WaitingKind;
  /** Batches, and corrections by their record's year; transfers have no school year and ignore it. */
  schoolYear?: string | undefined;
  limit: number;
  after?: BatchCursor | undefined;
}

export interface WaitingRow {
  kind: WaitingKind;
  /** The batch's, correction request's or transfer's id. */
  id: string;
  step: WaitingStep;
  since: Date;
  /** The school the item belongs to (a transfer's: the receiving school). */
  schoolId: string;
  schoolName: string;
  districtId: string;
  schoolYear: string | null;
  batchId: string | null;
  recordId: string | null;
  classId: string | null;
  className: string | null;
  /** A transfer's sending school. */
  fromSchoolId: string | null;
  fromSchoolName: string | null;
}

export interface WaitingPage {
  rows: WaitingRow[];
  total: number;
  next: BatchCursor | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor whose id cannot be one of this kind's (a uuid column compared with another kind's id). */
export function cursorFitsKind(kind: WaitingKind, c: BatchCursor): boolean {
  return kind === 'correction' || kind === 'transfer' ? UUID.test(c.id) : true;
}

/** The keyset condition after the cursor, on the sort key (since, id). */
const afterCursor = (since: SQL | unknown, id: unknown, c: BatchCursor | undefined) =>
  c === undefined ? undefined : sql`(${since}, ${id}) > (${c.createdAt.toISOString()}::timestamptz, ${c.id})`;

const yearOf = (column: unknown, year: string | undefined) =>
  year === undefined ? undefined : sql`${column} = ${year}`;

/** One more row than asked says whether there is a next page. */
function paged(rows: WaitingRow[], limit: number, total: number): WaitingPage {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page,
    total,
    next: rows.length > limit && last ? { createdAt: last.since, id: last.id } : null,
  };
}

const totalOf = (r: { n: number }[]) => r[0]?.n ?? 0;

async function acceptanceWaiting(db: Database, q: WaitingQuery): Promise<WaitingPage> {
  const where = [
    eq(batches.state, 'anchored'),
    // Set with the state by the outbox worker; the sort key must not be null.
    isNotNull(batches.anchoredAt),
    // Accepted by the district and on its way to the ledger (acceptance.ts): it waits for no one.
    sql`NOT EXISTS (SELECT 1 FROM status_events a LEFT JOIN anchor_outbox o ON o.status_event_id = a.id
      WHERE a.batch_id = ${batches.id} AND a.kind = 'accept' AND (o.state IS NULL OR o.state <> 'failed'))`,
    ...placeConditions(q),
    yearOf(batches.schoolYear, q.schoolYear),
  ];
  const [rows, n] = await Promise.all([
    db
      .select({
        id: batches.id,
        since: sql<Date>`${batches.anchoredAt}`.mapWith(batches.anchoredAt),
        schoolId: schools.id,
        schoolName: schools.name,
        districtId: schools.districtId,
        schoolYear: batches.schoolYear,
        classId: batches.classId,
        className: classes.name,
      })
      .from(batches)
      .innerJoin(schools, eq(schools.id, batches.schoolId))
      .leftJoin(classes, eq(classes.id, batches.classId))
      .where(and(...where, afterCursor(batches.anchoredAt, batches.id, q.after)))
      .orderBy(asc(batches.anchoredAt), asc(batches.id))
      .limit(q.limit + 1),
    db
      .select({ n: count() })
      .from(batches)
      .innerJoin(schools, eq(schools.id, batches.schoolId))
      .where(and(...where)),
  ]);
  return paged(
    rows.map((r) => ({
      ...r,
      kind: 'acceptance' as const,
      step: 'acceptance' as const,
      batchId: r.id,
      recordId: null,
      fromSchoolId: null,
      fromSchoolName: null,
    })),
    q.limit,
    totalOf(n),
  );
}

async function recallWaiting(db: Database, q: WaitingQuery): Promise<WaitingPage> {
  // When the school asked (its newest request), and no permission to recall granted since then.
  const since = sql<Date>`coalesce((SELECT max(r.created_at) FROM status_events r
    WHERE r.batch_id = ${batches.id} AND r.kind = 'recallRequest'), ${batches.updatedAt})`;
  const undecided = sql`NOT EXISTS (SELECT 1 FROM status_events p WHERE p.batch_id = ${batches.id}
    AND p.kind::text = 'permission' AND p.permitted_action = 'recall' AND p.created_at >= ${since})`;
  const where = [
    eq(batches.state, 'recallRequested'),
    undecided,
    ...placeConditions(q),
    yearOf(batches.schoolYear, q.schoolYear),
  ];
  const [rows, n] = await Promise.all([
    db
      .select({
        id: batches.id,
        since: since.mapWith(batches.updatedAt),
        schoolId: schools.id,
        schoolName: schools.name,
        districtId: schools.districtId,
        schoolYear: batches.schoolYear,
        classId: batches.classId,
        className: classes.name,
      })
      .from(batches)
      .innerJoin(schools, eq(schools.id, batches.schoolId))
      .leftJoin(classes, eq(classes.id, batches.classId))
      .where(and(...where, afterCursor(since, batches.id, q.after)))
      .orderBy(asc(since), asc(batches.id))
      .limit(q.limit + 1),
    db
      .select({ n: count() })
      .from(batches)
      .innerJoin(schools, eq(schools.id, batches.schoolId))
      .where(and(...where)),
  ]);
  return paged(
    rows.map((r) => ({
      ...r,
      kind: 'recall' as const,
      step: 'recallPermission' as const,
      batchId: r.id,
      recordId: null,
      fromSchoolId: null,
      fromSchoolName: null,
    })),
    q.limit,
    totalOf(n),
  );
}

async function correctionWaiting(db: Database, q: WaitingQuery): Promise<WaitingPage> {
  // Waiting for the check since it was asked; for the approval since it was checked.
  const since = sql<Date>`CASE WHEN ${correctionRequests.state} = 'checked'
    THEN coalesce(${correctionRequests.checkedAt}, ${correctionRequests.createdAt})
    ELSE ${correctionRequests.createdAt} END`;
  const where = [
    inArray(correctionRequests.state, ['requested', 'checked']),
    ...placeConditions(q),
    yearOf(enrolments.schoolYear, q.schoolYear),
  ];
  const [rows, n] = await Promise.all([
    db
      .select({
        id: correctionRequests.id,
        state: correctionRequests.state,
        since: since.mapWith(correctionRequests.createdAt),
        schoolId: schools.id,
        schoolName: schools.name,
        districtId: schools.districtId,
        schoolYear: enrolments.schoolYear,
        recordId: correctionRequests.recordVersionId,
        classId: classes.id,
        className: classes.name,
      })
      .from(correctionRequests)
      .innerJoin(recordVersions, eq(recordVersions.id, correctionRequests.recordVersionId))
      .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
      .innerJoin(classes, eq(classes.id, enrolments.classId))
      .innerJoin(schools, eq(schools.id, classes.schoolId))
      .where(and(...where, afterCursor(since, correctionRequests.id, q.after)))
      .orderBy(asc(since), asc(correctionRequests.id))
      .limit(q.limit + 1),
    db
      .select({ n: count() })
      .from(correctionRequests)
      .innerJoin(recordVersions, eq(recordVersions.id, correctionRequests.recordVersionId))
      .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
      .innerJoin(classes, eq(classes.id, enrolments.classId))
      .innerJoin(schools, eq(schools.id, classes.schoolId))
      .where(and(...where)),
  ]);
  return paged(
    rows.map(({ state, ...r }) => ({
      ...r,
      kind: 'correction' as const,
      step: state === 'checked' ? ('correctionApprove' as const) : ('correctionCheck' as const),
      batchId: null,
      fromSchoolId: null,
      fromSchoolName: null,
    })),
    q.limit,
    totalOf(n),
  );
}

async function transferWaiting(db: Database, q: WaitingQuery): Promise<WaitingPage> {
  const fromSchool = alias(schools, 'from_school');
  // The receiving school acts: its remit is the one that counts.
  const where = [eq(transfers.state, 'requested'), ...placeConditions(q)];
  const [rows, n] = await Promise.all([
    db
      .select({
        id: transfers.id,
        since: transfers.requestedAt,
        schoolId: schools.id,
        schoolName: schools.name,
        districtId: schools.districtId,
        fromSchoolId: fromSchool.id,
        fromSchoolName: fromSchool.name,
      })
      .from(transfers)
      .innerJoin(schools, eq(schools.id, transfers.toSchoolId))
      .innerJoin(fromSchool, eq(fromSchool.id, transfers.fromSchoolId))
      .where(and(...where, afterCursor(transfers.requestedAt, transfers.id, q.after)))
      .orderBy(asc(transfers.requestedAt), asc(transfers.id))
      .limit(q.limit + 1),
    db
      .select({ n: count() })
      .from(transfers)
      .innerJoin(schools, eq(schools.id, transfers.toSchoolId))
      .where(and(...where)),
  ]);
  return paged(
    rows.map((r) => ({
      ...r,
      kind: 'transfer' as const,
      step: 'transferDecision' as const,
      schoolYear: null,
      batchId: null,
      recordId: null,
      classId: null,
      className: null,
    })),
    q.limit,
    totalOf(n),
  );
}

/** One page of what waits, of one kind, in the remit and the filters, oldest first. */
export function listWaiting(db: Database, q: WaitingQuery): Promise<WaitingPage> {
  switch (q.kind) {
    case 'acceptance':
      return acceptanceWaiting(db, q);
    case 'recall':
      return recallWaiting(db, q);
    case 'correction':
      return correctionWaiting(db, q);
    case 'transfer':
      return transferWaiting(db, q);
  }
}
