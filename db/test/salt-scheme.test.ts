/**
 * record_versions.salt_scheme (migrations/0009, issue 16): how a version's field salts were derived from its
 * record salt. Versions salted before it (every lock until then: the HMAC) read back as 'hmac-sha256'; the
 * database allows only the schemes gateway/src/salts.ts defines, and freezes the scheme with the salt at lock.
 */
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Database,
  HOCBA_SQLSTATE,
  PG_SQLSTATE,
  recordVersions,
  SALT_SCHEME_NAMES,
  sqlState,
  violatedConstraint,
} from '../src/index.ts';
import { BACKENDS, useDatabase } from './backends.ts';
import { hash32, lockedVersion, lookupCode, seedWorld } from './fixtures.ts';

async function refused(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the database to refuse this');
}

describe.each(BACKENDS)('salt_scheme on %s', (backend) => {
  const database = useDatabase(backend);
  let db: Database;

  beforeAll(async () => {
    db = database().db;
  });

  it('is hmac-sha256 for a version written without it (as every lock before issue 16 wrote)', async () => {
    const world = await seedWorld(db);
    const v = await lockedVersion(db, world);
    expect(v.saltScheme).toBe('hmac-sha256');
    // The column's default in SQL, not only in Drizzle: a raw INSERT that omits it gets the HMAC too.
    const rows = await db.execute<{ salt_scheme: string }>(
      sql`SELECT salt_scheme FROM record_versions WHERE id = ${v.id}`,
    );
    expect(rows.rows[0]!.salt_scheme).toBe('hmac-sha256');
  });

  it('holds each allowed scheme and refuses any other name', async () => {
    for (const scheme of SALT_SCHEME_NAMES) {
      const world = await seedWorld(db);
      const [row] = await db
        .insert(recordVersions)
        .values({ enrolmentId: world.enrolmentId, version: 1, record: {}, saltScheme: scheme })
        .returning();
      expect(row!.saltScheme).toBe(scheme);
    }
    const world = await seedWorld(db);
    const error = await refused(() =>
      db.insert(recordVersions).values({
        enrolmentId: world.enrolmentId,
        version: 1,
        record: {},
        saltScheme: 'sha1-concat' as never,
      }),
    );
    expect(sqlState(error)).toBe(PG_SQLSTATE.checkViolation);
    expect(violatedConstraint(error)).toBe('record_versions_salt_scheme');
  });

  it('is set with the salt at lock and frozen from then on (HB002); a draft may still change it', async () => {
    const world = await seedWorld(db);
    const [draft] = await db
      .insert(recordVersions)
      .values({ enrolmentId: world.enrolmentId, version: 1, record: { a: 1 } })
      .returning();
    await db
      .update(recordVersions)
      .set({
        state: 'locked',
        canonicalText: '{"a":1}',
        salt: hash32(),
        saltScheme: 'aes-256-ctr',
        leafHash: hash32(),
        lookupCode: lookupCode(),
        effectiveAt: new Date('2026-05-25T08:00:00.000Z'),
      })
      .where(eq(recordVersions.id, draft!.id));
    const error = await refused(() =>
      db.update(recordVersions).set({ saltScheme: 'hmac-sha256' }).where(eq(recordVersions.id, draft!.id)),
    );
    expect(sqlState(error)).toBe(HOCBA_SQLSTATE.recordCommitted);
    const [after] = await db.select().from(recordVersions).where(eq(recordVersions.id, draft!.id));
    expect(after!.saltScheme).toBe('aes-256-ctr');
    // The other frozen columns still are (the function was replaced, not weakened).
    const salt = await refused(() =>
      db.update(recordVersions).set({ salt: hash32() }).where(eq(recordVersions.id, draft!.id)),
    );
    expect(sqlState(salt)).toBe(HOCBA_SQLSTATE.recordCommitted);
    // Revoking is still allowed.
    await db.update(recordVersions).set({ state: 'revoked' }).where(eq(recordVersions.id, draft!.id));
  });
});
