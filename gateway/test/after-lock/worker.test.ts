/**
 * The outbox worker's after-lock actions under faults: a row replayed after the ledger committed (a crash
 * before our commit, a lost lease) finds the fact on the ledger and records it without a second
 * submission; an unreachable ledger is retried with backoff; a policy failure is retried, a refusal is
 * not; and anchors and the other actions go through the one worker, in the order they were queued.
 */
import { anchorOutbox, batches, claimOutbox, recordVersions, statusEvents } from '@hocba/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LedgerClient, LedgerError } from '../../src/ledger/index.ts';
import { makeApp } from '../app/helper.ts';
import { lockAndSign, seedVersions } from '../services/fixtures.ts';
import { anchoredBatch, type Env, makeEnv, SCHOOL } from './helpers.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

/**
 * Counts submissions; `unreachable` makes the next n submissions fail as a dead network would, `failures`
 * makes the next ones fail with these errors (as an adapter reports them, after its own retries).
 */
interface Faulty extends LedgerClient {
  submits: string[];
  unreachable: number;
  failures: LedgerError[];
}
function faulty(l: LedgerClient): Faulty {
  const f: Faulty = {
    submits: [],
    unreachable: 0,
    failures: [],
    submit: async (fn, args, o) => {
      if (f.unreachable > 0) {
        f.unreachable--;
        throw new Error('connect ECONNREFUSED 127.0.0.1:7051');
      }
      const failure = f.failures.shift();
      if (failure) throw failure;
      f.submits.push(fn);
      return l.submit(fn, args, o);
    },
    evaluate: (fn, args, id) => l.evaluate(fn, args, id),
    transaction: (txId) => l.transaction(txId),
    events: (from) => l.events(from),
    close: async () => {},
  };
  return f;
}

let env: Env;
let ledger: Faulty;
const UNTIL = '2026-12-31T16:59:59.000Z';
const later = (ms: number) => {
  env.p.world.now = new Date(env.p.world.now.getTime() + ms);
};

beforeAll(async () => {
  env = await makeEnv({
    ledger: (l) => {
      ledger = faulty(l);
      return ledger;
    },
  });
});
afterAll(async () => {
  expect(env?.app.statuses.filter((s) => s >= 500) ?? []).toEqual([]);
  await env?.close();
});

const grant = (batchId: string, action: string) =>
  env.call('province', 'POST', '/v1/permissions', {
    batchId,
    action,
    until: UNTIL,
    legalBasis: 'QĐ 12/QĐ-SGDĐT',
  });

describe('replays', () => {
  it('a revocation the ledger already committed is recorded, not submitted again', async () => {
    const a = await anchoredBatch(env, 2);
    expect((await grant(a.batchId, 'revoke')).statusCode).toBe(202);
    expect((await env.worker.tick()).map((o) => o.outcome)).toEqual(['submitted']);

    const seat = a.seats[1]!;
    const res = await env.call('principal', 'POST', `/v1/records/${seat.recordId}/revoke`, {
      reasonCode: 'DUPLICATE',
      legalBasis: 'QĐ 8/QĐ-THKĐ',
    });
    expect(res.statusCode).toBe(202);
    const { leafIndex, statusEventId } = res.json();
    // An earlier attempt reached the ledger, and the process died before recording it.
    const s = env.p.world.schools[SCHOOL]!;
    const committed = await env.p.world.submit(
      'batch:revokeRecord',
      [a.batchId, String(leafIndex), 'DUPLICATE', 'QĐ 8/QĐ-THKĐ'],
      s.principal,
      ['DoetMSP', s.districtMsp],
    );

    const before = ledger.submits.length;
    const [o] = await env.worker.tick();
    expect(o).toMatchObject({ action: 'revokeRecord', outcome: 'recovered', txId: committed.txId });
    expect(ledger.submits.length).toBe(before);
    const [v] = await env.s.db.select().from(recordVersions).where(eq(recordVersions.id, seat.recordId));
    expect(v!.state).toBe('revoked');
    const [event] = await env.s.db.select().from(statusEvents).where(eq(statusEvents.id, statusEventId));
    expect(event!.ledgerTxId).toBe(committed.txId);
    expect(event!.blockNumber).toBe(committed.blockNumber);
  });

  it('an acceptance whose claimer died after submitting is recovered when the lease ends', async () => {
    const b = await anchoredBatch(env, 1);
    expect((await env.call('district1', 'POST', `/v1/batches/${b.batchId}/accept`, {})).statusCode).toBe(202);
    // A worker claims the row, submits, and dies before its own commit.
    const [row] = await claimOutbox(env.s.db, env.p.world.now, 10, {
      actions: ['acceptBatch'],
      leaseMs: 30_000,
    });
    expect(row).toMatchObject({ action: 'acceptBatch', batchId: b.batchId });
    const committed = await env.p.world.submit('batch:acceptBatch', [b.batchId], env.p.world.ids.district1!, [
      'DoetMSP',
      'District1MSP',
    ]);
    // Within the lease nobody takes the row.
    expect(await env.worker.tick()).toEqual([]);
    later(31_000);
    const before = ledger.submits.length;
    const [o] = await env.worker.tick();
    expect(o).toMatchObject({ action: 'acceptBatch', outcome: 'recovered', txId: committed.txId });
    expect(ledger.submits.length).toBe(before);
    const [batch] = await env.s.db.select().from(batches).where(eq(batches.id, b.batchId));
    expect(batch!.state).toBe('accepted');
    const [settled] = await env.s.db.select().from(anchorOutbox).where(eq(anchorOutbox.id, row!.id));
    expect(settled).toMatchObject({ state: 'done', ledgerTxId: committed.txId, attempts: 2 });
  });
});

