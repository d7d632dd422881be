/**
 * The console's administration area (issue 13, school admin) in Debian's Chromium, against the demo of
 * `npm start` run as its own process: the school admin (vanthu.kimdong) creates a subject teacher's account
 * whose first password the page made, and that teacher signs in with it; a form left wrong is summarised
 * with links to its fields, and the gateway's refusal (a login taken) is said in words beside the field; an
 * account is disabled and enabled; an editing window is opened between two moments typed in Vietnam's time
 * and then frozen; the principal assigns and removes a deputy; the principal's new certificate, taken out of
 * a .p12 in the page, is registered and shown waiting for the province. Each outcome is checked at the
 * gateway too. axe-core finds no serious or critical violation; screenshots at 1366×768 and 390 px go to
 * test/artifacts/console-admin-*.png.
 */
// @peculiar/x509 (the test's own issuer of a renewed certificate) needs it before it loads.
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '@hocba/gateway/testing/process/server.ts';
import { pemToDer, writePkcs12 } from '@hocba/integrity';
import * as x509 from '@peculiar/x509';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type Guarded, guardedPage, launch, shots } from './chromium.ts';
import { type DemoServer, startDemo } from './documents-demo.ts';

const PASSWORD = 'hocba-demo-2026';
const SCHOOL = 'SCH-QN-001';
/** Kim Đồng's classes are `<school>-<first year>-<name>`; the seed's year follows the clock. */
const classId = (name: string) => demo.anchoredClassId.replace(/-5A$/, `-${name}`);
const firstYear = () => Number(/-(\d{4})-5A$/.exec(demo.anchoredClassId)![1]);

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

