/**
 * The province's registry (issue 14, engineer C) in Debian's Chromium, against the demo of `npm start` run as
 * its own process (documents-demo.ts), as the province officer `so.quangninh`:
 * - two principals' certificates of Kim Đồng waiting for approval (set up through the API: the Ministry
 *   registers a second root CA, the school registers two certificates it issued), told in words — who holds
 *   it, who issued it, valid from dd/mm/yyyy to dd/mm/yyyy, which school sent it and who;
 * - one approved through its confirmation page, the other revoked with a reason (the error summary first
 *   when no reason is chosen); both read back through the API once the outbox worker has put them on the
 *   ledger (approved / revoked);
 * - a permission given (the empty form's error summary first) for the seed's anchored batch of 5A, day,
 *   month and year as three fields; read back as recorded on the ledger;
 * - a school registered in Hạ Long and moved to Cẩm Phả through the confirmation page; the districts read
 *   back through the API put it in Cẩm Phả.
 * axe-core finds no serious or critical violation; screenshots at 1366×768 and 390×844 of each state go to
 * test/artifacts/console-registry-*.png.
 */
import { derToPem, describeCertificate } from '@hocba/integrity';
import { generateKeys, makeCert, x509 } from '@hocba/integrity/testing/fixtures/pki.ts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type Guarded, guardedPage, launch, shots } from './chromium.ts';
import { type DemoServer, startDemo } from './documents-demo.ts';

const PASSWORD = 'hocba-demo-2026';
const OFFICER = 'so.quangninh';
const MINISTRY = 'thanhtra.bo';
const PRINCIPAL = 'hieutruong.kimdong';
const NEW_SCHOOL = { schoolId: 'SCH-QN-UB1', name: 'Trường Tiểu học Uông Bí' };

let demo: DemoServer;
let browser: Browser;
let g: Guarded | undefined;
let errors: string[];
const tokens: Record<string, string> = {};
let schoolId: string;
/** The two certificates the school sends: [to approve, to revoke]. */
const certs: { fingerprint: string; holder: string }[] = [];

