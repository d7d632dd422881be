/**
 * The holder's routes through `inject` (issue 7 point 4): GET /v1/me/records lists the caller's own committed
 * records; POST /v1/me/records/:recordId/disclosure answers a bundle disclosing only the chosen fields, which
 * still verifies through POST /v1/verify/bundle; refusals — no token, a role that is not a holder, another
 * student's record, an unknown record, an unknown pointer, an unsigned record — each with its code; every
 * download audited without personal data.
 */
import { auditLog, classes, enrolments, recordVersions, schools } from '@hocba/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockBatch, runOutboxWorker } from '../../src/services/index.ts';
import { makeApp, type TestApp } from '../app/helper.ts';
import { seedUser, userToken } from '../auth/fixtures.ts';
import {
  lockAndSign,
  type Province,
  SCHOOL,
  type Seeded,
  seededDatabase,
  seedVersions,
  startProvince,
  workerParties,
  YEAR,
} from '../services/fixtures.ts';

const ETHNICITY = 'Sán Dìu';

let p: Province;
let s: Seeded;
let app: TestApp;
/** Student A's signed record, student B's signed record, and A's locked but unsigned one. */
let mine: string;
let theirs: string;
let unsigned: string;
let tokens: Record<'student' | 'guardian' | 'other' | 'teacher', string>;

const studentOf = async (recordId: string) => {
  const [v] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, recordId));
  const [e] = await s.db.select().from(enrolments).where(eq(enrolments.id, v!.enrolmentId));
  return e!.studentId;
};

const disclose = (recordId: string, pointers: unknown, token = tokens.student) =>
  app.inject({
    method: 'POST',
    url: `/v1/me/records/${recordId}/disclosure`,
    headers: { authorization: `Bearer ${token}` },
    payload: { pointers },
  });

const SCHOOL_NAME = 'Trường Tiểu học Kim Đồng';

beforeAll(async () => {
  [p, s] = await Promise.all([startProvince(), seededDatabase()]);
  await s.db.update(schools).set({ name: SCHOOL_NAME }).where(eq(schools.id, SCHOOL));
  const [a, b] = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 2);
  mine = a!;
  theirs = b!;
  // A biography in the record, as the real ones have: sensitive, hidden unless the holder shares it.
  const [v] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, mine));
  await s.db
    .update(recordVersions)
    .set({
      record: {
        ...v!.record,
        biography: { fullName: 'Lý Thị Mai', dateOfBirth: '2015-04-02', ethnicity: ETHNICITY },
      },
    })
    .where(eq(recordVersions.id, mine));
  await lockAndSign(s.db, p.world, SCHOOL, [mine, theirs]);
  await runOutboxWorker({ db: s.db, ledger: p.ledger, ...workerParties(p.world) }).tick();
  // A's record of another class, locked but not signed yet.
  await s.db
    .insert(classes)
    .values({ id: `4A-${SCHOOL}`, schoolId: SCHOOL, schoolYear: YEAR, grade: 4, name: '4A' });
  const [c] = await seedVersions(s.db, SCHOOL, `4A-${SCHOOL}`, 1);
  unsigned = c!;
  const [cv] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, unsigned));
  await s.db
    .update(enrolments)
    .set({ studentId: await studentOf(mine) })
    .where(eq(enrolments.id, cv!.enrolmentId));
  await lockBatch(s.db, {
    schoolId: SCHOOL,
    schoolYear: YEAR,
    recordVersionIds: [unsigned],
    kind: 'regular',
    lockedAt: new Date(p.world.now.getTime() - 60_000),
  });

  const a1 = await studentOf(mine);
  const b1 = await studentOf(theirs);
  await seedUser(s.db, { login: 'hs-a', grants: [{ role: 'student', studentId: a1 }] });
  await seedUser(s.db, { login: 'ph-a', grants: [{ role: 'guardian', studentId: a1 }] });
  await seedUser(s.db, { login: 'hs-b', grants: [{ role: 'student', studentId: b1 }] });
  await seedUser(s.db, { login: 'gv', grants: [{ role: 'homeroomTeacher', classId: s.classId[SCHOOL]! }] });
  app = await makeApp(p.world, { db: s.db, rateLimit: { max: 1000, authMax: 1000 } });
  tokens = {
    student: await userToken(app, 'hs-a'),
    guardian: await userToken(app, 'ph-a'),
    other: await userToken(app, 'hs-b'),
    teacher: await userToken(app, 'gv'),
  };
}, 120_000);
afterAll(async () => {
  await app?.close();
  await s?.close();
});

