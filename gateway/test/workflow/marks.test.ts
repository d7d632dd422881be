/**
 * One subject's marks for a whole class (PUT /v1/classes/:classId/subjects/:subject/marks): all rows or
 * none, each row checked as the entry of one record is, the problems by row, pupil, field and rule, the
 * subject teacher's scope, the editing window, the audit log, and the derived values in the answer — for a
 * primary class (Circular 27) and a lower-secondary one (Circular 22, averages).
 */

import { readFileSync } from 'node:fs';
import {
  auditLog,
  classes,
  enrolments,
  MEMORY,
  type OpenedDatabase,
  openDatabase,
  recordEntries,
  schools,
  studentBiographies,
  students,
} from '@hocba/db';
import { and, eq, inArray } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, makeWorld, type TestApp, type World } from '../app/helper.ts';
import { seedUser, userToken } from '../auth/fixtures.ts';
import {
  type Call,
  caller,
  type Person,
  SCHOOL,
  type Seeded,
  SUBJECTS,
  seedSchoolYear,
  tokens,
  walk,
  YEAR,
} from './fixtures.ts';

let world: World;
let opened: OpenedDatabase;
let s: Seeded;
let app: TestApp;
let t: Record<Person, string>;
let call: Call;

const code = (r: LightMyRequestResponse) => r.json().error.code as string;
const marksUrl = (classId: string, subject: string) => `/v1/classes/${classId}/subjects/${subject}/marks`;

async function draftAll(token: string, classId: string): Promise<string[]> {
  const r = await call(token, 'POST', `/v1/classes/${classId}/records`);
  expect(r.statusCode, r.body).toBe(201);
  const list = await call(token, 'GET', `/v1/classes/${classId}/records`);
  return list.json().records.map((x: { recordId: string }) => x.recordId);
}

const entered = async (ids: string[], subject: string) =>
  opened.db
    .select()
    .from(recordEntries)
    .where(and(inArray(recordEntries.recordVersionId, ids), eq(recordEntries.subject, subject)));

beforeAll(async () => {
  [world, opened] = await Promise.all([makeWorld(), openDatabase({ dataDir: MEMORY })]);
  s = await seedSchoolYear(opened.db, 4);
  app = await makeApp(world, { db: opened.db, rateLimit: { authMax: 1000, lookupMax: 1000 } });
  t = await tokens(app, s);
  call = caller(app);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await opened?.close();
});

