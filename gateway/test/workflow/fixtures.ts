/**
 * A school year for the workflow tests, on any database (PGlite or the real Postgres): the World's
 * province, districts and schools (the ledger knows them), grade-5 classes, students with biographies and
 * enrolments, and the people of the workflow — a maths teacher, a homeroom teacher, a maths subject group,
 * the principal and the school admin of SCH-QN-001, and their counterparts elsewhere for the scope tests.
 * The entries are the primary grade-5 fixture's (records/test/fixtures), split into parts.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  classes,
  type Database,
  districts,
  enrolments,
  provinces,
  schools,
  studentBiographies,
  students,
} from '@hocba/db';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from '../app/helper.ts';
import { seedUser, userToken } from '../auth/fixtures.ts';

export const YEAR = '2025-2026';
export const SCHOOL = 'SCH-QN-001';
export const OTHER_SCHOOL = 'SCH-QN-003';

export interface Seeded {
  /** Classes by name: 5A and 5B of SCHOOL, 5C of OTHER_SCHOOL. */
  classId: { a: string; b: string; c: string };
  /** Enrolment ids by class, and each enrolment's date of birth. */
  enrolments: { a: string[]; b: string[]; c: string[] };
  dob: Map<string, string>;
  /** Logins by role. */
  logins: Record<Person, string>;
}

export type Person =
  | 'maths'
  | 'homeroom'
  | 'group'
  | 'principal'
  | 'admin'
  | 'homeroomB'
  | 'principalOther'
  | 'homeroomC';

const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

export async function seedSchoolYear(db: Database, perClass = 2): Promise<Seeded> {
  const t = randomBytes(3).toString('hex');
  await db.insert(provinces).values({ id: 'QN', code: '22', name: 'Quảng Ninh', mspId: 'DoetMSP' });
  await db.insert(districts).values([
    { id: 'district1', provinceId: 'QN', code: '01', name: 'Phòng GD&ĐT Hạ Long', mspId: 'District1MSP' },
    { id: 'district2', provinceId: 'QN', code: '02', name: 'Phòng GD&ĐT Cẩm Phả', mspId: 'District2MSP' },
  ]);
  for (const [id, districtId] of [
    [SCHOOL, 'district1'],
    [OTHER_SCHOOL, 'district2'],
  ] as const) {
    await db
      .insert(schools)
      .values({ id, code: id, name: `Trường ${id}`, level: 'TH', districtId, provinceId: 'QN' });
  }
  const classId = { a: `5A-${t}`, b: `5B-${t}`, c: `5C-${t}` };
  const at = { a: SCHOOL, b: SCHOOL, c: OTHER_SCHOOL } as const;
  const dob = new Map<string, string>();
  const enrolled: Seeded['enrolments'] = { a: [], b: [], c: [] };
  for (const k of ['a', 'b', 'c'] as const) {
    await db.insert(classes).values({
      id: classId[k],
      schoolId: at[k],
      schoolYear: YEAR,
      grade: 5,
      name: `5${k.toUpperCase()}-${t}`,
    });
    for (let i = 0; i < perClass; i++) {
      const [s] = await db
        .insert(students)
        .values({ nationalId: `0${digits(11)}`, studentCode: `HS${k}${i}-${t}` })
        .returning();
      const birth = `2015-${String(1 + (i % 12)).padStart(2, '0')}-${10 + (i % 18)}`;
      await db.insert(studentBiographies).values({
        studentId: s!.id,
        fullName: `Phạm Ngọc Bảo Châu ${k}${i}`,
        dateOfBirth: birth,
        sex: 'female',
        birthplace: 'Thành phố Hạ Long, tỉnh Quảng Ninh',
        ethnicity: 'Sán Dìu',
        guardians: [{ relation: 'mother', fullName: 'Hoàng Thị Ngọc Mai' }],
      });
      const [e] = await db
        .insert(enrolments)
        .values({ studentId: s!.id, classId: classId[k], schoolYear: YEAR, custodySchoolId: at[k] })
        .returning();
      enrolled[k].push(e!.id);
      dob.set(e!.id, birth);
    }
  }
  const logins = {} as Record<Person, string>;
  const people: [Person, Parameters<typeof seedUser>[1]['grants']][] = [
    ['maths', [{ role: 'subjectTeacher', classId: classId.a, subject: 'TOAN' }]],
    ['homeroom', [{ role: 'homeroomTeacher', classId: classId.a }]],
    ['group', [{ role: 'subjectGroup', schoolId: SCHOOL, subject: 'TOAN' }]],
    ['principal', [{ role: 'principal', schoolId: SCHOOL }]],
    ['admin', [{ role: 'schoolAdmin', schoolId: SCHOOL }]],
    ['homeroomB', [{ role: 'homeroomTeacher', classId: classId.b }]],
    ['principalOther', [{ role: 'principal', schoolId: OTHER_SCHOOL }]],
    ['homeroomC', [{ role: 'homeroomTeacher', classId: classId.c }]],
  ];
  for (const [person, grants] of people) {
    logins[person] = `${person}-${t}`;
    await seedUser(db, { login: logins[person], grants });
  }
  return { classId, enrolments: enrolled, dob, logins };
}

