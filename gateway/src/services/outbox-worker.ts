/**
 * The ledger-actions outbox worker: submits the after-lock ledger writes that the services queue in the
 * transaction of their state change — the province's permissions, revocations, recalls, district
 * acceptances, the yearly report and its acknowledgement — each with the identity LedgerIdentities names
 * for it, and records the ledger's transaction and block on its status event (or year report) together
 * with the state change the fact brings (record → revoked, batch → recalled / accepted, report
 * submitted / acknowledged), in one transaction with the row's settlement.
 *
 * It shares anchor_outbox with the anchoring worker: each claims only its own actions (claimOutbox's
 * `actions`), so neither holds the other's rows.
 *
 * Idempotent: before submitting, and again when the chaincode refuses a duplicate (ALREADY_EXISTS,
 * WRONG_STATE), it reads the ledger for the fact (the revocation of that leaf, the batch's recall or
 * acceptance, a report of that root, the report's acknowledgement) and, when it is there, records it
 * instead of submitting again — a row replayed after a crash or a lost lease never submits twice. A
 * permission has no ledger read; granting the same permission again rewrites the same fact.
 *
 * Transient failures (conflicts, an unreachable network) are retried with exponential backoff up to
 * `maxAttempts`; refusals (NOT_PERMITTED, WINDOW_CLOSED, ACCESS_DENIED…) fail the row at once with the
 * ledger's code, audited, and leave the database state as it was.
 *
 * Each tick also settles replacements: a replacement batch the anchoring worker has anchored makes the
 * batch it supersedes `replaced` and that batch's locked versions `superseded` (corrections.ts).
 */
import {
  anchorOutbox,
  appendAudit,
  batches,
  batchMembers,
  claimOutbox,
  type Database,
  type Executor,
  markOutboxDone,
  markOutboxFailed,
  markOutboxRetry,
  type OutboxAction,
  type OutboxRow,
  recordVersions,
  statusEvents,
  yearReports,
} from '@hocba/db';
import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import {
  type LedgerClient,
  LedgerError,
  type LedgerIdentities,
  type LedgerIdentity,
  RETRYABLE,
} from '../ledger/index.ts';
import { workerLoop } from './worker-loop.ts';

/** The actions this worker submits (the anchoring worker has `anchorBatch`). */
export const LEDGER_ACTIONS = [
  'grantPermission',
  'revokeRecord',
  'recallBatch',
  'acceptBatch',
  'submitYearReport',
  'acknowledgeYearReport',
] as const satisfies readonly OutboxAction[];
export type LedgerAction = (typeof LEDGER_ACTIONS)[number];

