import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appendAudit, auditLog, verifyAuditChain } from '../src/index.ts';
import { BACKENDS, useDatabase } from './backends.ts';

describe.each(BACKENDS)('concurrent audit appends on %s', (backend) => {
  const database = useDatabase(backend);

  it('50 appends in 50 concurrent transactions form one valid chain', async () => {
    const { db } = database();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        db.transaction(async (tx) => {
          // Some work of the transaction's own first, so that the transactions really overlap (on
          // Postgres they run on up to 10 pooled connections; PGlite runs them one after another).
          await tx.execute(sql`SELECT pg_sleep(0.005)`);
          await appendAudit(tx, {
            action: 'batch.lock',
            entityType: 'batch',
            entityId: `b-${i}`,
            details: { i },
          });
        }),
      ),
    );
    const rows = await db
      .select({ seq: auditLog.seq, entityId: auditLog.entityId })
      .from(auditLog)
      .orderBy(auditLog.seq);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.entityId)).size).toBe(50);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 50 });
  });

  it('an append rolled back with its transaction leaves no trace and no gap', async () => {
    const { db } = database();
    await expect(
      db.transaction(async (tx) => {
        await appendAudit(tx, { action: 'batch.sign', entityType: 'batch', entityId: 'b-rollback' });
        throw new Error('signature refused');
      }),
    ).rejects.toThrow('signature refused');
    const next = await appendAudit(db, { action: 'batch.sign', entityType: 'batch', entityId: 'b-ok' });
    expect(next.seq).toBe(51);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 51 });
  });
});
