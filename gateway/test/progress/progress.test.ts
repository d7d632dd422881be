/**
 * GET /v1/calendars/:schoolYear, GET /v1/progress and GET /v1/progress/timeline (issue 14): schools set up in
 * each state (not started, locking, waiting for signature, waiting for acceptance, accepted), their counts,
 * lateness judged against the ledger's calendar at a clock the test moves (before the lock deadline, after
 * it, after 30/6), days left in Vietnam's days, the remit of each tier, the notLocked filter, the per-day
 * timeline, and refusals with stable codes.
 */
import { randomBytes } from 'node:crypto';
import { batches, classes, provinces, schools, statusEvents } from '@hocba/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../src/auth/principal.ts';
import { makeApp, type TestApp } from '../app/helper.ts';
import { seedUser, userToken } from '../auth/fixtures.ts';
import {
  lockAndSign,
  type Seeded,
  seededDatabase,
  seedVersions,
  startProvince,
  type World,
  YEAR,
} from '../services/fixtures.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let world: World;
let database: Seeded;
let app: TestApp;
const tokens: Record<string, string> = {};
const t = randomBytes(3).toString('hex');

// District 1: S1 accepted (its 3 records locked, signed, anchored, accepted), S2 locking (5A locked, 5B not).
// District 2: S3 not started, S4 waiting for signature, S5 waiting for acceptance.
const S1 = 'SCH-QN-001';
const S2 = 'SCH-QN-002';
const S3 = 'SCH-QN-003';
const S4 = `S4-${t}`;
const S5 = `S5-${t}`;

const hash = () => new Uint8Array(randomBytes(32));
/** A batch row of a class in `state`, as far as progress reads it (signed content is filler). */
async function addBatch(schoolId: string, classId: string, state: 'assembling' | 'signed' | 'anchored') {
  const id = `B-${t}-${classId}`;
  await database.db.insert(batches).values({
    id,
    schoolId,
    schoolYear: YEAR,
    classId,
    kind: 'regular',
    state,
    leafCount: 1,
    lockedAt: new Date('2026-05-18T02:00:00Z'),
    ...(state !== 'assembling' && {
      manifestText: '{}',
      manifestHash: hash(),
      cms: hash(),
      root: hash(),
      signerCertFingerprint: 'a'.repeat(64),
    }),
    ...(state === 'anchored' && { anchoredAt: new Date('2026-05-19T03:00:00Z'), ledgerTxId: `tx-${id}` }),
  });
  return id;
}

async function school(id: string, districtId: string, classNames: string[]) {
  await database.db.insert(schools).values({
    id,
    code: id,
    name: `Trường ${id}`,
    level: 'TH',
    districtId,
    provinceId: 'QN',
  });
  for (const name of classNames)
    await database.db
      .insert(classes)
      .values({ id: `${name}-${id}`, schoolId: id, schoolYear: YEAR, grade: 5, name });
}

