/**
 * The console's corrections, transfers and revocations (issue 13 point 3) in Debian's Chromium, against the
 * demo of `npm start` (documents-demo.ts): a correction of a locked record of Kim Đồng's 5A requested by the
 * principal as changed fields, checked by the school's administrator and approved by the principal over a
 * side-by-side diff (the new version read back from the gateway); a request refused; a pupil transferred
 * out by mã định danh and date of birth and taken in by the receiving school's principal (custody read back);
 * a revocation refused before the province's permission and made after it, the public lookup then saying
 * the record is revoked. axe-core on each state; screenshots at 1366×768 and 390 px in
 * test/artifacts/changes-*.png.
 */

import { join } from 'node:path';
import { ROOT } from '@hocba/gateway/testing/process/server.ts';
import { deriveRecord } from '@hocba/records';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type Guarded, guardedPage, launch, shots } from './chromium.ts';
import { type DemoServer, startDemo } from './documents-demo.ts';

const PASSWORD = 'hocba-demo-2026';
const KIM_DONG = 'SCH-QN-001';
/** The demo principal's key store, as scripts/dev-pki.ts writes it (its password is the demo password). */
const OWN_P12 = join(ROOT, '.dev-pki/SCH-QN-001/principal.p12');

let demo: DemoServer;
let browser: Browser;
let g: Guarded | undefined;
let errors: string[];

interface Pupil {
  studentId: string;
  fullName: string;
  dateOfBirth: string;
  recordId: string;
}
/** The four pupils of the seed's locked, anchored 5A: one for each path, so that no path meets another. */
let pupils: Pupil[];
let batchId: string;

