/**
 * Notifications in the console (issue 14 point 3) on the demo of `npm start` — the seeded province, with
 * the notifier ticking every second (NOTIFY_INTERVAL_MS) — in Chromium: the district officer of Hạ Long
 * finds "Lô học bạ lớp 5A … chờ tiếp nhận" (the seed's anchored batch, not yet accepted) and follows its link
 * to the acceptance page, which marks it read; the officer of another district is told nothing of it; the
 * school admin finds the correction the principal asked for, marks it read with "Đánh dấu đã đọc", and
 * the unread filter then shows nothing, and gives the address her notifications are mailed to (a malformed
 * one refused in the error summary first). Each state shot at 1366×768 and 390×844, axe on each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  killLeftovers,
  type ServerRun,
  spawnServer,
  stopServer,
  waitReady,
} from '@hocba/gateway/testing/process/server.ts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type Guarded, guardedPage, launch, shots } from './chromium.ts';

const PASSWORD = 'hocba-demo-2026';

let url: string;
let run: ServerRun;
let dataDir: string;
let classId: string;
let browser: Browser;
let g: Guarded | undefined;
let errors: string[];

interface Note {
  id: string;
  kind: string;
  title: { vi: string; en: string };
  link: string;
  read: boolean;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const { port } = s.address() as { port: number };
  await new Promise((done) => s.close(done));
  return port;
}

const tokens = new Map<string, string>();
async function api(login: string, method: string, path: string, body?: unknown): Promise<Response> {
  if (!tokens.has(login)) {
    const res = await fetch(`${url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: PASSWORD }),
    });
    if (!res.ok) throw new Error(`login ${login}: ${res.status} ${await res.text()}`);
    tokens.set(login, ((await res.json()) as { accessToken: string }).accessToken);
  }
  const headers: Record<string, string> = { authorization: `Bearer ${tokens.get(login)}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${url}${path}`, {
    method,
    headers,
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}
async function json<T>(login: string, path: string): Promise<T> {
  const res = await api(login, 'GET', path);
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
const notes = async (login: string) =>
  (await json<{ items: Note[] }>(login, '/v1/notifications?limit=100')).items;

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hocba-notify-'));
  const port = await freePort();
  run = spawnServer({
    HOCBA_DATA_DIR: dataDir,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    RATE_LIMIT_MAX: '1000',
    NOTIFY_INTERVAL_MS: '1000',
  });
  [{ url }, browser] = await Promise.all([waitReady(run, 150_000), launch()]);
  const cls = /gvcn\.5a\.kimdong\s+\S+\s+(\S+-5A)\b/.exec(run.output());
  if (!cls) throw new Error(`no anchored class in the banner:\n${run.output()}`);
  classId = cls[1]!;
}, 180_000);
afterAll(async () => {
  await browser?.close();
  if (run && run.child.exitCode === null && run.child.signalCode === null) await stopServer(run);
  killLeftovers();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function open(login: string, hash = '#/notifications'): Promise<Page> {
  g = await guardedPage(browser, url);
  errors = [];
  g.page.on('pageerror', (e) => errors.push(String(e)));
  g.page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  await g.page.goto(`${url}/console/`);
  await g.page.getByLabel('Tên đăng nhập').fill(login);
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

/** Nothing of the machinery on the screen: no UUIDs, codes or ISO instants. */
async function noRawCodes(page: Page) {
  const text = await page.locator('main').textContent();
  expect(text).not.toMatch(/\b[0-9a-f]{8}-[0-9a-f]{4}-|SCH-QN|\d{4}-\d{2}-\d{2}T|batchAwaiting|deadlineNear/);
}

