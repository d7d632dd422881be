/**
 * The homeroom teacher's screens of the console (issue 13 point 3) in Debian's Chromium, against the demo of
 * `npm start` run as its own process (documents-demo.ts). The demo's homeroom teacher keeps 5A, which the
 * seed locked; so the test, through the API, has the school admin give a new homeroom teacher class 4A
 * (approved records) and that teacher enrol two new pupils with drafts: one whose subjects are all in
 * (only the homeroom part missing), one with nothing. In the page the teacher sees what each still lacks,
 * filters to them, enters the assessment and comment, updates a biography (a day that does not exist refused
 * with a linked error), reviews a pupil and then the whole class — each outcome read back from the gateway.
 * axe-core finds no serious or critical violation; screenshots at 1366×768 and 390 px go to
 * test/artifacts/console-homeroom-*.png.
 */
import { curriculumFor } from '@hocba/records';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type Guarded, guardedPage, launch, shots } from './chromium.ts';
import { type DemoServer, startDemo } from './documents-demo.ts';

const PASSWORD = 'hocba-demo-2026';
const TEACHER = { login: 'gvcn.4a.test', password: 'mat-khau-cua-co-hoa-2026', name: 'Lê Thị Hoa' };
const PUPIL_A = { fullName: 'Phạm Minh Anh', nationalId: '022315000901', dateOfBirth: '2016-05-04' };
const PUPIL_B = { fullName: 'Đỗ Gia Bảo', nationalId: '022215000902', dateOfBirth: '2016-11-20' };
/** A pupil of grade 6 at THCS Chu Văn An: conduct and absences instead of ratings (Circular 22). */
const PUPIL_C = { fullName: 'Trần Khánh Linh', nationalId: '022314000903', dateOfBirth: '2014-08-09' };
const TEACHER_6A = { login: 'gvcn.6a.test', password: 'mat-khau-cua-thay-nam-2026', name: 'Hoàng Văn Nam' };

let demo: DemoServer;
let browser: Browser;
let g: Guarded | undefined;
let errors: string[];
let classId: string;
let teacherToken: string;
const ids: Record<'A' | 'B' | 'C', { studentId: string; recordId: string }> = {} as never;
let class6A: string;
let teacher6Token: string;

