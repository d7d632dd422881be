/**
 * The anchoring outbox worker (DESIGN.md §7, issue 6 point 4). Each tick claims due rows (FOR UPDATE SKIP
 * LOCKED, as a lease: db/src/outbox.ts), submits `batch:anchorBatch` with the school's identity, and on
 * success records the anchor and settles the row in one transaction.
 *
 * Exactly once, by batch id: the chaincode refuses a second anchor of a batch id (ALREADY_EXISTS). When
 * that happens to us it usually means a previous attempt committed on the ledger and we died (or failed)
 * before our own commit; so we read the ledger's batch, check that it commits to OUR manifest and CMS,
 * and record that anchor instead of submitting again. A different batch under our id is a conflict for a
 * person (ANCHOR_CONFLICT). A worker that dies mid-row leaves it `submitting`; when its lease ends another
 * worker takes it and goes through the same path.
 *
 * Transient failures (conflicts, an unavailable network) are retried with exponential backoff up to
 * `maxAttempts`; refusals (CMS_*, CERT_*, WINDOW_CLOSED, ACCESS_DENIED…) fail the row at once with the
 * code, and the batch stays `signed`, visible for a person to act on.
 */
import {
  appendAudit,
  batches,
  claimOutbox,
  type Database,
  markOutboxDone,
  markOutboxFailed,
  markOutboxRetry,
  type OutboxRow,
} from '@hocba/db';
import { toBase64 } from '@hocba/integrity';
import { eq } from 'drizzle-orm';
import { type LedgerClient, LedgerError, type LedgerIdentity, RETRYABLE } from '../ledger/index.ts';
import { type Anchor, anchorOf, isOurs, readLedgerBatch, recordAnchored } from './ledger-anchor.ts';
import { workerLoop } from './worker-loop.ts';

export { reconcileFromEvents } from './reconcile.ts';

