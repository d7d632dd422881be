/**
 * The school's accounts as the console's administration screens read and change them (issue 13): the list
 * of a school's accounts with their grants there (its own and its classes'), an account disabled — its tokens
 * refused, its login refused — and enabled again, with the refusals (another school, a grant the caller does
 * not manage, oneself); the staff a principal chooses a deputy from.
 */
import type { OpenedDatabase } from '@hocba/db';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../src/auth/principal.ts';
import { makeApp, makeWorld, type TestApp, type World } from '../app/helper.ts';
import { type Geo, openTestDb, PASSWORD, seedGeo, seedUser, userToken } from '../auth/fixtures.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let w: World;
let database: OpenedDatabase;
let geo: Geo;
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

async function call(o: InjectOptions & { as: string }) {
  const { as, ...req } = o;
  return app.inject({ ...req, headers: { authorization: `Bearer ${tokens[as]}` } });
}
const codeOf = (res: { json(): unknown }) => (res.json() as { error?: { code?: string } }).error?.code;
const setActive = (as: string, userId: string, active: boolean) =>
  call({ method: 'PUT', url: `/v1/users/${userId}/active`, as, payload: { active, reason: 'Nghỉ việc' } });

beforeAll(async () => {
  [w, database] = await Promise.all([makeWorld(), openTestDb()]);
  geo = await seedGeo(database.db);
  app = await makeApp(w, { db: database.db, rateLimit: { authMax: 1000 } });
  const staff: [string, ({ role: Role } & Record<string, string>)[]][] = [
    ['admin1', [{ role: 'schoolAdmin', schoolId: geo.schoolIds[0] }]],
    ['admin2', [{ role: 'schoolAdmin', schoolId: geo.schoolIds[1] }]],
    ['principal1', [{ role: 'principal', schoolId: geo.schoolIds[0] }]],
    ['teacher1', [{ role: 'subjectTeacher', classId: geo.classIds[0], subject: 'TOAN' }]],
    // Teaches at both schools: school 1's admin manages only half of her grants.
    [
      'shared',
      [
        { role: 'subjectTeacher', classId: geo.classIds[0], subject: 'TIENG_VIET' },
        { role: 'subjectTeacher', classId: geo.classIds[1], subject: 'TIENG_VIET' },
      ],
    ],
    ['teacher2', [{ role: 'homeroomTeacher', classId: geo.classIds[1] }]],
  ];
  for (const [login, grants] of staff) {
    ids[login] = await seedUser(database.db, { login, grants });
    tokens[login] = await userToken(app, login, grants[0]!.role);
  }
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

interface Account {
  id: string;
  login: string;
  active: boolean;
  grants: { role: string; scope: Record<string, string> }[];
}

describe('GET /v1/users?schoolId=', () => {
  it("lists the school's accounts with their grants there, class grants included, and no other school's", async () => {
    const res = await call({ method: 'GET', url: `/v1/users?schoolId=${geo.schoolIds[0]}`, as: 'admin1' });
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: Account[] }).items;
    expect(items.map((a) => a.login).sort()).toEqual(['admin1', 'principal1', 'shared', 'teacher1']);
    const shared = items.find((a) => a.login === 'shared')!;
    // Only her grant at this school: the other school's class is not this admin's to see.
    expect(shared.grants).toEqual([
      expect.objectContaining({
        role: 'subjectTeacher',
        scope: { classId: geo.classIds[0], subject: 'TIENG_VIET' },
      }),
    ]);
    expect(res.body).not.toMatch(/passwordHash|scrypt/);
  });

  it("refuses another school's list 403 OUT_OF_SCOPE, and a principal 403 FORBIDDEN", async () => {
    const other = await call({ method: 'GET', url: `/v1/users?schoolId=${geo.schoolIds[1]}`, as: 'admin1' });
    expect([other.statusCode, codeOf(other)]).toEqual([403, 'OUT_OF_SCOPE']);
    const p = await call({ method: 'GET', url: `/v1/users?schoolId=${geo.schoolIds[0]}`, as: 'principal1' });
    expect([p.statusCode, codeOf(p)]).toEqual([403, 'FORBIDDEN']);
    const missing = await call({ method: 'GET', url: '/v1/users', as: 'admin1' });
    expect([missing.statusCode, codeOf(missing)]).toEqual([400, 'VALIDATION']);
  });
});

