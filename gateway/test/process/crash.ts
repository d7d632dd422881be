/**
 * The crash scenario of the outbox (issue 6 point 9, issue 11 point 4), run by outbox-sigkill.test.ts on the
 * embedded ledger and by test/fabric/sigkill.test.ts on the real network:
 *
 *   1. `--fresh` start: the demo province is seeded (one batch anchored); SIGTERM.
 *   2. A second class batch is locked and signed through the services (its outbox row pending).
 *   3. Start with HOCBA_FAULT=kill-after-ledger-commit: the worker submits the anchor, the ledger commits
 *      it, and the process SIGKILLs itself before the database records it.
 *   4. Start without the fault: the batch becomes `anchored` (by the reconciler or the worker, from what
 *      the ledger holds), its record verifies `valid` over HTTP; SIGTERM.
 *
 * Then: exactly one anchoring transaction for that batch on the ledger, the batch anchored in the database
 * with that transaction's id, its outbox row done with it, the audit chain intact and the anchor recorded
 * from the ledger (not submitted twice).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  anchorOutbox,
  auditLog,
  batches,
  enrolments,
  type OpenedDatabase,
  recordVersions,
  studentBiographies,
  verifyAuditChain,
} from '@hocba/db';
import { pemToDer } from '@hocba/integrity';
import type { Json } from '@hocba/records/testing/helpers.ts';
import { and, asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/index.ts';
import { loadDevSigner, lockBatch, signWithDevSigner } from '../../src/services/index.ts';
import { type Ready, ROOT, spawnServer, stopServer, waitReady } from './server.ts';

const PKI = join(ROOT, '.dev-pki');
const SCHOOL = 'SCH-QN-002';

export interface Pending {
  batchId: string;
  lookupCode: string;
  dob: string;
}

/** Locks and signs the THCS school's grade-6 class through the services: a batch waiting for its anchor. */
async function lockAndSignSecondBatch(opened: OpenedDatabase): Promise<Pending> {
  const { db } = opened;
  const rows = await db
    .select({ id: recordVersions.id, classId: enrolments.classId, schoolYear: enrolments.schoolYear })
    .from(recordVersions)
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    .where(and(eq(enrolments.custodySchoolId, SCHOOL), eq(recordVersions.state, 'approved')))
    .orderBy(asc(recordVersions.id));
  const classId = rows.find((r) => r.classId.endsWith('-6A'))!.classId;
  const ids = rows.filter((r) => r.classId === classId).map((r) => r.id);
  expect(ids.length).toBeGreaterThan(0);
  const signer = await loadDevSigner(SCHOOL, { pkiDir: PKI });
  const now = new Date();
  const batchId = `B-${classId}-KILL`;
  const locked = await lockBatch(db, {
    schoolId: SCHOOL,
    schoolYear: rows[0]!.schoolYear,
    classId,
    recordVersionIds: ids,
    kind: 'regular',
    lockedAt: new Date(now.getTime() - 60_000),
    batchId,
    signerCertFingerprint: signer.fingerprint,
  });
  const index = JSON.parse(readFileSync(join(PKI, 'index.json'), 'utf8')) as {
    root: { certificate: string };
  };
  const root = pemToDer(readFileSync(join(PKI, index.root.certificate), 'utf8'), 'CERTIFICATE')[0]!;
  await signWithDevSigner(db, batchId, signer, {
    trustAnchors: [root],
    registeredCertificate: signer.certificate,
    now,
  });
  const first = locked.members.find((m) => m.leafIndex === 0)!;
  const [seat] = await db
    .select({ code: recordVersions.lookupCode, dob: studentBiographies.dateOfBirth })
    .from(recordVersions)
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    .innerJoin(studentBiographies, eq(studentBiographies.studentId, enrolments.studentId))
    .where(eq(recordVersions.id, first.recordVersionId));
  const [b] = await db.select().from(batches).where(eq(batches.id, batchId));
  expect(b!.state).toBe('signed');
  return { batchId, lookupCode: seat!.code!, dob: seat!.dob };
}

async function json(url: string, init?: RequestInit) {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as Json };
}

