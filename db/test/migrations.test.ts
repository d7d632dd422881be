import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Database, MIGRATIONS_DIR, provinces } from '../src/index.ts';
import { BACKENDS, useDatabase } from './backends.ts';

const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
  entries: { tag: string }[];
};

async function appliedMigrations(db: Database): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(sql`drizzle.__drizzle_migrations`);
  return rows[0]!.n;
}

async function names(db: Database, query: ReturnType<typeof sql>): Promise<string[]> {
  const result = await db.execute<{ name: string }>(query);
  return result.rows.map((r) => r.name).sort();
}

describe.each(BACKENDS)('migrations on %s', (backend) => {
  const database = useDatabase(backend, { persistent: true });

  it('apply from scratch: every migration, every table, every trigger', async () => {
    const { db } = database();
    expect(await appliedMigrations(db)).toBe(journal.entries.length);
    const tables = await names(
      db,
      sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables).toEqual(
      [
        'access_log',
        'anchor_outbox',
        'audit_log',
        'batch_members',
        'batches',
        'certificates',
        'classes',
        'correction_requests',
        'districts',
        'document_issues',
        'editing_windows',
        'enrolments',
        'import_jobs',
        'ledger_checkpoints',
        'notifications',
        'provinces',
        'reconciliation_findings',
        'reconciliation_runs',
        'record_entries',
        'record_versions',
        'refresh_tokens',
        'schools',
        'signatures',
        'status_events',
        'student_biographies',
        'students',
        'transfers',
        'user_roles',
        'users',
        'verifier_clients',
        'year_reports',
      ].sort(),
    );
    const triggers = await names(db, sql`SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal`);
    expect(triggers).toEqual([
      'access_log_append_only',
      'access_log_no_truncate',
      'audit_log_append_only',
      'audit_log_no_truncate',
      'batch_members_signed_delete',
      'batch_members_signed_insert',
      'batch_members_signed_update',
      'batches_signed',
      'document_issues_append_only',
      'document_issues_no_truncate',
      'reconciliation_findings_kept',
      'reconciliation_runs_kept',
      'record_versions_committed',
      'record_versions_lookup_code',
    ]);
  });

  it('are idempotent: reopening applies nothing again and keeps the data', async () => {
    const first = database();
    await first.db.insert(provinces).values({ id: 'QN', code: '22', name: 'Quảng Ninh' });
    await first.close();
    const again = await first.reopen();
    try {
      expect(await appliedMigrations(again.db)).toBe(journal.entries.length);
      const rows = await again.db.select().from(provinces);
      expect(rows.map((r) => r.name)).toEqual(['Quảng Ninh']);
      expect(again.dialect).toBe(backend);
    } finally {
      await again.close();
    }
  });
});
