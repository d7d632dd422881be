/**
 * The anchoring outbox (transactional outbox): a state change that must reach the ledger writes its row
 * here in the same transaction, and a worker submits it afterwards. `key` makes every ledger action
 * idempotent (e.g. `anchorBatch:<batchId>`), so a row survives a crash between the ledger's commit and
 * ours and is then reconciled instead of submitted twice. See src/outbox.ts.
 *
 * `nextAttemptAt` is the earliest time a worker may take the row: for a pending row the backoff, for a
 * row being submitted the end of the claimer's lease (after which another worker may take it over).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { batches } from './batches.ts';
import { createdAt, tstz, updatedAt } from './columns.ts';
import { outboxAction, outboxState } from './enums.ts';
import { statusEvents } from './status.ts';

export const anchorOutbox = pgTable(
  'anchor_outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    key: text('key').notNull().unique(),
    action: outboxAction('action').notNull(),
    batchId: text('batch_id'),
    statusEventId: uuid('status_event_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    state: outboxState('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at').notNull().defaultNow(),
    claimedAt: tstz('claimed_at'),
    lastError: text('last_error'),
    ledgerTxId: text('ledger_tx_id'),
    doneAt: tstz('done_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('anchor_outbox_attempts', sql`${t.attempts} >= 0`),
    check('anchor_outbox_done_at', sql`(${t.state} = 'done') = (${t.doneAt} IS NOT NULL)`),
    foreignKey({ name: 'anchor_outbox_batch_fk', columns: [t.batchId], foreignColumns: [batches.id] }),
    foreignKey({
      name: 'anchor_outbox_status_event_fk',
      columns: [t.statusEventId],
      foreignColumns: [statusEvents.id],
    }),
    // One batch-level action of each kind per batch (anchor, recall, accept…); per-record actions
    // (revocations) are told apart by their status event.
    uniqueIndex('anchor_outbox_batch_action_key')
      .on(t.batchId, t.action)
      .where(sql`${t.statusEventId} IS NULL`),
    // What the worker scans: due rows, oldest first.
    index('anchor_outbox_due_idx').on(t.state, t.nextAttemptAt),
  ],
);

/** How far each ledger event listener has read, so that it resumes there after a restart. */
export const ledgerCheckpoints = pgTable('ledger_checkpoints', {
  /** The listener (e.g. `reconciler`). */
  name: text('name').primaryKey(),
  channel: text('channel').notNull(),
  /** The next block to read. */
  blockNumber: bigint('block_number', { mode: 'number' }).notNull(),
  /** The last transaction handled within the previous block, when the listener stopped mid-block. */
  txId: text('tx_id'),
  updatedAt: updatedAt(),
});
