/**
 * The principal's certificate through the API (issue 13 point 1; seed 000 Điều 8.5, 4.3b): the school
 * registers it, the gateway refuses what cannot sign, the worker submits the registration and the
 * province's approval exactly once, and the read routes say whether the province approved it.
 */
import { certificates } from '@hocba/db';
import { certificateFingerprint, derToPem, toBase64 } from '@hocba/integrity';
import { generateKeys, makeCert, x509 } from '@hocba/integrity/testing/fixtures/pki.ts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaincode, type LedgerClient } from '../../src/ledger/index.ts';
import { type Env, makeEnv, SCHOOL } from './helpers.ts';

/** The worker's ledger: counts submissions; `loseAnswers` lets the next n commit but loses their answer. */
interface Lossy extends LedgerClient {
  submits: string[];
  loseAnswers: number;
}
function lossy(l: LedgerClient): Lossy {
  const f: Lossy = {
    submits: [],
    loseAnswers: 0,
    submit: async (fn, args, o) => {
      f.submits.push(fn);
      const committed = await l.submit(fn, args, o);
      if (f.loseAnswers > 0) {
        f.loseAnswers--;
        throw new Error('read ECONNRESET');
      }
      return committed;
    },
    evaluate: (fn, args, id) => l.evaluate(fn, args, id),
    transaction: (txId) => l.transaction(txId),
    events: (from) => l.events(from),
    close: async () => {},
  };
  return f;
}

let env: Env;
let ledger: Lossy;
const fiveHundreds: string[] = [];

beforeAll(async () => {
  env = await makeEnv({
    ledger: (l) => {
      ledger = lossy(l);
      return ledger;
    },
  });
});
afterAll(async () => {
  expect(fiveHundreds).toEqual([]);
  await env?.close();
});

const code = (r: { json(): unknown }) => (r.json() as { error?: { code: string } }).error?.code;
async function call(...a: Parameters<Env['call']>) {
  const r = await env.call(...a);
  if (r.statusCode >= 500) fiveHundreds.push(`${a[1]} ${a[2]} → ${r.statusCode} ${r.body}`);
  return r;
}
const register = (who: Parameters<Env['call']>[0], certificate: string, schoolId = SCHOOL) =>
  call(who, 'POST', `/v1/schools/${schoolId}/certificates`, { certificate });

async function tick(expected: Record<string, number>) {
  const got: Record<string, number> = {};
  for (const o of await env.worker.tick())
    got[`${o.action}:${o.outcome}`] = (got[`${o.action}:${o.outcome}`] ?? 0) + 1;
  expect(got).toEqual(expected);
}

