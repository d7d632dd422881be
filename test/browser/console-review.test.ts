/**
 * The console's confirm-and-approve area (issue 13, point 3) in Debian's Chromium, against the demo of
 * `npm start` run as its own process (documents-demo.ts). The state it needs is made through the API first,
 * as the policy wants it: the school admin opens accounts for a homeroom teacher of 4A, the school's maths
 * subject group and a deputy principal; the principal enrols three new pupils in 4A and draws up their
 * records; the homeroom teacher enters every part and reviews them. Then, in the page: the deputy reads and
 * is offered no step; the subject group confirms Toán on one record from the record laid out as the học bạ,
 * then on the other two in one go; the principal approves the class's waiting records in one go from a
 * confirmation page (one of them approved meanwhile behind the page's back: the gateway's refusal is shown
 * in its words), the gateway answers `approved` for all three, and the classes page locks the class. The
 * tests run in order on one server: each starts from the state the one before left. axe-core finds no
 * serious or critical violation; screenshots at 1366×768 and 390 px go to test/artifacts/.
 */
import { join } from 'node:path';
import { curriculumFor, instantDate } from '@hocba/records';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, axeViolations, type Guarded, guardedPage, launch, shots } from './chromium.ts';
import { type DemoServer, startDemo } from './documents-demo.ts';

const PASSWORD = 'hocba-demo-2026';
const STAFF_PASSWORD = 'mat-khau-thu-nghiem-2026';
const GROUP_LOGIN = 'totoan.kimdong';
const HOMEROOM_LOGIN = 'gvcn.4a.kimdong';
const DEPUTY_LOGIN = 'phohieutruong.kimdong';
const PUPILS = [
  { name: 'Phạm Minh Châu', dob: '2016-03-14', sex: 'female' },
  { name: 'Đặng Quốc Bảo', dob: '2016-07-02', sex: 'male' },
  { name: 'Lý Thị Ngọc Ánh', dob: '2016-11-25', sex: 'female' },
] as const;

let demo: DemoServer;
let browser: Browser;
let g: Guarded | undefined;
let errors: string[];
let schoolId: string;
let classId: string;
/** The three new pupils' records, in PUPILS' order. */
let recordIds: string[];

type Json = Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: the gateway's answers, read field by field as the assertions need
type Answer = Record<string, any>;

