/**
 * The province's and the Ministry's ledger writes through the API (issue 14, engineer C), on the embedded
 * ledger through the outbox worker: the calendar, trust anchors (and /trust-anchors.json after a
 * retirement), certificates listed, approved and revoked, permissions listed, districts and schools
 * registered and a school moved — each submitted once, the database agreeing with the ledger after the
 * worker; each refusal by its code, and a province officer of another province refused.
 */
import { anchorOutbox, auditLog, certificates, districts, provinces, schools } from '@hocba/db';
import { certificateFingerprint, derToPem } from '@hocba/integrity';
import { generateKeys, makeCert } from '@hocba/integrity/testing/fixtures/pki.ts';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaincode } from '../../src/ledger/index.ts';
import { anchoredBatch, type Env, makeEnv, SCHOOL, YEAR } from '../after-lock/helpers.ts';
import { seedUser, userToken } from '../auth/fixtures.ts';

let env: Env;
let farProvince: string;
const fiveHundreds: string[] = [];

beforeAll(async () => {
  env = await makeEnv();
  // Another province in the same database: the network's own is the one with the province's MSP.
  await env.s.db.insert(provinces).values({ id: 'HN', code: '01', name: 'Hà Nội' });
  await seedUser(env.s.db, { login: 'province-hn', grants: [{ role: 'provinceOfficer', provinceId: 'HN' }] });
  farProvince = await userToken(env.app, 'province-hn');
}, 120_000);
afterAll(async () => {
  expect(fiveHundreds).toEqual([]);
  await env?.close();
});

type Who = Parameters<Env['call']>[0] | 'farProvince';
async function call(who: Who, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  const token = who === 'farProvince' ? farProvince : who ? env.tokens[who] : undefined;
  const r = await env.app.inject({
    method,
    url,
    ...(payload !== undefined && { payload: payload as object }),
    ...(token && { headers: { authorization: `Bearer ${token}` } }),
  });
  if (r.statusCode >= 500) fiveHundreds.push(`${method} ${url} → ${r.statusCode} ${r.body}`);
  return r;
}
const code = (r: { json(): unknown }) => (r.json() as { error?: { code: string } }).error?.code;

/** One worker pass; its outcomes counted as `action:outcome`. */
async function tick(): Promise<Record<string, number>> {
  const got: Record<string, number> = {};
  for (const o of await env.worker.tick())
    got[`${o.action}:${o.outcome}`] = (got[`${o.action}:${o.outcome}`] ?? 0) + 1;
  return got;
}
const reader = () => env.p.world.ids.auditor!;
async function lastAudit(action: string) {
  const [row] = await env.s.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, action))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return row;
}

const WINDOWS = {
  lockFrom: '2026-05-01T00:00:00.000Z',
  lockUntil: '2026-06-20T16:59:59.000Z',
  acceptanceDeadline: '2026-06-30T16:59:59.000Z',
  reportDeadline: '2026-07-10T16:59:59.000Z',
  supplementaryDeadline: '2026-08-15T16:59:59.000Z',
  replacementFrom: '2026-07-11T00:00:00.000Z',
  replacementUntil: '2026-12-31T16:59:59.000Z',
};

