/**
 * Debian's Chromium driven by playwright-core (no browser download: scripts/browser.sh installs the
 * `chromium` package), and a context that routes every request: anything for a host other than the
 * gateway's is aborted and remembered, so a test can assert the page talked to its own origin only.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
/** Screenshots and printouts of issue 15's states, to be looked at (git-ignored). */
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '../artifacts');

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run scripts/browser.sh`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  // As root (CI, containers) Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export interface Guarded {
  context: BrowserContext;
  page: Page;
  /** URLs the page tried to reach on another host. */
  foreign: string[];
  /** Every URL requested, in order. */
  requests: string[];
}

export async function guardedPage(
  browser: Browser,
  base: string,
  o: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<Guarded> {
  const own = new URL(base).host;
  const context = await browser.newContext({
    viewport: o.viewport ?? { width: 1280, height: 900 },
    locale: o.locale ?? 'vi-VN',
    acceptDownloads: true,
  });
  const foreign: string[] = [];
  const requests: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    if (new URL(url).host !== own) {
      foreign.push(url);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  const page = await context.newPage();
  return { context, page, foreign, requests };
}

export const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

/** The page as a laptop (1366×768) and a phone (390 px wide) show it: `<name>-1366.png`, `<name>-390.png`. */
export async function shots(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const before = page.viewportSize();
  for (const [width, height] of [
    [1366, 768],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

/** A date of birth (YYYY-MM-DD) typed into the lookup form's three fields as a parent would: 7, not 07. */
export async function fillDob(page: Page, iso: string) {
  const [y, m, d] = iso.split('-') as [string, string, string];
  await page.getByLabel('Ngày', { exact: true }).fill(String(Number(d)));
  await page.getByLabel('Tháng', { exact: true }).fill(String(Number(m)));
  await page.getByLabel('Năm', { exact: true }).fill(y);
}

/** axe-core (Deque's accessibility engine), evaluated in the page through the DevTools protocol. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical WCAG 2 A/AA violations axe-core finds in the page now, each "view: rule (n)". */
export async function axeViolations(page: Page, view: string): Promise<string[]> {
  // Not a <script>: the page's CSP stays as it is.
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    type Runner = {
      run(
        d: Document,
        o: { runOnly: string[] },
      ): Promise<{ violations: { id: string; impact?: string | null; nodes: unknown[] }[] }>;
    };
    const r = await (window as unknown as { axe: Runner }).axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa'],
    });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.nodes.length})`);
  });
  return found.map((f) => `${view}: ${f}`);
}
