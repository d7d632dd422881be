/**
 * Correction after lock (seed 001 Art. 15): request with legal basis → check → approval → new record
 * version → re-signing → replacement batch. The locked version is never edited; `newVersionId` is the
 * version that corrects it.
 */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tstz, updatedAt, uuidId } from './columns.ts';
import { correctionState } from './enums.ts';
import { recordVersions } from './records.ts';
import { users } from './users.ts';

/** One changed field of a correction (the console's side-by-side diff is a list of these). */
export interface CorrectionChange {
  pointer: string;
  from?: unknown;
  to?: unknown;
}

export const correctionRequests = pgTable(
  'correction_requests',
  {
    id: uuidId().primaryKey(),
    recordVersionId: text('record_version_id').notNull(),
    requestedBy: uuid('requested_by').notNull(),
    /**
     * The subject the correction concerns, when it concerns one (a subject teacher's or subject group's
     * remit is checked against it); null: the record as a whole.
     */
    subject: text('subject'),
    /**
     * The changed fields (migrations/0012): per field its RFC 6901 pointer, the locked value (`from`) and the
     * corrected one (`to`); absent on either side when the field is added or removed. Null: a request of
     * the older form, whose approval carries the whole corrected record.
     */
    changes: jsonb('changes').$type<CorrectionChange[]>(),
    legalBasis: text('legal_basis').notNull(),
    reason: text('reason').notNull(),
    state: correctionState('state').notNull().default('requested'),
    checkedBy: uuid('checked_by'),
    checkedAt: tstz('checked_at'),
    approverId: uuid('approver_id'),
    decidedAt: tstz('decided_at'),
    decisionNote: text('decision_note'),
    newVersionId: text('new_version_id').unique(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('correction_requests_applied', sql`(${t.state} = 'applied') = (${t.newVersionId} IS NOT NULL)`),
    check(
      'correction_requests_decided',
      sql`${t.state} NOT IN ('approved', 'rejected', 'applied') OR (${t.approverId} IS NOT NULL AND ${t.decidedAt} IS NOT NULL)`,
    ),
    foreignKey({
      name: 'correction_requests_record_version_fk',
      columns: [t.recordVersionId],
      foreignColumns: [recordVersions.id],
    }),
    foreignKey({
      name: 'correction_requests_new_version_fk',
      columns: [t.newVersionId],
      foreignColumns: [recordVersions.id],
    }),
    foreignKey({
      name: 'correction_requests_requested_by_fk',
      columns: [t.requestedBy],
      foreignColumns: [users.id],
    }),
    foreignKey({
      name: 'correction_requests_checked_by_fk',
      columns: [t.checkedBy],
      foreignColumns: [users.id],
    }),
    foreignKey({
      name: 'correction_requests_approver_fk',
      columns: [t.approverId],
      foreignColumns: [users.id],
    }),
    index('correction_requests_record_version_idx').on(t.recordVersionId),
    index('correction_requests_state_idx').on(t.state),
  ],
);
