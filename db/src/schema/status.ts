/**
 * Status changes that become ledger facts (DESIGN.md §4.6): revocation of one record (by batch and leaf),
 * a recall request and the recall of a batch, its replacement by a batch that names it, the province's
 * permission for one of these, and the district's acceptance. Each carries
 * the reason code (the only part that goes on chain), the legal basis and who approved it.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { batches, batchMembers } from './batches.ts';
import { createdAt, tstz, uuidId } from './columns.ts';
import { statusEventKind } from './enums.ts';
import { recordVersions } from './records.ts';
import { users } from './users.ts';

export const statusEvents = pgTable(
  'status_events',
  {
    id: uuidId().primaryKey(),
    kind: statusEventKind('kind').notNull(),
    batchId: text('batch_id').notNull(),
    /** The revoked record, for kind revoke; its leaf is its batch_members row's (one fact, one place). */
    recordVersionId: text('record_version_id'),
    /** The new batch, for kind replace. */
    replacementBatchId: text('replacement_batch_id'),
    reasonCode: text('reason_code').notNull(),
    /** Căn cứ pháp lý: the decision or article the action rests on. */
    legalBasis: text('legal_basis').notNull(),
    requestedBy: uuid('requested_by').notNull(),
    approvedBy: uuid('approved_by'),
    approvedAt: tstz('approved_at'),
    /** For kind permission (migrations/0002): the action allowed (revoke, recall, replace) and until when. */
    permittedAction: text('permitted_action'),
    validUntil: tstz('valid_until'),
    ledgerTxId: text('ledger_tx_id').unique(),
    blockNumber: bigint('block_number', { mode: 'number' }),
    anchoredAt: tstz('anchored_at'),
    createdAt: createdAt(),
  },
  (t) => [
    check('status_events_revoke_target', sql`(${t.kind} = 'revoke') = (${t.recordVersionId} IS NOT NULL)`),
    check(
      'status_events_replace_target',
      sql`(${t.kind} = 'replace') = (${t.replacementBatchId} IS NOT NULL)`,
    ),
    // ::text: the enum value is added by the same migration, and Postgres refuses an uncommitted enum
    // value as a literal (55P04).
    check(
      'status_events_permission',
      sql`(${t.kind}::text = 'permission') = (${t.permittedAction} IS NOT NULL AND ${t.validUntil} IS NOT NULL)`,
    ),
    check(
      'status_events_permitted_action',
      sql`${t.permittedAction} IS NULL OR ${t.permittedAction} IN ('revoke', 'recall', 'replace')`,
    ),
    foreignKey({ name: 'status_events_batch_fk', columns: [t.batchId], foreignColumns: [batches.id] }),
    foreignKey({
      name: 'status_events_record_version_fk',
      columns: [t.recordVersionId],
      foreignColumns: [recordVersions.id],
    }),
    // A revocation names a member of that batch.
    foreignKey({
      name: 'status_events_member_fk',
      columns: [t.batchId, t.recordVersionId],
      foreignColumns: [batchMembers.batchId, batchMembers.recordVersionId],
    }),
    foreignKey({
      name: 'status_events_replacement_batch_fk',
      columns: [t.replacementBatchId],
      foreignColumns: [batches.id],
    }),
    foreignKey({
      name: 'status_events_requested_by_fk',
      columns: [t.requestedBy],
      foreignColumns: [users.id],
    }),
    foreignKey({ name: 'status_events_approved_by_fk', columns: [t.approvedBy], foreignColumns: [users.id] }),
    index('status_events_batch_idx').on(t.batchId),
    index('status_events_record_version_idx').on(t.recordVersionId),
  ],
);