describe('PUT /v1/calendars/:schoolYear', () => {
  const put = (who: Who, body: unknown, year = YEAR) => call(who, 'PUT', `/v1/calendars/${year}`, body);

  it('refuses other roles, another province, and windows out of order or outside the year', async () => {
    expect(code(await put('principal', WINDOWS))).toBe('FORBIDDEN');
    expect(code(await put('ministry', WINDOWS))).toBe('FORBIDDEN');
    expect(code(await put('farProvince', WINDOWS))).toBe('OUT_OF_SCOPE');
    expect((await put(null, WINDOWS)).statusCode).toBe(401);

    const swapped = await put('province', { ...WINDOWS, reportDeadline: '2026-06-01T00:00:00.000Z' });
    expect(swapped.statusCode).toBe(400);
    expect(code(swapped)).toBe('CALENDAR_INVALID');
    const problems = (swapped.json() as { error: { problems: { path: string; message: string }[] } }).error
      .problems;
    // The report deadline before the acceptance deadline, and the supplementary one is still after it.
    expect(problems.map((p) => p.path)).toEqual(['/reportDeadline']);
    expect(problems[0]!.message).toContain('Hạn Sở báo cáo Bộ (01/06/2026) không được trước');

    const outside = await put('province', { ...WINDOWS, replacementUntil: '2027-03-01T00:00:00.000Z' });
    expect(code(outside)).toBe('CALENDAR_INVALID');
    expect((outside.json() as { error: { problems: { path: string }[] } }).error.problems[0]!.path).toBe(
      '/replacementUntil',
    );
    expect(code(await put('province', { ...WINDOWS, lockFrom: 'not a date' }))).toBe('VALIDATION');
    expect(code(await put('province', { ...WINDOWS, extra: 1 }))).toBe('VALIDATION');
    // Nothing was queued by a refusal.
    const rows = await env.s.db.select().from(anchorOutbox).where(eq(anchorOutbox.action, 'setCalendar'));
    expect(rows).toEqual([]);
  });

  it('queues the windows, the worker sets them on the ledger once, audited', async () => {
    const res = await put('province', WINDOWS);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ outboxId: expect.any(Number), queued: true });
    expect(await lastAudit('calendar.set')).toMatchObject({
      entityId: YEAR,
      actorUserId: env.userIds.province,
    });
    expect(await tick()).toEqual({ 'setCalendar:submitted': 1 });
    const onLedger = await chaincode.getCalendar(env.ledger, reader(), YEAR);
    expect(onLedger).toMatchObject(WINDOWS);
    expect(await lastAudit('ledger.setCalendar')).toMatchObject({ entityType: 'calendar', entityId: YEAR });
    // The same windows again: the worker finds them on the ledger and submits nothing.
    expect((await put('province', WINDOWS)).statusCode).toBe(202);
    expect(await tick()).toEqual({ 'setCalendar:recovered': 1 });
    expect(await tick()).toEqual({});
  });
});

describe('trust anchors', () => {
  it('the Ministry registers a root, lists it, retires it; /trust-anchors.json stops trusting it', async () => {
    const root = await makeCert({
      name: 'C=VN, O=Bo GDDT, CN=Second Root CA',
      keys: await generateKeys('EC'),
      ca: true,
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2035-01-01T00:00:00Z'),
    });
    const pem = derToPem(root.der, 'CERTIFICATE');
    const fingerprint = certificateFingerprint(root.der);

    expect(code(await call('province', 'POST', '/v1/trust-anchors', { certificate: pem }))).toBe('FORBIDDEN');
    expect(code(await call('ministry', 'POST', '/v1/trust-anchors', { certificate: 'MIIB' }))).toBe(
      'TRUST_ANCHOR_INVALID',
    );
    // A principal's certificate is no root.
    const leaf = await env.p.world.makeSigner(SCHOOL);
    const notRoot = { certificate: derToPem(leaf.der, 'CERTIFICATE') };
    expect(code(await call('ministry', 'POST', '/v1/trust-anchors', notRoot))).toBe('TRUST_ANCHOR_INVALID');
    // The World's root is active already.
    const worldRoot = { certificate: derToPem(env.p.world.root.der, 'CERTIFICATE') };
    expect(code(await call('ministry', 'POST', '/v1/trust-anchors', worldRoot))).toBe('TRUST_ANCHOR_EXISTS');

    const res = await call('ministry', 'POST', '/v1/trust-anchors', { certificate: pem });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ fingerprint, queued: true });
    expect(await tick()).toEqual({ 'registerTrustAnchor:submitted': 1 });

    const list = await call('province', 'GET', '/v1/trust-anchors');
    expect(list.statusCode).toBe(200);
    const items = (list.json() as { items: { fingerprint: string; status: string; issuer: string }[] }).items;
    expect(items.find((a) => a.fingerprint === fingerprint)).toMatchObject({
      status: 'active',
      issuer: 'CN=Second Root CA,O=Bo GDDT,C=VN',
      notAfter: '2035-01-01T00:00:00.000Z',
    });
    expect(code(await call('principal', 'GET', '/v1/trust-anchors'))).toBe('FORBIDDEN');
    let json = (await call(null, 'GET', '/trust-anchors.json')).json() as { trustAnchors: string[] };
    expect(json.trustAnchors.map((p) => p.trim())).toContain(pem.trim());

    const retire = (who: Who, fp = fingerprint) =>
      call(who, 'POST', `/v1/trust-anchors/${fp}/retire`, { reason: 'Khóa bí mật bị lộ' });
    expect(code(await retire('province'))).toBe('FORBIDDEN');
    expect(code(await retire('ministry', 'a'.repeat(64)))).toBe('TRUST_ANCHOR_NOT_FOUND');
    const retired = await retire('ministry');
    expect([retired.statusCode, retired.json().queued]).toEqual([202, true]);
    expect((await lastAudit('trustAnchor.retire'))?.reason).toBe('Khóa bí mật bị lộ');
    // Asked again before the worker: the same row.
    expect((await retire('ministry')).json().outboxId).toBe(retired.json().outboxId);
    expect(await tick()).toEqual({ 'retireTrustAnchor:submitted': 1 });
    expect(code(await retire('ministry'))).toBe('TRUST_ANCHOR_WRONG_STATE');

    const after = (await call('ministry', 'GET', '/v1/trust-anchors')).json() as {
      items: { fingerprint: string; status: string; reason?: string; retiredAt?: string }[];
    };
    expect(after.items.find((a) => a.fingerprint === fingerprint)).toMatchObject({
      status: 'retired',
      reason: 'Khóa bí mật bị lộ',
      retiredAt: expect.any(String),
    });
    json = (await call(null, 'GET', '/trust-anchors.json')).json() as { trustAnchors: string[] };
    expect(json.trustAnchors.map((p) => p.trim())).not.toContain(pem.trim());
    expect(json.trustAnchors).toHaveLength(1);
    expect(await lastAudit('ledger.retireTrustAnchor')).toMatchObject({ entityId: fingerprint });
  });
});

