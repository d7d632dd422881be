/**
 * Accounts and grants through the API (issue 6, point 3), through `inject` over one PGlite database: an
 * account created and granted by each tier logs in with that role and scope and can act; every refusal
 * (remit, role, shape, existence, duplicates) is its stable 4xx; the principal assigns and removes
 * deputies; nothing answers 5xx, and no password or hash reaches a response or a log line.
 */
import { auditLog, type OpenedDatabase, refreshTokens, userRoles, users } from '@hocba/db';
import { and, eq, inArray } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../src/auth/principal.ts';
import { makeApp, makeWorld, type TestApp, type World } from '../app/helper.ts';
import { type Geo, openTestDb, PASSWORD, seedGeo, seedUser, userToken } from '../auth/fixtures.ts';

// API-created accounts are hashed at the production scrypt cost: each create and login takes a moment.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let w: World;
let database: OpenedDatabase;
let geo: Geo;
let app: TestApp;
const bodies: string[] = [];
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

async function call(o: InjectOptions & { as?: string }) {
  const { as, ...req } = o;
  const res = await app.inject({
    ...req,
    ...(as && { headers: { authorization: `Bearer ${tokens[as]}` } }),
  });
  bodies.push(res.body);
  return res;
}
const codeOf = (res: { json(): unknown }) => (res.json() as { error?: { code?: string } }).error?.code;

const NEW_PASSWORD = PASSWORD;

