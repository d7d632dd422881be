/**
 * Issue 15's "Done when", end to end on the demo of `npm start` (documents-demo.ts): the principal of Kim
 * Đồng downloads the full học bạ of an anchored pupil and the student account its own extract of a few
 * fields; the real `hocba verify` says valid online (exit 0) and, offline, names what it could and could not
 * check (exit 2); the QR code decoded from each PDF's rendered first page is `<gateway>/<lookupCode>`, and
 * that URL, opened in Chromium with the pupil's date of birth typed in, verifies the record as valid. Pages
 * and the lookup page are kept as test/artifacts/e2e-*.png, to be looked at.
 */
import { join } from 'node:path';
import { formatLookupCode } from '@hocba/gateway';
import { layoutFingerprint, layoutHocBa, recordFromFields } from '@hocba/records';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, fillDob, guardedPage, launch } from './chromium.ts';
import {
  type DemoServer,
  decodeQr,
  hocbaVerify,
  pdfText,
  printedFingerprints,
  renderFirstPage,
  savePdf,
  squeeze,
  startDemo,
} from './documents-demo.ts';

const DEMO_PASSWORD = 'hocba-demo-2026';
/** What the pupil chose to show: name, school year, level and subjects' results; not the citizen id. */
const CHOSEN = ['/biography/fullName', '/schoolYear', '/level', '/grade', '/results/subjects'];

interface Issued {
  who: 'principal' | 'student' | 'public-view';
  recordId: string;
  lookupCode: string;
  dob: string;
  pdf: string;
  text: string;
  png: string;
}

let demo: DemoServer;
let browser: Browser;
const issued: Partial<Record<Issued['who'], Issued>> = {};
const statuses: number[] = [];

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launch()]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
});

async function api(path: string, o: { token?: string; body?: object } = {}) {
  const res = await fetch(`${demo.url}${path}`, {
    method: o.body ? 'POST' : 'GET',
    headers: {
      ...(o.token && { authorization: `Bearer ${o.token}` }),
      ...(o.body && { 'content-type': 'application/json' }),
    },
    ...(o.body && { body: JSON.stringify(o.body) }),
  });
  statuses.push(res.status);
  return res;
}

async function login(name: string): Promise<string> {
  const res = await api('/v1/auth/login', { body: { login: name, password: DEMO_PASSWORD } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** The PDF answer saved and read: its text (pdftotext) and first page (pdftoppm). */
async function keep(res: Response, who: Issued['who'], rest: Omit<Issued, 'pdf' | 'text' | 'png' | 'who'>) {
  expect(res.status, res.status === 200 ? '' : await res.text()).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  const pdf = savePdf(bytes, who);
  const doc: Issued = { who, ...rest, pdf, text: pdfText(pdf), png: renderFirstPage(pdf, `${who}-page1`) };
  issued[who] = doc;
  return doc;
}

const doc = (who: Issued['who']) => {
  const d = issued[who];
  if (!d) throw new Error(`no ${who} PDF: its download test failed`);
  return d;
};

/** The public lookup's bundle and the content code the page lays out from it (what the page must show). */
async function publicFingerprint(d: Issued) {
  const res = await api(`/v1/verify/${d.lookupCode}?dob=${d.dob}`);
  expect(res.status).toBe(200);
  const { bundle } = (await res.json()) as {
    bundle: { disclosure: { fields: { pointer: string; value: unknown }[]; hidden: string[] } };
  };
  return layoutFingerprint(
    layoutHocBa(recordFromFields(bundle.disclosure.fields), {
      hiddenFields: bundle.disclosure.hidden.length,
    }),
  );
}

/**
 * Opens the URL of the QR code on the PDF's first page in Chromium, types the date of birth as a parent
 * would (7, not 07) and waits for the verdict, which must be valid; screenshots the page; the content code
 * it shows.
 */
async function lookUpFromQr(d: Issued): Promise<string> {
  const url = decodeQr(d.png);
  expect(url).toBe(`${demo.url}/${d.lookupCode}`);
  const g = await guardedPage(browser, demo.url);
  const errors: string[] = [];
  g.page.on('pageerror', (e) => errors.push(String(e)));
  let shown: string | null;
  try {
    const page: Page = g.page;
    await page.goto(url!);
    // The code comes from the QR code: shown, not typed.
    expect(await page.locator('#code').inputValue()).toBe(formatLookupCode(d.lookupCode));
    await fillDob(page, d.dob);
    await page.getByRole('button', { name: 'Tra cứu và xác minh' }).click();
    await page.locator('.verdict').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, `e2e-lookup-${d.who}.png`), fullPage: true });
    expect(await page.locator('.verdict').getAttribute('data-verdict')).toBe('valid');
    expect(await page.locator('.verdict').innerText()).toContain('Học bạ hợp lệ');
    // The confirmation blocks name the homeroom teacher and the principal, as the PDF does (the demo's seed).
    const record = (await page.locator('article.hocba').innerText()).normalize('NFC');
    expect(record).toContain('Vũ Thị Lan Hương');
    expect(record).toContain('Nguyễn Văn Khải');
    expect(record).not.toContain('Chưa có tên trong dữ liệu tra cứu');
    shown = await page.locator('article.hocba').getAttribute('data-fingerprint');
    expect(await page.locator('.hb-foot').innerText()).toMatch(new RegExp(`Mã nội dung\\s+${shown}`));
  } finally {
    await g.context.close();
  }
  expect(g.foreign).toEqual([]);
  expect(errors).toEqual([]);
  return shown!;
}

