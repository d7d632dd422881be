/**
 * The console's marks grid (issue 13 point 3, the subject teacher) in Debian's Chromium, against the demo of
 * `npm start` run as its own process (documents-demo.ts). What the test needs is made through the API, as a
 * school would: two pupils joined to Kim Đồng's class 4A (whose four seeded records are approved) with their
 * records drawn up, a maths teacher and a homeroom teacher for the class. The teacher moves through the grid
 * with the keyboard, pastes a block as Excel puts it on the clipboard, meets a bad cell refused in words,
 * saves, and the gateway holds the marks; a record reviewed meanwhile makes the gateway refuse the whole
 * save, shown on its row, and nothing of the other row is written. A lower-secondary class (Circular 22)
 * shows the averages as they follow from pasted scores with decimal commas. axe-core finds no serious or
 * critical violation; screenshots at 1366×768 and 390 px go to test/artifacts/console-marks-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '@hocba/gateway/testing/process/server.ts';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type Guarded, guardedPage, launch, shots } from './chromium.ts';
import { type DemoServer, startDemo } from './documents-demo.ts';

const PASSWORD = 'hocba-demo-2026';
const TEACHER_PASSWORD = 'mat-khau-giao-vien-2026';

let demo: DemoServer;
let browser: Browser;
let g: Guarded | undefined;
let errors: string[];

interface Pupil {
  name: string;
  dob: string;
  recordId: string;
}
let class4A: string;
let class8A: string;
let nam: Pupil;
let pupils: Pupil[];
let adminToken: string;

async function api(token: string | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${demo.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function login(login: string, password = PASSWORD, role?: string): Promise<string> {
  const r = await api(null, 'POST', '/v1/auth/login', { login, password, ...(role ? { role } : {}) });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json.accessToken as string;
}

let nid = 0;
/** A pupil joined to a class (students.manage), as the school's administrator does it. */
async function enrol(token: string, classId: string, name: string, dob: string) {
  nid++;
  const r = await api(token, 'POST', `/v1/classes/${classId}/students`, {
    nationalId: `0229${String(Date.now()).slice(-6)}${String(nid).padStart(2, '0')}`,
    biography: {
      fullName: name,
      dateOfBirth: dob,
      sex: 'female',
      birthplace: 'Thành phố Hạ Long, tỉnh Quảng Ninh',
      ethnicity: 'Kinh',
      guardians: [],
    },
  });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json.enrolmentId as string;
}

/** The new pupils' records drawn up (version 1, draft) and read back by enrolment. */
async function drawUp(token: string, classId: string, enrolmentIds: string[]): Promise<string[]> {
  const c = await api(token, 'POST', `/v1/classes/${classId}/records`);
  expect(c.status, JSON.stringify(c.json)).toBe(201);
  const list = await api(token, 'GET', `/v1/classes/${classId}/records`);
  return enrolmentIds.map(
    (e) => list.json.records.find((r: { enrolmentId: string }) => r.enrolmentId === e).recordId as string,
  );
}

async function account(token: string, login: string, displayName: string, grant: Record<string, string>) {
  const r = await api(token, 'POST', '/v1/users', { login, displayName, password: TEACHER_PASSWORD, grant });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
}

/** A subject's entry as the gateway holds it now (read as the school's administrator). */
async function entryOf(recordId: string, subject: string): Promise<unknown> {
  const r = await api(adminToken, 'GET', `/v1/records/${recordId}`);
  expect(r.status).toBe(200);
  return r.json.record.results?.subjects?.[subject];
}

/** Every subject of the fixture's record but `skip`, entered one by one as the homeroom teacher does. */
async function enterSubjects(token: string, recordId: string, fixture: FixtureRecord, skip?: string) {
  for (const [subject, data] of Object.entries(fixture.results.subjects)) {
    if (subject === skip) continue;
    const r = await api(token, 'PUT', `/v1/records/${recordId}/entries/${subject}`, { data });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
  }
}
/** A record's state as the class's list of records gives it (read as the school's administrator). */
async function stateOf(classId: string, recordId: string): Promise<string> {
  const r = await api(adminToken, 'GET', `/v1/classes/${classId}/records`);
  expect(r.status).toBe(200);
  return r.json.records.find((x: { recordId: string }) => x.recordId === recordId).state as string;
}
/** A whole primary record's results (grade 5's subjects are grade 4's too). */
const fixture = (): FixtureRecord =>
  JSON.parse(readFileSync(join(ROOT, 'records/test/fixtures/primary-grade5.json'), 'utf8'));
