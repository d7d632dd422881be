/**
 * The registry's outbox actions exactly once (outbox-worker.ts): a write that committed on the ledger but
 * whose answer was lost is found on the ledger by the next attempt and recorded, never submitted twice — a
 * district (no ledger read: its ALREADY_EXISTS after our own attempt means done), a school, its move, a
 * trust anchor and a certificate's revocation. The database follows once, as after a clean submission.
 */
import { certificates, districts, schools } from '@hocba/db';
import { certificateFingerprint, derToPem, describeCertificate } from '@hocba/integrity';
import { generateKeys, makeCert } from '@hocba/integrity/testing/fixtures/pki.ts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaincode, type LedgerClient } from '../../src/ledger/index.ts';
import { type Env, makeEnv } from '../after-lock/helpers.ts';

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

beforeAll(async () => {
  env = await makeEnv({
    ledger: (l) => {
      ledger = lossy(l);
      return ledger;
    },
  });
}, 120_000);
afterAll(async () => {
  await env?.close();
});

const call = (
  who: Parameters<Env['call']>[0],
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
) =>
  env.app.inject({
    method,
    url,
    ...(payload !== undefined && { payload: payload as object }),
    ...(who && { headers: { authorization: `Bearer ${env.tokens[who]}` } }),
  });

/** Loses the answer of the next submission, then ticks twice: a retry, then the recovery. */
async function lostThenRecovered(action: string): Promise<void> {
  ledger.loseAnswers = 1;
  const before = ledger.submits.length;
  const first = await env.worker.tick();
  expect(first.map((o) => `${o.action}:${o.outcome}`)).toEqual([`${action}:retry`]);
  // The backoff (1 s) is past by the World's clock.
  env.p.world.now = new Date(env.p.world.now.getTime() + 2_000);
  const second = await env.worker.tick();
  expect(second.map((o) => `${o.action}:${o.outcome}`)).toEqual([`${action}:recovered`]);
  // Submitted once: the second attempt found the fact (or, for a district, its duplicate) and recorded it.
  const submitted = ledger.submits.slice(before);
  expect(submitted.length).toBe(action === 'registerDistrict' ? 2 : 1);
  expect(await env.worker.tick()).toEqual([]);
}

describe('a committed registry write whose answer was lost', () => {
  it('is recorded once: district, school, move, trust anchor, revocation', async () => {
    expect(
      (
        await call('province', 'POST', '/v1/districts', {
          districtId: 'district8',
          name: 'Phòng GD&ĐT Đông Triều',
          mspId: 'District2MSP',
        })
      ).statusCode,
    ).toBe(202);
    await lostThenRecovered('registerDistrict');
    const [d] = await env.s.db.select().from(districts).where(eq(districts.id, 'district8'));
    expect(d).toMatchObject({ mspId: 'District2MSP', name: 'Phòng GD&ĐT Đông Triều' });

    expect(
      (
        await call('province', 'POST', '/v1/schools', {
          schoolId: 'SCH-QN-008',
          name: 'Trường THCS Đông Triều',
          level: 'THCS',
          districtId: 'district8',
        })
      ).statusCode,
    ).toBe(202);
    await lostThenRecovered('registerSchool');
    const [s] = await env.s.db.select().from(schools).where(eq(schools.id, 'SCH-QN-008'));
    expect(s!.districtId).toBe('district8');

    expect(
      (await call('province', 'PUT', '/v1/schools/SCH-QN-008/district', { districtId: 'district1' }))
        .statusCode,
    ).toBe(202);
    await lostThenRecovered('moveSchool');
    const [moved] = await env.s.db.select().from(schools).where(eq(schools.id, 'SCH-QN-008'));
    expect(moved!.districtId).toBe('district1');
    expect(await chaincode.getSchool(env.ledger, env.p.world.ids.auditor!, 'SCH-QN-008')).toMatchObject({
      districtId: 'district1',
    });

    const root = await makeCert({
      name: 'C=VN, O=Bo GDDT, CN=Lost Answer Root',
      keys: await generateKeys('EC'),
      ca: true,
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2035-01-01T00:00:00Z'),
    });
    const res = await call('ministry', 'POST', '/v1/trust-anchors', {
      certificate: derToPem(root.der, 'CERTIFICATE'),
    });
    expect([res.statusCode, res.json().fingerprint]).toEqual([202, certificateFingerprint(root.der)]);
    await lostThenRecovered('registerTrustAnchor');

    // The World's own signer of school 001, approved on the ledger at set-up (the database's copy written
    // here as the seed writes it): revoked, its answer lost.
    const der = env.p.world.schools['SCH-QN-001']!.signer.der;
    const fp = certificateFingerprint(der);
    const desc = describeCertificate(der);
    await env.s.db.insert(certificates).values({
      fingerprint: fp,
      purpose: 'batchSigner',
      schoolId: 'SCH-QN-001',
      subject: desc.subject,
      pem: derToPem(der, 'CERTIFICATE'),
      notBefore: desc.notBefore,
      notAfter: desc.notAfter,
      status: 'active',
    });
    const revoked = await call('province', 'POST', `/v1/certificates/${fp}/revoke`, {
      reasonCode: 'SUPERSEDED',
    });
    expect(revoked.statusCode, revoked.body).toBe(202);
    await lostThenRecovered('revokeCertificate');
    const [row] = await env.s.db.select().from(certificates).where(eq(certificates.fingerprint, fp));
    expect(row!.status).toBe('revoked');
  });
});
