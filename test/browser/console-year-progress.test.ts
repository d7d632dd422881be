/**
 * The year at a glance (issue 14) in Debian's Chromium, against the demo of `npm start`: the province
 * officer's overview (the districts, the calendar in words with days left, the charts drawn with their
 * numbers' table), "Chỉ trường chậm" with nothing late, the calendar form's error summary, a calendar set
 * through the form whose deadlines have passed (PUT /v1/calendars → the ledger) and the lateness it brings
 * in words; the district officer's own district with its schools; the page as printed. axe finds no serious
 * or critical violation; screenshots at 1366×768 and 390 px go to test/artifacts/console-year-progress-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type Guarded, guardedPage, launch, shots } from './chromium.ts';
import { type DemoServer, startDemo } from './documents-demo.ts';

const PASSWORD = 'hocba-demo-2026';
const DAY = 86_400_000;

let demo: DemoServer;
let browser: Browser;
let g: Guarded | undefined;
let errors: string[];

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launch()]);
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

async function signedIn(login: string): Promise<Page> {
  g = await guardedPage(browser, demo.url);
  errors = [];
  g.page.on('pageerror', (e) => errors.push(String(e)));
  g.page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  const page = g.page;
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${demo.url}/console/`);
  await page.getByLabel('Tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('role').waitFor();
  await page.getByRole('link', { name: 'Tiến độ năm học' }).click();
  await page.getByRole('heading', { name: /^Tiến độ năm học \d{4}-\d{4}$/ }).waitFor();
  return page;
}

async function token(login: string): Promise<string> {
  const r = await fetch(`${demo.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: PASSWORD }),
  });
  return ((await r.json()) as { accessToken: string }).accessToken;
}

async function progress(login: string): Promise<{
  schoolYear: string;
  calendar: Record<string, string> | null;
  schools: { name: string; state: string; late: { kind: string; days: number }[] }[];
}> {
  const r = await fetch(`${demo.url}/v1/progress`, {
    headers: { authorization: `Bearer ${await token(login)}` },
  });
  expect(r.status).toBe(200);
  return r.json() as never;
}

/** dd/mm/yyyy of the Vietnamese day `days` from today. */
function vnDay(days: number): { d: number; m: number; y: number; text: string } {
  const t = new Date(Date.now() + 7 * 3_600_000 + days * DAY);
  const [d, m, y] = [t.getUTCDate(), t.getUTCMonth() + 1, t.getUTCFullYear()];
  return { d, m, y, text: `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}` };
}

async function fillDate(page: Page, legend: string, day: { d: number; m: number; y: number }) {
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Ngày', { exact: true }).fill(String(day.d));
  await group.getByLabel('Tháng', { exact: true }).fill(String(day.m));
  await group.getByLabel('Năm', { exact: true }).fill(String(day.y));
}

