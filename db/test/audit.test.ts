import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_GENESIS_HASH,
  appendAudit,
  auditEntryHash,
  auditLog,
  canonicalAuditEntry,
  type Database,
  DbError,
  HOCBA_SQLSTATE,
  sqlState,
  verifyAuditChain,
} from '../src/index.ts';
import { BACKENDS, useDatabase } from './backends.ts';
import { seedWorld, type World } from './fixtures.ts';

async function refused(action: () => Promise<unknown>): Promise<Error & { cause?: Error }> {
  try {
    await action();
  } catch (error) {
    return error as Error & { cause?: Error };
  }
  throw new Error('expected the database to refuse this');
}

/**
 * Changes a row behind the trigger's back, as a superuser could (the test user is one on both backends),
 * and puts the trigger back in the same transaction.
 */
async function tamper(db: Database, statement: ReturnType<typeof sql>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await tx.execute(statement);
    await tx.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
  });
}

describe.each(BACKENDS)('audit log on %s', (backend) => {
  const database = useDatabase(backend);
  let db: Database;
  let world: World;

  beforeAll(async () => {
    db = database().db;
    world = await seedWorld(db);
    for (let i = 0; i < 5; i++) {
      await appendAudit(db, {
        actorUserId: world.teacherId,
        actorRole: 'subjectTeacher',
        action: 'record.enter',
        entityType: 'recordVersion',
        entityId: `rv-${i}`,
        reason: i === 2 ? 'Nhập điểm học kì II' : null,
        details: { subject: 'TOAN', fields: i, nfd: 'Tie\u0302\u0301ng Vie\u0323\u0302t' },
      });
    }
  });

  it('chains each entry to the one before it', async () => {
    const rows = await db.select().from(auditLog).orderBy(auditLog.seq);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(rows[0]!.prevHash)).toEqual(Array.from(AUDIT_GENESIS_HASH));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toEqual(rows[i - 1]!.hash);
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: true, count: 5 });
    if (report.ok) expect(report.head).toEqual(rows[4]!.hash);
  });

  it('refuses UPDATE, DELETE and TRUNCATE with SQLSTATE HB001', async () => {
    const update = await refused(() =>
      db.update(auditLog).set({ action: 'forged' }).where(eq(auditLog.seq, 2)),
    );
    expect(sqlState(update)).toBe(HOCBA_SQLSTATE.auditAppendOnly);
    expect(update.cause?.message).toBe('audit_log is append-only: UPDATE of entry 2 refused');

    const remove = await refused(() => db.delete(auditLog).where(eq(auditLog.seq, 5)));
    expect(sqlState(remove)).toBe(HOCBA_SQLSTATE.auditAppendOnly);
    expect(remove.cause?.message).toBe('audit_log is append-only: DELETE of entry 5 refused');

    const truncate = await refused(() => db.execute(sql`TRUNCATE audit_log`));
    expect(sqlState(truncate)).toBe(HOCBA_SQLSTATE.auditAppendOnly);
    expect(truncate.cause?.message).toBe('audit_log is append-only: TRUNCATE refused');

    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 5 });
  });

  it('refuses personal data in details before writing anything', async () => {
    const error = await refused(() =>
      appendAudit(db, {
        action: 'lookup',
        entityType: 'recordVersion',
        details: { query: { dateOfBirth: '2015-09-02' } },
      }),
    );
    expect(error).toBeInstanceOf(DbError);
    expect((error as unknown as DbError).code).toBe('AUDIT_PERSONAL_DATA');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 5 });
  });

  it('detects a changed entry at its own seq, and a re-hashed one at the next', async () => {
    const [third] = await db.select().from(auditLog).where(eq(auditLog.seq, 3));
    const restore = sql`UPDATE audit_log SET reason = ${third!.reason}, hash = ${Buffer.from(third!.hash)} WHERE seq = 3`;

    await tamper(db, sql`UPDATE audit_log SET reason = 'Sửa điểm' WHERE seq = 3`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, seq: 3, reason: 'hash', count: 2 });
    // Small pages walk the same chain to the same verdict.
    expect(await verifyAuditChain(db, 2)).toMatchObject({ ok: false, seq: 3, reason: 'hash', count: 2 });

    // A forger who also recomputes the entry's hash breaks the link of the next entry instead.
    const [changed] = await db.select().from(auditLog).where(eq(auditLog.seq, 3));
    const forged = auditEntryHash(changed!.prevHash, canonicalAuditEntry(changed!));
    await tamper(db, sql`UPDATE audit_log SET hash = ${Buffer.from(forged)} WHERE seq = 3`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, seq: 4, reason: 'prevHash', count: 3 });

    await tamper(db, restore);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 5 });

    // jsonb details are covered too.
    await tamper(db, sql`UPDATE audit_log SET details = details || '{"fields": 99}' WHERE seq = 5`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, seq: 5, reason: 'hash', count: 4 });
    await tamper(db, sql`UPDATE audit_log SET details = details || '{"fields": 4}' WHERE seq = 5`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 5 });
  });

  // Last: it leaves the chain broken.
  it('detects a deleted entry as a gap', async () => {
    await tamper(db, sql`DELETE FROM audit_log WHERE seq = 2`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, seq: 2, reason: 'gap', count: 1 });
  });
});