describe('certificates: the province’s list, approval and revocation', () => {
  it('lists pending ones with their details, approves one, revokes one, each on the ledger', async () => {
    const signer = await env.p.world.makeSigner(SCHOOL);
    const fingerprint = certificateFingerprint(signer.der);
    const registered = await call('principal', 'POST', `/v1/schools/${SCHOOL}/certificates`, {
      certificate: derToPem(signer.der, 'CERTIFICATE'),
    });
    expect(registered.statusCode).toBe(202);

    const pending = async () =>
      (await call('province', 'GET', '/v1/certificates?status=pending')).json() as {
        items: Record<string, unknown>[];
      };
    expect((await pending()).items).toEqual([
      expect.objectContaining({
        fingerprint,
        schoolId: SCHOOL,
        schoolName: 'Trường SCH-QN-001',
        districtId: 'district1',
        subject: 'CN=Hieu truong,O=SCH-QN-001,C=VN',
        issuer: 'CN=Test Ministry Root CA,O=Bo GDDT,C=VN',
        notBefore: '2025-01-01T00:00:00.000Z',
        notAfter: '2028-01-01T00:00:00.000Z',
        status: 'pending',
        registeredBy: 'Nguyễn Thị Lan',
        onLedger: false,
        waiting: null,
      }),
    ]);
    expect(code(await call('farProvince', 'GET', '/v1/certificates'))).toBe('OUT_OF_SCOPE');
    expect(code(await call('district1', 'GET', '/v1/certificates'))).toBe('FORBIDDEN');
    expect(code(await call('province', 'GET', '/v1/certificates?status=unknown'))).toBe('VALIDATION');

    expect(await tick()).toEqual({ 'registerCertificate:submitted': 1 });
    expect((await pending()).items[0]).toMatchObject({ onLedger: true });
    expect((await call('province', 'POST', `/v1/certificates/${fingerprint}/approve`)).statusCode).toBe(202);
    expect((await pending()).items[0]).toMatchObject({ waiting: 'approval' });
    expect(await tick()).toEqual({ 'approveCertificate:submitted': 1 });
    expect((await pending()).items).toEqual([]);
    const approved = (await call('ministry', 'GET', '/v1/certificates?status=approved')).json() as {
      items: { fingerprint: string }[];
    };
    expect(approved.items.map((c) => c.fingerprint)).toContain(fingerprint);

    const revoke = (who: Who, body: unknown = { reasonCode: 'KEY_COMPROMISE' }) =>
      call(who, 'POST', `/v1/certificates/${fingerprint}/revoke`, body);
    expect(code(await revoke('principal'))).toBe('FORBIDDEN');
    expect(code(await revoke('ministry'))).toBe('FORBIDDEN');
    expect(code(await revoke('farProvince'))).toBe('OUT_OF_SCOPE');
    expect(code(await revoke('province', { reasonCode: 'BORED' }))).toBe('VALIDATION');
    const r = await revoke('province');
    expect([r.statusCode, r.json().queued]).toEqual([202, true]);
    expect(await tick()).toEqual({ 'revokeCertificate:submitted': 1 });
    const onLedger = await chaincode.getCertificate(env.ledger, reader(), fingerprint);
    expect(onLedger).toMatchObject({ status: 'revoked', revocationReason: 'KEY_COMPROMISE' });
    const [row] = await env.s.db.select().from(certificates).where(eq(certificates.fingerprint, fingerprint));
    expect(row!.status).toBe('revoked');
    expect(code(await revoke('province'))).toBe('CERTIFICATE_WRONG_STATE');
    const revoked = (await call('province', 'GET', '/v1/certificates?status=revoked')).json() as {
      items: { fingerprint: string; status: string }[];
    };
    expect(revoked.items).toEqual([expect.objectContaining({ fingerprint, status: 'revoked' })]);
  });
});

