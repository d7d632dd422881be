/**
 * The school console (issue 13) in Debian's Chromium, against the demo of `npm start` run as its own process
 * (documents-demo.ts): signing in with the demo accounts, GOV.UK's error summary for a form left empty and for
 * a wrong password, the role choice of an account with two roles, a session that survives a reload (its
 * refresh token) and ends with "Đăng xuất", English as the second language; the principal's path from her
 * school's classes to a class locked, signed in the page with her .p12 (the dev PKI's, as a principal's own
 * file) and anchored on the ledger; axe-core finds no serious or critical violation; screenshots at 1366×768
 * and 390 px go to test/artifacts/console-*.png.
 */
import { join } from 'node:path';
import { ROOT } from '@hocba/gateway/testing/process/server.ts';
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

async function open(path = '/console/'): Promise<Page> {
  g = await guardedPage(browser, demo.url);
  errors = [];
  g.page.on('pageerror', (e) => errors.push(String(e)));
  g.page.on('console', (m) => {
    // A 4xx is an answer the page shows (a wrong password, a role to choose), not an error of the page.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  await g.page.goto(`${demo.url}${path}`);
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

async function signIn(page: Page, login: string, password = PASSWORD) {
  await page.getByLabel('Tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

describe('signing in to the console', () => {
  it('signs the principal in, keeps the session over a reload, and signs out', async () => {
    const page = await open();
    expect(await page.title()).toBe('Học bạ số — Nhà trường');
    await shots(page, 'console-01-sign-in');
    await signIn(page, 'hieutruong.kimdong');
    await expect(page.getByTestId('role').textContent()).resolves.toBe('Vai trò: Hiệu trưởng');
    await shots(page, 'console-02-signed-in');
    // The refresh token kept in the tab resumes the session.
    await page.reload();
    await page.getByTestId('role').waitFor();
    await expect(page.getByTestId('role').textContent()).resolves.toBe('Vai trò: Hiệu trưởng');
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    // Signed out at the gateway too: a reload does not bring the session back.
    await page.reload();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    expect(await page.getByTestId('role').count()).toBe(0);
  });

  it('summarises what is missing, each error a link to its field', async () => {
    const page = await open();
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    await expect(summary.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    const links = summary.getByRole('link');
    await expect(links.allTextContents()).resolves.toEqual(['Nhập tên đăng nhập', 'Nhập mật khẩu']);
    await links.nth(1).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('password');
    await shots(page, 'console-03-empty-form');
  });

  it('says a wrong password in words and links it to the password field', async () => {
    const page = await open();
    await signIn(page, 'hieutruong.kimdong', 'not-the-password');
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    const text = await summary.textContent();
    expect(text).toContain('Có lỗi cần sửa');
    // The gateway's own message (INVALID_CREDENTIALS), not a code.
    expect(text).not.toMatch(/INVALID_CREDENTIALS|401/);
    await expect(page.getByLabel('Mật khẩu').getAttribute('aria-invalid')).resolves.toBe('true');
    await shots(page, 'console-04-wrong-password');
  });

  it('asks a teacher with two roles which one she works in', async () => {
    const page = await open();
    await signIn(page, 'gvcn.5a.kimdong');
    await page.getByRole('heading', { name: 'Chọn vai trò' }).waitFor();
    const choices = page.getByRole('radio');
    await expect(choices.count()).resolves.toBe(2);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect(page.getByTestId('error-summary').textContent()).resolves.toContain('Chọn một vai trò');
    await shots(page, 'console-05-choose-role');
    await page.getByLabel('Giáo viên bộ môn').check();
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect(page.getByTestId('role').textContent()).resolves.toBe('Vai trò: Giáo viên bộ môn');
  });

  it('switches to English and back', async () => {
    const page = await open();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en');
    await expect(page.getByLabel('User name').count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  });

  it('has no serious or critical accessibility violation (axe-core, WCAG 2 A and AA)', async () => {
    const page = await open();
    const found = [...(await axeViolations(page, 'sign in'))];
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('error-summary').waitFor();
    found.push(...(await axeViolations(page, 'sign in with errors')));
    await signIn(page, 'gvcn.5a.kimdong');
    await page.getByRole('heading', { name: 'Chọn vai trò' }).waitFor();
    found.push(...(await axeViolations(page, 'choose a role')));
    await page.getByLabel('Giáo viên chủ nhiệm').check();
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByTestId('role').waitFor();
    found.push(...(await axeViolations(page, 'signed in')));
    expect(found).toEqual([]);
  });
});

/** The demo principal's key store, as scripts/dev-pki.ts writes it (password DEV_P12_PASSWORD). */
const P12 = join(ROOT, '.dev-pki/SCH-QN-001/principal.p12');

describe("the principal's classes: lock, sign with a .p12, anchored", () => {
  it('locks class 1A, refuses a wrong password in words, signs with the .p12 and sees the batch on the ledger', async () => {
    const page = await open();
    await signIn(page, 'hieutruong.kimdong');
    const table = page.getByRole('table');
    await table.waitFor();
    // Her school's six classes; 5A was locked and anchored by the seed, 5B waits empty for a newcomer.
    await expect(page.getByRole('rowheader').allTextContents()).resolves.toEqual([
      '1A',
      '2A',
      '3A',
      '4A',
      '5A',
      '5B',
    ]);
    await expect(page.getByTestId('class-5A').getByTestId('batch-state').textContent()).resolves.toMatch(
      /^Đã ghi vào sổ cái, chờ Phòng tiếp nhận \(khối \d+, \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\)$/,
    );
    await shots(page, 'console-06-classes');
    expect(await axeViolations(page, 'classes')).toEqual([]);
    await page.getByRole('button', { name: 'Khóa học bạ 1A' }).click();
    const row = page.getByTestId('class-1A');
    await row.getByRole('button', { name: 'Ký số 1A' }).waitFor();
    await expect(row.getByTestId('batch-state').textContent()).resolves.toBe('Đã khóa, chờ hiệu trưởng ký');
    await row.getByRole('button', { name: 'Ký số 1A' }).click();
    await page.getByRole('heading', { name: 'Ký số lô học bạ — Lớp 1A' }).waitFor();
    // Nothing chosen: both fields named in the summary.
    await page.getByRole('button', { name: 'Ký và gửi' }).click();
    const summary = page.getByTestId('error-summary');
    await expect(summary.getByRole('link').allTextContents()).resolves.toEqual([
      'Chọn tệp chứng thư số',
      'Nhập mật khẩu của tệp',
    ]);
    await page.getByLabel('Tệp chứng thư số').setInputFiles(P12);
    await page.getByLabel('Mật khẩu của tệp').fill('sai mật khẩu');
    await page.getByRole('button', { name: 'Ký và gửi' }).click();
    await expect(summary.textContent()).resolves.toContain('Mật khẩu không mở được tệp chứng thư số');
    await shots(page, 'console-07-sign-wrong-password');
    expect(await axeViolations(page, 'sign form with an error')).toEqual([]);
    await page.getByLabel('Mật khẩu của tệp').fill(PASSWORD);
    await page.getByRole('button', { name: 'Ký và gửi' }).click();
    // Signed, then anchored by the gateway's outbox: the page asks again until the ledger has it.
    await page
      .getByTestId('class-1A')
      .getByTestId('batch-state')
      .filter({ hasText: /khối \d+/ })
      .waitFor({ timeout: 30_000 });
    await expect(row.getByTestId('batch-state').textContent()).resolves.toMatch(
      /^Đã ghi vào sổ cái, chờ Phòng tiếp nhận/,
    );
    await expect(row.locator('td').nth(4).textContent()).resolves.toBe('4'); // locked
    await shots(page, 'console-08-anchored');
  });
});
