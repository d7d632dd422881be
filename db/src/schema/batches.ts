/**
 * Batches (a class's or a school's locked records, one Merkle tree, one signed manifest, one anchor) and
 * their members with inclusion proofs. After assembling, what was signed never changes: triggers in
 * migrations/0001 refuse edits of the manifest, CMS, root and members once a batch is signed.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  bytea,
  byteLength,
  createdAt,
  hashList,
  idFormat,
  schoolYearCheck,
  textId,
  tstz,
  updatedAt,
} from './columns.ts';
import { batchKind, batchState } from './enums.ts';
import { recordVersions } from './records.ts';
import { classes, schools } from './schools.ts';
import { users } from './users.ts';

export const batches = pgTable(
  'batches',
  {
    /** The manifest's batchId. */
    id: textId().primaryKey(),
    schoolId: text('school_id').notNull(),
    schoolYear: text('school_year').notNull(),
    /** The class of a class batch; null for a school batch. */
    classId: text('class_id'),
    kind: batchKind('kind').notNull(),
    supersedesId: text('supersedes_id'),
    state: batchState('state').notNull().default('assembling'),
    /** The manifest's JCS text: the bytes the principal signs. */
    manifestText: text('manifest_text'),
    manifestHash: bytea('manifest_hash'),
    /** CMS SignedData (DER) over the manifest bytes. */
    cms: bytea('cms'),
    root: bytea('root'),
    leafCount: integer('leaf_count'),
    /** SHA-256 (hex) of the signer's DER certificate: the manifest's signerCert. */
    signerCertFingerprint: text('signer_cert_fingerprint'),
    lockedAt: tstz('locked_at'),
    ledgerTxId: text('ledger_tx_id'),
    blockNumber: bigint('block_number', { mode: 'number' }),
    anchoredAt: tstz('anchored_at'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    idFormat('batches_id_format', t.id),
    schoolYearCheck('batches_school_year_format', t.schoolYear),
    // As the manifest says: a replacement, and only a replacement, names the batch it supersedes.
    check('batches_supersedes', sql`(${t.kind} = 'replacement') = (${t.supersedesId} IS NOT NULL)`),
    check('batches_not_self', sql`${t.supersedesId} IS DISTINCT FROM ${t.id}`),
    check('batches_manifest_hash_size', byteLength(t.manifestHash, 32)),
    check('batches_root_size', byteLength(t.root, 32)),
    check('batches_leaf_count_positive', sql`${t.leafCount} >= 1`),
    check('batches_fingerprint_format', sql`${t.signerCertFingerprint} ~ '^[0-9a-f]{64}$'`),
    // Once signed, the batch carries everything a verifier needs.
    check(
      'batches_signed_complete',
      sql`${t.state} = 'assembling' OR (${t.manifestText} IS NOT NULL AND ${t.manifestHash} IS NOT NULL AND ${t.cms} IS NOT NULL AND ${t.root} IS NOT NULL AND ${t.leafCount} IS NOT NULL AND ${t.signerCertFingerprint} IS NOT NULL AND ${t.lockedAt} IS NOT NULL)`,
    ),
    foreignKey({ name: 'batches_school_fk', columns: [t.schoolId], foreignColumns: [schools.id] }),
    foreignKey({ name: 'batches_class_fk', columns: [t.classId], foreignColumns: [classes.id] }),
    foreignKey({ name: 'batches_supersedes_fk', columns: [t.supersedesId], foreignColumns: [t.id] }),
    foreignKey({ name: 'batches_created_by_fk', columns: [t.createdBy], foreignColumns: [users.id] }),
    index('batches_school_year_idx').on(t.schoolId, t.schoolYear),
    index('batches_class_idx').on(t.classId),
    index('batches_state_idx').on(t.state),
    // The list's keyset order (GET /v1/batches, migrations/0014): everything, or one school's.
    index('batches_created_idx').on(t.createdAt, t.id),
    index('batches_school_created_idx').on(t.schoolId, t.createdAt, t.id),
    // What waits for the district's acceptance, oldest first (GET /v1/oversight/waiting, migrations/0016).
    index('batches_state_anchored_idx').on(t.state, t.anchoredAt, t.id),
    // A batch is replaced at most once.
    unique('batches_supersedes_key').on(t.supersedesId),
    unique('batches_ledger_tx_key').on(t.ledgerTxId),
  ],
);

export const batchMembers = pgTable(
  'batch_members',
  {
    batchId: text('batch_id').notNull(),
    recordVersionId: text('record_version_id').notNull(),
    /** Position of the leaf in the batch's tree (0-based, RFC 9162 order). */
    leafIndex: integer('leaf_index').notNull(),
    /** RFC 9162 §2.1.3 inclusion proof: the sibling hashes from the leaf up. */
    inclusionProof: hashList('inclusion_proof').notNull(),
  },
  (t) => [
    primaryKey({ name: 'batch_members_pkey', columns: [t.batchId, t.leafIndex] }),
    check('batch_members_leaf_index', sql`${t.leafIndex} >= 0`),
    check('batch_members_proof_shape', sql`octet_length(${t.inclusionProof}) % 32 = 0`),
    foreignKey({ name: 'batch_members_batch_fk', columns: [t.batchId], foreignColumns: [batches.id] }),
    foreignKey({
      name: 'batch_members_record_version_fk',
      columns: [t.recordVersionId],
      foreignColumns: [recordVersions.id],
    }),
    unique('batch_members_batch_record_key').on(t.batchId, t.recordVersionId),
    // From a record (lookup code → version) to its batch and proof.
    index('batch_members_record_version_idx').on(t.recordVersionId),
  ],
);