describe('registration → the ledger → the province’s approval', () => {
  it('each step by its role, submitted once each, the status following the ledger', async () => {
    const signer = await env.p.world.makeSigner(SCHOOL);
    const fingerprint = certificateFingerprint(signer.der);
    const pem = derToPem(signer.der, 'CERTIFICATE');

    expect(code(await register('teacher', pem))).toBe('FORBIDDEN');
    expect(code(await register('farPrincipal', pem))).toBe('OUT_OF_SCOPE');
    expect(code(await register('province', pem))).toBe('FORBIDDEN');

    const res = await register('principal', pem);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({
      queued: true,
      certificate: {
        fingerprint,
        schoolId: SCHOOL,
        status: 'requested',
        subject: 'CN=Hieu truong,O=SCH-QN-001,C=VN',
        serialNumber: expect.stringMatching(/^[0-9a-f]+$/),
        notBefore: '2025-01-01T00:00:00.000Z',
        notAfter: '2028-01-01T00:00:00.000Z',
        ledger: null,
      },
    });
    expect(code(await register('schoolAdmin', pem))).toBe('CERTIFICATE_EXISTS');

    // Not on the ledger yet: the province cannot approve it.
    const approve = () => call('province', 'POST', `/v1/certificates/${fingerprint}/approve`);
    expect(code(await approve())).toBe('CERTIFICATE_NOT_ON_LEDGER');
    expect(code(await call('principal', 'POST', `/v1/certificates/${fingerprint}/approve`))).toBe(
      'FORBIDDEN',
    );

    await tick({ 'registerCertificate:submitted': 1 });
    expect((await chaincode.getCertificate(env.ledger, env.p.world.ids.auditor!, fingerprint)).status).toBe(
      'pending',
    );
    let read = await call('principal', 'GET', `/v1/certificates/${fingerprint}`);
    expect(read.json()).toMatchObject({
      status: 'requested',
      ledger: { status: 'pending', approvedAt: null },
    });

    const asked = await approve();
    expect([asked.statusCode, asked.json().queued]).toEqual([202, true]);
    // Asked again while queued: the same row, not a second one.
    const again = await approve();
    expect([again.statusCode, again.json().queued, again.json().outboxId]).toEqual([
      202,
      false,
      asked.json().outboxId,
    ]);
    await tick({ 'approveCertificate:submitted': 1 });
    await tick({});

    read = await call('district1', 'GET', `/v1/certificates/${fingerprint}`);
    expect(read.json()).toMatchObject({
      status: 'active',
      ledger: { status: 'approved', approvedAt: expect.any(String) },
    });
    expect(code(await call('district2', 'GET', `/v1/certificates/${fingerprint}`))).toBe('OUT_OF_SCOPE');
    const [row] = await env.s.db.select().from(certificates).where(eq(certificates.fingerprint, fingerprint));
    expect(row).toMatchObject({
      status: 'active',
      registeredBy: env.userIds.principal,
      approvedBy: env.userIds.province,
    });
    expect(row!.ledgerTxId).toMatch(/^[0-9a-f]{64}$/);
    expect(code(await approve())).toBe('CERTIFICATE_WRONG_STATE');

    const list = await call('schoolAdmin', 'GET', `/v1/schools/${SCHOOL}/certificates`);
    expect(list.json().items.map((c: { fingerprint: string }) => c.fingerprint)).toContain(fingerprint);
  });

  it('base64 DER is taken too; a registration already on the ledger is recorded, not submitted again', async () => {
    const signer = await env.p.world.makeSigner(SCHOOL);
    const fingerprint = certificateFingerprint(signer.der);
    // Registered and approved on the ledger by another path (an earlier gateway, the set-up).
    await env.p.world.registerAndApprove(SCHOOL, signer);
    const res = await register('schoolAdmin', toBase64(signer.der));
    expect(res.statusCode).toBe(202);
    await tick({ 'registerCertificate:recovered': 1 });
    const read = await call('principal', 'GET', `/v1/certificates/${fingerprint}`);
    expect(read.json()).toMatchObject({ status: 'active', ledger: { status: 'approved' } });
  });

  it('the database follows the ledger when the ledger approved first', async () => {
    const signer = await env.p.world.makeSigner(SCHOOL);
    const fingerprint = certificateFingerprint(signer.der);
    expect((await register('principal', derToPem(signer.der, 'CERTIFICATE'))).statusCode).toBe(202);
    await tick({ 'registerCertificate:submitted': 1 });
    const s = env.p.world.schools[SCHOOL]!;
    await env.p.world.submit('registry:approveCertificate', [fingerprint], env.p.world.ids.province!, [
      'DoetMSP',
      s.districtMsp,
    ]);
    const read = await call('principal', 'GET', `/v1/certificates/${fingerprint}`);
    expect(read.json()).toMatchObject({ status: 'active', ledger: { status: 'approved' } });
  });
});

