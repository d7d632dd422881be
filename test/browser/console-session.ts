/**
 * What a console browser test does around its screens: sign in through the API as one of the demo's staff
 * (to read what the gateway holds and compare it with what the screen says), and open the console signed in
 * in a guarded page (only the gateway's own requests; page errors collected), closed with its checks.
 */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type Guarded, guardedPage } from './chromium.ts';

/** Every demo account's password (gateway/src/seed). */
export const DEMO_PASSWORD = 'hocba-demo-2026';

export interface SignedIn {
  accessToken: string;
  scope: { schoolId?: string; districtId?: string; provinceId?: string }[];
}

/** POST /v1/auth/login; fails the test unless it answers 200. */
export async function signInApi(url: string, login: string, password = DEMO_PASSWORD): Promise<SignedIn> {
  const r = await fetch(`${url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  expect(r.status, `sign-in of ${login}`).toBe(200);
  return (await r.json()) as SignedIn;
}

/**
 * A JSON call as `login` (signed in afresh: a token does not outlive a gateway restart); fails the test
 * unless the answer is 2xx.
 */
export async function apiAs<T>(
  url: string,
  login: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const { accessToken } = await signInApi(url, login);
  const r = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${accessToken}`,
      ...(init.body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  });
  expect(r.ok, `${init.method ?? 'GET'} ${path} as ${login}: ${r.status}`).toBe(true);
  return (await r.json()) as T;
}

export interface ConsoleSession extends Guarded {
  /** Uncaught page errors and console errors other than the 4xx answers a form shows in words. */
  errors: string[];
}

/** The console in a new guarded page, `login` signed in through the form, at `hash` if given. */
export async function openConsole(
  browser: Browser,
  url: string,
  login: string,
  o: { hash?: string; viewport?: { width: number; height: number } } = {},
): Promise<ConsoleSession> {
  const g = await guardedPage(browser, url, { viewport: o.viewport ?? { width: 1366, height: 768 } });
  const errors: string[] = [];
  g.page.on('pageerror', (e) => errors.push(String(e)));
  g.page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  await signInForm(g.page, url, login);
  if (o.hash !== undefined) {
    await g.page.evaluate((h) => {
      location.hash = h;
    }, o.hash);
  }
  return { ...g, errors };
}

async function signInForm(page: Page, url: string, login: string): Promise<void> {
  await page.goto(`${url}/console/`);
  await page.getByLabel('Tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('role').waitFor();
}

/** Closes the session's context; fails the test on a request outside the gateway or a page error. */
export async function closeConsole(s: ConsoleSession): Promise<void> {
  await s.context.close();
  expect(s.foreign).toEqual([]);
  expect(s.errors).toEqual([]);
}