beforeAll(async () => {
  const province = await startProvince();
  world = province.world;
  database = await seededDatabase();
  await database.db.insert(provinces).values({ id: 'HN', code: '01', name: 'Thành phố Hà Nội' });
  app = await makeApp(world, { db: database.db, rateLimit: { authMax: 1000 } });
  const staff: [string, { role: Role } & Record<string, string>][] = [
    ['district1', { role: 'districtOfficer', districtId: 'district1' }],
    ['district2', { role: 'districtOfficer', districtId: 'district2' }],
    ['province', { role: 'provinceOfficer', provinceId: 'QN' }],
    ['otherProvince', { role: 'provinceOfficer', provinceId: 'HN' }],
    ['ministry', { role: 'ministryAuditor' }],
    ['principal', { role: 'principal', schoolId: S1 }],
    ['teacher', { role: 'homeroomTeacher', classId: database.classId[S1]! }],
  ];
  for (const [login, grant] of staff) {
    const l = `${login}-${t}`;
    await seedUser(database.db, { login: l, grants: [grant] });
    tokens[login] = await userToken(app, l, grant.role);
  }
  // S1: a real lock and signature (records locked, the audit's batch.sign), then anchored and accepted.
  const ids = await seedVersions(database.db, S1, database.classId[S1]!, 3);
  const { batchId } = await lockAndSign(database.db, world, S1, ids);
  await database.db
    .update(batches)
    .set({ state: 'anchored', anchoredAt: new Date('2026-05-20T02:00:00Z'), ledgerTxId: `tx-${t}` })
    .where(eq(batches.id, batchId));
  await database.db.update(batches).set({ state: 'accepted' }).where(eq(batches.id, batchId));
  await database.db.insert(statusEvents).values({
    kind: 'accept',
    batchId,
    reasonCode: 'ACCEPTED',
    legalBasis: 'QĐ 000 Điều 4 khoản 3c',
    requestedBy: await seedUser(database.db, { login: `acceptor-${t}`, grants: [] }),
    anchoredAt: new Date('2026-05-21T18:00:00Z'), // 22/5 in Vietnam
  });
  // S2: 5A locked (assembling), 5B not.
  await database.db
    .insert(classes)
    .values({ id: `5B-${S2}`, schoolId: S2, schoolYear: YEAR, grade: 5, name: '5B' });
  await addBatch(S2, database.classId[S2]!, 'assembling');
  await school(S4, 'district2', ['5A']);
  await addBatch(S4, `5A-${S4}`, 'signed');
  await school(S5, 'district2', ['5A', '5B']);
  await addBatch(S5, `5A-${S5}`, 'anchored');
  await addBatch(S5, `5B-${S5}`, 'anchored');
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

interface Counts {
  classes: number;
  classesLocked: number;
  classesSigned: number;
  classesAnchored: number;
  classesAccepted: number;
  records: number;
  recordsLocked: number;
}
interface Progress {
  schoolYear: string;
  today: string;
  calendar: { acceptanceDeadline: string } | null;
  deadlines: { key: string; at: string; daysLeft: number }[];
  nextDeadline: { key: string; daysLeft: number } | null;
  totals: Counts;
  districts: {
    districtId: string;
    counts: Counts;
    schools: Record<string, number>;
    late: { kind: string; schools: number; days: number }[];
  }[];
  schools: {
    schoolId: string;
    state: string;
    counts: Counts;
    late: { kind: string; days: number; classes: number }[];
  }[];
}

async function call(as: string, url: string) {
  const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[as]}` } });
  return { status: res.statusCode, body: res.json() };
}
async function progress(as: string, query = '') {
  const r = await call(as, `/v1/progress?schoolYear=${YEAR}${query}`);
  expect(r.status).toBe(200);
  return r.body as Progress;
}
const bySchool = (p: Progress) => Object.fromEntries(p.schools.map((s) => [s.schoolId, s]));

describe('GET /v1/calendars/:schoolYear', () => {
  it('answers the ledger’s calendar to any staff role', async () => {
    for (const as of ['teacher', 'principal', 'district1', 'ministry']) {
      const r = await call(as, `/v1/calendars/${YEAR}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        schoolYear: YEAR,
        lockUntil: '2026-06-25T16:59:59.000Z',
        acceptanceDeadline: '2026-06-30T16:59:59.000Z',
        reportDeadline: '2026-07-10T16:59:59.000Z',
        supplementaryDeadline: '2026-08-15T16:59:59.000Z',
      });
      expect(typeof r.body.setAt).toBe('string');
    }
  });

  it('refuses a year the province has not set with CALENDAR_NOT_SET, a bad year with VALIDATION', async () => {
    const missing = await call('province', '/v1/calendars/2030-2031');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('CALENDAR_NOT_SET');
    expect(missing.body.error.message.vi).toMatch(/chưa đặt lịch/);
    const bad = await call('province', '/v1/calendars/2025');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
  });
});