describe('PUT /v1/users/:userId/active', () => {
  it('disables a teacher: her token and her login are refused; enabled again she signs in', async () => {
    const before = await call({ method: 'GET', url: `/v1/users/${ids.teacher1}`, as: 'teacher1' });
    // A subject teacher may not manage users: the token works, the permission does not.
    expect(codeOf(before)).toBe('FORBIDDEN');
    const off = await setActive('admin1', ids.teacher1!, false);
    expect(off.statusCode).toBe(200);
    expect((off.json() as Account).active).toBe(false);
    const after = await call({ method: 'GET', url: `/v1/users/${ids.teacher1}`, as: 'teacher1' });
    expect([after.statusCode, codeOf(after)]).toEqual([401, 'ACCESS_REVOKED']);
    const login = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { login: 'teacher1', password: PASSWORD },
    });
    expect([login.statusCode, codeOf(login)]).toEqual([403, 'ACCOUNT_DISABLED']);
    const list = await call({ method: 'GET', url: `/v1/users?schoolId=${geo.schoolIds[0]}`, as: 'admin1' });
    expect((list.json() as { items: Account[] }).items.find((a) => a.login === 'teacher1')?.active).toBe(
      false,
    );
    // Twice is the same answer (a person double-clicking).
    expect((await setActive('admin1', ids.teacher1!, false)).statusCode).toBe(200);
    const on = await setActive('admin1', ids.teacher1!, true);
    expect((on.json() as Account).active).toBe(true);
    await expect(userToken(app, 'teacher1')).resolves.toMatch(/\./);
  });

  it('refuses what the caller does not manage, and oneself', async () => {
    // The principal's grant is not a school admin's to grant, so not to end.
    const principal = await setActive('admin1', ids.principal1!, false);
    expect([principal.statusCode, codeOf(principal)]).toEqual([403, 'ROLE_NOT_GRANTABLE']);
    // A teacher of two schools: her grant at school 2 is outside school 1's admin's scope.
    const shared = await setActive('admin1', ids.shared!, false);
    expect([shared.statusCode, codeOf(shared)]).toEqual([403, 'OUT_OF_SCOPE']);
    // Another school's teacher is, to this admin, not found.
    const foreign = await setActive('admin1', ids.teacher2!, false);
    expect([foreign.statusCode, codeOf(foreign)]).toEqual([404, 'USER_NOT_FOUND']);
    const self = await setActive('admin1', ids.admin1!, false);
    expect([self.statusCode, codeOf(self)]).toEqual([403, 'SELF_DISABLE']);
    const bad = await call({
      method: 'PUT',
      url: `/v1/users/${ids.teacher1}/active`,
      as: 'admin1',
      payload: { active: 'no' },
    });
    expect([bad.statusCode, codeOf(bad)]).toEqual([400, 'VALIDATION']);
    // Nothing changed.
    const list = await call({ method: 'GET', url: `/v1/users?schoolId=${geo.schoolIds[0]}`, as: 'admin1' });
    expect((list.json() as { items: Account[] }).items.every((a) => a.active)).toBe(true);
  });
});

describe('GET /v1/schools/:schoolId/deputies', () => {
  it('lists the staff to choose from; an assigned deputy moves to the deputies', async () => {
    const url = `/v1/schools/${geo.schoolIds[0]}/deputies`;
    const first = await call({ method: 'GET', url, as: 'principal1' });
    expect(first.statusCode).toBe(200);
    const choice = first.json() as {
      deputies: { login: string }[];
      staff: { login: string; roles: string[] }[];
    };
    expect(choice.deputies).toEqual([]);
    // Not the principal herself.
    expect(choice.staff.map((s) => s.login).sort()).toEqual(['admin1', 'shared', 'teacher1']);
    expect(choice.staff.find((s) => s.login === 'teacher1')?.roles).toEqual(['subjectTeacher']);
    const assign = await call({ method: 'POST', url, as: 'principal1', payload: { userId: ids.teacher1 } });
    expect(assign.statusCode).toBe(201);
    const after = (await call({ method: 'GET', url, as: 'principal1' })).json() as typeof choice;
    expect(after.deputies.map((d) => d.login)).toEqual(['teacher1']);
    expect(after.staff.map((s) => s.login)).not.toContain('teacher1');
  });

  it("refuses another school's principal's view and a school admin", async () => {
    const url = `/v1/schools/${geo.schoolIds[1]}/deputies`;
    const other = await call({ method: 'GET', url, as: 'principal1' });
    expect([other.statusCode, codeOf(other)]).toEqual([403, 'OUT_OF_SCOPE']);
    const admin = await call({
      method: 'GET',
      url: `/v1/schools/${geo.schoolIds[0]}/deputies`,
      as: 'admin1',
    });
    expect([admin.statusCode, codeOf(admin)]).toEqual([403, 'FORBIDDEN']);
  });
});
