/**
 * The Ministry's audit log and trust anchors in the console (issue 14), on the demo of `npm start` run as
 * its own process, in Chromium, as the Ministry's auditor `thanhtra.bo`:
 * 1. the log newest first, in words (who by name and role, the school, "Khóa lô học bạ lớp 5A"), never a
 *    raw action key, ISO instant or UUID on screen; filtered by school and group, then by one action, each
 *    filter's rows the gateway's own answer to the same query; paged older and back;
 * 2. the day/month/year filters: a day that does not exist and a range that ends before it starts, each in
 *    the error summary linking to its field; today (Vietnam) shows today's entries, a day long past none;
 * 3. trust anchors: the demo's root listed as trusted; a file that is no certificate refused; a test root CA
 *    (made here with @peculiar/x509) registered from its .cer, shown once the ledger holds it; retired with
 *    a reason on its confirmation page (an empty reason refused first), shown retired; both in the log.
 * Each state shot at 1366×768 and 390×844 (test/artifacts/console-audit-*), axe on each.
 */
// @peculiar/x509 (the test's own root CA) needs it before it loads.
import 'reflect-metadata';
import { createHash, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type Guarded, guardedPage, launch, shots } from './chromium.ts';
import { type DemoServer, startDemo } from './documents-demo.ts';

const PASSWORD = 'hocba-demo-2026';
const AUDITOR = 'thanhtra.bo';
const KIM_DONG = 'SCH-QN-001';

let demo: DemoServer;
let browser: Browser;
let g: Guarded | undefined;
let errors: string[];
let files: string;
let token: string;
const violations: string[] = [];

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launch()]);
  files = mkdtempSync(join(tmpdir(), 'hocba-audit-'));
  const login = await fetch(`${demo.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: AUDITOR, password: PASSWORD }),
  });
  token = ((await login.json()) as { accessToken: string }).accessToken;
  // The seed logs only a few entries: ten accounts made by Kim Đồng's administrator (each an account and a
  // grant at the school) give the log more than a page.
  const admin = await fetch(`${demo.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'vanthu.kimdong', password: PASSWORD }),
  });
  const adminToken = ((await admin.json()) as { accessToken: string }).accessToken;
  for (let i = 1; i <= 10; i++) {
    const res = await fetch(`${demo.url}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({
        login: `quantri.kiemtra.${i}`,
        displayName: `Cán bộ quản trị thử ${i}`,
        password: 'mat-khau-thu-nghiem-2026',
        grant: { role: 'schoolAdmin', schoolId: KIM_DONG },
      }),
    });
    expect(res.status, await res.text()).toBe(201);
  }
  // The demo's first start and ten passwords hashed at production cost, on a machine shared with other runs.
}, 400_000);
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  if (files) rmSync(files, { recursive: true, force: true });
});

afterEach(async () => {
  if (!g) return;
  const { foreign, context } = g;
  g = undefined;
  await context.close();
  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
});

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${demo.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

interface Entry {
  seq: number;
  action: string;
  at: string;
}
interface Anchor {
  fingerprint: string;
  status: string;
  reason?: string;
}

async function signedIn(hash: string): Promise<Page> {
  g = await guardedPage(browser, demo.url);
  errors = [];
  g.page.on('pageerror', (e) => errors.push(String(e)));
  g.page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  const page = g.page;
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${demo.url}/console/`);
  await page.getByLabel('Tên đăng nhập').fill(AUDITOR);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('role').waitFor();
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  return page;
}

async function look(page: Page, name: string) {
  violations.push(...(await axeViolations(page, name)));
  await shots(page, `console-audit-${name}`);
}

/** The rows on screen: sequence, action key (an attribute, not shown) and the cells' text. */
async function rows(page: Page) {
  await page.getByTestId('audit-log').waitFor();
  return page.locator('[data-testid="audit-log"] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      seq: Number(tr.getAttribute('data-seq')),
      action: tr.getAttribute('data-action') ?? '',
      cells: Array.from(tr.querySelectorAll('td'), (td) =>
        (td as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
      ),
    })),
  );
}

/** Waits until the table shows the gateway's answer to `query` (page 1, newest first). */
async function showsQuery(page: Page, query: string) {
  const want = (await api<{ items: Entry[] }>(`/v1/audit/?order=desc&limit=20&${query}`)).items.map(
    (e) => e.seq,
  );
  await expect.poll(async () => (await rows(page)).map((r) => r.seq), { timeout: 10_000 }).toEqual(want);
  return want;
}

/** Today's date in Vietnam as the three fields take it. */
function vietnamToday() {
  const t = new Date(Date.now() + 7 * 3600_000);
  return { d: t.getUTCDate(), m: t.getUTCMonth() + 1, y: t.getUTCFullYear() };
}

async function fillDay(page: Page, id: string, d: number | string, m: number | string, y: number | string) {
  await page.locator(`#${id}-day`).fill(String(d));
  await page.locator(`#${id}-month`).fill(String(m));
  await page.locator(`#${id}-year`).fill(String(y));
}

