/**
 * Reading the audit log (lưu vết) a page at a time within a reader's scope, filtered by actor, school,
 * action or its group, and a range of days in Vietnam's time; oldest first (the export order) or newest
 * first (what an auditor reads), with the sequence number as the keyset cursor: it is unique, gapless and
 * only grows, so a page never repeats or skips an entry however many are appended meanwhile.
 * The scope is by the school each entry names (details.schoolId): some schools, the schools of some
 * districts or provinces, or everything. Entries that name no school (reports, the system's) belong to the
 * province of this database: a province's officers see them when their province has schools here, nobody
 * of another province does. Which scope a role gets is the policy's (auth/policy.ts), not this module's.
 */
import {
  auditLog,
  batches,
  classes,
  type Database,
  districts,
  schools,
  users,
  verifierClients,
} from '@hocba/db';
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { type AuditGroup, actionsOfGroup } from './audit-actions.ts';
import { schoolIdsIn } from './places.ts';

export type AuditScope =
  | { kind: 'all' }
  | { kind: 'schools'; schoolIds: readonly string[] }
  | { kind: 'district' | 'province'; ids: readonly string[] };

export interface AuditFilter {
  entityType?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  group?: AuditGroup | undefined;
  schoolId?: string | undefined;
  actorUserId?: string | undefined;
  /** The actor's login, as the auditor types it (any case). */
  actorLogin?: string | undefined;
  /** From this instant on (the start of a day in Vietnam: vietnamDayStart). */
  since?: Date | undefined;
  /** Before this instant (the start of the day after the last one asked for). */
  until?: Date | undefined;
}

export interface AuditPage extends AuditFilter {
  /** 'asc': oldest first, after `afterSeq`; 'desc': newest first, before `beforeSeq`. */
  order?: 'asc' | 'desc' | undefined;
  afterSeq?: number | undefined;
  beforeSeq?: number | undefined;
  limit: number;
  scope: AuditScope;
}

/** An entry with the words around it: its actor's display name, its school's and its class's names. */
export type AuditEntryRow = typeof auditLog.$inferSelect & {
  actorDisplayName: string | null;
  schoolName: string | null;
  className: string | null;
};

/** Vietnam keeps UTC+7 all year (no daylight saving): a day there starts at 17:00 UTC the day before. */
const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** The instant a day (YYYY-MM-DD) starts in Vietnam. */
export function vietnamDayStart(isoDate: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) - VIETNAM_OFFSET_MS);
}

/** The instant the day after `isoDate` starts in Vietnam: the end of a range that includes that day. */
export const vietnamDayEnd = (isoDate: string): Date =>
  new Date(vietnamDayStart(isoDate).getTime() + 86_400_000);

const schoolOf = sql<string | null>`${auditLog.details}->>'schoolId'`;
const classOf = sql<string | null>`${auditLog.details}->>'classId'`;
// An empty IN list matches nothing; '' is no school's id.
const oneOf = (ids: readonly string[]) => inArray(schoolOf, ids.length ? [...ids] : ['']);

/** The schools a scope reaches (undefined: every school). */
async function scopeSchools(db: Database, scope: AuditScope): Promise<readonly string[] | undefined> {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'schools':
      return scope.schoolIds;
    case 'district':
    case 'province':
      return schoolIdsIn(db, scope.kind, scope.ids);
  }
}

async function scopeCondition(db: Database, scope: AuditScope): Promise<SQL | undefined> {
  const own = await scopeSchools(db, scope);
  if (own === undefined) return undefined;
  return scope.kind === 'province' && own.length ? or(oneOf(own), isNull(schoolOf)) : oneOf(own);
}

function filterConditions(q: AuditFilter): (SQL | undefined)[] {
  return [
    q.entityType === undefined ? undefined : eq(auditLog.entityType, q.entityType),
    q.entityId === undefined ? undefined : eq(auditLog.entityId, q.entityId),
    q.action === undefined ? undefined : eq(auditLog.action, q.action),
    q.group === undefined ? undefined : inArray(auditLog.action, actionsOfGroup(q.group)),
    q.schoolId === undefined ? undefined : eq(schoolOf, q.schoolId),
    q.actorUserId === undefined ? undefined : eq(auditLog.actorUserId, q.actorUserId),
    q.actorLogin === undefined ? undefined : sql`lower(${users.login}) = lower(${q.actorLogin})`,
    q.since === undefined ? undefined : gte(auditLog.at, q.since),
    q.until === undefined ? undefined : lt(auditLog.at, q.until),
  ];
}

/** One page of the entries matching the filters and the scope, at most `limit`, in `order` of sequence. */
export async function readAuditLog(db: Database, q: AuditPage): Promise<AuditEntryRow[]> {
  const newestFirst = q.order === 'desc';
  const cursor = newestFirst
    ? q.beforeSeq === undefined
      ? undefined
      : lt(auditLog.seq, q.beforeSeq)
    : gt(auditLog.seq, q.afterSeq ?? 0);
  const rows = await db
    .select({
      entry: auditLog,
      userName: users.displayName,
      clientName: verifierClients.name,
      schoolName: schools.name,
      className: classes.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(verifierClients, eq(verifierClients.id, auditLog.actorClientId))
    .leftJoin(schools, eq(schools.id, schoolOf))
    // The class an entry is about: named in its details (a lock), else its batch's class.
    .leftJoin(batches, and(eq(auditLog.entityType, 'batch'), eq(batches.id, auditLog.entityId)))
    .leftJoin(classes, eq(classes.id, sql`coalesce(${classOf}, ${batches.classId})`))
    .where(and(cursor, ...filterConditions(q), await scopeCondition(db, q.scope)))
    .orderBy(newestFirst ? desc(auditLog.seq) : asc(auditLog.seq))
    .limit(q.limit);
  return rows.map((r) => ({
    ...r.entry,
    actorDisplayName: r.userName ?? r.clientName ?? null,
    schoolName: r.schoolName,
    className: r.className,
  }));
}

export interface AuditChoices {
  schools: { id: string; name: string; districtName: string }[];
  actors: { userId: string; login: string; displayName: string }[];
}

/** What the filters offer a reader: the schools of its scope, and the accounts that acted within it. */
export async function auditChoices(db: Database, scope: AuditScope): Promise<AuditChoices> {
  const own = await scopeSchools(db, scope);
  const schoolRows = await db
    .select({ id: schools.id, name: schools.name, districtName: districts.name })
    .from(schools)
    .innerJoin(districts, eq(districts.id, schools.districtId))
    .where(own === undefined ? undefined : inArray(schools.id, own.length ? [...own] : ['']))
    .orderBy(asc(schools.name));
  const actorRows = await db
    .selectDistinct({ userId: users.id, login: users.login, displayName: users.displayName })
    .from(auditLog)
    .innerJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(isNotNull(auditLog.actorUserId), await scopeCondition(db, scope)))
    .orderBy(asc(users.displayName), asc(users.login));
  return { schools: schoolRows, actors: actorRows };
}
