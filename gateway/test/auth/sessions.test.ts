/**
 * Staff behind one school NAT, and sessions (issue 12, point 5): guessing is limited per login name, not
 * per address, so a whole school signs in at 7:00 from one address; a login answers a refresh token that
 * rotates on each use, whose reuse revokes its whole family, which logout revokes, and which stops working
 * when the account is deactivated or its grants change. Neither token nor password reaches the log.
 */

import type { OpenedDatabase } from '@hocba/db';
import { refreshTokens, users } from '@hocba/db';
import { eq } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/env.ts';
import { makeApp, makeWorld, type TestApp, type World } from '../app/helper.ts';
import { type Geo, openTestDb, PASSWORD, seedGeo, seedUser } from './fixtures.ts';

let w: World;
let database: OpenedDatabase;
let geo: Geo;
/** The app with the gateway's default limits: nothing here is raised for the test. */
let app: TestApp;
let now = new Date('2026-05-20T00:00:00Z');
const clock = () => now;
const TEACHERS = 30;

const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
const login = (l: string, password = PASSWORD) => post('/v1/auth/login', { login: l, password });
const refresh = (refreshToken: string) => post('/v1/auth/refresh', { refreshToken });
const logout = (refreshToken: string) => post('/v1/auth/logout', { refreshToken });

interface Session {
  accessToken: string;
  refreshToken: string;
  refreshExpiresIn: number;
  expiresIn: number;
}