const tokens = new Map<string, string>();
async function api(login: string, method: string, path: string, body?: unknown): Promise<Response> {
  if (!tokens.has(login)) {
    const res = await fetch(`${demo.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: PASSWORD }),
    });
    if (!res.ok) throw new Error(`login ${login}: ${res.status} ${await res.text()}`);
    tokens.set(login, ((await res.json()) as { accessToken: string }).accessToken);
  }
  const headers: Record<string, string> = { authorization: `Bearer ${tokens.get(login)}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${demo.url}${path}`, {
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
  [demo, browser] = await Promise.all([startDemo(), launch()]);
  const classId = demo.anchoredClassId;
  const list = await json<{
    pupils: { studentId: string; enrolmentId: string; fullName: string; dateOfBirth: string }[];
  }>('hieutruong.kimdong', `/v1/classes/${classId}/students`);
  const records = await json<{ records: { enrolmentId: string; recordId: string; state: string }[] }>(
    'hieutruong.kimdong',
    `/v1/classes/${classId}/records`,
  );
  pupils = list.pupils.map((p) => ({
    ...p,
    recordId: records.records.find((r) => r.enrolmentId === p.enrolmentId && r.state === 'locked')!.recordId,
  }));
  expect(pupils).toHaveLength(4);
  const overview = await json<{ classes: { classId: string; batch: { batchId: string } | null }[] }>(
    'hieutruong.kimdong',
    `/v1/schools/${KIM_DONG}/classes`,
  );
  batchId = overview.classes.find((c) => c.classId === classId)!.batch!.batchId;
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

async function open(login: string, hash = '#/changes'): Promise<Page> {
  g = await guardedPage(browser, demo.url);
  errors = [];
  g.page.on('pageerror', (e) => errors.push(String(e)));
  g.page.on('console', (m) => {
    // A 4xx is an answer the page shows (a refusal in words), not an error of the page.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  await g.page.goto(`${demo.url}/console/`);
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

/** Nothing of the machinery on a screen a teacher reads: no pointers, codes or UUIDs. */
async function noRawCodes(page: Page) {
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(
    /\/results\/|\b[0-9a-f]{8}-[0-9a-f]{4}-|REC-|SCH-QN|\b(TOAN|DATA_ERROR|requested|checked|applied)\b/,
  );
}

interface CorrectionView {
  state: string;
  newVersionId: string | null;
  decisionNote: string | null;
  changes: { pointer: string; from?: unknown; to?: unknown }[];
}

describe('a correction of a locked record', () => {
  const COMMENT = 'Em tiến bộ rõ ở phép chia số thập phân.';
  let correctionId: string;

  it('is requested by the principal as the changed fields, with the locked values beside them', async () => {
    const page = await open('hieutruong.kimdong');
    await page.getByRole('heading', { name: 'Đính chính, chuyển trường, thu hồi' }).waitFor();
    await expect(page.getByTestId('nothing-waiting').textContent()).resolves.toBe(
      'Không có đề nghị nào chờ thầy cô.',
    );
    await shots(page, 'changes-01-overview');
    const found = await axeViolations(page, 'overview');
    await page.getByRole('link', { name: 'Đề nghị đính chính học bạ' }).click();
    await page.getByRole('heading', { name: 'Đề nghị đính chính học bạ đã khóa' }).waitFor();
    // Nothing chosen: the summary names each field, each a link to it.
    await page.getByRole('button', { name: 'Gửi đề nghị' }).click();
    const summary = page.getByTestId('error-summary');
    await expect(summary.getByRole('link').allTextContents()).resolves.toEqual([
      'Chọn lớp',
      'Nhập căn cứ pháp lý (ít nhất 3 ký tự)',
      'Nhập lý do (ít nhất 3 ký tự)',
    ]);
    await summary.getByRole('link').first().click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('pick-class');
    await shots(page, 'changes-02-request-empty');
    found.push(...(await axeViolations(page, 'request with errors')));

    const p = pupils[0]!;
    await page.getByLabel('Lớp', { exact: true }).selectOption({ label: '5A' });
    await page.getByLabel('Học sinh (học bạ đã khóa)').selectOption({ value: p.recordId });
    await page.getByLabel('Phần cần đính chính').selectOption({ label: 'Toán' });
    const table = page.getByTestId('edit-table');
    await table.waitFor();
    // The fields as the học bạ names them, the locked value in words.
    await expect(table.locator('tbody th').allTextContents()).resolves.toEqual([
      'Mức đạt được',
      'Điểm KTĐK',
      'Nhận xét',
    ]);
    const locked = await json<{
      record: { results: { subjects: { TOAN: { level: string; testScore: number } } } };
    }>('hieutruong.kimdong', `/v1/records/${p.recordId}`);
    const { level, testScore } = locked.record.results.subjects.TOAN;
    await expect(table.locator('tbody tr').nth(0).locator('td').first().textContent()).resolves.toBe(
      level === 'T' ? 'Hoàn thành tốt' : 'Hoàn thành',
    );
    await expect(table.locator('tbody tr').nth(1).locator('td').first().textContent()).resolves.toBe(
      String(testScore),
    );
    // A score the circular does not allow is marked at its field.
    await page.getByLabel('Điểm KTĐK — Giá trị đính chính').fill('11');
    await page.getByLabel('Nhận xét — Giá trị đính chính').fill(COMMENT);
    await page.getByLabel('Căn cứ pháp lý').fill('Điều 15 Quy chế quản lý học bạ số');
    await page.getByLabel('Lý do đính chính').fill('Giáo viên bộ môn ghi thiếu nhận xét cuối năm.');
    await page.getByRole('button', { name: 'Gửi đề nghị' }).click();
    await expect(summary.getByRole('link').allTextContents()).resolves.toEqual([
      'Điểm KTĐK: Điểm KTĐK là số nguyên từ 1 đến 10',
    ]);
    await shots(page, 'changes-03-request-bad-score');
    found.push(...(await axeViolations(page, 'request with a bad score')));
    const newScore = testScore === 10 ? 9 : testScore + 1;
    await page.getByLabel('Điểm KTĐK — Giá trị đính chính').fill(String(newScore));
    await page.getByRole('button', { name: 'Gửi đề nghị' }).click();

    await page.getByRole('heading', { name: `Đề nghị đính chính — ${p.fullName}, lớp 5A` }).waitFor();
    correctionId = decodeURIComponent(new URL(page.url()).hash.split('/').at(-1)!);
    await expect(page.getByTestId('state').textContent()).resolves.toBe('Chờ kiểm tra');
    const diff = page.getByTestId('diff-table');
    await expect(
      diff
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).innerText.split('\t'))),
    ).resolves.toEqual([
      ['Toán — Điểm KTĐK', String(testScore), String(newScore)],
      ['Toán — Nhận xét', '—', COMMENT],
    ]);
    await noRawCodes(page);
    await shots(page, 'changes-04-requested');
    found.push(...(await axeViolations(page, 'requested')));
    expect(found).toEqual([]);
    const read = await json<CorrectionView>('hieutruong.kimdong', `/v1/corrections/${correctionId}`);
    expect(read.state).toBe('requested');
    expect(read.changes).toEqual([
      expect.objectContaining({ pointer: '/results/subjects/TOAN/testScore', from: testScore, to: newScore }),
      expect.objectContaining({ pointer: '/results/subjects/TOAN/comment', to: COMMENT }),
    ]);
  });

  it('is checked by the school administrator from her list of what waits', async () => {
    const page = await open('vanthu.kimdong');
    const row = page.getByTestId('correction-row').filter({ hasText: pupils[0]!.fullName });
    await row.waitFor();
    await expect(row.getByTestId('correction-state').textContent()).resolves.toBe('Chờ kiểm tra');
    await noRawCodes(page);
    await shots(page, 'changes-05-waiting-list');
    expect(await axeViolations(page, 'waiting list')).toEqual([]);
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'Kiểm tra đề nghị' }).waitFor();
    await shots(page, 'changes-05-check-form');
    expect(await axeViolations(page, 'check')).toEqual([]);
    await page.getByRole('button', { name: 'Xác nhận đã kiểm tra' }).click();
    await page.getByTestId('state').filter({ hasText: 'Đã kiểm tra, chờ hiệu trưởng' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Kiểm tra đề nghị' }).count()).toBe(0);
    expect((await json<CorrectionView>('vanthu.kimdong', `/v1/corrections/${correctionId}`)).state).toBe(
      'checked',
    );
  });

  it('is approved by the principal, and the gateway holds the corrected version', async () => {
    const page = await open('hieutruong.kimdong', `#/changes/correction/${correctionId}`);
    await page.getByRole('heading', { name: 'Quyết định của hiệu trưởng' }).waitFor();
    await page.getByRole('button', { name: 'Gửi quyết định' }).click();
    const summary = page.getByTestId('error-summary');
    await expect(summary.getByRole('link').allTextContents()).resolves.toEqual([
      'Chọn phê duyệt hoặc từ chối',
    ]);
    await summary.getByRole('link').click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('decision-approve');
    await shots(page, 'changes-06-decision-empty');
    expect(await axeViolations(page, 'decision with an error')).toEqual([]);
    await page.getByLabel('Phê duyệt đính chính').check();
    await page.getByRole('button', { name: 'Gửi quyết định' }).click();
    await page.getByTestId('state').filter({ hasText: 'Đã phê duyệt, có phiên bản mới' }).waitFor();
    await expect(page.locator('.notice').textContent()).resolves.toContain('lô điều chỉnh');
    await noRawCodes(page);
    await shots(page, 'changes-07-approved');
    const read = await json<CorrectionView>('hieutruong.kimdong', `/v1/corrections/${correctionId}`);
    expect(read.state).toBe('applied');
    const next = await json<{
      version: number;
      state: string;
      record: { results: { subjects: { TOAN: { comment: string } } } };
    }>('hieutruong.kimdong', `/v1/records/${read.newVersionId}`);
    expect(next.version).toBe(2);
    expect(next.state).toBe('approved');
    expect(next.record.results.subjects.TOAN.comment).toBe(COMMENT);
  });

  it('is locked in its correction batch by the principal, signed on the batch page with the .p12, and the lookup answers the corrected version', async () => {
    const { newVersionId } = await json<CorrectionView>(
      'hieutruong.kimdong',
      `/v1/corrections/${correctionId}`,
    );
    // The approved correction offers the lock; the school's administrator (who may not sign) is only told.
    let page = await open('vanthu.kimdong', `#/changes/correction/${correctionId}`);
    await page.getByTestId('lock-correction').waitFor();
    expect(await page.getByTestId('lock-correction').getByRole('button').count()).toBe(0);
    await g!.context.close();
    page = await open('hieutruong.kimdong', `#/changes/correction/${correctionId}`);
    const step = page.getByTestId('lock-correction');
    await step.getByRole('button', { name: 'Khóa bản đính chính' }).waitFor();
    await noRawCodes(page);
    await shots(page, 'changes-07b-lock-offered');
    const found = await axeViolations(page, 'lock offered');
    // The principal's list of what waits names it, with the same button.
    await page.goto(`${demo.url}/console/#/changes`);
    const row = page.getByTestId('lock-row').filter({ hasText: pupils[0]!.fullName });
    await row.waitFor();
    await expect(page.getByTestId('lock-row').count()).resolves.toBe(1);
    await noRawCodes(page);
    await shots(page, 'changes-07c-awaiting-lock');
    found.push(...(await axeViolations(page, 'awaiting lock')));
    await row.getByRole('button', { name: /^Khóa bản đính chính/ }).click();
    await page.waitForURL(/#\/classes\/batch\//);
    const correctionBatchId = decodeURIComponent(new URL(page.url()).hash.split('/').at(-1)!);
    const locked = await json<{ kind: string; state: string; supersedes: string | null; leafCount: number }>(
      'hieutruong.kimdong',
      `/v1/batches/${correctionBatchId}`,
    );
    expect(locked).toMatchObject({ kind: 'correction', state: 'assembling', leafCount: 1 });
    expect((await json<{ state: string }>('hieutruong.kimdong', `/v1/records/${newVersionId}`)).state).toBe(
      'locked',
    );
    // Signed on the classes area's batch page, as any batch, with the principal's .p12.
    await page.getByLabel('Ký ngay trên trình duyệt bằng tệp .p12/.pfx').check();
    await page.getByLabel('Tệp chứng thư số').setInputFiles(OWN_P12);
    await page.getByLabel('Mật khẩu của tệp').fill(PASSWORD);
    await page.getByRole('button', { name: 'Ký và gửi' }).click();
    await page.getByTestId('batch-steps').getByText('Khối', { exact: true }).waitFor({ timeout: 60_000 });
    const anchored = await json<{ state: string; anchor: { blockNumber: number | null } | null }>(
      'hieutruong.kimdong',
      `/v1/batches/${correctionBatchId}`,
    );
    expect(anchored.state).toBe('anchored');
    expect(anchored.anchor?.blockNumber).toEqual(expect.any(Number));
    // Back on the request: locked, with the way to its batch; nothing waits to be locked any more.
    await page.goto(`${demo.url}/console/#/changes/correction/${correctionId}`);
    await page.getByTestId('correction-locked').getByRole('link', { name: 'Mở lô điều chỉnh' }).waitFor();
    await expect(page.getByTestId('correction-locked').getByRole('link').getAttribute('href')).resolves.toBe(
      `#/classes/batch/${encodeURIComponent(correctionBatchId)}`,
    );
    await shots(page, 'changes-07d-correction-locked');
    found.push(...(await axeViolations(page, 'correction locked')));
    expect(found).toEqual([]);
    // The public lookup answers the corrected version, same code, from the correction batch on the ledger.
    const p = pupils[0]!;
    const { lookupCode } = await json<{ lookupCode: string }>(
      'hieutruong.kimdong',
      `/v1/records/${p.recordId}`,
    );
    const res = await fetch(`${demo.url}/v1/verify/${lookupCode}?dob=${p.dateOfBirth}`);
    expect(res.status).toBe(200);
    const lookup = (await res.json()) as {
      record: { results: { subjects: { TOAN: { comment: string } } } };
      ledger: { anchor: { batchId: string; found: boolean } };
      correction?: { supersedes: string };
      report: { verdict: string };
    };
    expect(lookup.ledger.anchor).toMatchObject({ found: true, batchId: correctionBatchId });
    expect(lookup.correction?.supersedes).toBe(p.recordId);
    expect(lookup.record.results.subjects.TOAN.comment).toBe(COMMENT);
    expect(lookup.report.verdict).toBe('valid');
  });

  it('is refused by the principal with a reason, and stays refused at the gateway', async () => {
    const p = pupils[1]!;
    const made = await api('hieutruong.kimdong', 'POST', '/v1/corrections', {
      recordId: p.recordId,
      legalBasis: 'Điều 15 Quy chế quản lý học bạ số',
      reason: 'Đề nghị ghi thêm nhận xét môn Toán.',
      subject: 'TOAN',
      changes: [{ pointer: '/results/subjects/TOAN/comment', to: 'Nhận xét ghi nhầm học sinh.' }],
    });
    expect(made.status).toBe(201);
    const id = ((await made.json()) as { id: string }).id;
    expect((await api('vanthu.kimdong', 'POST', `/v1/corrections/${id}/check`, {})).status).toBe(200);
    const page = await open('hieutruong.kimdong');
    const row = page.getByTestId('correction-row').filter({ hasText: p.fullName });
    await expect(row.getByTestId('correction-state').textContent()).resolves.toBe(
      'Đã kiểm tra, chờ hiệu trưởng',
    );
    await row.getByRole('link').click();
    await page.getByLabel('Từ chối').check();
    await page.getByRole('button', { name: 'Gửi quyết định' }).click();
    await expect(page.getByTestId('error-summary').getByRole('link').allTextContents()).resolves.toEqual([
      'Nhập lý do từ chối',
    ]);
    await page.getByLabel('Lý do từ chối').fill('Không có hồ sơ gốc đối chiếu.');
    await page.getByRole('button', { name: 'Gửi quyết định' }).click();
    await page.getByTestId('state').filter({ hasText: 'Bị từ chối' }).waitFor();
    await expect(page.locator('.changes-facts').textContent()).resolves.toContain(
      'Không có hồ sơ gốc đối chiếu.',
    );
    await shots(page, 'changes-08-refused');
    expect(await axeViolations(page, 'refused')).toEqual([]);
    const read = await json<CorrectionView>('hieutruong.kimdong', `/v1/corrections/${id}`);
    expect(read).toMatchObject({
      state: 'rejected',
      newVersionId: null,
      decisionNote: 'Không có hồ sơ gốc đối chiếu.',
    });
  });
});