describe('GET /v1/permissions', () => {
  it('lists what the province granted, of one school or all, with its state on the ledger', async () => {
    const { batchId } = await anchoredBatch(env, 1);
    const grant = await call('province', 'POST', '/v1/permissions', {
      batchId,
      action: 'recall',
      until: '2026-12-31T16:59:59.000Z',
      legalBasis: 'QĐ 12/QĐ-SGDĐT',
    });
    expect(grant.statusCode).toBe(202);
    const list = async (q = '') =>
      (await call('province', 'GET', `/v1/permissions${q}`)).json() as { items: Record<string, unknown>[] };
    expect((await list(`?schoolId=${SCHOOL}`)).items).toEqual([
      expect.objectContaining({
        batchId,
        schoolId: SCHOOL,
        schoolName: 'Trường SCH-QN-001',
        schoolYear: YEAR,
        action: 'recall',
        until: '2026-12-31T16:59:59.000Z',
        legalBasis: 'QĐ 12/QĐ-SGDĐT',
        grantedBy: 'Nguyễn Thị Lan',
        state: 'queued',
      }),
    ]);
    expect(await tick()).toEqual({ 'grantPermission:submitted': 1 });
    expect((await list()).items[0]).toMatchObject({ batchId, state: 'recorded' });
    expect((await list('?schoolId=SCH-QN-003')).items).toEqual([]);
    expect(code(await call('farProvince', 'GET', `/v1/permissions?schoolId=${SCHOOL}`))).toBe('OUT_OF_SCOPE');
    expect(code(await call('principal', 'GET', '/v1/permissions'))).toBe('FORBIDDEN');
    expect(code(await call('province', 'GET', '/v1/permissions?schoolId=NO-SUCH'))).toBe('SCHOOL_NOT_FOUND');
  });
});

