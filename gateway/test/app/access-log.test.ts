/**
 * Reads are logged (issue 12 point 7; seed 000 Điều 3.2), through `inject` on PGlite and the embedded
 * ledger: a staff read of a record, of a class and of a student's records lands in the access log with its
 * reader, place and outcome (a refusal too); every public lookup lands there as the SHA-256 of its code, its
 * outcome and its time, never with the date of birth or the IP; GET /v1/access-log shows the ministry
 * auditor everything and a province officer their province, with each reader's display name and role, a page
 * at a time; GET /v1/audit names its actors. The batched writer (services/access-log.ts) keeps what it
 * could not write, retries it, flushes at close, and refuses reads once saturated (503).
 */
import { createHash } from 'node:crypto';
import {
  accessLog,
  appendAudit,
  type Database,
  enrolments,
  provinces,
  recordVersions,
  studentBiographies,
} from '@hocba/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newLookupCode } from '../../src/lookup/code.ts';
import { type AccessEntry, AccessLogWriter } from '../../src/services/access-log.ts';
import { runOutboxWorker } from '../../src/services/index.ts';
import { seedUser, userToken } from '../auth/fixtures.ts';
import {
  lockAndSign,
  OTHER_SCHOOL,
  type Province,
  SCHOOL,
  type Seeded,
  seededDatabase,
  seedVersions,
  startProvince,
  workerParties,
} from '../services/fixtures.ts';
import { makeApp, type TestApp } from './helper.ts';

const DOB = '2015-03-14';
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

let p: Province;
let s: Seeded;
let app: TestApp;
let recordId: string;
let code: string;
let studentId: string;
const token: Record<string, string> = {};

const get = (url: string, who?: string) =>
  app.inject({ method: 'GET', url, ...(who && { headers: { authorization: `Bearer ${token[who]}` } }) });
const rows = () => s.db.select().from(accessLog).orderBy(accessLog.id);
/** Waits until the batched writer has written `n` more entries than `before`. */
async function written(before: number, n: number) {
  await vi.waitFor(async () => expect((await rows()).length).toBe(before + n), { timeout: 5000 });
  return (await rows()).slice(before);
}

beforeAll(async () => {
  [p, s] = await Promise.all([startProvince(), seededDatabase()]);
  [recordId] = (await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 1)) as [string];
  const [v] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, recordId));
  const [e] = await s.db.select().from(enrolments).where(eq(enrolments.id, v!.enrolmentId));
  studentId = e!.studentId;
  code = newLookupCode();
  await s.db
    .update(recordVersions)
    .set({ lookupCode: code, record: { ...v!.record, lookupCode: code } })
    .where(eq(recordVersions.id, recordId));
  await s.db.insert(studentBiographies).values({
    studentId,
    fullName: 'Lý Thị Mai',
    dateOfBirth: DOB,
    sex: 'female',
    birthplace: 'Hạ Long',
    ethnicity: 'Sán Dìu',
  });
  await lockAndSign(s.db, p.world, SCHOOL, [recordId]);
  await runOutboxWorker({ db: s.db, ledger: p.ledger, ...workerParties(p.world) }).tick();
  const users: [string, Parameters<typeof seedUser>[1]['grants']][] = [
    ['principal', [{ role: 'principal', schoolId: SCHOOL }]],
    ['otherPrincipal', [{ role: 'principal', schoolId: OTHER_SCHOOL }]],
    ['province', [{ role: 'provinceOfficer', provinceId: 'QN' }]],
    ['foreignProvince', [{ role: 'provinceOfficer', provinceId: 'HN' }]],
    ['auditor', [{ role: 'ministryAuditor' }]],
  ];
  // Another province, with no school in this database.
  await s.db.insert(provinces).values({ id: 'HN', code: '01', name: 'Hà Nội' });
  for (const [login, grants] of users) await seedUser(s.db, { login, grants });
  app = await makeApp(p.world, {
    db: s.db,
    rateLimit: { max: 1000, authMax: 1000, lookupMax: 1000 },
    accessLog: { flushIntervalMs: 20 },
  });
  for (const [login] of users) token[login] = await userToken(app, login);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await s?.close();
});