async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  o: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${demo.url}${path}`, {
    method,
    headers: {
      ...(o.body !== undefined && { 'content-type': 'application/json' }),
      ...(o.token && { authorization: `Bearer ${o.token}` }),
    },
    body: o.body === undefined ? null : JSON.stringify(o.body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function login(loginName: string, password = PASSWORD): Promise<string> {
  const r = await api<{ accessToken: string }>('POST', '/v1/auth/login', {
    body: { login: loginName, password },
  });
  expect(r.status).toBe(200);
  return r.body.accessToken;
}

/** Every compulsory subject of grade 4 entered for a record, as the subject teachers would. */
async function enterAllSubjects(recordId: string) {
  for (const s of curriculumFor('TH', 4)!.subjects.filter((x) => x.kind === 'compulsory')) {
    const r = await api('PUT', `/v1/classes/${classId}/subjects/${s.code}/marks`, {
      token: teacherToken,
      body: { rows: [{ recordId, data: { level: 'T', ...(s.tested && { testScore: 9 }) } }] },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
}

const ALL_GOOD = {
  qualities: { patriotism: 'T', kindness: 'T', diligence: 'T', honesty: 'T', responsibility: 'T' },
  generalCompetencies: {
    selfDirectedLearning: 'T',
    communicationAndCollaboration: 'T',
    problemSolvingAndCreativity: 'T',
  },
  specificCompetencies: {
    language: 'T',
    numeracy: 'T',
    science: 'T',
    technology: 'T',
    informatics: 'T',
    aesthetics: 'T',
    physical: 'T',
  },
  otherAwards: [],
};

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launch()]);
  classId = demo.anchoredClassId.replace(/-5A$/, '-4A');
  const admin = await login('vanthu.kimdong');
  const created = await api('POST', '/v1/users', {
    token: admin,
    body: {
      login: TEACHER.login,
      displayName: TEACHER.name,
      password: TEACHER.password,
      grant: { role: 'homeroomTeacher', classId },
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  teacherToken = await login(TEACHER.login, TEACHER.password);
  for (const [key, p] of [
    ['A', PUPIL_A],
    ['B', PUPIL_B],
  ] as const) {
    const r = await api<{ studentId: string }>('POST', `/v1/classes/${classId}/students`, {
      token: teacherToken,
      body: {
        nationalId: p.nationalId,
        biography: {
          fullName: p.fullName,
          dateOfBirth: p.dateOfBirth,
          sex: key === 'A' ? 'female' : 'male',
          birthplace: 'Hạ Long, Quảng Ninh',
          ethnicity: 'Kinh',
          guardians: key === 'A' ? [{ relation: 'mother', fullName: 'Phạm Thị Lan' }] : [],
        },
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[key] = { studentId: r.body.studentId, recordId: '' };
  }
  const drafts = await api<{ created: { recordId: string; enrolmentId: string }[] }>(
    'POST',
    `/v1/classes/${classId}/records`,
    { token: teacherToken },
  );
  expect(drafts.status).toBe(201);
  expect(drafts.body.created).toHaveLength(2);
  const list = await api<{ pupils: { studentId: string; enrolmentId: string }[] }>(
    'GET',
    `/v1/classes/${classId}/students`,
    { token: teacherToken },
  );
  for (const key of ['A', 'B'] as const) {
    const enrolmentId = list.body.pupils.find((p) => p.studentId === ids[key].studentId)!.enrolmentId;
    ids[key].recordId = drafts.body.created.find((c) => c.enrolmentId === enrolmentId)!.recordId;
  }
  await enterAllSubjects(ids.A.recordId);

  // The province officer gives a homeroom teacher grade 6A of THCS Chu Văn An; he enrols one pupil.
  class6A = demo.anchoredClassId.replace('SCH-QN-001', 'SCH-QN-002').replace(/-5A$/, '-6A');
  const made = await api('POST', '/v1/users', {
    token: await login('so.quangninh'),
    body: {
      login: TEACHER_6A.login,
      displayName: TEACHER_6A.name,
      password: TEACHER_6A.password,
      grant: { role: 'homeroomTeacher', classId: class6A },
    },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const t6 = await login(TEACHER_6A.login, TEACHER_6A.password);
  teacher6Token = t6;
  const c = await api<{ studentId: string }>('POST', `/v1/classes/${class6A}/students`, {
    token: t6,
    body: {
      nationalId: PUPIL_C.nationalId,
      biography: {
        fullName: PUPIL_C.fullName,
        dateOfBirth: PUPIL_C.dateOfBirth,
        sex: 'female',
        birthplace: 'Uông Bí, Quảng Ninh',
        ethnicity: 'Tày',
        guardians: [],
      },
    },
  });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  const d = await api<{ created: { recordId: string }[] }>('POST', `/v1/classes/${class6A}/records`, {
    token: t6,
  });
  expect(d.body.created).toHaveLength(1);
  ids.C = { studentId: c.body.studentId, recordId: d.body.created[0]!.recordId };
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

afterEach(async () => {
  if (!g) return;
  const { foreign, context } = g;
  g = undefined;
  await context.close();
  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
});

/** The teacher signed in at an address of her area. */
async function openAs(hash: string, who = TEACHER): Promise<Page> {
  g = await guardedPage(browser, demo.url, { viewport: { width: 1366, height: 768 } });
  errors = [];
  g.page.on('pageerror', (e) => errors.push(String(e)));
  g.page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  await g.page.goto(`${demo.url}/console/${hash}`);
  await g.page.getByLabel('Tên đăng nhập').fill(who.login);
  await g.page.getByLabel('Mật khẩu').fill(who.password);
  await g.page.getByRole('button', { name: 'Đăng nhập' }).click();
  await g.page.getByTestId('role').waitFor();
  return g.page;
}

const row = (page: Page, name: string) => page.getByRole('row').filter({ hasText: name });
const record = async (key: 'A' | 'B' | 'C') =>
  (
    await api<{ state: string; record: { results: Record<string, unknown> } }>(
      'GET',
      `/v1/records/${ids[key].recordId}`,
      { token: key === 'C' ? teacher6Token : teacherToken },
    )
  ).body;

describe("the homeroom teacher's class", () => {
  it('shows each pupil with what the record still lacks, and filters to those', async () => {
    const page = await openAs('#/homeroom');
    await page.getByRole('heading', { name: 'Lớp 4A' }).waitFor();
    const a = row(page, PUPIL_A.fullName);
    await expect(a.getByTestId('state').textContent()).resolves.toBe('Đang nhập');
    await expect(a.getByTestId('missing').textContent()).resolves.toBe('Phẩm chất, năng lực');
    const b = row(page, PUPIL_B.fullName);
    await expect(b.getByTestId('missing').textContent()).resolves.toMatch(
      /^Môn chưa có kết quả: Tiếng Việt, .*Toán.*Phẩm chất, năng lực$/,
    );
    // Dates as a teacher writes them, never ISO.
    await expect(a.locator('td').first().textContent()).resolves.toBe('04/05/2016');
    // The seed's four approved pupils lack nothing.
    await expect(page.getByText('Hiệu trưởng đã phê duyệt').count()).resolves.toBe(4);
    await expect(page.getByTestId('hr-count').textContent()).resolves.toBe('Đang hiện 6 trên 6 học sinh');
    await expect(page.getByTestId('hr-blockers').getByRole('listitem').count()).resolves.toBe(2);
    await expect(page.getByRole('button', { name: /^Rà soát/ }).count()).resolves.toBe(0);
    await shots(page, 'console-homeroom-01-class');
    const found = await axeViolations(page, 'class');
    await page.getByLabel('Chỉ hiện học sinh còn thiếu').check();
    await expect(page.getByTestId('hr-count').textContent()).resolves.toBe('Đang hiện 2 trên 6 học sinh');
    await expect(page.locator('#hr-pupils tbody tr').count()).resolves.toBe(2);
    await shots(page, 'console-homeroom-02-only-missing');
    found.push(...(await axeViolations(page, 'class filtered')));
    expect(found).toEqual([]);
  });

  it('enters the assessment and comment of a pupil, each missing rating linked to its field', async () => {
    const page = await openAs('#/homeroom');
    await page.locator('#hr-pupils').getByRole('link', { name: PUPIL_A.fullName }).click();
    await page.getByRole('heading', { name: PUPIL_A.fullName }).waitFor();
    await expect(page.getByTestId('hr-gaps').textContent()).resolves.toBe('Phẩm chất, năng lực');
    await expect(page.getByTestId('hr-cannot-review').count()).resolves.toBe(1);
    await shots(page, 'console-homeroom-03-pupil');
    const found = await axeViolations(page, 'pupil');
    await page.getByRole('link', { name: 'Nhập đánh giá và nhận xét' }).click();
    await page.getByRole('button', { name: 'Lưu' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    const links = summary.getByRole('link');
    await expect(links.count()).resolves.toBe(15);
    await expect(links.first().textContent()).resolves.toBe('Chọn mức cho Yêu nước');
    await links.nth(5).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe(
      'hr-generalCompetencies-selfDirectedLearning',
    );
    await shots(page, 'console-homeroom-04-assessment-errors');
    found.push(...(await axeViolations(page, 'assessment with errors')));
    for (const select of await page.locator('form select').all()) await select.selectOption('T');
    await page.getByLabel('Trung thực').selectOption('D');
    const comment = 'Em chăm ngoan, học tốt, tích cực tham gia các hoạt động của lớp.';
    await page.getByLabel('Nhận xét của giáo viên chủ nhiệm').fill(comment);
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect(page.getByTestId('hr-notice').textContent()).resolves.toBe('Đã lưu.');
    await expect(page.getByTestId('hr-state').textContent()).resolves.toBe('Đã nhập đủ, chờ rà soát');
    await expect(page.getByTestId('hr-gaps').textContent()).resolves.toBe('Đã đủ');
    const r = await record('A');
    expect(r.state).toBe('entered');
    expect(r.record.results.qualities).toMatchObject({ honesty: 'D', patriotism: 'T' });
    expect(r.record.results.homeroomComment).toBe(comment);
    expect(found).toEqual([]);
  });

  it("updates a pupil's biography: a day that does not exist is refused and linked, then saved", async () => {
    const page = await openAs(`#/homeroom/${classId}/${ids.A.studentId}/biography`);
    await page.getByRole('heading', { name: `Sơ yếu lý lịch: ${PUPIL_A.fullName}` }).waitFor();
    await expect(page.getByLabel('Ngày', { exact: true }).inputValue()).resolves.toBe('4');
    await page.getByLabel('Ngày', { exact: true }).fill('31');
    await page.getByLabel('Tháng', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Lưu' }).click();
    const summary = page.getByTestId('error-summary');
    await expect(summary.getByRole('link').allTextContents()).resolves.toEqual([
      'Ngày sinh phải là một ngày có thật',
    ]);
    await summary.getByRole('link').click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('dob-day');
    await shots(page, 'console-homeroom-05-biography-bad-date');
    const found = await axeViolations(page, 'biography with an error');
    await page.getByLabel('Ngày', { exact: true }).fill('15');
    await page.getByLabel('Tháng', { exact: true }).fill('3');
    await page.getByLabel('Nơi sinh').fill('Cẩm Phả, Quảng Ninh');
    await page.getByRole('button', { name: 'Thêm người' }).click();
    await page.getByLabel('Quan hệ').nth(1).selectOption('father');
    await page.getByRole('group', { name: 'Người thứ 2' }).getByLabel('Họ và tên').fill('Phạm Văn Đức');
    await page
      .getByRole('group', { name: 'Người thứ 2' })
      .getByLabel(/Số điện thoại/)
      .fill('0912 345 678');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect(page.getByTestId('hr-notice').textContent()).resolves.toBe(
      'Đã cập nhật lý lịch: ngày sinh, nơi sinh, cha mẹ, người giám hộ.',
    );
    await shots(page, 'console-homeroom-06-biography-saved');
    found.push(...(await axeViolations(page, 'biography saved')));
    const bio = await api<{ biography: Record<string, unknown> }>(
      'GET',
      `/v1/students/${ids.A.studentId}/biography`,
      { token: teacherToken },
    );
    expect(bio.body.biography).toMatchObject({
      fullName: PUPIL_A.fullName,
      dateOfBirth: '2016-03-15',
      birthplace: 'Cẩm Phả, Quảng Ninh',
      guardians: [
        { relation: 'mother', fullName: 'Phạm Thị Lan' },
        { relation: 'father', fullName: 'Phạm Văn Đức', phone: '0912345678' },
      ],
    });
    expect(found).toEqual([]);
  });

  it('reviews one pupil, then the whole class once nothing blocks it', async () => {
    const page = await openAs(`#/homeroom/${classId}/${ids.A.studentId}`);
    await page.getByRole('button', { name: 'Xác nhận đã rà soát học bạ' }).click();
    await expect(page.getByTestId('hr-notice').textContent()).resolves.toBe('Đã rà soát học bạ.');
    await expect(page.getByTestId('hr-state').textContent()).resolves.toBe('Đã rà soát');
    expect((await record('A')).state).toBe('reviewed');
    await shots(page, 'console-homeroom-07-pupil-reviewed');
    const found = await axeViolations(page, 'pupil reviewed');
    // B is still blocking: the class list says what.
    await page.getByRole('link', { name: 'Quay lại danh sách lớp' }).click();
    const blockers = page.getByTestId('hr-blockers');
    await expect(blockers.textContent()).resolves.toMatch(
      new RegExp(`^${PUPIL_B.fullName}: Môn chưa có kết quả`),
    );
    // Her subject teachers and she complete B (through the API, as other screens would).
    await enterAllSubjects(ids.B.recordId);
    // First with a supplementary assessment a pupil who completed the grade cannot have: entered, but the
    // review of the whole record refuses it (Circular 27 Art. 11), in the gateway's words.
    const enterB = async (data: Record<string, unknown>) => {
      const put = await api('PUT', `/v1/records/${ids.B.recordId}/entries/homeroom`, {
        token: teacherToken,
        body: { data },
      });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      await page.reload();
      await page.getByTestId('role').waitFor();
    };
    await enterB({ ...ALL_GOOD, supplementary: { completed: true, assessedAt: '2027-07-15' } });
    await page.getByRole('button', { name: 'Rà soát 1 học bạ đã nhập đủ' }).click();
    await page.getByTestId('error-summary').waitFor();
    await expect(page.getByTestId('error-summary').getByRole('listitem').allTextContents()).resolves.toEqual([
      `${PUPIL_B.fullName}: Chỉ đánh giá bổ sung học sinh chưa hoàn thành chương trình lớp học.`,
    ]);
    await expect(row(page, PUPIL_B.fullName).getByTestId('state').textContent()).resolves.toBe(
      'Đã nhập đủ, chờ rà soát',
    );
    await page.getByTestId('error-summary').getByRole('link').click();
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(PUPIL_B.fullName);
    expect((await record('B')).state).toBe('entered');
    await shots(page, 'console-homeroom-08a-class-review-refused');
    found.push(...(await axeViolations(page, 'class review refused')));
    await enterB(ALL_GOOD);
    const button = page.getByRole('button', { name: 'Rà soát 1 học bạ đã nhập đủ' });
    await button.waitFor();
    await expect(blockers.count()).resolves.toBe(0);
    await shots(page, 'console-homeroom-08-class-ready');
    await button.click();
    await expect(page.getByTestId('hr-notice').textContent()).resolves.toBe('Đã rà soát 1 học bạ.');
    await expect(row(page, PUPIL_B.fullName).getByTestId('state').textContent()).resolves.toBe('Đã rà soát');
    expect((await record('B')).state).toBe('reviewed');
    await shots(page, 'console-homeroom-09-class-reviewed');
    found.push(...(await axeViolations(page, 'class reviewed')));
    expect(found).toEqual([]);
  });
});

