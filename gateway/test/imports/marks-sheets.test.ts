/**
 * The marks sheets through the import mechanism (POST /v1/imports/marks-primary|marks-secondary → preview
 * → commit): good files entered as the whole class's entry of each subject; bad files refused with each
 * problem at its row, column letter, header, value and rule, nothing written; the subject teacher limited
 * to their subject; a semester taken from the earlier entry.
 */
import {
  classes,
  type Database,
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
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeApp, makeWorld, type TestApp, type World } from '../app/helper.ts';
import { seedUser, userToken } from '../auth/fixtures.ts';
import {
  type Call,
  caller,
  eventually,
  type Person,
  SCHOOL,
  type Seeded,
  seedSchoolYear,
  tokens,
  YEAR,
} from '../workflow/fixtures.ts';
import { GOOD_PRIMARY, primaryFile, primaryRow, secondaryFile, secondaryRow } from './marks-xlsx.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

let world: World;
let opened: OpenedDatabase;
let db: Database;
let app: TestApp;
let s: Seeded;
let t: Record<Person, string>;
let call: Call;

interface Pupil {
  nationalId: string;
  name: string;
  recordId: string;
}

/** The class's pupils with their record, in student-code order. */
async function pupilsOf(classId: string): Promise<Pupil[]> {
  const list = (await call(t.homeroom, 'GET', `/v1/classes/${classId}/records`)).json().records as {
    recordId: string;
    enrolmentId: string;
  }[];
  const rows = await db
    .select({ id: enrolments.id, nationalId: students.nationalId, name: studentBiographies.fullName })
    .from(enrolments)
    .innerJoin(students, eq(students.id, enrolments.studentId))
    .innerJoin(studentBiographies, eq(studentBiographies.studentId, students.id))
    .where(eq(enrolments.classId, classId));
  return list.map((r) => {
    const p = rows.find((x) => x.id === r.enrolmentId)!;
    return { nationalId: p.nationalId, name: p.name, recordId: r.recordId };
  });
}

const entries = (ids: string[], subject: string) =>
  db
    .select()
    .from(recordEntries)
    .where(and(inArray(recordEntries.recordVersionId, ids), eq(recordEntries.subject, subject)));

async function upload(kind: string, token: string, content: string, options: Record<string, unknown>) {
  const r = await call(token, 'POST', `/v1/imports/${kind}`, {
    schoolId: options.schoolId ?? SCHOOL,
    fileName: `${kind}.xlsx`,
    content,
    options: { ...options, schoolId: undefined },
  });
  return r;
}