/** Polls the batch through the API (as its principal) until it is anchored. */
async function waitAnchored(ready: Ready, batchId: string, timeoutMs = 30_000) {
  const login = await json(`${ready.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'hieutruong.chuvanan', password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const auth = { authorization: `Bearer ${login.body.accessToken}` };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const b = await json(`${ready.url}/v1/batches/${batchId}`, { headers: auth });
    expect(b.status).toBeLessThan(500);
    if (b.body.state === 'anchored') return b.body;
    if (Date.now() > deadline) throw new Error(`batch ${batchId} not anchored: ${JSON.stringify(b.body)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The whole scenario on one database; returns the first start's banner for the callers' extra checks. */
export async function crashScenario(
  env: Record<string, string>,
  openDb: () => Promise<OpenedDatabase>,
  /** The ids of the valid anchoring transactions of a batch on the ledger. */
  anchorsOf: (batchId: string) => Promise<string[]>,
) {
  const statuses: number[] = [];

  // 1. A first start seeds; a clean stop. (--fresh is refused with DATABASE_URL: that database is new.)
  const run1 = spawnServer(env, env.DATABASE_URL ? [] : ['--fresh']);
  const first = await waitReady(run1);
  expect(first.seededNow).toBe(true);
  expect(await stopServer(run1)).toEqual({ code: 0, signal: null });

  // 2. A second batch, locked and signed, waiting for the worker.
  let opened = await openDb();
  const pending = await lockAndSignSecondBatch(opened);
  await opened.close();
  expect(await anchorsOf(pending.batchId)).toHaveLength(0);

  // 3. The worker anchors it and the process dies before the database hears of it.
  const run2 = spawnServer({ ...env, NODE_ENV: 'test', HOCBA_FAULT: 'kill-after-ledger-commit' });
  const killed = await run2.exited;
  expect(killed, run2.output()).toEqual({ code: null, signal: 'SIGKILL' });
  expect(run2.output()).toContain(`SIGKILL after the ledger commit of ${pending.batchId}`);
  expect(await anchorsOf(pending.batchId)).toHaveLength(1);

  // 4. A start without the fault recovers; the record verifies over HTTP.
  const run3 = spawnServer(env);
  const again = await waitReady(run3);
  expect(again.seededNow).toBe(false);
  // The restart kept the state: the same demo record is offered.
  expect(again.lookupCode).toBe(first.lookupCode);
  const view = await waitAnchored(again, pending.batchId);
  const verified = await json(`${again.url}/v1/verify/${pending.lookupCode}?dob=${pending.dob}`);
  statuses.push(verified.status);
  expect(verified.status).toBe(200);
  expect(verified.body.report.verdict).toBe('valid');
  const demo = await json(`${again.url}/v1/verify/${again.lookupCode}?dob=${again.dob}`);
  statuses.push(demo.status);
  expect(demo.body.report.verdict).toBe('valid');
  expect(await stopServer(run3)).toEqual({ code: 0, signal: null });

  // Exactly one anchor on the ledger, and the database says the same.
  const onLedger = await anchorsOf(pending.batchId);
  expect(onLedger).toHaveLength(1);
  const txId = onLedger[0]!;
  expect(view.anchor.txId).toBe(txId);
  opened = await openDb();
  try {
    const { db } = opened;
    const [b] = await db.select().from(batches).where(eq(batches.id, pending.batchId));
    expect(b).toMatchObject({ state: 'anchored', ledgerTxId: txId });
    const rows = await db.select().from(anchorOutbox).where(eq(anchorOutbox.batchId, pending.batchId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'done', ledgerTxId: txId });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    // Recorded once, from what the ledger already held: the crash really fell between the two commits.
    const anchors = (await db.select().from(auditLog).where(eq(auditLog.entityId, pending.batchId))).filter(
      (e) => e.action === 'batch.anchor',
    );
    expect(anchors).toHaveLength(1);
    expect(['reconciled', 'foundOnLedger']).toContain(anchors[0]!.details.source);
    expect(anchors[0]!.details.txId).toBe(txId);
  } finally {
    await opened.close();
  }
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  return { first, pending };
}