describe('a primary class (Circular 27)', () => {
  let ids: string[];
  beforeAll(async () => {
    ids = await draftAll(t.homeroom, s.classId.a);
  }, 60_000);

  it('refuses the whole class when one row breaks a rule: nothing written, each problem by row and rule', async () => {
    const { testScore: _t, ...noScore } = SUBJECTS.TOAN!;
    const rows = [
      { recordId: ids[0], data: SUBJECTS.TOAN },
      { recordId: ids[1], data: noScore },
      { recordId: ids[2], data: { ...SUBJECTS.TOAN, testScore: 11 } },
      { recordId: ids[3], data: SUBJECTS.TOAN },
    ];
    const r = await call(t.maths, 'PUT', marksUrl(s.classId.a, 'TOAN'), { rows });
    expect(r.statusCode, r.body).toBe(422);
    expect(code(r)).toBe('MARKS_INVALID');
    const problems = r.json().error.problems;
    expect(problems).toEqual([
      expect.objectContaining({
        row: 1,
        recordId: ids[1],
        path: '/rows/1/data/testScore',
        code: 'RECORD_ASSESSMENT_KIND_MISMATCH',
        rule: 'TT27.Art7.1b',
      }),
      expect.objectContaining({
        row: 2,
        recordId: ids[2],
        path: '/rows/2/data/testScore',
        code: 'RECORD_SCHEMA',
      }),
    ]);
    // The pupil is named by student code, and the message is Vietnamese first.
    expect(problems[0].message).toMatch(/^HSa\d-[0-9a-f]+: Môn Toán lớp 5 có bài kiểm tra/);
    expect(await entered(ids, 'TOAN')).toEqual([]);
  });

  it('enters every row in one request, attested and audited, and answers each row', async () => {
    const rows = ids.map((recordId) => ({ recordId, data: SUBJECTS.TOAN }));
    const r = await call(t.maths, 'PUT', marksUrl(s.classId.a, 'TOAN'), { rows });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.rows).toHaveLength(4);
    expect(body.rows[0]).toMatchObject({
      recordId: ids[0],
      state: 'draft',
      derived: { assessment: 'level' },
    });
    expect(body.rows[0].missing).toContain('homeroom');
    expect(body.rows[0].missing).not.toContain('TOAN');
    const written = await entered(ids, 'TOAN');
    expect(written).toHaveLength(4);
    const audits = await opened.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'record.enter'), inArray(auditLog.entityId, ids)));
    expect(audits.filter((a) => (a.details as { source?: string }).source === 'class-marks')).toHaveLength(4);
    // The same record read one by one shows the entry.
    const one = await call(t.homeroom, 'GET', `/v1/records/${ids[0]}`);
    expect(one.json().entries.map((e: { subject: string }) => e.subject)).toContain('TOAN');
  });

  it('keeps the subject teacher to their own class and subject, as the entry of one record', async () => {
    const rows = [{ recordId: ids[0], data: SUBJECTS.TIENG_VIET }];
    const other = await call(t.maths, 'PUT', marksUrl(s.classId.a, 'TIENG_VIET'), { rows });
    expect([other.statusCode, code(other)]).toEqual([403, 'OUT_OF_SCOPE']);
    const foreign = await call(t.maths, 'PUT', marksUrl(s.classId.b, 'TOAN'), {
      rows: [{ recordId: ids[0], data: SUBJECTS.TOAN }],
    });
    expect([foreign.statusCode, code(foreign)]).toEqual([403, 'OUT_OF_SCOPE']);
    const principal = await call(t.principal, 'PUT', marksUrl(s.classId.a, 'TOAN'), { rows });
    expect([principal.statusCode, code(principal)]).toEqual([403, 'FORBIDDEN']);
    const none = await app.inject({ method: 'PUT', url: marksUrl(s.classId.a, 'TOAN'), payload: { rows } });
    expect(none.statusCode).toBe(401);
  });

  it('names rows of another class, unknown records and a record given twice', async () => {
    const b = await draftAll(t.homeroomB, s.classId.b);
    const rows = [
      { recordId: ids[0], data: SUBJECTS.TOAN },
      { recordId: b[0], data: SUBJECTS.TOAN },
      { recordId: 'no-such-record', data: SUBJECTS.TOAN },
      { recordId: ids[0], data: SUBJECTS.TOAN },
    ];
    const r = await call(t.homeroom, 'PUT', marksUrl(s.classId.a, 'TOAN'), { rows });
    expect(r.statusCode, r.body).toBe(422);
    const got = r
      .json()
      .error.problems.map((p: { row: number; code: string; path: string }) => [p.row, p.code, p.path]);
    expect(got).toEqual(
      expect.arrayContaining([
        [1, 'WRONG_CLASS', '/rows/1/recordId'],
        [2, 'RECORD_NOT_FOUND', '/rows/2/recordId'],
      ]),
    );
    expect(got.filter((x: unknown[]) => x[1] === 'DUPLICATE_RECORD')).toHaveLength(1);
  });

  it('is refused when the window of the class and subject is frozen: 423', async () => {
    const put = (frozen: boolean) =>
      call(t.admin, 'PUT', '/v1/windows', {
        schoolId: SCHOOL,
        schoolYear: YEAR,
        classId: s.classId.a,
        subject: 'TOAN',
        frozen,
      });
    expect((await put(true)).statusCode).toBe(200);
    const rows = ids.map((recordId) => ({ recordId, data: SUBJECTS.TOAN }));
    const r = await call(t.maths, 'PUT', marksUrl(s.classId.a, 'TOAN'), { rows });
    expect([r.statusCode, code(r)]).toEqual([423, 'EDITING_WINDOW_CLOSED']);
    expect((await put(false)).statusCode).toBe(200);
  });

  it('refuses a reviewed record in the rows, a subject the grade lacks and bad bodies', async () => {
    const c = await draftAll(t.homeroomB, s.classId.b);
    await walk(call, c[1]!, { homeroom: t.homeroomB });
    const rows = c.map((recordId) => ({ recordId, data: SUBJECTS.TOAN }));
    const r = await call(t.homeroomB, 'PUT', marksUrl(s.classId.b, 'TOAN'), { rows });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.problems).toEqual([
      expect.objectContaining({ row: 1, code: 'RECORD_WRONG_STATE', path: '/rows/1/recordId' }),
    ]);
    const physics = await call(t.homeroomB, 'PUT', marksUrl(s.classId.b, 'VAT_LI'), { rows });
    expect([physics.statusCode, code(physics)]).toEqual([422, 'SUBJECT_NOT_IN_CURRICULUM']);
    for (const payload of [{ rows: [] }, { rows: [{ recordId: c[0] }] }, { rows: rows, extra: 1 }]) {
      const bad = await call(t.homeroomB, 'PUT', marksUrl(s.classId.b, 'TOAN'), payload);
      expect([bad.statusCode, code(bad)]).toEqual([400, 'VALIDATION']);
    }
    const unknown = await call(t.homeroomB, 'PUT', marksUrl('no-class', 'TOAN'), { rows });
    expect([unknown.statusCode, code(unknown)]).toEqual([404, 'CLASS_NOT_FOUND']);
    expect(app.statuses.filter((x) => x >= 500)).toEqual([]);
  });
});

