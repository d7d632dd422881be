/**
 * The console's import area (issue 13 point 2) in Debian's Chromium, against the demo of `npm start` run as
 * its own process (documents-demo.ts), walked as a newcomer walks it: the banner names the empty class 5B
 * and the demo files written for it; 5B's homeroom teacher downloads each layout's template, meets a bad
 * class list's problems by row and column, imports the demo class list (30 pupils, read back from the
 * gateway) and again ("nothing new"), draws up the records the marks sheet needs, meets a bad marks sheet's
 * problems, imports the demo primary results sheet (each pupil's subjects entered, read back) and again. A
 * secondary subject teacher (an account made through the API) imports a mark sheet, bad then good. A zip
 * bomb is refused beside the file field with the server's words. axe-core
 * finds no serious or critical violation; screenshots at 1366×768 and 390 px go to
 * test/artifacts/console-imports-*.png.
 */
import { readFileSync } from 'node:fs';
import {
  primaryMarksWorkbook,
  rosterWorkbook,
  SECONDARY_SHEET_HEADERS,
  secondaryMarksWorkbook,
} from '@hocba/gateway/imports/templates';
import { DEMO_CLASS_SIZE, demoClassPupils } from '@hocba/gateway/seed/demo-files';
import { overlappingBomb } from '@hocba/gateway/testing/imports/zip-bomb.ts';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type Guarded, guardedPage, launch, shots } from './chromium.ts';
import { type DemoServer, startDemo } from './documents-demo.ts';

const PASSWORD = 'hocba-demo-2026';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let demo: DemoServer;
let browser: Browser;
let g: Guarded | undefined;
let errors: string[];
/** From the banner: class 5B's id and the demo files' paths. */
let classB: string;
let rosterPath: string;
let marksPath: string;
let schoolYear: string;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launch()]);
  const banner = demo.run.output();
  classB = /gvcn\.5b\.kimdong\s+homeroomTeacher\s+(\S+-5B)\b/.exec(banner)![1]!;
  rosterPath = /danh sách lớp \/ class list:\s+(\S+\.xlsx)/.exec(banner)![1]!;
  marksPath = /kết quả cuối năm \/ results sheet:\s+(\S+\.xlsx)/.exec(banner)![1]!;
  const year = Number(/-(\d{4})-5B$/.exec(classB)![1]);
  schoolYear = `${year}-${year + 1}`;
}, 180_000);
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