describe('staff reads', () => {
  it('a record, a class and a student’s records: each logged with its reader, place and outcome', async () => {
    const before = (await rows()).length;
    expect((await get(`/v1/records/${recordId}`, 'principal')).statusCode).toBe(200);
    expect((await get(`/v1/classes/${s.classId[SCHOOL]}/records`, 'principal')).statusCode).toBe(200);
    expect((await get(`/v1/transfers/students/${studentId}/records`, 'principal')).statusCode).toBe(200);
    // Another school's principal: refused, and logged as an attempt on this school's record.
    expect((await get(`/v1/records/${recordId}`, 'otherPrincipal')).statusCode).toBe(403);
    const logged = await written(before, 4);
    expect(logged.map((r) => [r.action, r.entityType, r.entityId, r.schoolId, r.outcome])).toEqual([
      ['GET /v1/records/:recordId', 'record', recordId, SCHOOL, 'ok'],
      ['GET /v1/classes/:classId/records', 'class', s.classId[SCHOOL], SCHOOL, 'ok'],
      ['GET /v1/transfers/students/:studentId/records', 'student', studentId, SCHOOL, 'ok'],
      ['GET /v1/records/:recordId', 'record', recordId, SCHOOL, 'refused'],
    ]);
    for (const r of logged) {
      expect(r).toMatchObject({ kind: 'staff', actorRole: 'principal', codeHash: null });
      expect(r.actorUserId).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(logged[0]!.districtId).toBe('district1');
    expect(logged[0]!.provinceId).toBe('QN');
  });

  it('a request without a token read nothing and is not logged as a read', async () => {
    const before = (await rows()).length;
    expect((await get(`/v1/records/${recordId}`)).statusCode).toBe(401);
    expect((await get(`/v1/records/${recordId}`, 'principal')).statusCode).toBe(200);
    const logged = await written(before, 1);
    expect(logged[0]!.outcome).toBe('ok');
  });
});

describe('public lookups', () => {
  it('are logged as the hash of the code, the outcome and the time: no date of birth, no IP, nobody', async () => {
    const before = (await rows()).length;
    const wrongDob = '2015-03-15';
    expect((await get(`/v1/verify/${code}?dob=${DOB}`)).statusCode).toBe(200);
    expect((await get(`/v1/verify/${code.toLowerCase()}?dob=${wrongDob}`)).statusCode).toBe(404);
    expect((await get(`/v1/verify/not-a-code?dob=${DOB}`)).statusCode).toBe(400);
    const logged = await written(before, 3);
    expect(logged.map((r) => [r.kind, r.entityType, r.outcome])).toEqual([
      ['public', 'lookup', 'valid'],
      ['public', 'lookup', 'notFound'],
      ['public', 'lookup', 'invalidCode'],
    ]);
    // The same code typed differently: the same hash, of its canonical form.
    expect(Buffer.from(logged[0]!.codeHash!).toString('hex')).toBe(sha256(code));
    expect(Buffer.from(logged[1]!.codeHash!).toString('hex')).toBe(sha256(code));
    expect(logged[2]!.codeHash).toBeNull();
    expect(logged[0]!.schoolId).toBe(SCHOOL);
    for (const r of logged)
      expect(r).toMatchObject({ actorUserId: null, actorClientId: null, actorRole: null });
    const text = JSON.stringify(logged);
    for (const secret of [DOB, wrongDob, code, code.toLowerCase(), '127.0.0.1', 'Lý Thị Mai']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('GET /v1/access-log', () => {
  it('shows the ministry auditor every entry, each reader named by display name and role', async () => {
    const res = await get('/v1/access-log?limit=500', 'auditor');
    expect(res.statusCode).toBe(200);
    const { items } = res.json();
    const staff = items.find((i: { kind: string }) => i.kind === 'staff');
    expect(staff.actor).toMatchObject({ displayName: 'Nguyễn Thị Lan', role: 'principal' });
    const lookups = items.filter((i: { kind: string }) => i.kind === 'public');
    expect(lookups.length).toBeGreaterThanOrEqual(3);
    for (const l of lookups) expect(l.actor).toBeNull();
    const byHash = await get(`/v1/access-log?codeHash=${sha256(code)}`, 'auditor');
    expect(byHash.json().items.map((i: { outcome: string }) => i.outcome)).toEqual(['valid', 'notFound']);
  });

  it('shows a province officer their province only, and nothing to another province’s', async () => {
    const own = (await get('/v1/access-log?limit=500', 'province')).json().items;
    const all = (await get('/v1/access-log?limit=500', 'auditor')).json().items;
    expect(own.length).toBe(all.length);
    const foreign = await get('/v1/access-log?limit=500', 'foreignProvince');
    expect(foreign.statusCode).toBe(200);
    expect(foreign.json().items).toEqual([]);
    // A principal is not an auditor of reads.
    const principal = await get('/v1/access-log', 'principal');
    expect(principal.statusCode).toBe(403);
    expect(principal.json().error.code).toBe('FORBIDDEN');
  });

  it('pages by afterId with a bounded limit', async () => {
    const first = (await get('/v1/access-log?limit=2', 'auditor')).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextAfterId).toBe(first.items[1].id);
    const next = (await get(`/v1/access-log?limit=2&afterId=${first.nextAfterId}`, 'auditor')).json();
    expect(next.items[0].id).toBeGreaterThan(first.nextAfterId);
    for (const bad of [
      'limit=0',
      'limit=501',
      'afterId=-1',
      'afterId=9223372036854775807',
      'kind=other',
      'x=1',
    ]) {
      const res = await get(`/v1/access-log?${bad}`, 'auditor');
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION');
    }
  });
});

describe('GET /v1/audit', () => {
  it('names each actor by display name and role, not only by id', async () => {
    const [principal] = (await s.db.select().from(accessLog)).filter((r) => r.actorRole === 'principal');
    await appendAudit(s.db, {
      actorUserId: principal!.actorUserId,
      actorRole: 'principal',
      action: 'correction.request',
      entityType: 'recordVersion',
      entityId: recordId,
      details: { schoolId: SCHOOL },
    });
    const res = await get('/v1/audit?limit=500', 'auditor');
    expect(res.statusCode).toBe(200);
    const { items } = res.json();
    expect(items.length).toBeGreaterThan(0);
    for (const i of items) {
      expect(i).toHaveProperty('actor');
      if (i.actorUserId !== null) expect(i.actor).toMatchObject({ userId: i.actorUserId, role: i.actorRole });
    }
    const named = items.filter((i: { actor: { displayName?: string } | null }) => i.actor?.displayName);
    expect(named.length).toBeGreaterThan(0);
    expect(named.at(-1).actor).toEqual({
      userId: principal!.actorUserId,
      clientId: null,
      displayName: 'Nguyễn Thị Lan',
      role: 'principal',
    });
  });
});

describe('the batched writer', () => {
  const entry = (i: number): AccessEntry => ({
    at: new Date(),
    kind: 'public',
    action: 'GET /v1/verify/:lookupCode',
    entityType: 'lookup',
    outcome: i === 3 ? ('maybe' as 'ok') : 'notFound',
  });

  /** A database whose inserts fail while `down` is set, and that refuses outcome 'maybe' as a check would. */
  function flaky() {
    const written: unknown[] = [];
    const state = { down: true, written };
    const write = async (batch: readonly AccessEntry[]) => {
      if (state.down) throw new Error('connection refused');
      if (batch.some((r) => r.outcome === ('maybe' as string)))
        throw Object.assign(new Error('check'), { code: '23514' });
      written.push(...batch);
    };
    return { db: {} as Database, write, state };
  }

  it('keeps what it could not write, retries it, writes a refused entry apart, and loses nothing', async () => {
    const { db, write, state } = flaky();
    const errors: unknown[] = [];
    const rejected: AccessEntry[] = [];
    const w = new AccessLogWriter({
      db,
      write,
      batchSize: 2,
      flushIntervalMs: 5,
      maxBackoffMs: 20,
      onError: (e) => errors.push(e),
      onRejected: (e) => rejected.push(e),
    });
    for (let i = 0; i < 5; i++) w.record(entry(i));
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(1));
    expect(w.pending).toBe(5);
    state.down = false;
    await vi.waitFor(() => expect(state.written).toHaveLength(4));
    expect(rejected).toHaveLength(1);
    expect(w.pending).toBe(0);
    await w.close();
  });

  it('flushes at close, and hands what it still cannot write to onLost', async () => {
    const up = flaky();
    up.state.down = false;
    const w = new AccessLogWriter({ db: up.db, write: up.write, flushIntervalMs: 60_000 });
    w.record(entry(0));
    w.record(entry(1));
    expect(up.state.written).toHaveLength(0);
    await w.close();
    expect(up.state.written).toHaveLength(2);

    const down = flaky();
    const lost: AccessEntry[] = [];
    const w2 = new AccessLogWriter({
      db: down.db,
      write: down.write,
      flushIntervalMs: 1,
      onLost: (e) => lost.push(...e),
    });
    w2.record(entry(0));
    await w2.close(2);
    expect(lost).toHaveLength(1);
  });

  it('is saturated past maxPending, and the routes then refuse to read (503 ACCESS_LOG_UNAVAILABLE)', async () => {
    const { db, write } = flaky();
    const w = new AccessLogWriter({ db, write, maxPending: 3, flushIntervalMs: 60_000 });
    for (let i = 0; i < 3; i++) w.record(entry(0));
    expect(w.saturated).toBe(true);

    const full = await makeApp(p.world, { db: s.db, accessLog: { maxPending: 1, flushIntervalMs: 60_000 } });
    try {
      const t = await userToken(full, 'principal');
      const headers = { authorization: `Bearer ${t}` };
      const first = await full.inject({ method: 'GET', url: `/v1/records/${recordId}`, headers });
      expect(first.statusCode).toBe(200);
      const second = await full.inject({ method: 'GET', url: `/v1/records/${recordId}`, headers });
      expect(second.statusCode).toBe(503);
      expect(second.json().error.code).toBe('ACCESS_LOG_UNAVAILABLE');
      // The refusal is logged too; both entries are written when the app closes.
      const before = (await rows()).length;
      await full.close();
      expect((await rows()).length).toBe(before + 2);
    } finally {
      await full.close().catch(() => undefined);
    }
  });
});
