/**
 * The district officer's acceptance (issue 14) in Debian's Chromium, against the demo of `npm start` run as
 * its own process (documents-demo.ts):
 * - the queue of the district's batches waiting, oldest first, with the deadline countdown from the
 *   ledger's calendar and each batch's check;
 * - the demo batch of Kim Đồng 5A opened: its verification in words (signature and signer, the ledger's
 *   block) before the accept button; accepted through the confirmation page and followed to the ledger;
 *   the gateway then says `accepted` (read back through the API);
 * - two more batches (2A, 3A: locked and signed by the principal through the API here) ticked in the queue
 *   and accepted together; with none ticked the error summary says so;
 * - a failed verification: a batch locked but not signed (1A), opened by its address — what failed is
 *   said, and the accept button is disabled;
 * - the district's schools with their classes' progress (a school with records and no batch too).
 * axe-core finds no serious or critical violation; screenshots at 1366×768 and 390×844 go to
 * test/artifacts/console-acceptance-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type Guarded, guardedPage, launch, shots } from './chromium.ts';
import { type DemoServer, startDemo } from './documents-demo.ts';

const PASSWORD = 'hocba-demo-2026';
const OFFICER = 'phong.halong';
const PRINCIPAL = 'hieutruong.kimdong';
const SCHOOL_NAME = 'Trường Tiểu học Kim Đồng';

let demo: DemoServer;
let browser: Browser;
let g: Guarded | undefined;
let errors: string[];
const tokens: Record<string, string> = {};
let schoolId: string;
/** The batches this test makes: 1A locked only; 2A and 3A locked, signed and anchored. */
const made: Record<string, string> = {};

async function call<T>(who: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${demo.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tokens[who]}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  expect(r.status, `${method} ${path}: ${r.status}`).toBeLessThan(300);
  return (await r.json()) as T;
}

async function signInApi(user: string): Promise<{ accessToken: string; scope: { schoolId?: string }[] }> {
  const r = await fetch(`${demo.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: user, password: PASSWORD }),
  });
  expect(r.status, user).toBe(200);
  return (await r.json()) as { accessToken: string; scope: { schoolId?: string }[] };
}

interface ClassRow {
  name: string;
  classId: string;
  batch?: { batchId: string; state: string };
}
const classes = async () =>
  (await call<{ classes: ClassRow[] }>(PRINCIPAL, 'GET', `/v1/schools/${schoolId}/classes`)).classes;
const batchState = async (batchId: string) =>
  (await call<{ state: string }>(OFFICER, 'GET', `/v1/batches/${batchId}`)).state;

async function until(what: string, f: () => Promise<boolean>, ms = 30_000) {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launch()]);
  const principal = await signInApi(PRINCIPAL);
  tokens[PRINCIPAL] = principal.accessToken;
  schoolId = principal.scope.find((s) => s.schoolId)!.schoolId!;
  tokens[OFFICER] = (await signInApi(OFFICER)).accessToken;
  // The principal locks 1A (left unsigned: the failed verification), and locks and signs 2A and 3A.
  const byName = Object.fromEntries((await classes()).map((c) => [c.name, c.classId]));
  for (const name of ['1A', '2A', '3A']) {
    const locked = await call<{ batchId: string }>(PRINCIPAL, 'POST', '/v1/batches/', {
      classId: byName[name],
    });
    made[name] = locked.batchId;
  }
  for (const name of ['2A', '3A']) await call(PRINCIPAL, 'POST', `/v1/batches/${made[name]}/dev-sign`);
  await until('2A and 3A on the ledger', async () =>
    (await Promise.all([made['2A']!, made['3A']!].map(batchState))).every((s) => s === 'anchored'),
  );
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

/** Signed in as the district officer, then at `hash`; `watch` sees the page before anything is loaded. */
async function signedIn(hash = '#/acceptance', watch?: (page: Page) => void): Promise<Page> {
  g = await guardedPage(browser, demo.url);
  watch?.(g.page);
  errors = [];
  g.page.on('pageerror', (e) => errors.push(String(e)));
  g.page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  const page = g.page;
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${demo.url}/console/`);
  await page.getByLabel('Tên đăng nhập').fill(OFFICER);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('link', { name: 'Tiếp nhận hồ sơ' }).waitFor();
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  return page;
}

/** The queue's row of a batch, once its check has answered. */
async function rowOf(page: Page, batchId: string) {
  const row = page.locator(`tr[data-batch="${batchId}"]`);
  await row.locator('.check.ok, .check.bad').waitFor({ timeout: 30_000 });
  return row;
}

