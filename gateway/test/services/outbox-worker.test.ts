import {
  anchorOutbox,
  auditLog,
  batches,
  batchMembers,
  claimOutbox,
  ledgerCheckpoints,
  recordVersions,
  verifyAuditChain,
} from '@hocba/db';
import { buildBundle, parseManifest, pemToDer, toHex, utf8, verifyBundle } from '@hocba/integrity';
import { asc, desc, eq } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  chaincode,
  type LedgerClient,
  LedgerError,
  readAnchorView,
  readTrustAnchors,
} from '../../src/ledger/index.ts';
import { discloseWith } from '../../src/salts.ts';
import {
  eventsUntilIdle,
  type OutboxWorkerOptions,
  reconcileFromEvents,
  runOutboxWorker,
} from '../../src/services/index.ts';
import {
  lockAndSign,
  type Province,
  SCHOOL,
  type Seeded,
  seededDatabase,
  seedVersions,
  startProvince,
  workerParties,
} from './fixtures.ts';

let p: Province;
let s: Seeded;
let start: Date;

beforeAll(async () => {
  p = await startProvince();
  start = p.world.now;
});
// A fresh database per test: a worker claims every due row, and each test must see only its own.
beforeEach(async () => {
  s = await seededDatabase();
});
afterEach(async () => {
  p.world.now = start;
  await s.close();
});

const _ago = (seconds: number) => new Date(p.world.now.getTime() - seconds * 1000);
const later = (seconds: number) => {
  p.world.now = new Date(p.world.now.getTime() + seconds * 1000);
};
const auditor = () => p.world.ids.auditor!;

/** Locks `n` approved versions and signs the batch with the school's (dev) signer: state `signed`. */
async function signedBatch(n = 4, batchId?: string): Promise<string> {
  const ids = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, n);
  return (await lockAndSign(s.db, p.world, SCHOOL, ids, batchId)).batchId;
}

function worker(o: Partial<OutboxWorkerOptions> = {}) {
  return runOutboxWorker({ db: s.db, ledger: p.ledger, ...workerParties(p.world), ...o });
}

async function batchRow(id: string) {
  const [b] = await s.db.select().from(batches).where(eq(batches.id, id));
  return b!;
}

async function outboxRow(batchId: string) {
  const [r] = await s.db.select().from(anchorOutbox).where(eq(anchorOutbox.batchId, batchId));
  return r!;
}

/** How many BatchAnchored events the ledger holds for a batch. */
async function anchorEvents(batchId: string): Promise<number> {
  let n = 0;
  for await (const e of eventsUntilIdle(p.ledger, 0, { idleMs: 100 })) {
    const payload = JSON.parse(new TextDecoder().decode(e.payload)) as { batchId?: string };
    if (e.eventName === 'BatchAnchored' && payload.batchId === batchId) n++;
  }
  return n;
}

