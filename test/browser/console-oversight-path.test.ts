/**
 * Issue 14's "done when", walked in one go as a newcomer walks it: `npm start` (the gateway as its own
 * process, on its own PGlite data and the embedded ledger), then in Chromium
 * 1. the district officer of Hạ Long accepts the demo batch (Kim Đồng's 5A) from the acceptance queue, after
 *    its checks, and follows it to the ledger;
 * 2. the province officer sees the year's progress (Hạ Long's accepted classes, as the gateway counts them),
 *    then submits the yearly report, followed to the ledger;
 * 3. the Ministry auditor acknowledges the report; the gateway is stopped, `npm run demo:tamper` changes one
 *    mark in the database behind its back, the gateway starts again on the same data, and the auditor's
 *    reconciliation finds that record changed.
 * Each area has its own detailed test (console-acceptance, console-year-progress, console-reports,
 * console-reconcile); this one shows they hold together on one demo, in the order of the season.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launch, shots } from './chromium.ts';
import { apiAs, closeConsole, DemoProcess, openConsole } from './console-session.ts';

const DISTRICT = 'phong.halong';
const PROVINCE = 'so.quangninh';
const MINISTRY = 'thanhtra.bo';
const SCHOOL = 'Trường Tiểu học Kim Đồng';

let demo: DemoProcess;
let url: string;
let browser: Browser;

beforeAll(async () => {
  demo = await DemoProcess.create('hocba-oversight-');
  [, browser] = await Promise.all([demo.start(), launch()]);
  url = demo.url;
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

interface BatchItem {
  batchId: string;
  schoolName: string;
  className: string | null;
  state: string;
}
interface Counts {
  classes: number;
  classesLocked: number;
  classesAnchored: number;
  classesAccepted: number;
}

describe('the oversight season on one demo, as issue 14 walks it', () => {
  it('the district accepts, the province sees it and reports, the Ministry acknowledges and reconciles', async () => {
    // 1. The district officer: the demo batch in the queue, checked, accepted, on the ledger.
    const { items } = await apiAs<{ items: BatchItem[] }>(url, DISTRICT, '/v1/batches/?status=anchored');
    const demoBatch = items.find((b) => b.schoolName === SCHOOL && b.className === '5A');
    expect(demoBatch, 'the demo’s anchored batch of 5A').toBeDefined();
    const district = await openConsole(browser, url, DISTRICT, { hash: '#/acceptance' });
    let page = district.page;
    const row = page.locator(`tr[data-batch="${demoBatch!.batchId}"]`);
    await row.locator('.check.ok').waitFor({ timeout: 30_000 });
    await row.getByRole('link', { name: /^Xem và kiểm tra/ }).click();
    await page.getByRole('heading', { name: `Lô học bạ lớp 5A, ${SCHOOL}` }).waitFor();
    await expect(page.getByTestId('verdict').textContent()).resolves.toContain('Mọi bước kiểm tra đều đạt');
    await page.getByTestId('accept-one').click();
    await page.getByTestId('confirm-accept').click();
    await page
      .locator(`[data-testid="following"] li[data-batch="${demoBatch!.batchId}"][data-outcome="pass"]`)
      .waitFor({ timeout: 30_000 });
    expect(await axeViolations(page, 'accepted')).toEqual([]);
    await shots(page, 'console-oversight-path-01-accepted');
    await closeConsole(district);
    const accepted = await apiAs<{ items: BatchItem[] }>(url, DISTRICT, '/v1/batches/?status=accepted');
    expect(accepted.items.map((b) => b.batchId)).toContain(demoBatch!.batchId);

    // 2. The province officer: Hạ Long's row counts the accepted class as the gateway does.
    const province = await openConsole(browser, url, PROVINCE);
    page = province.page;
    await page.getByRole('link', { name: 'Tiến độ năm học' }).click();
    await page.getByRole('heading', { name: /^Tiến độ năm học \d{4}-\d{4}$/ }).waitFor();
    const progress = await apiAs<{ schoolYear: string; districts: { name: string; counts: Counts }[] }>(
      url,
      PROVINCE,
      '/v1/progress',
    );
    const haLong = progress.districts.find((d) => d.name === 'Phòng GD&ĐT Hạ Long')!;
    expect(haLong.counts.classesAccepted).toBeGreaterThanOrEqual(1);
    const haLongRow = page.getByTestId('districts').getByRole('row', { name: /Phòng GD&ĐT Hạ Long/ });
    const cells = await haLongRow.locator('td .num-text').allTextContents();
    const c = haLong.counts;
    expect(cells).toEqual([
      `${c.classesLocked}/${c.classes}`,
      `${c.classesAnchored}/${c.classes}`,
      `${c.classesAccepted}/${c.classes}`,
    ]);
    // The lock deadline is ahead: the schools still locking are said, not as late (not in red).
    await expect(haLongRow.locator('.late-list').count()).resolves.toBe(0);
    await expect(haLongRow.locator('.pending-list').textContent()).resolves.toMatch(
      /^\d+ trường chưa khóa xong học bạ$/,
    );
    await shots(page, 'console-oversight-path-02-progress');

    await page.getByRole('link', { name: 'Báo cáo và thống kê' }).click();
    await page.getByRole('link', { name: 'Gửi báo cáo năm học' }).click();
    await page.getByRole('button', { name: 'Xác nhận gửi báo cáo' }).click();
    await page
      .getByTestId('following')
      .getByText(/^Đã ghi vào sổ cái, khối \d+/)
      .waitFor({ timeout: 30_000 });
    await shots(page, 'console-oversight-path-03-report-sent');
    await closeConsole(province);

    // 3. The Ministry auditor: acknowledges the report, on the ledger.
    const ministry = await openConsole(browser, url, MINISTRY);
    page = ministry.page;
    await page.getByRole('link', { name: 'Báo cáo và thống kê' }).click();
    const card = page.getByTestId('report-1');
    // The accepted batch is in what the report holds: nothing of Hạ Long waits for its district.
    await expect(card.textContent()).resolves.toMatch(/\d+ lô, \d+ học bạ; 0 lô chờ Phòng tiếp nhận/);
    await card.getByRole('link', { name: 'Xác nhận đã nhận báo cáo' }).click();
    await page.getByRole('button', { name: 'Xác nhận đã nhận' }).click();
    await page
      .getByTestId('following')
      .getByText(/^Bộ đã xác nhận ngày \d{2}\/\d{2}\/\d{4} \(Ngô Thị Thanh\)/)
      .waitFor({ timeout: 30_000 });
    await shots(page, 'console-oversight-path-04-acknowledged');
    await closeConsole(ministry);
    const reports = await apiAs<{ items: { seq: number; ackState: string }[] }>(
      url,
      MINISTRY,
      `/v1/reports/?schoolYear=${progress.schoolYear}`,
    );
    expect(reports.items).toEqual([expect.objectContaining({ seq: 1, ackState: 'acknowledged' })]);

    // A mark changed behind the gateway's back, then the auditor's reconciliation.
    await demo.stop();
    const tamper = await demo.tamper();
    expect(tamper.code, tamper.out).toBe(0);
    await demo.start();
    url = demo.url;
    const auditor = await openConsole(browser, url, MINISTRY, { hash: '#/reconcile' });
    page = auditor.page;
    await page.getByRole('heading', { name: 'Đối soát cơ sở dữ liệu với sổ cái' }).waitFor();
    await page.getByRole('button', { name: 'Bắt đầu đối soát' }).click();
    const summary = page.getByTestId('reconcile-summary');
    await summary.waitFor({ timeout: 60_000 });
    await expect(summary.textContent()).resolves.toMatch(/^Đã đối chiếu 1 lô, \d+ học bạ — 1 sai lệch$/);
    await page.getByTestId('finding').getByText(`${SCHOOL} · lớp 5A · Học bạ thứ 1 của lô`).waitFor();
    expect(await axeViolations(page, 'finding')).toEqual([]);
    await shots(page, 'console-oversight-path-05-finding');
    await closeConsole(auditor);
  }, 600_000);
});