describe('a lower-secondary class (Circular 22)', () => {
  const CLASS = '8A-marks';
  let ids: string[];
  let teacher: string;
  const thcs = JSON.parse(
    readFileSync(new URL('../../../records/test/fixtures/thcs-grade8.json', import.meta.url), 'utf8'),
  ) as { results: { subjects: Record<string, Record<string, unknown>> } };
  const withoutAverages = (subject: Record<string, unknown>) => {
    const {
      yearAverage: _y,
      semester1,
      semester2,
      ...rest
    } = subject as Record<string, Record<string, unknown>>;
    const { average: _a, ...s1 } = semester1!;
    const { average: _b, ...s2 } = semester2!;
    return { ...rest, semester1: s1, semester2: s2 };
  };

  beforeAll(async () => {
    await opened.db.insert(schools).values({
      id: 'SCH-QN-THCS',
      code: 'SCH-QN-THCS',
      name: 'THCS',
      level: 'THCS',
      districtId: 'district1',
      provinceId: 'QN',
    });
    await opened.db
      .insert(classes)
      .values({ id: CLASS, schoolId: 'SCH-QN-THCS', schoolYear: YEAR, grade: 8, name: '8A' });
    for (const i of [0, 1]) {
      const [st] = await opened.db
        .insert(students)
        .values({ nationalId: `02220100000${i}`, studentCode: `THCS-${i}` })
        .returning();
      await opened.db.insert(studentBiographies).values({
        studentId: st!.id,
        fullName: `Trần Văn Minh ${i}`,
        dateOfBirth: '2012-03-04',
        sex: 'male',
        birthplace: 'Hạ Long',
        ethnicity: 'Kinh',
        guardians: [],
      });
      await opened.db
        .insert(enrolments)
        .values({ studentId: st!.id, classId: CLASS, schoolYear: YEAR, custodySchoolId: 'SCH-QN-THCS' });
    }
    await seedUser(opened.db, {
      login: 'gvcn-8a-marks',
      grants: [{ role: 'homeroomTeacher', classId: CLASS }],
    });
    await seedUser(opened.db, {
      login: 'gv-toan-8a-marks',
      grants: [{ role: 'subjectTeacher', classId: CLASS, subject: 'TOAN' }],
    });
    teacher = await userToken(app, 'gv-toan-8a-marks');
    ids = await draftAll(await userToken(app, 'gvcn-8a-marks'), CLASS);
  }, 60_000);

  it('answers the semester and year averages of each row (Art. 9 §1b)', async () => {
    const rows = ids.map((recordId) => ({ recordId, data: withoutAverages(thcs.results.subjects.TOAN!) }));
    const r = await call(teacher, 'PUT', marksUrl(CLASS, 'TOAN'), { rows });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().rows.map((x: { derived: unknown }) => x.derived)).toEqual([
      { assessment: 'score', semester1Average: 8.2, semester2Average: 8.7, yearAverage: 8.5 },
      { assessment: 'score', semester1Average: 8.2, semester2Average: 8.7, yearAverage: 8.5 },
    ]);
  });

  it('names a wrong entered average and a missing regular score, by row and rule', async () => {
    const good = withoutAverages(thcs.results.subjects.TOAN!) as Record<string, Record<string, unknown>>;
    const rows = [
      { recordId: ids[0], data: { ...good, yearAverage: 9 } },
      { recordId: ids[1], data: { ...good, semester2: { ...good.semester2, regular: [8, 9, 7] } } },
    ];
    const r = await call(teacher, 'PUT', marksUrl(CLASS, 'TOAN'), { rows });
    expect(r.statusCode, r.body).toBe(422);
    const got = r
      .json()
      .error.problems.map((p: { row: number; path: string; rule: string }) => [p.row, p.path, p.rule]);
    expect(got).toEqual([
      [0, '/rows/0/data/yearAverage', 'TT22.Art9.1b'],
      [1, '/rows/1/data/semester2/regular', 'TT22.Art6.2b'],
    ]);
    // Nothing of this request was written: the earlier entry stands.
    const stored = await entered(ids, 'TOAN');
    expect(stored.map((e) => (e.data as { yearAverage?: number }).yearAverage)).toEqual([
      undefined,
      undefined,
    ]);
  });
});
