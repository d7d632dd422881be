/**
 * The access log's one-statement INSERT (services/access-log.ts insertEntries, issue 16): a batch's rows
 * travel as one JSON parameter, on PGlite and on Postgres alike. Every column lands as drizzle's own insert
 * would write it (bytes, nulls, dates, text beyond ASCII), a batch is all or nothing, and a row the table's
 * checks refuse fails with the check's SQLSTATE — what the writer's one-by-one retry relies on.
 */
import { accessLog, type Database, MEMORY, openDatabase, sqlState } from '@hocba/db';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, startTestPostgres } from '../../../db/test/postgres.ts';
import { type AccessEntry, insertEntries } from '../../src/services/access-log.ts';

const at = new Date('2026-06-30T01:02:03.456Z');
const hash = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 5) & 0xff);
const USER = '2b0b6a1e-8d6f-4a53-9a11-6a3c2a4f0e01';

const entries: AccessEntry[] = [
  {
    at,
    kind: 'public',
    action: 'GET /v1/verify/:lookupCode',
    entityType: 'lookup',
    schoolId: 'SCH-QN-001',
    codeHash: hash,
    outcome: 'valid',
  },
  {
    at: new Date(at.getTime() + 1),
    kind: 'staff',
    actorUserId: USER,
    actorRole: 'principal',
    action: 'GET /v1/records/:recordId',
    entityType: 'record',
    entityId: 'bản "ghi" \\ số 1',
    schoolId: 'SCH-QN-001',
    districtId: 'D-HL',
    provinceId: 'P-QN',
    outcome: 'ok',
  },
  { at, kind: 'public', action: 'GET /v1/verify/:lookupCode', entityType: 'lookup', outcome: 'invalidCode' },
];

function suite(name: string, open: () => Promise<{ db: Database; close: () => Promise<unknown> }>) {
  describe(`insertEntries (${name})`, () => {
    let db: Database;
    let close: () => Promise<unknown>;
    beforeAll(async () => {
      ({ db, close } = await open());
    });
    afterAll(async () => close?.());
    const rows = () => db.select().from(accessLog).orderBy(asc(accessLog.id));

    it('writes every column of every entry, in order', async () => {
      await insertEntries(db, entries);
      const got = await rows();
      expect(got.map(({ id: _, ...r }) => ({ ...r, codeHash: r.codeHash && [...r.codeHash] }))).toEqual([
        {
          at,
          kind: 'public',
          actorUserId: null,
          actorClientId: null,
          actorRole: null,
          action: 'GET /v1/verify/:lookupCode',
          entityType: 'lookup',
          entityId: null,
          schoolId: 'SCH-QN-001',
          districtId: null,
          provinceId: null,
          codeHash: [...hash],
          outcome: 'valid',
        },
        {
          at: new Date(at.getTime() + 1),
          kind: 'staff',
          actorUserId: USER,
          actorClientId: null,
          actorRole: 'principal',
          action: 'GET /v1/records/:recordId',
          entityType: 'record',
          entityId: 'bản "ghi" \\ số 1',
          schoolId: 'SCH-QN-001',
          districtId: 'D-HL',
          provinceId: 'P-QN',
          codeHash: null,
          outcome: 'ok',
        },
        expect.objectContaining({ kind: 'public', codeHash: null, outcome: 'invalidCode' }),
      ]);
    });

    it('is all or nothing, and a row the checks refuse fails with the check’s SQLSTATE', async () => {
      const before = (await rows()).length;
      const bad = { ...entries[0]!, outcome: 'maybe' as AccessEntry['outcome'] };
      const error = await insertEntries(db, [entries[0]!, bad]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(sqlState(error)).toBe('23514');
      expect((await rows()).length).toBe(before);
      // A public entry that names a reader breaks access_log_actor: refused the same way.
      const named = await insertEntries(db, [{ ...entries[0]!, actorUserId: USER }]).catch((e: unknown) => e);
      expect(sqlState(named)).toBe('23514');
    });
  });
}

suite('PGlite', () => openDatabase({ url: undefined, dataDir: MEMORY }));
suite('Postgres', async () => {
  const scratch = await createScratchDatabase(startTestPostgres());
  const opened = await openDatabase({ url: scratch.url });
  const close = async () => {
    await opened.close();
    await scratch.drop();
  };
  return { db: opened.db, close };
});
