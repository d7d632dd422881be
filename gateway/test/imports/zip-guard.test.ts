/**
 * The zip-bomb guard (gateway/src/imports/zip-guard.ts) with bombs crafted here, each a few kB: parts that
 * overlap one deflated kernel (declared total), one part of zeros (ratio), a part whose declared size lies
 * (inflated under a cap), too many parts; a file that is no zip stays IMPORT_FILE_INVALID. The real
 * templates, a LibreOffice file and a 2,000-row class list pass. Through the app, a bomb is a 413
 * IMPORT_FILE_TOO_LARGE and nothing is stored.
 */
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { importJobs, MEMORY, type OpenedDatabase, openDatabase } from '@hocba/db';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readWorkbook } from '../../src/imports/jobs.ts';
import { TEMPLATE_KINDS, templateOf } from '../../src/imports/templates.ts';
import { guardZip, zipLimits } from '../../src/imports/zip-guard.ts';
import { makeApp, makeWorld } from '../app/helper.ts';
import { caller, SCHOOL, seedSchoolYear, tokens } from '../workflow/fixtures.ts';
import { rosterFile } from './xlsx.ts';
import { overlappingBomb, zeros, zip } from './zip-bomb.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const MiB = 1024 * 1024;

const xml = (s: string) => ({ data: deflateRawSync(Buffer.from(s)), size: Buffer.byteLength(s) });

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: { code?: string; details?: Record<string, unknown> }) => ({ code: e.code, limit: e.details?.limit }),
  );

describe('the zip guard', () => {
  it('refuses parts that overlap one small kernel past the uncompressed total', async () => {
    const bomb = overlappingBomb();
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(await refusal(guardZip(bomb))).toEqual({ code: 'IMPORT_FILE_TOO_LARGE', limit: 'uncompressed' });
    // exceljs is never reached: readWorkbook refuses the same way.
    expect(await refusal(readWorkbook(bomb))).toEqual({
      code: 'IMPORT_FILE_TOO_LARGE',
      limit: 'uncompressed',
    });
  });

  it('refuses one large part that compresses like a bomb', async () => {
    const bomb = zip([{ name: 'xl/sharedStrings.xml', data: zeros(50 * MiB), size: 50 * MiB }]);
    expect(await refusal(guardZip(bomb))).toEqual({ code: 'IMPORT_FILE_TOO_LARGE', limit: 'ratio' });
  });

  it('refuses a part that inflates past the size it declares, without inflating the rest', async () => {
    const liar = zip([
      { name: '[Content_Types].xml', ...xml('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: zeros(30 * MiB), size: 4096 },
    ]);
    expect(await refusal(guardZip(liar))).toEqual({ code: 'IMPORT_FILE_TOO_LARGE', limit: 'declared' });
  });

  it('refuses more parts than IMPORT_MAX_ZIP_ENTRIES', async () => {
    const many = zip(Array.from({ length: 1001 }, (_, i) => ({ name: `p${i}.xml`, ...xml('<a/>') })));
    expect(await refusal(guardZip(many))).toEqual({ code: 'IMPORT_FILE_TOO_LARGE', limit: 'entries' });
    vi.stubEnv('IMPORT_MAX_ZIP_ENTRIES', '2000');
    expect(await refusal(guardZip(many))).toBeUndefined();
    vi.unstubAllEnvs();
  });

  it('keeps IMPORT_FILE_INVALID for what is no zip, or a zip cut short', async () => {
    expect(await refusal(guardZip(new TextEncoder().encode('Họ và tên;Ngày sinh\n')))).toEqual({
      code: 'IMPORT_FILE_INVALID',
      limit: undefined,
    });
    const good = zip([{ name: 'a.xml', ...xml('<a/>') }]);
    // The end record kept, the data before it gone: the directory points past what is there.
    const cut = new Uint8Array([...good.subarray(0, 10), ...good.subarray(good.length - 22)]);
    expect((await refusal(guardZip(cut)))?.code).toBe('IMPORT_FILE_INVALID');
  });

  it('passes the real templates, a LibreOffice file and a class list of 2,000 pupils', async () => {
    for (const kind of TEMPLATE_KINDS)
      await expect(guardZip(await templateOf(kind))).resolves.toBeUndefined();
    const libre = readFileSync(new URL('./fixtures/roster-libreoffice.xlsx', import.meta.url));
    await expect(guardZip(new Uint8Array(libre))).resolves.toBeUndefined();
    const big = await rosterFile(
      Array.from({ length: 2000 }, (_, i) => [
        i + 1,
        `0012150${String(i).padStart(5, '0')}`,
        null,
        'Nguyễn Văn An',
        '02/09/2015',
        'Nam',
        'Kinh',
        'Hạ Long, Quảng Ninh',
        '5A',
      ]),
    );
    await expect(guardZip(new Uint8Array(Buffer.from(big, 'base64')))).resolves.toBeUndefined();
  });

  it('reads its limits from the environment, and names a wrong one', () => {
    expect(zipLimits()).toEqual({ maxUncompressedBytes: 100 * MiB, maxEntries: 1000, maxRatio: 200 });
    vi.stubEnv('IMPORT_MAX_UNCOMPRESSED_MB', '20');
    vi.stubEnv('IMPORT_MAX_ZIP_RATIO', '50');
    expect(zipLimits()).toMatchObject({ maxUncompressedBytes: 20 * MiB, maxRatio: 50 });
    vi.stubEnv('IMPORT_MAX_ZIP_RATIO', '1.5');
    expect(() => zipLimits()).toThrow(/IMPORT_MAX_ZIP_RATIO/);
    vi.unstubAllEnvs();
  });
});

describe('an upload of a bomb', () => {
  let opened: OpenedDatabase | undefined;
  let close: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await close?.();
    await opened?.close();
  });

  it('is a 413 IMPORT_FILE_TOO_LARGE, and no job is stored', async () => {
    const world = await makeWorld();
    opened = await openDatabase({ dataDir: MEMORY });
    const s = await seedSchoolYear(opened.db, 1);
    const app = await makeApp(world, { db: opened.db });
    close = () => app.close();
    const t = await tokens(app, s);
    const bomb = overlappingBomb();
    const r = await caller(app)(t.homeroom, 'POST', '/v1/imports/roster', {
      schoolId: SCHOOL,
      fileName: 'lop5a.xlsx',
      content: Buffer.from(bomb).toString('base64'),
      options: { classId: s.classId.a },
    });
    expect(r.statusCode, r.body).toBe(413);
    expect(r.json().error.code).toBe('IMPORT_FILE_TOO_LARGE');
    expect(r.json().error.message.vi).toMatch(/^Tệp \.xlsx khi giải nén quá lớn/);
    expect(await opened.db.select().from(importJobs)).toEqual([]);
  });
});
