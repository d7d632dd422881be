/**
 * The province's yearly reports to the Ministry (seed 000 Art. 4 §3e: by 10/7, supplementary by 15/8) as
 * the gateway submitted them (migrations/0002): the year's anchored batches in anchoring order, their
 * RFC 9162 root, and the two ledger transactions — the province's submission and the Ministry's
 * acknowledgement. `seq` is the ledger's: 1 the report, 2… the supplementary ones.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  foreignKey,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, schoolYearCheck, tstz, updatedAt, uuidId } from './columns.ts';
import { users } from './users.ts';

export const yearReports = pgTable(
  'year_reports',
  {
    id: uuidId().primaryKey(),
    schoolYear: text('school_year').notNull(),
    seq: integer('seq').notNull(),
    /** Hex of the report root over the batch roots. */
    root: text('root').notNull(),
    batchIds: jsonb('batch_ids').$type<string[]>().notNull(),
    batchCount: integer('batch_count').notNull(),
    /** The listed batches still waiting for their district's acceptance (seed 000 Art. 4 §3c), reported as such. */
    waitingBatchIds: jsonb('waiting_batch_ids').$type<string[]>().notNull().default([]),
    submittedBy: uuid('submitted_by').notNull(),
    ledgerTxId: text('ledger_tx_id').unique(),
    blockNumber: bigint('block_number', { mode: 'number' }),
    submittedAt: tstz('submitted_at'),
    /** The ledger's verdict against the calendar's deadline (10/7 for seq 1, 15/8 after). */
    onTime: boolean('on_time'),
    acknowledgedBy: uuid('acknowledged_by'),
    acknowledgedAt: tstz('acknowledged_at'),
    ackLedgerTxId: text('ack_ledger_tx_id').unique(),
    ackBlockNumber: bigint('ack_block_number', { mode: 'number' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    schoolYearCheck('year_reports_school_year_format', t.schoolYear),
    check('year_reports_seq_positive', sql`${t.seq} >= 1`),
    check('year_reports_root_format', sql`${t.root} ~ '^[0-9a-f]{64}$'`),
    check('year_reports_count', sql`${t.batchCount} >= 1`),
    foreignKey({
      name: 'year_reports_submitted_by_fk',
      columns: [t.submittedBy],
      foreignColumns: [users.id],
    }),
    foreignKey({
      name: 'year_reports_acknowledged_by_fk',
      columns: [t.acknowledgedBy],
      foreignColumns: [users.id],
    }),
    unique('year_reports_year_seq_key').on(t.schoolYear, t.seq),
  ],
);
