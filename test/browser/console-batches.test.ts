/**
 * The principal's lock, sign and batch status screens (issue 13, point 3) in Debian's Chromium, against the
 * demo of `npm start` run as its own process (documents-demo.ts):
 * - the whole school locked in one go, every class whose records are all approved, with its progress per
 *   class (the second class's lock is held back until the progress "1/4, locking 2A" has been read);
 * - a batch signed the way a USB token or a remote-signing service does it: the signing request downloaded
 *   from the page, signed here in Node with the demo principal's .p12 (as the token's software would), the
 *   .p7s uploaded; a .p7s over other bytes and one by another school's principal refused in words first;
 *   the batch then reaches the ledger and its page shows the block, the transaction and who did each step,
 *   and follows it to the district's acceptance (made by the district's officer through the API);
 * - the development signer, offered because the demo gateway has one, signs another class's batch;
 * - what the gateway holds is checked through the API after each step; axe-core finds no serious or
 *   critical violation; screenshots at 1366×768 and 390×844 go to test/artifacts/console-batches-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '@hocba/gateway/testing/process/server.ts';
import { certificateFingerprint, readPkcs12, signCms } from '@hocba/integrity';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type Guarded, guardedPage, launch, shots } from './chromium.ts';
import { type DemoServer, startDemo } from './documents-demo.ts';

const PASSWORD = 'hocba-demo-2026';
/** The demo principals' key stores, as scripts/dev-pki.ts writes them (password DEV_P12_PASSWORD). */
const OWN_P12 = join(ROOT, '.dev-pki/SCH-QN-001/principal.p12');
const OTHER_P12 = join(ROOT, '.dev-pki/SCH-QN-002/principal.p12');

let demo: DemoServer;
let browser: Browser;
let g: Guarded | undefined;
let errors: string[];
let token: string;
let schoolId: string;

async function api<T>(path: string): Promise<T> {
  const r = await fetch(`${demo.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(r.status, path).toBe(200);
  return (await r.json()) as T;
}

interface ClassRow {
  name: string;
  classId: string;
  batch?: { batchId: string; state: string };
}
interface Batch {
  state: string;
  classId: string | null;
  signerCert: string | null;
  anchor: { txId: string; blockNumber: number | null } | null;
  devSigner: boolean;
}
const classes = async () => (await api<{ classes: ClassRow[] }>(`/v1/schools/${schoolId}/classes`)).classes;
const batchOf = async (name: string) => {
  const c = (await classes()).find((x) => x.name === name);
  if (!c?.batch) throw new Error(`class ${name} has no batch`);
  return { ...(await api<Batch>(`/v1/batches/${c.batch.batchId}`)), batchId: c.batch.batchId };
};

/** A demo account's access token, and its grants. */
async function signInApi(user: string): Promise<{ accessToken: string; scope: { schoolId?: string }[] }> {
  const r = await fetch(`${demo.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: user, password: PASSWORD }),
  });
  expect(r.status, user).toBe(200);
  return (await r.json()) as { accessToken: string; scope: { schoolId?: string }[] };
}
const login = async (user: string) => (await signInApi(user)).accessToken;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launch()]);
  const answer = await signInApi('hieutruong.kimdong');
  token = answer.accessToken;
  schoolId = answer.scope.find((s) => s.schoolId)!.schoolId!;
}, 180_000);
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