async function session(l: string): Promise<Session> {
  const res = await login(l);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function seedPrincipal(l: string): Promise<string> {
  return seedUser(database.db, { login: l, grants: [{ role: 'principal', schoolId: geo.schoolIds[0] }] });
}

beforeAll(async () => {
  [w, database] = await Promise.all([makeWorld(), openTestDb()]);
  geo = await seedGeo(database.db);
  app = await makeApp(w, { db: database.db, auth: { clock } });
  for (let i = 0; i < TEACHERS; i++)
    await seedUser(database.db, {
      login: `gv${i}.kimdong`,
      grants: [{ role: 'homeroomTeacher', classId: geo.classIds[0] }],
    });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('the limits are settings', () => {
  it('defaults: 5 wrong passwords per login name and 15 minutes, 600 sign-in requests per address and minute, 15-minute access and 12-hour refresh tokens', () => {
    expect(loadEnv({})).toMatchObject({
      LOGIN_FAILURE_MAX: 5,
      LOGIN_FAILURE_WINDOW_SECONDS: 900,
      RATE_LIMIT_AUTH_MAX: 600,
      JWT_TTL_SECONDS: 900,
      REFRESH_TOKEN_TTL_SECONDS: 43_200,
    });
    expect(loadEnv({ LOGIN_FAILURE_MAX: '3' }).LOGIN_FAILURE_MAX).toBe(3);
    expect(() => loadEnv({ LOGIN_FAILURE_MAX: '0' })).toThrow(/LOGIN_FAILURE_MAX/);
    expect(() => loadEnv({ REFRESH_TOKEN_TTL_SECONDS: 'a day' })).toThrow(/REFRESH_TOKEN_TTL_SECONDS/);
  });
});

describe('one school behind one address', () => {
  it(`${TEACHERS} teachers log in from one address within a minute: every one succeeds`, async () => {
    const codes: number[] = [];
    for (let i = 0; i < TEACHERS; i++) {
      const res = await login(`gv${i}.kimdong`);
      codes.push(res.statusCode);
      now = new Date(now.getTime() + 1000);
    }
    expect(codes).toEqual(Array(TEACHERS).fill(200));
  });

  it('6 wrong passwords for one login → 429 LOGIN_LOCKED with Retry-After, in Vietnamese; a colleague still logs in', async () => {
    await seedPrincipal('ht.khoa');
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await login('ht.khoa', 'sai mật khẩu')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);

    // Even the right password is refused while the name is locked: otherwise guessing just goes on.
    const locked = await login('HT.Khoa');
    expect(locked.statusCode).toBe(429);
    const error = locked.json().error;
    expect(error.code).toBe('LOGIN_LOCKED');
    expect(error.message.vi).toMatch(/thử lại sau 15 phút/);
    expect(Number(locked.headers['retry-after'])).toBe(15 * 60);

    // The same address, another account.
    expect((await login('gv0.kimdong')).statusCode).toBe(200);

    // The window slides: once the first failure is 15 minutes old, the name may try again.
    const at = now;
    now = new Date(at.getTime() + 15 * 60_000 + 1000);
    try {
      expect((await login('ht.khoa')).statusCode).toBe(200);
      // A success clears the count.
      for (let i = 0; i < 4; i++) expect((await login('ht.khoa', 'sai')).statusCode).toBe(401);
      expect((await login('ht.khoa')).statusCode).toBe(200);
    } finally {
      now = at;
    }
  });

  it('counts unknown logins alike, so the lock says nothing about which accounts exist', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await login('khong.ton.tai', 'x')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('limits client secrets per client id too', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++)
      codes.push(
        (
          await post('/v1/auth/token', {
            grant_type: 'client_credentials',
            client_id: 'dhqg-doan',
            client_secret: 'x',
          })
        ).statusCode,
      );
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe('refresh tokens', () => {
  it('a login answers a 15-minute access token and an opaque refresh token stored only as a hash', async () => {
    await seedPrincipal('ht.an');
    const s = await session('ht.an');
    expect(s.expiresIn).toBe(900);
    expect(s.refreshExpiresIn).toBe(12 * 3600);
    expect(s.refreshToken).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    // 256 bits of secret.
    expect(Buffer.from(s.refreshToken.split('.')[1]!, 'base64url')).toHaveLength(32);
    const [row] = await database.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.id, s.refreshToken.split('.')[0]!));
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(s.refreshToken.split('.')[1]);
  });

  it('rotates: each refresh answers a new access token and a new refresh token; the old one is spent', async () => {
    const userId = await seedPrincipal('ht.binh');
    const first = await session('ht.binh');
    now = new Date(now.getTime() + 10 * 60_000);
    const res = await refresh(first.refreshToken);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const second: Session = res.json();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.refreshExpiresIn).toBe(12 * 3600 - 600);
    expect(decodeJwt(second.accessToken)).toMatchObject({ sub: userId, role: 'principal' });
    expect(res.json()).toMatchObject({ role: 'principal', scope: [{ schoolId: geo.schoolIds[0] }] });
    // The new access token works.
    const me = await app.inject({
      method: 'GET',
      url: `/v1/users/${userId}`,
      headers: { authorization: `Bearer ${second.accessToken}` },
    });
    expect(me.statusCode).not.toBe(401);
    // The next one rotates again.
    expect((await refresh(second.refreshToken)).statusCode).toBe(200);
  });

  it('reuse of a rotated token revokes the whole family: the thief’s and the owner’s tokens alike', async () => {
    await seedPrincipal('ht.cuong');
    const stolen = await session('ht.cuong');
    const owner: Session = (await refresh(stolen.refreshToken)).json();
    const reused = await refresh(stolen.refreshToken);
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.code).toBe('REFRESH_TOKEN_REUSED');
    const after = await refresh(owner.refreshToken);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('REFRESH_TOKEN_INVALID');
    // Another login of the same account is another family: untouched.
    expect((await refresh((await session('ht.cuong')).refreshToken)).statusCode).toBe(200);
  });

  it('logout revokes the family; logging out again or with an unknown token is 204 too', async () => {
    await seedPrincipal('ht.dung');
    const s = await session('ht.dung');
    const next: Session = (await refresh(s.refreshToken)).json();
    const out = await logout(next.refreshToken);
    expect(out.statusCode).toBe(204);
    expect((await refresh(next.refreshToken)).json().error.code).toBe('REFRESH_TOKEN_INVALID');
    expect((await logout(next.refreshToken)).statusCode).toBe(204);
    expect((await logout(`${crypto.randomUUID()}.${'A'.repeat(43)}`)).statusCode).toBe(204);
  });

  it('refuses a deactivated account’s refresh (401 ACCESS_REVOKED) and revokes its family', async () => {
    const userId = await seedPrincipal('ht.giang');
    const s = await session('ht.giang');
    await database.db.update(users).set({ active: false }).where(eq(users.id, userId));
    const res = await refresh(s.refreshToken);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('ACCESS_REVOKED');
    await database.db.update(users).set({ active: true }).where(eq(users.id, userId));
    expect((await refresh(s.refreshToken)).json().error.code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('refuses a refresh once the account’s grants changed after the login', async () => {
    const userId = await seedPrincipal('ht.ha');
    const s = await session('ht.ha');
    await database.db
      .update(users)
      .set({ grantsChangedAt: new Date(now.getTime() + 1000) })
      .where(eq(users.id, userId));
    const res = await refresh(s.refreshToken);
    expect(res.json().error.code).toBe('ACCESS_REVOKED');
  });

  it('has a bounded lifetime that rotation does not extend', async () => {
    await seedPrincipal('ht.khanh');
    let s = await session('ht.khanh');
    const start = now;
    try {
      for (let h = 4; h < 12; h += 4) {
        now = new Date(start.getTime() + h * 3_600_000);
        s = (await refresh(s.refreshToken)).json();
      }
      now = new Date(start.getTime() + 12 * 3_600_000);
      expect((await refresh(s.refreshToken)).json().error.code).toBe('REFRESH_TOKEN_INVALID');
    } finally {
      now = start;
    }
  });

  it('refuses a malformed or forged token with 400 or 401, never a 5xx', async () => {
    await seedPrincipal('ht.lam');
    const s = await session('ht.lam');
    const [id, secret] = s.refreshToken.split('.') as [string, string];
    const flipped = `${id}.${secret[0] === 'A' ? 'B' : 'A'}${secret.slice(1)}`;
    expect((await refresh(flipped)).json().error.code).toBe('REFRESH_TOKEN_INVALID');
    expect((await refresh(`${crypto.randomUUID()}.${secret}`)).json().error.code).toBe(
      'REFRESH_TOKEN_INVALID',
    );
    for (const bad of ['', 'abc', `${id}.${secret}x`]) {
      const res = await refresh(bad);
      expect(res.statusCode).toBe(400);
    }
    // The genuine token was not spent by the forgeries.
    expect((await refresh(s.refreshToken)).statusCode).toBe(200);
  });

  it('never writes a token or a password to the log, and never answers a 5xx', () => {
    const text = app.logs.join('\n');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('sai mật khẩu');
    // Any JWT or refresh secret would show as one of these shapes.
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    expect(text).not.toMatch(/[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}/);
    expect(text).toContain('"msg":"refresh refused"');
    expect(app.statuses.filter((c) => c >= 500)).toEqual([]);
  });
});
