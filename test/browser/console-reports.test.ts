/**
 * The reports area (issue 14) in Debian's Chromium, against the demo of `npm start`: the province officer
 * sees what the yearly report would hold (Kim Đồng's 5A, anchored and waiting for its district) and what still
 * waits, sends it through the confirmation page and follows it to the ledger (the demo's outbox worker
 * submits it: queued → on the ledger, block); the Ministry auditor sees it with what it holds and
 * acknowledges it, followed to the ledger too; the district officer reads the statistics by school and grade
 * and downloads them as Excel, whose bytes open as a workbook with the gateway's numbers. Each outcome is
 * checked against the gateway's state; axe finds no serious or critical violation; screenshots at 1366×768
 * and 390 px go to test/artifacts/console-reports-*.png.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type Guarded, guardedPage, launch, shots } from './chromium.ts';
import { type DemoServer, startDemo } from './documents-demo.ts';

const PASSWORD = 'hocba-demo-2026';

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
  await page.getByRole('link', { name: 'Báo cáo và thống kê' }).click();
  return page;
}

async function api<T>(login: string, path: string): Promise<T> {
  const t = await fetch(`${demo.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: PASSWORD }),
  });
  const { accessToken } = (await t.json()) as { accessToken: string };
  const r = await fetch(`${demo.url}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
  expect(r.status).toBe(200);
  return (await r.json()) as T;
}

interface Report {
  seq: number;
  state: string;
  blockNumber: number | null;
  ackState: string;
  batches: number;
  records: number;
}

const yearOf = (page: Page) => page.getByLabel('Năm học', { exact: true }).inputValue();
const noIsoOrCodes = async (page: Page) => {
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T|undefined|NaN|B-SCH-/);
};

describe('the yearly report', () => {
  it('the province officer sees what it would hold and what waits, sends it, and follows it to the ledger', async () => {
    const page = await signedIn('so.quangninh');
    await page.getByRole('heading', { name: /^Báo cáo năm học \d{4}-\d{4}: sẽ báo cáo gì$/ }).waitFor();
    const year = await yearOf(page);
    const preview = await api<{ next: { batches: number; records: number; waitingAcceptance: number } }>(
      'so.quangninh',
      `/v1/reports/preview?schoolYear=${year}`,
    );
    // The demo's Kim Đồng 5A: anchored, not yet accepted by Hạ Long.
    expect(preview.next.batches).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('next-report').textContent()).resolves.toBe(
      `Nếu gửi bây giờ: báo cáo năm học gồm ${preview.next.batches} lô, ${preview.next.records} học bạ; ` +
        `${preview.next.waitingAcceptance} lô đang chờ Phòng tiếp nhận.`,
    );
    const districts = page.getByTestId('preview-districts');
    await expect(
      districts.getByRole('row', { name: /Phòng GD&ĐT Hạ Long/ }).textContent(),
    ).resolves.toContain(String(preview.next.records));
    await expect(
      page
        .getByTestId('not-accepted')
        .getByText(/Kim Đồng/)
        .count(),
    ).resolves.toBeGreaterThan(0);
    // Other classes of the demo are approved, not locked.
    await expect(page.getByTestId('not-locked').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    await page.getByText('Chưa có báo cáo nào của năm học này.').waitFor();
    await noIsoOrCodes(page);
    expect(await axeViolations(page, 'preview')).toEqual([]);
    await shots(page, 'console-reports-01-preview');

    await page.getByRole('link', { name: 'Gửi báo cáo năm học' }).click();
    await page.getByRole('heading', { name: `Gửi báo cáo năm học ${year} lên Bộ?` }).waitFor();
    await page.getByText(`Báo cáo ghi lên sổ cái danh sách ${preview.next.batches} lô`).waitFor();
    expect(await axeViolations(page, 'confirm')).toEqual([]);
    await shots(page, 'console-reports-02-confirm');
    await page.getByRole('button', { name: 'Xác nhận gửi báo cáo' }).click();
    await page.getByRole('heading', { name: `Báo cáo lần 1 năm học ${year}` }).waitFor();
    const following = page.getByTestId('following');
    await following.getByText(/^Đã ghi vào sổ cái, khối \d+/).waitFor({ timeout: 30_000 });
    const [r] = (await api<{ items: Report[] }>('so.quangninh', `/v1/reports/?schoolYear=${year}`)).items;
    expect(r).toMatchObject({ seq: 1, state: 'submitted', ackState: 'none', batches: preview.next.batches });
    await expect(following.textContent()).resolves.toContain(`khối ${r!.blockNumber}`);
    expect(await axeViolations(page, 'sent')).toEqual([]);
    await shots(page, 'console-reports-03-sent');

    // Back on the report: the list shows it; nothing new since, so no button for a supplementary one.
    await page.getByRole('link', { name: 'Về trang báo cáo năm học' }).click();
    await page.getByTestId('report-1').waitFor();
    await page
      .getByText(
        'Không có lô nào mới được neo hoặc được tiếp nhận kể từ báo cáo trước: chưa cần báo cáo bổ sung.',
      )
      .waitFor();
    await expect(page.getByRole('link', { name: 'Gửi báo cáo bổ sung' }).count()).resolves.toBe(0);
    await expect(page.getByTestId('report-1').textContent()).resolves.toContain('Bộ chưa xác nhận');
    await noIsoOrCodes(page);
    await shots(page, 'console-reports-04-province-list');
  });

  it('the Ministry auditor sees the report with what it holds and acknowledges it, followed to the ledger', async () => {
    const page = await signedIn('thanhtra.bo');
    await page.getByRole('heading', { name: /^Các báo cáo năm học \d{4}-\d{4}$/ }).waitFor();
    const year = await yearOf(page);
    const card = page.getByTestId('report-1');
    await card.getByRole('heading', { name: /Báo cáo năm học — / }).waitFor();
    await expect(card.textContent()).resolves.toMatch(/\d+ lô, \d+ học bạ; \d+ lô chờ Phòng tiếp nhận/);
    await expect(card.getByRole('row', { name: /Phòng GD&ĐT Hạ Long/ }).count()).resolves.toBe(1);
    await noIsoOrCodes(page);
    expect(await axeViolations(page, 'ministry list')).toEqual([]);
    await shots(page, 'console-reports-05-ministry-list');

    await card.getByRole('link', { name: 'Xác nhận đã nhận báo cáo' }).click();
    await page.getByRole('heading', { name: 'Xác nhận Bộ đã nhận báo cáo này?' }).waitFor();
    expect(await axeViolations(page, 'ack confirm')).toEqual([]);
    await shots(page, 'console-reports-06-ack-confirm');
    await page.getByRole('button', { name: 'Xác nhận đã nhận' }).click();
    await page.getByRole('heading', { name: `Xác nhận báo cáo lần 1 năm học ${year}` }).waitFor();
    await page
      .getByTestId('following')
      .getByText(/^Bộ đã xác nhận ngày \d{2}\/\d{2}\/\d{4} \(Ngô Thị Thanh\)/)
      .waitFor({ timeout: 30_000 });
    const [r] = (await api<{ items: Report[] }>('thanhtra.bo', `/v1/reports/?schoolYear=${year}`)).items;
    expect(r).toMatchObject({ seq: 1, ackState: 'acknowledged' });
    expect(await axeViolations(page, 'acknowledged')).toEqual([]);
    await shots(page, 'console-reports-07-acknowledged');
    await page.getByRole('link', { name: 'Về danh sách báo cáo' }).click();
    await expect(
      page.getByTestId('report-1').getByRole('link', { name: 'Xác nhận đã nhận báo cáo' }).count(),
    ).resolves.toBe(0);
  });
});

describe('the statistics', () => {
  it('the district officer reads them by school and grade and downloads the same numbers as Excel', async () => {
    const page = await signedIn('phong.halong');
    await page.getByRole('heading', { name: /^Thống kê học bạ năm học \d{4}-\d{4}$/ }).waitFor();
    const year = await yearOf(page);
    type Totals = Record<'total' | 'locked' | 'signed' | 'anchored' | 'accepted' | 'revoked', number>;
    const stats = await api<{ rows: (Totals & { schoolName: string; grade: number })[]; totals: Totals }>(
      'phong.halong',
      `/v1/statistics?schoolYear=${year}`,
    );
    expect(stats.totals.locked).toBeGreaterThan(0);
    const table = page.getByTestId('statistics-table');
    const foot = table.locator('tfoot tr');
    await expect(foot.textContent()).resolves.toBe(
      `Tổng cộng${[stats.totals.total, stats.totals.locked, stats.totals.signed, stats.totals.anchored, stats.totals.accepted, stats.totals.revoked].map((v) => v.toLocaleString('vi-VN')).join('')}`,
    );
    await expect(table.locator('tbody tr').count()).resolves.toBe(stats.rows.length);
    await noIsoOrCodes(page);
    expect(await axeViolations(page, 'statistics')).toEqual([]);
    await shots(page, 'console-reports-08-statistics');

    // One school: its rows only.
    const kimDong = stats.rows.find((r) => /Kim Đồng/.test(r.schoolName))!;
    await page.getByLabel('Trường', { exact: true }).selectOption({ label: kimDong.schoolName });
    await expect
      .poll(() => table.locator('tbody tr').count())
      .toBe(stats.rows.filter((r) => r.schoolName === kimDong.schoolName).length);
    await page.getByLabel('Mức chi tiết').selectOption({ label: 'Theo trường' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await shots(page, 'console-reports-09-statistics-school');
    await page.getByLabel('Trường', { exact: true }).selectOption({ label: 'Tất cả' });
    await page.getByLabel('Mức chi tiết').selectOption({ label: 'Theo trường và khối' });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải về Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^thong-ke-hoc-ba-${year}-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`),
    );
    const bytes = readFileSync((await download.path())!);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Theo trường và khối')!;
    expect(String(sheet.getCell('A1').value)).toMatch(
      new RegExp(`năm học ${year} — lập ngày \\d{2}/\\d{2}/\\d{4}$`),
    );
    const last = sheet.getRow(3 + stats.rows.length).values as unknown[];
    expect(last.slice(1)).toEqual([
      'Tổng cộng',
      '',
      '',
      stats.totals.total,
      stats.totals.locked,
      stats.totals.signed,
      stats.totals.anchored,
      stats.totals.accepted,
      stats.totals.revoked,
    ]);
    const kimRow = (sheet.getRow(3).values as unknown[]).slice(2);
    expect(kimRow[0]).toBe(stats.rows[0]!.schoolName);
    expect(kimRow[2]).toBe(stats.rows[0]!.total);
  });
});