describe("a subject teacher's view", () => {
  it('lists her class’s requests (her grant names a class, not a school) and offers only her subject', async () => {
    const page = await open('gv.toan.kimdong');
    await page.getByTestId('correction-row').first().waitFor();
    await expect(page.getByTestId('correction-row').count()).resolves.toBe(2);
    await noRawCodes(page);
    await shots(page, 'changes-19-subject-teacher');
    const found = await axeViolations(page, 'subject teacher list');
    await page.getByRole('link', { name: 'Đề nghị đính chính học bạ' }).click();
    await page.getByLabel('Lớp', { exact: true }).selectOption({ label: '5A' });
    // (pupil 1's record has an approved new version now: it is no longer offered as locked.)
    await page.getByLabel('Học sinh (học bạ đã khóa)').selectOption({ value: pupils[2]!.recordId });
    const part = page.getByLabel('Phần cần đính chính');
    await part.waitFor();
    await expect(part.locator('option').allTextContents()).resolves.toEqual(['— Chọn —', 'Toán']);
    found.push(...(await axeViolations(page, 'subject teacher request')));
    expect(found).toEqual([]);
  });
});

describe('a correction whose value the circular derives others from', () => {
  it('sends with a changed level the values that follow and the decision they call for; the gateway accepts them', async () => {
    const p = pupils[1]!;
    const locked = await json<{
      record: Record<string, unknown> & {
        results: Record<string, unknown> & { subjects: { TOAN: { level: string } } };
      };
    }>('hieutruong.kimdong', `/v1/records/${p.recordId}`);
    const was = locked.record.results.subjects.TOAN.level;
    const now = 'C';
    expect(was).not.toBe('C');
    // What the circular says follows (the rules' own derivation, as the gateway checks it).
    const corrected = structuredClone(locked.record);
    corrected.results.subjects.TOAN.level = now;
    const before = deriveRecord(locked.record).results as Record<string, unknown>;
    const after = deriveRecord(corrected).results as Record<string, unknown>;
    const follow = ['overallResult', 'award', 'gradeCompleted', 'primaryCompleted'].filter(
      (k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null),
    );
    expect(follow).toContain('overallResult');

    const page = await open('hieutruong.kimdong', '#/changes/correction/new');
    await page.getByLabel('Lớp', { exact: true }).selectOption({ label: '5A' });
    await page.getByLabel('Học sinh (học bạ đã khóa)').selectOption({ value: p.recordId });
    await page.getByLabel('Phần cần đính chính').selectOption({ label: 'Toán' });
    await page.getByLabel('Mức đạt được — Giá trị đính chính').selectOption({ value: now });
    const table = page.getByTestId('follow-table');
    await table.waitFor();
    await expect(table.locator('tbody th').allTextContents()).resolves.toContain('Kết quả giáo dục');
    await page.getByLabel('Căn cứ pháp lý').fill('Điều 15 Quy chế quản lý học bạ số');
    await page.getByLabel('Lý do đính chính').fill('Ghi nhầm mức đạt được môn Toán.');
    // Not completing the grade any more, the pupil needs the principal's decision (Circular 27 Art. 11 §3).
    await page.getByRole('button', { name: 'Gửi đề nghị' }).click();
    await expect(page.getByTestId('error-summary').getByRole('link').allTextContents()).resolves.toEqual([
      'Chọn được lên lớp hoặc ở lại lớp',
    ]);
    await page
      .getByLabel('Quyết định của hiệu trưởng với học sinh chưa hoàn thành chương trình lớp học')
      .selectOption({ label: 'Ở lại lớp' });
    await shots(page, 'changes-18-request-follow-ups');
    expect(await axeViolations(page, 'request with follow-ups')).toEqual([]);
    await page.getByRole('button', { name: 'Gửi đề nghị' }).click();
    await page.getByTestId('state').filter({ hasText: 'Chờ kiểm tra' }).waitFor();
    await expect(page.getByTestId('diff-table').textContent()).resolves.toContain('Kết quả giáo dục');
    const id = decodeURIComponent(new URL(page.url()).hash.split('/').at(-1)!);
    const read = await json<CorrectionView>('hieutruong.kimdong', `/v1/corrections/${id}`);
    expect(read.changes.map((c) => c.pointer).sort()).toEqual(
      [
        '/results/subjects/TOAN/level',
        '/results/promotionDecision',
        ...follow.map((k) => `/results/${k}`),
      ].sort(),
    );
  });
});

