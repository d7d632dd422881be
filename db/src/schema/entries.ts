/**
 * Per-subject entries of a record version (results, comments entered by the subject's teacher) and the
 * signatures on a version. Signatures are kept per role so that the vendor systems' way — XML-DSig by
 * each subject teacher, the homeroom teacher and the principal, then the school's seal — fits beside the
 * batch CMS (DESIGN.md §3); importing and verifying those is a later issue.
 */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { bytea, byteLength, createdAt, tstz, updatedAt, uuidId } from './columns.ts';
import { signatureKind, signerRole } from './enums.ts';
import { recordVersions } from './records.ts';
import { users } from './users.ts';

export const recordEntries = pgTable(
  'record_entries',
  {
    id: uuidId().primaryKey(),
    recordVersionId: text('record_version_id').notNull(),
    /** Subject code as the record's results use it. */
    subject: text('subject').notNull(),
    teacherId: uuid('teacher_id').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    enteredAt: tstz('entered_at').notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: 'record_entries_record_version_fk',
      columns: [t.recordVersionId],
      foreignColumns: [recordVersions.id],
    }),
    foreignKey({ name: 'record_entries_teacher_fk', columns: [t.teacherId], foreignColumns: [users.id] }),
    unique('record_entries_version_subject_key').on(t.recordVersionId, t.subject),
    // Target of signatures' (entry, version) key: a signature covers an entry of its own version.
    unique('record_entries_id_version_key').on(t.id, t.recordVersionId),
    index('record_entries_teacher_idx').on(t.teacherId),
  ],
);

export const signatures = pgTable(
  'signatures',
  {
    id: uuidId().primaryKey(),
    recordVersionId: text('record_version_id').notNull(),
    /** The entry a subject teacher's signature covers; null for signatures over the whole version. */
    entryId: uuid('entry_id'),
    signerRole: signerRole('signer_role').notNull(),
    /** Our user, when the signer is one; an imported signature may come from someone we do not know. */
    signerUserId: uuid('signer_user_id'),
    /** The person's name or the certificate's subject, as it should be shown. */
    signerName: text('signer_name'),
    kind: signatureKind('kind').notNull(),
    /** The signature (CMS DER, signed XML as UTF-8, …); none for an attestation. */
    value: bytea('value'),
    /** SHA-256 of what was signed, so that a changed entry shows as no longer signed. */
    signedDigest: bytea('signed_digest'),
    certificateFingerprint: text('certificate_fingerprint'),
    signedAt: tstz('signed_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('signatures_value_present', sql`${t.kind} = 'attestation' OR ${t.value} IS NOT NULL`),
    // As in the record schema: the seal is the school's, and the school signs with its seal.
    check('signatures_seal_is_school', sql`(${t.kind} = 'seal') = (${t.signerRole} = 'school')`),
    check('signatures_digest_size', byteLength(t.signedDigest, 32)),
    foreignKey({
      name: 'signatures_record_version_fk',
      columns: [t.recordVersionId],
      foreignColumns: [recordVersions.id],
    }),
    foreignKey({
      name: 'signatures_entry_fk',
      columns: [t.entryId, t.recordVersionId],
      foreignColumns: [recordEntries.id, recordEntries.recordVersionId],
    }),
    foreignKey({ name: 'signatures_signer_user_fk', columns: [t.signerUserId], foreignColumns: [users.id] }),
    index('signatures_record_version_idx').on(t.recordVersionId),
    index('signatures_entry_idx').on(t.entryId),
  ],
);
