/**
 * Issue 14: the statistics a district or the province reports (GET /v1/statistics and its .xlsx) and the
 * yearly report's list and preview (GET /v1/reports, GET /v1/reports/preview), through `inject` on PGlite and
 * the embedded ledger, on a year set up through the workflow: batches anchored, one accepted by its
 * district, one record revoked, one batch signed but not anchored, one locked but not signed, and a class
 * with nothing locked. The counts, each caller's remit, the workbook read back with exceljs, the waiting
 * lists, and the report followed to the ledger and its acknowledgement.
 */
import { classes } from '@hocba/db';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lockBatch } from '../../src/services/index.ts';
import {
  anchoredBatch,
  type Env,
  FAR_SCHOOL,
  makeEnv,
  SCHOOL,
  SCHOOL2,
  YEAR,
} from '../after-lock/helpers.ts';
import { lockAndSign, seedVersions } from '../services/fixtures.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

let env: Env;
const UNTIL = '2026-12-31T16:59:59.000Z';
const code = (res: { json(): unknown }) => (res.json() as { error: { code: string } }).error.code;
const CLASS_4B = `4B-${SCHOOL2}`;
let accepted: string;
let anchoredOnly: string;
let far: string;
let signedOnly: string;
let assembling: string;

async function tick(): Promise<string[]> {
  return (await env.worker.tick()).map((o) => `${o.action}:${o.outcome}`);
}

beforeAll(async () => {
  env = await makeEnv();
  const { db } = env.s;
  const a = await anchoredBatch(env, 3);
  anchoredOnly = a.batchId;
  const b = await anchoredBatch(env, 2);
  accepted = b.batchId;
  far = (await anchoredBatch(env, 1, { schoolId: FAR_SCHOOL })).batchId;
  expect((await env.call('district1', 'POST', `/v1/batches/${accepted}/accept`, {})).statusCode).toBe(202);
  const granted = await env.call('province', 'POST', '/v1/permissions', {
    batchId: anchoredOnly,
    action: 'revoke',
    until: UNTIL,
    legalBasis: 'QĐ 12/QĐ-SGDĐT',
  });
  expect(granted.statusCode).toBe(202);
  expect((await tick()).sort()).toEqual(['acceptBatch:submitted', 'grantPermission:submitted']);
  const revoked = await env.call('principal', 'POST', `/v1/records/${a.seats[0]!.recordId}/revoke`, {
    reasonCode: 'DATA_ERROR',
    legalBasis: 'QĐ 7/QĐ-THKĐ',
  });
  expect(revoked.statusCode).toBe(202);
  expect(await tick()).toEqual(['revokeRecord:submitted']);
  // Locked, not signed (school 2); a class of grade 4 with an approved record and no batch.
  const locked = await lockBatch(db, {
    schoolId: SCHOOL2,
    schoolYear: YEAR,
    recordVersionIds: await seedVersions(db, SCHOOL2, env.s.classId[SCHOOL2]!, 2),
    kind: 'regular',
    lockedAt: env.p.world.now,
  });
  assembling = locked.batchId;
  await db
    .insert(classes)
    .values({ id: CLASS_4B, schoolId: SCHOOL2, schoolYear: YEAR, grade: 4, name: '4B' });
  await seedVersions(db, SCHOOL2, CLASS_4B, 1);
  // Signed, its anchor still queued (the worker is not ticked again before the preview's checks).
  signedOnly = (
    await lockAndSign(db, env.p.world, SCHOOL, await seedVersions(db, SCHOOL, env.s.classId[SCHOOL]!, 2))
  ).batchId;
});
afterAll(async () => {
  expect(env?.app.statuses.filter((s) => s >= 500) ?? []).toEqual([]);
  await env?.close();
});

const counts = (
  total: number,
  locked: number,
  signed: number,
  anchored: number,
  acc: number,
  revoked: number,
) => ({
  total,
  locked,
  signed,
  anchored,
  accepted: acc,
  revoked,
});

