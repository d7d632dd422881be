/**
 * GET /v1/audit as an auditor reads it (issue 14), through `inject` on PGlite: each entry's action, school
 * and class in words; filters by school, action group, actor (login or id) and a range of days in Vietnam's
 * time (a day there starts at 17:00 UTC the day before); newest first with a keyset cursor that neither
 * repeats nor skips; the scope rules kept under every filter; refusals of a bad range by their code; and
 * GET /v1/audit/choices. (The log's other tests: app/access-log.test.ts, after-lock/flows.test.ts.)
 */
import { appendAudit, classes } from '@hocba/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUser, userToken } from '../auth/fixtures.ts';
import {
  OTHER_SCHOOL,
  type Province,
  SCHOOL,
  type Seeded,
  seededDatabase,
  startProvince,
} from '../services/fixtures.ts';
import { makeApp, type TestApp } from './helper.ts';

let p: Province;
let s: Seeded;
let app: TestApp;
const token: Record<string, string> = {};
const ids: Record<string, string> = {};
let className: string;

interface Item {
  seq: number;
  at: string;
  action: string;
  actionText: { vi: string; en: string };
  group: string;
  school: { id: string; name: string } | null;
  className: string | null;
  actor: { userId: string | null; displayName: string | null } | null;
}

const get = (url: string, who: string) =>
  app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token[who]}` } });
async function items(url: string, who = 'auditor'): Promise<Item[]> {
  const res = await get(url, who);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

// 30/6 23:59:59.999 and 1/7 00:00 in Vietnam: either side of a day's end there.
const LAST_OF_JUNE = new Date('2026-06-30T16:59:59.999Z');
const FIRST_OF_JULY = new Date('2026-06-30T17:00:00.000Z');

beforeAll(async () => {
  [p, s] = await Promise.all([startProvince(), seededDatabase()]);
  const users: [string, Parameters<typeof seedUser>[1]['grants']][] = [
    ['principal', [{ role: 'principal', schoolId: SCHOOL }]],
    ['district1', [{ role: 'districtOfficer', districtId: 'district1' }]],
    ['auditor', [{ role: 'ministryAuditor' }]],
  ];
  for (const [login, grants] of users) ids[login] = await seedUser(s.db, { login, grants });
  const [cls] = await s.db.select().from(classes).where(eq(classes.id, s.classId[SCHOOL]!));
  className = cls!.name;
  const principal = { actorUserId: ids.principal, actorRole: 'principal' as const };
  await appendAudit(s.db, {
    ...principal,
    action: 'batch.lock',
    entityType: 'batch',
    entityId: 'BATCH-A',
    at: LAST_OF_JUNE,
    details: { schoolId: SCHOOL, classId: s.classId[SCHOOL]! },
  });
  await appendAudit(s.db, {
    ...principal,
    action: 'correction.request',
    entityType: 'correctionRequest',
    entityId: 'C-1',
    at: FIRST_OF_JULY,
    details: { schoolId: SCHOOL },
  });
  await appendAudit(s.db, {
    actorUserId: ids.district1,
    actorRole: 'districtOfficer',
    action: 'batch.accept',
    entityType: 'batch',
    entityId: 'BATCH-B',
    at: FIRST_OF_JULY,
    details: { schoolId: OTHER_SCHOOL },
  });
  await appendAudit(s.db, {
    action: 'ledger.acceptBatchRefused',
    entityType: 'batch',
    entityId: 'BATCH-B',
    at: new Date('2026-07-02T03:00:00Z'),
    details: { schoolId: OTHER_SCHOOL, code: 'DEADLINE_PASSED' },
  });
  app = await makeApp(p.world, { db: s.db, rateLimit: { max: 1000, authMax: 1000, lookupMax: 1000 } });
  for (const [login] of users) token[login] = await userToken(app, login);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await s?.close();
});

describe('GET /v1/audit in words', () => {
  it('names the action (with its class), its group and its school, never only the key', async () => {
    const all = await items('/v1/audit?limit=500');
    const lock = all.find((i) => i.action === 'batch.lock')!;
    expect(lock.actionText.vi).toBe(`Khóa lô học bạ lớp ${className}`);
    expect(lock.className).toBe(className);
    expect(lock.group).toBe('batches');
    expect(lock.school?.id).toBe(SCHOOL);
    expect(lock.school?.name).toMatch(/\S/);
    expect(lock.school?.name).not.toBe(SCHOOL);
    const refused = all.find((i) => i.action === 'ledger.acceptBatchRefused')!;
    expect(refused.actionText.vi).toMatch(/^Sổ cái từ chối — /);
    expect(refused.actor).toBeNull();
    const accepted = all.find((i) => i.action === 'batch.accept')!;
    expect(accepted.actionText.vi).toBe('Phòng GD&ĐT tiếp nhận lô học bạ');
    for (const i of all) expect(i.actionText.vi).not.toContain(i.action);
  });
});

describe('filters', () => {
  it('by school: only that school’s entries', async () => {
    const found = await items(`/v1/audit?schoolId=${OTHER_SCHOOL}&limit=500`);
    expect(found.map((i) => i.action).sort()).toEqual(['batch.accept', 'ledger.acceptBatchRefused']);
  });

  it('by group: the group’s actions and the ledger’s refusals of them', async () => {
    expect((await items('/v1/audit?group=corrections&limit=500')).map((i) => i.action)).toEqual([
      'correction.request',
    ]);
    const batches = (await items('/v1/audit?group=batches&limit=500')).map((i) => i.action);
    expect(batches).toEqual(['batch.lock', 'batch.accept', 'ledger.acceptBatchRefused']);
  });

  it('by actor: login in any case, or account id', async () => {
    const byLogin = await items('/v1/audit?actor=PRINCIPAL&limit=500');
    expect(byLogin.map((i) => i.action)).toEqual(['batch.lock', 'correction.request']);
    const byId = await items(`/v1/audit?actorUserId=${ids.district1}&limit=500`);
    expect(byId.map((i) => i.action)).toEqual(['batch.accept']);
    expect(await items('/v1/audit?actor=nobody&limit=500')).toEqual([]);
  });

  it('by days in Vietnam’s time: 30/6 ends at 16:59:59.999 UTC, 1/7 starts at 17:00 UTC', async () => {
    const june = await items('/v1/audit?from=2026-06-30&to=2026-06-30&limit=500');
    expect(june.map((i) => i.action)).toEqual(['batch.lock']);
    const july = await items('/v1/audit?from=2026-07-01&to=2026-07-01&limit=500');
    expect(july.map((i) => i.action).sort()).toEqual(['batch.accept', 'correction.request']);
    const onward = await items('/v1/audit?from=2026-07-01&limit=500');
    expect(onward).toHaveLength(3);
    const until = await items('/v1/audit?to=2026-06-30&limit=500');
    expect(until.map((i) => i.action)).toEqual(['batch.lock']);
  });

  it('keeps the scope under every filter: a district officer asking for another district’s school sees none', async () => {
    expect(await items(`/v1/audit?schoolId=${OTHER_SCHOOL}`, 'district1')).toEqual([]);
    const own = await items(`/v1/audit?schoolId=${SCHOOL}`, 'district1');
    expect(own.map((i) => i.action)).toEqual(['batch.lock', 'correction.request']);
    expect(await items('/v1/audit?group=batches', 'principal')).toHaveLength(1);
  });

  it('refuses a day that does not exist and a range that ends before it starts, naming the field', async () => {
    for (const [query, path] of [
      ['from=2026-02-30', '/from'],
      ['to=2026-13-01', '/to'],
      ['from=2026-07-02&to=2026-07-01', '/to'],
    ] as const) {
      const res = await get(`/v1/audit?${query}`, 'auditor');
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION');
      expect(res.json().error.problems.map((x: { path: string }) => x.path)).toContain(path);
    }
    for (const bad of [
      'group=nothing',
      'from=30/06/2026',
      'order=sideways',
      'actorUserId=x',
      'beforeSeq=0',
    ]) {
      const res = await get(`/v1/audit?${bad}`, 'auditor');
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION');
    }
  });
});

describe('newest first, a page at a time', () => {
  it('walks the log backwards with beforeSeq: every entry once, newest first, the last page says so', async () => {
    const ascending = (await items('/v1/audit?limit=500')).map((i) => i.seq);
    const seen: number[] = [];
    let before: number | null = null;
    let pages = 0;
    do {
      const res = await get(
        `/v1/audit?order=desc&limit=2${before === null ? '' : `&beforeSeq=${before}`}`,
        'auditor',
      );
      const body = res.json();
      seen.push(...body.items.map((i: Item) => i.seq));
      expect(body.nextAfterSeq).toBeNull();
      before = body.nextBeforeSeq;
      pages++;
    } while (before !== null && pages < 20);
    expect(seen).toEqual([...ascending].reverse());
    // An entry appended meanwhile lands before the first page, never inside the walk.
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('GET /v1/audit/choices', () => {
  it('offers the caller’s schools and the accounts that acted within its scope', async () => {
    const all = (await get('/v1/audit/choices', 'auditor')).json();
    expect(all.schools.map((x: { id: string }) => x.id).sort()).toEqual([
      'SCH-QN-001',
      'SCH-QN-002',
      'SCH-QN-003',
    ]);
    expect(all.actors.map((a: { login: string }) => a.login).sort()).toEqual(['district1', 'principal']);
    expect(all.groups.find((g: { id: string }) => g.id === 'batches').text.vi).toBe('Lô học bạ');
    expect(all.actions).toContainEqual({
      action: 'batch.accept',
      group: 'batches',
      text: { vi: 'Phòng GD&ĐT tiếp nhận lô học bạ', en: 'The district office accepted the batch' },
    });
    const district = (await get('/v1/audit/choices', 'district1')).json();
    expect(district.schools.map((x: { id: string }) => x.id).sort()).toEqual(['SCH-QN-001', 'SCH-QN-002']);
    // district1's officer acted only at the other district's school: not an actor of district1's log.
    expect(district.actors.map((a: { login: string }) => a.login)).toEqual(['principal']);
    expect((await get('/v1/audit/choices', 'principal')).json().schools).toHaveLength(1);
  });
});
