/**
 * `hocba verify` as a user runs it: the real bin as a child process, online against a gateway on the
 * embedded ledger and offline, on a valid, a tampered, a revoked, a replaced and a corrected record, on PDFs
 * with and without the bundle attached, and on a folder with its CSV summary. Each case asserts the exit
 * code (0 valid, 1 invalid, 2 undecided, 3 usage or input error) and what is printed.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { derToPem } from '@hocba/integrity';
import { generateKeys, makeCert } from '@hocba/integrity/testing/fixtures/pki.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';
import {
  type Fixture,
  fingerprintOf,
  hocba,
  hocbaPdf,
  makeFixture,
  makePdf,
  parseCsv,
  write,
} from './fixtures.ts';

/** main() with its output captured: the usage cases, without a process each. */
async function inProcess(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});
afterAll(async () => {
  await f?.close();
});

interface JsonResult {
  outcome: string;
  exitCode: number;
  lookupCode?: string;
  batchId?: string;
  leafIndex?: number;
  error?: { code: string };
  report?: {
    verdict: string;
    steps: { step: string; outcome: string; code: string; message: { vi: string } }[];
  };
}
const steps = (r: JsonResult) =>
  Object.fromEntries(r.report!.steps.map((s) => [s.step, `${s.outcome}:${s.code}`]));
const failing = (r: JsonResult) =>
  r.report!.steps.filter((s) => s.outcome === 'fail').map((s) => `${s.step}:${s.code}`);

/** A bundle whose Toán test score was changed after the lock. */
function tampered(b: object): object {
  const t = structuredClone(b) as { disclosure: { fields: { pointer: string; value: unknown }[] } };
  const mark = t.disclosure.fields.find((x) => x.pointer === '/results/subjects/TOAN/testScore');
  if (!mark || typeof mark.value !== 'number') throw new Error('fixture: no Toán test score');
  mark.value = mark.value === 10 ? 9 : 10;
  return t;
}

