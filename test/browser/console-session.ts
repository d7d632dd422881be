/**
 * What a console browser test does around its screens: sign in through the API as one of the demo's staff
 * (to read what the gateway holds and compare it with what the screen says), and open the console signed in
 * in a guarded page (only the gateway's own requests; page errors collected), closed with its checks.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  killLeftovers,
  ROOT,
  type ServerRun,
  spawnServer,
  stopServer,
  waitReady,
} from '@hocba/gateway/testing/process/server.ts';
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

/** A TCP port free on the loopback now (for a gateway started as its own process). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const { port } = s.address() as { port: number };
  await new Promise((done) => s.close(done));
  return port;
}

/**
 * `npm start`'s gateway as its own process, on its own data folder and port: started, stopped, tampered with
 * behind its back (`npm run demo:tamper`), and started again on the same data.
 */
export class DemoProcess {
  url = '';
  private run: ServerRun | undefined;

  private constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  static async create(prefix: string): Promise<DemoProcess> {
    return new DemoProcess(mkdtempSync(join(tmpdir(), prefix)), await freePort());
  }

  async start(): Promise<void> {
    this.run = spawnServer({
      HOCBA_DATA_DIR: this.dataDir,
      PORT: String(this.port),
      PUBLIC_URL: `http://127.0.0.1:${this.port}`,
      RATE_LIMIT_MAX: '1000',
    });
    ({ url: this.url } = await waitReady(this.run, 150_000));
  }

  async stop(): Promise<void> {
    const run = this.run;
    this.run = undefined;
    if (run && run.child.exitCode === null && run.child.signalCode === null) await stopServer(run);
  }

  /** scripts/demo-tamper.ts on the stopped demo's data: one mark of the anchored batch changed. */
  tamper(): Promise<{ code: number | null; out: string }> {
    return new Promise((done) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'scripts/demo-tamper.ts'],
        {
          cwd: ROOT,
          env: { ...process.env, HOCBA_DATA_DIR: this.dataDir, PORT: String(this.port) },
          timeout: 120_000,
        },
        (e, stdout, stderr) =>
          done({ code: e ? ((e.code as number | undefined) ?? 1) : 0, out: stdout + stderr }),
      );
    });
  }

  /** Stops it if running and removes its data. */
  async close(): Promise<void> {
    await this.stop();
    killLeftovers();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