beforeAll(async () => {
  [w, database] = await Promise.all([makeWorld(), openTestDb()]);
  geo = await seedGeo(database.db);
  app = await makeApp(w, { db: database.db, rateLimit: { authMax: 1000 } });
  const db = database.db;
  const staff: [string, { role: Role } & Record<string, string>][] = [
    ['admin1', { role: 'schoolAdmin', schoolId: geo.schoolIds[0] }],
    ['admin2', { role: 'schoolAdmin', schoolId: geo.schoolIds[1] }],
    ['principal1', { role: 'principal', schoolId: geo.schoolIds[0] }],
    ['district1', { role: 'districtOfficer', districtId: geo.districtIds[0] }],
    ['province', { role: 'provinceOfficer', provinceId: geo.provinceId }],
    ['teacher1', { role: 'homeroomTeacher', classId: geo.classIds[0] }],
  ];
  for (const [login, grant] of staff) {
    ids[login] = await seedUser(db, { login, grants: [grant] });
    tokens[login] = await userToken(app, login);
  }
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

const create = (as: string, login: string, grant: object, extra: object = {}) =>
  call({
    method: 'POST',
    url: '/v1/users',
    as,
    payload: { login, displayName: 'Phạm Thị Hoa', password: NEW_PASSWORD, grant, ...extra },
  });
const grant = (as: string, userId: string, g: object) =>
  call({ method: 'POST', url: `/v1/users/${userId}/grants`, as, payload: g });

describe('POST /v1/users, then grants: the new account logs in with its role and acts in its scope', () => {
  it('a school admin creates a homeroom teacher who then reads their class and only theirs', async () => {
    const res = await create('admin1', 'gv.minh', { role: 'homeroomTeacher', classId: geo.classIds[0] });
    expect(res.statusCode).toBe(201);
    const made = res.json() as { id: string; login: string; grantId: string };
    expect(Object.keys(made).sort()).toEqual(['grantId', 'id', 'login']);
    expect(made.login).toBe('gv.minh');
    ids.minh = made.id;

    const [row] = await database.db.select().from(users).where(eq(users.id, made.id));
    expect(row!.passwordHash).toMatch(/^\$scrypt\$/);
    expect(row!.passwordHash).not.toContain(NEW_PASSWORD);
    const grants = await database.db.select().from(userRoles).where(eq(userRoles.userId, made.id));
    expect(grants).toMatchObject([
      { role: 'homeroomTeacher', classId: geo.classIds[0], grantedBy: ids.admin1 },
    ]);

    // A second role through the grants route.
    const g = await grant('admin1', made.id, {
      role: 'subjectTeacher',
      classId: geo.classIds[0],
      subject: 'TOAN',
    });
    expect(g.statusCode).toBe(201);
    expect(g.json()).toMatchObject({
      role: 'subjectTeacher',
      scope: { classId: geo.classIds[0], subject: 'TOAN' },
    });

    tokens.minh = await userToken(app, 'GV.Minh', 'homeroomTeacher');
    const own = await call({ method: 'GET', url: `/v1/classes/${geo.classIds[0]}/records`, as: 'minh' });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ classId: geo.classIds[0], records: [] });
    const other = await call({ method: 'GET', url: `/v1/classes/${geo.classIds[1]}/records`, as: 'minh' });
    expect(other.statusCode).toBe(403);
    expect(codeOf(other)).toBe('OUT_OF_SCOPE');

    // Both changes are in the audit log, with the actor, and with identifiers only.
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.actorUserId, ids.admin1!), inArray(auditLog.action, ['user.create', 'user.grant'])),
      );
    expect(audit.map((a) => a.action).sort()).toEqual(['user.create', 'user.grant', 'user.grant']);
    // The account's creation names where it works (its first grant's class), so the school's log shows it.
    expect(audit.find((a) => a.action === 'user.create')?.details).toMatchObject({
      classId: geo.classIds[0],
    });
    for (const a of audit) {
      expect(a.actorRole).toBe('schoolAdmin');
      const text = JSON.stringify(a.details);
      expect(text).not.toContain('gv.minh');
      expect(text).not.toContain('Phạm Thị Hoa');
      expect(text).not.toContain(NEW_PASSWORD);
    }
  });

  it('GET /v1/users/:userId shows the grants in the caller’s remit, and nothing outside it', async () => {
    const mine = await call({ method: 'GET', url: `/v1/users/${ids.minh}`, as: 'admin1' });
    expect(mine.statusCode).toBe(200);
    const body = mine.json() as { login: string; grants: { role: string }[] };
    expect(body.login).toBe('gv.minh');
    expect(body.grants.map((g) => g.role).sort()).toEqual(['homeroomTeacher', 'subjectTeacher']);
    expect(mine.body).not.toMatch(/password|scrypt/i);
    // The district sees its school's grants; another school's admin sees no such account.
    const district = await call({ method: 'GET', url: `/v1/users/${ids.minh}`, as: 'district1' });
    expect((district.json() as { grants: unknown[] }).grants).toHaveLength(2);
    const foreign = await call({ method: 'GET', url: `/v1/users/${ids.minh}`, as: 'admin2' });
    expect(foreign.statusCode).toBe(404);
    expect(codeOf(foreign)).toBe('USER_NOT_FOUND');
  });

  it('a district officer grants a principal in its district; the province a district officer', async () => {
    const p = await create('district1', 'ht.son', { role: 'principal', schoolId: geo.schoolIds[0] });
    expect(p.statusCode).toBe(201);
    const d = await create('province', 'pgd.tuan', {
      role: 'districtOfficer',
      districtId: geo.districtIds[1],
    });
    expect(d.statusCode).toBe(201);
    const t = await userToken(app, 'pgd.tuan');
    // The new district officer manages its own district: it grants a school admin there.
    tokens.tuan = t;
    const a = await create('tuan', 'qt.hai', { role: 'schoolAdmin', schoolId: geo.schoolIds[1] });
    expect(a.statusCode).toBe(201);
    const pp = await grant('province', (a.json() as { id: string }).id, {
      role: 'provinceOfficer',
      provinceId: geo.provinceId,
    });
    expect(pp.statusCode).toBe(201);
  });
});