describe('the district accepts its schools’ batches', () => {
  it('shows the queue, oldest first, with the deadline countdown and each batch’s check', async () => {
    // Every check the page asks for, from the moment it opens (the queue is the officer's first page).
    const checks: string[] = [];
    const page = await signedIn('#/acceptance', (p) =>
      p.on('request', (r) => {
        const path = new URL(r.url()).pathname;
        if (path.startsWith('/v1/batches/') && path.endsWith('/verification'))
          checks.push(`${r.method()} ${path}`);
      }),
    );
    await page.getByRole('heading', { name: 'Lô học bạ chờ tiếp nhận' }).waitFor();
    const queue = page.getByTestId('queue');
    await queue.waitFor();
    const fiveA = demo.anchoredClassId;
    const rows = await queue
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-batch')));
    // 5A's batch (the seed's) first, then 2A and 3A as they were locked; 1A is not signed, so not waiting.
    const fiveABatch = (await classes()).find((c) => c.classId === fiveA)!.batch!.batchId;
    expect(rows).toEqual([fiveABatch, made['2A'], made['3A']]);
    const row = await rowOf(page, fiveABatch);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(SCHOOL_NAME);
    expect(text).toContain('5A');
    expect(text).toContain('Hiệu trưởng Nguyễn Văn Khải');
    expect(text).toContain('✓ Đạt');
    // The demo calendar closes acceptance 40 days after the demo started.
    await expect(row.getByTestId('countdown').textContent()).resolves.toMatch(
      /^Còn (39|40) ngày \(hạn \d{2}\/\d{2}\/\d{4}\)$/,
    );
    await expect(page.getByTestId('queue-count').textContent()).resolves.toBe('3 lô chờ tiếp nhận');
    await rowOf(page, made['3A']!);
    // The page's three checks in one request.
    expect(checks).toEqual(['POST /v1/batches/verification']);
    await shots(page, 'console-acceptance-01-queue');
    expect(await axeViolations(page, 'the queue')).toEqual([]);

    // Nothing ticked: the error summary says what to do, linked to the first box.
    await page.getByTestId('accept-chosen').click();
    const summary = page.getByTestId('error-summary');
    await expect(summary.textContent()).resolves.toContain('Chọn ít nhất một lô để tiếp nhận');
    await shots(page, 'console-acceptance-02-none-chosen');
    expect(await axeViolations(page, 'none chosen')).toEqual([]);
  });

  it('opens the demo batch, shows its verification before the button, accepts it and follows it to the ledger', async () => {
    const page = await signedIn();
    const batchId = (await classes()).find((c) => c.classId === demo.anchoredClassId)!.batch!.batchId;
    const row = await rowOf(page, batchId);
    await row.getByRole('link', { name: /^Xem và kiểm tra/ }).click();
    await page.getByRole('heading', { name: `Lô học bạ lớp 5A, ${SCHOOL_NAME}` }).waitFor();
    await expect(page.getByTestId('verdict').textContent()).resolves.toContain('Mọi bước kiểm tra đều đạt');
    const checks = page.getByTestId('checks');
    await expect(
      checks.locator('li').evaluateAll((lis) => lis.map((li) => `${li.dataset.check}:${li.dataset.outcome}`)),
    ).resolves.toEqual(['manifest:pass', 'signature:pass', 'signer:pass', 'anchor:pass', 'records:pass']);
    const checksText = (await checks.textContent()) ?? '';
    expect(checksText).toContain(`Chữ ký hợp lệ — Hiệu trưởng Nguyễn Văn Khải, ${SCHOOL_NAME}`);
    expect(checksText).toMatch(/Đã ghi sổ cái ở khối \d+ lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await expect(page.getByTestId('approval').textContent()).resolves.toMatch(
      /^Đã phê duyệt ngày \d{2}\/\d{2}\/\d{4}$/,
    );
    // No raw state keys or ISO instants on the page.
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(body).not.toContain('anchored');
    // The button comes after the checks.
    const order = await page.evaluate(() => {
      const checksEl = document.querySelector('[data-testid="checks"]')!;
      const button = document.querySelector('[data-testid="accept-one"]')!;
      return checksEl.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order).toBeTruthy();
    await shots(page, 'console-acceptance-03-batch');
    expect(await axeViolations(page, 'the batch page')).toEqual([]);

    await page.getByTestId('accept-one').click();
    await page.getByRole('heading', { name: 'Tiếp nhận lô học bạ này?' }).waitFor();
    await expect(page.getByTestId('confirm-list').textContent()).resolves.toContain(
      `Lô học bạ lớp 5A, ${SCHOOL_NAME}`,
    );
    expect(await batchState(batchId)).toBe('anchored');
    await shots(page, 'console-acceptance-04-confirm');
    expect(await axeViolations(page, 'the confirmation')).toEqual([]);

    await page.getByTestId('confirm-accept').click();
    await page.getByRole('heading', { name: 'Theo dõi việc tiếp nhận' }).waitFor();
    const item = page.locator(`[data-testid="following"] li[data-batch="${batchId}"]`);
    await page
      .locator(`[data-testid="following"] li[data-batch="${batchId}"][data-outcome="pass"]`)
      .waitFor({ timeout: 30_000 });
    await expect(item.textContent()).resolves.toMatch(/✓ Đã tiếp nhận — ghi vào sổ cái ở khối \d+/);
    // The gateway holds it accepted, and the ledger agrees.
    expect(await batchState(batchId)).toBe('accepted');
    const v = await call<{ anchor: { ledgerState: string }; acceptable: boolean }>(
      OFFICER,
      'GET',
      `/v1/batches/${batchId}/verification`,
    );
    expect(v).toMatchObject({ anchor: { ledgerState: 'accepted' }, acceptable: false });
    await shots(page, 'console-acceptance-05-accepted');
    expect(await axeViolations(page, 'after acceptance')).toEqual([]);
  });

  it('accepts two batches ticked in the queue together', async () => {
    const page = await signedIn();
    for (const name of ['2A', '3A']) {
      const row = await rowOf(page, made[name]!);
      await row.getByRole('checkbox', { name: `Chọn lô ${name}, ${SCHOOL_NAME}` }).check();
    }
    await page.getByRole('button', { name: 'Tiếp nhận 2 lô đã chọn' }).click();
    await page.getByRole('heading', { name: 'Tiếp nhận 2 lô học bạ?' }).waitFor();
    const list = (await page.getByTestId('confirm-list').textContent()) ?? '';
    expect(list).toContain('Lô học bạ lớp 2A');
    expect(list).toContain('Lô học bạ lớp 3A');
    await shots(page, 'console-acceptance-06-confirm-two');
    await page.getByTestId('confirm-accept').click();
    for (const name of ['2A', '3A']) {
      await page.locator(`li[data-batch="${made[name]}"][data-outcome="pass"]`).waitFor({ timeout: 30_000 });
    }
    await shots(page, 'console-acceptance-07-two-accepted');
    expect(await axeViolations(page, 'two accepted')).toEqual([]);
    expect(await batchState(made['2A']!)).toBe('accepted');
    expect(await batchState(made['3A']!)).toBe('accepted');
    // The queue is empty now.
    await page.getByRole('link', { name: 'Quay lại danh sách chờ tiếp nhận' }).click();
    await expect(page.getByTestId('queue-empty').textContent()).resolves.toBe(
      'Không có lô nào chờ tiếp nhận.',
    );
  });

  it('a batch that fails its verification says what failed and cannot be accepted', async () => {
    const page = await signedIn(`#/acceptance/batch/${made['1A']}`);
    await page.getByRole('heading', { name: `Lô học bạ lớp 1A, ${SCHOOL_NAME}` }).waitFor();
    await expect(page.getByTestId('verdict').textContent()).resolves.toContain('Không tiếp nhận được lô này');
    const checks = (await page.getByTestId('checks').textContent()) ?? '';
    expect(checks).toContain('Lô chưa được hiệu trưởng ký số.');
    expect(checks).toContain('Lô chưa được ghi vào sổ cái.');
    await expect(page.getByTestId('accept-one').isDisabled()).resolves.toBe(true);
    await expect(page.locator('#accept-why').textContent()).resolves.toContain('chỉ dùng được khi mọi bước');
    await shots(page, 'console-acceptance-08-failed');
    expect(await axeViolations(page, 'a failed verification')).toEqual([]);
    expect(await batchState(made['1A']!)).toBe('assembling');
  });

  it('shows the district’s schools with their classes’ progress', async () => {
    const page = await signedIn('#/acceptance/schools');
    const table = page.getByTestId('schools');
    await table.waitFor();
    const row = table.locator(`tr[data-school="${schoolId}"]`);
    await expect(row.locator('th').textContent()).resolves.toBe(SCHOOL_NAME);
    // Kim Đồng: 1A locked; 2A, 3A, 5A locked, signed, on the ledger and accepted.
    await until('the counts', async () => !((await row.textContent()) ?? '').includes('…'));
    const cells = await row.locator('td').allTextContents();
    // Classes: 1A–5A and the empty 5B (the import path's); the four counts after them.
    expect(Number(cells[0])).toBeGreaterThanOrEqual(5);
    expect(cells.slice(1)).toEqual(['4', '3', '3', '3']);
    // The district's other school holds records but has locked nothing; the other district's is not shown.
    const names = await table.locator('tbody th').allTextContents();
    expect(names).toEqual(['Trường THCS Chu Văn An', SCHOOL_NAME]);
    const other = table.locator('tr[data-school="SCH-QN-002"]');
    await until('the other school’s counts', async () => !((await other.textContent()) ?? '').includes('…'));
    expect((await other.locator('td').allTextContents()).slice(1)).toEqual(['0', '0', '0', '0']);
    await shots(page, 'console-acceptance-09-schools');
    expect(await axeViolations(page, 'the schools')).toEqual([]);
  });
});