describe('exactly once', () => {
  it('a registration and an approval whose answers were lost are retried, found on the ledger, not submitted again', async () => {
    const signer = await env.p.world.makeSigner(SCHOOL);
    const fingerprint = certificateFingerprint(signer.der);
    expect((await register('principal', derToPem(signer.der, 'CERTIFICATE'))).statusCode).toBe(202);
    const submitted = () => ledger.submits.filter((f) => f.startsWith('registry:')).length;
    const before = submitted();
    const later = () => {
      env.p.world.now = new Date(env.p.world.now.getTime() + 5_000);
    };

    ledger.loseAnswers = 1;
    await tick({ 'registerCertificate:retry': 1 });
    later();
    await tick({ 'registerCertificate:recovered': 1 });
    expect(submitted() - before).toBe(1);

    expect((await call('province', 'POST', `/v1/certificates/${fingerprint}/approve`)).statusCode).toBe(202);
    ledger.loseAnswers = 1;
    await tick({ 'approveCertificate:retry': 1 });
    later();
    await tick({ 'approveCertificate:recovered': 1 });
    expect(submitted() - before).toBe(2);
    const read = await call('principal', 'GET', `/v1/certificates/${fingerprint}`);
    expect(read.json()).toMatchObject({ status: 'active', ledger: { status: 'approved' } });
  });
});

describe('what cannot sign is refused, with a stable code', () => {
  const world = () => env.p.world;
  const pemOf = (der: Uint8Array) => derToPem(der, 'CERTIFICATE');

  it('expired, not yet valid, a wrong key usage, no path to a registered root, unreadable', async () => {
    const expired = await world().makeSigner(SCHOOL, {
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2025-01-01T00:00:00Z'),
    });
    expect(code(await register('principal', pemOf(expired.der)))).toBe('CERT_EXPIRED');
    const future = await world().makeSigner(SCHOOL, {
      notBefore: new Date('2027-01-01T00:00:00Z'),
      notAfter: new Date('2028-01-01T00:00:00Z'),
    });
    expect(code(await register('principal', pemOf(future.der)))).toBe('CERT_NOT_YET_VALID');
    const encipherOnly = await makeCert({
      name: `C=VN, O=${SCHOOL}, CN=Hieu truong`,
      keys: await generateKeys('EC'),
      issuer: world().root,
      ca: false,
      keyUsage: x509.KeyUsageFlags.keyAgreement,
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2028-01-01T00:00:00Z'),
    });
    const wrongUsage = await register('principal', pemOf(encipherOnly.der));
    expect([wrongUsage.statusCode, code(wrongUsage)]).toEqual([422, 'CERT_KEY_USAGE']);
    const selfSigned = await makeCert({
      name: `C=VN, O=${SCHOOL}, CN=Hieu truong`,
      keys: await generateKeys('EC'),
      ca: false,
      keyUsage: x509.KeyUsageFlags.digitalSignature,
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2028-01-01T00:00:00Z'),
    });
    expect(code(await register('principal', pemOf(selfSigned.der)))).toBe('CERT_CHAIN_UNTRUSTED');
    expect(code(await register('principal', 'MIIB'))).toBe('CERT_MALFORMED');
    const unreadable = await register('principal', 'không phải chứng thư');
    expect([unreadable.statusCode, code(unreadable)]).toEqual([422, 'CERTIFICATE_UNREADABLE']);
    expect(code(await register('principal', '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----'))).toBe(
      'CERTIFICATE_UNREADABLE',
    );
    // Nothing of these was stored or queued.
    const rows = await env.s.db.select().from(certificates).where(eq(certificates.schoolId, SCHOOL));
    for (const c of [expired, future, encipherOnly, selfSigned])
      expect(rows.map((r) => r.fingerprint)).not.toContain(certificateFingerprint(c.der));
    await tick({});
  });

  it('unknown school, unknown certificate, a malformed fingerprint', async () => {
    expect(code(await register('principal', 'MIIB', 'SCH-NOPE'))).toBe('SCHOOL_NOT_FOUND');
    expect(code(await call('principal', 'GET', `/v1/certificates/${'0'.repeat(64)}`))).toBe(
      'CERTIFICATE_NOT_FOUND',
    );
    expect(code(await call('principal', 'GET', '/v1/certificates/XYZ'))).toBe('VALIDATION');
  });
});