describe('one bundle, online', () => {
  it('a valid record: exit 0, the six steps passed, in Vietnamese', async () => {
    const file = await write(f.dir, 'valid.json', f.klass.bundleFor(0));
    const run = await hocba('verify', file, '--online', f.gateway);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Kết luận: Học bạ hợp lệ');
    for (const label of [
      '✓ 1. Nội dung không bị thay đổi — Đạt',
      '✓ 2. Thuộc lô học bạ đã chốt — Đạt',
      '✓ 3. Đã neo trên sổ cái — Đạt',
      '✓ 4. Chữ ký số của thủ trưởng — Đạt',
      '✓ 5. Chứng thư số được Sở đăng ký — Đạt',
      '✓ 6. Còn hiệu lực — Đạt',
    ])
      expect(run.stdout).toContain(label);
    // integrity's own reason under each step, and where the record sits.
    expect(run.stdout).toContain('Nội dung học bạ không bị thay đổi');
    // Its instants in Vietnam's time, never ISO.
    expect(run.stdout).toMatch(/ký lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\)/);
    expect(run.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    expect(run.stdout).toContain(`Lô: ${f.klass.batchId}, vị trí 1`);
    expect(run.stdout).toContain('Mã số tra cứu: 7KQ2M9XH4TRB8WNC0');
  });

  it('a changed mark: exit 1, the integrity step failed (JSON, English)', async () => {
    const file = await write(f.dir, 'tampered.json', tampered(f.klass.bundleFor(1)));
    const run = await hocba('verify', file, '--online', f.gateway, '--json', '--lang', 'en');
    expect(run.code).toBe(1);
    const r = JSON.parse(run.stdout) as JsonResult;
    expect(r).toMatchObject({ outcome: 'invalid', exitCode: 1, batchId: f.klass.batchId, leafIndex: 1 });
    expect(failing(r)).toEqual(['integrity:INTEGRITY_LEAF_MISMATCH']);
    const text = await hocba('verify', file, '--online', f.gateway, '--lang', 'en');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('✗ 1. Content unchanged — Failed');
    expect(text.stdout).toContain('Verdict: Record NOT valid');
  });

  it('a revoked record: exit 1, status STATUS_REVOKED', async () => {
    const file = await write(f.dir, 'revoked.json', f.klass.bundleFor(3));
    const run = await hocba('verify', file, '--online', f.gateway, '--json');
    expect(run.code).toBe(1);
    expect(failing(JSON.parse(run.stdout))).toEqual(['status:STATUS_REVOKED']);
  });

  it('a record of a replaced batch, and a corrected record: exit 1, superseded / corrected', async () => {
    const replaced = await write(f.dir, 'replaced.json', f.replaced.bundleFor(1));
    const corrected = await write(f.dir, 'corrected.json', f.klass.bundleFor(4));
    const [a, b] = await Promise.all([
      hocba('verify', replaced, '--online', f.gateway, '--json'),
      hocba('verify', corrected, '--online', f.gateway, '--json'),
    ]);
    expect([a.code, b.code]).toEqual([1, 1]);
    expect(failing(JSON.parse(a.stdout))).toEqual(['status:STATUS_SUPERSEDED']);
    expect(failing(JSON.parse(b.stdout))).toEqual(['status:STATUS_CORRECTED']);
  });

  it('roots given with --trust-anchors are the ones trusted, online too: a stranger root fails the signer step', async () => {
    const stranger = await makeCert({
      name: 'C=VN, CN=Not the Ministry',
      keys: await generateKeys('EC'),
      ca: true,
    });
    const roots = await write(f.dir, 'stranger.pem', derToPem(stranger.der, 'CERTIFICATE'));
    const file = await write(f.dir, 'valid-3.json', f.klass.bundleFor(0));
    const run = await hocba('verify', file, '--online', f.gateway, '--trust-anchors', roots, '--json');
    expect(run.code).toBe(1);
    expect(failing(JSON.parse(run.stdout))).toEqual(['signer:CERT_CHAIN_UNTRUSTED']);
  });

  it('a batch the ledger does not have: exit 1, ANCHOR_NOT_FOUND', async () => {
    const file = await write(f.dir, 'unanchored.json', f.unanchored.bundleFor(0));
    const run = await hocba('verify', file, '--online', f.gateway, '--json');
    expect(run.code).toBe(1);
    expect(steps(JSON.parse(run.stdout)).anchor).toBe('fail:ANCHOR_NOT_FOUND');
  });

  it('a gateway that does not answer: exit 3, GATEWAY_UNREACHABLE', async () => {
    const file = await write(f.dir, 'valid-2.json', f.klass.bundleFor(2));
    // Port 9 (discard) on this host: nothing listens there.
    const run = await hocba('verify', file, '--online', 'http://127.0.0.1:9', '--json');
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({
      outcome: 'error',
      error: { code: 'GATEWAY_UNREACHABLE' },
    });
  });
});

describe('offline', () => {
  it('with the trust anchors: exit 2, content, inclusion, signature and chain checked, the ledger steps unknown', async () => {
    const file = await write(f.dir, 'offline.json', f.klass.bundleFor(0));
    const roots = await write(f.dir, 'roots.pem', f.trustAnchorsPem);
    const run = await hocba('verify', file, '--trust-anchors', roots, '--json');
    expect(run.code).toBe(2);
    const r = JSON.parse(run.stdout) as JsonResult;
    expect(r.outcome).toBe('incomplete');
    expect(steps(r)).toEqual({
      integrity: 'pass:OK',
      inclusion: 'pass:OK',
      anchor: 'unknown:ANCHOR_UNAVAILABLE',
      signature: 'pass:OK',
      // The chain to the root was checked; the registration on chain could not be.
      signer: 'unknown:SIGNER_REGISTRATION_UNAVAILABLE',
      status: 'unknown:STATUS_UNAVAILABLE',
    });
    const text = await hocba('verify', file, '--trust-anchors', roots);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('Kiểm tra ngoại tuyến');
    expect(text.stdout).toContain('? 3. Đã neo trên sổ cái — Chưa kiểm tra được');
    expect(text.stdout).toContain('Kết luận: Chưa xác minh đầy đủ');
  });

  it('without trust anchors: exit 2, the signer step says it had no roots rather than failing', async () => {
    const run = await hocba('verify', join(f.dir, 'offline.json'), '--json');
    expect(run.code).toBe(2);
    const r = JSON.parse(run.stdout) as JsonResult;
    expect(steps(r).signer).toBe('unknown:TRUST_ANCHORS_MISSING');
    expect(r.report!.steps.find((s) => s.step === 'signer')!.message.vi).toContain('chứng thư gốc tin cậy');
  });

  it('a tampered bundle is invalid offline too: exit 1', async () => {
    const run = await hocba('verify', join(f.dir, 'tampered.json'));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ 1. Nội dung không bị thay đổi — Không đạt');
  });
});