describe('a transfer to another school', () => {
  it('is sent by Kim Đồng naming the pupil by mã định danh and date of birth, after a name it does not know', async () => {
    const p = pupils[3]!;
    const bio = await json<{ nationalId: string }>(
      'hieutruong.kimdong',
      `/v1/students/${p.studentId}/biography`,
    );
    const page = await open('hieutruong.kimdong');
    await page.getByRole('link', { name: 'Lập hồ sơ chuyển trường' }).click();
    await page.getByRole('heading', { name: 'Lập hồ sơ chuyển trường' }).waitFor();
    await page.getByRole('button', { name: 'Gửi hồ sơ chuyển trường' }).click();
    const summary = page.getByTestId('error-summary');
    await expect(summary.getByRole('link').allTextContents()).resolves.toEqual([
      'Chọn cách nêu học sinh',
      'Chọn trường chuyển đến',
    ]);
    // By class and a name the school does not hold: the gateway's refusal, in words, at the field.
    await page.getByLabel('Lớp và họ tên').check();
    await page.getByLabel('Lớp', { exact: true }).fill('5A');
    await page.getByLabel('Họ và tên').fill('Không Có Tên Này');
    const destination = page.getByLabel('Trường chuyển đến');
    const names = await destination.locator('option').allTextContents();
    const target = names.find((n) => /Chu Văn An/.test(n));
    expect(target).toBeDefined();
    await destination.selectOption({ label: target! });
    await page.getByRole('button', { name: 'Gửi hồ sơ chuyển trường' }).click();
    // The gateway's answer (STUDENT_NOT_FOUND) in its words, replacing the form's own errors.
    await summary.getByRole('link', { name: 'Không tìm thấy học sinh này.' }).waitFor();
    await expect(summary.getByRole('link').count()).resolves.toBe(1);
    const refusal = await summary.getByRole('link').textContent();
    expect(refusal).not.toMatch(/STUDENT_NOT_FOUND|404/);
    await summary.getByRole('link').click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('class-name');
    await shots(page, 'changes-09-transfer-unknown-pupil');
    const found = await axeViolations(page, 'transfer refused');

    await page.getByLabel('Mã định danh và ngày sinh').check();
    await page.getByLabel('Mã định danh', { exact: true }).fill(bio.nationalId);
    const [y, m, d] = p.dateOfBirth.split('-') as [string, string, string];
    const dob = page.getByRole('group', { name: 'Ngày sinh' });
    await dob.getByLabel('Ngày').fill(String(Number(d)));
    await dob.getByLabel('Tháng').fill(String(Number(m)));
    await dob.getByLabel('Năm').fill(y);
    const on = page.getByRole('group', { name: 'Ngày chuyển' });
    await on.getByLabel('Ngày').fill('31');
    await on.getByLabel('Tháng').fill('2');
    await on.getByLabel('Năm').fill('2026');
    await page.getByRole('button', { name: 'Gửi hồ sơ chuyển trường' }).click();
    await expect(summary.getByRole('link').allTextContents()).resolves.toEqual(['Ngày chuyển không có thật']);
    await on.getByLabel('Ngày').fill('15');
    await on.getByLabel('Tháng').fill('8');
    await page.getByLabel('Lý do chuyển trường (không bắt buộc)').fill('Gia đình chuyển nơi ở.');
    await shots(page, 'changes-10-transfer-filled');
    found.push(...(await axeViolations(page, 'transfer filled')));
    await page.getByRole('button', { name: 'Gửi hồ sơ chuyển trường' }).click();
    await page.getByRole('heading', { name: `Hồ sơ chuyển trường — ${p.fullName}` }).waitFor();
    await expect(page.getByTestId('state').textContent()).resolves.toBe('Chờ trường chuyển đến tiếp nhận');
    await expect(page.locator('.changes-facts').textContent()).resolves.toContain('15/08/2026');
    await noRawCodes(page);
    await shots(page, 'changes-11-transfer-sent');
    found.push(...(await axeViolations(page, 'transfer sent')));
    expect(found).toEqual([]);
  });

  it('is taken in by the receiving principal, who then holds the pupil’s records', async () => {
    const p = pupils[3]!;
    const page = await open('hieutruong.chuvanan');
    const row = page.getByTestId('transfer-row').filter({ hasText: p.fullName }).first();
    await row.waitFor();
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'Tiếp nhận học sinh' }).waitFor();
    await shots(page, 'changes-12-take-in');
    expect(await axeViolations(page, 'take in')).toEqual([]);
    await page.getByRole('radio', { name: 'Tiếp nhận học sinh' }).check();
    await page.getByRole('button', { name: 'Gửi quyết định' }).click();
    await page.getByTestId('state').filter({ hasText: 'Đã tiếp nhận' }).waitFor();
    await shots(page, 'changes-13-taken-in');
    const theirs = await json<{ items: { custodySchoolId: string; recordId: string }[] }>(
      'hieutruong.chuvanan',
      `/v1/transfers/students/${p.studentId}/records`,
    );
    expect(theirs.items.map((r) => r.recordId)).toContain(p.recordId);
    expect(new Set(theirs.items.map((r) => r.custodySchoolId)).has(KIM_DONG)).toBe(false);
    // The sending school no longer holds them.
    expect(
      (await api('hieutruong.kimdong', 'GET', `/v1/transfers/students/${p.studentId}/records`)).status,
    ).toBe(403);
  });
});