async function api<T>(who: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
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

async function signInApi(user: string) {
  const r = await fetch(`${demo.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: user, password: PASSWORD }),
  });
  expect(r.status, user).toBe(200);
  return (await r.json()) as { accessToken: string; scope: { schoolId?: string }[] };
}

async function until(what: string, f: () => Promise<boolean>, ms = 30_000) {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface CertItem {
  fingerprint: string;
  onLedger: boolean;
  status: string;
}
const certList = async (status: string) =>
  (await api<{ items: CertItem[] }>(OFFICER, 'GET', `/v1/certificates?status=${status}`)).items;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launch()]);
  for (const who of [OFFICER, MINISTRY]) tokens[who] = (await signInApi(who)).accessToken;
  const principal = await signInApi(PRINCIPAL);
  tokens[PRINCIPAL] = principal.accessToken;
  schoolId = principal.scope.find((s) => s.schoolId)!.schoolId!;

  // The Ministry registers a second root CA; the school's two new certificates chain to it.
  const root = await makeCert({
    name: 'C=VN, O=Ban Co yeu Chinh phu, CN=CA Giao duc thu nghiem',
    keys: await generateKeys('EC'),
    ca: true,
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2035-01-01T00:00:00Z'),
  });
  const { fingerprint: rootFp } = await api<{ fingerprint: string }>(MINISTRY, 'POST', '/v1/trust-anchors', {
    certificate: derToPem(root.der, 'CERTIFICATE'),
  });
  await until('the second root on the ledger', async () =>
    (await api<{ items: { fingerprint: string }[] }>(MINISTRY, 'GET', '/v1/trust-anchors')).items.some(
      (a) => a.fingerprint === rootFp,
    ),
  );
  for (const holder of ['Nguyen Thi Mai', 'Tran Van Hung']) {
    const leaf = await makeCert({
      name: `C=VN, O=Truong Tieu hoc Kim Dong, CN=${holder}`,
      keys: await generateKeys('EC'),
      issuer: root,
      ca: false,
      keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2029-01-01T00:00:00Z'),
    });
    await api(PRINCIPAL, 'POST', `/v1/schools/${schoolId}/certificates`, {
      certificate: derToPem(leaf.der, 'CERTIFICATE'),
    });
    certs.push({ fingerprint: describeCertificate(leaf.der).fingerprint, holder });
  }
  await until('both registrations on the ledger', async () => {
    const pending = await certList('pending');
    return certs.every((c) => pending.some((p) => p.fingerprint === c.fingerprint && p.onLedger));
  });
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
  await page.getByLabel('Tên đăng nhập').fill(OFFICER);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('role').waitFor();
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  return page;
}

/** Screenshots of the state at both widths, and axe's serious or critical findings (none). */
async function look(page: Page, name: string) {
  expect(await axeViolations(page, name)).toEqual([]);
  await shots(page, `console-registry-${name}`);
  // On a phone the page never scrolls sideways: a wide table scrolls inside its own box.
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.setViewportSize({ width: 1366, height: 768 });
  expect(overflow, `${name}: the page is wider than a 390 px phone`).toBe(0);
}

/** No raw code, id or ISO instant on a screen a person reads. */
async function noRawText(page: Page) {
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  expect(text).not.toMatch(/[0-9a-f]{64}/);
  expect(text).not.toMatch(/KEY_COMPROMISE|SUPERSEDED|District\dMSP|provinceOfficer/);
}

describe('the province’s certificates', () => {
  it('approves one certificate and revokes another, each through its own page', async () => {
    const page = await signedIn('#/registry');
    const pending = page.getByTestId('certificates-pending');
    await pending.waitFor();
    const [toApprove, toRevoke] = certs as [(typeof certs)[number], (typeof certs)[number]];
    const card = (fp: string) => page.locator(`li[data-fingerprint="${fp}"]`);
    await expect(card(toApprove.fingerprint).innerText()).resolves.toContain(
      `Chứng thư số của ${toApprove.holder}, Truong Tieu hoc Kim Dong, do CA Giao duc thu nghiem, Ban Co yeu Chinh phu cấp, hiệu lực từ 01/01/2026 đến 01/01/2029.`,
    );
    await expect(card(toApprove.fingerprint).innerText()).resolves.toContain('Trường Tiểu học Kim Đồng');
    await noRawText(page);
    await look(page, '01-certificates');

    await card(toApprove.fingerprint).getByRole('link', { name: 'Phê duyệt' }).click();
    await page.getByRole('heading', { name: 'Phê duyệt chứng thư số' }).waitFor();
    await noRawText(page);
    await look(page, '02-approve');
    await page.getByRole('button', { name: 'Xác nhận phê duyệt' }).click();
    await page.getByTestId('certificates-pending').waitFor();
    await until('the approval on the ledger', async () =>
      (await certList('approved')).some((c) => c.fingerprint === toApprove.fingerprint),
    );

    await card(toRevoke.fingerprint).getByRole('link', { name: 'Thu hồi' }).click();
    await page.getByRole('heading', { name: 'Thu hồi chứng thư số' }).waitFor();
    await page.getByRole('button', { name: 'Xác nhận thu hồi' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    await expect(summary.innerText()).resolves.toContain('Chọn lý do thu hồi');
    await look(page, '03-revoke-no-reason');
    await page.getByLabel('Hiệu trưởng thôi giữ chức vụ').check();
    await look(page, '04-revoke');
    await page.getByRole('button', { name: 'Xác nhận thu hồi' }).click();
    await page
      .getByTestId('certificates-pending')
      .or(page.getByText('Không có chứng thư số nào chờ phê duyệt.'))
      .first()
      .waitFor();
    await until('the revocation on the ledger', async () =>
      (await certList('revoked')).some((c) => c.fingerprint === toRevoke.fingerprint),
    );
    // The approved one is listed as approved on the screen too (the list reads itself again).
    await page.reload();
    await page.getByTestId('certificates-approved').waitFor();
    await page
      .locator(`[data-testid="certificates-approved"] li[data-fingerprint="${toApprove.fingerprint}"]`)
      .waitFor();
    expect(await page.locator(`li[data-fingerprint="${toRevoke.fingerprint}"]`).count()).toBe(0);
    await look(page, '05-certificates-after');
  });
});

describe('permissions', () => {
  it('gives a permission for the anchored batch of 5A, recorded on the ledger', async () => {
    const page = await signedIn('#/registry/permissions/new');
    await page.getByRole('heading', { name: 'Cho phép trường thu hồi hoặc thay thế' }).waitFor();
    await page.getByRole('button', { name: 'Cho phép', exact: true }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    const said = await summary.innerText();
    for (const m of ['Chọn trường', 'Chọn việc được phép', 'Nhập ngày hết hạn', 'Nhập căn cứ pháp lý'])
      expect(said).toContain(m);
    await look(page, '06-permission-errors');
    // Each item leads to its field.
    await summary.getByRole('link', { name: 'Nhập ngày hết hạn' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('until-day');

    await page
      .getByLabel('Trường', { exact: true })
      .selectOption({ label: 'Trường Tiểu học Kim Đồng (Phòng GD&ĐT Hạ Long)' });
    const batch = page.getByLabel('Lô học bạ đã ghi sổ cái');
    await batch.waitFor();
    const options = await batch.locator('option').allInnerTexts();
    const label = options.find((o) => o.startsWith('Lớp 5A'));
    expect(label, options.join(' | ')).toBeDefined();
    await batch.selectOption({ label: label! });
    await page.getByLabel('Thu hồi học bạ trong lô').check();
    await page.getByLabel('Ngày', { exact: true }).fill('31');
    await page.getByLabel('Tháng', { exact: true }).fill('12');
    await page.getByLabel('Năm', { exact: true }).fill('2027');
    await page.getByLabel('Căn cứ pháp lý').fill('QĐ 15/QĐ-SGDĐT');
    await look(page, '07-permission-form');
    await page.getByRole('button', { name: 'Cho phép', exact: true }).click();
    const table = page.getByTestId('permissions');
    await table.waitFor();
    await table.getByText('Đã ghi nhận').waitFor({ timeout: 30_000 });
    const row = await table.locator('tbody tr').first().innerText();
    expect(row).toContain('Trường Tiểu học Kim Đồng');
    expect(row).toContain('Lớp 5A');
    expect(row).toContain('31/12/2027');
    expect(row).toContain('QĐ 15/QĐ-SGDĐT');
    await noRawText(page);
    await look(page, '08-permissions');
    const listed = await api<{
      items: { action: string; until: string; state: string; legalBasis: string }[];
    }>(OFFICER, 'GET', `/v1/permissions/?schoolId=${schoolId}`);
    expect(listed.items[0]).toMatchObject({
      action: 'revoke',
      until: '2027-12-31T16:59:59.000Z',
      state: 'recorded',
      legalBasis: 'QĐ 15/QĐ-SGDĐT',
    });
  });
});

describe('districts and schools', () => {
  interface Registry {
    items: { districtId: string; name: string; schools: { schoolId: string }[] }[];
    pending: unknown[];
  }
  const districtOf = async (id: string) =>
    (await api<Registry>(OFFICER, 'GET', '/v1/districts')).items.find((d) =>
      d.schools.some((s) => s.schoolId === id),
    )?.name;

  it('registers a school in Hạ Long and moves it to Cẩm Phả', async () => {
    const page = await signedIn('#/registry/units');
    await page.getByRole('heading', { name: 'Đơn vị cấp huyện/xã và trường' }).waitFor();
    await noRawText(page);
    await look(page, '09-units');
    await page.getByRole('link', { name: 'Đăng ký trường' }).click();
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    await page.getByTestId('error-summary').waitFor();
    await look(page, '10-school-errors');
    await page.getByLabel('Mã trường').fill(NEW_SCHOOL.schoolId);
    await page.getByLabel('Tên trường').fill(NEW_SCHOOL.name);
    await page.getByLabel('Cấp học').selectOption({ label: 'Tiểu học' });
    await page.getByLabel('Đơn vị quản lý').selectOption({ label: 'Phòng GD&ĐT Hạ Long' });
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    await page.getByRole('heading', { name: 'Đơn vị cấp huyện/xã và trường' }).waitFor();
    await until(
      'the school on the ledger',
      async () => (await districtOf(NEW_SCHOOL.schoolId)) === 'Phòng GD&ĐT Hạ Long',
    );
    const halong = page.getByRole('region', { name: /Phòng GD&ĐT Hạ Long/ });
    await halong.getByRole('cell', { name: NEW_SCHOOL.name, exact: true }).waitFor({ timeout: 15_000 });
    await look(page, '11-school-registered');

    await halong.getByRole('link', { name: `Chuyển đơn vị ${NEW_SCHOOL.name}` }).click();
    await page.getByRole('heading', { name: 'Chuyển trường sang đơn vị khác' }).waitFor();
    await expect(page.locator('.what').innerText()).resolves.toContain(
      `${NEW_SCHOOL.name} đang thuộc Phòng GD&ĐT Hạ Long`,
    );
    await page.getByLabel('Chuyển sang đơn vị').selectOption({ label: 'Phòng GD&ĐT Cẩm Phả' });
    await look(page, '12-move');
    await page.getByRole('button', { name: 'Xác nhận chuyển' }).click();
    await page.getByRole('heading', { name: 'Đơn vị cấp huyện/xã và trường' }).waitFor();
    await until(
      'the move on the ledger',
      async () => (await districtOf(NEW_SCHOOL.schoolId)) === 'Phòng GD&ĐT Cẩm Phả',
    );
    const campha = page.getByRole('region', { name: /Phòng GD&ĐT Cẩm Phả/ });
    await campha.getByRole('cell', { name: NEW_SCHOOL.name, exact: true }).waitFor({ timeout: 15_000 });
    await noRawText(page);
    await look(page, '13-school-moved');
  });
});