describe('districts and schools', () => {
  it('registers a district and a school, moves the school; the database follows the ledger', async () => {
    const district = { districtId: 'district9', name: 'Phòng GD&ĐT Uông Bí', mspId: 'District1MSP' };
    expect(code(await call('district1', 'POST', '/v1/districts', district))).toBe('FORBIDDEN');
    expect(code(await call('farProvince', 'POST', '/v1/districts', district))).toBe('OUT_OF_SCOPE');
    expect(code(await call('province', 'POST', '/v1/districts', { ...district, mspId: 'Nope' }))).toBe(
      'VALIDATION',
    );
    expect(
      code(await call('province', 'POST', '/v1/districts', { ...district, districtId: 'district1' })),
    ).toBe('DISTRICT_EXISTS');
    const d = await call('province', 'POST', '/v1/districts', district);
    expect([d.statusCode, d.json().queued]).toEqual([202, true]);
    expect((await call('province', 'POST', '/v1/districts', district)).json()).toEqual({
      outboxId: d.json().outboxId,
      queued: false,
    });
    // A school cannot be put in a district the ledger has not recorded yet.
    const school = {
      schoolId: 'SCH-QN-009',
      name: 'Trường Tiểu học Uông Bí',
      level: 'TH',
      districtId: 'district9',
    };
    expect(code(await call('province', 'POST', '/v1/schools', school))).toBe('DISTRICT_NOT_FOUND');
    let listed = (await call('ministry', 'GET', '/v1/districts')).json() as {
      items: { districtId: string; schools: { schoolId: string }[] }[];
      pending: { action: string; districtId?: string }[];
    };
    expect(listed.pending).toEqual([
      expect.objectContaining({ action: 'registerDistrict', districtId: 'district9' }),
    ]);
    expect(listed.items.map((x) => x.districtId)).toEqual(['district1', 'district2']);

    expect(await tick()).toEqual({ 'registerDistrict:submitted': 1 });
    const [dRow] = await env.s.db.select().from(districts).where(eq(districts.id, 'district9'));
    expect(dRow).toMatchObject({ provinceId: 'QN', name: 'Phòng GD&ĐT Uông Bí', mspId: 'District1MSP' });

    expect(code(await call('province', 'POST', '/v1/schools', { ...school, schoolId: SCHOOL }))).toBe(
      'SCHOOL_EXISTS',
    );
    expect(code(await call('province', 'POST', '/v1/schools', { ...school, level: 'MN' }))).toBe(
      'VALIDATION',
    );
    expect((await call('province', 'POST', '/v1/schools', school)).statusCode).toBe(202);
    expect(await tick()).toEqual({ 'registerSchool:submitted': 1 });
    expect(await chaincode.getSchool(env.ledger, reader(), 'SCH-QN-009')).toMatchObject({
      districtId: 'district9',
      level: 'TH',
    });
    const [sRow] = await env.s.db.select().from(schools).where(eq(schools.id, 'SCH-QN-009'));
    expect(sRow).toMatchObject({ districtId: 'district9', provinceId: 'QN', name: school.name });

    const move = (who: Who, districtId: string, schoolId = 'SCH-QN-009') =>
      call(who, 'PUT', `/v1/schools/${schoolId}/district`, { districtId });
    expect(code(await move('province', 'district9'))).toBe('SCHOOL_SAME_DISTRICT');
    expect(code(await move('province', 'district7'))).toBe('DISTRICT_NOT_FOUND');
    expect(code(await move('province', 'district2', 'NO-SUCH'))).toBe('SCHOOL_NOT_FOUND');
    expect(code(await move('farProvince', 'district2'))).toBe('OUT_OF_SCOPE');
    expect(code(await move('district1', 'district2'))).toBe('FORBIDDEN');
    expect((await move('province', 'district2')).statusCode).toBe(202);
    // Not moved in the database before the ledger has it.
    const [before] = await env.s.db.select().from(schools).where(eq(schools.id, 'SCH-QN-009'));
    expect(before!.districtId).toBe('district9');
    expect(await tick()).toEqual({ 'moveSchool:submitted': 1 });
    expect(await chaincode.getSchool(env.ledger, reader(), 'SCH-QN-009')).toMatchObject({
      districtId: 'district2',
      movedAt: expect.any(String),
    });
    listed = (await call('province', 'GET', '/v1/districts')).json() as typeof listed;
    expect(listed.pending).toEqual([]);
    expect(listed.items.find((x) => x.districtId === 'district2')!.schools.map((s) => s.schoolId)).toContain(
      'SCH-QN-009',
    );
    expect(listed.items.find((x) => x.districtId === 'district9')!.schools).toEqual([]);
    expect(await lastAudit('school.move')).toMatchObject({ entityId: 'SCH-QN-009' });
  });
});