/** Codes of a network that could not answer (fabric-gateway's gRPC statuses): worth another attempt. */
const UNAVAILABLE = new Set(['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'TIMEOUT', 'ABORTED', 'RESOURCE_EXHAUSTED']);

export interface AnchorWorkerOptions {
  db: Database;
  ledger: LedgerClient;
  /** The client identity that anchors for a school: its principal's (the chaincode authorizes that role). */
  identityFor(schoolId: string): LedgerIdentity | Promise<LedgerIdentity>;
  /** The organisations that endorse a school's anchor: the province and the school's district. */
  endorsersFor(schoolId: string): readonly string[] | Promise<readonly string[]>;
  clock?: () => Date;
  /** Attempts before a transient failure becomes permanent (default 8). */
  maxAttempts?: number;
  /** Rows claimed per tick (default 10). */
  batchSize?: number;
  /** How long a claim is ours before another worker may take the row (default 60 s). */
  leaseMs?: number;
  /** Backoff after the n-th failed attempt: min(maxMs, baseMs · 2^(n−1)). Defaults 1 s and 5 min. */
  backoff?: { baseMs: number; maxMs: number };
  /** Test seams: `beforeRecordAnchored` runs inside the recording transaction (throw to abort it). */
  hooks?: { beforeRecordAnchored?(batchId: string): void | Promise<void> };
  /** Errors of the background loop (start()); tick() callers see outcomes instead. */
  onError?(error: unknown): void;
}

export type AnchorOutcome =
  /** Submitted now and recorded. */
  | { outboxId: number; batchId: string | null; outcome: 'anchored'; txId: string }
  /** The ledger already had OUR anchor (an earlier attempt committed): recorded without a new one. */
  | { outboxId: number; batchId: string | null; outcome: 'recovered'; txId: string }
  | { outboxId: number; batchId: string | null; outcome: 'retry'; code: string; retryAt: Date }
  | { outboxId: number; batchId: string | null; outcome: 'failed'; code: string }
  /** Not an anchoring row, or already settled by the reconciler: nothing submitted. */
  | { outboxId: number; batchId: string | null; outcome: 'skipped'; reason: string }
  /**
   * Our own bookkeeping failed after the ledger answered (e.g. the database went away): the row is left
   * to its lease, as if the process had died, and the next claim recovers it.
   */
  | { outboxId: number; batchId: string | null; outcome: 'interrupted'; error: string };

export interface AnchorWorker {
  /** One pass over the due rows; resolves when each claimed row has been handled. */
  tick(): Promise<AnchorOutcome[]>;
  /** Ticks every `intervalMs` until stop(). */
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

export function runAnchorWorker(o: AnchorWorkerOptions): AnchorWorker {
  const clock = o.clock ?? (() => new Date());
  const maxAttempts = o.maxAttempts ?? 8;
  const backoff = o.backoff ?? { baseMs: 1000, maxMs: 5 * 60_000 };
  const { db, ledger } = o;

  async function fail(row: OutboxRow, code: string, message: string): Promise<AnchorOutcome> {
    const error = message.startsWith(`${code}:`) ? message : `${code}: ${message}`;
    await db.transaction(async (tx) => {
      if (!(await markOutboxFailed(tx, row, { error }))) return;
      await appendAudit(tx, {
        action: 'batch.anchorRefused',
        entityType: 'batch',
        entityId: row.batchId,
        at: clock(),
        details: {
          schoolId: (row.payload as { schoolId?: string } | null)?.schoolId ?? null,
          outboxId: row.id,
          code,
          attempts: row.attempts,
        },
      });
    });
    return { outboxId: row.id, batchId: row.batchId, outcome: 'failed', code };
  }

  async function retryOrFail(row: OutboxRow, e: unknown): Promise<AnchorOutcome> {
    const code = e instanceof LedgerError ? e.code : 'LEDGER_UNREACHABLE';
    const message = e instanceof Error ? e.message : String(e);
    if (row.attempts >= maxAttempts) {
      return fail(row, code, `gave up after ${row.attempts} attempts: ${message}`);
    }
    const delay = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (row.attempts - 1));
    const retryAt = new Date(clock().getTime() + delay);
    await markOutboxRetry(db, row, { error: `${code}: ${message}`, retryAt });
    return { outboxId: row.id, batchId: row.batchId, outcome: 'retry', code, retryAt };
  }

  async function handle(row: OutboxRow): Promise<AnchorOutcome> {
    const base = { outboxId: row.id, batchId: row.batchId };
    if (row.action !== 'anchorBatch' || row.batchId === null) {
      // Other ledger actions have their own workers (to come): hand the row back untouched for an hour.
      await markOutboxRetry(db, row, {
        error: `ACTION_NOT_HANDLED: the anchoring worker does not submit ${row.action}`,
        retryAt: new Date(clock().getTime() + 3600_000),
      });
      return { ...base, outcome: 'skipped', reason: 'ACTION_NOT_HANDLED' };
    }
    const [batch] = await db.select().from(batches).where(eq(batches.id, row.batchId));
    if (!batch) return fail(row, 'BATCH_NOT_FOUND', `batch ${row.batchId} does not exist`);
    if (batch.state !== 'signed') {
      if (batch.ledgerTxId !== null) {
        // Anchored already (the reconciler saw its event): settle the row, submit nothing.
        await markOutboxDone(db, row, { ledgerTxId: batch.ledgerTxId, now: clock() });
        return { ...base, outcome: 'skipped', reason: 'ALREADY_RECORDED' };
      }
      return fail(row, 'BATCH_WRONG_STATE', `batch ${batch.id} is ${batch.state}, not signed`);
    }

    const identity = await o.identityFor(batch.schoolId);
    const endorsingOrgs = await o.endorsersFor(batch.schoolId);
    let anchor: Anchor;
    let source: 'submitted' | 'foundOnLedger';
    try {
      const committed = await ledger.submit(
        'batch:anchorBatch',
        [batch.manifestText!, toBase64(batch.cms!)],
        {
          identity,
          endorsingOrgs,
        },
      );
      source = 'submitted';
      // The ledger's own timestamp of the anchor, so that the database and the ledger say the same.
      const doc = await readLedgerBatch(ledger, identity, batch.id).catch(() => undefined);
      anchor = {
        txId: committed.txId,
        blockNumber: committed.blockNumber,
        anchoredAt: doc ? new Date(doc.anchoredAt) : clock(),
      };
    } catch (e) {
      if (!(e instanceof LedgerError && e.code === 'ALREADY_EXISTS')) {
        if (e instanceof LedgerError && !RETRYABLE.has(e.code) && !UNAVAILABLE.has(e.code)) {
          return fail(row, e.code, e.message);
        }
        return retryOrFail(row, e);
      }
      // A batch with our id is on the ledger: ours from an earlier attempt, or somebody else's.
      try {
        const doc = await readLedgerBatch(ledger, identity, batch.id);
        if (!isOurs(batch, doc)) {
          return fail(
            row,
            'ANCHOR_CONFLICT',
            `the ledger holds another batch ${batch.id} (transaction ${doc.anchorTxId}) than the one we signed`,
          );
        }
        anchor = await anchorOf(ledger, doc);
        source = 'foundOnLedger';
      } catch (readError) {
        return retryOrFail(row, readError);
      }
    }

    try {
      await db.transaction(async (tx) => {
        await o.hooks?.beforeRecordAnchored?.(batch.id);
        await recordAnchored(tx, batch.id, anchor, { source, at: clock() });
        await markOutboxDone(tx, row, { ledgerTxId: anchor.txId, now: clock() });
      });
    } catch (e) {
      return { ...base, outcome: 'interrupted', error: e instanceof Error ? e.message : String(e) };
    }
    return { ...base, outcome: source === 'submitted' ? 'anchored' : 'recovered', txId: anchor.txId };
  }

  async function tick(): Promise<AnchorOutcome[]> {
    const rows = await claimOutbox(db, clock(), o.batchSize ?? 10, {
      leaseMs: o.leaseMs ?? 60_000,
      // The other ledger actions are the ledger-actions worker's (ledger-actions.ts).
      actions: ['anchorBatch'],
    });
    const outcomes: AnchorOutcome[] = [];
    // One row at a time: anchors of one school write the same head key, so parallel ones would conflict.
    for (const row of rows) {
      try {
        outcomes.push(await handle(row));
      } catch (e) {
        outcomes.push({
          outboxId: row.id,
          batchId: row.batchId,
          outcome: 'interrupted',
          error: e instanceof Error ? e.message : String(e),
        });
      }
    }
    return outcomes;
  }

  return { tick, ...workerLoop(tick, o.onError) };
}
