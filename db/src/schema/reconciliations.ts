/**
 * The Ministry's audit reconciliation (issue 14): each run compares the database with the ledger for a
 * scope (a province, a district or a school; a school year or all) and keeps what it found, so that a run's
 * result stays for the audit (migrations/0018). A run is written when it starts (`finishedAt` null), its
 * counts as it goes, and is closed once; its findings are append-only (a trigger refuses any change).
 */
import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tstz, uuidId } from './columns.ts';
import { role } from './enums.ts';
import { users } from './users.ts';

/** What a run was asked to compare; absent keys mean "all" (the Ministry) or the caller's own remit. */
export interface ReconciliationScope {
  provinceId?: string;
  districtId?: string;
  schoolId?: string;
  schoolYear?: string;
}

export const RECONCILIATION_STATES = ['running', 'done', 'failed'] as const;
export type ReconciliationState = (typeof RECONCILIATION_STATES)[number];

export const reconciliationRuns = pgTable(
  'reconciliation_runs',
  {
    id: uuidId().primaryKey(),
    actorUserId: uuid('actor_user_id'),
    actorRole: role('actor_role'),
    scope: jsonb('scope').$type<ReconciliationScope>().notNull(),
    state: text('state').$type<ReconciliationState>().notNull().default('running'),
    startedAt: tstz('started_at').notNull(),
    finishedAt: tstz('finished_at'),
    /** Moved on while the run works; a running run whose heartbeat stopped was interrupted (migration 0022). */
    heartbeatAt: tstz('heartbeat_at'),
    checkedBatches: integer('checked_batches').notNull().default(0),
    checkedRecords: integer('checked_records').notNull().default(0),
    findingCount: integer('finding_count').notNull().default(0),
    /** Why a failed run stopped (a code: LEDGER_UNAVAILABLE…), never personal data. */
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [
    check('reconciliation_runs_state', sql`${t.state} IN ('running', 'done', 'failed')`),
    check('reconciliation_runs_finished', sql`(${t.state} = 'running') = (${t.finishedAt} IS NULL)`),
    check(
      'reconciliation_runs_counts',
      sql`${t.checkedBatches} >= 0 AND ${t.checkedRecords} >= 0 AND ${t.findingCount} >= 0`,
    ),
    foreignKey({
      name: 'reconciliation_runs_actor_fk',
      columns: [t.actorUserId],
      foreignColumns: [users.id],
    }),
    index('reconciliation_runs_started_idx').on(t.startedAt, t.id),
  ],
);

export const reconciliationFindings = pgTable(
  'reconciliation_findings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    runId: uuid('run_id').notNull(),
    /** The order the run found it in (1…). */
    seq: integer('seq').notNull(),
    /** A stable kind (services/audit-reconciliation.ts, FINDING_KINDS). */
    kind: text('kind').notNull(),
    schoolId: text('school_id'),
    batchId: text('batch_id'),
    /** The record version (recordId) concerned, when one is. */
    recordId: text('record_id'),
    /** Where the record sits in its batch's tree: what a person finds it by without personal data. */
    leafIndex: integer('leaf_index'),
    classId: text('class_id'),
    expected: text('expected'),
    actual: text('actual'),
    messageVi: text('message_vi').notNull(),
    messageEn: text('message_en').notNull(),
  },
  (t) => [
    check('reconciliation_findings_seq', sql`${t.seq} >= 1`),
    foreignKey({
      name: 'reconciliation_findings_run_fk',
      columns: [t.runId],
      foreignColumns: [reconciliationRuns.id],
    }),
    index('reconciliation_findings_run_idx').on(t.runId, t.seq),
  ],
);