async function api(token: string | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${demo.url}${path}`, {
    method,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as Json;
  return { status: res.status, json };
}

async function must(token: string | null, method: string, path: string, body?: unknown, status = 200) {
  const r = await api(token, method, path, body);
  if (r.status !== status) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json as Answer;
}

async function login(name: string, password = PASSWORD): Promise<Answer> {
  return must(null, 'POST', '/v1/auth/login', { login: name, password });
}

/** A grade-4 primary record's entries as its teachers would enter them (Circular 27). */
function entries(grade: number): [string, Json][] {
  const c = curriculumFor('TH', grade)!;
  const subjects = c.subjects
    .filter((s) => s.kind === 'compulsory')
    .map((s): [string, Json] => [s.code, s.tested ? { level: 'T', testScore: 9 } : { level: 'T' }]);
  const ratings = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, 'T']));
  const homeroom: Json = {
    qualities: ratings(['patriotism', 'kindness', 'diligence', 'honesty', 'responsibility']),
    generalCompetencies: ratings([
      'selfDirectedLearning',
      'communicationAndCollaboration',
      'problemSolvingAndCreativity',
    ]),
    specificCompetencies: ratings([
      'language',
      'numeracy',
      'science',
      'technology',
      'informatics',
      'aesthetics',
      'physical',
    ]),
    otherAwards: [],
    homeroomComment: 'Em chăm chỉ, tiến bộ đều trong năm học.',
  };
  return [...subjects, ['homeroom', homeroom]];
}

/** The records of three new pupils of 4A, entered and reviewed: waiting for confirmation and approval. */
async function prepare() {
  const principal = await login('hieutruong.kimdong');
  schoolId = principal.scope[0].schoolId;
  const admin = (await login('vanthu.kimdong')).accessToken as string;
  const overview = await must(principal.accessToken, 'GET', `/v1/schools/${schoolId}/classes`);
  const cls = overview.classes.find((c: { name: string }) => c.name === '4A');
  classId = cls.classId;
  await must(
    admin,
    'POST',
    '/v1/users',
    {
      login: HOMEROOM_LOGIN,
      displayName: 'Trần Thị Mai',
      password: STAFF_PASSWORD,
      grant: { role: 'homeroomTeacher', classId },
    },
    201,
  );
  await must(
    admin,
    'POST',
    '/v1/users',
    {
      login: GROUP_LOGIN,
      displayName: 'Hoàng Văn Tùng',
      password: STAFF_PASSWORD,
      grant: { role: 'subjectGroup', schoolId, subject: 'TOAN' },
    },
    201,
  );
  await must(
    admin,
    'POST',
    '/v1/users',
    {
      login: DEPUTY_LOGIN,
      displayName: 'Lê Văn Hùng',
      password: STAFF_PASSWORD,
      grant: { role: 'deputyPrincipal', schoolId },
    },
    201,
  );
  const enrolled: string[] = [];
  for (const [i, p] of PUPILS.entries()) {
    const r = await must(
      principal.accessToken,
      'POST',
      `/v1/classes/${classId}/students`,
      {
        nationalId: `0222160${String(90000 + i)}`,
        biography: {
          fullName: p.name,
          dateOfBirth: p.dob,
          sex: p.sex,
          birthplace: 'Hạ Long, Quảng Ninh',
          ethnicity: 'Kinh',
          guardians: [{ relation: 'mother', fullName: 'Nguyễn Thị Hoa' }],
        },
      },
      201,
    );
    enrolled.push(r.enrolmentId);
  }
  const drafts = await must(principal.accessToken, 'POST', `/v1/classes/${classId}/records`, undefined, 201);
  const byEnrolment = new Map<string, string>(
    drafts.created.map((d: { enrolmentId: string; recordId: string }) => [d.enrolmentId, d.recordId]),
  );
  recordIds = enrolled.map((e) => byEnrolment.get(e)!);
  const homeroom = (await login(HOMEROOM_LOGIN, STAFF_PASSWORD)).accessToken as string;
  for (const id of recordIds) {
    for (const [part, data] of entries(cls.grade)) {
      await must(homeroom, 'PUT', `/v1/records/${id}/entries/${part}`, { data });
    }
    expect((await must(homeroom, 'POST', `/v1/records/${id}/review`)).state).toBe('reviewed');
  }
}

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launch()]);
  await prepare();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

async function open(): Promise<Page> {
  g = await guardedPage(browser, demo.url);
  errors = [];
  g.page.on('pageerror', (e) => errors.push(String(e)));
  g.page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  await g.page.goto(`${demo.url}/console/`);
  await g.page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  return g.page;
}

afterEach(async () => {
  if (!g) return;
  const { foreign, context } = g;
  g = undefined;
  await context.close();
  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
});

async function signIn(page: Page, name: string, password = PASSWORD) {
  await page.getByLabel('Tên đăng nhập').fill(name);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('role').waitFor();
}

/** The record as the gateway has it now, read as the principal. */
async function gatewayRecord(id: string) {
  const t = (await login('hieutruong.kimdong')).accessToken as string;
  return must(t, 'GET', `/v1/records/${id}`);
}

describe('confirm and approve in the console', () => {
  it('shows a deputy principal the classes and records, with no step to take', async () => {
    const page = await open();
    await signIn(page, DEPUTY_LOGIN, STAFF_PASSWORD);
    await page.goto(`${demo.url}/console/#/review`);
    await page.getByText('Hiệu trưởng là người phê duyệt.').waitFor();
    await page.getByTestId('review-class-4A').getByRole('link').click();
    await page.getByRole('heading', { name: 'Học bạ lớp 4A' }).waitFor();
    await page.getByText('Phó hiệu trưởng xem được học bạ; việc phê duyệt là của hiệu trưởng.').waitFor();
    expect(await page.getByTestId('step-all').count()).toBe(0);
    await page.getByRole('link', { name: `Xem học bạ của ${PUPILS[1].name}` }).click();
    await page.getByTestId('hocba').getByRole('heading', { name: 'HỌC BẠ' }).waitFor();
    expect(await page.getByTestId('step-one').count()).toBe(0);
    // The step's page, reached by its address, offers nothing either.
    await page.goto(`${demo.url}/console/#/review/${classId}/step`);
    await expect(page.getByTestId('error-summary').textContent()).resolves.toContain(
      'việc phê duyệt là của hiệu trưởng',
    );
    expect(await page.getByRole('button', { name: /Phê duyệt/ }).count()).toBe(0);
    expect(await axeViolations(page, 'deputy: step page')).toEqual([]);
  });

  it('lets the maths subject group confirm Toán on one record, seen as the học bạ', async () => {
    const page = await open();
    await signIn(page, GROUP_LOGIN, STAFF_PASSWORD);
    await page.goto(`${demo.url}/console/#/review`);
    const row = page.getByTestId('review-class-4A');
    await row.waitFor();
    await expect(row.getByTestId('waiting').textContent()).resolves.toBe('3');
    await expect(page.getByText('chờ tổ chuyên môn xác nhận môn Toán').count()).resolves.toBe(1);
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'Học bạ lớp 4A' }).waitFor();
    await expect(page.getByTestId('step-all').textContent()).resolves.toBe(
      'Xác nhận môn Toán cho 3 học bạ đang chờ',
    );
    await page.getByRole('link', { name: `Xem học bạ của ${PUPILS[0].name}` }).click();
    await page.getByRole('heading', { name: `Học bạ của ${PUPILS[0].name}` }).waitFor();
    const hocba = page.getByTestId('hocba');
    await hocba.getByRole('heading', { name: 'HỌC BẠ' }).waitFor();
    // The portal's layout, in the console: the subjects in the circular's words, no raw codes.
    const text = (await hocba.textContent()) ?? '';
    expect(text).toContain('Toán');
    expect(text).toContain('Hoàn thành tốt');
    expect(text).not.toMatch(/\bTOAN\b|\bTIENG_VIET\b|reviewed/);
    // The biography is not the subject group's to read: said in words, the fields left blank.
    await page.getByTestId('biography-withheld').waitFor();
    expect(text).not.toContain('2016');
    await shots(page, 'console-review-01-group-record');
    expect(await axeViolations(page, 'subject group: a record')).toEqual([]);
    // English, the second language, reaches the học bạ's own words too; then back to Vietnamese.
    await page.getByRole('button', { name: 'English' }).click();
    await hocba.getByRole('heading', { name: 'SCHOOL RECORD' }).waitFor();
    await page.getByRole('heading', { name: `Record of ${PUPILS[0].name}` }).waitFor();
    await expect(hocba.textContent()).resolves.toContain('Mathematics');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await hocba.getByRole('heading', { name: 'HỌC BẠ' }).waitFor();
    await page.getByTestId('step-one').click();
    await page.getByRole('heading', { name: 'Xác nhận môn Toán — lớp 4A' }).waitFor();
    await expect(page.getByTestId('step-list').getByRole('listitem').allTextContents()).resolves.toEqual([
      PUPILS[0].name,
    ]);
    await page.getByRole('button', { name: 'Xác nhận 1 học bạ' }).click();
    await expect(page.getByTestId('step-done').textContent()).resolves.toBe(
      'Đã xác nhận môn Toán cho 1/1 học bạ của lớp 4A.',
    );
    // The gateway has the subject group's confirmation of Toán on that record.
    const r = await gatewayRecord(recordIds[0]!);
    expect(r.state).toBe('confirmed');
    expect(
      r.signatures.filter((s: { role: string; subject: string }) => s.role === 'subjectGroup'),
    ).toMatchObject([{ subject: 'TOAN' }]);
    // Back in the class: two still wait for the subject group (the confirmed one no longer does).
    await page.getByRole('link', { name: 'Quay lại lớp 4A' }).first().click();
    await expect(page.getByTestId('step-all').textContent()).resolves.toBe(
      'Xác nhận môn Toán cho 2 học bạ đang chờ',
    );
    // The other two in one go, from the confirmation page that lists them first.
    await page.getByTestId('step-all').click();
    await page.getByRole('heading', { name: 'Xác nhận môn Toán — lớp 4A' }).waitFor();
    const two = await page.getByTestId('step-list').getByRole('listitem').allTextContents();
    expect([...two].sort()).toEqual([PUPILS[1].name, PUPILS[2].name].sort());
    await page.getByRole('button', { name: 'Xác nhận 2 học bạ' }).click();
    await expect(page.getByTestId('step-done').textContent()).resolves.toBe(
      'Đã xác nhận môn Toán cho 2/2 học bạ của lớp 4A.',
    );
    expect(await page.getByTestId('error-summary').count()).toBe(0);
    for (const id of recordIds) expect((await gatewayRecord(id)).state).toBe('confirmed');
    await page.getByRole('link', { name: 'Quay lại lớp 4A' }).first().click();
    await page.getByTestId('nothing-waiting').waitFor();
  });

  it('lets the principal approve the waiting records of 4A in one go, then lock the class', async () => {
    const page = await open();
    await signIn(page, 'hieutruong.kimdong');
    await page.goto(`${demo.url}/console/#/review`);
    const row = page.getByTestId('review-class-4A');
    await row.waitFor();
    await expect(row.getByTestId('waiting').textContent()).resolves.toBe('3');
    await expect(row.getByTestId('counts').textContent()).resolves.toMatch(
      /^3 tổ chuyên môn đã xác nhận, \d+ đã phê duyệt$/,
    );
    await shots(page, 'console-review-02-classes');
    expect(await axeViolations(page, 'principal: classes')).toEqual([]);

    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'Học bạ lớp 4A' }).waitFor();
    const states = await page.getByTestId('pupil').getByTestId('state').allTextContents();
    expect(states.filter((s) => s === 'Tổ chuyên môn đã xác nhận, chờ phê duyệt')).toHaveLength(3);
    await shots(page, 'console-review-03-class');
    expect(await axeViolations(page, 'principal: class')).toEqual([]);

    // One record laid out as the học bạ, with the principal's biography.
    await page.getByRole('link', { name: `Xem học bạ của ${PUPILS[1].name}` }).click();
    const hocba = page.getByTestId('hocba');
    await hocba.getByRole('heading', { name: 'HỌC BẠ' }).waitFor();
    await expect(hocba.textContent()).resolves.toContain(PUPILS[1].name);
    await expect(hocba.textContent()).resolves.toContain('02/07/2016');
    await expect(hocba.textContent()).resolves.toContain('Trường Tiểu học Kim Đồng');
    // No internal id on a teacher's screen.
    await expect(page.locator('main').textContent()).resolves.not.toMatch(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/,
    );
    // The steps done before this one, each with its time in Vietnam's.
    const steps = await page.getByTestId('steps-done').getByRole('listitem').allTextContents();
    expect(steps).toHaveLength(2);
    expect(steps[0]).toMatch(/^Giáo viên chủ nhiệm đã xem xét học bạ lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(steps[1]).toMatch(/^Tổ chuyên môn đã xác nhận môn Toán lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await expect(page.getByTestId('step-one').textContent()).resolves.toBe('Phê duyệt học bạ này');
    // The học bạ's own sign-off blocks: the review and the confirmation with who and which day, not yet
    // approved, nothing "signed" before lock. The names and days are the gateway's (signerName, signedAt).
    const answer = await gatewayRecord(recordIds[1]!);
    const signOff = (role: string) =>
      answer.signatures.find((x: { role: string; subject: string | null }) =>
        role === 'subjectGroup' ? x.role === role : x.role === role && x.subject === null,
      );
    expect(signOff('homeroomTeacher').signerName).toBe('Trần Thị Mai');
    expect(signOff('subjectGroup').signerName).toBe('Hoàng Văn Tùng');
    const block = (role: string) => hocba.locator(`.hb-sign[data-role="${role}"]`);
    await expect(block('homeroomTeacher').locator('p').allTextContents()).resolves.toEqual([
      'Giáo viên chủ nhiệm',
      `Rà soát ngày ${instantDate(signOff('homeroomTeacher').signedAt)?.vi}`,
      'Đã rà soát',
      'Trần Thị Mai',
    ]);
    await expect(block('subjectGroup').locator('p').allTextContents()).resolves.toEqual([
      'Tổ chuyên môn',
      `Xác nhận ngày ${instantDate(signOff('subjectGroup').signedAt)?.vi}`,
      'Đã xác nhận: Toán',
      'Hoàng Văn Tùng',
    ]);
    await expect(block('principal').getAttribute('data-state')).resolves.toBe('unsigned');
    await expect(block('principal').textContent()).resolves.toContain('Chưa phê duyệt');
    const signs = (await hocba.locator('.hb-signs').textContent()) ?? '';
    expect(signs).not.toMatch(/Chưa xác nhận|Chưa ký|ký số|Chưa có tên/);
    const viewport = page.viewportSize();
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 768 });
      await hocba
        .locator('.hb-signs')
        .screenshot({ path: join(ARTIFACTS, `console-review-04-record-signs-${width}.png`) });
    }
    if (viewport) await page.setViewportSize(viewport);
    await shots(page, 'console-review-04-record');
    expect(await axeViolations(page, 'principal: a record')).toEqual([]);

    await page.getByRole('link', { name: 'Quay lại lớp 4A' }).click();
    await page.getByTestId('step-all').click();
    await page.getByRole('heading', { name: 'Phê duyệt học bạ — lớp 4A' }).waitFor();
    // The three, in the class list's order (by given name, as Vietnamese class lists go).
    const listed3 = await page.getByTestId('step-list').getByRole('listitem').allTextContents();
    expect([...listed3].sort()).toEqual(PUPILS.map((p) => p.name).sort());
    await shots(page, 'console-review-05-confirmation');
    expect(await axeViolations(page, 'principal: confirmation')).toEqual([]);

    // Meanwhile the third record is approved elsewhere: the page's third request meets the gateway's refusal.
    const t = (await login('hieutruong.kimdong')).accessToken as string;
    await must(t, 'POST', `/v1/records/${recordIds[2]}/approve`);
    await page.getByRole('button', { name: 'Phê duyệt 3 học bạ' }).click();
    await expect(page.getByTestId('step-done').textContent()).resolves.toBe(
      'Đã phê duyệt 2/3 học bạ của lớp 4A.',
    );
    const summary = page.getByTestId('error-summary');
    const refusal = (await summary.textContent()) ?? '';
    expect(refusal).toContain(PUPILS[2].name);
    expect(refusal).not.toMatch(/RECORD_WRONG_STATE|409|approved/);
    // Where the refused record stands now, read again from the gateway.
    await expect(
      page.getByTestId('outcome').filter({ hasText: PUPILS[2].name }).textContent(),
    ).resolves.toContain('(Hiện tại: Đã phê duyệt.)');
    await expect(
      page.getByRole('link', { name: 'Đến mục Các lớp để khóa học bạ' }).getAttribute('href'),
    ).resolves.toBe('#/classes');
    await shots(page, 'console-review-06-done');
    expect(await axeViolations(page, 'principal: done')).toEqual([]);

    // The gateway has all three approved, each with the principal's approval in the record.
    for (const id of recordIds) {
      const r = await gatewayRecord(id);
      expect(r.state).toBe('approved');
      expect(r.record.results.principalApproval.principal).toBe('Nguyễn Văn Khải');
    }
    const read = await must(t, 'GET', `/v1/classes/${classId}/records`);
    expect(read.records.every((r: { state: string }) => r.state === 'approved')).toBe(true);

    // The class shows it…
    await page.getByRole('link', { name: 'Quay lại lớp 4A' }).first().click();
    await page.getByTestId('nothing-waiting').waitFor();
    await expect(page.getByTestId('pupil').getByTestId('state').allTextContents()).resolves.toEqual(
      Array(7).fill('Đã phê duyệt'),
    );
    // …and the classes page (where the done page leads) can lock it now.
    await page.goto(`${demo.url}/console/#/classes`);
    await page.getByRole('button', { name: 'Khóa học bạ 4A' }).click();
    await expect
      .poll(async () => {
        const o = await must(t, 'GET', `/v1/schools/${schoolId}/classes`);
        return o.classes.find((c: { name: string }) => c.name === '4A').batch?.state;
      })
      .toBe('assembling');
  });
});
