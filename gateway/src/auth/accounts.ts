/**
 * Logging in: a user by login and password (one role chosen among the user's grants), a verifier client
 * by client id and secret. Wrong credentials are one answer whatever was wrong (401 INVALID_CREDENTIALS)
 * and cost the same time; only a caller who proved the password learns that the account is disabled or
 * which roles it holds.
 */
import { type Database, userRoles, users, verifierClients } from '@hocba/db';
import { eq, sql } from 'drizzle-orm';
import { ApiError } from '../http-errors.ts';
import { dummyVerify, verifySecret } from './passwords.ts';
import { isRole, type Principal, type Role, scopeOf } from './principal.ts';

export type Caller = Omit<Principal, 'jti'>;

export interface LoginInput {
  login: string;
  password: string;
  role?: string | undefined;
}

export async function authenticateUser(db: Database, input: LoginInput, now: Date): Promise<Caller> {
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, active: users.active })
    .from(users)
    .where(sql`lower(${users.login}) = lower(${input.login.normalize('NFC')})`)
    .limit(1);
  if (!user) {
    await dummyVerify(input.password);
    throw new ApiError('INVALID_CREDENTIALS');
  }
  if (!(await verifySecret(input.password, user.passwordHash))) throw new ApiError('INVALID_CREDENTIALS');
  if (!user.active) throw new ApiError('ACCOUNT_DISABLED');

  const grants = await db.select().from(userRoles).where(eq(userRoles.userId, user.id));
  const held = [...new Set(grants.map((g) => g.role))].sort();
  let role: Role;
  if (input.role !== undefined) {
    if (!isRole(input.role) || !held.includes(input.role)) throw new ApiError('ROLE_NOT_HELD');
    role = input.role;
  } else if (held.length === 1) {
    role = held[0]!;
  } else if (held.length === 0) {
    throw new ApiError('ROLE_NOT_HELD');
  } else {
    throw new ApiError('ROLE_REQUIRED', {
      problems: [{ in: 'body', path: '/role', message: `one of: ${held.join(', ')}`, allowed: held }],
    });
  }
  await db.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
  return {
    sub: user.id,
    role,
    scope: grants.filter((g) => g.role === role).map((g) => scopeOf(role, g)),
  };
}

export async function authenticateClient(
  db: Database,
  clientId: string,
  secret: string,
  now: Date,
): Promise<Caller> {
  const [client] = await db
    .select({
      id: verifierClients.id,
      secretHash: verifierClients.secretHash,
      active: verifierClients.active,
    })
    .from(verifierClients)
    .where(eq(verifierClients.clientId, clientId))
    .limit(1);
  if (!client) {
    await dummyVerify(secret);
    throw new ApiError('INVALID_CREDENTIALS');
  }
  if (!(await verifySecret(secret, client.secretHash))) throw new ApiError('INVALID_CREDENTIALS');
  if (!client.active) throw new ApiError('ACCOUNT_DISABLED');
  await db.update(verifierClients).set({ lastUsedAt: now }).where(eq(verifierClients.id, client.id));
  return { sub: client.id, role: 'verifier', scope: [] };
}
