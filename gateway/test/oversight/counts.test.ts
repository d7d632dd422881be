/**
 * GET /v1/oversight/batch-counts and /record-counts (issue 14 point 1): against a year set up here — two
 * districts of one province and a school of another — each grouping gives the counts it should, per state;
 * the filters narrow them; a district officer never counts another district's (even when filtering for it),
 * a province officer not another province's; bad groupings refused.
 */
import { randomBytes } from 'node:crypto';
import {
  batches,
  classes,
  districts,
  type OpenedDatabase,
  provinces,
  recordVersions,
  schools,
} from '@hocba/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../src/auth/principal.ts';
import { seedFixtureVersions } from '../../src/seed/fixture.ts';
import { makeApp, makeWorld, type TestApp, type World } from '../app/helper.ts';
import { type Geo, openTestDb, seedGeo, seedUser, userToken } from '../auth/fixtures.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let w: World;
let database: OpenedDatabase;
let geo: Geo;
let app: TestApp;
const tokens: Record<string, string> = {};
const t = randomBytes(3).toString('hex');
const far = { provinceId: `PF-${t}`, districtId: `DF-${t}`, schoolId: `SF-${t}`, classId: `CF-${t}` };
const YEAR = '2025-2026';
const OLD = '2024-2025';

interface Group {
  key: string;
  name: string | null;
  total: number;
  byStatus: Record<string, number>;
}
interface Counts {
  groupBy: string;
  items: Group[];
  total: number;
}

let n = 0;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
/** A batch row in `state`; past assembling it carries what a signed batch must (values of no meaning here). */
async function addBatch(o: {
  schoolId: string;
  state?: 'assembling' | 'signed' | 'anchored' | 'accepted';
  kind?: 'regular' | 'supplementary';
  schoolYear?: string;
}): Promise<void> {
  const signed = (o.state ?? 'assembling') !== 'assembling';
  await database.db.insert(batches).values({
    id: `B-${t}-${n++}`,
    schoolId: o.schoolId,
    schoolYear: o.schoolYear ?? YEAR,
    kind: o.kind ?? 'regular',
    state: o.state ?? 'assembling',
    leafCount: 3,
    lockedAt: new Date(),
    ...(signed && {
      manifestText: '{}',
      manifestHash: Buffer.from(hex(32), 'hex'),
      cms: Buffer.from('30', 'hex'),
      root: Buffer.from(hex(32), 'hex'),
      signerCertFingerprint: hex(32),
    }),
  });
}

