/**
 * Faults under a stream of anchors, on the real network (issue 11 point 4): the gateway's outbox worker
 * anchors dozens of signed batches while the test kills the Raft leader and then a follower, stops
 * District1's peer, and restarts every orderer in turn ten times. Whatever happens, every batch is anchored
 * exactly once (one BatchAnchored event per batch on the chain, the database's transaction the ledger's),
 * none is lost, and afterwards every node is at the same height and every orderer still orders.
 *
 * The database is PGlite in memory; the province is the chaincode suite's World on Fabric (three schools:
 * two in district1, one in district2).
 */
import { randomBytes } from 'node:crypto';
import {
  batches,
  classes,
  type Database,
  districts,
  enrolments,
  MEMORY,
  type OpenedDatabase,
  openDatabase,
  provinces,
  recordVersions,
  schools,
  students,
} from '@hocba/db';
import { devSigner, lockBatch, type OutboxWorker, runOutboxWorker, signWithDevSigner } from '@hocba/gateway';
import { worldIdentities } from '@hocba/gateway/testing/services/fixtures.ts';
import { certificateFingerprint } from '@hocba/integrity';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { World, YEAR } from '../chaincode/suite-world.ts';
import * as network from './network.ts';

const DISTRICT_OF: Record<string, string> = {
  'SCH-QN-001': 'district1',
  'SCH-QN-002': 'district1',
  'SCH-QN-003': 'district2',
};
const SCHOOLS = Object.keys(DISTRICT_OF);

let w: World;
let opened: OpenedDatabase;
let db: Database;
let worker: OutboxWorker;
const workerErrors: unknown[] = [];
let seq = 0;

const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function seedProvince(): Promise<void> {
  await db.insert(provinces).values({ id: 'QN', code: '22', name: 'Quảng Ninh', mspId: 'DoetMSP' });
  await db.insert(districts).values([
    { id: 'district1', provinceId: 'QN', code: '01', name: 'Phòng GD&ĐT Hạ Long', mspId: 'District1MSP' },
    { id: 'district2', provinceId: 'QN', code: '02', name: 'Phòng GD&ĐT Cẩm Phả', mspId: 'District2MSP' },
  ]);
  for (const id of SCHOOLS) {
    await db.insert(schools).values({
      id,
      code: id,
      name: `Trường ${id}`,
      level: 'TH',
      districtId: DISTRICT_OF[id]!,
      provinceId: 'QN',
    });
    await db.insert(classes).values({ id: `5A-${id}`, schoolId: id, schoolYear: YEAR, grade: 5, name: '5A' });
  }
}

/** A batch of two approved records of a school, locked and signed: its anchor is queued in the outbox. */
async function signedBatch(schoolId: string): Promise<string> {
  const classId = `5A-${schoolId}`;
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const [student] = await db
      .insert(students)
      .values({ nationalId: `0${digits(11)}`, studentCode: `HS${digits(6)}` })
      .returning();
    const [enrolment] = await db
      .insert(enrolments)
      .values({ studentId: student!.id, classId, schoolYear: YEAR, custodySchoolId: schoolId })
      .returning();
    const recordId = `REC-${randomBytes(6).toString('hex')}`;
    await db.insert(recordVersions).values({
      id: recordId,
      enrolmentId: enrolment!.id,
      version: 1,
      state: 'approved',
      record: {
        schema: 'hocba.record/v1',
        recordId,
        lookupCode: randomBytes(12).toString('hex').toUpperCase(),
        schoolCode: schoolId,
        schoolYear: YEAR,
        grade: 5,
        classId,
        version: 1,
        results: { TOAN: { level: 'T', score: 7 + (i % 3) } },
        overall: 'HTT',
      },
    });
    ids.push(recordId);
  }
  const signer = w.schools[schoolId]!.signer;
  const now = Date.now();
  const locked = await lockBatch(db, {
    schoolId,
    schoolYear: YEAR,
    recordVersionIds: ids,
    kind: 'regular',
    lockedAt: new Date(now - 60_000),
    signerCertFingerprint: certificateFingerprint(signer.der),
    batchId: `B-FAULT-${schoolId}-${++seq}-${randomBytes(3).toString('hex')}`,
  });
  const dev = devSigner({
    certificate: signer.der,
    privateKey: signer.keys.privateKey,
    clock: () => new Date(now - 30_000),
  });
  await signWithDevSigner(db, locked.batchId, dev, {
    trustAnchors: [w.root.der],
    registeredCertificate: signer.der,
    now: new Date(),
  });
  return locked.batchId;
}

async function states(): Promise<Map<string, string>> {
  const rows = await db.select({ id: batches.id, state: batches.state }).from(batches);
  return new Map(rows.map((r) => [r.id, r.state]));
}

async function waitAnchored(ids: readonly string[], timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await states();
    const left = ids.filter((id) => s.get(id) !== 'anchored');
    if (left.length === 0) return;
    if (Date.now() > until)
      throw new Error(
        `${left.length} of ${ids.length} batches not anchored after ${timeoutMs} ms: ${left.slice(0, 5)}`,
      );
    await sleep(250);
  }
}

