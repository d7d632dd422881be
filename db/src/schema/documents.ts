/**
 * The document issue log (migrations/0008; issue 15 point 2; the draft circular on học bạ số, DESIGN.md §7a:
 * every electronic copy or extract issued is logged): one row per PDF the gateway issues — the full học bạ
 * or an extract (trích sao), by the school's staff or by the holder — naming who, when, which record
 * version (its batch and leaf) and which fields. Never the content: the fields are their JSON Pointers.
 * Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE, HB005), as the access log.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { tstz, uuidId } from './columns.ts';
import { role } from './enums.ts';

/** The whole học bạ of a school year, or an extract of chosen fields. */
export const DOCUMENT_KINDS = ['full', 'extract'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Who asked: the school's staff, or the holder (the student or a guardian) for their own record. */
export const DOCUMENT_ISSUERS = ['staff', 'holder'] as const;
export type DocumentIssuer = (typeof DOCUMENT_ISSUERS)[number];

export const documentIssues = pgTable(
  'document_issues',
  {
    id: uuidId().primaryKey(),
    issuedAt: tstz('issued_at').notNull(),
    issuer: text('issuer').$type<DocumentIssuer>().notNull(),
    /** The signed-in user (staff, student or guardian) and the role they acted in. */
    actorUserId: uuid('actor_user_id').notNull(),
    actorRole: role('actor_role').notNull(),
    kind: text('kind').$type<DocumentKind>().notNull(),
    /** The record version issued, and where it is committed: its batch and leaf. */
    recordVersionId: text('record_version_id').notNull(),
    batchId: text('batch_id').notNull(),
    leafIndex: integer('leaf_index').notNull(),
    /** The record's school, copied so that a staff read of the log filters by scope without a join. */
    schoolId: text('school_id').notNull(),
    /** The fields disclosed, as JSON Pointers; null for a full học bạ (every field). */
    pointers: jsonb('pointers').$type<string[]>(),
  },
  (t) => [
    check('document_issues_kind', sql`${t.kind} IN ('full', 'extract')`),
    check('document_issues_issuer', sql`${t.issuer} IN ('staff', 'holder')`),
    check('document_issues_leaf_index', sql`${t.leafIndex} >= 0`),
    // A full học bạ discloses every field; an extract names the ones it discloses.
    check('document_issues_pointers', sql`(${t.kind} = 'full') = (${t.pointers} IS NULL)`),
    index('document_issues_record_idx').on(t.recordVersionId),
    index('document_issues_school_idx').on(t.schoolId),
  ],
);
