/**
 * GET /v1/batches (issue 14 point 1): the filters (status, school, district, year, kind), the scope (a
 * district officer never sees another district's batch, a province officer not another province's, a
 * principal only their school), a keyset page that stays put while batches are added before and after it,
 * the total, and bad queries refused with stable codes.
 */
import { randomBytes } from 'node:crypto';
import { batches, classes, districts, type OpenedDatabase, provinces, schools } from '@hocba/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../src/auth/principal.ts';
import { makeApp, makeWorld, type TestApp, type World } from '../app/helper.ts';
import { type Geo, openTestDb, seedGeo, seedUser, userToken } from '../auth/fixtures.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let w: World;
let database: OpenedDatabase;
let geo: Geo;
let app: TestApp;
const tokens: Record<string, string> = {};
/** A school of another province, its district and its one batch. */
const far = { provinceId: '', districtId: '', schoolId: '', batchId: '' };

interface Item {
  batchId: string;
  schoolId: string;
  schoolName: string;
  districtId: string;
  className: string | null;
  kind: string;
  state: string;
  recordCount: number | null;
  blockNumber: number | null;
  createdAt: string;
}
interface Page {
  items: Item[];
  total: number;
  nextCursor: string | null;
}

const t = randomBytes(3).toString('hex');
let n = 0;
/** A batch row as the list reads it; created one after another, so each has its own created_at. */
async function addBatch(o: {
  schoolId: string;
  classId?: string | null;
  kind?: 'regular' | 'supplementary';
  schoolYear?: string;
  state?: 'assembling';
}): Promise<string> {
  const id = `B-${t}-${String(n++).padStart(3, '0')}`;
  await database.db.insert(batches).values({
    id,
    schoolId: o.schoolId,
    schoolYear: o.schoolYear ?? '2025-2026',
    classId: o.classId ?? null,
    kind: o.kind ?? 'regular',
    leafCount: 3,
    lockedAt: new Date(),
  });
  return id;
}

async function list(
  as: string,
  query = '',
): Promise<{ status: number; body: Page & { error?: { code: string } } }> {
  const res = await app.inject({
    method: 'GET',
    url: `/v1/batches${query ? `?${query}` : ''}`,
    headers: { authorization: `Bearer ${tokens[as]}` },
  });
  return { status: res.statusCode, body: res.json() };
}
const idsOf = (p: Page) => p.items.map((i) => i.batchId);