describe('issue 15 from the demo: PDFs, hocba verify, the QR code to the lookup page', () => {
  it('the principal downloads the full học bạ of an anchored pupil of 5A', async () => {
    const token = await login('hieutruong.kimdong');
    const cls = await api(`/v1/classes/${demo.anchoredClassId}/records`, { token });
    expect(cls.status).toBe(200);
    const { records } = (await cls.json()) as {
      records: { recordId: string | null; state: string | null }[];
    };
    const locked = records.filter((r) => r.state === 'locked' && r.recordId).map((r) => r.recordId!);
    expect(locked.length).toBe(4);
    // The second pupil: the student account is the first, so the two PDFs are of two records.
    const recordId = locked.sort()[1]!;
    const rec = await api(`/v1/records/${recordId}`, { token });
    expect(rec.status).toBe(200);
    const view = (await rec.json()) as { lookupCode: string; record: { biography: { dateOfBirth: string } } };
    const d = await keep(
      await api(`/v1/records/${recordId}/documents`, { token, body: { kind: 'full' } }),
      'principal',
      { recordId, lookupCode: view.lookupCode, dob: view.record.biography.dateOfBirth },
    );
    expect(d.text).toContain('Trường Tiểu học Kim Đồng');
    expect(d.text).toContain(formatLookupCode(d.lookupCode));
    expect(printedFingerprints(d.text)).toHaveLength(1);
  });

  it('the student downloads their own extract of a few fields, without the citizen id', async () => {
    const token = await login('hs.kimdong.5a.01');
    const mine = await api('/v1/me/records', { token });
    expect(mine.status).toBe(200);
    const { records } = (await mine.json()) as {
      records: {
        recordId: string;
        record: {
          lookupCode: string;
          nationalId: string;
          biography: { fullName: string; dateOfBirth: string };
        };
      }[];
    };
    expect(records).toHaveLength(1);
    const own = records[0]!;
    const d = await keep(
      await api(`/v1/me/records/${own.recordId}/documents`, { token, body: { pointers: CHOSEN } }),
      'student',
      { recordId: own.recordId, lookupCode: own.record.lookupCode, dob: own.record.biography.dateOfBirth },
    );
    expect(d.text.normalize('NFC')).toContain(own.record.biography.fullName.normalize('NFC'));
    // The subjects' results chosen are printed (their table), the citizen id not.
    expect(d.text).toContain('CÁC MÔN HỌC VÀ HOẠT ĐỘNG GIÁO DỤC');
    expect(d.text).toContain('Tiếng Việt');
    expect(d.text).not.toContain(own.record.nationalId);
    expect(d.text).not.toContain(own.record.biography.dateOfBirth.split('-').reverse().join('/'));
    expect(printedFingerprints(d.text)).toHaveLength(1);
  });

  for (const who of ['principal', 'student'] as const) {
    it(`hocba verify on the ${who}'s PDF: valid online (exit 0); offline it says what it could not check (exit 2)`, async () => {
      const d = doc(who);
      const online = await hocbaVerify([d.pdf, '--online', demo.url]);
      expect(online.code, online.stdout + online.stderr).toBe(0);
      expect(online.stdout).toContain('Học bạ hợp lệ');
      expect(online.stdout).toContain(`Đối chiếu trực tuyến với sổ cái qua ${demo.url}`);
      expect(online.stdout).not.toContain('Chưa kiểm tra được');
      expect(online.stdout).toContain('7. Nội dung in khớp tệp đính kèm');

      const offline = await hocbaVerify([d.pdf]);
      expect(offline.code, offline.stdout + offline.stderr).toBe(2);
      expect(offline.stdout).toContain('Chưa xác minh đầy đủ');
      expect(offline.stdout).toContain('Kiểm tra ngoại tuyến');
      const line = (label: string) => offline.stdout.split('\n').find((l) => l.includes(label)) ?? '';
      // What a file alone proves…
      for (const done of [
        '1. Nội dung không bị thay đổi',
        '2. Thuộc lô học bạ đã chốt',
        '4. Chữ ký số của thủ trưởng',
        '7. Nội dung in khớp tệp đính kèm',
      ])
        expect(line(done), done).toContain('Đạt');
      // …and what it cannot: the ledger, the certificate's registration, the status.
      for (const open of ['3. Đã neo trên sổ cái', '5. Chứng thư số được Sở đăng ký', '6. Còn hiệu lực'])
        expect(line(open), open).toContain('Chưa kiểm tra được');
    });
  }

  it('hocba verify --json: the outcome, the six steps passed and the printed content matching', async () => {
    const d = doc('student');
    const run = await hocbaVerify([d.pdf, '--online', demo.url, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout) as {
      kind: string;
      mode: string;
      lookupCode?: string;
      outcome: string;
      exitCode: number;
      report: { verdict: string; steps: { step: string; outcome: string }[] };
      visible: { outcome: string; printed?: string[]; computed?: string };
    };
    expect(r).toMatchObject({ kind: 'pdf', mode: 'online', outcome: 'valid', exitCode: 0 });
    expect(r.report.verdict).toBe('valid');
    expect(r.report.steps.map((s) => `${s.step}:${s.outcome}`)).toEqual([
      'integrity:pass',
      'inclusion:pass',
      'anchor:pass',
      'signature:pass',
      'signer:pass',
      'status:pass',
    ]);
    expect(r.visible.outcome).toBe('pass');
  });

  for (const who of ['principal', 'student'] as const) {
    it(`the QR code on the ${who}'s first page opens the lookup page, which verifies the record`, async () => {
      const d = doc(who);
      const shown = await lookUpFromQr(d);
      // The page's code names what the page shows: the public disclosure, the biography withheld.
      expect(shown).toBe(await publicFingerprint(d));
      // This PDF shows the pupil's name, so its code names other content: comparing the two codes would
      // fail a genuine PDF, and the PDF must not tell its reader to (hocba verify checks its own code).
      expect(printedFingerprints(d.text)).not.toContain(shown);
      expect(squeeze(d.text)).not.toContain('trang tra cứu và lệnh đó phải hiện đúng mã nội dung');
      expect(squeeze(d.text)).toContain('mã nội dung của trang có thể khác mã trên');
    });
  }

  it('a PDF that shows what the public lookup shows prints the code the lookup page shows', async () => {
    const d = doc('student');
    const token = await login('hs.kimdong.5a.01');
    const res = await api(`/v1/verify/${d.lookupCode}?dob=${d.dob}`);
    const { bundle } = (await res.json()) as { bundle: { disclosure: { fields: { pointer: string }[] } } };
    const pointers = bundle.disclosure.fields.map((f) => f.pointer);
    const same = await keep(
      await api(`/v1/me/records/${d.recordId}/documents`, { token, body: { pointers } }),
      'public-view',
      { recordId: d.recordId, lookupCode: d.lookupCode, dob: d.dob },
    );
    const printed = printedFingerprints(same.text);
    expect(printed).toEqual([await publicFingerprint(d)]);
    expect(await lookUpFromQr(same)).toBe(printed[0]);
  });
});
