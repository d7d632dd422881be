/**
 * Refresh tokens: an access token lasts 15 minutes; a refresh token lets its holder get the next one without
 * the password, for a bounded time. The token is opaque, `<id>.<secret>` with a random 256-bit secret; the
 * database keeps only the secret's SHA-256, compared in constant time after the row is found by its id.
 *
 * A login opens a family. Each refresh ROTATES: the presented token is marked rotated and a new one of the
 * same family is answered; rotation never extends the family's lifetime. A rotated token presented again
 * means two holders (a copy was taken): the whole family is revoked, the thief's and the owner's tokens
 * alike, and the owner logs in again (REUSE DETECTION). Logout revokes the family; so do a deactivated
 * account and grants changed since the login (auth/standing.ts says the same of access tokens).
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { type Database, type Executor, refreshTokens, userRoles, users } from '@hocba/db';
import { and, eq, isNull } from 'drizzle-orm';
import { ApiError, type GatewayCode } from '../http-errors.ts';
import type { Caller } from './accounts.ts';
import { type Role, scopeOf } from './principal.ts';

/** `<uuid>.<43 base64url characters>`: the row's id, then the 256-bit secret. */
export const REFRESH_TOKEN_PATTERN =
  '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.[A-Za-z0-9_-]{43}$';
const FORMAT = new RegExp(REFRESH_TOKEN_PATTERN);