describe('the audit log', () => {
  it('reads in words, filters by school, group and action against the gateway, and pages', async () => {
    const page = await signedIn('#/audit');
    await page.getByRole('heading', { name: 'Nhật ký lưu vết', level: 2 }).waitFor();
    const first = await rows(page);
    expect(first).toHaveLength(20);
    const table = await page.getByTestId('audit-log').innerText();
    for (const r of first) expect(table).not.toContain(r.action);
    expect(table).not.toMatch(/\d{4}-\d{2}-\d{2}T|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/);
    // Newest first; each time dd/mm/yyyy HH:mm.
    expect(first.map((r) => r.seq)).toEqual([...first.map((r) => r.seq)].sort((a, b) => b - a));
    for (const r of first) expect(r.cells[0]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await look(page, '01-log');

    // School and group.
    await page.locator('#audit-school').selectOption(KIM_DONG);
    await page.locator('#audit-group').selectOption('batches');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    const batchSeqs = await showsQuery(page, `schoolId=${KIM_DONG}&group=batches`);
    expect(batchSeqs.length).toBeGreaterThan(2);
    const batchRows = await rows(page);
    for (const r of batchRows) {
      expect(r.cells[2]).toContain('Kim Đồng');
      expect(r.action).toMatch(/^(batch\.|ledger\.(acceptBatch|recallBatch|grantPermission))/);
    }
    expect(batchRows.map((r) => r.cells[3])).toContain('Khóa lô học bạ lớp 5A');
    // Who locked it: the principal, by name and role in words.
    const locked = batchRows.find((r) => r.action === 'batch.lock')!;
    expect(locked.cells[1]).toBe('Nguyễn Văn Khải Hiệu trưởng');
    await look(page, '02-school-batches');

    // One action of the group.
    await page.locator('#audit-action').selectOption('batch.sign');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await showsQuery(page, `schoolId=${KIM_DONG}&group=batches&action=batch.sign`);
    const signed = await rows(page);
    expect(signed.map((r) => r.cells[3])).toEqual(['Hiệu trưởng ký số lô học bạ lớp 5A']);
    await look(page, '03-one-action');

    // Paging over the whole log: page 2 is the gateway's next page, and back.
    await page.getByRole('button', { name: 'Bỏ lọc' }).click();
    const page1 = await showsQuery(page, '');
    await page.getByRole('button', { name: 'Trang sau (cũ hơn)' }).click();
    const page2 = await showsQuery(page, `beforeSeq=${page1.at(-1)}`);
    expect(Math.max(...page2)).toBeLessThan(Math.min(...page1));
    await expect(page.locator('#audit-page-no').innerText()).resolves.toBe('Trang 2');
    await look(page, '04-page-2');
    await page.getByRole('button', { name: 'Trang trước (mới hơn)' }).click();
    await showsQuery(page, '');
    await expect(page.locator('#audit-page-no').innerText()).resolves.toBe('Trang 1');
    expect(violations).toEqual([]);
  });

  it('checks the days typed, each error linked to its field, and filters by days in Vietnam', async () => {
    const page = await signedIn('#/audit');
    await page.getByTestId('audit-log').waitFor();
    await fillDay(page, 'audit-from', 31, 2, 2026);
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    await summary.getByRole('link', { name: 'Ngày bắt đầu phải là một ngày có thật' }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('audit-from-day');
    await look(page, '05-day-error');
    await fillDay(page, 'audit-from', 2, 1, 2026);
    await fillDay(page, 'audit-to', 1, 1, 2026);
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await summary.getByRole('link', { name: 'Ngày kết thúc phải bằng hoặc sau ngày bắt đầu' }).waitFor();

    // Today in Vietnam: the seed's entries, each dated today.
    const { d, m, y } = vietnamToday();
    await fillDay(page, 'audit-from', d, m, y);
    await fillDay(page, 'audit-to', d, m, y);
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await expect(summary.count()).resolves.toBe(0);
    const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    await showsQuery(page, `from=${iso}&to=${iso}`);
    const today = `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
    for (const r of await rows(page)) expect(r.cells[0]?.startsWith(today)).toBe(true);
    // A day long past: nothing.
    await fillDay(page, 'audit-from', 1, 1, 2020);
    await fillDay(page, 'audit-to', 1, 1, 2020);
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await expect(page.getByTestId('audit-empty').innerText()).resolves.toBe(
      'Không có thao tác nào khớp với bộ lọc.',
    );
    await look(page, '06-empty');
    expect(violations).toEqual([]);
  });
});

/** A root CA of the test's own: ECDSA P-256, self-signed, a CA for a year. */
async function testRoot(): Promise<{ der: Uint8Array; fingerprint: string }> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0a1b2c3d',
    name: 'CN=Root CA thu nghiem kiem tra, O=Bo Giao duc va Dao tao, C=VN',
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 365 * 86_400_000),
    keys,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  const der = new Uint8Array(cert.rawData);
  return { der, fingerprint: createHash('sha256').update(der).digest('hex') };
}

describe('trust anchors', () => {
  it('lists the demo root, registers a test root CA from its .cer, retires it with a reason', async () => {
    const before = (await api<{ items: Anchor[] }>('/v1/trust-anchors')).items;
    expect(before.some((a) => a.status === 'active')).toBe(true);
    const page = await signedIn('#/audit/anchors');
    await page.getByTestId('trust-anchors').waitFor();
    await expect(
      page.locator('[data-testid="trust-anchors"] > li[data-status="active"]').count(),
    ).resolves.toBe(before.filter((a) => a.status === 'active').length);
    const listText = await page.getByTestId('trust-anchors').innerText();
    expect(listText).toContain('Đang tin cậy');
    expect(listText).toMatch(/Từ \d{2}\/\d{2}\/\d{4} đến \d{2}\/\d{2}\/\d{4}/);
    await look(page, '07-anchors');

    // Not a certificate.
    const junk = join(files, 'ghi-chu.cer');
    writeFileSync(junk, 'không phải chứng thư');
    await page.locator('#anchor-file').setInputFiles(junk);
    await page.getByRole('button', { name: 'Đăng ký chứng thư gốc' }).click();
    await page
      .getByTestId('error-summary')
      .getByRole('link', { name: 'Tệp đã chọn không phải là một chứng thư số (.cer, .crt, .der hoặc .pem)' })
      .waitFor();
    await look(page, '08-not-a-certificate');

    // A test root CA, DER as Windows exports a .cer.
    const root = await testRoot();
    const cer = join(files, 'root-ca-thu-nghiem.cer');
    writeFileSync(cer, root.der);
    await page.locator('#anchor-file').setInputFiles(cer);
    await page.getByRole('button', { name: 'Đăng ký chứng thư gốc' }).click();
    await page.getByTestId('anchor-notice').waitFor();
    const card = page.locator(`li[data-fingerprint="${root.fingerprint}"]`);
    await card.and(page.locator('[data-status="active"]')).waitFor({ timeout: 30_000 });
    await expect(card.innerText()).resolves.toContain('Root CA thu nghiem kiem tra — Bo Giao duc va Dao tao');
    expect((await api<{ items: Anchor[] }>('/v1/trust-anchors')).items).toContainEqual(
      expect.objectContaining({ fingerprint: root.fingerprint, status: 'active' }),
    );
    await look(page, '09-registered');

    // Retire it: its own page, the reason required.
    await card.getByRole('link', { name: /Thôi tin cậy chứng thư này/ }).click();
    await page.getByRole('heading', { name: 'Thôi tin cậy chứng thư gốc' }).waitFor();
    await expect(page.getByTestId('retire-what').innerText()).resolves.toContain('không thể hoàn tác');
    await look(page, '10-retire-confirm');
    await page.getByRole('button', { name: 'Xác nhận thôi tin cậy' }).click();
    await page.getByTestId('error-summary').getByRole('link', { name: 'Nhập lý do thôi tin cậy' }).waitFor();
    await look(page, '11-retire-no-reason');
    const reason = 'Kiểm tra thử: khóa bí mật của CA thử nghiệm được coi là bị lộ';
    await page.getByLabel('Lý do thôi tin cậy').fill(reason);
    await page.getByRole('button', { name: 'Xác nhận thôi tin cậy' }).click();
    const retired = page.locator(`li[data-fingerprint="${root.fingerprint}"][data-status="retired"]`);
    await retired.waitFor({ timeout: 30_000 });
    await expect(retired.innerText()).resolves.toMatch(
      new RegExp(`Thôi tin cậy ngày \\d{2}/\\d{2}/\\d{4}\\. Lý do: ${reason}`),
    );
    expect((await api<{ items: Anchor[] }>('/v1/trust-anchors')).items).toContainEqual(
      expect.objectContaining({ fingerprint: root.fingerprint, status: 'retired', reason }),
    );
    await look(page, '12-retired');

    // Both in the log, in words.
    await page.getByRole('link', { name: 'Nhật ký lưu vết' }).click();
    await page.getByTestId('audit-log').waitFor();
    await page.locator('#audit-group').selectOption('trustAnchors');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await showsQuery(page, 'group=trustAnchors');
    const words = (await rows(page)).map((r) => r.cells[3]);
    expect(words).toEqual(
      expect.arrayContaining([
        'Bộ GD&ĐT đăng ký chứng thư gốc tin cậy',
        `Bộ GD&ĐT thôi tin cậy chứng thư gốc Lý do: ${reason}`,
        'Sổ cái ghi nhận chứng thư gốc tin cậy',
        'Sổ cái ghi nhận việc thôi tin cậy chứng thư gốc',
      ]),
    );
    const auditorRow = (await rows(page)).find((r) => r.action === 'trustAnchor.retire')!;
    expect(auditorRow.cells[1]).toBe('Ngô Thị Thanh Thanh tra Bộ Giáo dục và Đào tạo');
    await look(page, '13-log-anchors');
    expect(violations).toEqual([]);
  });
});