/** Every page from the first, following nextCursor. */
async function allPages(as: string, query: string): Promise<Item[]> {
  const out: Item[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 50; guard++) {
    const r = await list(as, `${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status).toBe(200);
    out.push(...r.body.items);
    cursor = r.body.nextCursor;
    if (!cursor) break;
  }
  return out;
}

// Batches of district 1 (school S1, class 5A), district 2 (school S2) and another province.
const made = { s1Class: '', s1School: '', s1Supp: '', s1OldYear: '', s2Class: '' };

beforeAll(async () => {
  [w, database] = await Promise.all([makeWorld(), openTestDb()]);
  geo = await seedGeo(database.db);
  Object.assign(far, { provinceId: `PF-${t}`, districtId: `DF-${t}`, schoolId: `SF-${t}` });
  await database.db.insert(provinces).values({ id: far.provinceId, code: `far-${t}`, name: 'Tỉnh Lào Cai' });
  await database.db
    .insert(districts)
    .values({ id: far.districtId, provinceId: far.provinceId, code: 'DF', name: 'Phòng GD&ĐT Sa Pa' });
  await database.db.insert(schools).values({
    id: far.schoolId,
    code: `SF-${t}`,
    name: 'Trường Tiểu học Sa Pa',
    level: 'TH',
    districtId: far.districtId,
    provinceId: far.provinceId,
  });
  await database.db
    .insert(classes)
    .values({ id: `CF-${t}`, schoolId: far.schoolId, schoolYear: '2025-2026', grade: 5, name: '5B' });
  app = await makeApp(w, { db: database.db, rateLimit: { authMax: 1000 } });
  const staff: [string, { role: Role } & Record<string, string>][] = [
    ['district1', { role: 'districtOfficer', districtId: geo.districtIds[0] }],
    ['district2', { role: 'districtOfficer', districtId: geo.districtIds[1] }],
    ['province', { role: 'provinceOfficer', provinceId: geo.provinceId }],
    ['ministry', { role: 'ministryAuditor' }],
    ['principal1', { role: 'principal', schoolId: geo.schoolIds[0] }],
    ['admin2', { role: 'schoolAdmin', schoolId: geo.schoolIds[1] }],
    ['teacher1', { role: 'homeroomTeacher', classId: geo.classIds[0] }],
  ];
  for (const [login, grant] of staff) {
    const l = `${login}-${t}`;
    await seedUser(database.db, { login: l, grants: [grant] });
    tokens[login] = await userToken(app, l, grant.role);
  }
  made.s1Class = await addBatch({ schoolId: geo.schoolIds[0], classId: geo.classIds[0] });
  made.s1School = await addBatch({ schoolId: geo.schoolIds[0] });
  made.s1Supp = await addBatch({ schoolId: geo.schoolIds[0], kind: 'supplementary' });
  made.s1OldYear = await addBatch({ schoolId: geo.schoolIds[0], schoolYear: '2024-2025' });
  made.s2Class = await addBatch({ schoolId: geo.schoolIds[1], classId: geo.classIds[1] });
  far.batchId = await addBatch({ schoolId: far.schoolId, classId: `CF-${t}` });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('GET /v1/batches: what a batch shows', () => {
  it('names the school and class, the kind, state and record count, newest first, with the total', async () => {
    const r = await list('district1');
    expect(r.status).toBe(200);
    expect(idsOf(r.body)).toEqual([made.s1OldYear, made.s1Supp, made.s1School, made.s1Class]);
    expect(r.body.total).toBe(4);
    expect(r.body.nextCursor).toBeNull();
    const cls = r.body.items.find((i) => i.batchId === made.s1Class)!;
    expect(cls).toMatchObject({
      schoolId: geo.schoolIds[0],
      schoolName: 'Trường Tiểu học số 1',
      districtId: geo.districtIds[0],
      className: '5A',
      kind: 'regular',
      state: 'assembling',
      recordCount: 3,
      blockNumber: null,
    });
    expect(r.body.items.find((i) => i.batchId === made.s1School)!.className).toBeNull();
  });

  it('order=asc lists oldest first', async () => {
    const r = await list('district1', 'order=asc');
    expect(idsOf(r.body)).toEqual([made.s1Class, made.s1School, made.s1Supp, made.s1OldYear]);
  });
});

describe('GET /v1/batches: filters', () => {
  it('by kind, year, school, district and status; the total counts the filtered set', async () => {
    const supp = await list('province', 'kind=supplementary');
    expect(idsOf(supp.body)).toEqual([made.s1Supp]);
    expect(supp.body.total).toBe(1);
    const old = await list('province', 'schoolYear=2024-2025');
    expect(idsOf(old.body)).toEqual([made.s1OldYear]);
    const s2 = await list('province', `schoolId=${geo.schoolIds[1]}`);
    expect(idsOf(s2.body)).toEqual([made.s2Class]);
    const d2 = await list('province', `districtId=${geo.districtIds[1]}`);
    expect(idsOf(d2.body)).toEqual([made.s2Class]);
    const assembling = await list('province', 'status=assembling');
    expect(assembling.body.total).toBe(5);
    const anchored = await list('province', 'status=anchored');
    expect(anchored.body).toMatchObject({ items: [], total: 0, nextCursor: null });
    const both = await list('province', `schoolId=${geo.schoolIds[0]}&kind=regular&schoolYear=2025-2026`);
    expect(idsOf(both.body).sort()).toEqual([made.s1Class, made.s1School].sort());
  });
});

describe('GET /v1/batches: scope', () => {
  it("a district officer never sees another district's batch, even when filtering for it", async () => {
    const mine = await list('district2');
    expect(idsOf(mine.body)).toEqual([made.s2Class]);
    expect(mine.body.total).toBe(1);
    const foreign = await list('district2', `schoolId=${geo.schoolIds[0]}`);
    expect(foreign.body).toMatchObject({ items: [], total: 0 });
    const foreignDistrict = await list('district2', `districtId=${geo.districtIds[0]}`);
    expect(foreignDistrict.body.total).toBe(0);
  });

  it('the province officer sees its province only; the Ministry auditor all', async () => {
    const province = await list('province', 'limit=200');
    expect(province.body.total).toBe(5);
    expect(idsOf(province.body)).not.toContain(far.batchId);
    const ministry = await list('ministry', `schoolId=${far.schoolId}`);
    expect(idsOf(ministry.body)).toEqual([far.batchId]);
    const all = await list('ministry', 'limit=200');
    expect(idsOf(all.body)).toEqual(expect.arrayContaining([far.batchId, made.s1Class, made.s2Class]));
  });

  it("a principal or school admin sees their school's batches; a teacher may not list", async () => {
    const p = await list('principal1');
    expect(p.body.total).toBe(4);
    expect(p.body.items.every((i) => i.schoolId === geo.schoolIds[0])).toBe(true);
    const a = await list('admin2');
    expect(idsOf(a.body)).toEqual([made.s2Class]);
    const teacher = await list('teacher1');
    expect(teacher.status).toBe(403);
    expect(teacher.body.error?.code).toBe('FORBIDDEN');
  });
});

describe('GET /v1/batches: paging', () => {
  it('a page stays put while batches are added; every batch is seen once', async () => {
    // Its own school, so other tests' batches do not move the count.
    const pageSchool = `SP-${t}`;
    await database.db.insert(schools).values({
      id: pageSchool,
      code: pageSchool,
      name: 'Trường Tiểu học Phân trang',
      level: 'TH',
      districtId: geo.districtIds[0],
      provinceId: geo.provinceId,
    });
    const first: string[] = [];
    for (let i = 0; i < 7; i++) first.push(await addBatch({ schoolId: pageSchool }));
    const q = `schoolId=${pageSchool}&limit=3`;
    const p1 = await list('district1', q);
    expect(idsOf(p1.body)).toEqual(first.slice(4).reverse());
    expect(p1.body.total).toBe(7);
    expect(p1.body.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    // Added after the first page was read: newer, so before it; the next page is unchanged.
    const added = [await addBatch({ schoolId: pageSchool }), await addBatch({ schoolId: pageSchool })];
    const p2 = await list('district1', `${q}&cursor=${p1.body.nextCursor}`);
    expect(idsOf(p2.body)).toEqual(first.slice(1, 4).reverse());
    expect(p2.body.total).toBe(9);
    const p3 = await list('district1', `${q}&cursor=${p2.body.nextCursor}`);
    expect(idsOf(p3.body)).toEqual([first[0]]);
    expect(p3.body.nextCursor).toBeNull();
    // Oldest first: batches added mid-way come at the end, once.
    const asc = await allPages('district1', `schoolId=${pageSchool}&limit=2&order=asc`);
    expect(asc.map((i) => i.batchId)).toEqual([...first, ...added]);
  });
});

describe('GET /v1/batches: bad queries', () => {
  it.each([
    ['status=done', 'VALIDATION'],
    ['kind=weekly', 'VALIDATION'],
    ['schoolYear=2025', 'VALIDATION'],
    ['limit=0', 'VALIDATION'],
    ['limit=201', 'VALIDATION'],
    ['order=up', 'VALIDATION'],
    ['colour=red', 'VALIDATION'],
    ['cursor=a%2Fb', 'VALIDATION'],
    ['cursor=bm90LWpzb24', 'CURSOR_INVALID'],
    [`cursor=${Buffer.from(JSON.stringify(['yesterday', 'B-1'])).toString('base64url')}`, 'CURSOR_INVALID'],
  ])('%s → 400 %s', async (query, code) => {
    const r = await list('ministry', query);
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe(code);
  });

  it('no token → 401', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/batches' });
    expect(res.statusCode).toBe(401);
  });
});