describe('PDFs', () => {
  it('a PDF with the bundle attached and its fingerprint printed: exit 0 online, seven checks passed', async () => {
    const bundle = f.klass.bundleFor(5);
    const file = await write(f.dir, 'hocba.pdf', await hocbaPdf(bundle));
    const run = await hocba('verify', file, '--online', f.gateway, '--json');
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r).toMatchObject({ kind: 'pdf', outcome: 'valid', leafIndex: 5 });
    expect(r.visible).toMatchObject({
      outcome: 'pass',
      code: 'OK',
      details: { computed: fingerprintOf(bundle), printed: [fingerprintOf(bundle)] },
    });
    const text = await hocba('verify', file, '--online', f.gateway);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      '✓ 7. Nội dung in khớp tệp đính kèm (các dòng lý lịch, kết quả, nhận xét, quyết định; mã nội dung) — Đạt',
    );
  });

  it('a PDF whose pages show another record than the attachment: exit 1, the visible content check failed', async () => {
    // The pages of record 0 (its fingerprint printed) over the attachment of record 5: each is genuine alone.
    const file = await write(
      f.dir,
      'swapped.pdf',
      await hocbaPdf(f.klass.bundleFor(5), { shown: f.klass.bundleFor(0) }),
    );
    const run = await hocba('verify', file, '--online', f.gateway, '--json');
    expect(run.code).toBe(1);
    const r = JSON.parse(run.stdout);
    // The attachment itself is valid: only what the pages show is not it.
    expect(failing(r)).toEqual([]);
    // The rows naming the record differ (its id, the pupil), and the check says which.
    expect(r.visible).toMatchObject({ outcome: 'fail', code: 'PRINTED_ROW_MISMATCH' });
    expect(r.visible.details.rowsDiffering.map((d: { row: string }) => d.row)).toContain('Mã học bạ');
    const text = await hocba('verify', file, '--online', f.gateway);
    expect(text.stdout).toContain(
      '✗ 7. Nội dung in khớp tệp đính kèm (các dòng lý lịch, kết quả, nhận xét, quyết định; mã nội dung) — Không đạt',
    );
    expect(text.stdout).toContain('Kết luận: Học bạ KHÔNG hợp lệ');
  });

  it('a PDF that prints the rows but no fingerprint: exit 2 even online, the page does not say what it shows', async () => {
    const file = await write(f.dir, 'plain.pdf', await hocbaPdf(f.klass.bundleFor(5), { fingerprint: null }));
    const run = await hocba('verify', file, '--online', f.gateway, '--json');
    expect(run.code).toBe(2);
    const r = JSON.parse(run.stdout);
    expect(r.report.steps.every((s: { outcome: string }) => s.outcome === 'pass')).toBe(true);
    expect(r.visible).toMatchObject({
      outcome: 'unknown',
      code: 'LAYOUT_FINGERPRINT_ABSENT',
      details: { rowsDiffering: [] },
    });
  });

  it('a PDF that prints nothing of its attachment: exit 1, every row said missing', async () => {
    const bundle = JSON.stringify(f.klass.bundleFor(5));
    const file = await write(
      f.dir,
      'blank.pdf',
      await makePdf('Học bạ', { name: 'hocba-bundle.json', content: bundle }),
    );
    const run = await hocba('verify', file, '--online', f.gateway, '--json');
    expect(run.code).toBe(1);
    const r = JSON.parse(run.stdout);
    expect(r.visible).toMatchObject({ outcome: 'fail', code: 'PRINTED_ROW_MISMATCH' });
    expect(r.visible.details.rowsDiffering).toHaveLength(r.visible.details.rowsChecked);
    expect(r.visible.message.vi).toContain('Dòng Họ và tên: không có trên trang');
  });

  it('a PDF whose attachment was tampered with: exit 1', async () => {
    const bundle = tampered(f.klass.bundleFor(5)) as ReturnType<typeof f.klass.bundleFor>;
    // Printed from the tampered content, so that only the integrity step can tell.
    const file = await write(f.dir, 'hocba-sua.pdf', await hocbaPdf(bundle));
    const run = await hocba('verify', file, '--online', f.gateway, '--json');
    expect(run.code).toBe(1);
    const r = JSON.parse(run.stdout);
    expect(failing(r)).toEqual(['integrity:INTEGRITY_LEAF_MISMATCH']);
    expect(r.visible.outcome).toBe('pass');
  });

  it('a PDF without the attachment (or with another one): exit 3, PDF_NO_BUNDLE, said on stderr', async () => {
    const none = await write(f.dir, 'scan.pdf', await makePdf('Bản chụp học bạ'));
    const other = await write(f.dir, 'other.pdf', await makePdf('x', { name: 'notes.json', content: '{}' }));
    const [a, b] = await Promise.all([hocba('verify', none), hocba('verify', other, '--json')]);
    expect(a.code).toBe(3);
    expect(a.stdout).toBe('');
    expect(a.stderr).toContain('Tệp PDF không đính kèm gói minh chứng');
    expect(b.code).toBe(3);
    expect(JSON.parse(b.stdout).error.code).toBe('PDF_NO_BUNDLE');
  });

  it('a file named .pdf that is not a PDF: exit 3, NOT_A_PDF', async () => {
    const file = await write(f.dir, 'fake.pdf', 'not a pdf at all');
    const run = await hocba('verify', file, '--json');
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout).error.code).toBe('NOT_A_PDF');
  });
});

