/**
 * The document issue log (issue 15 point 2, migrations/0008): append-only (HB005), and its checks: a full
 * học bạ names no fields (it discloses every one), an extract names the ones it discloses; the kind and
 * issuer are of their lists; a leaf index is not negative.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { type Database, documentIssues, HOCBA_SQLSTATE, PG_SQLSTATE, sqlState } from '../src/index.ts';
import { BACKENDS, useDatabase } from './backends.ts';

async function refused(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the database to refuse this');
}

const issuedAt = new Date('2026-05-25T08:00:00.000Z');
const base = {
  issuedAt,
  issuer: 'staff' as const,
  actorUserId: randomUUID(),
  actorRole: 'principal' as const,
  recordVersionId: 'REC-1',
  batchId: 'B-1',
  leafIndex: 0,
  schoolId: 'SCH-1',
};

// PGlite's initdb takes well over the default 10 s when the machine's two cores are busy.
vi.setConfig({ hookTimeout: 120_000 });

describe.each(BACKENDS)('document issue log on %s', (backend) => {
  const database = useDatabase(backend);
  let db: Database;

  beforeAll(async () => {
    db = database().db;
    await db.insert(documentIssues).values([
      { ...base, kind: 'full' },
      {
        ...base,
        issuer: 'holder',
        actorRole: 'student',
        kind: 'extract',
        pointers: ['/results/subjects/TOAN'],
      },
    ]);
  });

  it('keeps the pointers of an extract as written', async () => {
    const rows = await db.select().from(documentIssues).where(eq(documentIssues.kind, 'extract'));
    expect(rows.map((r) => r.pointers)).toEqual([['/results/subjects/TOAN']]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE with SQLSTATE HB005', async () => {
    const [first] = await db.select().from(documentIssues).limit(1);
    const update = await refused(() =>
      db.update(documentIssues).set({ leafIndex: 7 }).where(eq(documentIssues.id, first!.id)),
    );
    expect(sqlState(update)).toBe(HOCBA_SQLSTATE.documentIssuesAppendOnly);
    const remove = await refused(() => db.delete(documentIssues).where(eq(documentIssues.id, first!.id)));
    expect(sqlState(remove)).toBe(HOCBA_SQLSTATE.documentIssuesAppendOnly);
    const truncate = await refused(() => db.execute(sql`TRUNCATE document_issues`));
    expect(sqlState(truncate)).toBe(HOCBA_SQLSTATE.documentIssuesAppendOnly);
    expect(await db.select().from(documentIssues)).toHaveLength(2);
  });

  it('refuses a full học bạ naming fields, an extract naming none, unknown kinds and a negative leaf', async () => {
    for (const row of [
      { ...base, kind: 'full' as const, pointers: ['/recordId'] },
      { ...base, kind: 'extract' as const },
      { ...base, kind: 'copy' as 'full' },
      { ...base, kind: 'full' as const, issuer: 'anyone' as 'staff' },
      { ...base, kind: 'full' as const, leafIndex: -1 },
    ]) {
      expect(sqlState(await refused(() => db.insert(documentIssues).values(row)))).toBe(
        PG_SQLSTATE.checkViolation,
      );
    }
  });
});