async function open(): Promise<Page> {
  g = await guardedPage(browser, demo.url);
  errors = [];
  g.page.on('pageerror', (e) => errors.push(String(e)));
  g.page.on('console', (m) => {
    // A 4xx is an answer the page shows (a login taken, a wrong password), not an error of the page.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  await g.page.goto(`${demo.url}/console/`);
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
  await page.getByTestId('role').waitFor();
}

/** Signs in and opens a section of the administration area. */
async function openAdmin(page: Page, login: string, section: string) {
  await signIn(page, login);
  await page.getByRole('link', { name: 'Quản trị' }).click();
  await page
    .getByRole('navigation', { name: 'Các mục quản trị' })
    .getByRole('link', { name: section })
    .click();
}

/** The gateway's answer to a call with the login's token: what the test checks the screen against. */
async function api<T>(login: string, path: string): Promise<T> {
  const auth = await fetch(`${demo.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: PASSWORD }),
  });
  const { accessToken } = (await auth.json()) as { accessToken: string };
  const res = await fetch(`${demo.url}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

interface Account {
  id: string;
  login: string;
  active: boolean;
  grants: { role: string; scope: Record<string, string> }[];
}
const accounts = async () =>
  (await api<{ items: Account[] }>('vanthu.kimdong', `/v1/users?schoolId=${SCHOOL}`)).items;

describe('accounts and roles (the school admin)', () => {
  it('creates a subject teacher of Toán in 4A who signs in with the password the page made, then changes her roles', async () => {
    const page = await open();
    await openAdmin(page, 'vanthu.kimdong', 'Tài khoản và vai trò');
    const table = page.getByTestId('accounts');
    await table.waitFor();
    // The seed's staff of Kim Đồng, their roles in words: no id, no code.
    const toan = table.locator('tr[data-login="gv.toan.kimdong"]');
    await expect(toan.locator('td').nth(1).textContent()).resolves.toBe('Giáo viên bộ môn — Toán, lớp 5A');
    await expect(table.textContent()).resolves.not.toMatch(/SCH-QN|TOAN|subjectTeacher|[0-9a-f]{8}-/);
    await shots(page, 'console-admin-01-accounts');
    expect(await axeViolations(page, 'accounts')).toEqual([]);

    await page.getByRole('link', { name: 'Tạo tài khoản' }).click();
    await page.getByRole('heading', { name: 'Tạo tài khoản mới' }).waitFor();
    await page.getByLabel('Họ và tên').fill('Trần Thị Mai');
    await page.getByLabel('Tên đăng nhập').fill('gv.toan2.kimdong');
    const password = await page.getByLabel('Mật khẩu đầu tiên').inputValue();
    expect(password).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    await page.getByLabel('Giáo viên bộ môn').check();
    await page.getByLabel('Lớp').selectOption({ label: '4A' });
    await page.getByLabel('Môn học').selectOption({ label: 'Toán' });
    await shots(page, 'console-admin-02-new-account');
    expect(await axeViolations(page, 'new account')).toEqual([]);
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const created = page.getByTestId('created');
    await created.waitFor();
    await expect(created.textContent()).resolves.toContain(password);
    await shots(page, 'console-admin-03-created');

    const made = (await accounts()).find((a) => a.login === 'gv.toan2.kimdong');
    expect(made?.active).toBe(true);
    expect(made?.grants).toEqual([
      expect.objectContaining({ role: 'subjectTeacher', scope: { classId: classId('4A'), subject: 'TOAN' } }),
    ]);

    // The new teacher signs in with that password, in a page of her own.
    const context = await browser.newContext();
    const teacher = await context.newPage();
    await teacher.goto(`${demo.url}/console/`);
    await signIn(teacher, 'gv.toan2.kimdong', password);
    await expect(teacher.getByTestId('role').textContent()).resolves.toBe('Vai trò: Giáo viên bộ môn');
    await context.close();

    // Back in the admin's page: she becomes 4A's homeroom teacher and stops teaching its Toán.
    await page.getByRole('link', { name: 'Giao thêm vai trò' }).click();
    await page.getByRole('heading', { name: 'Vai trò của Trần Thị Mai' }).waitFor();
    const grants = page.getByTestId('grants');
    await expect(grants.locator('li > span').allTextContents()).resolves.toEqual([
      'Giáo viên bộ môn — Toán, lớp 4A',
    ]);
    await page.getByLabel('Giáo viên chủ nhiệm').check();
    await page.getByLabel('Lớp').selectOption({ label: '4A' });
    await page.getByRole('button', { name: 'Giao vai trò' }).click();
    await grants.locator('li').nth(1).waitFor();
    await page.getByRole('button', { name: 'Thu hồi — Giáo viên bộ môn — Toán, lớp 4A' }).click();
    await expect
      .poll(() => grants.locator('li > span').allTextContents())
      .toEqual(['Giáo viên chủ nhiệm — lớp 4A']);
    await shots(page, 'console-admin-03b-grants');
    expect(await axeViolations(page, 'grants')).toEqual([]);
    const after = (await accounts()).find((a) => a.login === 'gv.toan2.kimdong');
    expect(after?.grants.map((x) => [x.role, x.scope])).toEqual([
      ['homeroomTeacher', { classId: classId('4A') }],
    ]);
  });

  it('summarises a wrong form with links to its fields, and says a login taken beside the field', async () => {
    const page = await open();
    await openAdmin(page, 'vanthu.kimdong', 'Tài khoản và vai trò');
    await page.getByRole('link', { name: 'Tạo tài khoản' }).click();
    await page.getByLabel('Mật khẩu đầu tiên').fill('ngắn');
    await page.getByLabel('Tên đăng nhập').fill('có dấu');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    await expect
      .poll(() => summary.getByRole('link').allTextContents())
      .toEqual([
        'Nhập họ và tên',
        'Tên đăng nhập từ 3 đến 64 ký tự, chỉ gồm chữ không dấu, số và . _ @ -',
        'Mật khẩu phải có ít nhất 12 ký tự',
        'Chọn một vai trò',
      ]);
    await summary.getByRole('link', { name: 'Chọn một vai trò' }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('account-grant-role-0');
    // A role that takes a class and a subject: both asked for.
    await page.getByLabel('Giáo viên bộ môn').check();
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await expect.poll(() => summary.getByRole('link').allTextContents()).toContain('Chọn lớp');
    await expect.poll(() => summary.getByRole('link').allTextContents()).toContain('Chọn môn học');
    await shots(page, 'console-admin-04-form-errors');
    expect(await axeViolations(page, 'account form with errors')).toEqual([]);

    // Everything right but the login, which the seed's teacher holds: the gateway's words, at the field.
    await page.getByLabel('Họ và tên').fill('Đỗ Thu Hà');
    await page.getByLabel('Tên đăng nhập').fill('GV.Toan.KimDong');
    await page.getByLabel('Mật khẩu đầu tiên').fill('một mật khẩu đủ dài');
    await page.getByLabel('Lớp').selectOption({ label: '3A' });
    await page.getByLabel('Môn học').selectOption({ label: 'Tiếng Việt' });
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await expect
      .poll(() => summary.getByRole('link').allTextContents())
      .toEqual(['Tên đăng nhập đã được dùng (không phân biệt chữ hoa, chữ thường); hãy chọn tên khác.']);
    await expect(page.getByLabel('Tên đăng nhập').getAttribute('aria-invalid')).resolves.toBe('true');
    await shots(page, 'console-admin-05-login-taken');
    expect((await accounts()).filter((a) => a.login.toLowerCase() === 'gv.toan.kimdong')).toHaveLength(1);
  });

  it('disables an account and enables it again; the gateway refuses its login meanwhile', async () => {
    const page = await open();
    await openAdmin(page, 'vanthu.kimdong', 'Tài khoản và vai trò');
    const row = page.getByTestId('accounts').locator('tr[data-login="gv.toan.kimdong"]');
    await row.getByRole('button', { name: /^Khóa tài khoản/ }).click();
    await row.getByRole('button', { name: /^Mở lại/ }).waitFor();
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe('Đã khóa');
    const login = await fetch(`${demo.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'gv.toan.kimdong', password: PASSWORD }),
    });
    expect(login.status).toBe(403);
    await shots(page, 'console-admin-06-disabled');
    await row.getByRole('button', { name: /^Mở lại/ }).click();
    await row.getByRole('button', { name: /^Khóa tài khoản/ }).waitFor();
    expect((await accounts()).find((a) => a.login === 'gv.toan.kimdong')?.active).toBe(true);
    // Her own row has no button that would lock the admin out.
    const self = page.getByTestId('accounts').locator('tr[data-login="vanthu.kimdong"]');
    await expect(self.getByRole('button').count()).resolves.toBe(0);
  });
});

interface Window {
  classId: string | null;
  subject: string | null;
  frozen: boolean;
  opensAt: string | null;
  closesAt: string | null;
}

describe('editing windows', () => {
  it('opens 3A between two moments in Vietnam time, refuses an impossible day, then freezes it', async () => {
    const page = await open();
    await openAdmin(page, 'vanthu.kimdong', 'Thời hạn nhập liệu');
    const table = page.getByTestId('windows');
    await table.waitFor();
    // The seed opened entry for the whole school.
    await expect(table.locator('tbody th').allTextContents()).resolves.toEqual(['Toàn trường']);
    await page.getByLabel('Lớp').selectOption({ label: '3A' });
    await page.getByLabel('Mở nhập liệu').check();
    const moment = async (legend: string, d: string, mo: string, y: string, h: string, mi: string) => {
      const f = page.getByRole('group', { name: legend });
      await f.getByLabel('Ngày').fill(d);
      await f.getByLabel('Tháng').fill(mo);
      await f.getByLabel('Năm').fill(y);
      await f.getByLabel('Giờ').fill(h);
      await f.getByLabel('Phút').fill(mi);
    };
    const [y1, y2] = [firstYear(), firstYear() + 1];
    await moment('Mở từ', '1', '9', String(y1), '7', '00');
    await moment('Đóng lúc', '31', '2', String(y2), '17', '00');
    await page.getByRole('button', { name: 'Lưu' }).click();
    const summary = page.getByTestId('error-summary');
    await expect
      .poll(() => summary.getByRole('link').allTextContents())
      .toEqual(['Đóng lúc: nhập ngày, tháng, năm có thật và giờ từ 0 đến 23, phút từ 0 đến 59']);
    await summary.getByRole('link').click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('window-closes-day');
    await shots(page, 'console-admin-07-window-error');
    expect(await axeViolations(page, 'window form with an error')).toEqual([]);

    await moment('Đóng lúc', '31', '5', String(y2), '17', '00');
    await page.getByLabel('Lý do (không bắt buộc)').fill('Nhập điểm cuối năm');
    await page.getByRole('button', { name: 'Lưu' }).click();
    const row3A = table.locator('tbody tr').filter({ has: page.locator('th', { hasText: 'Lớp 3A' }) });
    await row3A.waitFor();
    await expect(row3A.textContent()).resolves.toBe(
      `Lớp 3AĐang mở01/09/${y1} 07:0031/05/${y2} 17:00Nhập điểm cuối năm`,
    );
    const year = `${y1}-${y2}`;
    const windows3A = async () =>
      (
        await api<{ windows: Window[] }>(
          'vanthu.kimdong',
          `/v1/windows?schoolId=${SCHOOL}&schoolYear=${year}`,
        )
      ).windows.filter((w) => w.classId !== null);
    // 07:00 in Hà Nội is midnight UTC.
    expect(await windows3A()).toEqual([
      expect.objectContaining({
        classId: classId('3A'),
        subject: null,
        frozen: false,
        opensAt: `${y1}-09-01T00:00:00.000Z`,
        closesAt: `${y2}-05-31T10:00:00.000Z`,
      }),
    ]);
    await shots(page, 'console-admin-08-window-open');

    await page.getByLabel('Lớp').selectOption({ label: '3A' });
    await page.getByLabel('Khóa nhập liệu').check();
    await page.getByRole('button', { name: 'Lưu' }).click();
    await row3A.getByText('Đã khóa').waitFor();
    expect((await windows3A()).map((w) => [w.classId, w.frozen])).toEqual([[classId('3A'), true]]);
    await shots(page, 'console-admin-09-window-frozen');
    expect(await axeViolations(page, 'windows')).toEqual([]);
  });
});

describe("the principal's deputy and certificate", () => {
  it('assigns the Toán teacher as deputy and removes her', async () => {
    const page = await open();
    await openAdmin(page, 'hieutruong.kimdong', 'Phân công phó hiệu trưởng');
    await page.getByTestId('no-deputies').waitFor();
    await page.getByRole('button', { name: 'Phân công' }).click();
    await expect
      .poll(() => page.getByTestId('error-summary').getByRole('link').allTextContents())
      .toEqual(['Chọn người được phân công']);
    await page
      .getByLabel('Cán bộ, giáo viên của trường')
      .selectOption({ label: 'Đỗ Thị Thu Hà (Giáo viên bộ môn)' });
    await page.getByRole('button', { name: 'Phân công' }).click();
    const table = page.getByTestId('deputies');
    await table.waitFor();
    await expect(table.locator('tbody th').allTextContents()).resolves.toEqual(['Đỗ Thị Thu Hà']);
    await expect(table.locator('td.when').textContent()).resolves.toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    const choice = await api<{ deputies: { login: string }[] }>(
      'hieutruong.kimdong',
      `/v1/schools/${SCHOOL}/deputies`,
    );
    expect(choice.deputies.map((d) => d.login)).toEqual(['gv.toan.kimdong']);
    await shots(page, 'console-admin-10-deputy');
    expect(await axeViolations(page, 'deputies')).toEqual([]);
    await table.getByRole('button', { name: /^Thôi phân công/ }).click();
    await page.getByTestId('no-deputies').waitFor();
  });

  it('registers a certificate taken out of a .p12 in the page and shows it waiting for the province', async () => {
    const { p12, fingerprint } = await newPrincipalP12('mật khẩu của tệp');
    const page = await open();
    await openAdmin(page, 'hieutruong.kimdong', 'Chứng thư số');
    const list = page.getByTestId('certificates');
    await list.waitFor();
    // The seed's certificate, approved: its holder by name, dates as dd/mm/yyyy, the fingerprint in groups.
    await expect(list.locator('li').first().textContent()).resolves.toMatch(
      /^Đã được Sở GD&ĐT phê duyệtNgười được cấpHiệu trưởng Trường Tiểu học Kim Đồng — Trường Tiểu học Kim ĐồngTổ chức cấphocba dev Ministry Root CA — Bộ Giáo dục và Đào tạo \(dev\)Hiệu lựctừ \d{2}\/\d{2}\/\d{4} đến \d{2}\/\d{2}\/\d{4}Dấu vân tay \(SHA-256\)([0-9A-F]{4} ){15}[0-9A-F]{4}$/,
    );
    await shots(page, 'console-admin-11-certificate');
    expect(await axeViolations(page, 'certificate')).toEqual([]);

    // The .p12 with a wrong password: said at the password field, nothing sent.
    await page.getByLabel('Tệp chứng thư số').setInputFiles(p12);
    await page.getByLabel('Mật khẩu của tệp .p12/.pfx').fill('sai');
    await page.getByRole('button', { name: 'Gửi đăng ký' }).click();
    const summary = page.getByTestId('error-summary');
    await expect
      .poll(() => summary.getByRole('link').allTextContents())
      .toEqual(['Mật khẩu không mở được tệp chứng thư số. Hãy kiểm tra lại mật khẩu.']);
    await shots(page, 'console-admin-12-certificate-password');
    await page.getByLabel('Mật khẩu của tệp .p12/.pfx').fill('mật khẩu của tệp');
    await page.getByRole('button', { name: 'Gửi đăng ký' }).click();
    await page.getByText('Đã gửi đăng ký; chứng thư chờ Sở GD&ĐT phê duyệt.').waitFor();
    const pending = list.locator('li[data-status="requested"]');
    await pending.waitFor();
    await expect(pending.textContent()).resolves.toContain('Chờ Sở GD&ĐT phê duyệt');
    // The form is empty again: nothing left to send twice.
    await expect(page.getByLabel('Tệp chứng thư số').inputValue()).resolves.toBe('');
    const grouped = fingerprint.toUpperCase().match(/.{4}/g)!.join(' ');
    await expect(pending.locator('.fingerprint').textContent()).resolves.toBe(grouped);
    const items = (
      await api<{ items: { fingerprint: string; status: string }[] }>(
        'hieutruong.kimdong',
        `/v1/schools/${SCHOOL}/certificates`,
      )
    ).items;
    expect(items.find((c) => c.fingerprint === fingerprint)?.status).toBe('requested');
    await shots(page, 'console-admin-13-certificate-pending');

    // The seed's certificate again: the gateway's refusal in words, at the file field.
    await page.getByLabel('Tệp chứng thư số').setInputFiles(join(ROOT, '.dev-pki', SCHOOL, 'principal.crt'));
    await page.getByRole('button', { name: 'Gửi đăng ký' }).click();
    await expect
      .poll(() => summary.getByRole('link').allTextContents())
      .toEqual(['Chứng thư số này đã được đăng ký.']);
  });
});

/**
 * A new principal's certificate of Kim Đồng, issued by the dev root (as scripts/dev-pki.ts issues them) and
 * written with its key into a .p12: what a principal with a renewed token would pick.
 */
async function newPrincipalP12(password: string): Promise<{ p12: string; fingerprint: string }> {
  const EC = { name: 'ECDSA', namedCurve: 'P-256' };
  const pki = join(ROOT, '.dev-pki');
  const rootCert = new x509.X509Certificate(readFileSync(join(pki, 'root.crt'), 'utf8'));
  const rootKey = await crypto.subtle.importKey(
    'pkcs8',
    pemToDer(readFileSync(join(pki, 'root.key'), 'utf8'), 'PRIVATE KEY')[0]!,
    EC,
    false,
    ['sign'],
  );
  const keys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  x509.cryptoProvider.set(globalThis.crypto);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: `01${Buffer.from(crypto.getRandomValues(new Uint8Array(15))).toString('hex')}`,
    subject: [
      { C: ['VN'] },
      { O: ['Trường Tiểu học Kim Đồng'] },
      { OU: [SCHOOL] },
      { CN: ['Hiệu trưởng Trường Tiểu học Kim Đồng (gia hạn)'] },
    ],
    issuer: rootCert.subjectName,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 365 * 86_400_000),
    publicKey: keys.publicKey,
    signingKey: rootKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootCert.publicKey),
    ],
  });
  const der = new Uint8Array(cert.rawData);
  const p12 = await writePkcs12({
    certificate: der,
    chain: [new Uint8Array(rootCert.rawData)],
    privateKey: new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey)),
    password,
  });
  const path = join(tmpdir(), `console-admin-${process.pid}.p12`);
  writeFileSync(path, p12);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', der));
  return { p12: path, fingerprint: Buffer.from(digest).toString('hex') };
}
