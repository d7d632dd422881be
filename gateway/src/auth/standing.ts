/**
 * A token says what its holder held when it was issued, for up to 15 minutes. What changed since must stop
 * working at once: each authenticated request checks that the account (or verifier client) still exists
 * and is active, and that its grants have not changed since the token was issued (a grant removed — or
 * added: the token no longer says what the account holds). Otherwise 401 ACCESS_REVOKED: log in again.
 * One indexed read per request.
 */
import { type Database, users, verifierClients } from '@hocba/db';
import { eq } from 'drizzle-orm';
import { ApiError } from '../http-errors.ts';
import type { Principal } from './principal.ts';

export async function checkStanding(db: Database, p: Principal): Promise<void> {
  if (p.role === 'verifier') {
    const [client] = await db
      .select({ active: verifierClients.active })
      .from(verifierClients)
      .where(eq(verifierClients.id, p.sub));
    if (!client?.active) throw new ApiError('ACCESS_REVOKED');
    return;
  }
  const [user] = await db
    .select({ active: users.active, grantsChangedAt: users.grantsChangedAt })
    .from(users)
    .where(eq(users.id, p.sub));
  if (!user?.active) throw new ApiError('ACCESS_REVOKED');
  // `iat` has whole seconds: a change within the second the token was issued in does not refuse it.
  if (
    user.grantsChangedAt &&
    p.iat !== undefined &&
    Math.floor(user.grantsChangedAt.getTime() / 1000) > p.iat
  )
    throw new ApiError('ACCESS_REVOKED');
}