const UNAVAILABLE = new Set(['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'TIMEOUT', 'ABORTED', 'RESOURCE_EXHAUSTED']);
/** Refusals that may mean "already done": look on the ledger before failing. */
const MAYBE_DONE = new Set(['ALREADY_EXISTS', 'WRONG_STATE']);

export interface LedgerActionsOptions {
  db: Database;
  ledger: LedgerClient;
  identities: LedgerIdentities;
  clock?: () => Date;
  /** Attempts before a transient failure becomes permanent (default 8). */
  maxAttempts?: number;
  /** Rows claimed per tick (default 10). */
  batchSize?: number;
  /** How long a claim is ours (default 60 s). */
  leaseMs?: number;
  /** Backoff after the n-th failed attempt: min(maxMs, baseMs · 2^(n−1)). Defaults 1 s and 5 min. */
  backoff?: { baseMs: number; maxMs: number };
  onError?(error: unknown): void;
}

export type LedgerActionOutcome =
  | { outboxId: number; action: string; outcome: 'submitted'; txId: string }
  /** The fact was already on the ledger (an earlier attempt committed): recorded, nothing submitted. */
  | { outboxId: number; action: string; outcome: 'recovered'; txId: string | null }
  | { outboxId: number; action: string; outcome: 'retry'; code: string; retryAt: Date }
  | { outboxId: number; action: string; outcome: 'failed'; code: string }
  | { outboxId: number; action: string; outcome: 'interrupted'; error: string };

export interface LedgerActionsWorker {
  /** One pass: settles anchored replacements, then handles the due rows one by one. */
  tick(): Promise<LedgerActionOutcome[]>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

/** What the ledger says happened: its transaction (when readable) and the fact's own fields. */
interface Fact {
  txId: string | null;
  doc: Record<string, unknown>;
}

interface Committed {
  txId: string | null;
  blockNumber: number | null;
  fact: Fact | undefined;
  source: 'submitted' | 'foundOnLedger';
}

type Payload = Record<string, unknown>;
const str = (p: Payload, k: string): string => {
  const v = p[k];
  if (typeof v !== 'string' && typeof v !== 'number') throw new Error(`outbox payload lacks ${k}`);
  return String(v);
};

interface Spec {
  fn: string;
  args(p: Payload): string[];
  identity(ids: LedgerIdentities, p: Payload): LedgerIdentity;
  endorsers(ids: LedgerIdentities, p: Payload): readonly string[];
  /** The fact on the ledger, if it is there already. */
  find?(read: (fn: string, args: string[]) => Promise<unknown>, p: Payload): Promise<Fact | undefined>;
  /** The database side of the fact, in the settling transaction. */
  record(tx: Executor, row: OutboxRow, c: Committed, at: Date): Promise<void>;
}

/** Records the ledger's coordinates on the row's status event. */
async function settleEvent(tx: Executor, row: OutboxRow, c: Committed, at: Date): Promise<void> {
  if (row.statusEventId === null) return;
  await tx
    .update(statusEvents)
    .set({ ledgerTxId: c.txId, blockNumber: c.blockNumber, anchoredAt: at })
    .where(eq(statusEvents.id, row.statusEventId));
}

const SPECS: Record<LedgerAction, Spec> = {
  grantPermission: {
    fn: 'batch:grantPermission',
    args: (p) => [str(p, 'batchId'), str(p, 'action'), str(p, 'until'), str(p, 'legalBasis')],
    identity: (ids) => ids.province,
    endorsers: (ids, p) => ids.endorsersForSchool(str(p, 'schoolId')),
    record: settleEvent,
  },
  revokeRecord: {
    fn: 'batch:revokeRecord',
    args: (p) => [str(p, 'batchId'), str(p, 'leafIndex'), str(p, 'reasonCode'), str(p, 'legalBasis')],
    identity: (ids, p) => ids.principal(str(p, 'schoolId')),
    endorsers: (ids, p) => ids.endorsersForSchool(str(p, 'schoolId')),
    async find(read, p) {
      const s = (await read('batch:getRecordStatus', [str(p, 'batchId'), str(p, 'leafIndex')])) as {
        revocation?: { txId: string };
      };
      return s.revocation ? { txId: s.revocation.txId, doc: s.revocation } : undefined;
    },
    async record(tx, row, c, at) {
      await settleEvent(tx, row, c, at);
      const id = str(row.payload, 'recordVersionId');
      await tx
        .update(recordVersions)
        .set({ state: 'revoked' })
        .where(and(eq(recordVersions.id, id), eq(recordVersions.state, 'locked')));
    },
  },
  recallBatch: {
    fn: 'batch:recallBatch',
    args: (p) => [str(p, 'batchId'), str(p, 'reasonCode'), str(p, 'legalBasis')],
    identity: (ids, p) => ids.principal(str(p, 'schoolId')),
    endorsers: (ids, p) => ids.endorsersForSchool(str(p, 'schoolId')),
    async find(read, p) {
      const b = (await read('batch:getBatch', [str(p, 'batchId')])) as { recall?: { txId: string } };
      return b.recall ? { txId: b.recall.txId, doc: b.recall } : undefined;
    },
    async record(tx, row, c, at) {
      await settleEvent(tx, row, c, at);
      await tx
        .update(batches)
        .set({ state: 'recalled' })
        .where(
          and(
            eq(batches.id, str(row.payload, 'batchId')),
            inArray(batches.state, ['anchored', 'accepted', 'reported', 'recallRequested']),
          ),
        );
    },
  },
  acceptBatch: {
    fn: 'batch:acceptBatch',
    args: (p) => [str(p, 'batchId')],
    identity: (ids, p) => ids.districtOfficer(str(p, 'districtId')),
    endorsers: (ids, p) => ids.endorsersForSchool(str(p, 'schoolId')),
    async find(read, p) {
      const b = (await read('batch:getBatch', [str(p, 'batchId')])) as {
        acceptedAt?: string;
        history?: { txId: string; state: string }[];
      };
      if (!b.acceptedAt) return undefined;
      const tx = b.history?.find((h) => h.state === 'accepted');
      return { txId: tx?.txId ?? null, doc: { acceptedAt: b.acceptedAt } };
    },
    async record(tx, row, c, at) {
      await settleEvent(tx, row, c, at);
      await tx
        .update(batches)
        .set({ state: 'accepted' })
        .where(and(eq(batches.id, str(row.payload, 'batchId')), eq(batches.state, 'anchored')));
    },
  },
  submitYearReport: {
    fn: 'report:submitYearReport',
    args: (p) => [str(p, 'schoolYear'), JSON.stringify(p.batchIds), str(p, 'root')],
    identity: (ids) => ids.province,
    endorsers: (ids, p) => ids.endorsersForSchool(str(p, 'schoolId')),
    async find(read, p) {
      const reports = (await read('report:listYearReports', [str(p, 'schoolYear')])) as {
        root: string;
        count: number;
        txId: string;
        seq: number;
        onTime: boolean;
        submittedAt: string;
      }[];
      const ids = p.batchIds as string[];
      const r = reports.find((x) => x.root === p.root && x.count === ids.length);
      return r ? { txId: r.txId, doc: r } : undefined;
    },
    async record(tx, row, c, at) {
      const doc = c.fact?.doc as { onTime?: boolean; submittedAt?: string } | undefined;
      await tx
        .update(yearReports)
        .set({
          ledgerTxId: c.txId,
          blockNumber: c.blockNumber,
          submittedAt: doc?.submittedAt ? new Date(doc.submittedAt) : at,
          onTime: doc?.onTime ?? null,
        })
        .where(eq(yearReports.id, str(row.payload, 'reportId')));
      // As the chaincode does: accepted batches are now reported.
      const ids = row.payload.batchIds as string[];
      await tx
        .update(batches)
        .set({ state: 'reported' })
        .where(and(inArray(batches.id, ids), eq(batches.state, 'accepted')));
    },
  },
  acknowledgeYearReport: {
    fn: 'report:acknowledgeYearReport',
    args: (p) => [str(p, 'schoolYear'), str(p, 'seq')],
    identity: (ids) => ids.ministry,
    endorsers: (ids, p) => ids.endorsersForSchool(str(p, 'schoolId'), { ministry: true }),
    async find(read, p) {
      const reports = (await read('report:listYearReports', [str(p, 'schoolYear')])) as {
        seq: number;
        acknowledgedAt?: string;
      }[];
      const r = reports.find((x) => x.seq === Number(p.seq));
      // The acknowledgement's transaction is not kept in the report: the block is unknown on recovery.
      return r?.acknowledgedAt ? { txId: null, doc: r } : undefined;
    },
    async record(tx, row, c, at) {
      const doc = c.fact?.doc as { acknowledgedAt?: string } | undefined;
      await tx
        .update(yearReports)
        .set({
          acknowledgedAt: doc?.acknowledgedAt ? new Date(doc.acknowledgedAt) : at,
          ackLedgerTxId: c.txId,
          ackBlockNumber: c.blockNumber,
        })
        .where(eq(yearReports.id, str(row.payload, 'reportId')));
    },
  },
};

/** The entity an outbox row's audit entry names. */
function entityOf(row: OutboxRow): { entityType: string; entityId: string | null } {
  if (row.action === 'submitYearReport' || row.action === 'acknowledgeYearReport')
    return { entityType: 'yearReport', entityId: String(row.payload.reportId ?? '') || null };
  if (row.action === 'revokeRecord')
    return { entityType: 'record', entityId: String(row.payload.recordVersionId ?? '') || null };
  return { entityType: 'batch', entityId: row.batchId };
}

/**
 * A replacement batch that the ledger has anchored makes the batch it supersedes `replaced` and the
 * versions locked in it `superseded` (revoked ones stay revoked). Returns the batches settled.
 */
export async function settleReplacements(db: Database, at: Date): Promise<string[]> {
  const due = await db
    .select({
      eventId: statusEvents.id,
      oldBatchId: statusEvents.batchId,
      newBatchId: batches.id,
      txId: batches.ledgerTxId,
      blockNumber: batches.blockNumber,
      anchoredAt: batches.anchoredAt,
      schoolId: batches.schoolId,
    })
    .from(statusEvents)
    .innerJoin(batches, eq(batches.id, statusEvents.replacementBatchId))
    .where(
      and(eq(statusEvents.kind, 'replace'), isNull(statusEvents.ledgerTxId), isNotNull(batches.ledgerTxId)),
    );
  const settled: string[] = [];
  for (const r of due) {
    await db.transaction(async (tx) => {
      await tx.update(batches).set({ state: 'replaced' }).where(eq(batches.id, r.oldBatchId));
      const members = tx
        .select({ id: batchMembers.recordVersionId })
        .from(batchMembers)
        .where(eq(batchMembers.batchId, r.oldBatchId));
      const superseded = await tx
        .update(recordVersions)
        .set({ state: 'superseded' })
        .where(and(inArray(recordVersions.id, members), eq(recordVersions.state, 'locked')))
        .returning({ id: recordVersions.id });
      await tx
        .update(statusEvents)
        .set({ ledgerTxId: r.txId, blockNumber: r.blockNumber, anchoredAt: r.anchoredAt })
        .where(eq(statusEvents.id, r.eventId));
      await appendAudit(tx, {
        action: 'batch.replaced',
        entityType: 'batch',
        entityId: r.oldBatchId,
        at,
        details: {
          schoolId: r.schoolId,
          replacementBatchId: r.newBatchId,
          txId: r.txId,
          superseded: superseded.length,
        },
      });
    });
    settled.push(r.oldBatchId);
  }
  return settled;
}

export function runLedgerActions(o: LedgerActionsOptions): LedgerActionsWorker {
  const clock = o.clock ?? (() => new Date());
  const maxAttempts = o.maxAttempts ?? 8;
  const backoff = o.backoff ?? { baseMs: 1000, maxMs: 5 * 60_000 };
  const { db, ledger, identities } = o;
  const read = async (fn: string, args: string[]) =>
    JSON.parse(await ledger.evaluate(fn, args, identities.reader)) as unknown;

  async function fail(row: OutboxRow, code: string, message: string): Promise<LedgerActionOutcome> {
    const error = message.startsWith(`${code}:`) ? message : `${code}: ${message}`;
    await db.transaction(async (tx) => {
      if (!(await markOutboxFailed(tx, row, { error }))) return;
      await appendAudit(tx, {
        action: `ledger.${row.action}Refused`,
        ...entityOf(row),
        at: clock(),
        details: {
          outboxId: row.id,
          code,
          attempts: row.attempts,
          ...(typeof row.payload.schoolId === 'string' && { schoolId: row.payload.schoolId }),
        },
      });
    });
    return { outboxId: row.id, action: row.action, outcome: 'failed', code };
  }

  async function retryOrFail(row: OutboxRow, e: unknown): Promise<LedgerActionOutcome> {
    const code = e instanceof LedgerError ? e.code : 'LEDGER_UNREACHABLE';
    const message = e instanceof Error ? e.message : String(e);
    if (row.attempts >= maxAttempts)
      return fail(row, code, `gave up after ${row.attempts} attempts: ${message}`);
    const delay = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (row.attempts - 1));
    const retryAt = new Date(clock().getTime() + delay);
    await markOutboxRetry(db, row, { error: `${code}: ${message}`, retryAt });
    return { outboxId: row.id, action: row.action, outcome: 'retry', code, retryAt };
  }

  const transient = (e: unknown) =>
    !(e instanceof LedgerError) || RETRYABLE.has(e.code) || UNAVAILABLE.has(e.code);

  async function blockOf(txId: string | null): Promise<number | null> {
    if (txId === null) return null;
    return (await ledger.transaction(txId))?.blockNumber ?? null;
  }

  async function handle(row: OutboxRow): Promise<LedgerActionOutcome> {
    const spec = SPECS[row.action as LedgerAction];
    if (!spec) return fail(row, 'ACTION_NOT_HANDLED', `no ledger action ${row.action}`);
    const p = row.payload;
    let committed: Committed;
    try {
      const already = await spec.find?.(read, p);
      if (already) {
        committed = {
          txId: already.txId,
          blockNumber: await blockOf(already.txId),
          fact: already,
          source: 'foundOnLedger',
        };
      } else {
        let identity: LedgerIdentity;
        let endorsingOrgs: readonly string[];
        try {
          identity = spec.identity(identities, p);
          endorsingOrgs = spec.endorsers(identities, p);
        } catch (e) {
          return fail(row, 'NO_IDENTITY', e instanceof Error ? e.message : String(e));
        }
        try {
          const c = await ledger.submit(spec.fn, spec.args(p), { identity, endorsingOrgs });
          const fact = await spec.find?.(read, p).catch(() => undefined);
          committed = {
            txId: c.txId,
            blockNumber: c.blockNumber,
            fact: fact ?? { txId: c.txId, doc: safeJson(c.result) },
            source: 'submitted',
          };
        } catch (e) {
          if (e instanceof LedgerError && MAYBE_DONE.has(e.code) && spec.find) {
            const found = await spec.find(read, p);
            if (!found) return fail(row, e.code, e.message);
            committed = {
              txId: found.txId,
              blockNumber: await blockOf(found.txId),
              fact: found,
              source: 'foundOnLedger',
            };
          } else if (transient(e)) {
            return retryOrFail(row, e);
          } else {
            return fail(row, (e as LedgerError).code, (e as Error).message);
          }
        }
      }
    } catch (e) {
      return transient(e) ? retryOrFail(row, e) : fail(row, (e as LedgerError).code, (e as Error).message);
    }

    try {
      await db.transaction(async (tx) => {
        const at = clock();
        await spec.record(tx, row, committed, at);
        if (!(await markOutboxDone(tx, row, { ledgerTxId: committed.txId, now: at }))) {
          // Our lease was taken over: roll back, the new owner records it.
          throw new Error(`outbox row ${row.id} is no longer ours`);
        }
        await appendAudit(tx, {
          action: `ledger.${row.action}`,
          ...entityOf(row),
          at,
          details: {
            outboxId: row.id,
            txId: committed.txId,
            blockNumber: committed.blockNumber,
            source: committed.source,
            ...(typeof p.schoolId === 'string' && { schoolId: p.schoolId }),
          },
        });
      });
    } catch (e) {
      return {
        outboxId: row.id,
        action: row.action,
        outcome: 'interrupted',
        error: e instanceof Error ? e.message : String(e),
      };
    }
    return committed.source === 'submitted'
      ? { outboxId: row.id, action: row.action, outcome: 'submitted', txId: committed.txId! }
      : { outboxId: row.id, action: row.action, outcome: 'recovered', txId: committed.txId };
  }

  async function tick(): Promise<LedgerActionOutcome[]> {
    await settleReplacements(db, clock());
    const rows = await claimOutbox(db, clock(), o.batchSize ?? 10, {
      leaseMs: o.leaseMs ?? 60_000,
      actions: LEDGER_ACTIONS,
    });
    const outcomes: LedgerActionOutcome[] = [];
    // One at a time: actions on one school write its head key, so parallel ones would conflict.
    for (const row of rows) {
      try {
        outcomes.push(await handle(row));
      } catch (e) {
        outcomes.push({
          outboxId: row.id,
          action: row.action,
          outcome: 'interrupted',
          error: e instanceof Error ? e.message : String(e),
        });
      }
    }
    return outcomes;
  }

  return { tick, ...workerLoop(tick, o.onError) };
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** For tests and status pages: the outbox rows of this worker's actions. */
export function ledgerActionRows(db: Database) {
  return db
    .select()
    .from(anchorOutbox)
    .where(inArray(anchorOutbox.action, [...LEDGER_ACTIONS]));
}
