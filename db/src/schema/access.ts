/**
 * The access log (issue 12 point 7; seed 000 Điều 3.2: access to records must be traceable): every staff
 * read of a record or a class, and every public lookup by code and date of birth. Apart from the audit log
 * on purpose: the audit log's hash chain serializes its appends under one lock, and a public lookup is a hot
 * path; this table takes batched inserts (the gateway's AccessLogWriter) and no lock. It is append-only
 * (migrations/0006: a trigger refuses UPDATE, DELETE and TRUNCATE, HB004).
 *
 * No personal data: a public lookup is kept as the SHA-256 of its (canonical) lookup code, its outcome and
 * its time — never the date of birth, never the caller's IP. The place columns (school, district, province)
 * are the object's, copied at write time so that an officer's scope filter needs no join. No foreign keys:
 * a log line must never be refused for what it names (the reader is the verified token's subject).
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { bytea, byteLength, tstz } from './columns.ts';
import { role } from './enums.ts';

/** Who read: a signed-in member of staff, or anyone through the public lookup. */
export const ACCESS_KINDS = ['staff', 'public'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

/**
 * What came of it. Staff reads: ok, refused (403), notFound, invalid (400), error (5xx). Public lookups:
 * the report's verdict (valid, invalid, incomplete), notFound (unknown code or wrong date: one outcome, as
 * the answer), invalidCode, notSigned, refused (429), error.
 */
export const ACCESS_OUTCOMES = [
  'ok',
  'valid',
  'invalid',
  'incomplete',
  'notFound',
  'invalidCode',
  'notSigned',
  'refused',
  'error',
] as const;
export type AccessOutcome = (typeof ACCESS_OUTCOMES)[number];

export const accessLog = pgTable(
  'access_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: tstz('at').notNull(),
    kind: text('kind').$type<AccessKind>().notNull(),
    actorUserId: uuid('actor_user_id'),
    actorClientId: uuid('actor_client_id'),
    actorRole: role('actor_role'),
    /** The route read, by its pattern (e.g. `GET /v1/records/:recordId`). */
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    /** The object read (a record version, a class, a student); null for a public lookup. */
    entityId: text('entity_id'),
    schoolId: text('school_id'),
    districtId: text('district_id'),
    provinceId: text('province_id'),
    /** Public lookups: SHA-256 of the canonical lookup code (null when the code could not be read). */
    codeHash: bytea('code_hash'),
    outcome: text('outcome').$type<AccessOutcome>().notNull(),
  },
  (t) => [
    check('access_log_kind', sql`${t.kind} IN ('staff', 'public')`),
    check(
      'access_log_outcome',
      sql`${t.outcome} IN ('ok', 'valid', 'invalid', 'incomplete', 'notFound', 'invalidCode', 'notSigned', 'refused', 'error')`,
    ),
    check('access_log_code_hash_size', sql`${t.codeHash} IS NULL OR ${byteLength(t.codeHash, 32)}`),
    // A staff read names its reader; a public lookup names nobody.
    check(
      'access_log_actor',
      sql`(${t.kind} = 'staff') = (${t.actorUserId} IS NOT NULL OR ${t.actorClientId} IS NOT NULL)`,
    ),
    index('access_log_entity_idx').on(t.entityType, t.entityId),
    index('access_log_school_idx').on(t.schoolId),
    index('access_log_code_hash_idx').on(t.codeHash),
  ],
);