async function counts(as: string, path: string, query = ''): Promise<Counts> {
  const res = await app.inject({
    method: 'GET',
    url: `/v1/oversight/${path}${query ? `?${query}` : ''}`,
    headers: { authorization: `Bearer ${tokens[as]}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Counts;
}
/** key → byStatus, the shape the assertions compare. */
const table = (c: Counts) => Object.fromEntries(c.items.map((g) => [g.key, g.byStatus]));

beforeAll(async () => {
  [w, database] = await Promise.all([makeWorld(), openTestDb()]);
  const { db } = database;
  geo = await seedGeo(db);
  await db.insert(provinces).values({ id: far.provinceId, code: `f${t.slice(0, 1)}`, name: 'Tỉnh Lào Cai' });
  await db
    .insert(districts)
    .values({ id: far.districtId, provinceId: far.provinceId, code: 'DF', name: 'Phòng GD&ĐT Sa Pa' });
  await db.insert(schools).values({
    id: far.schoolId,
    code: `SF-${t}`,
    name: 'Trường Tiểu học Sa Pa',
    level: 'TH',
    districtId: far.districtId,
    provinceId: far.provinceId,
  });
  await db.insert(classes).values([
    { id: far.classId, schoolId: far.schoolId, schoolYear: YEAR, grade: 5, name: '5B' },
    { id: `C1-old-${t}`, schoolId: geo.schoolIds[0], schoolYear: OLD, grade: 4, name: '4A' },
  ]);
  app = await makeApp(w, { db, rateLimit: { authMax: 1000 } });
  const staff: [string, { role: Role } & Record<string, string>][] = [
    ['district1', { role: 'districtOfficer', districtId: geo.districtIds[0] }],
    ['district2', { role: 'districtOfficer', districtId: geo.districtIds[1] }],
    ['province', { role: 'provinceOfficer', provinceId: geo.provinceId }],
    ['ministry', { role: 'ministryAuditor' }],
    ['principal1', { role: 'principal', schoolId: geo.schoolIds[0] }],
    ['teacher1', { role: 'homeroomTeacher', classId: geo.classIds[0] }],
  ];
  for (const [login, grant] of staff) {
    const l = `${login}-${t}`;
    await seedUser(db, { login: l, grants: [grant] });
    tokens[login] = await userToken(app, l, grant.role);
  }
  const [s1, s2] = geo.schoolIds;
  // District 1 (school 1): 2 assembling, 1 signed, 2 anchored, 1 accepted this year (one supplementary);
  // one accepted of the year before. District 2 (school 2): 1 anchored. The far province: 1 anchored.
  await addBatch({ schoolId: s1 });
  await addBatch({ schoolId: s1, kind: 'supplementary' });
  await addBatch({ schoolId: s1, state: 'signed' });
  await addBatch({ schoolId: s1, state: 'anchored' });
  await addBatch({ schoolId: s1, state: 'anchored' });
  await addBatch({ schoolId: s1, state: 'accepted' });
  await addBatch({ schoolId: s1, state: 'accepted', schoolYear: OLD });
  await addBatch({ schoolId: s2, state: 'anchored' });
  await addBatch({ schoolId: far.schoolId, state: 'anchored' });
  // Records: school 1 has 3 approved and 2 reviewed (one set back to draft) this year and 1 approved of the
  // year before; school 2 has 1 approved; the far school 2 approved.
  const versions = (schoolId: string, classId: string, k: number, state?: 'reviewed', year = YEAR) =>
    seedFixtureVersions(db, { schoolId, classId, schoolYear: year, n: k, ...(state && { state }) });
  await versions(s1, geo.classIds[0], 3);
  const [draft] = await versions(s1, geo.classIds[0], 2, 'reviewed');
  await db.update(recordVersions).set({ state: 'draft' }).where(eq(recordVersions.id, draft!));
  await versions(s1, `C1-old-${t}`, 1, undefined, OLD);
  await versions(s2, geo.classIds[1], 1);
  await versions(far.schoolId, far.classId, 2);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('GET /v1/oversight/batch-counts', () => {
  it('by status (the default), in lifecycle order, within the province', async () => {
    const c = await counts('province', 'batch-counts');
    expect(c.groupBy).toBe('status');
    expect(c.items.map((g) => [g.key, g.total])).toEqual([
      ['assembling', 2],
      ['signed', 1],
      ['anchored', 3],
      ['accepted', 2],
    ]);
    expect(c.total).toBe(8);
    expect(c.items[0]).toMatchObject({ name: null, byStatus: { assembling: 2 } });
  });

  it('by school and by district, with names and counts per state', async () => {
    const bySchool = await counts('province', 'batch-counts', `groupBy=school&schoolYear=${YEAR}`);
    expect(table(bySchool)).toEqual({
      [geo.schoolIds[0]]: { assembling: 2, signed: 1, anchored: 2, accepted: 1 },
      [geo.schoolIds[1]]: { anchored: 1 },
    });
    expect(bySchool.items.find((g) => g.key === geo.schoolIds[1])).toMatchObject({
      name: 'Trường Tiểu học số 2',
      total: 1,
    });
    const byDistrict = await counts('province', 'batch-counts', 'groupBy=district');
    expect(byDistrict.items.map((g) => [g.key, g.name, g.total])).toEqual([
      [geo.districtIds[0], 'Phòng GD&ĐT 1', 7],
      [geo.districtIds[1], 'Phòng GD&ĐT 2', 1],
    ]);
  });

  it('by kind and by year; the kind filter', async () => {
    const byKind = await counts('district1', 'batch-counts', 'groupBy=kind');
    expect(table(byKind)).toEqual({
      regular: { assembling: 1, signed: 1, anchored: 2, accepted: 2 },
      supplementary: { assembling: 1 },
    });
    const byYear = await counts('district1', 'batch-counts', 'groupBy=year');
    expect(byYear.items.map((g) => [g.key, g.total])).toEqual([
      [OLD, 1],
      [YEAR, 6],
    ]);
    const supp = await counts('district1', 'batch-counts', 'groupBy=school&kind=supplementary');
    expect(supp.total).toBe(1);
  });

  it('a district officer counts only their district, even when filtering for another', async () => {
    const mine = await counts('district2', 'batch-counts', 'groupBy=school');
    expect(table(mine)).toEqual({ [geo.schoolIds[1]]: { anchored: 1 } });
    const foreign = await counts('district2', 'batch-counts', `schoolId=${geo.schoolIds[0]}`);
    expect(foreign).toMatchObject({ items: [], total: 0 });
    const foreignDistrict = await counts('district2', 'batch-counts', `districtId=${geo.districtIds[0]}`);
    expect(foreignDistrict.total).toBe(0);
    // The principal: their school only.
    expect((await counts('principal1', 'batch-counts')).total).toBe(7);
  });

  it('the Ministry counts every province; the province never the other one', async () => {
    const all = await counts('ministry', 'batch-counts', 'groupBy=district');
    expect(all.items.map((g) => [g.key, g.total])).toEqual(
      [
        [geo.districtIds[0], 7],
        [geo.districtIds[1], 1],
        [far.districtId, 1],
      ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
    );
    const province = await counts('province', 'batch-counts', `schoolId=${far.schoolId}`);
    expect(province.total).toBe(0);
  });
});

describe('GET /v1/oversight/record-counts', () => {
  it('by school (the default): record versions per state, this year or all years', async () => {
    const c = await counts('province', 'record-counts', `schoolYear=${YEAR}`);
    expect(c.groupBy).toBe('school');
    expect(table(c)).toEqual({
      [geo.schoolIds[0]]: { draft: 1, reviewed: 1, approved: 3 },
      [geo.schoolIds[1]]: { approved: 1 },
    });
    expect(c.total).toBe(6);
    const allYears = await counts('province', 'record-counts');
    expect(allYears.items.find((g) => g.key === geo.schoolIds[0])!.byStatus.approved).toBe(4);
  });

  it('by district and by status, within the remit', async () => {
    const byDistrict = await counts('ministry', 'record-counts', `groupBy=district&schoolYear=${YEAR}`);
    expect(Object.fromEntries(byDistrict.items.map((g) => [g.key, g.total]))).toEqual({
      [geo.districtIds[0]]: 5,
      [geo.districtIds[1]]: 1,
      [far.districtId]: 2,
    });
    const byStatus = await counts('district1', 'record-counts', 'groupBy=status');
    expect(byStatus.items.map((g) => [g.key, g.total])).toEqual([
      ['draft', 1],
      ['reviewed', 1],
      ['approved', 4],
    ]);
    const foreign = await counts('district2', 'record-counts', `schoolId=${geo.schoolIds[0]}`);
    expect(foreign).toMatchObject({ items: [], total: 0 });
  });
});

describe('refusals', () => {
  it('a grouping the route does not know, a role not in the table, no token', async () => {
    const get = (url: string, token?: string) =>
      app.inject({
        method: 'GET',
        url,
        ...(token && { headers: { authorization: `Bearer ${token}` } }),
      });
    const bad = await get('/v1/oversight/batch-counts?groupBy=class', tokens.province);
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'VALIDATION']);
    const recordKind = await get('/v1/oversight/record-counts?groupBy=kind', tokens.province);
    expect([recordKind.statusCode, recordKind.json().error.code]).toEqual([400, 'VALIDATION']);
    const teacher = await get('/v1/oversight/record-counts', tokens.teacher1);
    expect([teacher.statusCode, teacher.json().error.code]).toEqual([403, 'FORBIDDEN']);
    const anonymous = await get('/v1/oversight/batch-counts');
    expect([anonymous.statusCode, anonymous.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
  });
});