/** The API as the test's own reader: a token for a demo login in one role. */
async function token(login: string, role?: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${demo.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password, ...(role && { role }) }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function api<T>(bearer: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${demo.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
  return JSON.parse(text) as T;
}

/** Signs in through the console (choosing the role when the account has two) and opens the import area. */
async function openImports(login: string, roleLabel?: string): Promise<Page> {
  g = await guardedPage(browser, demo.url);
  errors = [];
  g.page.on('pageerror', (e) => errors.push(String(e)));
  g.page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  const page = g.page;
  await page.goto(`${demo.url}/console/`);
  await page.getByLabel('Tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill(login.startsWith('gv.toan.6a') ? 'Mật khẩu đủ dài 2026' : PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  if (roleLabel) {
    await page.getByRole('heading', { name: 'Chọn vai trò' }).waitFor();
    await page.getByLabel(roleLabel).check();
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
  }
  await page.getByTestId('role').waitFor();
  await page.getByRole('link', { name: 'Nhập từ tệp Excel' }).click();
  await page.getByRole('heading', { name: 'Nhập từ tệp Excel' }).waitFor();
  return page;
}

type Kind = 'Danh sách lớp' | 'Kết quả cuối năm tiểu học' | 'Bảng điểm môn học THCS';

async function uploadFile(
  page: Page,
  kind: Kind,
  file: { name: string; buffer: Buffer },
  o: { subject?: string } = {},
) {
  await page.getByRole('radio', { name: new RegExp(`^${kind}`) }).check();
  if (o.subject) await page.getByLabel('Môn học', { exact: true }).selectOption({ label: o.subject });
  await page.getByLabel('Tệp Excel (.xlsx)').setInputFiles({ ...file, mimeType: XLSX });
  await page.getByRole('button', { name: 'Tải lên và xem trước' }).click();
}

const fromPath = (path: string) => ({ name: path.split('/').pop()!, buffer: readFileSync(path) });
const bytes = (u: Uint8Array, name: string) => ({ name, buffer: Buffer.from(u) });

/** The text of each row of the table of problems: row, column, value, problem. */
async function problemRows(page: Page): Promise<string[][]> {
  const table = page.locator('table.imp-problems');
  await table.waitFor();
  return table
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
    );
}

interface ClassRecords {
  records: { recordId: string | null; state: string | null; entered: string[] }[];
}

describe('the import area, as 5B’s homeroom teacher', () => {
  it('offers each layout’s template, and the file it downloads has the layout the importer reads', async () => {
    const page = await openImports('gvcn.5b.kimdong', 'Giáo viên chủ nhiệm');
    // Her one class is chosen for her.
    await expect.poll(() => page.getByLabel('Lớp', { exact: true }).inputValue()).toBe(classB);
    await shots(page, 'console-imports-01-form');
    expect(await axeViolations(page, 'import form')).toEqual([]);
    const heads: Record<string, unknown[]> = {};
    for (const kind of ['roster', 'marks-primary', 'marks-secondary']) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator(`button[data-template="${kind}"]`).click(),
      ]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
      heads[kind] = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
      expect(download.suggestedFilename()).toMatch(/^mau-.*\.xlsx$/);
    }
    expect(heads.roster).toEqual(
      expect.arrayContaining(['Mã định danh', 'Họ và tên', 'Ngày sinh', 'Giới tính']),
    );
    expect(heads['marks-primary']).toHaveLength(35);
    expect(heads['marks-secondary']).toEqual([...SECONDARY_SHEET_HEADERS]);
    // Nothing chosen: the summary names the kind and the file, each a link to its field.
    await page.getByRole('button', { name: 'Tải lên và xem trước' }).click();
    const summary = page.getByTestId('error-summary');
    await expect(summary.getByRole('link').allTextContents()).resolves.toEqual([
      'Chọn loại tệp',
      'Chọn tệp Excel cần nhập',
    ]);
    await summary.getByRole('link', { name: 'Chọn tệp Excel cần nhập' }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('imp-file');
    await shots(page, 'console-imports-02-form-errors');
    expect(await axeViolations(page, 'import form with errors')).toEqual([]);
  });

  it('shows a bad class list’s problems by row, column and value, and writes nothing', async () => {
    const page = await openImports('gvcn.5b.kimdong', 'Giáo viên chủ nhiệm');
    const bad = await rosterWorkbook(
      [
        [1, '00121500060', null, 'Đặng Thùy Dương', '02/09/2015', 'Nữ', 'Kinh', 'Hạ Long', 'Việt Nam', '5B'],
        [2, '001215000602', null, 'Bùi Quốc Việt', '31/02/2015', 'Nam', 'Tày', 'Cẩm Phả', 'Việt Nam', '5B'],
        [3, '001215000603', null, 'Hoàng Minh Châu', '13/12/2015', 'X', 'Kinh', 'Hà Nội', '', '5B'],
      ],
      { lines: ['DANH SÁCH LỚP 5B'] },
    );
    await uploadFile(page, 'Danh sách lớp', bytes(bad, 'danh-sach-loi.xlsx'));
    await page.getByRole('heading', { name: 'Tệp có 3 lỗi — chưa ghi gì' }).waitFor();
    // The header is row 2 (one title line above it): the pupils are rows 3–5.
    await expect(problemRows(page)).resolves.toEqual([
      ['3', 'B — Mã định danh', '00121500060', 'Mã định danh phải gồm đúng 12 chữ số.'],
      [
        '4',
        'E — Ngày sinh',
        '31/02/2015',
        'Ngày sinh phải có dạng ngày/tháng/năm, ví dụ 02/09/2015, và là một ngày có thật.',
      ],
      ['5', 'F — Giới tính', 'X', 'Giới tính phải là “Nam” hoặc “Nữ”.'],
    ]);
    expect(await page.getByRole('button', { name: /^Ghi/ }).count()).toBe(0);
    await shots(page, 'console-imports-03-roster-problems');
    expect(await axeViolations(page, 'roster problems')).toEqual([]);
    const t = await token('gvcn.5b.kimdong', 'homeroomTeacher');
    const list = await api<{ pupils: unknown[] }>(t, 'GET', `/v1/classes/${classB}/students`);
    expect(list.pupils).toEqual([]);
  });

  it('refuses a zip bomb beside the file field, in words that say what to do', async () => {
    const page = await openImports('gvcn.5b.kimdong', 'Giáo viên chủ nhiệm');
    // ~20 kB that declares 120 MiB of worksheets: refused before exceljs reads it (413 IMPORT_FILE_TOO_LARGE).
    await uploadFile(page, 'Danh sách lớp', bytes(overlappingBomb(), 'danh-sach-5b.xlsx'));
    const message = page.locator('#imp-file-error');
    await message.waitFor();
    await expect(message.textContent()).resolves.toBe(
      'Tệp .xlsx khi giải nén quá lớn hoặc có quá nhiều thành phần so với một bảng tính của trường; hãy chia tệp thành nhiều tệp nhỏ hơn (ví dụ mỗi lớp một tệp) rồi tải lên lại.',
    );
    await shots(page, 'console-imports-03b-zip-bomb');
    expect(await axeViolations(page, 'zip bomb refused')).toEqual([]);
  });

  it('imports the demo class list: 30 pupils previewed, written, read back; again: nothing new', async () => {
    const page = await openImports('gvcn.5b.kimdong', 'Giáo viên chủ nhiệm');
    await uploadFile(page, 'Danh sách lớp', fromPath(rosterPath));
    await page.getByRole('heading', { name: /^Xem trước: danh-sach-lop-5B\.xlsx$/ }).waitFor();
    await expect(page.locator('.imp-summary').textContent()).resolves.toBe(
      '30 dòng: 30 học sinh mới, 0 học sinh có thay đổi, 0 giữ nguyên.',
    );
    const expected = demoClassPupils({ provinceCode: '22', schoolYear });
    const first = page.locator('table.imp-table tbody tr').first().locator('td');
    // Two title lines and the header above the pupils: the first is row 4.
    await expect(first.allTextContents()).resolves.toEqual([
      '4',
      expected[0]!.nationalId,
      expected[0]!.fullName,
      expected[0]!.dateOfBirth,
      expected[0]!.sex,
      '5B',
      'Thêm mới',
    ]);
    await shots(page, 'console-imports-04-roster-preview');
    expect(await axeViolations(page, 'roster preview')).toEqual([]);
    await page.getByRole('button', { name: 'Ghi danh sách vào lớp' }).click();
    await page.getByRole('heading', { name: 'Đã ghi xong' }).waitFor();
    await expect(page.locator('.imp-done p').textContent()).resolves.toMatch(
      /^Đã ghi danh sách lớp: 30 học sinh mới, 0 học sinh được cập nhật, 0 giữ nguyên\. Lúc .*\d{2}\/\d{2}\/\d{4}.*\.$/,
    );
    await shots(page, 'console-imports-05-roster-done');
    const t = await token('gvcn.5b.kimdong', 'homeroomTeacher');
    const list = await api<{ pupils: { fullName: string; dateOfBirth: string }[] }>(
      t,
      'GET',
      `/v1/classes/${classB}/students`,
    );
    expect(list.pupils).toHaveLength(DEMO_CLASS_SIZE);
    expect(list.pupils.map((p) => p.fullName).sort()).toEqual(expected.map((p) => p.fullName).sort());
    // The same file again: nothing new, nothing to write.
    await page.getByRole('link', { name: 'Nhập tệp khác' }).first().click();
    await uploadFile(page, 'Danh sách lớp', fromPath(rosterPath));
    await page.locator('.imp-nothing-new').waitFor();
    await expect(page.locator('.imp-nothing-new').textContent()).resolves.toBe(
      'Không có gì mới: mọi học sinh trong tệp đã có trong lớp, đúng như tệp.',
    );
    await expect(page.locator('.imp-summary').textContent()).resolves.toBe(
      '30 dòng: 0 học sinh mới, 0 học sinh có thay đổi, 30 giữ nguyên.',
    );
    expect(await page.getByRole('button', { name: 'Ghi danh sách vào lớp' }).count()).toBe(0);
    await shots(page, 'console-imports-06-roster-nothing-new');
  });

  it('imports the demo results sheet: records drawn up first, a bad sheet refused, the good one written', async () => {
    const page = await openImports('gvcn.5b.kimdong', 'Giáo viên chủ nhiệm');
    // No record drawn up yet: every row says so, and the page offers to draw them up.
    await uploadFile(page, 'Kết quả cuối năm tiểu học', fromPath(marksPath));
    await page.getByRole('heading', { name: 'Tệp có 30 lỗi — chưa ghi gì' }).waitFor();
    await expect(page.locator('.imp-drawup p').first().textContent()).resolves.toBe(
      'Tất cả 30 học sinh trong tệp chưa được lập học bạ năm học này, nên chưa nhập được kết quả.',
    );
    await shots(page, 'console-imports-06b-records-missing');
    expect(await axeViolations(page, 'records missing')).toEqual([]);
    const jobBefore = page.url();
    // Drawing them up reads the same file again as a new job: the preview follows, nothing chosen again.
    await page.getByRole('button', { name: 'Lập học bạ cho cả lớp' }).click();
    await page.getByRole('heading', { name: /^Xem trước: ket-qua-cuoi-nam-5B\.xlsx$/ }).waitFor();
    expect(page.url()).not.toBe(jobBefore);
    await expect(page.locator('.imp-drawn').textContent()).resolves.toBe(
      'Đã lập 30 học bạ mới và đọc lại tệp ket-qua-cuoi-nam-5B.xlsx.',
    );
    await expect(page.locator('.imp-summary').textContent()).resolves.toBe(
      '30 học sinh, 7 môn: 210 kết quả sẽ được ghi.',
    );
    const drawn = await api<ClassRecords>(
      await token('gvcn.5b.kimdong', 'homeroomTeacher'),
      'GET',
      `/v1/classes/${classB}/records`,
    );
    expect(drawn.records).toHaveLength(DEMO_CLASS_SIZE);
    expect(drawn.records.every((r) => r.recordId !== null && r.entered.length === 0)).toBe(true);
    await shots(page, 'console-imports-06c-marks-read-again');
    expect(await axeViolations(page, 'marks read again')).toEqual([]);
    // A sheet with a score out of range and a level that is no level.
    const pupils = demoClassPupils({ provinceCode: '22', schoolYear });
    const row = (i: number, cells: Record<number, string | number>) => {
      const r: (string | number | null)[] = [i + 1, '5B', pupils[i]!.nationalId, pupils[i]!.fullName, null];
      for (let c = 6; c <= 35; c++) r.push(cells[c] ?? null);
      return r;
    };
    const bad = await primaryMarksWorkbook([
      row(0, { 6: 'T', 7: 11, 8: 'T', 9: 9 }),
      row(1, { 6: 'X', 7: 8 }),
    ]);
    await page.getByRole('link', { name: 'Nhập tệp khác' }).first().click();
    await uploadFile(page, 'Kết quả cuối năm tiểu học', bytes(bad, 'ket-qua-loi.xlsx'));
    await page.getByRole('heading', { name: /^Tệp có \d+ lỗi — chưa ghi gì$/ }).waitFor();
    const rows = await problemRows(page);
    // Row 4 is the first pupil (three header rows from row 1), row 5 the second.
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['4', 'G — Môn học và hoạt động giáo dục / Tiếng Việt / Điểm KTĐK', '11'],
      ['5', 'F — Môn học và hoạt động giáo dục / Tiếng Việt / Mức đạt được', 'X'],
    ]);
    expect(rows[1]![3]).toBe('Mức đạt được ghi T (Hoàn thành tốt), H (Hoàn thành) hoặc C (Chưa hoàn thành).');
    await shots(page, 'console-imports-07-marks-problems');
    expect(await axeViolations(page, 'marks problems')).toEqual([]);

    await page.getByRole('link', { name: 'Nhập tệp khác' }).first().click();
    await uploadFile(page, 'Kết quả cuối năm tiểu học', fromPath(marksPath));
    await page.getByRole('heading', { name: /^Xem trước: ket-qua-cuoi-nam-5B\.xlsx$/ }).waitFor();
    await expect(page.locator('.imp-summary').textContent()).resolves.toBe(
      '30 học sinh, 7 môn: 210 kết quả sẽ được ghi.',
    );
    const headers = await page.locator('table.imp-table thead th').allTextContents();
    expect(headers.slice(0, 4)).toEqual(['Dòng', 'Họ và tên', 'Tiếng Việt', 'Toán']);
    await shots(page, 'console-imports-08-marks-preview');
    expect(await axeViolations(page, 'marks preview')).toEqual([]);
    await page.getByRole('button', { name: 'Ghi kết quả vào học bạ' }).click();
    await page.getByRole('heading', { name: 'Đã ghi xong' }).waitFor();
    await expect(page.locator('.imp-done p').textContent()).resolves.toMatch(
      /^Đã ghi 210 kết quả của 7 môn vào học bạ\./,
    );
    await shots(page, 'console-imports-09-marks-done');
    const t = await token('gvcn.5b.kimdong', 'homeroomTeacher');
    const recs = await api<ClassRecords>(t, 'GET', `/v1/classes/${classB}/records`);
    expect(recs.records).toHaveLength(DEMO_CLASS_SIZE);
    for (const r of recs.records) {
      // Still a draft: grade 5's four other tested subjects need a score the sheet has no column for.
      expect(r.state).toBe('draft');
      expect([...r.entered].sort()).toEqual(
        ['AM_NHAC', 'DAO_DUC', 'GDTC', 'HDTN', 'MI_THUAT', 'TIENG_VIET', 'TOAN'].sort(),
      );
    }
    // The same sheet again: nothing new.
    await page.getByRole('link', { name: 'Nhập tệp khác' }).first().click();
    await uploadFile(page, 'Kết quả cuối năm tiểu học', fromPath(marksPath));
    await page.locator('.imp-nothing-new').waitFor();
    await expect(page.locator('.imp-nothing-new').textContent()).resolves.toContain('Không có gì mới');
    await shots(page, 'console-imports-10-marks-nothing-new');
  });
});