describe('GET /v1/statistics', () => {
  it('counts each step by school and grade, with the sums per school, district and in all', async () => {
    const res = await env.call('province', 'GET', `/v1/statistics?schoolYear=${YEAR}`);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    const row = (schoolId: string, grade: number) =>
      s.rows.find((r: { schoolId: string; grade: number }) => r.schoolId === schoolId && r.grade === grade);
    expect(row(SCHOOL, 5)).toMatchObject(counts(7, 7, 7, 5, 2, 1));
    expect(row(SCHOOL2, 5)).toMatchObject(counts(2, 2, 0, 0, 0, 0));
    expect(row(SCHOOL2, 4)).toMatchObject(counts(1, 0, 0, 0, 0, 0));
    expect(row(FAR_SCHOOL, 5)).toMatchObject(counts(1, 1, 1, 1, 0, 0));
    expect(s.rows).toHaveLength(4);
    expect(s.schools.find((x: { schoolId: string }) => x.schoolId === SCHOOL2)).toMatchObject(
      counts(3, 2, 0, 0, 0, 0),
    );
    // By the districts' names: Cẩm Phả (district2), Hạ Long (district1).
    expect(s.districts).toEqual([
      expect.objectContaining({ districtId: 'district2', schools: 1, ...counts(1, 1, 1, 1, 0, 0) }),
      expect.objectContaining({ districtId: 'district1', schools: 2, ...counts(10, 9, 7, 5, 2, 1) }),
    ]);
    expect(s.totals).toEqual(counts(11, 10, 8, 6, 2, 1));
    // The Ministry sees the same.
    expect((await env.call('ministry', 'GET', `/v1/statistics?schoolYear=${YEAR}`)).json().totals).toEqual(
      s.totals,
    );
  });

  it('keeps each caller within their remit and refuses a filter outside it', async () => {
    const d2 = (await env.call('district2', 'GET', `/v1/statistics?schoolYear=${YEAR}`)).json();
    expect(d2.rows.map((r: { schoolId: string }) => r.schoolId)).toEqual([FAR_SCHOOL]);
    expect(d2.totals).toEqual(counts(1, 1, 1, 1, 0, 0));
    const d1 = (
      await env.call('district1', 'GET', `/v1/statistics?schoolYear=${YEAR}&schoolId=${SCHOOL2}`)
    ).json();
    expect(d1.totals).toEqual(counts(3, 2, 0, 0, 0, 0));
    const principal = (await env.call('principal', 'GET', `/v1/statistics?schoolYear=${YEAR}`)).json();
    expect(principal.schools.map((x: { schoolId: string }) => x.schoolId)).toEqual([SCHOOL]);
    expect(
      code(await env.call('district2', 'GET', `/v1/statistics?schoolYear=${YEAR}&schoolId=${SCHOOL}`)),
    ).toBe('OUT_OF_SCOPE');
    expect(
      code(await env.call('district2', 'GET', `/v1/statistics?schoolYear=${YEAR}&districtId=district1`)),
    ).toBe('OUT_OF_SCOPE');
    expect(
      code(await env.call('principal', 'GET', `/v1/statistics?schoolYear=${YEAR}&districtId=district1`)),
    ).toBe('OUT_OF_SCOPE');
    expect(
      code(await env.call('province', 'GET', `/v1/statistics?schoolYear=${YEAR}&districtId=nowhere`)),
    ).toBe('DISTRICT_NOT_FOUND');
    expect(code(await env.call('teacher', 'GET', `/v1/statistics?schoolYear=${YEAR}`))).toBe('FORBIDDEN');
    expect((await env.call('province', 'GET', '/v1/statistics?schoolYear=2025')).statusCode).toBe(400);
    // Another year: nothing.
    expect((await env.call('province', 'GET', '/v1/statistics?schoolYear=2030-2031')).json().rows).toEqual(
      [],
    );
  });

  it('as an Excel workbook: Vietnamese headers, a sheet per level, numbers as numbers, a title with year and date', async () => {
    const res = await env.call('district1', 'GET', `/v1/statistics.xlsx?schoolYear=${YEAR}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="thong-ke-hoc-ba-${YEAR}-\\d{4}-\\d{2}-\\d{2}\\.xlsx"$`),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Theo Phòng GD&ĐT',
      'Theo trường',
      'Theo trường và khối',
    ]);
    const grades = wb.getWorksheet('Theo trường và khối')!;
    const title = String(grades.getCell('A1').value);
    expect(title).toContain(YEAR);
    expect(title).toMatch(/lập ngày \d{2}\/\d{2}\/\d{4}$/);
    expect(grades.getRow(2).values).toEqual([
      undefined,
      'Phòng GD&ĐT',
      'Trường',
      'Khối',
      'Số học bạ',
      'Đã khóa sổ',
      'Đã ký',
      'Đã neo lên sổ cái',
      'Phòng GD&ĐT đã tiếp nhận',
      'Đã thu hồi',
    ]);
    // district1 only: school 1 grade 5, school 2 grades 4 and 5, then the sum.
    const body = [3, 4, 5, 6].map((n) => (grades.getRow(n).values as unknown[]).slice(3));
    const byGrade = body.slice(0, 3).map((r) => r.join('|'));
    expect(byGrade).toContain('5|7|7|7|5|2|1');
    expect(byGrade).toContain('4|1|0|0|0|0|0');
    expect(body[3]).toEqual(['', 10, 9, 7, 5, 2, 1]);
    expect(typeof grades.getRow(3).getCell(4).value).toBe('number');
    const districts = wb.getWorksheet('Theo Phòng GD&ĐT')!;
    expect((districts.getRow(3).values as unknown[]).slice(1)).toEqual([
      expect.any(String),
      2,
      10,
      9,
      7,
      5,
      2,
      1,
    ]);
  });
});