describe('the province tier', () => {
  it('grants every school role at a school of its province', async () => {
    const made = await create('province', 'gv.da-nang', {
      role: 'subjectGroup',
      schoolId: geo.schoolIds[1],
      subject: 'TOAN',
    });
    expect(made.statusCode).toBe(201);
    const id = (made.json() as { id: string }).id;
    const more = [
      { role: 'subjectTeacher', classId: geo.classIds[1], subject: 'TOAN' },
      { role: 'homeroomTeacher', classId: geo.classIds[1] },
      { role: 'principal', schoolId: geo.schoolIds[1] },
      { role: 'deputyPrincipal', schoolId: geo.schoolIds[1] },
      { role: 'schoolAdmin', schoolId: geo.schoolIds[1] },
    ];
    for (const g of more) expect((await grant('province', id, g)).statusCode, g.role).toBe(201);
    const roles = await database.db.select().from(userRoles).where(eq(userRoles.userId, id));
    expect(roles.map((r) => r.role).sort()).toEqual(
      [
        'deputyPrincipal',
        'homeroomTeacher',
        'principal',
        'schoolAdmin',
        'subjectGroup',
        'subjectTeacher',
      ].sort(),
    );
    expect(roles.every((r) => r.grantedBy === ids.province)).toBe(true);
  });

  it('two creations of one login at once: one account, the other 409 LOGIN_TAKEN', async () => {
    const g = { role: 'schoolAdmin', schoolId: geo.schoolIds[0] };
    const both = await Promise.all([create('province', 'qt.dong', g), create('district1', 'QT.Dong', g)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(both.map(codeOf).filter(Boolean)).toEqual(['LOGIN_TAKEN']);
  });
});

describe('refusals', () => {
  it('a password under 12 characters, a malformed login, a missing grant: 400 VALIDATION', async () => {
    const g = { role: 'homeroomTeacher', classId: geo.classIds[0] };
    const short = await create('admin1', 'gv.ngan', g, { password: 'ngan-2026' });
    expect(short.statusCode).toBe(400);
    expect(codeOf(short)).toBe('VALIDATION');
    expect(short.body).not.toContain('ngan-2026');
    expect((await create('admin1', 'gv ngan!', g)).statusCode).toBe(400);
    const none = await call({
      method: 'POST',
      url: '/v1/users',
      as: 'admin1',
      payload: { login: 'gv.ngan', displayName: 'X', password: NEW_PASSWORD },
    });
    expect(codeOf(none)).toBe('VALIDATION');
  });

  it('a login taken whatever its case: 409 LOGIN_TAKEN, and no second account', async () => {
    const res = await create('admin1', 'GV.MINH', { role: 'homeroomTeacher', classId: geo.classIds[0] });
    expect(res.statusCode).toBe(409);
    expect(codeOf(res)).toBe('LOGIN_TAKEN');
    const all = await database.db.select().from(users);
    expect(all.filter((u) => u.login.toLowerCase() === 'gv.minh')).toHaveLength(1);
  });

  it('roles nobody grants here, and roles above the caller’s tier: 403 ROLE_NOT_GRANTABLE', async () => {
    const cases: [string, object][] = [
      ['province', { role: 'ministryAuditor' }],
      ['province', { role: 'verifier' }],
      ['admin1', { role: 'student', studentId: geo.studentId }],
      ['admin1', { role: 'guardian', studentId: geo.studentId }],
      ['admin1', { role: 'principal', schoolId: geo.schoolIds[0] }],
      ['admin1', { role: 'districtOfficer', districtId: geo.districtIds[0] }],
      ['district1', { role: 'homeroomTeacher', classId: geo.classIds[0] }],
      ['district1', { role: 'provinceOfficer', provinceId: geo.provinceId }],
    ];
    for (const [as, g] of cases) {
      const res = await grant(as, ids.minh!, g);
      expect([res.statusCode, codeOf(res)], JSON.stringify(g)).toEqual([403, 'ROLE_NOT_GRANTABLE']);
    }
  });

  it('a grant of the wrong shape for its role: 400 VALIDATION naming the columns', async () => {
    const res = await grant('admin1', ids.minh!, { role: 'homeroomTeacher', schoolId: geo.schoolIds[0] });
    expect(res.statusCode).toBe(400);
    expect(codeOf(res)).toBe('VALIDATION');
    const paths = (res.json() as { error: { problems: { path: string }[] } }).error.problems.map(
      (p) => p.path,
    );
    expect(paths.sort()).toEqual(['/classId', '/schoolId']);
    const half = await grant('admin1', ids.minh!, { role: 'subjectTeacher', classId: geo.classIds[0] });
    expect(codeOf(half)).toBe('VALIDATION');
  });

  it('a class, school, district or province that does not exist: 404', async () => {
    const cases: [string, object, string][] = [
      ['admin1', { role: 'homeroomTeacher', classId: 'C-NONE' }, 'CLASS_NOT_FOUND'],
      ['admin1', { role: 'schoolAdmin', schoolId: 'S-NONE' }, 'SCHOOL_NOT_FOUND'],
      ['province', { role: 'districtOfficer', districtId: 'D-NONE' }, 'DISTRICT_NOT_FOUND'],
      ['province', { role: 'provinceOfficer', provinceId: 'P-NONE' }, 'PROVINCE_NOT_FOUND'],
    ];
    for (const [as, g, code] of cases) {
      const res = await grant(as, ids.minh!, g);
      expect([res.statusCode, codeOf(res)], JSON.stringify(g)).toEqual([404, code]);
    }
    const nobody = await grant('admin1', '00000000-0000-4000-8000-000000000000', {
      role: 'homeroomTeacher',
      classId: geo.classIds[0],
    });
    expect([nobody.statusCode, codeOf(nobody)]).toEqual([404, 'USER_NOT_FOUND']);
    expect((await grant('admin1', 'not-a-uuid', { role: 'schoolAdmin', schoolId: 'x' })).statusCode).toBe(
      400,
    );
  });

  it('a place outside the caller’s own: 403 OUT_OF_SCOPE, nothing written', async () => {
    const cases: [string, object][] = [
      ['admin1', { role: 'homeroomTeacher', classId: geo.classIds[1] }],
      ['admin1', { role: 'schoolAdmin', schoolId: geo.schoolIds[1] }],
      ['district1', { role: 'principal', schoolId: geo.schoolIds[1] }],
      ['district1', { role: 'districtOfficer', districtId: geo.districtIds[1] }],
    ];
    const before = (await database.db.select().from(userRoles)).length;
    for (const [as, g] of cases) {
      const res = await grant(as, ids.minh!, g);
      expect([res.statusCode, codeOf(res)], JSON.stringify(g)).toEqual([403, 'OUT_OF_SCOPE']);
    }
    const created = await create('admin1', 'gv.xa', { role: 'homeroomTeacher', classId: geo.classIds[1] });
    expect([created.statusCode, codeOf(created)]).toEqual([403, 'OUT_OF_SCOPE']);
    expect((await database.db.select().from(userRoles)).length).toBe(before);
    expect(await database.db.select().from(users).where(eq(users.login, 'gv.xa'))).toEqual([]);
  });

  it('the same grant twice: 409 GRANT_EXISTS; oneself: 403 SELF_GRANT', async () => {
    const dup = await grant('admin1', ids.minh!, { role: 'homeroomTeacher', classId: geo.classIds[0] });
    expect([dup.statusCode, codeOf(dup)]).toEqual([409, 'GRANT_EXISTS']);
    const self = await grant('admin1', ids.admin1!, { role: 'homeroomTeacher', classId: geo.classIds[0] });
    expect([self.statusCode, codeOf(self)]).toEqual([403, 'SELF_GRANT']);
  });

  it('no token: 401; a role the policy does not list: 403 FORBIDDEN', async () => {
    const anon = await call({ method: 'GET', url: `/v1/users/${ids.minh}` });
    expect(anon.statusCode).toBe(401);
    const teacher = await create('teacher1', 'gv.khac', {
      role: 'homeroomTeacher',
      classId: geo.classIds[0],
    });
    expect([teacher.statusCode, codeOf(teacher)]).toEqual([403, 'FORBIDDEN']);
    const deputies = await call({
      method: 'POST',
      url: `/v1/schools/${geo.schoolIds[0]}/deputies`,
      as: 'admin1',
      payload: { userId: ids.minh },
    });
    expect([deputies.statusCode, codeOf(deputies)]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('DELETE /v1/users/:userId/grants/:grantId', () => {
  it('revokes in the remit only; the role can no longer be chosen at login', async () => {
    const [g] = await database.db
      .select()
      .from(userRoles)
      .where(and(eq(userRoles.userId, ids.minh!), eq(userRoles.role, 'subjectTeacher')));
    const url = `/v1/users/${ids.minh}/grants/${g!.id}`;
    // A token issued before the revocation (in an earlier second: tokens carry whole seconds).
    const before = await call({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { login: 'gv.minh', password: NEW_PASSWORD, role: 'subjectTeacher' },
    });
    const stale = (before.json() as { accessToken: string }).accessToken;
    const readClass = () =>
      app.inject({
        method: 'GET',
        url: `/v1/classes/${geo.classIds[0]}/records`,
        headers: { authorization: `Bearer ${stale}` },
      });
    expect((await readClass()).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    const foreign = await call({ method: 'DELETE', url, as: 'admin2' });
    expect([foreign.statusCode, codeOf(foreign)]).toEqual([403, 'OUT_OF_SCOPE']);
    const res = await call({
      method: 'DELETE',
      url: `${url}?reason=${encodeURIComponent('Chuyển công tác')}`,
      as: 'admin1',
    });
    expect(res.statusCode).toBe(204);
    expect(await database.db.select().from(userRoles).where(eq(userRoles.id, g!.id))).toEqual([]);
    // The token issued before is refused at once, not when it expires.
    const refused = await readClass();
    expect([refused.statusCode, codeOf(refused)]).toEqual([401, 'ACCESS_REVOKED']);
    // And the login's refresh token was revoked with the grant (issue 12 point 5), not just refused later.
    const { refreshToken } = before.json() as { refreshToken: string };
    const [family] = await database.db
      .select({ revokedReason: refreshTokens.revokedReason })
      .from(refreshTokens)
      .where(eq(refreshTokens.id, refreshToken.split('.')[0]!));
    expect(family!.revokedReason).toBe('grants-changed');
    const renewed = await call({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });
    expect([renewed.statusCode, codeOf(renewed)]).toEqual([401, 'REFRESH_TOKEN_INVALID']);
    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'user.revoke'));
    expect(entry).toMatchObject({ entityId: g!.id, actorUserId: ids.admin1, reason: 'Chuyển công tác' });
    expect(entry!.details).toMatchObject({
      userId: ids.minh,
      role: 'subjectTeacher',
      classId: geo.classIds[0],
    });

    const login = await call({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { login: 'gv.minh', password: NEW_PASSWORD, role: 'subjectTeacher' },
    });
    expect([login.statusCode, codeOf(login)]).toEqual([403, 'ROLE_NOT_HELD']);
    const again = await call({ method: 'DELETE', url, as: 'admin1' });
    expect([again.statusCode, codeOf(again)]).toEqual([404, 'GRANT_NOT_FOUND']);
  });

  it('a school admin may not revoke the principal’s grant', async () => {
    const [g] = await database.db.select().from(userRoles).where(eq(userRoles.userId, ids.principal1!));
    const res = await call({
      method: 'DELETE',
      url: `/v1/users/${ids.principal1}/grants/${g!.id}`,
      as: 'admin1',
    });
    expect([res.statusCode, codeOf(res)]).toEqual([403, 'ROLE_NOT_GRANTABLE']);
  });
});

describe('the principal assigns deputies (seed 001 Art. 9)', () => {
  it('assigns a deputy, who then reads the school; removes the assignment', async () => {
    const made = await create('admin1', 'pht.lan', {
      role: 'subjectTeacher',
      classId: geo.classIds[0],
      subject: 'VAN',
    });
    const deputy = (made.json() as { id: string }).id;
    const url = `/v1/schools/${geo.schoolIds[0]}/deputies`;
    const res = await call({
      method: 'POST',
      url,
      as: 'principal1',
      payload: { userId: deputy, reason: 'Phân công' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ role: 'deputyPrincipal', scope: { schoolId: geo.schoolIds[0] } });
    const [row] = await database.db
      .select()
      .from(userRoles)
      .where(and(eq(userRoles.userId, deputy), eq(userRoles.role, 'deputyPrincipal')));
    expect(row).toMatchObject({ schoolId: geo.schoolIds[0], grantedBy: ids.principal1 });
    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'deputy.assign'));
    expect(entry).toMatchObject({ entityId: row!.id, actorUserId: ids.principal1, reason: 'Phân công' });

    tokens.lan = await userToken(app, 'pht.lan', 'deputyPrincipal');
    for (const classId of geo.classIds.slice(0, 1)) {
      const read = await call({ method: 'GET', url: `/v1/classes/${classId}/records`, as: 'lan' });
      expect(read.statusCode).toBe(200);
    }
    const other = await call({ method: 'GET', url: `/v1/classes/${geo.classIds[1]}/records`, as: 'lan' });
    expect(codeOf(other)).toBe('OUT_OF_SCOPE');

    const dup = await call({ method: 'POST', url, as: 'principal1', payload: { userId: deputy } });
    expect([dup.statusCode, codeOf(dup)]).toEqual([409, 'GRANT_EXISTS']);
    const foreign = await call({
      method: 'POST',
      url: `/v1/schools/${geo.schoolIds[1]}/deputies`,
      as: 'principal1',
      payload: { userId: deputy },
    });
    expect([foreign.statusCode, codeOf(foreign)]).toEqual([403, 'OUT_OF_SCOPE']);
    const noSchool = await call({
      method: 'POST',
      url: '/v1/schools/S-NONE/deputies',
      as: 'principal1',
      payload: { userId: deputy },
    });
    expect([noSchool.statusCode, codeOf(noSchool)]).toEqual([404, 'SCHOOL_NOT_FOUND']);
    const self = await call({ method: 'POST', url, as: 'principal1', payload: { userId: ids.principal1 } });
    expect(codeOf(self)).toBe('SELF_GRANT');

    const removed = await call({ method: 'DELETE', url: `${url}/${deputy}`, as: 'principal1' });
    expect(removed.statusCode).toBe(204);
    expect(
      await database.db
        .select()
        .from(userRoles)
        .where(and(eq(userRoles.userId, deputy), eq(userRoles.role, 'deputyPrincipal'))),
    ).toEqual([]);
    const again = await call({ method: 'DELETE', url: `${url}/${deputy}`, as: 'principal1' });
    expect([again.statusCode, codeOf(again)]).toEqual([404, 'GRANT_NOT_FOUND']);
  });
});

describe('what leaves the gateway', () => {
  it('a disabled account’s token is refused at once, and works again when re-enabled', async () => {
    const read = () => call({ method: 'GET', url: `/v1/users/${ids.minh}`, as: 'admin2' });
    expect((await read()).statusCode).not.toBe(401);
    await database.db.update(users).set({ active: false }).where(eq(users.id, ids.admin2!));
    const refused = await read();
    expect([refused.statusCode, codeOf(refused)]).toEqual([401, 'ACCESS_REVOKED']);
    await database.db.update(users).set({ active: true }).where(eq(users.id, ids.admin2!));
    expect((await read()).statusCode).not.toBe(401);
  });

  it('no 5xx, and no password or hash in any response or log line', async () => {
    expect(app.statuses.length).toBeGreaterThan(40);
    expect(app.statuses.filter((s) => s >= 500)).toEqual([]);
    const hashes = (await database.db.select({ h: users.passwordHash }).from(users)).map((u) => u.h);
    for (const text of [...bodies, ...app.logs]) {
      expect(text).not.toContain(NEW_PASSWORD);
      expect(text).not.toContain('ngan-2026');
      expect(text).not.toContain('$scrypt$');
      for (const h of hashes) expect(text).not.toContain(h.slice(-20));
    }
    // The logs did record the requests (the assertion above is not vacuous).
    expect(app.logs.some((l) => l.includes('/v1/users'))).toBe(true);
  });
});