interface FixtureRecord {
  results: { subjects: Record<string, unknown> } & Record<string, unknown>;
}

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launch()]);
  adminToken = await login('vanthu.kimdong');
  class4A = demo.anchoredClassId.replace(/-5A$/, '-4A');
  const people = [
    { name: 'Nguyễn Minh Anh', dob: '2016-03-07' },
    { name: 'Trần Gia Bảo', dob: '2016-11-21' },
  ];
  const enrolmentIds = [];
  for (const p of people) enrolmentIds.push(await enrol(adminToken, class4A, p.name, p.dob));
  const ids = await drawUp(adminToken, class4A, enrolmentIds);
  pupils = people.map((p, i) => ({ ...p, recordId: ids[i]! }));
  await account(adminToken, 'gv.toan.4a.kimdong', 'Phan Thị Mai', {
    role: 'subjectTeacher',
    classId: class4A,
    subject: 'TOAN',
  });
  await account(adminToken, 'gvcn.4a.kimdong', 'Lý Văn Tùng', { role: 'homeroomTeacher', classId: class4A });

  // Lower secondary: THCS Chu Văn An's 8A, a pupil joined by its principal, a maths teacher by the province.
  const principal = await login('hieutruong.chuvanan');
  class8A = class4A.replace('SCH-QN-001', 'SCH-QN-002').replace(/-4A$/, '-8A');
  const e8 = await enrol(principal, class8A, 'Lê Hoàng Nam', '2012-05-14');
  nam = { name: 'Lê Hoàng Nam', dob: '2012-05-14', recordId: (await drawUp(principal, class8A, [e8]))[0]! };
  await account(await login('so.quangninh'), 'gv.toan.8a.chuvanan', 'Hà Minh Đức', {
    role: 'subjectTeacher',
    classId: class8A,
    subject: 'TOAN',
  });
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
    // A 4xx is an answer the page shows (the gateway's refusal of a save), not an error of the page.
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

async function signIn(page: Page, login: string) {
  await page.getByLabel('Tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill(TEACHER_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('role').waitFor();
}

const cell = (page: Page, pupil: string, column: string) =>
  page.getByLabel(`${pupil}, ${column}`, { exact: true });
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));

