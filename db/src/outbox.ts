/**
 * The anchoring outbox's life: enqueue (in the transaction of the state change it announces), claim (a
 * worker takes due rows; FOR UPDATE SKIP LOCKED lets several workers share the queue without taking the
 * same row or waiting on each other), then done, retry or failed.
 *
 * A claim is a lease: the row moves to `submitting` with `nextAttemptAt` = now + lease. A worker killed
 * mid-submission leaves it there; once the lease ends another claim takes it again, and the ledger's
 * idempotency by `key` (plus reconciliation from ledger events) keeps the action single. `attempts` is the
 * fencing token: a worker whose lease was taken over can no longer mark the row.
 */
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { DbError } from './errors.ts';
import type { OutboxAction } from './schema/enums.ts';
import { anchorOutbox } from './schema/outbox.ts';
import type { Executor } from './types.ts';

export type OutboxRow = typeof anchorOutbox.$inferSelect;

export interface OutboxEntryInput {
  action: OutboxAction;
  batchId?: string | undefined;
  statusEventId?: string | undefined;
  /** Idempotency key; defaults to `<action>:<statusEventId or batchId>`. */
  key?: string | undefined;
  payload: Record<string, unknown>;
  /** Earliest submission (default: at once). */
  notBefore?: Date | undefined;
}

/**
 * Adds a row unless one with the same key exists (then returns that one, `created: false`): enqueuing
 * again after a retried request is harmless. Pass the transaction that makes the state change.
 */
export async function enqueueOutbox(
  exec: Executor,
  entry: OutboxEntryInput,
): Promise<{ row: OutboxRow; created: boolean }> {
  const subject = entry.statusEventId ?? entry.batchId;
  const key = entry.key ?? (subject === undefined ? undefined : `${entry.action}:${subject}`);
  if (key === undefined) {
    throw new DbError('OUTBOX_KEY_MISSING', 'an outbox entry needs a key, a batchId or a statusEventId');
  }
  const [inserted] = await exec
    .insert(anchorOutbox)
    .values({
      key,
      action: entry.action,
      batchId: entry.batchId ?? null,
      statusEventId: entry.statusEventId ?? null,
      payload: entry.payload,
      ...(entry.notBefore ? { nextAttemptAt: entry.notBefore } : {}),
    })
    .onConflictDoNothing({ target: anchorOutbox.key })
    .returning();
  if (inserted) return { row: inserted, created: true };
  const [existing] = await exec.select().from(anchorOutbox).where(eq(anchorOutbox.key, key));
  return { row: existing!, created: false };
}

export interface ClaimOptions {
  /** How long the claimer owns the rows before another worker may take them over (default 60 s). */
  leaseMs?: number;
  /**
   * Only rows of these actions (default: every action). Workers that share the table each claim their
   * own actions, so that none takes — and holds for a lease — a row it does not submit.
   */
  actions?: readonly OutboxAction[];
}

/**
 * Claims up to `limit` due rows — pending ones whose backoff has passed and submitting ones whose lease
 * has ended — oldest first. One statement: the claim commits on its own unless `exec` is a transaction.
 */
export async function claimOutbox(
  exec: Executor,
  now: Date,
  limit: number,
  options: ClaimOptions = {},
): Promise<OutboxRow[]> {
  const leaseEnd = new Date(now.getTime() + (options.leaseMs ?? 60_000));
  const due = exec
    .select({ id: anchorOutbox.id })
    .from(anchorOutbox)
    .where(
      and(
        inArray(anchorOutbox.state, ['pending', 'submitting']),
        lte(anchorOutbox.nextAttemptAt, now),
        options.actions === undefined ? undefined : inArray(anchorOutbox.action, [...options.actions]),
      ),
    )
    .orderBy(asc(anchorOutbox.nextAttemptAt), asc(anchorOutbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const claimed = await exec
    .update(anchorOutbox)
    .set({
      state: 'submitting',
      attempts: sql`${anchorOutbox.attempts} + 1`,
      claimedAt: now,
      nextAttemptAt: leaseEnd,
    })
    .where(inArray(anchorOutbox.id, due))
    .returning();
  return claimed.sort((a, b) => a.id - b.id);
}

/** The claim being settled: its id and the attempts it was claimed with (the fencing token). */
export type Claim = Pick<OutboxRow, 'id' | 'attempts'>;

function ours(claim: Claim) {
  return and(
    eq(anchorOutbox.id, claim.id),
    eq(anchorOutbox.state, 'submitting'),
    eq(anchorOutbox.attempts, claim.attempts),
  );
}

/** The ledger committed the action. False when the claim was lost (lease taken over). */
export async function markOutboxDone(
  exec: Executor,
  claim: Claim,
  result: { ledgerTxId: string | null; now: Date },
): Promise<boolean> {
  const rows = await exec
    .update(anchorOutbox)
    .set({ state: 'done', ledgerTxId: result.ledgerTxId, doneAt: result.now, lastError: null })
    .where(ours(claim))
    .returning({ id: anchorOutbox.id });
  return rows.length === 1;
}

/** A transient failure: back to pending, to be claimed again at `retryAt` (the caller's backoff). */
export async function markOutboxRetry(
  exec: Executor,
  claim: Claim,
  failure: { error: string; retryAt: Date },
): Promise<boolean> {
  const rows = await exec
    .update(anchorOutbox)
    .set({ state: 'pending', lastError: failure.error, nextAttemptAt: failure.retryAt })
    .where(ours(claim))
    .returning({ id: anchorOutbox.id });
  return rows.length === 1;
}

/** A permanent refusal (the chaincode said no): kept for a person to look at, never retried. */
export async function markOutboxFailed(
  exec: Executor,
  claim: Claim,
  failure: { error: string },
): Promise<boolean> {
  const rows = await exec
    .update(anchorOutbox)
    .set({ state: 'failed', lastError: failure.error })
    .where(ours(claim))
    .returning({ id: anchorOutbox.id });
  return rows.length === 1;
}