describe('retries', () => {
  it('an unreachable ledger is retried with exponential backoff', async () => {
    const b = await anchoredBatch(env, 1);
    expect((await grant(b.batchId, 'recall')).statusCode).toBe(202);
    ledger.unreachable = 2;
    const [first] = await env.worker.tick();
    expect(first).toMatchObject({ outcome: 'retry', code: 'LEDGER_UNREACHABLE' });
    expect((first as { retryAt: Date }).retryAt.getTime() - env.p.world.now.getTime()).toBe(1000);
    // Not due yet.
    expect(await env.worker.tick()).toEqual([]);
    later(1000);
    const [second] = await env.worker.tick();
    expect((second as { retryAt: Date }).retryAt.getTime() - env.p.world.now.getTime()).toBe(2000);
    later(2000);
    expect((await env.worker.tick()).map((o) => o.outcome)).toEqual(['submitted']);
    const [event] = await env.s.db.select().from(statusEvents).where(eq(statusEvents.batchId, b.batchId));
    expect(event!.ledgerTxId).not.toBeNull();
  });

  it('by the error’s kind: a conflict and a policy failure are retried, a refusal fails the row at once', async () => {
    const b = await anchoredBatch(env, 1);
    expect((await grant(b.batchId, 'recall')).statusCode).toBe(202);
    ledger.failures = [
      new LedgerError('MVCC_READ_CONFLICT', 'still conflicting', { kind: 'conflict', stage: 'commit' }),
      new LedgerError('ENDORSEMENT_POLICY_FAILURE', 'the wrong district', {
        kind: 'policy',
        stage: 'commit',
      }),
    ];
    expect(await env.worker.tick()).toMatchObject([{ outcome: 'retry', code: 'MVCC_READ_CONFLICT' }]);
    later(1000);
    expect(await env.worker.tick()).toMatchObject([{ outcome: 'retry', code: 'ENDORSEMENT_POLICY_FAILURE' }]);
    later(2000);
    expect(await env.worker.tick()).toMatchObject([{ action: 'grantPermission', outcome: 'submitted' }]);

    expect((await grant(b.batchId, 'replace')).statusCode).toBe(202);
    ledger.failures = [
      new LedgerError('ACCESS_DENIED', 'ACCESS_DENIED: not the province', { kind: 'refused' }),
    ];
    expect(await env.worker.tick()).toMatchObject([
      { action: 'grantPermission', outcome: 'failed', code: 'ACCESS_DENIED' },
    ]);
    const [row] = await env.s.db
      .select()
      .from(anchorOutbox)
      .where(eq(anchorOutbox.key, `grantPermission:${await pendingGrant(b.batchId, 'replace')}`));
    expect(row).toMatchObject({ state: 'failed', attempts: 1 });
    expect(row!.lastError).toMatch(/^ACCESS_DENIED: /);
    later(3_600_000);
    expect(await env.worker.tick()).toEqual([]);
  });
});

describe('one worker', () => {
  it('submits an anchor and another action in one pass, in the order they were queued', async () => {
    const b = await anchoredBatch(env, 1);
    expect((await grant(b.batchId, 'revoke')).statusCode).toBe(202);
    const ids = await seedVersions(env.s.db, SCHOOL, env.s.classId[SCHOOL]!, 1);
    const locked = await lockAndSign(env.s.db, env.p.world, SCHOOL, ids);

    const outcomes = await env.worker.tick();
    expect(outcomes.map((o) => [o.action, o.batchId, o.outcome])).toEqual([
      ['grantPermission', b.batchId, 'submitted'],
      ['anchorBatch', locked.batchId, 'submitted'],
    ]);
    const [mine] = await env.s.db
      .select()
      .from(anchorOutbox)
      .where(eq(anchorOutbox.key, `grantPermission:${await pendingGrant(b.batchId)}`));
    expect(mine).toMatchObject({ state: 'done', attempts: 1 });
    const [anchored] = await env.s.db.select().from(batches).where(eq(batches.id, locked.batchId));
    expect(anchored!.state).toBe('anchored');
    expect(await env.worker.tick()).toEqual([]);
  });
});

async function pendingGrant(batchId: string, action?: string): Promise<string> {
  const rows = await env.s.db.select().from(statusEvents).where(eq(statusEvents.batchId, batchId));
  return rows.find((r) => r.kind === 'permission' && (!action || r.permittedAction === action))!.id;
}

describe('the app plugin', () => {
  it('runs the worker in the background when AppOptions outbox is given, and stops on close', async () => {
    const b = await anchoredBatch(env, 1);
    const app = await makeApp(env.p.world, { db: env.s.db, outbox: { intervalMs: 20 } });
    try {
      expect((await grant(b.batchId, 'replace')).statusCode).toBe(202);
      const id = await pendingGrant(b.batchId);
      let txId: string | null = null;
      for (let i = 0; i < 250 && txId === null; i++) {
        await new Promise((r) => setTimeout(r, 20));
        [{ ledgerTxId: txId }] = (await env.s.db
          .select({ ledgerTxId: statusEvents.ledgerTxId })
          .from(statusEvents)
          .where(eq(statusEvents.id, id))) as [{ ledgerTxId: string | null }];
      }
      expect(txId).not.toBeNull();
      expect(await env.ledger.transaction(txId!)).toMatchObject({ valid: true });
    } finally {
      await app.close();
    }
  });
});