const fixture = JSON.parse(
  readFileSync(new URL('../../../records/test/fixtures/primary-grade5.json', import.meta.url), 'utf8'),
) as { results: { subjects: Record<string, Record<string, unknown>> } & Record<string, unknown> };

/** Each subject's entry, as its teacher enters it. */
export const SUBJECTS: Record<string, Record<string, unknown>> = fixture.results.subjects;

/** The homeroom part: everything but the subjects, the derived values and the principal's approval. */
export function homeroomPart(over: Record<string, unknown> = {}): Record<string, unknown> {
  const {
    subjects: _s,
    principalApproval: _p,
    overallResult: _o,
    gradeCompleted: _g,
    primaryCompleted: _c,
    ...rest
  } = fixture.results;
  return { ...rest, ...over };
}

/** Tokens of every person, by logging in through the app. */
export async function tokens(app: TestApp, s: Seeded): Promise<Record<Person, string>> {
  const out = {} as Record<Person, string>;
  for (const [person, login] of Object.entries(s.logins) as [Person, string][]) {
    out[person] = await userToken(app, login);
  }
  return out;
}

export type Call = (
  token: string,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
) => Promise<LightMyRequestResponse>;

export function caller(app: TestApp): Call {
  return (token, method, url, payload) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload !== undefined && { payload: payload as object }),
    });
}

/** Enters every part of a record: maths by the maths teacher when given, the rest by the homeroom teacher. */
export async function enterAll(
  call: Call,
  recordId: string,
  who: { homeroom: string; maths?: string | undefined },
  o: { homeroom?: Record<string, unknown> } = {},
): Promise<void> {
  for (const [subject, data] of Object.entries(SUBJECTS)) {
    const token = subject === 'TOAN' && who.maths ? who.maths : who.homeroom;
    const r = await call(token, 'PUT', `/v1/records/${recordId}/entries/${subject}`, { data });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().state).toBe('draft');
  }
  const h = await call(who.homeroom, 'PUT', `/v1/records/${recordId}/entries/homeroom`, {
    data: o.homeroom ?? homeroomPart(),
  });
  expect(h.statusCode, h.body).toBe(200);
  expect(h.json()).toMatchObject({ state: 'entered', missing: [] });
}

/** enterAll, the homeroom teacher's review, and — when a principal token is given — approval. */
export async function walk(
  call: Call,
  recordId: string,
  who: { homeroom: string; maths?: string; principal?: string },
): Promise<void> {
  await enterAll(call, recordId, who);
  const r = await call(who.homeroom, 'POST', `/v1/records/${recordId}/review`);
  expect(r.statusCode, r.body).toBe(200);
  if (who.principal) {
    const a = await call(who.principal, 'POST', `/v1/records/${recordId}/approve`);
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json().state).toBe('approved');
  }
}

/** Polls until `check` holds (the background anchoring worker runs on its own timer). */
export async function eventually<T>(f: () => Promise<T>, check: (t: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (check(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