describe('a secondary homeroom teacher: conduct and absences (Circular 22)', () => {
  it('enters the conduct of each semester and the sessions absent, a bad number linked to its field', async () => {
    const page = await openAs(`#/homeroom/${class6A}/${ids.C.studentId}`, TEACHER_6A);
    await page.getByRole('heading', { name: PUPIL_C.fullName }).waitFor();
    const gaps = page.getByTestId('hr-gaps');
    await expect(gaps.textContent()).resolves.toContain('Rèn luyện, chuyên cần');
    await expect(gaps.textContent()).resolves.toContain('Lý lịch: cha mẹ hoặc người giám hộ');
    await page.getByRole('link', { name: 'Nhập đánh giá và nhận xét' }).click();
    await page.getByLabel('Học kì I', { exact: true }).selectOption('TOT');
    await page.getByLabel('Học kì II', { exact: true }).selectOption('KHA');
    await page.getByLabel('Nghỉ có phép').fill('2');
    await page.getByLabel('Nghỉ không phép').fill('một');
    await page.getByRole('button', { name: 'Lưu' }).click();
    const summary = page.getByTestId('error-summary');
    await expect(summary.getByRole('link').allTextContents()).resolves.toEqual([
      'Nghỉ không phép: nhập một số nguyên từ 0 đến 400',
    ]);
    await summary.getByRole('link').click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe(
      'hr-absences-withoutPermission',
    );
    await shots(page, 'console-homeroom-10-secondary-error');
    const found = await axeViolations(page, 'secondary assessment with an error');
    await page.getByLabel('Nghỉ không phép').fill('0');
    await page.getByLabel('Nhận xét của giáo viên chủ nhiệm').fill('Em ngoan, cần mạnh dạn phát biểu hơn.');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect(page.getByTestId('hr-notice').textContent()).resolves.toBe('Đã lưu.');
    // The subjects are still missing: the record stays in entry.
    await expect(page.getByTestId('hr-state').textContent()).resolves.toBe('Đang nhập');
    await expect(gaps.textContent()).resolves.not.toContain('Rèn luyện, chuyên cần');
    await expect(gaps.textContent()).resolves.toContain('Môn chưa có kết quả: Ngữ văn');
    const r = await record('C');
    expect(r.record.results.conduct).toEqual({ semester1: 'TOT', semester2: 'KHA' });
    expect(r.record.results.absences).toEqual({ withPermission: 2, withoutPermission: 0 });
    // English, the page's second language.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'What is still missing' }).waitFor();
    await expect(gaps.textContent()).resolves.toContain('Biography: parents or guardian');
    // The notice follows the language too.
    await expect(page.getByTestId('hr-notice').textContent()).resolves.toBe('Saved.');
    await shots(page, 'console-homeroom-11-secondary-saved-en');
    found.push(...(await axeViolations(page, 'secondary pupil, English')));
    expect(found).toEqual([]);
  });
});

describe("the demo's homeroom teacher of 5A, a locked class", () => {
  it('shows every record locked, nothing missing and nothing to review', async () => {
    g = await guardedPage(browser, demo.url, { viewport: { width: 1366, height: 768 } });
    errors = [];
    const page = g.page;
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${demo.url}/console/#/homeroom`);
    await page.getByLabel('Tên đăng nhập').fill('gvcn.5a.kimdong');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByLabel('Giáo viên chủ nhiệm').check();
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByRole('heading', { name: 'Lớp 5A' }).waitFor();
    await expect(page.getByTestId('state').allTextContents()).resolves.toEqual(Array(4).fill('Đã khóa'));
    await expect(page.getByTestId('missing').allTextContents()).resolves.toEqual(Array(4).fill('Đã đủ'));
    await expect(page.getByTestId('hr-review-class').textContent()).resolves.toContain(
      'Không còn học bạ nào chờ rà soát.',
    );
    await shots(page, 'console-homeroom-12-locked-class');
  });
});
