/**
 * "Kiểm tra tệp" given a học bạ PDF (issue 15): the PDF the gateway's holder route issues is read in the page
 * (pdfjs-dist, loaded only then), its attached bundle verified offline and then online; a PDF without the
 * attachment is said in words; a PDF whose attachment was tampered with is invalid; a PDF whose printed content
 * code is not its attachment's is a failed check. Screenshots at 1366 and 390 px in test/artifacts/.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layoutFingerprint, layoutHocBa, recordFromFields } from '@hocba/records';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Guarded, guardedPage, launch, shots } from './chromium.ts';
import { type BrowserWorld, SCHOOL_NAME, startBrowserWorld } from './world.ts';

// The gateway's PDF library, resolved as the gateway resolves it (the test package does not declare it).
const gatewayRequire = createRequire(createRequire(import.meta.url).resolve('@hocba/gateway'));
const PDFDocument = gatewayRequire('pdfkit') as typeof import('pdfkit');
const FONT = gatewayRequire.resolve('@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf');

type Bundle = { disclosure: { fields: { pointer: string; value: unknown }[]; hidden: string[] } };

let world: BrowserWorld;
let browser: Browser;
let g: Guarded | undefined;
let errors: string[];

beforeAll(async () => {
  [world, browser] = await Promise.all([startBrowserWorld(), launch()]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
});
afterEach(async () => {
  if (!g) return;
  const { foreign, context } = g;
  g = undefined;
  await context.close();
  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
});

async function open(path = '/#tep'): Promise<Page> {
  g = await guardedPage(browser, world.base);
  errors = [];
  g.page.on('pageerror', (e) => errors.push(String(e)));
  g.page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await g.page.goto(`${world.base}${path}`);
  if (path === '/#tep')
    await g.page.waitForFunction(() => localStorage.getItem('hocba.trustAnchors') !== null);
  return g.page;
}

const verdict = (page: Page) => page.locator('.verdict');
const outcomes = (page: Page) =>
  page
    .locator('li.step')
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-step')}:${e.getAttribute('data-outcome')}`));

function save(bytes: Uint8Array, name: string): string {
  const path = join(tmpdir(), `hocba-${name}-${process.pid}.pdf`);
  writeFileSync(path, bytes);
  return path;
}

/** A one-page PDF of `text`, with `bundle` attached as hocba-bundle.json (none: no attachment). */
async function makePdf(text: string, bundle?: unknown): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4' });
  doc.font(FONT);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((done) => doc.on('end', done));
  doc.text(text);
  if (bundle)
    doc.file(Buffer.from(JSON.stringify(bundle)), { name: 'hocba-bundle.json', type: 'application/json' });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

const fingerprintOf = (b: Bundle) =>
  layoutFingerprint(
    layoutHocBa(recordFromFields(b.disclosure.fields), { hiddenFields: b.disclosure.hidden.length }),
  );

