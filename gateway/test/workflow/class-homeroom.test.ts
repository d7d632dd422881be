/**
 * The homeroom part for a whole class (PUT /v1/classes/:classId/homeroom): every row written or none, each
 * row checked as PUT /v1/records/:id/entries/homeroom checks it, a reviewed record refused, the class's
 * homeroom teacher only (another class's homeroom teacher and a subject teacher refused).
 */

import { MEMORY, type OpenedDatabase, openDatabase, recordEntries } from '@hocba/db';
import { and, eq, inArray } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MARK_ROWS } from '../../src/services/marks.ts';
import { makeApp, makeWorld, type TestApp, type World } from '../app/helper.ts';
import {
  type Call,
  caller,
  homeroomPart,
  type Person,
  type Seeded,
  seedSchoolYear,
  tokens,
  walk,
} from './fixtures.ts';

let world: World;
let opened: OpenedDatabase;
let s: Seeded;
let app: TestApp;
let t: Record<Person, string>;
let call: Call;

const code = (r: LightMyRequestResponse) => r.json().error.code as string;
const url = (classId: string) => `/v1/classes/${classId}/homeroom`;

async function draftAll(token: string, classId: string): Promise<string[]> {
  const r = await call(token, 'POST', `/v1/classes/${classId}/records`);
  expect(r.statusCode, r.body).toBe(201);
  const list = await call(token, 'GET', `/v1/classes/${classId}/records`);
  return list.json().records.map((x: { recordId: string }) => x.recordId);
}

const entered = async (ids: string[]) =>
  opened.db
    .select()
    .from(recordEntries)
    .where(and(inArray(recordEntries.recordVersionId, ids), eq(recordEntries.subject, 'homeroom')));

beforeAll(async () => {
  [world, opened] = await Promise.all([makeWorld(), openDatabase({ dataDir: MEMORY })]);
  s = await seedSchoolYear(opened.db, 3);
  app = await makeApp(world, { db: opened.db, rateLimit: { authMax: 1000, lookupMax: 1000 } });
  t = await tokens(app, s);
  call = caller(app);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await opened?.close();
});

describe('the homeroom part of a primary class', () => {
  let ids: string[];
  beforeAll(async () => {
    ids = await draftAll(t.homeroom, s.classId.a);
  }, 60_000);

  it('refuses the whole class when one row breaks the record’s shape: nothing written', async () => {
    const good = homeroomPart();
    const bad = homeroomPart({ qualities: { ...(good.qualities as object), honesty: 'X' } });
    const rows = [
      { recordId: ids[0], data: good },
      { recordId: ids[1], data: bad },
      { recordId: ids[2], data: good },
    ];
    const r = await call(t.homeroom, 'PUT', url(s.classId.a), { rows });
    expect(r.statusCode, r.body).toBe(422);
    expect(code(r)).toBe('MARKS_INVALID');
    expect(r.json().error.problems).toEqual([
      expect.objectContaining({
        row: 1,
        recordId: ids[1],
        path: '/rows/1/data/qualities/honesty',
        code: 'RECORD_SCHEMA',
      }),
    ]);
    expect(await entered(ids)).toEqual([]);
  });

  it('enters every row in one request and reads back through the record', async () => {
    const rows = ids.map((recordId, i) => ({
      recordId,
      data: homeroomPart({ homeroomComment: `Em ${i + 1} chăm ngoan.` }),
    }));
    const r = await call(t.homeroom, 'PUT', url(s.classId.a), { rows });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.classId).toBe(s.classId.a);
    expect(body.rows).toHaveLength(3);
    // Only the homeroom part is in: every subject is still missing, the homeroom part is not.
    expect(body.rows[0]).toMatchObject({ recordId: ids[0], state: 'draft' });
    expect(body.rows[0].missing).not.toContain('homeroom');
    expect(body.rows[0].missing).toContain('TOAN');
    expect((await entered(ids)).map((e) => e.data)).toHaveLength(3);
    const read = await call(t.homeroom, 'GET', `/v1/records/${ids[2]}`);
    expect(read.json().record.results.homeroomComment).toBe('Em 3 chăm ngoan.');
  });

  it('refuses another class’s homeroom teacher and a subject teacher, writing nothing', async () => {
    const rows = [{ recordId: ids[0], data: homeroomPart({ homeroomComment: 'Không được ghi.' }) }];
    const foreign = await call(t.homeroomB, 'PUT', url(s.classId.a), { rows });
    expect(foreign.statusCode, foreign.body).toBe(403);
    expect(code(foreign)).toBe('OUT_OF_SCOPE');
    const maths = await call(t.maths, 'PUT', url(s.classId.a), { rows });
    expect(maths.statusCode, maths.body).toBe(403);
    const read = await call(t.homeroom, 'GET', `/v1/records/${ids[0]}`);
    expect(read.json().record.results.homeroomComment).toBe('Em 1 chăm ngoan.');
  });
});

describe('a reviewed record in the rows', () => {
  it('refuses the whole request, naming the row and the record’s state', async () => {
    const ids = await draftAll(t.homeroomB, s.classId.b);
    await walk(call, ids[1]!, { homeroom: t.homeroomB });
    const rows = ids.map((recordId) => ({ recordId, data: homeroomPart({ homeroomComment: 'Mới.' }) }));
    const r = await call(t.homeroomB, 'PUT', url(s.classId.b), { rows });
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().error.problems).toEqual([
      expect.objectContaining({ row: 1, code: 'RECORD_WRONG_STATE', path: '/rows/1/recordId' }),
    ]);
    expect((await entered([ids[0]!, ids[2]!])).length).toBe(0);
    const tooMany = Array.from({ length: MAX_MARK_ROWS + 1 }, () => rows[0]);
    const big = await call(t.homeroomB, 'PUT', url(s.classId.b), { rows: tooMany });
    expect(big.statusCode).toBe(400);
  }, 60_000);
});