describe('GET /v1/progress', () => {
  it('counts each school’s classes and records and names its state', async () => {
    world.now = new Date('2026-05-20T03:00:00Z');
    const p = await progress('province');
    const s = bySchool(p);
    expect(s[S1]).toMatchObject({
      state: 'accepted',
      counts: {
        classes: 1,
        classesLocked: 1,
        classesSigned: 1,
        classesAnchored: 1,
        classesAccepted: 1,
        records: 3,
        recordsLocked: 3,
      },
    });
    expect(s[S2]).toMatchObject({
      state: 'locking',
      counts: { classes: 2, classesLocked: 1, classesSigned: 0 },
    });
    expect(s[S3]).toMatchObject({ state: 'notStarted', counts: { classes: 1, classesLocked: 0 } });
    expect(s[S4]).toMatchObject({
      state: 'waitingSignature',
      counts: { classesLocked: 1, classesSigned: 1 },
    });
    expect(s[S4]!.counts.classesAnchored).toBe(0);
    expect(s[S5]).toMatchObject({ state: 'waitingAcceptance', counts: { classes: 2, classesAnchored: 2 } });
    expect(p.totals).toEqual({
      classes: 7,
      classesLocked: 5,
      classesSigned: 4,
      classesAnchored: 3,
      classesAccepted: 1,
      records: 3,
      recordsLocked: 3,
    });
    const d1 = p.districts.find((d) => d.districtId === 'district1')!;
    expect(d1.schools).toMatchObject({ total: 2, accepted: 1, locking: 1, notStarted: 0 });
    const d2 = p.districts.find((d) => d.districtId === 'district2')!;
    expect(d2.schools).toMatchObject({ total: 3, notStarted: 1, waitingSignature: 1, waitingAcceptance: 1 });
    // Before the lock deadline nothing is late.
    expect(p.schools.flatMap((x) => x.late)).toEqual([]);
  });

  it('counts the days left to each deadline in Vietnam’s days', async () => {
    // 20/5 23:30 in Vietnam (16:30 UTC): lockUntil (25/6) is 36 days away, not 37 as UTC's 20/5 would say.
    world.now = new Date('2026-05-20T16:30:00Z');
    let p = await progress('province');
    expect(p.today).toBe('2026-05-20');
    expect(p.nextDeadline).toMatchObject({ key: 'lockUntil', daysLeft: 36 });
    world.now = new Date('2026-05-20T17:30:00Z'); // 21/5 00:30 in Vietnam
    p = await progress('province');
    expect(p.today).toBe('2026-05-21');
    expect(p.nextDeadline).toMatchObject({ key: 'lockUntil', daysLeft: 35 });
    expect(p.deadlines.map((d) => d.key)).toEqual([
      'lockUntil',
      'acceptanceDeadline',
      'reportDeadline',
      'supplementaryDeadline',
    ]);
    // On the deadline's own day: 0 days left, it is still the next one.
    world.now = new Date('2026-06-25T05:00:00Z');
    p = await progress('province');
    expect(p.nextDeadline).toMatchObject({ key: 'lockUntil', daysLeft: 0 });
  });

  it('says what is late after the lock deadline and after 30/6', async () => {
    world.now = new Date('2026-06-27T03:00:00Z'); // 27/6: two days past lockUntil (25/6)
    let p = await progress('province');
    let s = bySchool(p);
    // S2: 5B not locked, and 5A locked but not signed (anchoring needs the lock window open).
    expect(s[S2]!.late).toEqual([
      { kind: 'lock', days: 2, classes: 1 },
      { kind: 'signature', days: 2, classes: 1 },
    ]);
    expect(s[S3]!.late).toEqual([{ kind: 'lock', days: 2, classes: 1 }]);
    expect(s[S4]!.late).toEqual([{ kind: 'signature', days: 2, classes: 1 }]);
    expect(s[S5]!.late).toEqual([]);
    expect(s[S1]!.late).toEqual([]);
    expect(p.nextDeadline).toMatchObject({ key: 'acceptanceDeadline', daysLeft: 3 });
    const d2 = p.districts.find((d) => d.districtId === 'district2')!;
    expect(d2.late).toEqual([
      { kind: 'lock', schools: 1, days: 2 },
      { kind: 'signature', schools: 1, days: 2 },
    ]);

    world.now = new Date('2026-07-02T03:00:00Z'); // 2/7: two days past 30/6
    p = await progress('province');
    s = bySchool(p);
    expect(s[S5]!.late).toEqual([{ kind: 'acceptance', days: 2, classes: 2 }]);
    expect(s[S3]!.late).toContainEqual({ kind: 'acceptance', days: 2, classes: 1 });
    expect(s[S1]!.late).toEqual([]);
  });

  it('finds the schools that have not locked yet, and only the late ones', async () => {
    world.now = new Date('2026-06-27T03:00:00Z');
    const notLocked = await progress('province', '&state=notLocked');
    expect(notLocked.schools.map((s) => s.schoolId).sort()).toEqual([S2, S3].sort());
    // The districts still sum every school: the filter narrows the list, not the counts.
    expect(notLocked.totals.classes).toBe(7);
    const late = await progress('province', '&late=true');
    expect(late.schools.map((s) => s.schoolId).sort()).toEqual([S2, S3, S4].sort());
    const waiting = await progress('province', '&state=waitingAcceptance');
    expect(waiting.schools.map((s) => s.schoolId)).toEqual([S5]);
  });

  it('keeps each tier to its remit', async () => {
    world.now = new Date('2026-05-20T03:00:00Z');
    const d1 = await progress('district1');
    expect(d1.schools.map((s) => s.schoolId).sort()).toEqual([S1, S2]);
    expect(d1.districts.map((d) => d.districtId)).toEqual(['district1']);
    // Another district asked for by name: nothing, not a wider view.
    const asked = await progress('district1', '&districtId=district2');
    expect(asked.schools).toEqual([]);
    expect(asked.districts).toEqual([]);
    expect((await progress('ministry')).schools).toHaveLength(5);
    expect((await progress('province', '&districtId=district2')).schools).toHaveLength(3);
    const other = await progress('otherProvince');
    expect(other.schools).toEqual([]);
    expect(other.totals.classes).toBe(0);
  });

  it('answers an unset year with no calendar and nothing late', async () => {
    const p = await call('province', '/v1/progress?schoolYear=2030-2031');
    expect(p.status).toBe(200);
    expect(p.body.calendar).toBeNull();
    expect(p.body.deadlines).toEqual([]);
    expect(p.body.nextDeadline).toBeNull();
  });

  it('refuses school roles and bad queries with stable codes', async () => {
    const teacher = await call('teacher', `/v1/progress?schoolYear=${YEAR}`);
    expect(teacher.status).toBe(403);
    expect(teacher.body.error.code).toBe('FORBIDDEN');
    const principal = await call('principal', `/v1/progress/timeline?schoolYear=${YEAR}`);
    expect(principal.body.error.code).toBe('FORBIDDEN');
    for (const q of ['schoolYear=2025', 'state=done', 'late=maybe', 'districtId=%20x', 'extra=1']) {
      const r = await call('province', `/v1/progress?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code, q).toBe('VALIDATION');
    }
  });
});

describe('GET /v1/progress/timeline', () => {
  it('counts per Vietnamese day what was locked, signed, anchored and accepted', async () => {
    const r = await call('province', `/v1/progress/timeline?schoolYear=${YEAR}`);
    expect(r.status).toBe(200);
    const days = r.body.days as {
      date: string;
      recordsLocked: number;
      batchesSigned: number;
      batchesAnchored: number;
      batchesAccepted: number;
    }[];
    const sum = (k: 'recordsLocked' | 'batchesSigned' | 'batchesAnchored' | 'batchesAccepted') =>
      days.reduce((n, d) => n + d[k], 0);
    // S1's 3 records and its signature; anchors of S1 (20/5) and S5's two (19/5); S1's acceptance on 22/5.
    expect(sum('recordsLocked')).toBe(3);
    expect(sum('batchesSigned')).toBe(1);
    expect(sum('batchesAnchored')).toBe(3);
    expect(days.find((d) => d.date === '2026-05-19')?.batchesAnchored).toBe(2);
    expect(days.find((d) => d.date === '2026-05-22')?.batchesAccepted).toBe(1);
    expect(sum('batchesAccepted')).toBe(1);
    expect(days.map((d) => d.date)).toEqual([...days.map((d) => d.date)].sort());
    // District 2 alone: S5's anchors only.
    const d2 = await call('district2', `/v1/progress/timeline?schoolYear=${YEAR}`);
    expect(d2.body.days).toEqual([
      { date: '2026-05-19', recordsLocked: 0, batchesSigned: 0, batchesAnchored: 2, batchesAccepted: 0 },
    ]);
  });
});