export interface IssuedRefresh {
  refreshToken: string;
  /** Seconds until the family ends (not extended by rotation). */
  refreshExpiresIn: number;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

function parse(token: string): { id: string; secret: string } | undefined {
  if (!FORMAT.test(token)) return undefined;
  const dot = token.indexOf('.');
  return { id: token.slice(0, dot), secret: token.slice(dot + 1) };
}

/** Constant-time: the stored hash against the presented secret's. */
function matches(storedHex: string, secret: string): boolean {
  const stored = Buffer.from(storedHex, 'hex');
  const given = sha256(secret);
  return stored.length === given.length && timingSafeEqual(stored, given);
}

async function insertToken(
  exec: Executor,
  row: { familyId: string; userId: string; role: Role; familyIssuedAt: Date; expiresAt: Date; now: Date },
): Promise<IssuedRefresh> {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  await exec.insert(refreshTokens).values({
    id,
    familyId: row.familyId,
    userId: row.userId,
    role: row.role,
    tokenHash: sha256(secret).toString('hex'),
    issuedAt: row.now,
    familyIssuedAt: row.familyIssuedAt,
    expiresAt: row.expiresAt,
  });
  return {
    refreshToken: `${id}.${secret}`,
    refreshExpiresIn: Math.max(0, Math.floor((row.expiresAt.getTime() - row.now.getTime()) / 1000)),
  };
}

/** A new family, at login. */
export function openFamily(
  db: Database,
  o: { userId: string; role: Role; now: Date; ttlSeconds: number },
): Promise<IssuedRefresh> {
  return insertToken(db, {
    familyId: randomUUID(),
    userId: o.userId,
    role: o.role,
    familyIssuedAt: o.now,
    expiresAt: new Date(o.now.getTime() + o.ttlSeconds * 1000),
    now: o.now,
  });
}

export type RevokeReason = 'logout' | 'reuse' | 'deactivated' | 'grants-changed' | 'expired';

async function revokeFamily(exec: Executor, familyId: string, reason: RevokeReason, now: Date) {
  await exec
    .update(refreshTokens)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Every live refresh token of an account (its grants changed, it was deactivated). */
export async function revokeUserRefreshTokens(
  exec: Executor,
  userId: string,
  reason: RevokeReason,
  now: Date,
): Promise<void> {
  await exec
    .update(refreshTokens)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

export interface Rotated {
  caller: Caller;
  refresh: IssuedRefresh;
  familyId: string;
}

type Outcome =
  | { ok: true; rotated: Rotated }
  | {
      ok: false;
      error: 'REFRESH_TOKEN_INVALID' | 'REFRESH_TOKEN_REUSED' | 'ACCESS_REVOKED';
      familyId?: string;
    };

/**
 * The next token of the family and the caller to issue an access token for; or 401: REFRESH_TOKEN_INVALID
 * (unknown, expired, revoked), REFRESH_TOKEN_REUSED (already rotated: the family is now revoked),
 * ACCESS_REVOKED (account deactivated or grants changed since the login: the family is now revoked).
 * A revocation is committed before the refusal is thrown.
 */
export async function rotate(db: Database, token: string, now: Date): Promise<Rotated> {
  const parsed = parse(token);
  if (!parsed) throw refusal('REFRESH_TOKEN_INVALID');
  const outcome: Outcome = await db.transaction(async (tx) => {
    const [row] = await tx.select().from(refreshTokens).where(eq(refreshTokens.id, parsed.id)).for('update');
    if (!row || !matches(row.tokenHash, parsed.secret)) return { ok: false, error: 'REFRESH_TOKEN_INVALID' };
    if (row.revokedAt) return { ok: false, error: 'REFRESH_TOKEN_INVALID', familyId: row.familyId };
    if (row.rotatedAt) {
      await revokeFamily(tx, row.familyId, 'reuse', now);
      return { ok: false, error: 'REFRESH_TOKEN_REUSED', familyId: row.familyId };
    }
    if (row.expiresAt.getTime() <= now.getTime()) {
      await revokeFamily(tx, row.familyId, 'expired', now);
      return { ok: false, error: 'REFRESH_TOKEN_INVALID', familyId: row.familyId };
    }
    const [user] = await tx
      .select({ active: users.active, grantsChangedAt: users.grantsChangedAt })
      .from(users)
      .where(eq(users.id, row.userId));
    const grants = await tx.select().from(userRoles).where(eq(userRoles.userId, row.userId));
    const held = grants.filter((g) => g.role === row.role);
    const changed = user?.grantsChangedAt && user.grantsChangedAt.getTime() > row.familyIssuedAt.getTime();
    if (!user?.active || changed || held.length === 0) {
      await revokeFamily(tx, row.familyId, user?.active ? 'grants-changed' : 'deactivated', now);
      return { ok: false, error: 'ACCESS_REVOKED', familyId: row.familyId };
    }
    await tx.update(refreshTokens).set({ rotatedAt: now }).where(eq(refreshTokens.id, row.id));
    const refresh = await insertToken(tx, {
      familyId: row.familyId,
      userId: row.userId,
      role: row.role,
      familyIssuedAt: row.familyIssuedAt,
      expiresAt: row.expiresAt,
      now,
    });
    const caller: Caller = {
      sub: row.userId,
      role: row.role,
      scope: held.map((g) => scopeOf(row.role, g)),
    };
    return { ok: true, rotated: { caller, refresh, familyId: row.familyId } };
  });
  if (!outcome.ok) throw refusal(outcome.error, outcome.familyId);
  return outcome.rotated;
}

/** Logout: the family of a genuine token is revoked; anything else changes nothing. */
export async function logout(db: Database, token: string, now: Date): Promise<string | undefined> {
  const parsed = parse(token);
  if (!parsed) return undefined;
  const [row] = await db
    .select({ familyId: refreshTokens.familyId, tokenHash: refreshTokens.tokenHash })
    .from(refreshTokens)
    .where(eq(refreshTokens.id, parsed.id));
  if (!row || !matches(row.tokenHash, parsed.secret)) return undefined;
  await revokeFamily(db, row.familyId, 'logout', now);
  return row.familyId;
}

/** A refusal that names its family for the log (never the token). */
export class RefreshRefused extends ApiError {
  constructor(
    code: GatewayCode,
    readonly familyId: string | undefined,
  ) {
    super(code);
  }
}

const refusal = (code: GatewayCode, familyId?: string) => new RefreshRefused(code, familyId);