describe('GET /v1/me/records', () => {
  it("lists the caller's own committed records, with every field and which are sensitive", async () => {
    for (const token of [tokens.student, tokens.guardian]) {
      const res = await app.inject({
        method: 'GET',
        url: '/v1/me/records',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(200);
      const { records } = res.json() as {
        records: {
          recordId: string;
          signed: boolean;
          schoolName?: string;
          fields: { pointer: string; sensitive: boolean }[];
        }[];
      };
      expect(records.map((r) => r.recordId).sort()).toEqual([mine, unsigned].sort());
      const r = records.find((x) => x.recordId === mine)!;
      expect(r.signed).toBe(true);
      // The card names the school by its name, not its code.
      expect(records.map((x) => x.schoolName)).toEqual([SCHOOL_NAME, SCHOOL_NAME]);
      expect(records.find((x) => x.recordId === unsigned)!.signed).toBe(false);
      expect(r.fields).toContainEqual({ pointer: '/biography/ethnicity', sensitive: true });
      expect(r.fields).toContainEqual({ pointer: '/results/subjects/TOAN/level', sensitive: false });
    }
    const other = await app.inject({
      method: 'GET',
      url: '/v1/me/records',
      headers: { authorization: `Bearer ${tokens.other}` },
    });
    expect(other.json().records.map((r: { recordId: string }) => r.recordId)).toEqual([theirs]);
  });

  it('needs a holder: 401 without a token, 403 FORBIDDEN for a teacher', async () => {
    const none = await app.inject({ method: 'GET', url: '/v1/me/records' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('UNAUTHENTICATED');
    const teacher = await app.inject({
      method: 'GET',
      url: '/v1/me/records',
      headers: { authorization: `Bearer ${tokens.teacher}` },
    });
    expect(teacher.statusCode).toBe(403);
    expect(teacher.json().error.code).toBe('FORBIDDEN');
  });
});

describe('POST /v1/me/records/:recordId/disclosure', () => {
  it('discloses only the chosen fields, and the bundle still verifies', async () => {
    const res = await disclose(mine, ['/biography/fullName', '/results/subjects/TIENG_VIET', '/schoolCode']);
    expect(res.statusCode).toBe(200);
    const { bundle } = res.json();
    const pointers = bundle.disclosure.fields.map((f: { pointer: string }) => f.pointer).sort();
    expect(pointers).toEqual([
      '/biography/fullName',
      '/results/subjects/TIENG_VIET/level',
      '/results/subjects/TIENG_VIET/testScore',
      '/schoolCode',
    ]);
    expect(res.body).not.toContain(ETHNICITY);
    expect(res.body).not.toContain('2015-04-02');
    const verified = await app.inject({ method: 'POST', url: '/v1/verify/bundle', payload: bundle });
    expect(verified.json().report.verdict).toBe('valid');
    // Same leaf as the full record: the hidden fields are hashes in the disclosure.
    const full = await disclose(mine, ['']);
    expect(full.json().bundle.leaf).toBe(bundle.leaf);
    expect(full.json().bundle.disclosure.hidden).toEqual([]);
  });

  it('an empty choice hides everything and still proves the record', async () => {
    const res = await disclose(mine, [], tokens.guardian);
    expect(res.statusCode).toBe(200);
    const { bundle } = res.json();
    expect(bundle.disclosure.fields).toEqual([]);
    const verified = await app.inject({ method: 'POST', url: '/v1/verify/bundle', payload: bundle });
    expect(verified.json().report.verdict).toBe('valid');
  });

  it('refuses with a code: another student’s record, an unknown record, an unknown pointer, an unsigned record, a bad body', async () => {
    const cases: [Promise<{ statusCode: number; json(): { error: { code: string } } }>, number, string][] = [
      [disclose(theirs, ['/schoolCode']), 403, 'OUT_OF_SCOPE'],
      [disclose('REC-nothing-here', ['/schoolCode']), 404, 'RECORD_NOT_FOUND'],
      [disclose(mine, ['/biography/religion']), 400, 'VALIDATION'],
      [disclose(unsigned, ['/schoolCode']), 409, 'RECORD_NOT_YET_SIGNED'],
      [disclose(mine, { '/schoolCode': true }), 400, 'VALIDATION'],
      [disclose(mine, ['/schoolCode'], tokens.teacher), 403, 'FORBIDDEN'],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect([res.statusCode, res.json().error?.code]).toEqual([status, code]);
    }
  });

  it('audits each download by who and how many fields, never which values; never a 5xx', async () => {
    const rows = await s.db.select().from(auditLog).where(eq(auditLog.action, 'record.disclose'));
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows) {
      expect(r.entityId).toBe(mine);
      expect(r.actorUserId).not.toBeNull();
      expect(Object.keys(r.details as object).sort()).toEqual(['batchId', 'disclosedFields', 'hiddenFields']);
      expect(JSON.stringify(r.details)).not.toContain(ETHNICITY);
    }
    expect(app.statuses.filter((x) => x >= 500)).toEqual([]);
  });
});
