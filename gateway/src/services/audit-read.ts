/**
 * Reading the audit log (lưu vết) a page at a time, newest last, within a reader's scope. The scope is by
 * the school each entry names (details.schoolId): some schools, the schools of some districts or provinces,
 * or everything. Entries that name no school (reports, the system's) belong to the province of this
 * database: a province's officers see them when their province has schools here, nobody of another
 * province does. Which scope a role gets is the policy's (auth/policy.ts), not this module's.
 */
import { auditLog, type Database, users, verifierClients } from '@hocba/db';
import { and, asc, eq, gt, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { schoolIdsIn } from './places.ts';

export type AuditScope =
  | { kind: 'all' }
  | { kind: 'schools'; schoolIds: readonly string[] }
  | { kind: 'district' | 'province'; ids: readonly string[] };

export interface AuditPage {
  afterSeq?: number | undefined;
  limit: number;
  entityType?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  scope: AuditScope;
}

/** An entry with its actor's display name (the account's, or the verifier client's): auditors read names. */
export type AuditEntryRow = typeof auditLog.$inferSelect & { actorDisplayName: string | null };

const schoolOf = sql<string | null>`${auditLog.details}->>'schoolId'`;
// An empty IN list matches nothing; '' is no school's id.
const oneOf = (ids: readonly string[]) => inArray(schoolOf, ids.length ? [...ids] : ['']);

async function scopeCondition(db: Database, scope: AuditScope): Promise<SQL | undefined> {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'schools':
      return oneOf(scope.schoolIds);
    case 'district':
    case 'province': {
      const own = await schoolIdsIn(db, scope.kind, scope.ids);
      return scope.kind === 'province' && own.length ? or(oneOf(own), isNull(schoolOf)) : oneOf(own);
    }
  }
}

/** Entries after `afterSeq` matching the filters and the scope, at most `limit`, in sequence order. */
export async function readAuditLog(db: Database, q: AuditPage): Promise<AuditEntryRow[]> {
  const rows = await db
    .select({ entry: auditLog, userName: users.displayName, clientName: verifierClients.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(verifierClients, eq(verifierClients.id, auditLog.actorClientId))
    .where(
      and(
        gt(auditLog.seq, q.afterSeq ?? 0),
        q.entityType === undefined ? undefined : eq(auditLog.entityType, q.entityType),
        q.entityId === undefined ? undefined : eq(auditLog.entityId, q.entityId),
        q.action === undefined ? undefined : eq(auditLog.action, q.action),
        await scopeCondition(db, q.scope),
      ),
    )
    .orderBy(asc(auditLog.seq))
    .limit(q.limit);
  return rows.map((r) => ({ ...r.entry, actorDisplayName: r.userName ?? r.clientName ?? null }));
}
