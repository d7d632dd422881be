import { readFileSync } from 'node:fs';
import { enrolments, recordVersions, studentBiographies } from '@hocba/db';
import { certificateFingerprint } from '@hocba/integrity';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { LedgerClient } from '../../src/ledger/index.ts';
import { newLookupCode } from '../../src/lookup/code.ts';
import {
  devSigner,
  type OutboxWorker,
  runOutboxWorker,
  signWithDevSigner,
} from '../../src/services/index.ts';
import { makeApp, type TestApp } from '../app/helper.ts';
import { seedUser, userToken } from '../auth/fixtures.ts';
import {
  lockAndSign,
  type Province,
  type Seeded,
  seededDatabase,
  seedVersions,
  startProvince,
  workerParties,
  YEAR,
} from '../services/fixtures.ts';

export { YEAR };
export const SCHOOL = 'SCH-QN-001';
/** Same district as SCHOOL. */
export const SCHOOL2 = 'SCH-QN-002';
/** Another district. */
export const FAR_SCHOOL = 'SCH-QN-003';

export const LOGINS = {
  principal: { login: 'principal-001', grants: [{ role: 'principal', schoolId: SCHOOL }] },
  schoolAdmin: { login: 'admin-001', grants: [{ role: 'schoolAdmin', schoolId: SCHOOL }] },
  farPrincipal: { login: 'principal-003', grants: [{ role: 'principal', schoolId: FAR_SCHOOL }] },
  teacher: { login: 'teacher-001', grants: [{ role: 'homeroomTeacher', classId: `5A-${SCHOOL}` }] },
  district1: { login: 'district-1', grants: [{ role: 'districtOfficer', districtId: 'district1' }] },
  district2: { login: 'district-2', grants: [{ role: 'districtOfficer', districtId: 'district2' }] },
  province: { login: 'province', grants: [{ role: 'provinceOfficer', provinceId: 'QN' }] },
  ministry: { login: 'ministry', grants: [{ role: 'ministryAuditor' }] },
} as const;
export type Who = keyof typeof LOGINS;

export interface Env {
  p: Province;
  s: Seeded;
  app: TestApp;
  ledger: LedgerClient;
  tokens: Record<Who, string>;
  userIds: Record<Who, string>;
  call(
    who: Who | null,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
  ): ReturnType<TestApp['inject']>;
  /** Anchors every signed batch: a pass of the worker that must find only anchors to submit. */
  anchorAll(): Promise<void>;
  /** The outbox worker, on `ledger` (the tests tick it themselves). */
  worker: OutboxWorker;
  close(): Promise<void>;
}

export async function makeEnv(o: { ledger?: (l: LedgerClient) => LedgerClient } = {}): Promise<Env> {
  const [p, s] = await Promise.all([startProvince(), seededDatabase()]);
  const app = await makeApp(p.world, {
    db: s.db,
    rateLimit: { max: 10_000, bulkMax: 10_000, lookupMax: 10_000, authMax: 10_000 },
  });
  const userIds = {} as Record<Who, string>;
  const tokens = {} as Record<Who, string>;
  for (const [who, u] of Object.entries(LOGINS) as [Who, (typeof LOGINS)[Who]][]) {
    userIds[who] = await seedUser(s.db, { login: u.login, grants: u.grants.map((g) => ({ ...g })) });
    tokens[who] = await userToken(app, u.login);
  }
  const ledger = o.ledger ? o.ledger(p.ledger) : p.ledger;
  const worker = runOutboxWorker({
    db: s.db,
    ledger,
    ...workerParties(p.world),
    backoff: { baseMs: 1000, maxMs: 60_000 },
  });
  return {
    p,
    s,
    app,
    ledger,
    tokens,
    userIds,
    worker,
    call: (who, method, url, payload) =>
      app.inject({
        method,
        url,
        ...(payload !== undefined && { payload: payload as object }),
        ...(who && { headers: { authorization: `Bearer ${tokens[who]}` } }),
      }),
    async anchorAll() {
      for (const r of await worker.tick())
        expect(r).toMatchObject({ action: 'anchorBatch', outcome: 'submitted' });
    },
    async close() {
      await app.close();
      await s.close();
    },
  };
}

export interface Seat {
  recordId: string;
  code: string;
  dob: string;
  studentId: string;
}

/**
 * `n` approved versions of SCHOOL with biographies (the lookup's date of birth) and their own lookup codes,
 * locked, signed and anchored; `valid` makes the first one a record that keeps every rule (for corrections).
 */
export async function anchoredBatch(
  env: Env,
  n: number,
  o: { valid?: boolean; schoolId?: string } = {},
): Promise<{ batchId: string; seats: Seat[] }> {
  const schoolId = o.schoolId ?? SCHOOL;
  const { db } = env.s;
  const ids = await seedVersions(db, schoolId, env.s.classId[schoolId]!, n);
  const seats: Seat[] = [];
  for (const [i, id] of ids.entries()) {
    const [v] = await db.select().from(recordVersions).where(eq(recordVersions.id, id));
    const [e] = await db.select().from(enrolments).where(eq(enrolments.id, v!.enrolmentId));
    const code = newLookupCode();
    const dob = `2015-0${1 + (i % 9)}-1${i % 10}`;
    const record =
      o.valid && i === 0
        ? { ...validRecord(), recordId: id, lookupCode: code, schoolCode: schoolId }
        : { ...v!.record, lookupCode: code };
    await db.update(recordVersions).set({ lookupCode: code, record }).where(eq(recordVersions.id, id));
    await db.insert(studentBiographies).values({
      studentId: e!.studentId,
      fullName: `Học sinh ${i}`,
      dateOfBirth: dob,
      sex: 'female',
      birthplace: 'Hạ Long',
      ethnicity: 'Kinh',
    });
    seats.push({ recordId: id, code, dob, studentId: e!.studentId });
  }
  const locked = await lockAndSign(db, env.p.world, schoolId, ids);
  await env.anchorAll();
  return { batchId: locked.batchId, seats };
}

/** The primary grade-5 fixture: a record that keeps every rule of Circular 27. */
export function validRecord(): Record<string, unknown> {
  const url = new URL('../../../records/test/fixtures/primary-grade5.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}

/** Signs an assembling batch with the school's dev signer (as the principal's token would). */
export async function sign(env: Env, batchId: string, schoolId = SCHOOL): Promise<void> {
  const w = env.p.world;
  const signer = w.schools[schoolId]!.signer;
  const dev = devSigner({ certificate: signer.der, privateKey: signer.keys.privateKey, clock: () => w.now });
  await signWithDevSigner(env.s.db, batchId, dev, {
    trustAnchors: [w.root.der],
    registeredCertificate: signer.der,
    now: w.now,
  });
}

export const fingerprintOf = (env: Env, schoolId = SCHOOL) =>
  certificateFingerprint(env.p.world.schools[schoolId]!.signer.der);

export const ledgerRead = async (env: Env, fn: string, args: string[]) =>
  env.p.world.evaluate(fn, args) as Promise<Record<string, unknown>>;
