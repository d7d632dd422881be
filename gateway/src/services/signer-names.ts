/** Each sign-off with its account's display name: who reviewed, confirmed, approved, in words. */
import { type Database, users } from '@hocba/db';
import { inArray } from 'drizzle-orm';

export async function withSignerNames<S extends { signerUserId: string | null }>(
  db: Database,
  sigs: readonly S[],
): Promise<(S & { signerName: string | null })[]> {
  const ids = [...new Set(sigs.flatMap((s) => (s.signerUserId === null ? [] : [s.signerUserId])))];
  const rows =
    ids.length === 0
      ? []
      : await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids));
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return sigs.map((s) => ({
    ...s,
    signerName: s.signerUserId === null ? null : (names.get(s.signerUserId) ?? null),
  }));
}
