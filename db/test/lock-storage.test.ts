/**
 * migrations/0020 (issue 16): what a lock writes costs less — lz4 for record_versions' large values where
 * the server has it, and the two row triggers a lock meets skip the work they cannot need — while every
 * refusal stays: a lookup code of another enrolment, a change to or deletion of a committed version.
 */
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Database, HOCBA_SQLSTATE, recordVersions, sqlState, violatedConstraint } from '../src/index.ts';
import { BACKENDS, useDatabase } from './backends.ts';
import { lockedVersion, lookupCode, seedWorld } from './fixtures.ts';

async function refused(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the database to refuse this');
}

describe.each(BACKENDS)('the lock storage of migration 0020 on %s', (backend) => {
  const database = useDatabase(backend);
  let db: Database;

  beforeAll(async () => {
    db = database().db;
  });

  it('compresses a large record and canonical text with lz4 on Postgres, the default on PGlite', async () => {
    const world = await seedWorld(db);
    // Large enough to be compressed (a row over ~2 kB), as a học bạ's record and canonical text are.
    const record = { schema: 'hocba.record/v1', comment: 'Chăm chỉ, tiến bộ. '.repeat(300) };
    const [row] = await db
      .insert(recordVersions)
      .values({
        enrolmentId: world.enrolmentId,
        version: 1,
        record,
        canonicalText: JSON.stringify(record),
        lookupCode: lookupCode(),
      })
      .returning({ id: recordVersions.id });
    const { rows } = await db.execute<{ record: string; canonical: string }>(sql`
      SELECT pg_column_compression(record) AS record, pg_column_compression(canonical_text) AS canonical
      FROM record_versions WHERE id = ${row!.id}`);
    const expected = backend === 'postgres' ? 'lz4' : 'pglz';
    expect(rows[0]).toEqual({ record: expected, canonical: expected });
  });

  it('refuses an update that gives a version the lookup code of another enrolment', async () => {
    const [a, b] = [await seedWorld(db), await seedWorld(db)];
    const taken = lookupCode();
    await db
      .insert(recordVersions)
      .values({ enrolmentId: a.enrolmentId, version: 1, record: {}, lookupCode: taken });
    const [mine] = await db
      .insert(recordVersions)
      .values({ enrolmentId: b.enrolmentId, version: 1, record: {}, lookupCode: lookupCode() })
      .returning();
    const error = await refused(() =>
      db.update(recordVersions).set({ lookupCode: taken }).where(eq(recordVersions.id, mine!.id)),
    );
    expect(violatedConstraint(error)).toBe('record_versions_lookup_code_unique');
    // Keeping its own code (as a lock sets it) is no conflict.
    await db
      .update(recordVersions)
      .set({ lookupCode: mine!.lookupCode, state: 'approved' })
      .where(eq(recordVersions.id, mine!.id));
    const [after] = await db.select().from(recordVersions).where(eq(recordVersions.id, mine!.id));
    expect(after!.state).toBe('approved');
  });

  it('still freezes a committed version and lets one not yet committed change', async () => {
    const world = await seedWorld(db);
    const locked = await lockedVersion(db, world);
    const change = await refused(() =>
      db
        .update(recordVersions)
        .set({ record: { changed: true } })
        .where(eq(recordVersions.id, locked.id)),
    );
    expect(sqlState(change)).toBe(HOCBA_SQLSTATE.recordCommitted);
    const removal = await refused(() => db.delete(recordVersions).where(eq(recordVersions.id, locked.id)));
    expect(sqlState(removal)).toBe(HOCBA_SQLSTATE.recordCommitted);

    const other = await seedWorld(db);
    const [draft] = await db
      .insert(recordVersions)
      .values({ enrolmentId: other.enrolmentId, version: 1, record: {}, lookupCode: lookupCode() })
      .returning();
    await db
      .update(recordVersions)
      .set({ record: { edited: true } })
      .where(eq(recordVersions.id, draft!.id));
    await db.delete(recordVersions).where(eq(recordVersions.id, draft!.id));
    expect(await db.select().from(recordVersions).where(eq(recordVersions.id, draft!.id))).toEqual([]);
  });
});
