/**
 * The lookup portal in a real browser (issue 7 point 5): Debian's Chromium against the gateway on the
 * embedded ledger, asserting what the page shows for a valid record, one tampered with in the database, a
 * revoked one, one in a recalled batch, a superseded one (and its replacement), a corrected one (and its
 * untouched classmate), a file checked offline (and
 * an altered file), and a holder's partial disclosure; that the page makes no request to another host and
 * raises no error (a CSP violation included). Screenshots of each state go to test/browser/screenshots/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatLookupCode } from '@hocba/gateway';
import { layoutFingerprint, layoutHocBa, recordFromFields } from '@hocba/records';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, fillDob, type Guarded, guardedPage, launch, shot, shots } from './chromium.ts';
import { printPage } from './print.ts';
import {
  type BrowserWorld,
  CORRECTION_DECISION,
  ETHNICITY,
  SCHOOL_NAME,
  type Seat,
  startBrowserWorld,
} from './world.ts';

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

async function open(path: string, o: Parameters<typeof guardedPage>[2] = {}): Promise<Page> {
  g = await guardedPage(browser, world.base, o);
  errors = [];
  g.page.on('pageerror', (e) => errors.push(String(e)));
  g.page.on('console', (m) => {
    // A 4xx from the API is an answer the page shows (a wrong date of birth), not an error of the page.
    if (
      m.type() === 'error' &&
      !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())
    )
      errors.push(m.text());
  });
  await g.page.goto(`${world.base}${path}`);
  return g.page;
}

afterEach(async () => {
  if (!g) return;
  const { foreign, context } = g;
  g = undefined;
  await context.close();
  // Every test: its own origin only, and no script error or CSP violation.
  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
});

async function lookUp(page: Page, seat: Seat, typed = seat.code) {
  await page.getByLabel('Mã số tra cứu').fill(typed);
  await fillDob(page, seat.dob);
  await page.getByRole('button', { name: 'Tra cứu và xác minh' }).click();
  await page.locator('.verdict').waitFor();
}

/** What a person sees of an element (CSS applied, e.g. upper-cased headings). */
const seen = (l: Locator) => l.innerText();
/** The "verify a file" view has fetched (and remembered) the registered roots. */
const anchorsLoaded = (page: Page) =>
  page.waitForFunction(() => localStorage.getItem('hocba.trustAnchors') !== null);
const verdict = (page: Page) => page.locator('.verdict');
const step = (page: Page, name: string) => page.locator(`li.step[data-step="${name}"]`);
const outcomes = (page: Page) =>
  page
    .locator('li.step')
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-step')}:${e.getAttribute('data-outcome')}`));