describe('a folder, with a CSV summary', () => {
  it('checks every .pdf and .json in it, prints a table, writes one CSV row per file, exits with the worst', async () => {
    const { dir } = f;
    const folder = join(dir, 'admissions');
    await write(dir, 'admissions/a-valid.json', f.klass.bundleFor(0));
    await write(dir, 'admissions/b-tampered.json', tampered(f.klass.bundleFor(1)));
    await write(dir, 'admissions/c-revoked.json', f.klass.bundleFor(3));
    await write(dir, 'admissions/d-valid.pdf', await hocbaPdf(f.klass.bundleFor(2)));
    await write(dir, 'admissions/e-scan.pdf', await makePdf('Bản chụp'));
    await write(dir, 'admissions/notes.txt', 'not checked');
    await write(dir, 'admissions/sub/f-valid.json', f.klass.bundleFor(5));
    const csv = join(dir, 'summary.csv');
    const run = await hocba('verify', folder, '--online', f.gateway, '--csv', csv);
    // A record found invalid outranks a file that could not be read.
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines.find((l) => l.includes('a-valid.json'))).toMatch(
      /7KQ2M9XH4TRB8WNC0\s+Học bạ hợp lệ\s+✓✓✓✓✓✓/,
    );
    expect(lines.find((l) => l.includes('b-tampered.json'))).toMatch(/Học bạ KHÔNG hợp lệ\s+✗✓✓✓✓✓/);
    expect(lines.find((l) => l.includes('e-scan.pdf'))).toContain('Không kiểm tra được');
    expect(run.stdout).not.toContain('notes.txt');
    expect(run.stdout).toContain(
      'Tổng hợp (5 tệp): Học bạ hợp lệ: 2 · Học bạ KHÔNG hợp lệ: 2 · Không kiểm tra được: 1',
    );

    const text = await readFile(csv, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows.map((r) => [r.file!.replace(`${folder}/`, ''), r.outcome, r.reasonCode, r.exitCode])).toEqual(
      [
        ['a-valid.json', 'valid', 'OK', '0'],
        ['b-tampered.json', 'invalid', 'INTEGRITY_LEAF_MISMATCH', '1'],
        ['c-revoked.json', 'invalid', 'STATUS_REVOKED', '1'],
        ['d-valid.pdf', 'valid', 'OK', '0'],
        ['e-scan.pdf', 'error', 'PDF_NO_BUNDLE', '3'],
      ],
    );
    expect(rows[3]).toMatchObject({ visible: 'pass' });
    expect(rows[0]).toMatchObject({
      visible: '',
      lookupCode: '7KQ2M9XH4TRB8WNC0',
      batchId: f.klass.batchId,
      leafIndex: '0',
      integrity: 'pass',
      anchor: 'pass',
      status: 'pass',
    });
    expect(rows[2]).toMatchObject({ status: 'fail', reason: expect.stringContaining('thu hồi') });

    // --recursive reaches the subfolder.
    const deep = await hocba('verify', folder, '--online', f.gateway, '--recursive', '--json');
    expect(deep.code).toBe(1);
    expect(
      JSON.parse(deep.stdout).results.map((r: { file: string }) => r.file.replace(`${folder}/`, '')),
    ).toContain('sub/f-valid.json');
  });

  it('a folder of valid records online exits 0; offline, 2', async () => {
    const folder = join(f.dir, 'good');
    await write(f.dir, 'good/1.json', f.klass.bundleFor(0));
    await write(f.dir, 'good/2.json', f.klass.bundleFor(2));
    const [online, offline] = await Promise.all([
      hocba('verify', folder, '--online', f.gateway),
      hocba('verify', folder),
    ]);
    expect(online.code).toBe(0);
    expect(offline.code).toBe(2);
    expect(offline.stdout).toContain('Tổng hợp (2 tệp): Chưa xác minh đầy đủ: 2');
  });
});