describe('a revocation', () => {
  async function fillRevocation(page: Page, p: Pupil) {
    await page.getByRole('link', { name: 'Thu hồi một học bạ' }).click();
    await page.getByRole('heading', { name: 'Thu hồi học bạ đã khóa' }).waitFor();
    await page.getByLabel('Lớp', { exact: true }).selectOption({ label: '5A' });
    await page.getByLabel('Học sinh (học bạ đã khóa)').selectOption({ value: p.recordId });
    await page.getByLabel('Sai sót dữ liệu').check();
    await page.getByLabel('Căn cứ pháp lý').fill('QĐ 31/QĐ-SGDĐT');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByRole('heading', { name: 'Thầy cô có chắc muốn thu hồi học bạ này?' }).waitFor();
  }

  it('is refused in words before the province allows it', async () => {
    const page = await open('hieutruong.kimdong');
    await page.getByRole('link', { name: 'Thu hồi một học bạ' }).click();
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect(page.getByTestId('error-summary').getByRole('link').allTextContents()).resolves.toEqual([
      'Chọn lớp',
      'Chọn lý do thu hồi',
      'Nhập căn cứ pháp lý (ít nhất 3 ký tự)',
    ]);
    await shots(page, 'changes-14-revoke-empty');
    const found = await axeViolations(page, 'revoke with errors');
    await page.goto(`${demo.url}/console/#/changes`);
    await fillRevocation(page, pupils[2]!);
    await expect(page.locator('.warning-text').textContent()).resolves.toContain('học bạ đã bị thu hồi');
    await shots(page, 'changes-15-revoke-confirm');
    found.push(...(await axeViolations(page, 'revoke confirm')));
    await page.getByRole('button', { name: 'Thu hồi học bạ' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).not.toMatch(/NOT_PERMITTED|403|409/);
    await shots(page, 'changes-16-revoke-not-permitted');
    found.push(...(await axeViolations(page, 'revoke refused')));
    expect(found).toEqual([]);
  });

  it('is made once the province allows it, and the public lookup says the record is revoked', async () => {
    const p = pupils[2]!;
    const validUntil = new Date(Date.now() + 86_400_000).toISOString();
    const granted = await api('so.quangninh', 'POST', '/v1/permissions', {
      batchId,
      action: 'revoke',
      until: validUntil,
      legalBasis: 'QĐ 31/QĐ-SGDĐT',
    });
    expect(granted.status).toBe(202);
    await until('the permission on the ledger', async () => {
      const events = await json<{ items: { kind: string; ledgerTxId: string | null }[] }>(
        'hieutruong.kimdong',
        `/v1/batches/${batchId}/status-events`,
      );
      return events.items.some((e) => e.kind === 'permission' && e.ledgerTxId) ? true : undefined;
    });
    const page = await open('hieutruong.kimdong');
    await fillRevocation(page, p);
    await page.getByRole('button', { name: 'Thu hồi học bạ' }).click();
    await page.getByRole('heading', { name: 'Đã gửi yêu cầu thu hồi' }).waitFor();
    await expect(page.getByTestId('revoked').textContent()).resolves.toContain('tra cứu công khai');
    await noRawCodes(page);
    await shots(page, 'changes-17-revoked');
    expect(await axeViolations(page, 'revoked')).toEqual([]);
    const { lookupCode } = await json<{ lookupCode: string }>(
      'hieutruong.kimdong',
      `/v1/records/${p.recordId}`,
    );
    const revocation = await until('the lookup to say revoked', async () => {
      const res = await fetch(`${demo.url}/v1/verify/${lookupCode}?dob=${p.dateOfBirth}`);
      const body = (await res.json()) as { ledger?: { anchor?: { revocation?: { reasonCode: string } } } };
      return body.ledger?.anchor?.revocation;
    });
    expect(revocation).toMatchObject({ reasonCode: 'DATA_ERROR', legalBasis: 'QĐ 31/QĐ-SGDĐT' });
  });
});