/** Queues `n` batches spread over the schools, one every `everyMs`, while the caller's faults happen. */
async function stream(n: number, everyMs: number, schoolIds = SCHOOLS): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(await signedBatch(schoolIds[i % schoolIds.length]!));
    await sleep(everyMs);
  }
  return ids;
}

const all: string[] = [];

beforeAll(async () => {
  w = await World.create('fabric');
  opened = await openDatabase({ url: undefined, dataDir: MEMORY });
  db = opened.db;
  await seedProvince();
  worker = runOutboxWorker({
    db,
    ledger: w.ledger.client,
    identities: worldIdentities(w),
    // Never give up during the faults; retry soon after each.
    maxAttempts: 10_000,
    backoff: { baseMs: 200, maxMs: 2_000 },
    leaseMs: 30_000,
    onError: (e) => workerErrors.push(e),
  });
  worker.start(100);
}, 300_000);

afterAll(async () => {
  await worker?.stop();
  // Whatever failed, the network is left whole for the next file.
  await network.up();
  await w?.close();
  await opened?.close();
}, 300_000);

describe('anchors under faults on the real network', () => {
  it('kill -9 of the Raft leader, then of a follower, then both restarted: every batch anchored', async () => {
    const first = await stream(6, 50);
    all.push(...first);
    await waitAnchored(first.slice(0, 2), 60_000);
    const { leader } = await network.status();
    expect(leader).toMatch(/^orderer\d$/);
    const inFlight = stream(12, 200);
    await network.kill(leader!);
    // A new leader among the other two in ~2 s (TickInterval 100 ms).
    let next: string | null = null;
    for (let i = 0; i < 100 && (!next || next === leader); i++) {
      await sleep(200);
      next = (await network.status()).leader;
    }
    expect(next).not.toBe(leader);
    const follower = ['orderer0', 'orderer1', 'orderer2'].find((o) => o !== leader && o !== next)!;
    await network.kill(follower);
    // One orderer of three: no quorum, nothing is ordered; the worker keeps retrying.
    await sleep(3_000);
    await network.start(leader!);
    await network.start(follower);
    all.push(...(await inFlight));
    await waitAnchored(all, 180_000);
  }, 400_000);

  it("District1's peer stopped: its schools' anchors wait, District2's go through; then all anchored", async () => {
    await network.stop('peer-district1');
    const d1 = await stream(4, 50, ['SCH-QN-001', 'SCH-QN-002']);
    const d2 = await stream(4, 50, ['SCH-QN-003']);
    all.push(...d1, ...d2);
    await waitAnchored(d2, 60_000);
    const s = await states();
    expect(d1.map((id) => s.get(id))).toEqual(d1.map(() => 'signed'));
    await network.start('peer-district1');
    await waitAnchored(d1, 120_000);
  }, 400_000);

  it('every orderer restarted in turn ten times under the stream: every batch anchored', async () => {
    let restarting = true;
    const during = (async () => {
      const ids: string[] = [];
      while (restarting) ids.push(...(await stream(1, 300)));
      return ids;
    })();
    for (let round = 0; round < 10; round++) {
      for (const o of ['orderer0', 'orderer1', 'orderer2']) {
        await network.stop(o);
        await network.start(o);
      }
    }
    restarting = false;
    const queued = await during;
    expect(queued.length).toBeGreaterThan(10);
    all.push(...queued);
    await waitAnchored(all, 240_000);
  }, 900_000);

  it('afterwards: each batch exactly once on the chain, as the database says; one height; every orderer orders', async () => {
    expect(all.length).toBeGreaterThan(40);
    const height = await network.waitSameHeight(1, 120_000);
    // Every block of the chain, as the peers hold it: the BatchAnchored events of valid transactions.
    const events = new Map<string, number>();
    for (let n = 0; n < height; n++) {
      for (const t of await w.ledger.block(n)) {
        if (t.validationCode !== 'VALID' || t.event?.name !== 'BatchAnchored') continue;
        const { batchId } = JSON.parse(new TextDecoder().decode(t.event.payload)) as { batchId: string };
        events.set(batchId, (events.get(batchId) ?? 0) + 1);
      }
    }
    for (const id of all) expect(events.get(id), id).toBe(1);
    const rows = await db.select().from(batches);
    for (const id of all) {
      const row = rows.find((r) => r.id === id)!;
      const onChain = await w.evaluate('batch:getBatch', [id]);
      expect(onChain.anchorTxId, id).toBe(row.ledgerTxId);
      expect(row.blockNumber, id).toBeGreaterThan(0);
    }
    // A last anchor after all the restarts: every orderer's height moves with it.
    const last = await signedBatch('SCH-QN-003');
    await waitAnchored([last], 60_000);
    const after = await network.waitSameHeight(height + 1, 60_000);
    expect(after).toBeGreaterThan(height);
    const s = await network.status();
    expect(s.processes.filter((p) => p.state !== 'running' || p.health !== 'ok')).toEqual([]);
    expect(workerErrors).toEqual([]);
    const [row] = await db.select().from(batches).where(eq(batches.id, last));
    expect(row?.state).toBe('anchored');
  }, 300_000);
});