describe('usage', () => {
  it('--help lists the exit codes: exit 0', async () => {
    const run = await hocba('--help');
    expect(run.code).toBe(0);
    for (const line of [
      '0  hợp lệ',
      '1  không hợp lệ',
      '2  chưa kết luận được',
      '3  lỗi cách dùng',
      '0  valid',
      '3  usage',
    ])
      expect(run.stdout).toContain(line);
  });

  it.each([
    [[], 'USAGE'],
    [['verify'], 'USAGE'],
    [['check', 'x.json'], 'USAGE'],
    [['verify', 'x.json', '--lang', 'fr'], 'USAGE'],
    [['verify', 'x.json', '--online', 'ftp://example'], 'USAGE'],
    [['verify', 'x.json', '--bogus'], 'USAGE'],
    [['verify', '/no/such/file.json'], 'FILE_NOT_FOUND'],
  ])('%j: exit 3, %s (in process: main() is what the bin runs)', async (args, code) => {
    const run = await inProcess(...args);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`[${code}]`);
  });

  it('a JSON file that is not a bundle, an empty folder, a bad trust anchors file, a CSV path that cannot be written: exit 3 with their codes', async () => {
    const notBundle = await write(f.dir, 'not-bundle.json', { hello: 'world' });
    await write(f.dir, 'empty/readme.txt', 'nothing');
    const badRoots = await write(f.dir, 'bad.pem', 'not a certificate');
    const a = await inProcess('verify', notBundle, '--json');
    const b = await inProcess('verify', join(f.dir, 'empty'));
    const c = await inProcess('verify', join(f.dir, 'offline.json'), '--trust-anchors', badRoots);
    expect([a.code, b.code, c.code]).toEqual([3, 3, 3]);
    expect(JSON.parse(a.stdout).error.code).toBe('NOT_A_BUNDLE');
    expect(b.stderr).toContain('[FOLDER_EMPTY]');
    expect(c.stderr).toContain('[TRUST_ANCHORS_INVALID]');
    // The checks ran, but the summary the user asked for could not be written: that is the answer.
    const d = await inProcess(
      'verify',
      join(f.dir, 'offline.json'),
      '--csv',
      join(f.dir, 'no-such-dir', 'x.csv'),
    );
    expect(d.code).toBe(3);
    expect(d.stderr).toContain('[CSV_UNWRITABLE]');
  });
});