describe('the import area, as a lower-secondary subject teacher', () => {
  it('imports a mark sheet of one subject: a bad one refused cell by cell, the good one written', async () => {
    const year = schoolYear.slice(0, 4);
    const class6A = `SCH-QN-002-${year}-6A`;
    // A new pupil in 6A with a draft record, and a Toán teacher of 6A: made through the API.
    const principal = await token('hieutruong.chuvanan');
    await api(principal, 'POST', `/v1/classes/${class6A}/students`, {
      nationalId: '002212345675',
      biography: {
        fullName: 'Phạm Gia Bảo',
        dateOfBirth: `${Number(year) - 11}-03-04`,
        sex: 'male',
        birthplace: 'Hạ Long, Quảng Ninh',
        ethnicity: 'Kinh',
        guardians: [],
      },
    });
    await api(principal, 'POST', `/v1/classes/${class6A}/records`);
    // Accounts are the school admin's or the tiers above: the demo province's officer makes this one.
    await api(await token('so.quangninh'), 'POST', '/v1/users', {
      login: 'gv.toan.6a.chuvanan',
      displayName: 'Trần Thu Trang',
      password: 'Mật khẩu đủ dài 2026',
      grant: { role: 'subjectTeacher', classId: class6A, subject: 'TOAN' },
    });
    const page = await openImports('gv.toan.6a.chuvanan');
    const dob = `04/03/${Number(year) - 11}`;
    const sheet = (scores: (number | string | null)[]) => [
      1,
      '6A',
      '002212345675',
      'Phạm Gia Bảo',
      dob,
      ...scores,
    ];
    const bad = await secondaryMarksWorkbook([
      { name: 'HK I', rows: [sheet([8, 'tám', 9, 8, 7, 8])] },
      { name: 'HK II', rows: [sheet([8, 7, 9, 8, 7, 8])] },
    ]);
    await uploadFile(page, 'Bảng điểm môn học THCS', bytes(bad, 'toan-6a-loi.xlsx'), { subject: 'Toán' });
    await page.getByRole('heading', { name: /^Tệp có \d+ lỗi — chưa ghi gì$/ }).waitFor();
    // A cell that is no number is named with its semester's sheet; the row's other cells wait for it.
    await expect(problemRows(page)).resolves.toEqual([
      ['2', 'G — ĐĐGtx2 (HK I)', 'tám', 'Điểm phải là một số từ 0 đến 10, ví dụ 8 hoặc 7,5.'],
    ]);
    await shots(page, 'console-imports-11-secondary-problems');
    expect(await axeViolations(page, 'secondary problems')).toEqual([]);

    const good = await secondaryMarksWorkbook([
      { name: 'HK I', rows: [sheet([8, 7, 9, 8, 7, 8])] },
      { name: 'HK II', rows: [sheet([9, 8, 9, 9, 8, 9])] },
    ]);
    await page.getByRole('link', { name: 'Nhập tệp khác' }).first().click();
    await uploadFile(page, 'Bảng điểm môn học THCS', bytes(good, 'toan-6a.xlsx'), { subject: 'Toán' });
    await page.getByRole('heading', { name: 'Xem trước: toan-6a.xlsx' }).waitFor();
    await expect(page.locator('.imp-summary').textContent()).resolves.toBe(
      '1 học sinh, 1 môn: 1 kết quả sẽ được ghi.',
    );
    await shots(page, 'console-imports-12-secondary-preview');
    await page.getByRole('button', { name: 'Ghi kết quả vào học bạ' }).click();
    await page.getByRole('heading', { name: 'Đã ghi xong' }).waitFor();
    const t = await token('gv.toan.6a.chuvanan', undefined, 'Mật khẩu đủ dài 2026');
    const recs = await api<ClassRecords>(t, 'GET', `/v1/classes/${class6A}/records`);
    // The new pupil's draft now holds Toán; the seeded pupils' approved records are as they were.
    const drafted = recs.records.filter((r) => r.state === 'draft' || r.state === 'entered');
    expect(drafted).toHaveLength(1);
    expect(drafted[0]!.entered).toEqual(['TOAN']);
  });
});
