/**
 * Pupils through the app (issue 13 point 1): create and enrol, the class list's order, search without
 * accents, by date of birth and by mã định danh with stable pages, the biography read and update (who may,
 * what the audit log keeps), and a transfer naming the pupil by what a person knows.
 */
import {
  auditLog,
  type Database,
  FOLD_FROM,
  FOLD_TO,
  MEMORY,
  type OpenedDatabase,
  openDatabase,
} from '@hocba/db';
import { desc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { foldName } from '../../src/services/pupil-search.ts';
import { makeApp, makeWorld, type TestApp, type World } from '../app/helper.ts';
import {
  type Call,
  caller,
  OTHER_SCHOOL,
  type Person,
  SCHOOL,
  type Seeded,
  seedSchoolYear,
  tokens,
} from '../workflow/fixtures.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

let world: World;
let opened: OpenedDatabase;
let db: Database;
let app: TestApp;
let s: Seeded;
let t: Record<Person, string>;
let call: Call;

const bio = (fullName: string, dateOfBirth: string, over: Record<string, unknown> = {}) => ({
  fullName,
  dateOfBirth,
  sex: 'male',
  birthplace: 'Hạ Long, Quảng Ninh',
  ethnicity: 'Kinh',
  guardians: [],
  ...over,
});

const PUPILS: [string, string, string][] = [
  ['079215000001', 'Nguyễn Văn An', '2015-09-02'],
  ['079215000002', 'Trần Thị Lan', '2015-01-31'],
  ['079215000003', 'Nguyễn Văn Bình', '2015-09-02'],
  ['079215000004', 'Lê An', '2015-05-05'],
];
const ids = new Map<string, string>();

beforeAll(async () => {
  [world, opened] = await Promise.all([makeWorld(), openDatabase({ dataDir: MEMORY })]);
  db = opened.db;
  s = await seedSchoolYear(db, 1);
  app = await makeApp(world, { db });
  t = await tokens(app, s);
  call = caller(app);
  for (const [nationalId, name, dob] of PUPILS) {
    const r = await call(t.homeroom, 'POST', `/v1/classes/${s.classId.a}/students`, {
      nationalId,
      biography: bio(name, dob),
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().created).toBe(true);
    ids.set(nationalId, r.json().studentId);
  }
});
afterAll(async () => {
  await app?.close();
  await opened?.close();
});

describe('create and enrol', () => {
  it('refuses the same pupil twice in a class, another class the same year, and a mã định danh of another birth', async () => {
    const again = await call(t.homeroom, 'POST', `/v1/classes/${s.classId.a}/students`, {
      nationalId: '079215000001',
      biography: bio('Nguyễn Văn An', '2015-09-02'),
    });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'ENROLMENT_EXISTS']);
    const elsewhere = await call(t.admin, 'POST', `/v1/classes/${s.classId.b}/students`, {
      nationalId: '079215000001',
      biography: bio('Nguyễn Văn An', '2015-09-02'),
    });
    expect([elsewhere.statusCode, elsewhere.json().error.code]).toEqual([409, 'ENROLLED_ELSEWHERE']);
    const other = await call(t.admin, 'POST', `/v1/classes/${s.classId.b}/students`, {
      nationalId: '079215000001',
      biography: bio('Nguyễn Văn An', '2014-09-02'),
    });
    expect([other.statusCode, other.json().error.code]).toEqual([409, 'PUPIL_IDENTITY_MISMATCH']);
  });

  it('refuses a day that does not exist, a bad mã định danh, and roles the policy does not list', async () => {
    const day = await call(t.homeroom, 'POST', `/v1/classes/${s.classId.a}/students`, {
      nationalId: '079215000099',
      biography: bio('Hà Văn Tư', '2015-02-31'),
    });
    expect([day.statusCode, day.json().error.code]).toEqual([400, 'VALIDATION']);
    const id = await call(t.homeroom, 'POST', `/v1/classes/${s.classId.a}/students`, {
      nationalId: '79215000099',
      biography: bio('Hà Văn Tư', '2015-02-03'),
    });
    expect([id.statusCode, id.json().error.code]).toEqual([400, 'VALIDATION']);
    const maths = await call(t.maths, 'POST', `/v1/classes/${s.classId.a}/students`, {
      nationalId: '079215000099',
      biography: bio('Hà Văn Tư', '2015-02-03'),
    });
    expect([maths.statusCode, maths.json().error.code]).toEqual([403, 'FORBIDDEN']);
    const foreign = await call(t.homeroomB, 'POST', `/v1/classes/${s.classId.a}/students`, {
      nationalId: '079215000099',
      biography: bio('Hà Văn Tư', '2015-02-03'),
    });
    expect([foreign.statusCode, foreign.json().error.code]).toEqual([403, 'OUT_OF_SCOPE']);
  });
});