/** A paste as Excel and LibreOffice Calc make it: text/plain, cells split by tabs, rows ended by CRLF. */
async function paste(target: Locator, text: string) {
  await target.focus();
  await target.evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** The message a cell is described by (aria-describedby), or null when it is not in error. */
async function messageOf(page: Page, target: Locator): Promise<string | null> {
  const id = await target.getAttribute('aria-describedby');
  return id ? page.locator(`[id="${id}"]`).textContent() : null;
}

describe("the subject teacher's marks grid (primary, Circular 27)", () => {
  it('moves with the keyboard, pastes a block, refuses a bad cell in words, saves, and the gateway holds the marks', async () => {
    const page = await open();
    await signIn(page, 'gv.toan.4a.kimdong');
    await page.getByRole('link', { name: 'Nhập điểm' }).click();
    // One grant: the grid opens at once, named as a teacher names it.
    await page.getByRole('heading', { name: 'Bảng điểm: Toán — Lớp 4A' }).waitFor();
    const grid = page.getByTestId('marks-grid');
    await expect(grid.getByRole('rowheader').allTextContents()).resolves.toHaveLength(6);
    const text = (await grid.textContent()) ?? '';
    expect(text).toContain('Nguyễn Minh Anh');
    expect(text).toContain('07/03/2016');
    // No ids, codes or ISO dates on screen.
    expect(text).not.toMatch(/SCH-|TOAN|HS\d|draft|approved|\d{4}-\d{2}-\d{2}/);
    // The seeded pupils' records are approved: shown, not editable, and why.
    await expect(page.locator('.marks-closed').textContent()).resolves.toContain(
      'Hiệu trưởng đã phê duyệt: muốn sửa cần đề nghị chỉnh sửa.',
    );
    await expect(grid.getByRole('textbox').count()).resolves.toBe(6); // two pupils × level, test, comment

    const [anh, bao] = pupils as [Pupil, Pupil];
    // Typing replaces; ArrowRight at the end of a cell, Tab, Enter and ArrowLeft move as a spreadsheet does.
    await cell(page, anh.name, 'Mức đạt được').focus();
    await page.keyboard.type('t');
    const anhRow = grid.locator('tr', { has: page.getByRole('rowheader', { name: anh.name }) });
    await expect(anhRow.textContent()).resolves.toContain('Hoàn thành tốt');
    await page.keyboard.press('ArrowRight');
    await expect(focused(page)).resolves.toBe(`${anh.name}, Điểm kiểm tra định kì cuối năm`);
    await page.keyboard.type('9');
    await page.keyboard.press('Tab');
    await expect(focused(page)).resolves.toBe(`${anh.name}, Nhận xét`);
    await page.keyboard.type('Tiến bộ rõ trong giải toán có lời văn.');
    await page.keyboard.press('Enter');
    await expect(focused(page)).resolves.toBe(`${bao.name}, Nhận xét`);
    await page.keyboard.press('ArrowLeft');
    await expect(focused(page)).resolves.toBe(`${bao.name}, Điểm kiểm tra định kì cuối năm`);
    await page.keyboard.press('ArrowUp');
    await expect(focused(page)).resolves.toBe(`${anh.name}, Điểm kiểm tra định kì cuối năm`);
    // Focus selects the whole cell: what is typed replaces it.
    await page.keyboard.type('8');
    await expect(cell(page, anh.name, 'Điểm kiểm tra định kì cuối năm').inputValue()).resolves.toBe('8');
    await page.keyboard.press('ArrowDown');

    // A bad cell, refused as it is typed, in words, linked to the cell.
    await page.keyboard.type('12');
    const baoScore = cell(page, bao.name, 'Điểm kiểm tra định kì cuối năm');
    await expect(baoScore.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(messageOf(page, baoScore)).resolves.toBe(
      'Điểm kiểm tra định kì cuối năm: điểm kiểm tra là số nguyên từ 1 đến 10',
    );
    // The row is incomplete too: its level is missing.
    await expect(messageOf(page, cell(page, bao.name, 'Mức đạt được'))).resolves.toBe(
      'Mức đạt được: chưa nhập',
    );
    await shots(page, 'console-marks-01-bad-cell');
    expect(await axeViolations(page, 'marks grid with a bad cell')).toEqual([]);

    // Saving with a bad cell sends nothing: the summary links each problem to its cell.
    await page.getByRole('button', { name: 'Lưu bảng điểm' }).click();
    const summary = page.getByTestId('error-summary');
    const links = summary.getByRole('link');
    await expect(links.allTextContents()).resolves.toEqual([
      `${bao.name}: Mức đạt được: chưa nhập`,
      `${bao.name}: Điểm kiểm tra định kì cuối năm: điểm kiểm tra là số nguyên từ 1 đến 10`,
    ]);
    await links.nth(1).click();
    await expect(focused(page)).resolves.toBe(`${bao.name}, Điểm kiểm tra định kì cuối năm`);
    expect(await entryOf(bao.recordId, 'TOAN')).toBeUndefined();

    // A block from Excel (decimal comma; one value not a whole number) fills from the focused cell.
    await paste(
      cell(page, anh.name, 'Mức đạt được'),
      'T\t9\tTiến bộ rõ.\r\nH\t7,5\tCần luyện thêm phép chia.\r\n',
    );
    await expect(cell(page, bao.name, 'Mức đạt được').inputValue()).resolves.toBe('H');
    // The summary spoke of the last save: once the teacher corrects, it gives way to the rows' own messages.
    await expect(summary.count()).resolves.toBe(0);
    await expect(cell(page, bao.name, 'Nhận xét').inputValue()).resolves.toBe('Cần luyện thêm phép chia.');
    await expect(messageOf(page, baoScore)).resolves.toBe(
      'Điểm kiểm tra định kì cuối năm: điểm kiểm tra là số nguyên từ 1 đến 10',
    );
    await paste(baoScore, '8\r\n');
    await expect(baoScore.inputValue()).resolves.toBe('8');
    await expect(baoScore.getAttribute('aria-invalid')).resolves.toBeNull();
    // Delete clears the focused cell (a comment is optional).
    await cell(page, bao.name, 'Nhận xét').focus();
    await page.keyboard.press('Delete');
    await expect(cell(page, bao.name, 'Nhận xét').inputValue()).resolves.toBe('');
    // The rows changed and not saved say so.
    await expect(anhRow.locator('td').nth(1).textContent()).resolves.toBe('Đang nhập (chưa lưu)');
    await shots(page, 'console-marks-02-pasted');

    // Meanwhile the homeroom teacher enters every other part of Bảo's record: Toán is the last one missing.
    const homeroom = await login('gvcn.4a.kimdong', TEACHER_PASSWORD);
    const record = fixture();
    await enterSubjects(homeroom, bao.recordId, record, 'TOAN');
    const {
      subjects: _s,
      principalApproval: _p,
      overallResult: _o,
      gradeCompleted: _g,
      primaryCompleted: _c,
      ...part
    } = record.results;
    const h = await api(homeroom, 'PUT', `/v1/records/${bao.recordId}/entries/homeroom`, {
      data: { ...part, award: null },
    });
    expect(h.status, JSON.stringify(h.json)).toBe(200);
    await page.getByRole('button', { name: 'Lưu bảng điểm' }).click();
    await expect(
      page.getByTestId('marks-status').filter({ hasText: 'Đã lưu lúc' }).textContent(),
    ).resolves.toMatch(/^Đã lưu lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}: 2 học sinh đã được ghi điểm\.$/);
    expect(await entryOf(anh.recordId, 'TOAN')).toEqual({ level: 'T', testScore: 9, comment: 'Tiến bộ rõ.' });
    expect(await entryOf(bao.recordId, 'TOAN')).toEqual({ level: 'H', testScore: 8 });
    // The grid shows what the gateway now holds.
    await expect(cell(page, anh.name, 'Điểm kiểm tra định kì cuối năm').inputValue()).resolves.toBe('9');
    await anhRow.locator('td.marks-state', { hasText: /^Đang nhập$/ }).waitFor();
    // Toán was the last part of Bảo's record: the gateway holds it as entered now, and the grid says so.
    const baoRow = grid.locator('tr', { has: page.getByRole('rowheader', { name: bao.name }) });
    await expect(baoRow.locator('td.marks-state').textContent()).resolves.toBe('Đã nhập đủ');
    await expect(stateOf(class4A, bao.recordId)).resolves.toBe('entered');
    // A primary test score is a whole number: the hint speaks of no decimal comma.
    expect((await page.locator('.marks .hint').allTextContents()).join(' ')).not.toContain('dấu phẩy');
    await shots(page, 'console-marks-03-saved');
    expect(await axeViolations(page, 'marks grid saved')).toEqual([]);

    // Meanwhile the homeroom teacher reviews Bảo's record: it takes no more marks.
    const rv = await api(homeroom, 'POST', `/v1/records/${bao.recordId}/review`);
    expect(rv.status, JSON.stringify(rv.json)).toBe(200);

    // The teacher's next save touches both rows: the gateway refuses it whole, and says which row and why.
    await cell(page, anh.name, 'Điểm kiểm tra định kì cuối năm').fill('10');
    await cell(page, bao.name, 'Điểm kiểm tra định kì cuối năm').fill('7');
    await page.getByRole('button', { name: 'Lưu bảng điểm' }).click();
    await summary.getByRole('link').first().waitFor();
    await expect(summary.getByRole('link').allTextContents()).resolves.toEqual([
      `${bao.name}: Giáo viên chủ nhiệm đã xem xét học bạ: không sửa được nữa.`,
    ]);
    await expect(grid.locator('tr.row-problems').textContent()).resolves.toBe(
      'Giáo viên chủ nhiệm đã xem xét học bạ: không sửa được nữa.',
    );
    await page
      .getByText('Máy chủ không ghi hàng nào (lưu tất cả hoặc không lưu gì).', { exact: false })
      .waitFor();
    // The status column says what the refusal told: Bảo's record is reviewed now.
    await expect(baoRow.locator('td.marks-state').textContent()).resolves.toBe('Đã xem xét (chưa lưu)');
    // All or nothing: Anh's mark is the one saved before.
    expect(await entryOf(anh.recordId, 'TOAN')).toEqual({ level: 'T', testScore: 9, comment: 'Tiến bộ rõ.' });
    expect(await entryOf(bao.recordId, 'TOAN')).toEqual({ level: 'H', testScore: 8 });
    await shots(page, 'console-marks-04-refused');
    expect(await axeViolations(page, 'marks grid refused')).toEqual([]);

    // Reloaded, Bảo's row is read-only with why.
    await page.getByRole('button', { name: 'Tải lại từ máy chủ' }).click();
    await page
      .locator('.marks-closed li')
      .filter({
        hasText: `Chỉ xem (${bao.name}): Giáo viên chủ nhiệm đã xem xét học bạ: không sửa được nữa.`,
      })
      .waitFor();
    await expect(grid.getByRole('textbox').count()).resolves.toBe(3);
  });
});

describe("the subject teacher's marks grid (lower secondary, Circular 22)", () => {
  it('shows ĐTBmhk and ĐTBmcn as pasted scores (decimal commas) follow, and saves them', async () => {
    const page = await open();
    await signIn(page, 'gv.toan.8a.chuvanan');
    await page.getByRole('link', { name: 'Nhập điểm' }).click();
    await page.getByRole('heading', { name: 'Bảng điểm: Toán — Lớp 8A' }).waitFor();
    const grid = page.getByTestId('marks-grid');
    // Toán has 140 periods a year: four ĐĐGtx a semester (Circular 22 Art. 6 §2b), then ĐĐGgk and ĐĐGck.
    await expect(grid.locator('thead tr').nth(1).locator('th').allTextContents()).resolves.toEqual([
      ...['TX1', 'TX2', 'TX3', 'TX4', 'GK', 'CK', 'ĐTB'],
      ...['TX1', 'TX2', 'TX3', 'TX4', 'GK', 'CK', 'ĐTB'],
    ]);
    const row = grid.locator('tr', { has: page.getByRole('rowheader', { name: nam.name }) });
    const derived = () => row.locator('td.derived').allTextContents();
    // A bad score refused as typed.
    const mid = cell(page, nam.name, 'ĐĐGgk học kì I');
    await mid.focus();
    await page.keyboard.type('11');
    await expect(messageOf(page, mid)).resolves.toBe(
      'ĐĐGgk học kì I: điểm từ 0 đến 10, tối đa một chữ số thập phân',
    );
    // One row of twelve scores from a spreadsheet, decimal commas, pasted at the first ĐĐGtx.
    await paste(cell(page, nam.name, 'ĐĐGtx 1 học kì I'), '8\t7,5\t9\t8\t7\t8,5\t9\t8\t8\t7\t7,5\t8\r\n');
    await expect(mid.inputValue()).resolves.toBe('7');
    await expect(mid.getAttribute('aria-invalid')).resolves.toBeNull();
    // (80+75+90+80 + 2·70 + 3·85)/9 = 8,0; (90+80+80+70 + 2·75 + 3·80)/9 = 7,9; (8,0 + 2·7,9)/3 = 7,9.
    await expect(derived()).resolves.toEqual(['8,0', '7,9', '7,9']);
    // Clearing a cell takes its semester's average and the year's away.
    await cell(page, nam.name, 'ĐĐGck học kì II').focus();
    await page.keyboard.press('Delete');
    await expect(derived()).resolves.toEqual(['8,0', '', '']);
    await page.keyboard.type('8');
    await expect(derived()).resolves.toEqual(['8,0', '7,9', '7,9']);
    // Escape takes back what was typed in the cell since it took the focus.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('3');
    // (320 + 2·30 + 3·80)/9 = 6,9; (8,0 + 2·6,9)/3 = 7,3.
    await expect(derived()).resolves.toEqual(['8,0', '6,9', '7,3']);
    await page.keyboard.press('Escape');
    await expect(cell(page, nam.name, 'ĐĐGgk học kì II').inputValue()).resolves.toBe('7,5');
    await expect(derived()).resolves.toEqual(['8,0', '7,9', '7,9']);
    // Scores take a decimal: the hint says how to write one.
    expect((await page.locator('.marks .hint').allTextContents()).join(' ')).toContain(
      'dấu phẩy hay dấu chấm thập phân',
    );
    await shots(page, 'console-marks-05-secondary');
    expect(await axeViolations(page, 'secondary marks grid')).toEqual([]);

    await page.getByRole('button', { name: 'Lưu bảng điểm' }).click();
    await page.getByTestId('marks-status').filter({ hasText: 'Đã lưu lúc' }).waitFor();
    const r = await api(await login('hieutruong.chuvanan'), 'GET', `/v1/records/${nam.recordId}`);
    expect(r.json.record.results.subjects.TOAN).toEqual({
      assessment: 'score',
      semester1: { regular: [8, 7.5, 9, 8], midterm: 7, endterm: 8.5 },
      semester2: { regular: [9, 8, 8, 7], midterm: 7.5, endterm: 8 },
    });
    await expect(derived()).resolves.toEqual(['8,0', '7,9', '7,9']);
    await shots(page, 'console-marks-06-secondary-saved');
  });
});

describe('a homeroom teacher enters the subjects of her class', () => {
  it("lists every subject of the grade's programme, opens one, and reads the grid in English too", async () => {
    const page = await open();
    await signIn(page, 'gvcn.4a.kimdong');
    await page.getByRole('link', { name: 'Nhập điểm' }).click();
    await page.getByRole('heading', { name: 'Chọn lớp và môn' }).waitFor();
    // Grade 4 (Circular 27 with the 2018 programme): the compulsory subjects and the optional ethnic language.
    const choices = await page.locator('.marks-choices a').allTextContents();
    expect(choices).toContain('Lớp 4A — Tiếng Việt');
    expect(choices).toContain('Lớp 4A — Lịch sử và Địa lí');
    // …and, first, the homeroom part of the whole class.
    expect(choices[0]).toBe('Lớp 4A — Phẩm chất và năng lực (cả lớp)');
    expect(choices).toHaveLength(13);
    expect(await axeViolations(page, 'marks: choose a class and subject')).toEqual([]);
    await shots(page, 'console-marks-07-choose');
    await page.getByRole('link', { name: 'Lớp 4A — Đạo đức' }).click();
    await page.getByRole('heading', { name: 'Bảng điểm: Đạo đức — Lớp 4A' }).waitFor();
    // Đạo đức has no periodic test (Circular 27 Art. 7 §1b): a level and a comment only.
    await expect(page.getByTestId('marks-grid').locator('thead th').allTextContents()).resolves.toEqual([
      'Họ và tên',
      'Ngày sinh',
      'Tình trạng',
      'Mức đạt được',
      'Nhận xét',
    ]);
    await cell(page, 'Nguyễn Minh Anh', 'Mức đạt được').fill('x');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Marks: Ethics — Class 4A' }).waitFor();
    await expect(messageOf(page, cell(page, 'Nguyễn Minh Anh', 'Level'))).resolves.toBe(
      'Level: enter T (completed well), H (completed) or C (not completed)',
    );
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('link', { name: 'Chọn lớp hoặc môn khác' }).click();
    await page.getByRole('heading', { name: 'Chọn lớp và môn' }).waitFor();
  });
});

describe("the homeroom teacher's grid of qualities and competencies (the whole class)", () => {
  it('pastes a block of ratings as letters and words, refuses a bad cell, saves all in one call, and the gateway holds them', async () => {
    // Two more pupils of 4A with records drawn up: with Anh's, three rows open (Bảo's is reviewed by now).
    const people = [
      { name: 'Đỗ Thu Hà', dob: '2016-01-15' },
      { name: 'Vũ Quốc Khánh', dob: '2016-08-30' },
    ];
    const enrolmentIds = [];
    for (const p of people) enrolmentIds.push(await enrol(adminToken, class4A, p.name, p.dob));
    const ids = await drawUp(adminToken, class4A, enrolmentIds);
    const recordOf = new Map([
      [pupils[0]!.name, pupils[0]!.recordId],
      ...people.map((p, i) => [p.name, ids[i]!] as [string, string]),
    ]);

    const page = await open();
    await signIn(page, 'gvcn.4a.kimdong');
    await page.getByRole('link', { name: 'Nhập điểm' }).click();
    await page.getByRole('link', { name: 'Lớp 4A — Phẩm chất và năng lực (cả lớp)' }).click();
    await page.getByRole('heading', { name: 'Phẩm chất, năng lực và nhận xét — Lớp 4A' }).waitFor();
    const grid = page.getByTestId('marks-grid');
    await expect(grid.locator('thead tr').first().locator('th').allTextContents()).resolves.toEqual([
      'Họ và tên',
      'Ngày sinh',
      'Tình trạng',
      'Phẩm chất chủ yếu',
      'Năng lực chung',
      'Năng lực đặc thù',
      'Nhận xét',
    ]);
    // Reviewed and approved records are shown read-only, with why.
    await expect(page.locator('.marks-closed').textContent()).resolves.toContain(
      `Chỉ xem (${pupils[1]!.name}): Giáo viên chủ nhiệm đã xem xét học bạ`,
    );
    const first = 'Phẩm chất chủ yếu: Yêu nước';
    const openNames = (
      await grid
        .getByRole('textbox')
        .evaluateAll(
          (els, f) => els.map((e) => e.getAttribute('aria-label') ?? '').filter((l) => l.endsWith(`, ${f}`)),
          first,
        )
    ).map((l) => l.slice(0, -`, ${first}`.length));
    expect([...openNames].sort()).toEqual([...recordOf.keys()].sort());
    const [p1, p2, p3] = openNames as [string, string, string];
    // The homeroom part is all Hà's record still misses: the grid's save makes it entered.
    await enterSubjects(
      await login('gvcn.4a.kimdong', TEACHER_PASSWORD),
      recordOf.get(people[0]!.name)!,
      fixture(),
    );
    // Ratings take no decimal: the hint speaks of no decimal comma.
    expect((await page.locator('.marks .hint').allTextContents()).join(' ')).not.toContain('dấu phẩy');

    // Fifteen ratings and three comments a row, as a spreadsheet copies them: letters, words, no accents, one bad.
    const row1 = [...Array(15).fill('T'), 'Ngoan, lễ phép.', 'Tự học tốt.', 'Hoàn thành tốt các nhiệm vụ.'];
    const row2 = [...Array(15).fill('đạt'), '', '', ''];
    const row3 = ['Tốt', 'Dat', 'C', 'X', 'can co gang', ...Array(10).fill('Đ'), '', '', 'Cần cố gắng hơn.'];
    await paste(cell(page, p1, first), `${[row1, row2, row3].map((r) => r.join('\t')).join('\r\n')}\r\n`);
    const honesty = cell(page, p3, 'Phẩm chất chủ yếu: Trung thực');
    await expect(honesty.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(messageOf(page, honesty)).resolves.toBe(
      'Phẩm chất chủ yếu: Trung thực: nhập T (Tốt), Đ (Đạt) hoặc C (Cần cố gắng)',
    );
    await shots(page, 'console-marks-08-homeroom-bad-cell');
    expect(await axeViolations(page, 'homeroom grid with a bad cell')).toEqual([]);
    // Saving with the bad cell sends nothing.
    await page.getByRole('button', { name: 'Lưu cả lớp' }).click();
    await expect(page.getByTestId('error-summary').getByRole('link').allTextContents()).resolves.toEqual([
      `${p3}: Phẩm chất chủ yếu: Trung thực: nhập T (Tốt), Đ (Đạt) hoặc C (Cần cố gắng)`,
    ]);
    const resultsOf = async (name: string) =>
      (await api(adminToken, 'GET', `/v1/records/${recordOf.get(name)}`)).json.record.results;
    expect((await resultsOf(p3)).qualities).toBeUndefined();

    // Corrected by typing the word; words are shown as the form writes them once the cell is left.
    await honesty.focus();
    await page.keyboard.type('tốt');
    await page.keyboard.press('Tab');
    await expect(honesty.inputValue()).resolves.toBe('T');
    // A word pasted is shown as the form writes it; the cell's title names the rating.
    await expect(cell(page, p2, first).inputValue()).resolves.toBe('Đ');
    await expect(cell(page, p3, 'Phẩm chất chủ yếu: Trách nhiệm').inputValue()).resolves.toBe('C');
    await expect(cell(page, p2, first).getAttribute('title')).resolves.toBe('Đạt');
    await expect(honesty.getAttribute('aria-invalid')).resolves.toBeNull();
    await page.getByRole('button', { name: 'Lưu cả lớp' }).click();
    await expect(
      page.getByTestId('marks-status').filter({ hasText: 'Đã lưu lúc' }).textContent(),
    ).resolves.toMatch(/^Đã lưu lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}: 3 học sinh đã được ghi\.$/);
    // Each row's status is the gateway's state after the save: Hà's record is whole now, the others not yet.
    const stateCell = (name: string) =>
      grid.locator('tr', { has: page.getByRole('rowheader', { name }) }).locator('td.marks-state');
    await expect(stateCell(people[0]!.name).textContent()).resolves.toBe('Đã nhập đủ');
    await expect(stateCell(people[1]!.name).textContent()).resolves.toBe('Đang nhập');
    await expect(stateCell(pupils[0]!.name).textContent()).resolves.toBe('Đang nhập');
    await expect(stateOf(class4A, recordOf.get(people[0]!.name)!)).resolves.toBe('entered');
    await expect(stateOf(class4A, recordOf.get(people[1]!.name)!)).resolves.toBe('draft');
    await shots(page, 'console-marks-09-homeroom-saved');
    expect(await axeViolations(page, 'homeroom grid saved')).toEqual([]);

    // The gateway holds every row: the ratings as codes, the comments as typed.
    const r1 = await resultsOf(p1);
    expect(r1.qualities).toEqual({
      patriotism: 'T',
      kindness: 'T',
      diligence: 'T',
      honesty: 'T',
      responsibility: 'T',
    });
    expect(r1.homeroomComment).toBe('Hoàn thành tốt các nhiệm vụ.');
    expect(r1.otherAwards).toEqual([]);
    const r2 = await resultsOf(p2);
    expect(Object.values(r2.specificCompetencies)).toEqual(Array(7).fill('D'));
    expect(r2.qualitiesComment).toBeUndefined();
    const r3 = await resultsOf(p3);
    expect(r3.qualities).toEqual({
      patriotism: 'T',
      kindness: 'D',
      diligence: 'C',
      honesty: 'T',
      responsibility: 'C',
    });
    expect(r3.generalCompetencies).toEqual({
      selfDirectedLearning: 'D',
      communicationAndCollaboration: 'D',
      problemSolvingAndCreativity: 'D',
    });
    // A subject entered before is untouched: only the homeroom part was written.
    expect((await resultsOf(pupils[0]!.name)).subjects.TOAN).toEqual({
      level: 'T',
      testScore: 9,
      comment: 'Tiến bộ rõ.',
    });
  });
});
