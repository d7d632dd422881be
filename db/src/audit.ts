/**
 * The hash chain over audit_log. Each entry's hash is
 *   SHA-256(prevHash ‖ JCS(canonical entry))
 * with RFC 8785 (JCS) by the same `canonicalize` library that integrity/ uses (db/ imports nothing of
 * ours, DESIGN.md §2), so that anyone holding an export of the log can recompute the chain. The first
 * entry's prevHash is 32 zero bytes.
 *
 * Appends are serialized by a transaction-level advisory lock: two transactions never read the same head,
 * so the log stays one chain however many gateways write to it. The lock is held until the caller's
 * transaction ends; call appendAudit last in a transaction to keep that short. In a REPEATABLE READ or
 * SERIALIZABLE transaction call it first: its snapshot must not predate the lock (otherwise the primary
 * key on seq refuses the append rather than forking the chain).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import jcs from 'canonicalize';
import { asc, desc, gt, sql } from 'drizzle-orm';
import { DbError } from './errors.ts';
import { auditLog } from './schema/audit.ts';
import type { Role } from './schema/enums.ts';
import { inTransaction } from './transaction.ts';
import type { Executor } from './types.ts';

export const AUDIT_GENESIS_HASH: Uint8Array = new Uint8Array(32);

/** Any fixed number, distinct from the migration lock's. */
const AUDIT_CHAIN_LOCK = 7_305_711_050;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface AuditEntryInput {
  action: string;
  entityType: string;
  entityId?: string | null | undefined;
  actorUserId?: string | null | undefined;
  actorClientId?: string | null | undefined;
  actorRole?: Role | null | undefined;
  reason?: string | null | undefined;
  /** Identifiers, codes and counts: never personal data (see PERSONAL_KEYS). */
  details?: Record<string, Json> | undefined;
  /** Defaults to now; kept to the millisecond, which is what gets hashed. */
  at?: Date | undefined;
}

/** What is hashed: every column but the hashes, each present (null when empty). */
export interface CanonicalAuditEntry {
  v: 1;
  seq: number;
  at: string;
  actorUserId: string | null;
  actorClientId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

export type AuditRow = typeof auditLog.$inferSelect;

const sameHash = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && timingSafeEqual(a, b);

export function auditEntryHash(prevHash: Uint8Array, entry: CanonicalAuditEntry): Uint8Array {
  return new Uint8Array(
    createHash('sha256')
      .update(prevHash)
      .update(jcs(entry) as string, 'utf8')
      .digest(),
  );
}

export function canonicalAuditEntry(row: Omit<AuditRow, 'prevHash' | 'hash'>): CanonicalAuditEntry {
  return {
    v: 1,
    seq: row.seq,
    at: row.at.toISOString(),
    actorUserId: row.actorUserId,
    actorClientId: row.actorClientId,
    actorRole: row.actorRole,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    reason: row.reason,
    details: row.details,
  };
}

/**
 * Keys that name personal data (Decree 13/2023): a details object holding one is refused, so that the
 * audit log — kept for ever and exported to auditors — never becomes a copy of the biographies.
 */
const PERSONAL_KEYS = new Set(
  [
    'nationalId',
    'fullName',
    'name',
    'dateOfBirth',
    'dob',
    'birthplace',
    'ethnicity',
    'guardians',
    'biography',
    'phone',
    'email',
    'address',
    'password',
    'passwordHash',
    'secret',
  ].map((k) => k.toLowerCase()),
);

function refusePersonalData(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      refusePersonalData(v, `${path}/${i}`);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (PERSONAL_KEYS.has(k.toLowerCase())) {
        throw new DbError(
          'AUDIT_PERSONAL_DATA',
          `audit details must not hold personal data ("${path}/${k}")`,
        );
      }
      refusePersonalData(v, `${path}/${k}`);
    }
  }
}

/** Appends one entry to the chain, in the caller's transaction when given one. */
export function appendAudit(exec: Executor, entry: AuditEntryInput): Promise<AuditRow> {
  const details = entry.details ?? {};
  refusePersonalData(details, '');
  // Millisecond precision, as the column stores it: the hash is over what will be read back.
  const at = new Date((entry.at ?? new Date()).getTime());
  return inTransaction(exec, async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${sql.raw(String(AUDIT_CHAIN_LOCK))})`);
    const [head] = await tx
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.seq))
      .limit(1);
    const row = {
      seq: (head?.seq ?? 0) + 1,
      at,
      actorUserId: entry.actorUserId ?? null,
      actorClientId: entry.actorClientId ?? null,
      actorRole: entry.actorRole ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      reason: entry.reason ?? null,
      details,
    };
    const prevHash = head?.hash ?? AUDIT_GENESIS_HASH;
    const hash = auditEntryHash(prevHash, canonicalAuditEntry(row));
    const [inserted] = await tx
      .insert(auditLog)
      .values({ ...row, prevHash, hash })
      .returning();
    return inserted!;
  });
}

export type AuditChainReport =
  | { ok: true; count: number; head: Uint8Array }
  | {
      ok: false;
      /** The first entry that does not verify. */
      seq: number;
      /** gap: seq is missing (a deletion); prevHash: it does not follow its predecessor; hash: its content changed. */
      reason: 'gap' | 'prevHash' | 'hash';
      count: number;
    };

/** Recomputes the whole chain, a page at a time, and names the first entry that breaks it. */
export async function verifyAuditChain(exec: Executor, pageSize = 1000): Promise<AuditChainReport> {
  let prev = AUDIT_GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const page = await exec
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const row of page) {
      if (row.seq !== expectedSeq) return { ok: false, seq: expectedSeq, reason: 'gap', count };
      if (!sameHash(row.prevHash, prev)) return { ok: false, seq: row.seq, reason: 'prevHash', count };
      if (!sameHash(row.hash, auditEntryHash(prev, canonicalAuditEntry(row)))) {
        return { ok: false, seq: row.seq, reason: 'hash', count };
      }
      prev = row.hash;
      expectedSeq++;
      count++;
    }
    if (page.length < pageSize) return { ok: true, count, head: prev };
  }
}