describe('the class list', () => {
  it('lists the class by given name, then whole name, for the class’s teachers', async () => {
    const r = await call(t.maths, 'GET', `/v1/classes/${s.classId.a}/students`);
    expect(r.statusCode, r.body).toBe(200);
    const names = r.json().pupils.map((p: { fullName: string }) => p.fullName);
    const mine = names.filter((n: string) => PUPILS.some((p) => p[1] === n));
    expect(mine).toEqual(['Lê An', 'Nguyễn Văn An', 'Nguyễn Văn Bình', 'Trần Thị Lan']);
    expect(Object.keys(r.json().pupils[0]).sort()).toEqual(
      [
        'dateOfBirth',
        'enrolledOn',
        'enrolmentId',
        'fullName',
        'leftOn',
        'sex',
        'studentCode',
        'studentId',
      ].sort(),
    );
    const foreign = await call(t.homeroomC, 'GET', `/v1/classes/${s.classId.a}/students`);
    expect(foreign.json().error.code).toBe('OUT_OF_SCOPE');
  });
});

describe('search', () => {
  const search = async (q: string, who = t.principal) => {
    const r = await call(who, 'GET', `/v1/schools/${SCHOOL}/students?${q}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as {
      total: number;
      items: { fullName: string; nationalId: string; className: string }[];
    };
  };

  it('finds by name without accents, each word the start of a word of the name', async () => {
    expect((await search('name=nguyen%20van%20an')).items.map((i) => i.fullName)).toEqual(['Nguyễn Văn An']);
    // "an" starts "An" (twice), not "Lan".
    expect((await search('name=an')).items.map((i) => i.fullName)).toEqual(['Lê An', 'Nguyễn Văn An']);
    expect((await search(`name=${encodeURIComponent('NGUYỄN'.normalize('NFD'))}`)).total).toBe(2);
    expect((await search('name=%25')).total).toBeGreaterThanOrEqual(4);
  });

  it('finds by date of birth and by mã định danh (exact)', async () => {
    expect((await search('dateOfBirth=2015-09-02')).items.map((i) => i.fullName)).toEqual([
      'Nguyễn Văn An',
      'Nguyễn Văn Bình',
    ]);
    const one = await search('nationalId=079215000002');
    expect(one.items.map((i) => [i.fullName, i.className])).toEqual([
      ['Trần Thị Lan', expect.stringMatching(/^5A/)],
    ]);
    expect((await search('nationalId=079215000020')).total).toBe(0);
  });

  it('pages in a stable order: every pupil once', async () => {
    const all = await search('limit=200');
    const paged: string[] = [];
    for (let offset = 0; offset < all.total; offset += 2)
      paged.push(...(await search(`limit=2&offset=${offset}`)).items.map((i) => i.nationalId));
    expect(paged).toEqual(all.items.map((i) => i.nationalId));
    expect(new Set(paged).size).toBe(all.total);
  });

  it('is for the school’s leaders and admin only', async () => {
    const r = await call(t.homeroom, 'GET', `/v1/schools/${SCHOOL}/students?name=an`);
    expect(r.json().error.code).toBe('FORBIDDEN');
    const other = await call(t.principalOther, 'GET', `/v1/schools/${SCHOOL}/students?name=an`);
    expect(other.json().error.code).toBe('OUT_OF_SCOPE');
  });

  it('folds every Vietnamese letter as the database does', async () => {
    const letters = [...FOLD_FROM].join(' ');
    const [row] = await db
      .execute<{ f: string }>(sql`SELECT lower(translate(${letters}, ${FOLD_FROM}, ${FOLD_TO})) AS f`)
      .then((r) => (r as unknown as { rows: { f: string }[] }).rows);
    expect(foldName(letters)).toBe(row!.f);
    expect(foldName('Đặng Thị Ỷ')).toBe('dang thi y');
  });
});

describe('the biography', () => {
  it('is updated by the homeroom teacher, audited with the field names only', async () => {
    const id = ids.get('079215000002')!;
    const r = await call(t.homeroom, 'PUT', `/v1/students/${id}/biography`, {
      ...bio('Trần Thị Lan', '2015-01-31', { sex: 'female', ethnicity: 'Tày' }),
      guardians: [{ relation: 'mother', fullName: 'Trần Thị Mai', phone: '0912345678' }],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().changedFields).toEqual(['sex', 'ethnicity', 'guardians']);
    const [entry] = await db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(entry).toMatchObject({
      action: 'student.biography.update',
      entityId: id,
      details: { fields: ['sex', 'ethnicity', 'guardians'] },
    });
    expect(JSON.stringify(entry!.details)).not.toMatch(/Tày|Mai|0912/);
    const read = await call(t.principal, 'GET', `/v1/students/${id}/biography`);
    expect(read.json()).toMatchObject({
      nationalId: '079215000002',
      biography: { ethnicity: 'Tày', sex: 'female' },
    });
    const same = await call(t.homeroom, 'PUT', `/v1/students/${id}/biography`, {
      ...bio('Trần Thị Lan', '2015-01-31', { sex: 'female', ethnicity: 'Tày' }),
      guardians: [{ relation: 'mother', fullName: 'Trần Thị Mai', phone: '0912345678' }],
    });
    expect(same.json().changedFields).toEqual([]);
  });

  it('is read and written only by those the policy allows', async () => {
    const id = ids.get('079215000001')!;
    const body = bio('Nguyễn Văn An', '2015-09-02');
    expect((await call(t.maths, 'GET', `/v1/students/${id}/biography`)).json().error.code).toBe('FORBIDDEN');
    expect((await call(t.principal, 'PUT', `/v1/students/${id}/biography`, body)).json().error.code).toBe(
      'FORBIDDEN',
    );
    expect((await call(t.homeroomB, 'PUT', `/v1/students/${id}/biography`, body)).json().error.code).toBe(
      'OUT_OF_SCOPE',
    );
    expect((await call(t.admin, 'PUT', `/v1/students/${id}/biography`, body)).statusCode).toBe(200);
    const missing = await call(
      t.admin,
      'PUT',
      '/v1/students/00000000-0000-4000-8000-000000000000/biography',
      body,
    );
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'STUDENT_NOT_FOUND']);
  });
});

describe('a transfer names the pupil by what a person knows', () => {
  const request = (pupil: Record<string, string>) =>
    call(t.principal, 'POST', '/v1/transfers', { ...pupil, fromSchoolId: SCHOOL, toSchoolId: OTHER_SCHOOL });

  it('by mã định danh and date of birth', async () => {
    const wrong = await request({ nationalId: '079215000004', dateOfBirth: '2015-05-06' });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([404, 'STUDENT_NOT_FOUND']);
    const r = await request({ nationalId: '079215000004', dateOfBirth: '2015-05-05' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().studentId).toBe(ids.get('079215000004'));
  });

  it('by class and name, without accents; ambiguous names are refused', async () => {
    const className = (await call(t.homeroom, 'GET', `/v1/classes/${s.classId.a}/students`)).json().className;
    const r = await request({ className: className.toLowerCase(), fullName: 'nguyen van binh' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().studentId).toBe(ids.get('079215000003'));
    await call(t.homeroom, 'POST', `/v1/classes/${s.classId.a}/students`, {
      nationalId: '079215000005',
      biography: bio('Nguyễn Văn An', '2015-10-10'),
    });
    const twice = await request({ className, fullName: 'Nguyễn Văn An' });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'PUPIL_AMBIGUOUS']);
  });

  it('still by studentId, and exactly one way', async () => {
    const r = await request({ studentId: ids.get('079215000002')! });
    expect(r.statusCode, r.body).toBe(201);
    const both = await request({
      studentId: ids.get('079215000001')!,
      nationalId: '079215000001',
      dateOfBirth: '2015-09-02',
    });
    expect([both.statusCode, both.json().error.code]).toEqual([400, 'VALIDATION']);
    const half = await request({ nationalId: '079215000001' });
    expect([half.statusCode, half.json().error.code]).toEqual([400, 'VALIDATION']);
    const none = await request({});
    expect([none.statusCode, none.json().error.code]).toEqual([400, 'VALIDATION']);
  });
});