async function signedIn(): Promise<Page> {
  g = await guardedPage(browser, demo.url);
  errors = [];
  g.page.on('pageerror', (e) => errors.push(String(e)));
  g.page.on('console', (m) => {
    // A 4xx is an answer the page shows (a refused signature), not an error of the page.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  const page = g.page;
  await page.goto(`${demo.url}/console/`);
  await page.getByLabel('Tên đăng nhập').fill('hieutruong.kimdong');
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('table').waitFor();
  return page;
}

/** A detached CMS over `content` made with a principal's .p12, as a token's or a service's software would. */
async function p7s(p12Path: string, content: Uint8Array): Promise<{ cms: Buffer; fingerprint: string }> {
  const store = await readPkcs12(new Uint8Array(readFileSync(p12Path)), PASSWORD);
  let privateKey: CryptoKey | undefined;
  for (const algorithm of [
    { name: 'ECDSA', namedCurve: 'P-256' },
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ]) {
    privateKey ??= await crypto.subtle
      .importKey('pkcs8', store.privateKey as BufferSource, algorithm, false, ['sign'])
      .catch(() => undefined);
  }
  const cms = await signCms({
    content,
    privateKey: privateKey!,
    certificate: store.certificate,
    chain: store.chain,
    signingTime: new Date(),
  });
  return { cms: Buffer.from(cms), fingerprint: certificateFingerprint(store.certificate) };
}

describe("the principal's batches: lock the school, sign with a .p7s, follow the batch", () => {
  it('locks every fully approved class with progress per class', async () => {
    const page = await signedIn();
    // The second class's lock waits until the progress after the first has been read.
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let locks = 0;
    await page.route('**/v1/batches/', async (route) => {
      if (route.request().method() === 'POST' && ++locks === 2) await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Khóa học bạ cả trường (4 lớp)' }).click();
    const panel = page.getByTestId('lock-school');
    await expect(panel.textContent()).resolves.toContain('Sẽ khóa 4 lớp: 1A, 2A, 3A, 4A');
    await shots(page, 'console-batches-01-lock-school');
    expect(await axeViolations(page, 'lock the school')).toEqual([]);
    await panel.getByRole('button', { name: 'Khóa 4 lớp' }).click();
    const progress = page.getByTestId('lock-progress');
    await progress.filter({ hasText: 'Đã khóa 1/4 lớp, đang khóa lớp 2A…' }).waitFor();
    await expect(page.locator('#lock-progress').getAttribute('value')).resolves.toBe('1');
    await expect(page.getByTestId('lock-1A').textContent()).resolves.toMatch(/^Lớp 1A: đã khóa \d+ học bạ$/);
    await shots(page, 'console-batches-02-locking');
    release();
    await progress.filter({ hasText: 'Đã khóa 4/4 lớp' }).waitFor({ timeout: 30_000 });
    await expect(panel.textContent()).resolves.toContain('Xong. Bước tiếp theo: ký số lô của từng lớp');
    await shots(page, 'console-batches-03-locked');
    // The gateway holds a batch waiting for the principal's signature for each of the four classes.
    const states = Object.fromEntries((await classes()).map((c) => [c.name, c.batch?.state]));
    expect(states).toEqual({
      '1A': 'assembling',
      '2A': 'assembling',
      '3A': 'assembling',
      '4A': 'assembling',
      '5A': 'anchored',
    });
    await expect(page.getByTestId('class-2A').getByTestId('batch-state').textContent()).resolves.toBe(
      'Đã khóa, chờ hiệu trưởng ký',
    );
  });

  it('signs 2A through the signing request and a .p7s, refusing wrong ones in words, and shows it on the ledger', async () => {
    const page = await signedIn();
    const batch = await batchOf('2A');
    expect(batch.state).toBe('assembling');
    await page.getByRole('link', { name: /^Đã khóa, chờ hiệu trưởng ký — Xem lô học bạ lớp 2A$/ }).click();
    await page.getByRole('heading', { name: 'Lô học bạ lớp 2A' }).waitFor();
    expect(page.url()).toContain(`#/classes/batch/${batch.batchId}`);
    await expect(page.getByTestId('batch-now').textContent()).resolves.toBe('Đã khóa, chờ hiệu trưởng ký');
    // The dev signer is offered: the demo gateway has one, and says so.
    expect(batch.devSigner).toBe(true);
    await expect(page.getByLabel('Ký bằng khóa thử nghiệm của máy chủ').count()).resolves.toBe(1);
    await page.getByLabel('Ký bằng thiết bị ký số (USB token) hoặc dịch vụ ký số từ xa').check();
    // The one approved certificate is chosen already.
    await expect(
      page.getByRole('radio', { name: /hiệu lực đến \d{2}\/\d{2}\/\d{4}$/ }).isChecked(),
    ).resolves.toBe(true);
    await shots(page, 'console-batches-04-sign-with-file');
    expect(await axeViolations(page, 'sign with a file')).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải dữ liệu cần ký' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('hoc-ba-lop-2A-can-ky.json');
    const manifestBytes = new Uint8Array(readFileSync((await download.path())!));
    const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as Record<string, unknown>;
    expect(manifest).toMatchObject({ batchId: batch.batchId, schoolId });
    await page.getByTestId('downloaded').waitFor();

    const upload = async (name: string, cms: Buffer) => {
      await page.getByLabel('Tệp chữ ký (.p7s)').setInputFiles({
        name,
        mimeType: 'application/pkcs7-signature',
        buffer: cms,
      });
      await page.getByRole('button', { name: 'Gửi chữ ký' }).click();
    };
    const summary = page.getByTestId('error-summary');

    // Signed over other bytes (another batch's, or a changed file): not for this batch.
    const changed = new Uint8Array([...manifestBytes, 0x20]);
    const own = await p7s(OWN_P12, changed);
    expect(manifest.signerCert).toBe(own.fingerprint);
    await upload('khac-lo.p7s', own.cms);
    await summary.filter({ hasText: 'không phải chữ ký của dữ liệu cần ký của lô này' }).waitFor();
    await expect(page.getByLabel('Tệp chữ ký (.p7s)').getAttribute('aria-invalid')).resolves.toBe('true');
    await shots(page, 'console-batches-05-p7s-other-batch');
    expect(await axeViolations(page, 'a .p7s for another batch')).toEqual([]);
    expect((await batchOf('2A')).state).toBe('assembling');

    // The right bytes signed by another school's principal: not by an approved certificate.
    await upload('truong-khac.p7s', (await p7s(OTHER_P12, manifestBytes)).cms);
    await summary.filter({ hasText: 'chưa được Sở GD&ĐT phê duyệt cho trường' }).waitFor();
    await shots(page, 'console-batches-06-p7s-other-certificate');
    expect((await batchOf('2A')).state).toBe('assembling');
    // Not a signature at all.
    await upload('ghi-chu.p7s', Buffer.from('không phải chữ ký'));
    await summary.filter({ hasText: 'không phải tệp chữ ký .p7s đọc được' }).waitFor();
    const text = (await summary.textContent()) ?? '';
    expect(text).not.toMatch(/CMS_|SIGNER_MISMATCH|CERT_|422/);

    // The right .p7s: signed, then anchored by the gateway's outbox; the page asks until the ledger has it.
    await upload('hoc-ba-lop-2A.p7s', (await p7s(OWN_P12, manifestBytes)).cms);
    const steps = page.getByTestId('batch-steps');
    await steps.getByText('Khối', { exact: true }).waitFor({ timeout: 30_000 });
    const anchored = await batchOf('2A');
    expect(anchored.state).toBe('anchored');
    expect(anchored.signerCert).toBe(own.fingerprint);
    expect(anchored.anchor?.blockNumber).toEqual(expect.any(Number));
    await expect(page.getByTestId('batch-now').textContent()).resolves.toBe(
      'Đã ghi vào sổ cái, chờ Phòng tiếp nhận',
    );
    const stepText = (await steps.textContent()) ?? '';
    expect(stepText).toContain(`Khối${anchored.anchor!.blockNumber}`);
    // The transaction shortened for reading, whole on hover.
    const tx = page.getByTestId('tx-id');
    await expect(tx.getAttribute('title')).resolves.toBe(anchored.anchor!.txId);
    await expect(tx.textContent()).resolves.toBe(
      `${anchored.anchor!.txId.slice(0, 8)}…${anchored.anchor!.txId.slice(-6)}`,
    );
    // …and whole when copied.
    await g!.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.url });
    await page.getByRole('button', { name: 'Sao chép mã giao dịch đầy đủ' }).click();
    await page.getByRole('button', { name: 'Đã sao chép mã giao dịch đầy đủ' }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(anchored.anchor!.txId);
    // Times in Vietnam's dd/mm/yyyy HH:mm; no ISO instant, no UUID on screen.
    const history = page.getByTestId('batch-history');
    const rows = await history.locator('tbody tr').allTextContents();
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).not.toMatch(/\d{4}-\d{2}-\d{2}T|[0-9a-f]{8}-[0-9a-f]{4}-/);
    const cells = await history
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
      );
    for (const [when] of cells) expect(when).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    const byWhat = new Map(cells.map(([, what, who]) => [what, who]));
    expect(byWhat.get('Khóa học bạ, lập lô')).toMatch(/, Hiệu trưởng$/);
    expect(byWhat.get('Ký số lô học bạ')).toMatch(/, Hiệu trưởng$/);
    expect(byWhat.get('Ghi vào sổ cái')).toBe('Hệ thống (tự động)');
    await shots(page, 'console-batches-07-anchored');
    expect(await axeViolations(page, 'the anchored batch')).toEqual([]);

    // The district accepts it (its officer, through the API); the page follows to the last step.
    const district = await login('phong.halong');
    const accept = await fetch(`${demo.url}/v1/batches/${batch.batchId}/accept`, {
      method: 'POST',
      headers: { authorization: `Bearer ${district}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(accept.status, await accept.clone().text()).toBe(202);
    await page
      .getByTestId('batch-now')
      .filter({ hasText: 'Phòng GD&ĐT đã tiếp nhận' })
      .waitFor({ timeout: 30_000 });
    expect((await batchOf('2A')).state).toBe('accepted');
    const acceptStep = page.getByTestId('batch-steps').locator('li').nth(3);
    await acceptStep.filter({ hasText: 'Phòng GD&ĐT tiếp nhận — Đã xong' }).waitFor();
    await expect(acceptStep.textContent()).resolves.toContain(
      'Phạm Văn Đông, Cán bộ Phòng Giáo dục và Đào tạo',
    );
    await page
      .getByTestId('status-events')
      .filter({ hasText: /Phòng GD&ĐT tiếp nhận \(khối \d+\)/ })
      .waitFor();
    await shots(page, 'console-batches-08-accepted');
  });

  it('signs 3A with the development signer the demo gateway has', async () => {
    const page = await signedIn();
    const batch = await batchOf('3A');
    await page.goto(`${demo.url}/console/#/classes/batch/${batch.batchId}`);
    await page.getByRole('heading', { name: 'Lô học bạ lớp 3A' }).waitFor();
    await page.getByLabel('Ký bằng khóa thử nghiệm của máy chủ').check();
    await page.getByRole('button', { name: 'Ký bằng khóa thử nghiệm' }).click();
    await page.getByTestId('batch-steps').getByText('Khối', { exact: true }).waitFor({ timeout: 30_000 });
    const anchored = await batchOf('3A');
    expect(anchored.state).toBe('anchored');
    expect(anchored.anchor?.blockNumber).toEqual(expect.any(Number));
    // Back to the classes: 3A on the ledger, with its block.
    await page.getByRole('link', { name: '← Các lớp và tiến độ' }).click();
    await page.getByTestId('class-3A').getByTestId('batch-state').filter({ hasText: /khối/ }).waitFor();
    await expect(page.getByTestId('class-3A').getByTestId('batch-state').textContent()).resolves.toMatch(
      new RegExp(`^Đã ghi vào sổ cái, chờ Phòng tiếp nhận \\(khối ${anchored.anchor!.blockNumber}, `),
    );
    await shots(page, 'console-batches-09-classes-after');
  });
});