describe('the lookup portal in Chromium', () => {
  it('shows a valid record, verified in the browser, laid out as a Circular 27 học bạ; Vietnamese first', async () => {
    const page = await open('/');
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await expect(page.title()).resolves.toBe('Tra cứu học bạ số');
    // Typed as people do: lower case, spaces.
    await lookUp(
      page,
      world.seats.valid,
      formatLookupCode(world.seats.valid.code).toLowerCase().replaceAll('-', ' '),
    );
    expect(await verdict(page).getAttribute('data-verdict')).toBe('valid');
    await expect(seen(verdict(page))).resolves.toContain('Học bạ hợp lệ');
    expect(await outcomes(page)).toEqual([
      'integrity:pass',
      'inclusion:pass',
      'anchor:pass',
      'signature:pass',
      'signer:pass',
      'status:pass',
    ]);
    const anchor = await seen(step(page, 'anchor'));
    expect(anchor).toMatch(/Khối\s+\d+/);
    expect(anchor).toMatch(/Mã giao dịch\s+[0-9a-f]{16,}/);
    await expect(seen(step(page, 'signer'))).resolves.toContain(SCHOOL_NAME);
    await expect(seen(step(page, 'signature'))).resolves.toContain(
      'Chữ ký số của thủ trưởng cơ sở giáo dục hợp lệ',
    );
    // The học bạ: Circular 27's subjects, qualities and competences, from the disclosed fields.
    const hb = page.locator('article.hocba');
    const text = (await hb.textContent()) ?? '';
    expect(text).toContain('Tiểu học — theo Thông tư 27/2020/TT-BGDĐT');
    expect(text).toContain('Tiếng Việt');
    expect(text).toContain('Hoàn thành tốt');
    expect(text).toContain('Phẩm chất chủ yếu');
    expect(text).toContain('Năng lực đặc thù');
    // The personal parts are never disclosed by a public lookup: named as hidden, in words a parent reads.
    expect(text).not.toContain(world.seats.valid.fullName);
    expect(text).not.toContain(ETHNICITY);
    expect(text).not.toMatch(/\d{12}/);
    for (const item of ['Mã định danh', 'Mã học sinh', 'Sơ yếu lý lịch', 'Họ và tên', 'Dân tộc'])
      expect(text).toContain(item);
    // Name, date of birth, sex, birthplace, ethnicity, nationality, guardians, national id, student code.
    const hiddenRows = hb.locator('.hb-identity tr', { has: page.locator('.hb-withheld') });
    expect(await hiddenRows.count()).toBe(9);
    expect(await hb.locator('.hb-identity tr').count()).toBe(9);
    await shot(page, '01-valid');
    // The English switch.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(seen(verdict(page))).resolves.toContain('Valid record');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await shot(page, '02-valid-en');
  });

  it('opens the QR link /{lookupCode} asking only for the date of birth; usable on a phone', async () => {
    const seat = world.seats.valid;
    const page = await open(`/${formatLookupCode(seat.code)}`, { viewport: { width: 390, height: 844 } });
    const code = page.getByLabel('Mã số tra cứu');
    expect(await code.inputValue()).toBe(formatLookupCode(seat.code));
    expect(await code.getAttribute('readonly')).not.toBeNull();
    // A wrong date of birth: one message, linked to the first date field (the code cannot be edited here).
    await fillDob(page, '2001-01-01');
    await page.keyboard.press('Enter');
    await page.getByTestId('error-summary').getByText('Không tìm thấy học bạ').waitFor();
    await page.getByTestId('error-summary').getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('dob-day');
    await shots(page, 'h5-10-qr-not-found');
    // Keyboard only: the date fields, then Enter.
    await fillDob(page, seat.dob);
    await page.keyboard.press('Enter');
    await verdict(page).waitFor();
    expect(await verdict(page).getAttribute('data-verdict')).toBe('valid');
    // Nothing wider than the phone's screen but the scrollable tables.
    await shot(page, '03-qr-phone');
    const wide = await page.evaluate(() =>
      Array.from(document.querySelectorAll('body *'))
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll'))
        .map((e) => `${e.tagName}.${e.className}: ${Math.round(e.getBoundingClientRect().right)}`),
    );
    expect(wide).toEqual([]);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
  });

  it('says which step failed for a record altered in the database', async () => {
    const page = await open('/');
    await lookUp(page, world.seats.tampered);
    expect(await verdict(page).getAttribute('data-verdict')).toBe('invalid');
    expect(await verdict(page).getAttribute('data-failed')).toBe('integrity:INTEGRITY_LEAF_MISMATCH');
    const v = await seen(verdict(page));
    expect(v).toContain('Học bạ KHÔNG hợp lệ');
    expect(v).toContain('Nội dung không bị thay đổi');
    await expect(seen(step(page, 'integrity'))).resolves.toContain('Nội dung học bạ đã bị thay đổi');
    expect(await step(page, 'integrity').getAttribute('data-outcome')).toBe('fail');
    // The altered content is shown as evidence only, under a warning.
    await expect(seen(page.locator('article.hocba .hb-untrusted'))).resolves.toContain('không được sử dụng');
    await shot(page, '04-tampered');
  });

  it('shows a revoked record in red with its reason, date and legal basis', async () => {
    const page = await open('/');
    await lookUp(page, world.seats.revoked);
    expect(await verdict(page).getAttribute('data-failed')).toBe('status:STATUS_REVOKED');
    const v = await seen(verdict(page));
    expect(v).toContain('Học bạ đã bị thu hồi');
    // The reason in words, never its code.
    expect(v).toContain('Điều chỉnh thông tin học bạ');
    expect(v).not.toContain('CORRECTION');
    expect(v).toMatch(/Ngày\s+\d{2}\/\d{2}\/20\d{2}/);
    expect(v).toContain('QĐ 6/QĐ-THKĐ');
    expect(v).toMatch(/Ngày\s+\S+/);
    // Everything else about it holds.
    expect((await outcomes(page)).filter((o) => !o.endsWith(':pass'))).toEqual(['status:fail']);
    await shot(page, '05-revoked');
  });

  it('shows a record of a recalled batch in red, laid out as a Circular 22 học bạ', async () => {
    const page = await open('/');
    await lookUp(page, world.seats.recalled);
    expect(await verdict(page).getAttribute('data-failed')).toBe('status:STATUS_RECALLED');
    const v = await seen(verdict(page));
    expect(v).toContain('Lô học bạ đã bị thu hồi');
    expect(v).toContain('Chốt nhầm lô');
    expect(v).not.toContain('WRONG_BATCH');
    expect(v).toContain('QĐ 8/QĐ-THKĐ');
    const hb = (await page.locator('article.hocba').textContent()) ?? '';
    expect(hb).toContain('Trung học — theo Thông tư 22/2021/TT-BGDĐT');
    expect(hb).toContain('Kết quả rèn luyện');
    expect(hb).toContain('Học kì I');
    expect(hb).toContain('Ngữ văn');
    await shot(page, '06-recalled');
  });

  it('shows a superseded record with a link to its replacement, which verifies', async () => {
    const page = await open('/');
    await lookUp(page, world.seats.superseded);
    expect(await verdict(page).getAttribute('data-failed')).toBe('status:STATUS_SUPERSEDED');
    await expect(seen(verdict(page))).resolves.toContain('Học bạ đã được thay thế');
    await shot(page, '07-superseded');
    await page.getByRole('link', { name: 'Xem học bạ thay thế' }).click();
    await page.waitForURL(`${world.base}/${world.seats.replacement.code}`);
    expect(await page.getByLabel('Mã số tra cứu').inputValue()).toBe(
      formatLookupCode(world.seats.replacement.code),
    );
    await fillDob(page, world.seats.replacement.dob);
    await page.getByRole('button', { name: 'Tra cứu và xác minh' }).click();
    await verdict(page).waitFor();
    expect(await verdict(page).getAttribute('data-verdict')).toBe('valid');
    await shot(page, '08-replacement');
  });

  it('shows a corrected record’s current version under its unchanged code, saying when and under which decision; the classmate stays valid', async () => {
    const page = await open('/');
    await lookUp(page, world.seats.corrected);
    expect(await verdict(page).getAttribute('data-verdict')).toBe('valid');
    const note = await seen(page.getByTestId('correction'));
    expect(note).toContain('Học bạ đã được điều chỉnh');
    expect(note).toMatch(/\b\d{2}\/\d{2}\/20\d{2}\b/);
    expect(note).toContain(CORRECTION_DECISION);
    await shot(page, '07b-corrected-current');
    await page.goto(`${world.base}/`);
    await lookUp(page, world.seats.classmate);
    expect(await verdict(page).getAttribute('data-verdict')).toBe('valid');
    expect(await page.getByTestId('correction').count()).toBe(0);
  });

  it('answers an unknown code or a wrong date of birth with one message, and catches a typo before asking', async () => {
    const page = await open('/');
    await page.getByLabel('Mã số tra cứu').fill(world.seats.valid.code);
    await fillDob(page, '2001-01-01');
    await page.getByRole('button', { name: 'Tra cứu và xác minh' }).click();
    await page
      .getByTestId('error-summary')
      .getByText('Không tìm thấy học bạ với mã số và ngày sinh này.')
      .waitFor();
    const c = world.seats.valid.code;
    const typo = c.slice(0, 3) + (c[3] === 'A' ? 'B' : 'A') + c.slice(4);
    const before = g!.requests.length;
    await page.getByLabel('Mã số tra cứu').fill(typo);
    await page.getByRole('button', { name: 'Tra cứu và xác minh' }).click();
    await page
      .getByTestId('error-summary')
      .getByText('Mã số có kí tự bị gõ sai; vui lòng kiểm tra lại.')
      .waitFor();
    expect(g!.requests.length).toBe(before);
  });

  it('verifies a dropped file offline: the status step says it could not be checked, never passes', async () => {
    const res = await fetch(`${world.base}/v1/verify/${world.seats.valid.code}?dob=${world.seats.valid.dob}`);
    const { bundle } = (await res.json()) as { bundle: Record<string, unknown> };
    const file = join(tmpdir(), `hocba-bundle-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(bundle));
    const page = await open('/#tep');
    await anchorsLoaded(page);
    // From here on the page has no network at all.
    await g!.context.setOffline(true);
    const before = g!.requests.length;
    await page.locator('input[type=file]').setInputFiles(file);
    await verdict(page).waitFor();
    expect(await verdict(page).getAttribute('data-verdict')).toBe('incomplete');
    expect(await outcomes(page)).toEqual([
      'integrity:pass',
      'inclusion:pass',
      'anchor:unknown',
      'signature:pass',
      'signer:unknown',
      'status:unknown',
    ]);
    await expect(seen(step(page, 'status'))).resolves.toContain(
      'Không kiểm tra được tình trạng thu hồi khi ngoại tuyến.',
    );
    await expect(seen(verdict(page))).resolves.toContain('không kiểm tra được khi ngoại tuyến');
    // A later correction or revocation is told by the code's page: a link, followed only if the reader wants.
    expect(await page.getByRole('link', { name: 'Tra cứu bản hiện hành' }).getAttribute('href')).toBe(
      `/${world.seats.valid.code}`,
    );
    expect(g!.requests.length).toBe(before);
    await shot(page, '09-offline-file');

    // The same file with one mark changed: the page says the content was altered.
    const altered = JSON.parse(readFileSync(file, 'utf8')) as {
      disclosure: { fields: { pointer: string; value: unknown }[] };
    };
    const mark = altered.disclosure.fields.find((f) => f.pointer === '/results/subjects/TOAN/testScore')!;
    mark.value = (mark.value as number) === 10 ? 9 : 10;
    // Dropped this time, as a person drags a file onto the zone.
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'hoc-ba.json', { type: 'application/json' }));
      const zone = document.querySelector('[data-testid="dropzone"]')!;
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, JSON.stringify(altered));
    await page.locator('.verdict[data-verdict="invalid"]').waitFor();
    expect(await verdict(page).getAttribute('data-failed')).toBe('integrity:INTEGRITY_LEAF_MISMATCH');
    await shot(page, '10-offline-file-altered');
    await g!.context.setOffline(false);
  });

  it('lets a student download a bundle hiding ethnicity and marks, which still verifies', async () => {
    const page = await open('/#cua-toi');
    await page.getByLabel('Tên đăng nhập').fill(world.student.login);
    await page.getByLabel('Mật khẩu').fill(world.student.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const card = page.locator(`section.own[data-record="${world.seats.valid.recordId}"]`);
    await card.waitFor();
    // Sensitive items start unticked; the student shares the name, and hides the maths marks.
    const ethnicity = card.getByLabel(/Dân tộc/);
    expect(await ethnicity.isChecked()).toBe(false);
    await card.getByLabel(/Họ và tên/).check();
    await card.getByLabel(/Toán/).uncheck();
    await shot(page, '11-holder-choose');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('button', { name: 'Tải gói minh chứng' }).click(),
    ]);
    const file = join(tmpdir(), `hocba-disclosed-${process.pid}.json`);
    await download.saveAs(file);
    const bundle = JSON.parse(readFileSync(file, 'utf8')) as {
      disclosure: { fields: { pointer: string }[]; hidden: string[] };
    };
    const pointers = bundle.disclosure.fields.map((f) => f.pointer);
    expect(pointers).toContain('/biography/fullName');
    expect(pointers.some((p) => p.startsWith('/biography/ethnicity'))).toBe(false);
    expect(pointers.some((p) => p.startsWith('/results/subjects/TOAN'))).toBe(false);
    expect(bundle.disclosure.hidden.length).toBeGreaterThan(0);

    // Whoever receives it checks it on the "verify a file" page.
    await page.getByRole('link', { name: 'Kiểm tra tệp' }).click();
    await anchorsLoaded(page);
    await page.locator('input[type=file]').setInputFiles(file);
    await verdict(page).waitFor();
    expect(await step(page, 'integrity').getAttribute('data-outcome')).toBe('pass');
    expect(await step(page, 'signature').getAttribute('data-outcome')).toBe('pass');
    expect(await verdict(page).getAttribute('data-verdict')).toBe('incomplete');
    const hb = (await page.locator('article.hocba').textContent()) ?? '';
    expect(hb).toContain(world.seats.valid.fullName);
    expect(hb).not.toContain(ETHNICITY);
    // The form's row for maths is there, every cell of it withheld: the marks are not.
    const maths = page.locator('article.hocba tr[data-key="TOAN"] td');
    expect(await maths.count()).toBeGreaterThan(0);
    expect(await maths.evaluateAll((tds) => tds.every((td) => td.querySelector('.hb-withheld')))).toBe(true);
    expect(hb).toContain('mục không hiển thị theo lựa chọn của người giữ học bạ');
    await shot(page, '12-holder-disclosed-file');
  });

  it('renews an expired session with the refresh token, once; signing out revokes the login on the server', async () => {
    const page = await open('/#cua-toi');
    // The first read answers as an expired access token would.
    let expired = true;
    await page.route('**/v1/me/records', async (route) => {
      if (!expired) return route.continue();
      expired = false;
      await route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: { vi: '-', en: '-' } } }),
      });
    });
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/v1/auth/refresh'));
    await page.getByLabel('Tên đăng nhập').fill(world.student.login);
    await page.getByLabel('Mật khẩu').fill(world.student.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    expect((await refreshed).status()).toBe(200);
    await page.locator(`section.own[data-record="${world.seats.valid.recordId}"]`).waitFor();
    const out = page.waitForResponse((r) => r.url().endsWith('/v1/auth/logout'));
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    expect((await out).status()).toBe(204);
    await page.getByLabel('Tên đăng nhập').waitFor();
  });
});

describe('the lookup page reads like a học bạ (issue 15)', () => {
  const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
  const submit = (page: Page) => page.getByRole('button', { name: 'Tra cứu và xác minh' }).click();
  const summary = (page: Page) => page.getByTestId('error-summary');
  const summaryLinks = (page: Page) => summary(page).getByRole('link').allInnerTexts();
  const part = (page: Page, label: 'Ngày' | 'Tháng' | 'Năm') => page.getByLabel(label, { exact: true });

  it('takes the date of birth as three fields; errors in a summary that links to each field, and beside it', async () => {
    const page = await open('/');
    await shots(page, 'h5-01-form');
    // GOV.UK's date input: text fields with numeric keyboards and the browser's birthday autofill.
    for (const [label, name] of [
      ['Ngày', 'day'],
      ['Tháng', 'month'],
      ['Năm', 'year'],
    ] as const) {
      const f = part(page, label);
      expect(await f.getAttribute('type')).toBe('text');
      expect(await f.getAttribute('inputmode')).toBe('numeric');
      expect(await f.getAttribute('autocomplete')).toBe(`bday-${name}`);
    }
    expect(await page.locator('input[type=date]').count()).toBe(0);
    await expect(seen(page.locator('fieldset.date-field legend'))).resolves.toBe('Ngày sinh của học sinh');
    await expect(seen(page.locator('#dob-hint'))).resolves.toBe('Ví dụ: 27 3 2012');
    const before = g!.requests.length;

    // Nothing typed: both fields in the summary, which takes the focus; each link focuses its field.
    await submit(page);
    await summary(page).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'error-summary',
    );
    expect(await summaryLinks(page)).toEqual([
      'Nhập mã số tra cứu in trên học bạ.',
      'Nhập ngày sinh của học sinh.',
    ]);
    await expect(seen(page.locator('#code-error'))).resolves.toContain('Nhập mã số tra cứu in trên học bạ.');
    await expect(seen(page.locator('#dob-error'))).resolves.toContain('Nhập ngày sinh của học sinh.');
    await shots(page, 'h5-02-errors-empty');
    await summary(page).getByRole('link').nth(1).click();
    expect(await focused(page)).toBe('dob-day');
    await summary(page).getByRole('link').nth(0).click();
    expect(await focused(page)).toBe('code');
    // The page routes on its hash: a link to a field leaves it alone.
    expect(page.url()).toBe(`${world.base}/`);

    // A day that does not exist: only the day is marked, and described by the message.
    await page.getByLabel('Mã số tra cứu').fill(world.seats.valid.code);
    await part(page, 'Ngày').fill('31');
    await part(page, 'Tháng').fill('2');
    await part(page, 'Năm').fill('2014');
    await submit(page);
    expect(await summaryLinks(page)).toEqual(['Ngày sinh phải là một ngày có thật.']);
    expect(await part(page, 'Ngày').getAttribute('aria-invalid')).toBe('true');
    expect(await part(page, 'Tháng').getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator('fieldset.date-field').getAttribute('aria-describedby')).toBe(
      'dob-hint dob-error',
    );
    expect(await page.locator('#code-error').isVisible()).toBe(false);
    expect(await page.getByLabel('Mã số tra cứu').getAttribute('aria-invalid')).toBeNull();
    await shots(page, 'h5-03-error-date');
    await summary(page).getByRole('link').click();
    expect(await focused(page)).toBe('dob-day');

    // A missing month, a two-digit year, a date to come: each names and links its own field.
    const cases: [string, string, string, string, string][] = [
      ['14', '', '2014', 'Ngày sinh phải có tháng', 'dob-month'],
      ['14', '3', '14', 'Năm sinh phải có 4 chữ số, ví dụ 2012.', 'dob-year'],
      ['14', '3', '2100', 'Ngày sinh phải là một ngày trong quá khứ.', 'dob-day'],
      ['14', 'ba', '2014', 'Ngày, tháng và năm sinh chỉ gồm chữ số, ví dụ 27 3 2012.', 'dob-month'],
    ];
    for (const [d, m, y, message, field] of cases) {
      await part(page, 'Ngày').fill(d);
      await part(page, 'Tháng').fill(m);
      await part(page, 'Năm').fill(y);
      await submit(page);
      expect(await summaryLinks(page)).toEqual([message]);
      await summary(page).getByRole('link').click();
      expect(await focused(page)).toBe(field);
    }
    // A typo in the code is caught beside the code field too.
    await page.getByLabel('Mã số tra cứu').fill(`${world.seats.valid.code.slice(0, -1)}`);
    await submit(page);
    expect((await summaryLinks(page))[0]).toBe('Mã số tra cứu gồm 20 kí tự.');
    await expect(seen(page.locator('#code-error'))).resolves.toContain('Mã số tra cứu gồm 20 kí tự.');
    // None of these asked the server anything.
    expect(g!.requests.length).toBe(before);
  });

  it('looks a record up with the date as a parent types it, and lays it out with names, words and signatures', async () => {
    const page = await open('/');
    await lookUp(page, world.seats.valid);
    expect(await verdict(page).getAttribute('data-verdict')).toBe('valid');
    // The summary has gone, and the fields are not marked.
    expect(await summary(page).isVisible()).toBe(false);
    const hb = await seen(page.locator('article.hocba'));
    expect(hb).toContain(SCHOOL_NAME);
    expect(hb).toMatch(/Lớp\s+5A\n/);
    expect(hb).not.toContain('SCH-QN-001');
    expect(hb).toContain('Hoàn thành chương trình tiểu học');
    // What a lookup does not show is personal by rule, not a holder's choice: the page says which.
    expect(hb).toMatch(/\d+ mục là thông tin cá nhân, không công bố khi tra cứu/);
    expect(hb).not.toContain('theo lựa chọn của người giữ học bạ');
    // Confirmation blocks: the homeroom teacher's signature and the principal's, with signer and time.
    const signs = page.locator('.hb-sign');
    expect(await signs.count()).toBeGreaterThanOrEqual(2);
    const homeroom = await seen(page.locator('.hb-sign', { hasText: 'Giáo viên chủ nhiệm' }));
    expect(homeroom).toContain('Đã ký số');
    expect(homeroom).toMatch(/\d{2}\/\d{2}\/2026 \d{2}:\d{2}/);
    const principal = await seen(page.locator('.hb-sign', { hasText: 'Hiệu trưởng' }));
    expect(principal).toContain('Đã ký số');
    expect(principal).toMatch(/\d{2}\/\d{2}\/20\d{2} \d{2}:\d{2}/);
    expect(hb).not.toMatch(/Chữ ký:\s*—/);
    // Nowhere on the page: a record key, a code in capitals, an ISO instant, "trường" for a field.
    const all = await seen(page.locator('main'));
    expect(all).not.toContain('withPermission');
    expect(all).not.toMatch(/\b[A-Z]+_[A-Z0-9_]+\b/);
    expect(all).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(all).not.toMatch(/[Ss]ố trường/);
    await expect(seen(step(page, 'integrity'))).resolves.toMatch(/\d+ mục thông tin/);
    // The ledger's words, each said once in plain words.
    const anchor = await seen(step(page, 'anchor'));
    expect(anchor).toContain('Neo nghĩa là');
    expect(anchor).toContain('Sổ cái được ghi thành các khối');
    expect(anchor).toContain('Mã giao dịch (mã băm) là');
    expect(anchor).toMatch(/Thời điểm neo\s+\d{2}\/\d{2}\/20\d{2} \d{2}:\d{2}/);
    await shots(page, 'h5-04-result');

    // A Circular 22 record: absences in words, the reason of its batch's recall in words.
    await page.goto(`${world.base}/`);
    await lookUp(page, world.seats.recalled);
    const c22 = await seen(page.locator('main'));
    // Circular 22's ten columns fit a laptop's width: the year's averages need no sideways scrolling.
    expect(
      await page.locator('.hb-subjects .scroll').evaluate((e) => e.scrollWidth - e.clientWidth),
    ).toBeLessThanOrEqual(0);
    expect(c22).toMatch(/Nghỉ có phép\s+3 buổi/);
    expect(c22).toMatch(/Nghỉ không phép\s+1 buổi/);
    expect(c22).not.toContain('withPermission');
    expect(c22).not.toMatch(/\b[A-Z]+_[A-Z0-9_]+\b/);
    expect(c22).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    await shots(page, 'h5-05-recalled');
  });

  it('checks a file offline, then its ledger and status steps online on request, recomputed in the page', async () => {
    const seat = world.seats.revoked;
    const answer = (await (await fetch(`${world.base}/v1/verify/${seat.code}?dob=${seat.dob}`)).json()) as {
      bundle: { manifest: { batchId: string }; inclusion: { leafIndex: number } };
    };
    const file = join(tmpdir(), `hocba-online-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(answer.bundle));
    const page = await open('/#tep');
    await anchorsLoaded(page);
    await page.locator('input[type=file]').setInputFiles(file);
    await verdict(page).waitFor();
    expect(await verdict(page).getAttribute('data-verdict')).toBe('incomplete');
    await shots(page, 'h5-06-file-offline');
    const before = g!.requests.length;
    await page.getByRole('button', { name: 'Kiểm tra trên sổ cái (trực tuyến)' }).click();
    await page.getByTestId('online-done').waitFor();
    // One request, naming the batch and the leaf only; the answer's facts show the revocation.
    const { batchId } = answer.bundle.manifest;
    expect(g!.requests.slice(before)).toEqual([
      `${world.base}/v1/verify/ledger/${batchId}/${answer.bundle.inclusion.leafIndex}`,
    ]);
    expect(await verdict(page).getAttribute('data-failed')).toBe('status:STATUS_REVOKED');
    expect(await outcomes(page)).toEqual([
      'integrity:pass',
      'inclusion:pass',
      'anchor:pass',
      'signature:pass',
      'signer:pass',
      'status:fail',
    ]);
    await expect(seen(verdict(page))).resolves.toContain('Điều chỉnh thông tin học bạ');
    expect(await page.getByRole('button', { name: 'Kiểm tra trên sổ cái (trực tuyến)' }).count()).toBe(0);
    await shots(page, 'h5-07-file-online');

    // A valid record's file: every step passes once online.
    const valid = world.seats.valid;
    const ok = (await (await fetch(`${world.base}/v1/verify/${valid.code}?dob=${valid.dob}`)).json()) as {
      bundle: unknown;
    };
    // Another file name: picking the same one again is no change for the input.
    const second = join(tmpdir(), `hocba-online-valid-${process.pid}.json`);
    writeFileSync(second, JSON.stringify(ok.bundle));
    await page.locator('input[type=file]').setInputFiles(second);
    await page.getByRole('button', { name: 'Kiểm tra trên sổ cái (trực tuyến)' }).click();
    await page.getByTestId('online-done').waitFor();
    expect(await verdict(page).getAttribute('data-verdict')).toBe('valid');

    // A file naming a batch the ledger does not have: said in words, and the button stays to try again.
    const stray = structuredClone(ok.bundle) as { manifest: { batchId: string } };
    stray.manifest.batchId = 'KHONG-CO-LO-NAY';
    const third = join(tmpdir(), `hocba-online-stray-${process.pid}.json`);
    writeFileSync(third, JSON.stringify(stray));
    await page.locator('input[type=file]').setInputFiles(third);
    const again = page.getByRole('button', { name: 'Kiểm tra trên sổ cái (trực tuyến)' });
    await again.click();
    await page.getByText('Sổ cái không có lô học bạ mà tệp nêu.').waitFor();
    expect(await again.isEnabled()).toBe(true);
    expect(await page.getByTestId('online-done').count()).toBe(0);
  });

  it('prints the record on A4 with its lookup code and content fingerprint, not the form or the steps', async () => {
    const { code, dob } = world.seats.valid;
    // The fingerprint the record model computes from the bundle's fields alone: the PDF prints the same.
    const { bundle } = (await (await fetch(`${world.base}/v1/verify/${code}?dob=${dob}`)).json()) as {
      bundle: { disclosure: { fields: { pointer: string; value: unknown }[]; hidden: string[] } };
    };
    const fingerprint = layoutFingerprint(
      layoutHocBa(recordFromFields(bundle.disclosure.fields), {
        hiddenFields: bundle.disclosure.hidden.length,
      }),
    );
    const page = await open('/');
    await lookUp(page, world.seats.valid);
    expect(await page.locator('article.hocba').getAttribute('data-fingerprint')).toBe(fingerprint);
    await expect(seen(page.locator('.hb-foot'))).resolves.toMatch(
      new RegExp(`Mã nội dung\\s+${fingerprint}`),
    );
    const printed = await printPage(page, 'h5-08-print');
    console.info(`printed lookup page: ${printed.pages} A4 page(s)`);
    expect(printed.pages).toBeLessThanOrEqual(2);
    expect(printed.text).toContain('HỌC BẠ');
    expect(printed.text).toContain(SCHOOL_NAME);
    expect(printed.text).toContain(formatLookupCode(world.seats.valid.code));
    expect(printed.text).toMatch(new RegExp(`Mã nội dung\\s+${fingerprint}`));
    expect(printed.text).toContain('Đã ký số');
    for (const ui of [
      'Tra cứu và xác minh',
      'Các bước xác minh',
      'Kiểm tra tệp',
      'Ví dụ: 27 3 2012',
      'English',
    ])
      expect(printed.text).not.toContain(ui);
    await page.emulateMedia({ media: 'print' });
    await shots(page, 'h5-09-print-media');
  });
});

