/**
 * Accounts for the auth tests, on one PGlite database shared by a test file's apps: a province with two
 * districts, a school and a class in each, a student, and users holding the roles the tests log in as.
 * Hashes use scrypt's lowest accepted cost so that a test logs in in milliseconds; verification reads the
 * cost from the hash, so the code path is the production one.
 */
import { randomBytes } from 'node:crypto';
import {
  classes,
  type Database,
  districts,
  MEMORY,
  type OpenedDatabase,
  openDatabase,
  provinces,
  type Role,
  type ScopeColumn,
  schools,
  students,
  userRoles,
  users,
  verifierClients,
} from '@hocba/db';
import { hashSecret, type ScryptParams } from '../../src/auth/passwords.ts';

export const FAST: ScryptParams = { ln: 10, r: 8, p: 1 };
export const PASSWORD = 'Mật-khẩu đủ dài 2026';

export interface Geo {
  provinceId: string;
  districtIds: [string, string];
  schoolIds: [string, string];
  classIds: [string, string];
  studentId: string;
}

export async function openTestDb(): Promise<OpenedDatabase> {
  return openDatabase({ dataDir: MEMORY });
}

export async function seedGeo(db: Database): Promise<Geo> {
  const t = randomBytes(3).toString('hex');
  await db.insert(provinces).values({ id: `P-${t}`, code: t.slice(0, 2), name: 'Tỉnh Quảng Ninh' });
  const districtIds: [string, string] = [`D1-${t}`, `D2-${t}`];
  const schoolIds: [string, string] = [`S1-${t}`, `S2-${t}`];
  const classIds: [string, string] = [`C1-${t}`, `C2-${t}`];
  for (const i of [0, 1] as const) {
    await db
      .insert(districts)
      .values({ id: districtIds[i], provinceId: `P-${t}`, code: `D${i}`, name: `Phòng GD&ĐT ${i + 1}` });
    await db.insert(schools).values({
      id: schoolIds[i],
      code: `S${i}-${t}`,
      name: `Trường Tiểu học số ${i + 1}`,
      level: 'TH',
      districtId: districtIds[i],
      provinceId: `P-${t}`,
    });
    await db
      .insert(classes)
      .values({ id: classIds[i], schoolId: schoolIds[i], schoolYear: '2025-2026', grade: 5, name: '5A' });
  }
  const [student] = await db
    .insert(students)
    .values({ nationalId: `0${Array.from(randomBytes(11), (b) => b % 10).join('')}`, studentCode: `HS${t}` })
    .returning();
  return { provinceId: `P-${t}`, districtIds, schoolIds, classIds, studentId: student!.id };
}

export type Grant = { role: Role } & Partial<Record<ScopeColumn, string>>;

export async function seedUser(
  db: Database,
  o: { login: string; password?: string; active?: boolean; grants: Grant[] },
): Promise<string> {
  const [user] = await db
    .insert(users)
    .values({
      login: o.login,
      passwordHash: await hashSecret(o.password ?? PASSWORD, FAST),
      displayName: 'Nguyễn Thị Lan',
      active: o.active ?? true,
    })
    .returning();
  for (const g of o.grants) await db.insert(userRoles).values({ userId: user!.id, ...g });
  return user!.id;
}

export async function seedVerifier(
  db: Database,
  o: { clientId?: string; secret?: string; active?: boolean } = {},
): Promise<{ clientId: string; secret: string; id: string }> {
  const clientId = o.clientId ?? `dhqg-${randomBytes(3).toString('hex')}`;
  const secret = o.secret ?? randomBytes(24).toString('base64url');
  const [row] = await db
    .insert(verifierClients)
    .values({
      clientId,
      secretHash: await hashSecret(secret, FAST),
      name: 'Đại học Quốc gia Hà Nội',
      active: o.active ?? true,
    })
    .returning();
  return { clientId, secret, id: row!.id };
}

interface Injector {
  inject(o: { method: 'POST'; url: string; payload: object }): Promise<{
    statusCode: number;
    json(): unknown;
  }>;
}

/** A verifier client's access token through POST /v1/auth/token. */
export async function verifierToken(app: Injector, c: { clientId: string; secret: string }): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/auth/token',
    payload: { grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.secret },
  });
  if (res.statusCode !== 200) throw new Error(`token: ${res.statusCode} ${JSON.stringify(res.json())}`);
  return (res.json() as { access_token: string }).access_token;
}

/** A user's access token through POST /v1/auth/login. */
export async function userToken(app: Injector, login: string, role?: Role): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { login, password: PASSWORD, ...(role && { role }) },
  });
  if (res.statusCode !== 200) throw new Error(`login: ${res.statusCode} ${JSON.stringify(res.json())}`);
  return (res.json() as { accessToken: string }).accessToken;
}
