/**
 * POST /v1/auth/login and POST /v1/auth/token through `inject`: the claims of a token, one answer for
 * every kind of wrong credentials, disabled accounts, role choice, expiry on an injected clock, and
 * tampered or foreign tokens refused with 401 UNAUTHENTICATED.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { OpenedDatabase } from '@hocba/db';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, makeWorld, type TestApp, type World } from '../app/helper.ts';
import {
  type Geo,
  openTestDb,
  PASSWORD,
  seedGeo,
  seedUser,
  seedVerifier,
  userToken,
  verifierToken,
} from './fixtures.ts';

let w: World;
let database: OpenedDatabase;
let geo: Geo;
let app: TestApp;
let now = new Date('2026-05-20T08:00:00Z');
const clock = () => now;
let teacherId: string;

const login = (payload: object) => app.inject({ method: 'POST', url: '/v1/auth/login', payload });
const token = (payload: object) => app.inject({ method: 'POST', url: '/v1/auth/token', payload });
/** A route that needs a token: bulk verify, whose body is refused only after the token is accepted. */
const protectedCall = (t?: string) =>
  app.inject({
    method: 'POST',
    url: '/v1/verify/bulk',
    payload: { bundles: [] },
    ...(t && { headers: { authorization: `Bearer ${t}` } }),
  });

/** Why the app's last refused token was refused, from its log. */
function lastRefusal(a: TestApp): string | undefined {
  return a.logs
    .map((l) => JSON.parse(l) as { msg?: string; reason?: string })
    .filter((l) => l.msg === 'token refused')
    .at(-1)?.reason;
}

