/**
 * GET /v1/schools/:schoolId/classes over the demo province (the seed of `npm start`): the principal sees each
 * class of her school with its homeroom teacher, its pupils, its records by state (the newest version of each
 * pupil's) and its newest batch with the block the ledger anchored it in; a record moved on by the workflow is
 * counted in its new state; another school's principal, a teacher and a district officer elsewhere are refused;
 * a school that does not exist is 404 and a malformed school year 400.
 */
import '../app/quiet-chaincode.ts';
import { MEMORY, type OpenedDatabase, openDatabase, recordVersions } from '@hocba/db';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { type DevProvince, startEmbeddedProvince } from '../../src/dev-province.ts';
import { DEMO_PASSWORD, PUPILS_PER_CLASS, seedDevProvince } from '../../src/seed/index.ts';

let dev: DevProvince;
let opened: OpenedDatabase;
let app: FastifyInstance;
const tokens = new Map<string, string>();

beforeAll(async () => {
  [dev, opened] = await Promise.all([
    startEmbeddedProvince(),
    openDatabase({ url: undefined, dataDir: MEMORY }),
  ]);
  await seedDevProvince(opened.db, dev);
  app = await buildApp({
    ledger: dev.ledger,
    ledgerReader: dev.reader,
    identities: dev.identities,
    db: opened.db,
    logger: false,
    rateLimit: { max: 1000, bulkMax: 1000, authMax: 1000, lookupMax: 1000 },
  });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await opened?.close();
});

async function as(login: string, role?: string): Promise<string> {
  const key = `${login}/${role ?? ''}`;
  if (!tokens.has(key)) {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { login, password: DEMO_PASSWORD, ...(role && { role }) },
    });
    tokens.set(key, res.json().accessToken);
  }
  return tokens.get(key)!;
}
const overview = async (login: string, query = '', school = 'SCH-QN-001', role?: string) =>
  app.inject({
    url: `/v1/schools/${school}/classes${query}`,
    headers: { authorization: `Bearer ${await as(login, role)}` },
  });

describe("a school's classes and where their records stand", () => {
  it('lists the classes of the newest year, each with its records by state and its newest batch', async () => {
    const res = await overview('hieutruong.kimdong');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.schoolYear).toMatch(/^\d{4}-\d{4}$/);
    expect(body.schoolYears).toEqual([body.schoolYear]);
    expect(body.schoolName).toBe('Trường Tiểu học Kim Đồng');
    // A primary school: one class per grade 1–5, in grade order, and the newcomer's empty 5B.
    expect(body.classes.map((c: { grade: number }) => c.grade)).toEqual([1, 2, 3, 4, 5, 5]);
    const fiveB = body.classes.find((c: { name: string }) => c.name === '5B');
    expect(fiveB).toMatchObject({ pupils: 0, homeroomTeacher: 'Lương Thị Bích Ngọc' });
    for (const c of body.classes.filter((x: { name: string }) => x.name !== '5B')) {
      expect(c.pupils).toBe(PUPILS_PER_CLASS);
      const counted = Object.values(c.records as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(counted).toBe(PUPILS_PER_CLASS);
    }
    const fiveA = body.classes.find((c: { name: string }) => c.name === '5A');
    expect(fiveA.homeroomTeacher).toBe('Vũ Thị Lan Hương');
    // The seed locked and anchored 5A; the other classes wait, approved.
    expect(fiveA.records).toMatchObject({ locked: PUPILS_PER_CLASS, approved: 0 });
    expect(fiveA.batch).toMatchObject({ state: 'anchored', kind: 'regular', leafCount: PUPILS_PER_CLASS });
    expect(fiveA.batch.blockNumber).toBeGreaterThan(0);
    expect(fiveA.batch.ledgerTxId).toMatch(/^[0-9a-f]{64}$/);
    const oneA = body.classes.find((c: { grade: number }) => c.grade === 1);
    expect(oneA.records).toMatchObject({ approved: PUPILS_PER_CLASS, locked: 0 });
    expect(oneA.batch).toBeUndefined();
  });

  it("counts a pupil's newest version: a new draft version moves the pupil out of 'approved'", async () => {
    const before = (await overview('hieutruong.kimdong')).json();
    const oneA = before.classes.find((c: { grade: number }) => c.grade === 1);
    const [v] = await opened.db
      .execute<{ id: string; enrolment_id: string; record: unknown }>(
        sql`SELECT rv.id, rv.enrolment_id, rv.record FROM record_versions rv JOIN enrolments e ON e.id = rv.enrolment_id
          WHERE e.class_id = ${oneA.classId} LIMIT 1`,
      )
      .then((r) => r.rows);
    await opened.db.insert(recordVersions).values({
      enrolmentId: v!.enrolment_id,
      version: 2,
      supersedesId: v!.id,
      state: 'draft',
      record: v!.record as Record<string, unknown>,
    });
    const after = (await overview('hieutruong.kimdong')).json();
    const oneAfter = after.classes.find((c: { grade: number }) => c.grade === 1);
    expect(oneAfter.records).toMatchObject({ approved: PUPILS_PER_CLASS - 1, draft: 1 });
  });

  it('refuses other schools, teachers and another district, and answers 404 and 400 in words', async () => {
    expect((await overview('hieutruong.chuvanan')).statusCode).toBe(403);
    expect((await overview('gv.toan.kimdong')).statusCode).toBe(403);
    expect((await overview('gvcn.5a.kimdong', '', 'SCH-QN-001', 'homeroomTeacher')).statusCode).toBe(403);
    expect((await overview('phong.campha')).statusCode).toBe(403);
    expect((await overview('phong.halong')).statusCode).toBe(200);
    const missing = await overview('so.quangninh', '', 'SCH-NONE');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('SCHOOL_NOT_FOUND');
    const bad = await overview('hieutruong.kimdong', '?schoolYear=2026');
    expect(bad.statusCode).toBe(400);
    // A year with no classes: an empty list, not an error.
    const empty = (await overview('hieutruong.kimdong', '?schoolYear=2001-2002')).json();
    expect(empty).toMatchObject({ schoolYear: '2001-2002', classes: [] });
  });
});
