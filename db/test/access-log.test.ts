/**
 * The access log table (issue 12 point 7, migrations/0006): append-only like the audit log (HB004), and its
 * checks: a staff read names its reader, a public lookup names nobody, a code hash is 32 bytes.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { accessLog, type Database, HOCBA_SQLSTATE, PG_SQLSTATE, sqlState } from '../src/index.ts';
import { BACKENDS, useDatabase } from './backends.ts';

async function refused(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the database to refuse this');
}

const at = new Date('2026-05-25T08:00:00.000Z');

// PGlite's initdb takes well over the default 10 s when the machine's two cores are busy.
vi.setConfig({ hookTimeout: 120_000 });

describe.each(BACKENDS)('access log on %s', (backend) => {
  const database = useDatabase(backend);
  let db: Database;

  beforeAll(async () => {
    db = database().db;
    await db.insert(accessLog).values([
      {
        at,
        kind: 'staff',
        actorUserId: randomUUID(),
        actorRole: 'principal',
        action: 'GET /v1/records/:recordId',
        entityType: 'record',
        entityId: 'REC-1',
        schoolId: 'SCH-1',
        outcome: 'ok',
      },
      {
        at,
        kind: 'public',
        action: 'GET /v1/verify/:lookupCode',
        entityType: 'lookup',
        codeHash: new Uint8Array(32).fill(7),
        outcome: 'notFound',
      },
    ]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE with SQLSTATE HB004', async () => {
    const [first] = await db.select().from(accessLog).orderBy(accessLog.id).limit(1);
    const update = await refused(() =>
      db.update(accessLog).set({ outcome: 'refused' }).where(eq(accessLog.id, first!.id)),
    );
    expect(sqlState(update)).toBe(HOCBA_SQLSTATE.accessAppendOnly);
    const remove = await refused(() => db.delete(accessLog).where(eq(accessLog.id, first!.id)));
    expect(sqlState(remove)).toBe(HOCBA_SQLSTATE.accessAppendOnly);
    const truncate = await refused(() => db.execute(sql`TRUNCATE access_log`));
    expect(sqlState(truncate)).toBe(HOCBA_SQLSTATE.accessAppendOnly);
    expect(await db.select().from(accessLog)).toHaveLength(2);
  });

  it('refuses a staff read with no reader, a public lookup naming one, and a short code hash', async () => {
    const base = { at, action: 'x', entityType: 'record', outcome: 'ok' as const };
    for (const row of [
      { ...base, kind: 'staff' as const },
      { ...base, kind: 'public' as const, actorUserId: randomUUID() },
      { ...base, kind: 'public' as const, codeHash: new Uint8Array(31) },
      { ...base, kind: 'public' as const, outcome: 'maybe' as 'ok' },
    ]) {
      expect(sqlState(await refused(() => db.insert(accessLog).values(row)))).toBe(
        PG_SQLSTATE.checkViolation,
      );
    }
  });
});