describe('GET /v1/reports/preview and GET /v1/reports', () => {
  it('shows what a report now would hold, per district, and what still waits', async () => {
    const res = await env.call('province', 'GET', `/v1/reports/preview?schoolYear=${YEAR}`);
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.next).toEqual({
      seq: 1,
      batches: 3,
      records: 6,
      waitingAcceptance: 2,
      unchanged: false,
      pending: false,
    });
    expect(p.districts).toEqual([
      expect.objectContaining({ districtId: 'district2', batches: 1, records: 1, waitingAcceptance: 1 }),
      expect.objectContaining({ districtId: 'district1', batches: 2, records: 5, waitingAcceptance: 1 }),
    ]);
    expect(p.waiting.notLocked).toEqual([expect.objectContaining({ schoolId: SCHOOL2, classes: ['4B'] })]);
    expect(p.waiting.notSigned.map((b: { batchId: string }) => b.batchId)).toEqual([assembling]);
    expect(p.waiting.notAnchored.map((b: { batchId: string }) => b.batchId)).toEqual([signedOnly]);
    expect(p.waiting.notAccepted.map((b: { batchId: string }) => b.batchId).sort()).toEqual(
      [anchoredOnly, far].sort(),
    );
    expect(code(await env.call('district1', 'GET', `/v1/reports/preview?schoolYear=${YEAR}`))).toBe(
      'FORBIDDEN',
    );
  });

  it('lists the report from queued to the ledger, then the Ministry’s acknowledgement; the next is supplementary', async () => {
    expect((await env.call('province', 'GET', `/v1/reports?schoolYear=${YEAR}`)).json().items).toEqual([]);
    // The signed batch is anchored first (a report lists the ledger's year log as it is when submitted).
    expect(await tick()).toEqual(['anchorBatch:submitted']);
    expect((await env.call('province', 'POST', '/v1/reports', { schoolYear: YEAR })).statusCode).toBe(202);
    let [r] = (await env.call('ministry', 'GET', `/v1/reports?schoolYear=${YEAR}`)).json().items;
    expect(r).toMatchObject({
      seq: 1,
      state: 'queued',
      ackState: 'none',
      batches: 4,
      records: 8,
      provinceId: 'QN',
    });
    expect(r.submittedBy).toEqual(expect.any(String));
    expect(
      (await env.call('province', 'GET', `/v1/reports/preview?schoolYear=${YEAR}`)).json().next.pending,
    ).toBe(true);
    expect(await tick()).toEqual(['submitYearReport:submitted']);
    [r] = (await env.call('province', 'GET', `/v1/reports?schoolYear=${YEAR}`)).json().items;
    expect(r).toMatchObject({ state: 'submitted', waitingAcceptance: 3 });
    expect(r.blockNumber).toBeGreaterThan(0);
    expect(r.districts).toEqual([
      expect.objectContaining({ districtId: 'district2', batches: 1, records: 1, waitingAcceptance: 1 }),
      expect.objectContaining({ districtId: 'district1', batches: 3, records: 7, waitingAcceptance: 2 }),
    ]);
    expect((await env.call('ministry', 'POST', `/v1/reports/${YEAR}/1/acknowledge`)).statusCode).toBe(202);
    [r] = (await env.call('ministry', 'GET', `/v1/reports?schoolYear=${YEAR}`)).json().items;
    expect(r.ackState).toBe('queued');
    expect(await tick()).toEqual(['acknowledgeYearReport:submitted']);
    [r] = (await env.call('ministry', 'GET', `/v1/reports?schoolYear=${YEAR}`)).json().items;
    expect(r).toMatchObject({ ackState: 'acknowledged', acknowledgedBy: expect.any(String) });
    expect(r.acknowledgedAt).toEqual(expect.any(String));
    const preview = async () =>
      (await env.call('province', 'GET', `/v1/reports/preview?schoolYear=${YEAR}`)).json().next;
    expect(await preview()).toMatchObject({ seq: 2, batches: 4, unchanged: true, pending: false });
    // A batch accepted since: a supplementary report would say so.
    expect((await env.call('district1', 'POST', `/v1/batches/${anchoredOnly}/accept`, {})).statusCode).toBe(
      202,
    );
    expect(await tick()).toEqual(['acceptBatch:submitted']);
    expect(await preview()).toMatchObject({ seq: 2, batches: 4, waitingAcceptance: 2, unchanged: false });
    expect(code(await env.call('district1', 'GET', `/v1/reports?schoolYear=${YEAR}`))).toBe('FORBIDDEN');
  });
});
