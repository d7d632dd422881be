/**
 * Record versions (học bạ: one student, one school year, one version). A version's `id` is the record's
 * `recordId` (records/src/envelope.ts): a corrected record is a new version with its own id that
 * names the one it supersedes. Versions of one student-year share their enrolment.
 *
 * `record` is the JSON the gateway works with; `canonicalText` is its JCS text — the exact bytes whose
 * fields the salt commits to and the leaf hashes. From lock on these, the salt and the leaf never change:
 * a trigger (migrations/0001, 0009, 0020) refuses it, whatever the application does. Both are stored with
 * lz4 compression where the server has it (migrations/0020: a lock writes them for every version; Drizzle
 * does not model a column's compression), else the default.
 */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { bytea, byteLength, createdAt, idFormat, textId, tstz, updatedAt } from './columns.ts';
import { recordState } from './enums.ts';
import { enrolments } from './students.ts';
import { users } from './users.ts';

/** The names record_versions.salt_scheme may hold (gateway/src/salts.ts defines each; a test checks both agree). */
export const SALT_SCHEME_NAMES = ['hmac-sha256', 'aes-256-ctr'] as const;
export type SaltSchemeName = (typeof SALT_SCHEME_NAMES)[number];

export const recordVersions = pgTable(
  'record_versions',
  {
    /** The record's recordId. */
    id: textId().primaryKey(),
    enrolmentId: uuid('enrolment_id').notNull(),
    version: integer('version').notNull(),
    supersedesId: text('supersedes_id'),
    state: recordState('state').notNull().default('draft'),
    record: jsonb('record').$type<Record<string, unknown>>().notNull(),
    /** RFC 8785 text of `record` (after NFC), set at lock. */
    canonicalText: text('canonical_text'),
    /** The 32-byte recordSalt of DESIGN.md §4.2; never leaves the database except in a disclosure. */
    salt: bytea('salt'),
    /**
     * How the field salts are derived from `salt` (gateway/src/salts.ts; issue 16): set at lock with the
     * salt, frozen with it. Versions locked before migrations/0009 were salted by the HMAC, the default.
     */
    saltScheme: text('salt_scheme').$type<SaltSchemeName>().notNull().default('hmac-sha256'),
    /** SHA-256(0x00 ‖ recordDigest), 32 bytes. */
    leafHash: bytea('leaf_hash'),
    /**
     * Mã số tra cứu, printed as a QR code. It names the pupil's record of one school year: every version of
     * an enrolment keeps it (migrations/0005; a trigger refuses another enrolment's code).
     */
    lookupCode: text('lookup_code'),
    /** Ngày hiệu lực = lock time. */
    effectiveAt: tstz('effective_at'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    idFormat('record_versions_id_format', t.id),
    check('record_versions_version_positive', sql`${t.version} >= 1`),
    // As the record schema says: a version after 1, and only such a version, names what it supersedes.
    check('record_versions_supersedes', sql`(${t.version} > 1) = (${t.supersedesId} IS NOT NULL)`),
    check('record_versions_not_self', sql`${t.supersedesId} IS DISTINCT FROM ${t.id}`),
    check('record_versions_salt_size', byteLength(t.salt, 32)),
    check('record_versions_salt_scheme', sql`${t.saltScheme} IN ('hmac-sha256', 'aes-256-ctr')`),
    check('record_versions_leaf_size', byteLength(t.leafHash, 32)),
    // Locking commits a version: from then on everything the leaf depends on is present.
    check(
      'record_versions_committed_complete',
      sql`${t.state} NOT IN ('locked', 'revoked', 'superseded') OR (${t.canonicalText} IS NOT NULL AND ${t.salt} IS NOT NULL AND ${t.leafHash} IS NOT NULL AND ${t.lookupCode} IS NOT NULL AND ${t.effectiveAt} IS NOT NULL)`,
    ),
    foreignKey({
      name: 'record_versions_enrolment_fk',
      columns: [t.enrolmentId],
      foreignColumns: [enrolments.id],
    }),
    foreignKey({ name: 'record_versions_supersedes_fk', columns: [t.supersedesId], foreignColumns: [t.id] }),
    foreignKey({ name: 'record_versions_created_by_fk', columns: [t.createdBy], foreignColumns: [users.id] }),
    unique('record_versions_enrolment_version_key').on(t.enrolmentId, t.version),
    unique('record_versions_lookup_code_version_key').on(t.lookupCode, t.version),
    index('record_versions_state_idx').on(t.state),
    index('record_versions_supersedes_idx').on(t.supersedesId),
  ],
);