async function settled(kind: string, token: string, id: string) {
  const r = await eventually(
    () => call(token, 'GET', `/v1/imports/${kind}/${id}?limit=500`),
    (x) => !['parsing', 'committing'].includes(x.json().state),
    60_000,
  );
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

async function previewed(kind: string, token: string, content: string, options: Record<string, unknown>) {
  const r = await upload(kind, token, content, options);
  expect(r.statusCode, r.body).toBe(202);
  return settled(kind, token, r.json().id);
}

async function commit(kind: string, token: string, id: string) {
  const r = await call(token, 'POST', `/v1/imports/${kind}/${id}/commit`);
  expect(r.statusCode, r.body).toBe(202);
  return settled(kind, token, id);
}

beforeAll(async () => {
  [world, opened] = await Promise.all([makeWorld(), openDatabase({ dataDir: MEMORY })]);
  db = opened.db;
  s = await seedSchoolYear(db, 3);
  app = await makeApp(world, { db, rateLimit: { authMax: 1000, lookupMax: 1000 } });
  t = await tokens(app, s);
  call = caller(app);
  expect((await call(t.homeroom, 'POST', `/v1/classes/${s.classId.a}/records`)).statusCode).toBe(201);
});
afterAll(async () => {
  await app?.close();
  await opened?.close();
});

describe('the primary results sheet (35 columns, 3-row header)', () => {
  it('previews a good file without writing, then commits every subject it has', async () => {
    const pupils = await pupilsOf(s.classId.a);
    const file = await primaryFile(
      pupils.map((p, i) => primaryRow(i + 1, p.nationalId, p.name, GOOD_PRIMARY)),
    );
    const job = await previewed('marks-primary', t.homeroom, file, { classId: s.classId.a });
    expect(job.problems).toEqual([]);
    expect(job.state).toBe('previewed');
    // 7 subjects a pupil; 3 + 5 + 5 competency and quality columns and 3 decision columns not imported.
    expect(job.summary).toMatchObject({ pupils: 3, subjects: 7, entries: 21, columnsNotImported: 16 });
    expect(job.preview[0]).toMatchObject({ TOAN: 'T 9', TIENG_VIET: 'T 9', HDTN: 'T', GDTC: 'H' });
    const ids = pupils.map((p) => p.recordId);
    expect(await entries(ids, 'TOAN')).toEqual([]);
    const done = await commit('marks-primary', t.homeroom, job.id);
    expect(done.state, JSON.stringify(done)).toBe('committed');
    const toan = await entries(ids, 'TOAN');
    expect(toan.map((e) => e.data)).toEqual([
      { level: 'T', testScore: 9 },
      { level: 'T', testScore: 9 },
      { level: 'T', testScore: 9 },
    ]);
    expect((await entries(ids, 'HDTN')).map((e) => e.data)).toEqual([
      { level: 'T' },
      { level: 'T' },
      { level: 'T' },
    ]);
  });

  it('names each bad cell by row, column letter, header, value and rule, and writes nothing', async () => {
    const pupils = await pupilsOf(s.classId.a);
    const rows = [
      primaryRow(1, pupils[0]!.nationalId, pupils[0]!.name, { ...GOOD_PRIMARY, 8: 'X' }),
      primaryRow(2, pupils[1]!.nationalId, pupils[1]!.name, { ...GOOD_PRIMARY, 9: 11 }),
      primaryRow(3, pupils[2]!.nationalId, pupils[2]!.name, { ...GOOD_PRIMARY, 7: null }),
      primaryRow(4, '099999999999', 'Nguyễn Văn Lạ', GOOD_PRIMARY),
      primaryRow(5, pupils[0]!.nationalId, 'Trần Thị Khác', GOOD_PRIMARY),
      primaryRow(6, pupils[1]!.nationalId, pupils[1]!.name, { ...GOOD_PRIMARY, 12: 'T' }),
    ];
    const job = await previewed('marks-primary', t.homeroom, await primaryFile(rows), {
      classId: s.classId.a,
    });
    const got = job.problems.map((p: Record<string, unknown>) => [p.row, p.column, p.value, p.rule]);
    expect(got).toEqual([
      [6, 'H', 'X', 'LEVEL_VALUE'],
      [7, 'I', '11', 'VALUE_INVALID'],
      [8, 'G', '', 'TT27.Art7.1b'],
      [9, 'C', '099999999999', 'PUPIL_NOT_IN_CLASS'],
      [10, 'D', 'Trần Thị Khác', 'PUPIL_NAME_MISMATCH'],
      [11, 'C', pupils[1]!.nationalId, 'PUPIL_DUPLICATE'],
    ]);
    expect(job.problems[0].header).toBe('Môn học và hoạt động giáo dục / Toán / Mức đạt được');
    expect(job.problems[2].message.vi).toContain('Tiếng Việt');
    const r = await call(t.homeroom, 'POST', `/v1/imports/marks-primary/${job.id}/commit`);
    expect(r.statusCode).toBe(422);
  });

  it('lets the maths teacher import the maths columns only', async () => {
    const pupils = await pupilsOf(s.classId.a);
    const cells = { ...GOOD_PRIMARY, 9: 8 };
    const file = await primaryFile(pupils.map((p, i) => primaryRow(i + 1, p.nationalId, p.name, cells)));
    const all = await upload('marks-primary', t.maths, file, { classId: s.classId.a });
    expect([all.statusCode, all.json().error.code]).toEqual([403, 'OUT_OF_SCOPE']);
    const other = await upload('marks-primary', t.maths, file, {
      classId: s.classId.a,
      subject: 'TIENG_VIET',
    });
    expect(other.statusCode).toBe(403);
    const job = await previewed('marks-primary', t.maths, file, { classId: s.classId.a, subject: 'TOAN' });
    expect(job.summary).toMatchObject({ subjects: 1, entries: 3 });
    expect((await commit('marks-primary', t.maths, job.id)).state).toBe('committed');
    const ids = pupils.map((p) => p.recordId);
    expect((await entries(ids, 'TOAN')).map((e) => e.data)).toEqual(
      Array(3).fill({ level: 'T', testScore: 8 }),
    );
  });

  it('refuses a file with no header and a class of another school', async () => {
    const pupils = await pupilsOf(s.classId.a);
    const noHeader = await secondaryFile([{ name: 'Sheet1', rows: [], headers: ['Họ tên', 'Điểm'] }]);
    const job = await previewed('marks-primary', t.homeroom, noHeader, { classId: s.classId.a });
    expect(job.problems.map((p: { rule: string }) => p.rule)).toEqual(['HEADER_NOT_FOUND']);
    // A class of school A uploaded under school B (whose homeroom teacher this is): refused, not read.
    const foreign = await upload('marks-primary', t.homeroomC, await primaryFile([]), {
      classId: s.classId.a,
      schoolId: 'SCH-QN-003',
    });
    expect([foreign.statusCode, foreign.json().error.code]).toEqual([422, 'WRONG_SCHOOL']);
    expect(pupils).toHaveLength(3);
  });
});

describe('the lower-secondary mark sheet (ĐĐGtx 1–4, ĐĐGgk, ĐĐGck)', () => {
  const CLASS = '8A-sheet';
  let teacher: string;
  let homeroom: string;
  let pupils: Pupil[];

  beforeAll(async () => {
    await db.insert(schools).values({
      id: 'SCH-QN-THCS',
      code: 'SCH-QN-THCS',
      name: 'THCS',
      level: 'THCS',
      districtId: 'district1',
      provinceId: 'QN',
    });
    await db
      .insert(classes)
      .values({ id: CLASS, schoolId: 'SCH-QN-THCS', schoolYear: YEAR, grade: 8, name: '8A' });
    for (const i of [0, 1]) {
      const [st] = await db
        .insert(students)
        .values({ nationalId: `02220900000${i}`, studentCode: `THCS-S${i}` })
        .returning();
      await db.insert(studentBiographies).values({
        studentId: st!.id,
        fullName: `Trần Văn Minh ${i}`,
        dateOfBirth: '2012-03-04',
        sex: 'male',
        birthplace: 'Hạ Long',
        ethnicity: 'Kinh',
        guardians: [],
      });
      await db
        .insert(enrolments)
        .values({ studentId: st!.id, classId: CLASS, schoolYear: YEAR, custodySchoolId: 'SCH-QN-THCS' });
    }
    await seedUser(db, { login: 'gvcn-8a-sheet', grants: [{ role: 'homeroomTeacher', classId: CLASS }] });
    await seedUser(db, {
      login: 'gv-toan-8a-sheet',
      grants: [{ role: 'subjectTeacher', classId: CLASS, subject: 'TOAN' }],
    });
    homeroom = await userToken(app, 'gvcn-8a-sheet');
    teacher = await userToken(app, 'gv-toan-8a-sheet');
    expect((await call(homeroom, 'POST', `/v1/classes/${CLASS}/records`)).statusCode).toBe(201);
    const list = (await call(homeroom, 'GET', `/v1/classes/${CLASS}/records`)).json().records as {
      recordId: string;
    }[];
    pupils = list.map((r, i) => ({
      nationalId: `02220900000${i}`,
      name: `Trần Văn Minh ${i}`,
      recordId: r.recordId,
    }));
  });

  const opts = { classId: CLASS, schoolId: 'SCH-QN-THCS', subject: 'TOAN' };

  it('enters both semesters from two sheets, then semester II alone over the earlier semester I', async () => {
    const hk1 = pupils.map((p, i) => secondaryRow(i + 1, p.nationalId, p.name, [8, 9, '8,5', 7, 8, 8.5]));
    const hk2 = pupils.map((p, i) => secondaryRow(i + 1, p.nationalId, p.name, [9, 8.5, 9, 8, 8.5, 9]));
    const file = await secondaryFile([
      { name: 'HK I', rows: hk1 },
      { name: 'HK II', rows: hk2 },
    ]);
    const job = await previewed('marks-secondary', teacher, file, opts);
    expect(job.problems).toEqual([]);
    expect(job.summary).toMatchObject({ pupils: 2, semesters: 2, semesterFromEarlierEntry: 0 });
    expect((await commit('marks-secondary', teacher, job.id)).state).toBe('committed');
    const ids = pupils.map((p) => p.recordId);
    expect((await entries(ids, 'TOAN'))[0]!.data).toEqual({
      assessment: 'score',
      semester1: { regular: [8, 9, 8.5, 7], midterm: 8, endterm: 8.5 },
      semester2: { regular: [9, 8.5, 9, 8], midterm: 8.5, endterm: 9 },
    });

    const again = await secondaryFile([
      {
        name: 'Học kì II',
        rows: pupils.map((p, i) => secondaryRow(i + 1, p.nationalId, p.name, [10, 10, 10, 10, 10, 10])),
      },
    ]);
    const second = await previewed('marks-secondary', teacher, again, opts);
    expect(second.problems).toEqual([]);
    expect(second.summary).toMatchObject({
      pupils: 2,
      semesters: 1,
      semesterFromEarlierEntry: 2,
      replacing: 2,
    });
    expect((await commit('marks-secondary', teacher, second.id)).state).toBe('committed');
    const data = (await entries(ids, 'TOAN'))[0]!.data as Record<string, { regular: number[] }>;
    expect(data.semester1!.regular).toEqual([8, 9, 8.5, 7]);
    expect(data.semester2!.regular).toEqual([10, 10, 10, 10]);
  });

  it('names bad scores, a wrong number of ĐĐGtx and a missing column at their cells', async () => {
    const [a, b] = pupils as [Pupil, Pupil];
    const hk1 = [
      secondaryRow(1, a.nationalId, a.name, [8, 9, '8,25', 7, 8, 8.5]),
      secondaryRow(2, b.nationalId, b.name, [8, 9, 7, 8, 8, 8]),
    ];
    const hk2 = [
      secondaryRow(1, a.nationalId, a.name, [9, 8.5, 9, 8, 'abc', 9]),
      secondaryRow(2, b.nationalId, b.name, [9, 8.5, 9, null, 8.5, 9]),
    ];
    const file = await secondaryFile([
      { name: 'HK1', rows: hk1 },
      { name: 'HK2', rows: hk2 },
    ]);
    const job = await previewed('marks-secondary', teacher, file, opts);
    const got = job.problems.map((p: Record<string, unknown>) => [
      p.row,
      p.column,
      p.header,
      p.value,
      p.rule,
    ]);
    expect(got).toEqual([
      [3, 'J', 'ĐĐGgk (HK II)', 'abc', 'SCORE_FORMAT'],
      [3, 'H', 'ĐĐGtx3 (HK I)', '8,25', 'VALUE_INVALID'],
      [4, 'F', 'ĐĐGtx1 (HK II)', '9', 'TT22.Art6.2b'],
    ]);
    expect(job.problems[2].message.vi).toContain('cần 4 điểm đánh giá thường xuyên học kì II, đã nhập 3');
    const missing = await secondaryFile([
      {
        name: 'HK I',
        rows: hk1,
        headers: ['STT', 'Tên lớp', 'Mã định danh', 'Họ và tên', 'ĐĐGtx1', 'ĐĐGgk'],
      },
    ]);
    const m = await previewed('marks-secondary', teacher, missing, opts);
    expect(m.problems.map((p: { rule: string; header: string }) => [p.rule, p.header])).toEqual([
      ['COLUMN_MISSING', 'ĐĐGck (HK I)'],
    ]);
  });

  it('reads a comment-assessed subject as Đ / CĐ in the ĐĐGck column, the year following semester II', async () => {
    const [a, b] = pupils as [Pupil, Pupil];
    const sheet = (x: string, y: string) => [
      secondaryRow(1, a.nationalId, a.name, [null, null, null, null, null, x]),
      secondaryRow(2, b.nationalId, b.name, [null, null, null, null, null, y]),
    ];
    const gdtc = { ...opts, subject: 'GDTC' };
    const bad = await secondaryFile([
      { name: 'HK I', rows: sheet('Đ', 'Tốt') },
      { name: 'HK II', rows: sheet('CĐ', 'Đ') },
    ]);
    const refused = await previewed('marks-secondary', homeroom, bad, gdtc);
    expect(refused.problems.map((p: Record<string, unknown>) => [p.row, p.column, p.value, p.rule])).toEqual([
      [4, 'K', 'Tốt', 'COMMENT_RESULT'],
    ]);
    const good = await secondaryFile([
      { name: 'HK I', rows: sheet('Đ', 'Đ') },
      { name: 'HK II', rows: sheet('CĐ', 'Đạt') },
    ]);
    const job = await previewed('marks-secondary', homeroom, good, gdtc);
    expect(job.problems).toEqual([]);
    expect((await commit('marks-secondary', homeroom, job.id)).state).toBe('committed');
    const ids = pupils.map((p) => p.recordId);
    expect((await entries(ids, 'GDTC')).map((e) => e.data)).toEqual(
      expect.arrayContaining([
        { assessment: 'comment', semester1: 'DAT', semester2: 'CHUA_DAT' },
        { assessment: 'comment', semester1: 'DAT', semester2: 'DAT' },
      ]),
    );
  });

  it('asks for both semesters of a pupil with no earlier entry, and keeps teachers to their subject', async () => {
    const CLASS_B = CLASS;
    const other = await upload(
      'marks-secondary',
      teacher,
      await secondaryFile([{ name: 'HK I', rows: [] }]),
      {
        ...opts,
        subject: 'NGU_VAN',
      },
    );
    expect([other.statusCode, other.json().error.code]).toEqual([403, 'OUT_OF_SCOPE']);
    const primary = await upload(
      'marks-secondary',
      t.maths,
      await secondaryFile([{ name: 'HK I', rows: [] }]),
      {
        classId: s.classId.a,
        subject: 'TOAN',
      },
    );
    expect(primary.statusCode).toBe(202);
    const job = await settled('marks-secondary', t.maths, primary.json().id);
    expect(job.problems.map((p: { rule: string }) => p.rule)).toEqual(['SUBJECT_NOT_IN_CURRICULUM']);
    expect(CLASS_B).toBe(CLASS);
    expect(app.statuses.filter((x) => x >= 500)).toEqual([]);
  });
});