describe('the gateway serving the portal', () => {
  it('has no serious or critical accessibility violation (axe-core, WCAG 2 A and AA) in its views', async () => {
    const page = await open('/');
    const violations = (view: string) => axeViolations(page, view);
    const found = [...(await violations('lookup form'))];
    // The form with its error summary and its fields marked.
    await page.getByRole('button', { name: 'Tra cứu và xác minh' }).click();
    await page.getByTestId('error-summary').waitFor();
    found.push(...(await violations('lookup form with errors')));
    await lookUp(page, world.seats.revoked);
    found.push(...(await violations('revoked record')));
    await page.goto(`${world.base}/#tep`);
    found.push(...(await violations('verify a file')));
    await page.goto(`${world.base}/#cua-toi`);
    found.push(...(await violations('my records')));
    await page.goto(`${world.base}/`);
    await lookUp(page, world.seats.valid);
    found.push(...(await violations('valid record')));
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(seen(verdict(page))).resolves.toContain('Valid record');
    found.push(...(await violations('valid record, English')));
    expect(found).toEqual([]);
  });

  it('serves the page at / and /{code} under a strict CSP, its assets immutable, and keeps JSON 404s for the API', async () => {
    for (const path of ['/', `/${world.seats.valid.code}`]) {
      const res = await fetch(`${world.base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'self'");
      const html = await res.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
      const js = await fetch(`${world.base}${asset}`);
      expect(js.status).toBe(200);
      expect(js.headers.get('cache-control')).toContain('immutable');
    }
    const api = await fetch(`${world.base}/v1/nothing-here`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const anchors = (await (await fetch(`${world.base}/trust-anchors.json`)).json()) as {
      trustAnchors: string[];
    };
    expect(anchors.trustAnchors.length).toBeGreaterThan(0);
    expect(anchors.trustAnchors[0]).toContain('BEGIN CERTIFICATE');
  });

  it('answers a lookup with what the browser needs to recompute the report: the ledger facts and the roots', async () => {
    const { code, dob } = world.seats.superseded;
    const body = (await (await fetch(`${world.base}/v1/verify/${code}?dob=${dob}`)).json()) as {
      ledger: { anchor: { found: boolean; state: string; blockNumber: number }; trustAnchors: string[] };
      replacement?: { lookupCode: string };
    };
    expect(body.ledger.anchor).toMatchObject({ found: true, state: 'replaced' });
    expect(body.ledger.anchor.blockNumber).toBeGreaterThan(0);
    expect(body.ledger.trustAnchors.length).toBeGreaterThan(0);
    expect(body.replacement).toEqual({ lookupCode: world.seats.replacement.code });
    const valid = (await (
      await fetch(`${world.base}/v1/verify/${world.seats.valid.code}?dob=${world.seats.valid.dob}`)
    ).json()) as Record<string, unknown>;
    expect(valid).not.toHaveProperty('replacement');
  });
});