beforeAll(async () => {
  [w, database] = await Promise.all([makeWorld(), openTestDb()]);
  geo = await seedGeo(database.db);
  app = await makeApp(w, { db: database.db, auth: { clock }, rateLimit: { authMax: 1000 } });
  teacherId = await seedUser(database.db, {
    login: 'GV.Lan',
    grants: [
      { role: 'subjectTeacher', classId: geo.classIds[0], subject: 'TOAN' },
      { role: 'subjectTeacher', classId: geo.classIds[1], subject: 'TOAN' },
      { role: 'homeroomTeacher', classId: geo.classIds[0] },
    ],
  });
  await seedUser(database.db, {
    login: 'ht.binh',
    grants: [{ role: 'principal', schoolId: geo.schoolIds[0] }],
  });
  await seedUser(database.db, {
    login: 'nghi.viec',
    active: false,
    grants: [{ role: 'principal', schoolId: geo.schoolIds[1] }],
  });
  await seedUser(database.db, { login: 'no.role', grants: [] });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('POST /v1/auth/login', () => {
  it('answers a short-lived EdDSA token with sub, role, scope, iss, aud, iat, exp and jti', async () => {
    const res = await login({ login: 'ht.binh', password: PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      role: 'principal',
      scope: [{ schoolId: geo.schoolIds[0] }],
    });
    expect(decodeProtectedHeader(body.accessToken).alg).toBe('EdDSA');
    const claims = decodeJwt(body.accessToken);
    expect(claims).toMatchObject({
      role: 'principal',
      scope: [{ schoolId: geo.schoolIds[0] }],
      iss: 'hocba-gateway',
      aud: 'hocba',
      iat: now.getTime() / 1000,
      exp: now.getTime() / 1000 + 900,
    });
    expect(claims.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('takes the login case-insensitively', async () => {
    expect((await login({ login: 'HT.BINH', password: PASSWORD })).statusCode).toBe(200);
  });

  it('refuses a property the schema does not know (a typo) with 400 VALIDATION naming it', async () => {
    const res = await login({ login: 'ht.binh', password: PASSWORD, rol: 'principal' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION', problems: [{ in: 'body', path: '/rol' }] });
  });

  it('answers an unknown login and a wrong password alike: 401 INVALID_CREDENTIALS', async () => {
    const unknown = await login({ login: 'khong.co', password: PASSWORD });
    const wrong = await login({ login: 'ht.binh', password: `${PASSWORD}x` });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('refuses a disabled account with 403 ACCOUNT_DISABLED, but only to who knows the password', async () => {
    const res = await login({ login: 'nghi.viec', password: PASSWORD });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('ACCOUNT_DISABLED');
    const guess = await login({ login: 'nghi.viec', password: 'guess' });
    expect(guess.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('asks an account with several roles to choose one: 400 ROLE_REQUIRED listing them', async () => {
    const res = await login({ login: 'gv.lan', password: PASSWORD });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('ROLE_REQUIRED');
    expect(res.json().error.problems[0]).toMatchObject({ path: '/role' });
    expect(res.json().error.problems[0].message).toContain('homeroomTeacher');
    // The console offers exactly these as choices.
    expect(res.json().error.problems[0].allowed).toEqual(['homeroomTeacher', 'subjectTeacher']);
  });

  it('puts every grant of the chosen role in the token, and none of the others', async () => {
    const res = await login({ login: 'gv.lan', password: PASSWORD, role: 'subjectTeacher' });
    expect(res.statusCode).toBe(200);
    const claims = decodeJwt(res.json().accessToken);
    expect(claims.sub).toBe(teacherId);
    expect(claims.role).toBe('subjectTeacher');
    expect(claims.scope).toEqual(
      expect.arrayContaining([
        { classId: geo.classIds[0], subject: 'TOAN' },
        { classId: geo.classIds[1], subject: 'TOAN' },
      ]),
    );
    expect(claims.scope).toHaveLength(2);
  });

  it('refuses a role the account does not hold with 403 ROLE_NOT_HELD', async () => {
    for (const payload of [
      { login: 'gv.lan', password: PASSWORD, role: 'principal' },
      { login: 'no.role', password: PASSWORD },
    ]) {
      const res = await login(payload);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('ROLE_NOT_HELD');
    }
  });

  it('refuses a malformed body with 400 VALIDATION', async () => {
    for (const payload of [
      { login: 'ht.binh' },
      { login: 'ht.binh', password: PASSWORD, role: 'king' },
      {},
    ]) {
      const res = await login(payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION');
    }
  });

  it('is rate-limited per client: the (limit+1)-th attempt → 429 RATE_LIMITED', async () => {
    const limited = await makeApp(w, { db: database.db, rateLimit: { authMax: 3, timeWindow: 60_000 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await limited.inject({
          method: 'POST',
          url: '/v1/auth/login',
          payload: { login: 'ht.binh', password: 'wrong' },
        });
        codes.push(res.statusCode);
        if (i === 3) expect(res.json().error.code).toBe('RATE_LIMITED');
      }
      expect(codes).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('POST /v1/auth/token (client credentials)', () => {
  it('gives a verifier client a verifier token', async () => {
    const client = await seedVerifier(database.db);
    const res = await token({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.secret,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(decodeJwt(res.json().access_token)).toMatchObject({ sub: client.id, role: 'verifier', scope: [] });
  });

  it('answers an unknown client and a wrong secret alike: 401 INVALID_CREDENTIALS', async () => {
    const client = await seedVerifier(database.db);
    const unknown = await token({
      grant_type: 'client_credentials',
      client_id: 'nobody',
      client_secret: 'x',
    });
    const wrong = await token({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: `${client.secret}x`,
    });
    expect([unknown.statusCode, wrong.statusCode]).toEqual([401, 401]);
    expect(unknown.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('refuses a disabled client with 403 ACCOUNT_DISABLED', async () => {
    const client = await seedVerifier(database.db, { active: false });
    const res = await token({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.secret,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('ACCOUNT_DISABLED');
  });

  it('refuses another grant type with 400 VALIDATION', async () => {
    const res = await token({ grant_type: 'password', client_id: 'a', client_secret: 'b' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION');
  });
});

describe('access tokens on a protected route', () => {
  const unauthenticated = async (t?: string) => {
    const res = await protectedCall(t);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
    expect(res.headers['www-authenticate']).toBe('Bearer');
  };

  it('accepts a fresh token (the body is then checked: 400, not 401)', async () => {
    const t = await verifierToken(app, await seedVerifier(database.db));
    const res = await protectedCall(t);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION');
  });

  it('refuses a token once expired (15 minutes on the injected clock)', async () => {
    const t = await verifierToken(app, await seedVerifier(database.db));
    const issued = now;
    try {
      now = new Date(issued.getTime() + 14 * 60_000);
      expect((await protectedCall(t)).statusCode).toBe(400);
      now = new Date(issued.getTime() + 15 * 60_000 + 6_000);
      await unauthenticated(t);
    } finally {
      now = issued;
    }
  });

  it('refuses a token issued in the future (a clock trick)', async () => {
    const issued = now;
    now = new Date(issued.getTime() + 3_600_000);
    const t = await verifierToken(app, await seedVerifier(database.db));
    now = issued;
    await unauthenticated(t);
  });

  it('refuses a missing, malformed or tampered token', async () => {
    const t = await verifierToken(app, await seedVerifier(database.db));
    const [h, p, s] = t.split('.') as [string, string, string];
    const claims = decodeJwt(t);
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'ministryAuditor' })).toString('base64url');
    const flipped = `${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    await unauthenticated();
    await unauthenticated('not-a-jwt');
    await unauthenticated(`${h}.${forged}.${s}`);
    await unauthenticated(`${h}.${p}.${flipped}`);
    await unauthenticated(`${none}.${p}.`);
    const basic = await app.inject({
      method: 'POST',
      url: '/v1/verify/bulk',
      payload: { bundles: [] },
      headers: { authorization: `Basic ${t}` },
    });
    expect(basic.statusCode).toBe(401);
  });

  it('refuses a token signed by another key', async () => {
    // Same clock, issuer and audience: only the (ephemeral) key differs.
    const other = await makeApp(w, { db: database.db, auth: { clock } });
    try {
      await unauthenticated(await verifierToken(other, await seedVerifier(database.db)));
      expect(lastRefusal(app)).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    } finally {
      await other.close();
    }
  });

  it('refuses a token made with the right key for another audience or issuer', async () => {
    const privateKeyPem = generateKeyPairSync('ed25519').privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    const here = await makeApp(w, { db: database.db, auth: { clock, privateKeyPem } });
    const elsewhere = await makeApp(w, {
      db: database.db,
      auth: { clock, privateKeyPem, audience: 'elsewhere' },
    });
    const otherIssuer = await makeApp(w, {
      db: database.db,
      auth: { clock, privateKeyPem, issuer: 'someone' },
    });
    try {
      const client = await seedVerifier(database.db);
      const ok = await here.inject({
        method: 'POST',
        url: '/v1/verify/bulk',
        payload: { bundles: [] },
        headers: { authorization: `Bearer ${await verifierToken(here, client)}` },
      });
      expect(ok.statusCode).toBe(400);
      for (const source of [elsewhere, otherIssuer]) {
        const res = await here.inject({
          method: 'POST',
          url: '/v1/verify/bulk',
          payload: { bundles: [] },
          headers: { authorization: `Bearer ${await verifierToken(source, client)}` },
        });
        expect(res.statusCode).toBe(401);
        expect(lastRefusal(here)).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
      }
    } finally {
      await Promise.all([here.close(), elsewhere.close(), otherIssuer.close()]);
    }
  });

  it('refuses a key that is not Ed25519 at start', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    await expect(makeApp(w, { db: database.db, auth: { privateKeyPem: rsa } })).rejects.toThrow(/Ed25519/);
  });

  it('never answers a 5xx', () => {
    expect(app.statuses.filter((s) => s >= 500)).toEqual([]);
  });
});

describe('user tokens', () => {
  it('a principal’s token is refused on bulk verify with 403 FORBIDDEN', async () => {
    const t = await userToken(app, 'ht.binh');
    const res = await protectedCall(t);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });
});