async function publicBundle(): Promise<Bundle> {
  const { code, dob } = world.seats.valid;
  const res = await fetch(`${world.base}/v1/verify/${code}?dob=${dob}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { bundle: Bundle }).bundle;
}

describe('Kiểm tra tệp with a học bạ PDF', () => {
  it('the holder’s PDF from the gateway: valid offline steps, its printed code matching, then valid online', async () => {
    const login = await fetch(`${world.base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: world.student.login, password: world.student.password }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const res = await fetch(`${world.base}/v1/me/records/${world.seats.valid.recordId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        pointers: ['/biography/fullName', '/schoolYear', '/level', '/results/subjects'],
      }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const file = save(new Uint8Array(await res.arrayBuffer()), 'holder');

    const page = await open();
    // The lookup page's load carries no PDF reader: pdfjs-dist and its worker come when a PDF is chosen.
    const lazy = (u: string) => /\/assets\/(pdf-file|pdf\.worker)[^/]*$/.test(u);
    expect(g!.requests.filter(lazy)).toEqual([]);
    await page.locator('input[type=file]').setInputFiles(file);
    await verdict(page).waitFor();
    expect(g!.requests.filter(lazy)).toHaveLength(2);
    expect(await verdict(page).getAttribute('data-verdict')).toBe('incomplete');
    expect(await outcomes(page)).toEqual([
      'integrity:pass',
      'inclusion:pass',
      'anchor:unknown',
      'signature:pass',
      // The certificate's registration is a ledger fact: not checked offline.
      'signer:unknown',
      'status:unknown',
    ]);
    // The content code shown is the one laid out from the attachment, and the pages print the same.
    const shown = await page.locator('article.hocba').getAttribute('data-fingerprint');
    expect(shown).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const visible = page.getByTestId('pdf-visible');
    expect(await visible.getAttribute('data-outcome')).toBe('pass');
    const said = await visible.innerText();
    expect(said).toContain(`Mã nội dung in trên các trang PDF (${shown}) đúng bằng mã tính từ gói`);
    // It claims no more than it compares: the printed lines are for hocba verify.
    expect(said).toContain('chỉ so mã, không so từng dòng');
    expect(await page.locator('article.hocba').innerText()).toContain(world.seats.valid.fullName);
    await shots(page, 'h7-01-file-pdf-offline');

    await page.getByRole('button', { name: 'Kiểm tra trên sổ cái (trực tuyến)' }).click();
    await page.getByTestId('online-done').waitFor();
    expect(await verdict(page).getAttribute('data-verdict')).toBe('valid');
    expect((await outcomes(page)).every((o) => o.endsWith(':pass'))).toBe(true);
    expect(await page.getByTestId('pdf-visible').getAttribute('data-outcome')).toBe('pass');
    await shots(page, 'h7-02-file-pdf-online');
  });

  it('a PDF without the attachment: said in Vietnamese, nothing verified', async () => {
    const file = save(await makePdf('Bản chụp học bạ, không có gói minh chứng'), 'scan');
    const page = await open();
    await page.locator('input[type=file]').setInputFiles(file);
    const alert = page.getByText('Tệp PDF này không đính kèm gói minh chứng (hocba-bundle.json)');
    await alert.waitFor();
    expect(await verdict(page).count()).toBe(0);
    await shots(page, 'h7-03-file-pdf-no-attachment');
  });

  it('a PDF whose attachment was tampered with: invalid, the integrity step failed', async () => {
    const bundle = structuredClone(await publicBundle());
    const mark = bundle.disclosure.fields.find(
      (f) => typeof f.value === 'number' && /testScore$/.test(f.pointer),
    );
    if (!mark) throw new Error('fixture: no test score');
    mark.value = mark.value === 10 ? 9 : 10;
    // Printed from the tampered content, so that only the integrity step can tell.
    const file = save(await makePdf(`Học bạ · Mã nội dung: ${fingerprintOf(bundle)}`, bundle), 'tampered');
    const page = await open();
    await page.locator('input[type=file]').setInputFiles(file);
    await verdict(page).waitFor();
    expect(await verdict(page).getAttribute('data-verdict')).toBe('invalid');
    expect(await outcomes(page)).toContain('integrity:fail');
    expect(await page.getByTestId('pdf-visible').getAttribute('data-outcome')).toBe('pass');
    await shots(page, 'h7-04-file-pdf-tampered');
  });

  it('a PDF whose printed content code is not its attachment’s: the page-to-attachment check fails in words', async () => {
    const bundle = await publicBundle();
    const file = save(await makePdf('Học bạ · Mã nội dung: 0000-1111-2222-3333', bundle), 'doctored');
    const page = await open();
    await page.locator('input[type=file]').setInputFiles(file);
    await verdict(page).waitFor();
    // The attachment itself is sound; the pages are not its content.
    expect(await outcomes(page)).toContain('integrity:pass');
    const visible = page.getByTestId('pdf-visible');
    expect(await visible.getAttribute('data-outcome')).toBe('fail');
    const said = await visible.innerText();
    expect(said).toContain('Không đạt: mã nội dung in trên trang PDF (0000-1111-2222-3333)');
    expect(said).toContain(`(${fingerprintOf(bundle)})`);
    await shots(page, 'h7-05-file-pdf-doctored');
  });
});

describe('Học bạ của tôi', () => {
  it('names the school of each record by its name, not its code', async () => {
    const page = await open('/#cua-toi');
    await page.getByLabel('Tên đăng nhập').fill(world.student.login);
    await page.getByLabel('Mật khẩu').fill(world.student.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const title = page.locator(`section.own[data-record="${world.seats.valid.recordId}"] h3`);
    await title.waitFor();
    const seen = await title.innerText();
    expect(seen).toContain(SCHOOL_NAME);
    expect(seen).not.toMatch(/SCH-/);
    await shots(page, 'h7-06-holder-cards');
  });
});