describe('the district officer', () => {
  it('finds the batch waiting for acceptance, and follows its link, which marks it read', async () => {
    const waiting = await until('the batch notification', async () =>
      (await notes('phong.halong')).find((n) => n.kind === 'batchAwaitingAcceptance'),
    );
    // The officer of another district is told nothing of Kim Đồng's batch.
    expect((await notes('phong.campha')).filter((n) => n.kind === 'batchAwaitingAcceptance')).toEqual([]);

    const page = await open('phong.halong');
    const item = page.getByTestId('notification').filter({ hasText: 'chờ tiếp nhận' });
    await item.waitFor();
    const text = await item.textContent();
    expect(text).toMatch(/Lô học bạ lớp 5A — .*Kim Đồng.* \(năm học \d{4}-\d{4}\) chờ tiếp nhận/);
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await expect(item.getByTestId('notification-state').textContent()).resolves.toMatch(/Chưa đọc/);
    await noRawCodes(page);
    expect(await axeViolations(page, 'notifications-district')).toEqual([]);
    await shots(page, 'console-notifications-01-district');

    await item.getByTestId('notification-link').click();
    await page.waitForFunction((h) => location.hash === h, waiting.link);
    expect(waiting.link).toMatch(/^#\/acceptance\/[^/]+$/);
    // Following it marked it read at the gateway.
    await until('the read mark', async () =>
      (await notes('phong.halong')).find((n) => n.id === waiting.id && n.read),
    );
    await page.evaluate(() => {
      location.hash = '#/notifications';
    });
    const after = page.getByTestId('notification').filter({ hasText: 'chờ tiếp nhận' });
    await after.getByTestId('notification-state').filter({ hasText: 'Đã đọc' }).waitFor();
    await shots(page, 'console-notifications-02-district-read');
  });
});

describe('the school admin', () => {
  it('finds the correction to check, marks it read, and then has nothing unread', async () => {
    const records = await json<{ records: { recordId: string; state: string }[] }>(
      'hieutruong.kimdong',
      `/v1/classes/${classId}/records`,
    );
    const recordId = records.records.find((r) => r.state === 'locked')!.recordId;
    const req = await api('hieutruong.kimdong', 'POST', '/v1/corrections', {
      recordId,
      subject: 'TOAN',
      legalBasis: 'Điều 15 QĐ Sở GD&ĐT',
      reason: 'Nhận xét môn Toán ghi nhầm',
    });
    expect(req.status).toBe(201);
    const id = ((await req.json()) as { id: string }).id;
    await until('the correction notification', async () =>
      (await notes('vanthu.kimdong')).find(
        (n) => n.kind === 'correctionAwaitingCheck' && n.link.endsWith(id),
      ),
    );
    // The principal who asked is not told of their own request.
    expect((await notes('hieutruong.kimdong')).filter((n) => n.kind === 'correctionAwaitingCheck')).toEqual(
      [],
    );

    const page = await open('vanthu.kimdong');
    const item = page.getByTestId('notification').filter({ hasText: 'chờ kiểm tra' });
    await item.waitFor();
    expect(await item.textContent()).toMatch(/Đề nghị chỉnh sửa học bạ lớp 5A, môn Toán chờ kiểm tra/);
    await noRawCodes(page);
    expect(await axeViolations(page, 'notifications-admin')).toEqual([]);
    await shots(page, 'console-notifications-03-admin');

    await item.getByTestId('mark-read').click();
    await item.getByTestId('notification-state').filter({ hasText: 'Đã đọc' }).waitFor();
    expect(await item.getByTestId('mark-read').count()).toBe(0);
    const mine = await notes('vanthu.kimdong');
    expect(mine.find((n) => n.link.endsWith(id))!.read).toBe(true);

    // Anything else unread (the seed's own) is marked at once; then the unread filter shows nothing.
    const all = page.getByTestId('mark-all-read');
    if (await all.isEnabled()) {
      await all.click();
      await page.waitForFunction(
        () => (document.querySelector('[data-testid="mark-all-read"]') as HTMLButtonElement | null)?.disabled,
      );
    }
    await page.getByLabel('Chưa đọc', { exact: true }).check();
    await page.getByTestId('notifications-empty').waitFor();
    await expect(page.getByTestId('notifications-empty').textContent()).resolves.toBe(
      'Không có thông báo chưa đọc.',
    );
    const count = await json<{ unread: number }>('vanthu.kimdong', '/v1/notifications/count');
    expect(count.unread).toBe(0);
    expect(await axeViolations(page, 'notifications-admin-unread')).toEqual([]);
    await shots(page, 'console-notifications-04-admin-none-unread');

    // The address notifications are mailed to: a malformed one is named in the summary, linked to its field.
    const field = page.getByLabel('Địa chỉ e-mail');
    await field.fill('vanthu ở trường');
    await page.getByTestId('email-save').click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    await expect(summary.getByRole('link').allTextContents()).resolves.toEqual([
      'Nhập địa chỉ e-mail đúng dạng, ví dụ ten@truong.edu.vn',
    ]);
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await axeViolations(page, 'notifications-email-error')).toEqual([]);
    await shots(page, 'console-notifications-05-email-error');
    await field.fill('vanthu@kimdong.edu.vn');
    await page.getByTestId('email-save').click();
    await page.getByTestId('email-saved').waitFor();
    await expect(page.getByTestId('email-saved').textContent()).resolves.toBe(
      'Đã lưu địa chỉ nhận thông báo.',
    );
    expect(await json<{ email: string | null }>('vanthu.kimdong', '/v1/notifications/email')).toEqual({
      email: 'vanthu@kimdong.edu.vn',
    });
    await shots(page, 'console-notifications-06-email-saved');
  });
});
