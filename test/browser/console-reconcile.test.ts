/**
 * The Ministry's audit reconciliation in the console (issue 14's "done when": the auditor runs a
 * reconciliation that finds a record changed behind the gateway's back), on the demo of `npm start` run as
 * its own process, in Chromium, as the Ministry's auditor `thanhtra.bo`:
 * 1. the scope form and the past runs (none); a run over the demo year: "Đã đối chiếu 1 lô, … học bạ —
 *    không có sai lệch nào", the gateway's kept run with no finding;
 * 2. the gateway stopped, one mark of the anchored batch changed in its PGlite by `scripts/demo-tamper.ts`
 *    (what README's newcomer runs: `npm run demo:tamper`), the gateway started again on the same data;
 * 3. a run again: "— 1 sai lệch", the finding in words (the school, class 5A, record no. 1), the gateway's
 *    finding RECORD_CHANGED, and both runs in the list.
 * Each state shot at 1366×768 and 390×844 (test/artifacts/console-reconcile-*), axe on each.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type Guarded, guardedPage, launch, shots } from './chromium.ts';
import { DemoProcess } from './console-session.ts';

const PASSWORD = 'hocba-demo-2026';
const AUDITOR = 'thanhtra.bo';

let demo: DemoProcess;
let url: string;
let browser: Browser;
let g: Guarded | undefined;
let errors: string[];

interface Run {
  id: string;
  state: string;
  findingCount: number;
  checked: { batches: number; records: number };
  findings: { kind: string; leafIndex?: number; className?: string }[];
}

/** The kept runs as the gateway answers them (a fresh token: the gateway's signing key is per process). */
async function runs(): Promise<Run[]> {
  const login = await fetch(`${url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: AUDITOR, password: PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { authorization: `Bearer ${accessToken}` };
  const list = (await (await fetch(`${url}/v1/reconciliations`, { headers })).json()) as { items: Run[] };
  return Promise.all(
    list.items.map(
      async (r) => (await (await fetch(`${url}/v1/reconciliations/${r.id}`, { headers })).json()) as Run,
    ),
  );
}

beforeAll(async () => {
  demo = await DemoProcess.create('hocba-reconcile-');
  [, browser] = await Promise.all([demo.start(), launch()]);
  url = demo.url;
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

async function open(hash = '#/reconcile'): Promise<Page> {
  g = await guardedPage(browser, url, { viewport: { width: 1366, height: 768 } });
  errors = [];
  g.page.on('pageerror', (e) => errors.push(String(e)));
  g.page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  await g.page.goto(`${url}/console/`);
  await g.page.getByLabel('Tên đăng nhập').fill(AUDITOR);
  await g.page.getByLabel('Mật khẩu').fill(PASSWORD);
  await g.page.getByRole('button', { name: 'Đăng nhập' }).click();
  await g.page.getByTestId('role').waitFor();
  await g.page.evaluate((h) => {
    location.hash = h;
  }, hash);
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

/** Nothing of the machinery on the screen outside the closed technical details: no UUIDs, ids, ISO instants. */
async function noRawCodes(page: Page) {
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(
    /\b[0-9a-f]{8}-[0-9a-f]{4}-|SCH-QN|\d{4}-\d{2}-\d{2}T|RECORD_CHANGED|[0-9a-f]{64}/,
  );
}

/** The run started from the form, waited for until its result page shows its summary. */
async function runFromForm(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Bắt đầu đối soát' }).click();
  const summary = page.getByTestId('reconcile-summary');
  await summary.waitFor({ timeout: 60_000 });
  return summary.innerText();
}

describe('the audit reconciliation in the console', () => {
  it('runs over the untouched demo year and finds nothing', async () => {
    const page = await open();
    await page.getByRole('heading', { name: 'Đối soát cơ sở dữ liệu với sổ cái' }).waitFor();
    await page.getByText('Chưa có lần đối soát nào.').waitFor();
    // The year is chosen by its name; the province, its districts and schools by theirs.
    await expect(page.getByLabel('Năm học').inputValue()).resolves.toMatch(/^\d{4}-\d{4}$/);
    await page.getByLabel('Phòng GD&ĐT (cấp huyện/xã)').selectOption({ label: 'Cả tỉnh' });
    // One province in the demo: named, not chosen.
    await page.getByText('Tỉnh, thành phố: Quảng Ninh').waitFor();
    const schools = await page.getByLabel('Trường', { exact: true }).locator('option').allInnerTexts();
    expect(schools).toContain('Trường Tiểu học Kim Đồng');
    await noRawCodes(page);
    expect(await axeViolations(page, 'form')).toEqual([]);
    await shots(page, 'console-reconcile-01-form');

    const summary = await runFromForm(page);
    expect(summary).toMatch(/^Đã đối chiếu 1 lô, \d+ học bạ — không có sai lệch nào$/);
    await page.getByTestId('reconcile-clean').waitFor();
    await noRawCodes(page);
    expect(await axeViolations(page, 'clean')).toEqual([]);
    await shots(page, 'console-reconcile-02-clean');

    const [kept] = await runs();
    expect(kept).toMatchObject({ state: 'done', findingCount: 0, findings: [] });
    expect(summary).toContain(`${kept!.checked.records} học bạ`);
  }, 180_000);

  it('finds the mark changed in the database behind the gateway’s back', async () => {
    await demo.stop();
    const tamper = await demo.tamper();
    expect(tamper.code, tamper.out).toBe(0);
    expect(tamper.out).toMatch(/Đã sửa một điểm của học bạ thứ 1 \(lớp 5A, Trường Tiểu học Kim Đồng\)/);
    await demo.start();
    url = demo.url;

    const page = await open();
    await page.getByTestId('past-runs').waitFor();
    const summary = await runFromForm(page);
    expect(summary).toMatch(/^Đã đối chiếu 1 lô, \d+ học bạ — 1 sai lệch$/);
    const finding = page.getByTestId('finding');
    await expect(finding.count()).resolves.toBe(1);
    const text = await finding.innerText();
    expect(text).toContain('Học bạ bị sửa sau khi chốt');
    expect(text).toContain('Trường Tiểu học Kim Đồng · lớp 5A · Học bạ thứ 1 của lô');
    expect(text).toContain('đã bị sửa sau khi chốt');
    await noRawCodes(page);
    expect(await axeViolations(page, 'finding')).toEqual([]);
    await shots(page, 'console-reconcile-03-finding');

    // The technical details (leaf hashes) open on demand.
    await page.getByText('Chi tiết kỹ thuật').click();
    await expect(page.locator('.finding dd').first().innerText()).resolves.toMatch(/^[0-9a-f]{64}$/);
    await shots(page, 'console-reconcile-04-details');

    const kept = await runs();
    expect(kept.map((r) => r.findingCount)).toEqual([1, 0]);
    expect(kept[0]!.findings).toMatchObject([{ kind: 'RECORD_CHANGED', leafIndex: 0, className: '5A' }]);

    // Both runs in the list, newest first.
    await page.getByRole('link', { name: 'Về trang đối soát' }).click();
    const rows = page.getByTestId('past-runs').locator('tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(0).locator('td').nth(1).innerText()).resolves.toBe('1');
    await expect(rows.nth(1).locator('td').nth(1).innerText()).resolves.toBe('0');
    await noRawCodes(page);
    expect(await axeViolations(page, 'past runs')).toEqual([]);
    await shots(page, 'console-reconcile-05-past-runs');
  }, 300_000);
});