describe('the year at a glance', () => {
  it('shows the province officer the districts, the calendar in words, and the charts with their numbers', async () => {
    const page = await signedIn('so.quangninh');
    const api = await progress('so.quangninh');
    expect(page.url()).toContain('#/year');
    const districts = page.getByTestId('districts');
    await expect(districts.getByText('Phòng GD&ĐT Hạ Long').count()).resolves.toBe(1);
    await expect(districts.getByText('Phòng GD&ĐT Cẩm Phả').count()).resolves.toBe(1);
    // The calendar in words: the next deadline's day as dd/mm/yyyy and the days left, no ISO instant.
    const next = await page.getByTestId('next-deadline').textContent();
    expect(next).toMatch(/^Hạn sắp tới: .+, \d{2}\/\d{2}\/\d{4} \((còn \d+ ngày|hôm nay là hạn cuối)\)\.$/);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    // Nothing is late in the demo's calendar (locking open a month either side of its start).
    expect(api.schools.flatMap((s) => s.late)).toEqual([]);
    await page.getByLabel('Chỉ trường chậm').check();
    await page.getByText('Không có trường nào chậm.').waitFor();
    await page.getByLabel('Chỉ trường chậm').uncheck();
    // Opened, Hạ Long's schools with their state in words; Kim Đồng's 5A is anchored, waiting for acceptance.
    await page.getByRole('button', { name: /Phòng GD&ĐT Hạ Long/ }).click();
    const schools = page.getByRole('table', { name: 'Các trường của Phòng GD&ĐT Hạ Long' });
    await schools.waitFor();
    const kimDong = schools.getByRole('row', { name: /Kim Đồng/ });
    await expect(kimDong.textContent()).resolves.toMatch(/Đang khóa học bạ|Chờ ký số|Chờ Phòng tiếp nhận/);
    // The charts: drawn as SVG, and their numbers in a table (the seed locked 5A's records).
    // The three series over the season (from the calendar's opening of locking to today).
    const lines = page.getByTestId('chart-progress').locator('path.recharts-line-curve');
    await lines.first().waitFor();
    await expect(lines.count()).resolves.toBe(3);
    const bars = page.getByTestId('chart-locks').locator('.recharts-bar-rectangle');
    expect(await bars.count()).toBeGreaterThan(0);
    await page.getByText('Số liệu của biểu đồ (bảng)').click();
    const rows = page.getByTestId('chart-table').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    const locked = await page
      .getByTestId('chart-table')
      .locator('tbody tr td:nth-child(2)')
      .allTextContents();
    expect(locked.reduce((n, t) => n + Number(t), 0)).toBeGreaterThan(0);
    expect(await axeViolations(page, 'year overview')).toEqual([]);
    await shots(page, 'console-year-progress-01-province');
  });

  it('checks the calendar form and, set with deadlines past, says in words who is late', async () => {
    const page = await signedIn('so.quangninh');
    await page.getByRole('link', { name: 'Sửa lịch năm học' }).click();
    await page.getByRole('heading', { name: /^Đặt lịch năm học/ }).waitFor();
    // A day that does not exist and a deadline before the lock closes: the summary links to each field.
    await fillDate(page, 'Hạn chốt (khóa) học bạ', { d: 31, m: 2, y: 2027 });
    await page.getByRole('group', { name: 'Hạn Phòng GD&ĐT tiếp nhận' }).getByLabel('Ngày').fill('');
    await page.getByRole('button', { name: 'Ghi lịch lên sổ cái' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    await expect(summary.getByRole('link').allTextContents()).resolves.toEqual([
      'Ngày của mốc “Hạn chốt (khóa) học bạ” không có thật; nhập ngày, tháng và năm bằng số',
      'Nhập ngày của mốc “Hạn Phòng GD&ĐT tiếp nhận”',
    ]);
    await summary.getByRole('link').first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('cal-lockUntil-day');
    expect(await axeViolations(page, 'calendar form errors')).toEqual([]);
    await shots(page, 'console-year-progress-02-calendar-errors');

    // The lock closed five days ago, acceptance two days ago: the rest in the future.
    const year = (await progress('so.quangninh')).schoolYear;
    const start = Number(year.slice(0, 4));
    await fillDate(page, 'Mở chốt dữ liệu học bạ', { d: 1, m: 8, y: start });
    await fillDate(page, 'Hạn chốt (khóa) học bạ', vnDay(-5));
    await fillDate(page, 'Hạn Phòng GD&ĐT tiếp nhận', vnDay(-2));
    await fillDate(page, 'Hạn Sở báo cáo Bộ', vnDay(3));
    await fillDate(page, 'Hạn báo cáo bổ sung', vnDay(4));
    await fillDate(page, 'Mở báo cáo thay thế', { d: 1, m: 8, y: start });
    await fillDate(page, 'Hạn báo cáo thay thế', { d: 31, m: 12, y: start + 1 });
    await page.getByRole('button', { name: 'Ghi lịch lên sổ cái' }).click();
    await page.getByText('Sổ cái đã ghi lịch mới.').waitFor({ timeout: 30_000 });
    const cal = (await progress('so.quangninh')).calendar!;
    // On the ledger: the deadline runs to the end of its Vietnamese day.
    expect(cal.acceptanceDeadline).toBe(
      new Date(
        Date.UTC(vnDay(-2).y, vnDay(-2).m - 1, vnDay(-2).d) - 7 * 3_600_000 + DAY - 1000,
      ).toISOString(),
    );
    await shots(page, 'console-year-progress-03-calendar-recorded');

    await page.getByRole('link', { name: /^← Tiến độ năm học/ }).click();
    await page.getByTestId('deadlines').waitFor();
    await expect(page.getByTestId('next-deadline').textContent()).resolves.toBe(
      `Hạn sắp tới: Hạn Sở báo cáo Bộ, ${vnDay(3).text} (còn 3 ngày).`,
    );
    const districts = page.getByTestId('districts');
    await expect(districts.textContent()).resolves.toMatch(/\d+ trường chưa khóa học bạ, quá hạn 5 ngày/);
    await expect(districts.textContent()).resolves.toMatch(/Quá hạn tiếp nhận 2 ngày: \d+ trường/);
    // Only the late schools: every school of the demo is late on acceptance now.
    await page.getByLabel('Chỉ trường chậm').check();
    await page.getByRole('button', { name: /Phòng GD&ĐT Hạ Long/ }).click();
    const kimDong = page
      .getByRole('table', { name: 'Các trường của Phòng GD&ĐT Hạ Long' })
      .getByRole('row', { name: /Kim Đồng/ });
    await expect(kimDong.textContent()).resolves.toMatch(/Quá hạn tiếp nhận 2 ngày \(\d+ lớp\)/);
    const api = await progress('so.quangninh');
    expect(api.schools.every((s) => s.late.some((l) => l.kind === 'acceptance' && l.days === 2))).toBe(true);
    expect(await axeViolations(page, 'year late')).toEqual([]);
    await shots(page, 'console-year-progress-04-late');

    // As printed: the cards and charts shown, black on white.
    await page.emulateMedia({ media: 'print' });
    await expect(
      page.getByTestId('chart-progress').evaluate((e) => getComputedStyle(e.closest('.card')!).display),
    ).resolves.toBe('block');
    await expect(
      page
        .locator('.late-list')
        .first()
        .evaluate((e) => getComputedStyle(e).color),
    ).resolves.toBe('rgb(0, 0, 0)');
    await shots(page, 'console-year-progress-05-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('shows the district officer only her district, its schools opened', async () => {
    const page = await signedIn('phong.halong');
    const districts = page.getByTestId('districts');
    await expect(districts.getByText('Phòng GD&ĐT Cẩm Phả').count()).resolves.toBe(0);
    const schools = page.getByRole('table', { name: 'Các trường của Phòng GD&ĐT Hạ Long' });
    await schools.waitFor();
    expect(await schools.locator('tbody tr').count()).toBeGreaterThan(0);
    const api = await progress('phong.halong');
    expect(await schools.locator('tbody tr').count()).toBe(api.schools.length);
    const lines = page.getByTestId('chart-progress').locator('path.recharts-line-curve');
    await lines.first().waitFor();
    await expect(lines.count()).resolves.toBe(3);
    expect(await axeViolations(page, 'year district')).toEqual([]);
    await shots(page, 'console-year-progress-06-district');
  });
});