describe('the outbox worker, anchoring', () => {
  it('anchors a signed batch once, and a record of it then verifies against the ledger', async () => {
    const batchId = await signedBatch();
    const w = worker();
    const [outcome, ...rest] = await w.tick();
    expect(rest).toEqual([]);
    expect(outcome).toMatchObject({ action: 'anchorBatch', batchId, outcome: 'submitted' });
    const txId = (outcome as { txId: string }).txId;

    const doc = await chaincode.getBatch(p.ledger, auditor(), batchId);
    const batch = await batchRow(batchId);
    expect(batch).toMatchObject({
      state: 'anchored',
      ledgerTxId: txId,
      anchoredAt: new Date(doc.anchoredAt),
    });
    expect(batch.blockNumber).toBe((await p.ledger.transaction(txId))!.blockNumber);
    expect(doc).toMatchObject({ anchorTxId: txId, state: 'anchored', root: toHex(batch.root!) });
    expect(doc.history).toHaveLength(1);
    expect(await outboxRow(batchId)).toMatchObject({ state: 'done', ledgerTxId: txId, attempts: 1 });
    expect(await w.tick()).toEqual([]);

    // The proof bundle of one record, from the database alone, verifies against what the ledger says.
    const [member] = await s.db
      .select({ m: batchMembers, v: recordVersions })
      .from(batchMembers)
      .innerJoin(recordVersions, eq(recordVersions.id, batchMembers.recordVersionId))
      .where(eq(batchMembers.batchId, batchId))
      .orderBy(asc(batchMembers.leafIndex))
      .offset(2)
      .limit(1);
    const bundle = buildBundle({
      // By the scheme the lock salted it with (salts.ts), as the gateway's own disclosures do.
      disclosure: discloseWith(member!.v.saltScheme, JSON.parse(member!.v.canonicalText!), member!.v.salt!, [
        '/recordId',
        '/results',
      ]),
      leaf: member!.v.leafHash!,
      leafIndex: member!.m.leafIndex,
      treeSize: batch.leafCount!,
      proof: member!.m.inclusionProof,
      manifest: parseManifest(utf8(batch.manifestText!)),
      cms: batch.cms!,
      certificates: [p.world.schools[SCHOOL]!.signer.der],
    });
    const anchor = await readAnchorView(p.ledger, auditor(), 'hocba', batchId, member!.m.leafIndex);
    const trustAnchors = (await readTrustAnchors(p.ledger, auditor())).flatMap((pem) =>
      pemToDer(pem, 'CERTIFICATE'),
    );
    const report = await verifyBundle(bundle, { trustAnchors, anchor, now: p.world.now });
    expect(report.verdict).toBe('valid');
  });

  it('anchors exactly once when the gateway dies between the ledger’s commit and its own', async () => {
    const batchId = await signedBatch();
    let crashes = 0;
    const dying = worker({
      leaseMs: 1000,
      hooks: {
        beforeRecordAnchored: () => {
          crashes++;
          throw new Error('killed between the ledger commit and the database commit');
        },
      },
    });
    expect(await dying.tick()).toMatchObject([{ batchId, outcome: 'interrupted' }]);
    expect(crashes).toBe(1);
    // The ledger committed; the database did not: the batch is still signed, its row still leased.
    expect((await batchRow(batchId)).state).toBe('signed');
    expect(await outboxRow(batchId)).toMatchObject({ state: 'submitting', attempts: 1 });
    const onLedger = await chaincode.getBatch(p.ledger, auditor(), batchId);

    // Within the lease nobody takes the row; once it has ended the restarted gateway does.
    const restarted = worker({ leaseMs: 1000 });
    expect(await restarted.tick()).toEqual([]);
    later(2);
    expect(await restarted.tick()).toMatchObject([
      { batchId, outcome: 'recovered', txId: onLedger.anchorTxId },
    ]);

    const doc = await chaincode.getBatch(p.ledger, auditor(), batchId);
    expect(doc.history).toHaveLength(1);
    expect(doc.anchorTxId).toBe(onLedger.anchorTxId);
    expect(await anchorEvents(batchId)).toBe(1);
    const batch = await batchRow(batchId);
    expect(batch).toMatchObject({
      state: 'anchored',
      ledgerTxId: doc.anchorTxId,
      blockNumber: (await p.ledger.transaction(doc.anchorTxId))!.blockNumber,
      anchoredAt: new Date(doc.anchoredAt),
    });
    expect(await outboxRow(batchId)).toMatchObject({
      state: 'done',
      ledgerTxId: doc.anchorTxId,
      attempts: 2,
    });
    const [last] = await s.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(last).toMatchObject({ action: 'batch.anchor', details: { source: 'foundOnLedger' } });
    expect(await verifyAuditChain(s.db)).toMatchObject({ ok: true });
  });

  it('fails the row with the chaincode’s code on a refusal, and leaves the batch signed', async () => {
    const batchId = await signedBatch();
    p.world.now = new Date('2026-06-26T00:00:00.000Z'); // the locking window closed on 25/6
    const w = worker();
    expect(await w.tick()).toMatchObject([{ batchId, outcome: 'failed', code: 'WINDOW_CLOSED' }]);
    const row = await outboxRow(batchId);
    expect(row.state).toBe('failed');
    expect(row.lastError).toMatch(/^WINDOW_CLOSED: /);
    expect((await batchRow(batchId)).state).toBe('signed');
    const [last] = await s.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(last).toMatchObject({
      action: 'batch.anchorRefused',
      entityId: batchId,
      details: { code: 'WINDOW_CLOSED' },
    });
    // A refusal is not retried.
    later(3600);
    expect(await w.tick()).toEqual([]);
  });

  it('retries an unavailable ledger with backoff, and gives up after maxAttempts', async () => {
    const flaky = (failures: number): LedgerClient => {
      let left = failures;
      return new Proxy(p.ledger, {
        get(target, prop, receiver) {
          if (prop === 'submit') {
            return (...args: Parameters<LedgerClient['submit']>) => {
              if (left-- > 0)
                return Promise.reject(
                  new LedgerError('UNAVAILABLE', 'no peer answered', { kind: 'unavailable' }),
                );
              return target.submit(...args);
            };
          }
          return Reflect.get(target, prop, receiver);
        },
      });
    };
    const batchId = await signedBatch();
    const w = worker({ ledger: flaky(2), backoff: { baseMs: 1000, maxMs: 60_000 }, maxAttempts: 5 });
    expect(await w.tick()).toMatchObject([
      { outcome: 'retry', code: 'UNAVAILABLE', retryAt: new Date(p.world.now.getTime() + 1000) },
    ]);
    expect(await w.tick()).toEqual([]);
    later(1);
    expect(await w.tick()).toMatchObject([
      { outcome: 'retry', retryAt: new Date(p.world.now.getTime() + 2000) },
    ]);
    later(2);
    expect(await w.tick()).toMatchObject([{ batchId, outcome: 'submitted' }]);
    expect(await outboxRow(batchId)).toMatchObject({ state: 'done', attempts: 3 });

    const doomed = await signedBatch();
    const giveUp = worker({ ledger: flaky(99), backoff: { baseMs: 1000, maxMs: 1000 }, maxAttempts: 2 });
    expect(await giveUp.tick()).toMatchObject([{ outcome: 'retry' }]);
    later(1);
    expect(await giveUp.tick()).toMatchObject([{ batchId: doomed, outcome: 'failed', code: 'UNAVAILABLE' }]);
    expect((await outboxRow(doomed)).lastError).toMatch(/^UNAVAILABLE: gave up after 2 attempts/);
  });

  it('runs in the background until stopped', async () => {
    const batchId = await signedBatch(2);
    const errors: unknown[] = [];
    const w = worker({ onError: (e) => errors.push(e) });
    w.start(20);
    for (let i = 0; i < 200 && (await batchRow(batchId)).state !== 'anchored'; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await w.stop();
    expect((await batchRow(batchId)).state).toBe('anchored');
    expect(errors).toEqual([]);
  });

  it('with concurrency, works several schools at once but never two rows of one school', async () => {
    const schools = Object.keys(s.classId);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      for (const school of schools) {
        const versions = await seedVersions(s.db, school, s.classId[school]!, 2);
        ids.push((await lockAndSign(s.db, p.world, school, versions)).batchId);
      }
    // A ledger that holds each anchor a moment, and counts what is in flight, in all and per school.
    let inFlight = 0;
    let most = 0;
    const perSchool = new Map<string, number>();
    const slow: LedgerClient = Object.create(p.ledger, {
      submit: {
        value: async (...args: Parameters<LedgerClient['submit']>) => {
          const school = args[0] === 'batch:anchorBatch' ? JSON.parse(args[1][0]!).schoolId : '';
          inFlight++;
          most = Math.max(most, inFlight);
          perSchool.set(school, (perSchool.get(school) ?? 0) + 1);
          expect(perSchool.get(school)).toBe(1);
          try {
            await new Promise((r) => setTimeout(r, 30));
            return await p.ledger.submit(...args);
          } finally {
            inFlight--;
            perSchool.set(school, perSchool.get(school)! - 1);
          }
        },
      },
    });
    const w = worker({ ledger: slow, concurrency: 8 });
    const outcomes = [...(await w.tick()), ...(await w.tick())];
    expect(outcomes.map((o) => o.outcome)).toEqual(ids.map(() => 'submitted'));
    expect(most).toBe(schools.length);
    for (const id of ids) {
      expect((await batchRow(id)).state).toBe('anchored');
      expect(await anchorEvents(id)).toBe(1);
    }
  });

  it('fails with ANCHOR_CONFLICT when the ledger holds another batch under our id', async () => {
    const batchId = `B-CONFLICT-${Date.now()}`;
    const theirs = await p.world.lockBatch(SCHOOL, [{ recordId: 'X' }], { batchId });
    await p.world.anchor(SCHOOL, theirs.args);
    await signedBatch(2, batchId);
    expect(await worker().tick()).toMatchObject([{ batchId, outcome: 'failed', code: 'ANCHOR_CONFLICT' }]);
    expect((await batchRow(batchId)).state).toBe('signed');
  });
});

describe('reconciliation from ledger events', () => {
  it('records an anchor the database missed, settles its row and keeps a checkpoint', async () => {
    const batchId = await signedBatch();
    // A worker claimed the row and the ledger committed its anchor; then the gateway died.
    expect(await claimOutbox(s.db, p.world.now, 10)).toHaveLength(1);
    const batch = await batchRow(batchId);
    const committed = await chaincode.anchorBatch(
      p.ledger,
      {
        identity: p.world.schools[SCHOOL]!.principal,
        endorsingOrgs: ['DoetMSP', p.world.schools[SCHOOL]!.districtMsp],
      },
      { manifestText: batch.manifestText!, cms: batch.cms! },
    );

    const first = await reconcileFromEvents(s.db, p.ledger, { identity: auditor(), idleMs: 100 });
    expect(first.fromBlock).toBe(0);
    expect(first.reconciled).toEqual([batchId]);
    expect(first.conflicts).toEqual([]);
    expect(first.nextBlock).toBe(committed.blockNumber);
    expect(await batchRow(batchId)).toMatchObject({
      state: 'anchored',
      ledgerTxId: committed.txId,
      blockNumber: committed.blockNumber,
    });
    expect(await outboxRow(batchId)).toMatchObject({ state: 'done', ledgerTxId: committed.txId });
    const [checkpoint] = await s.db.select().from(ledgerCheckpoints);
    expect(checkpoint).toMatchObject({ name: 'reconciler', channel: 'hocba', blockNumber: first.nextBlock });

    // Resuming from the checkpoint finds nothing new to do, and the worker has nothing left to submit.
    const again = await reconcileFromEvents(s.db, p.ledger, { identity: auditor(), idleMs: 100 });
    expect(again).toMatchObject({ fromBlock: first.nextBlock, reconciled: [] });
    later(120);
    expect(await worker().tick()).toEqual([]);
    expect(await anchorEvents(batchId)).toBe(1);
  });
});
