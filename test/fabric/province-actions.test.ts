/**
 * The province's and the Ministry's registry writes on the real Fabric network (issue 14, engineer C): the
 * gateway process as `LEDGER=fabric npm start` runs it, driven through its HTTP API as the demo's province
 * officer (`so.quangninh`) and Ministry auditor (`thanhtra.bo`) use it, and every fact read back on the
 * Ministry's peer with an identity of the Ministry (ministry-peer.ts), never only through the gateway:
 *
 *   1. PUT /v1/calendars/:year — the windows the outbox worker submits are the calendar the Ministry's peer
 *      returns (calendar:getCalendar), each window equal;
 *   2. POST /v1/trust-anchors (a second root CA, the Ministry's identity endorsed by the Ministry, the
 *      province and a district) — active on the Ministry's peer; a school certificate issued by it is
 *      registered by the principal and approved by the province through the API — `approved` on the peer;
 *      another one revoked with a reason — `revoked` with that reason code on the peer; the gateway's
 *      lists say the same (GET /v1/certificates?status=approved|revoked);
 *   3. POST /v1/trust-anchors/:fp/retire — `retired` with the reason on the peer, and /trust-anchors.json
 *      no longer lists it;
 *   4. POST /v1/districts, POST /v1/schools, PUT /v1/schools/:id/district — the school on the peer in its
 *      new district (registry:getSchool, movedAt set) and the gateway's GET /v1/districts agreeing;
 *   5. every outbox write above valid on the Ministry's peer: each `ledger.*` audit entry's transaction
 *      (when the worker knew it) is a valid transaction there; no request was answered with a 5xx.
 *
 * Written by engineer C and NOT run by them (no Fabric network is started in the shared checkout): the
 * lead runs it. The network is this file's own unless HOCBA_FABRIC_DIR / HOCBA_FABRIC_PORT_OFFSET are set:
 * it is reset first (a new ledger), and stopped at the end if it was not running before.
 */
import { resolve } from 'node:path';
import { certificateFingerprint, derToPem } from '@hocba/integrity';
import { generateKeys, makeCert, x509 } from '@hocba/integrity/testing/fixtures/pki.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitEndorsers } from './discovery.ts';
import {
  type Answer,
  Api,
  ensurePortalBuilt,
  type FabricGateway,
  ROOT,
  startFabricGateway,
  until,
} from './gateway-process.ts';
import { type MinistryPeer, openMinistryPeer } from './ministry-peer.ts';
import * as net from './network.ts';

process.env.HOCBA_FABRIC_DIR ??= resolve(ROOT, '.data/fabric-province-actions');
process.env.HOCBA_FABRIC_PORT_OFFSET ??= '21000';

const PROVINCE = 'so.quangninh';
const MINISTRY = 'thanhtra.bo';
const PRINCIPAL = 'hieutruong.kimdong';
const SCHOOL = 'SCH-QN-001';

let networkWasRunning = false;
let gw: FabricGateway | undefined;
let api: Api;
let m: MinistryPeer;
let schoolYear: string;

/** PUT, which the Api helper does not send: the same request with the account's token. */
async function put<T>(login: string, path: string, body: unknown): Promise<Answer<T>> {
  const token = await api.login(login);
  const res = await fetch(`${api.base}${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  api.statuses.push(res.status);
  return { status: res.status, body: (await res.json()) as T };
}

interface LedgerCert {
  fingerprint: string;
  status: string;
  revocationReason?: string;
}
interface LedgerAnchor {
  fingerprint: string;
  status: string;
  reason?: string;
}

beforeAll(async () => {
  const before = await net.status();
  networkWasRunning = before.created && before.processes.every((p) => p.state === 'running');
  await net.reset();
  await waitEndorsers();
  ensurePortalBuilt();
  gw = await startFabricGateway();
  api = new Api(gw.url);
  m = await openMinistryPeer();
  // The demo's school year: the one its seeded batch belongs to.
  const batches = await api.as<{ items: { schoolYear: string }[] }>(PROVINCE, 'GET', '/v1/batches/');
  schoolYear = batches.body.items[0]!.schoolYear;
}, 300_000);

afterAll(async () => {
  await m?.close();
  const exit = gw ? await gw.stop() : undefined;
  if (!networkWasRunning) await net.down();
  expect(api?.statuses.filter((s) => s >= 500) ?? []).toEqual([]);
  if (exit) expect(exit).toEqual({ code: 0, signal: null });
}, 120_000);

describe('the province’s and the Ministry’s ledger writes on Fabric', () => {
  it('sets the calendar: the Ministry’s peer holds the same windows', async () => {
    const [first, second] = schoolYear.split('-').map(Number) as [number, number];
    const windows = {
      lockFrom: `${second}-05-01T00:00:00.000Z`,
      lockUntil: `${second}-06-20T16:59:59.000Z`,
      acceptanceDeadline: `${second}-06-30T16:59:59.000Z`,
      reportDeadline: `${second}-07-10T16:59:59.000Z`,
      supplementaryDeadline: `${second}-08-15T16:59:59.000Z`,
      replacementFrom: `${second}-07-11T00:00:00.000Z`,
      replacementUntil: `${second}-12-31T16:59:59.000Z`,
    };
    expect(first + 1).toBe(second);
    const res = await put(PROVINCE, `/v1/calendars/${schoolYear}`, windows);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const onPeer = await until(
      'the calendar on the Ministry’s peer',
      () => m.evaluate<Record<string, string>>('calendar:getCalendar', [schoolYear]),
      (c) => c.acceptanceDeadline === windows.acceptanceDeadline && c.lockFrom === windows.lockFrom,
    );
    expect(onPeer).toMatchObject(windows);
  });

  it('registers a root CA, approves and revokes certificates it issued, retires the root', async () => {
    const root = await makeCert({
      name: 'C=VN, O=Bo GDDT, CN=Fabric Second Root CA',
      keys: await generateKeys('EC'),
      ca: true,
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2035-01-01T00:00:00Z'),
    });
    const rootPem = derToPem(root.der, 'CERTIFICATE');
    const registered = await api.as<{ fingerprint: string }>(MINISTRY, 'POST', '/v1/trust-anchors', {
      certificate: rootPem,
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(202);
    const rootFp = registered.body.fingerprint;
    await until(
      'the root active on the Ministry’s peer',
      () => m.evaluate<LedgerAnchor[]>('trust:listTrustAnchors', []),
      (all) => all.some((a) => a.fingerprint === rootFp && a.status === 'active'),
    );

    // Two principal certificates issued by the new root: one approved, one revoked.
    const fps: string[] = [];
    for (const cn of ['Approved Principal', 'Revoked Principal']) {
      const leaf = await makeCert({
        name: `C=VN, O=${SCHOOL}, CN=${cn}`,
        keys: await generateKeys('EC'),
        issuer: root,
        ca: false,
        keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
        notBefore: new Date('2026-01-01T00:00:00Z'),
        notAfter: new Date('2029-01-01T00:00:00Z'),
      });
      const r = await api.as(PRINCIPAL, 'POST', `/v1/schools/${SCHOOL}/certificates`, {
        certificate: derToPem(leaf.der, 'CERTIFICATE'),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      fps.push(certificateFingerprint(leaf.der));
    }
    const [approveFp, revokeFp] = fps as [string, string];
    for (const fp of fps)
      await until(
        `certificate ${fp} registered on the peer`,
        () => m.evaluate<LedgerCert>('registry:getCertificate', [fp]).catch(() => undefined),
        (c) => c?.status === 'pending',
      );
    // The gateway lets the province act once it has recorded the registration's commit, which may come
    // after the Ministry's peer has the block.
    await until(
      'the registrations recorded by the gateway',
      async () =>
        (
          await api.as<{ items: { fingerprint: string; onLedger: boolean }[] }>(
            PROVINCE,
            'GET',
            '/v1/certificates?status=pending',
          )
        ).body.items.filter((c) => fps.includes(c.fingerprint) && c.onLedger).length,
      (n) => n === fps.length,
    );

    const approved = await api.as(PROVINCE, 'POST', `/v1/certificates/${approveFp}/approve`);
    expect(approved.status, JSON.stringify(approved.body)).toBe(202);
    const revoked = await api.as(PROVINCE, 'POST', `/v1/certificates/${revokeFp}/revoke`, {
      reasonCode: 'AFFILIATION_CHANGED',
    });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(202);
    await until(
      'the approval on the peer',
      () => m.evaluate<LedgerCert>('registry:getCertificate', [approveFp]),
      (c) => c.status === 'approved',
    );
    const onPeer = await until(
      'the revocation on the peer',
      () => m.evaluate<LedgerCert>('registry:getCertificate', [revokeFp]),
      (c) => c.status === 'revoked',
    );
    expect(onPeer.revocationReason).toBe('AFFILIATION_CHANGED');
    const listed = async (status: string) =>
      (
        await api.as<{ items: { fingerprint: string }[] }>(
          PROVINCE,
          'GET',
          `/v1/certificates?status=${status}`,
        )
      ).body.items.map((c) => c.fingerprint);
    await until(
      'the gateway’s lists',
      async (): Promise<[string[], string[]]> => [await listed('approved'), await listed('revoked')],
      ([a, r]) => a.includes(approveFp) && r.includes(revokeFp),
    );

    const retire = await api.as(MINISTRY, 'POST', `/v1/trust-anchors/${rootFp}/retire`, {
      reason: 'Thử nghiệm kết thúc',
    });
    expect(retire.status, JSON.stringify(retire.body)).toBe(202);
    const anchors = await until(
      'the root retired on the peer',
      () => m.evaluate<LedgerAnchor[]>('trust:listTrustAnchors', []),
      (all) => all.some((a) => a.fingerprint === rootFp && a.status === 'retired'),
    );
    expect(anchors.find((a) => a.fingerprint === rootFp)!.reason).toBe('Thử nghiệm kết thúc');
    const json = (await (await fetch(`${api.base}/trust-anchors.json`)).json()) as { trustAnchors: string[] };
    expect(json.trustAnchors.map((p) => p.trim())).not.toContain(rootPem.trim());
  });

  it('registers a district and a school, moves the school: the peer and the gateway agree', async () => {
    const d = await api.as(PROVINCE, 'POST', '/v1/districts', {
      districtId: 'district9',
      name: 'Phòng GD&ĐT Uông Bí',
      mspId: 'District1MSP',
    });
    expect(d.status, JSON.stringify(d.body)).toBe(202);
    interface Registry {
      items: { districtId: string; schools: { schoolId: string }[] }[];
      pending: { state: string }[];
    }
    const registry = () => api.as<Registry>(PROVINCE, 'GET', '/v1/districts').then((r) => r.body);
    await until('the district in the gateway', registry, (r) =>
      r.items.some((x) => x.districtId === 'district9'),
    );

    const s = await api.as(PROVINCE, 'POST', '/v1/schools', {
      schoolId: 'SCH-QN-UB1',
      name: 'Trường Tiểu học Uông Bí',
      level: 'TH',
      districtId: 'district9',
    });
    expect(s.status, JSON.stringify(s.body)).toBe(202);
    await until(
      'the school on the peer',
      () => m.evaluate<{ districtId: string }>('registry:getSchool', ['SCH-QN-UB1']).catch(() => undefined),
      (x) => x?.districtId === 'district9',
    );

    const moved = await put(PROVINCE, '/v1/schools/SCH-QN-UB1/district', { districtId: 'district2' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(202);
    const onPeer = await until(
      'the move on the peer',
      () => m.evaluate<{ districtId: string; movedAt?: string }>('registry:getSchool', ['SCH-QN-UB1']),
      (x) => x.districtId === 'district2',
    );
    expect(onPeer.movedAt).toEqual(expect.any(String));
    const r = await until('the gateway agreeing', registry, (x) => x.pending.length === 0);
    expect(r.items.find((x) => x.districtId === 'district2')!.schools.map((x) => x.schoolId)).toContain(
      'SCH-QN-UB1',
    );
  });

  it('every ledger write the audit log names is a valid transaction on the Ministry’s peer', async () => {
    // A write's entry is made when the gateway hears its commit, possibly after the peer has the block.
    const ours = await until(
      'the eight kinds of ledger write in the audit log',
      async () => {
        const audit = await api.as<{ items: { action: string; details?: { txId?: string | null } }[] }>(
          MINISTRY,
          'GET',
          '/v1/audit?limit=500',
        );
        expect(audit.status).toBe(200);
        return audit.body.items.filter((e) =>
          /^ledger\.(setCalendar|registerTrustAnchor|retireTrustAnchor|revokeCertificate|approveCertificate|registerDistrict|registerSchool|moveSchool)$/.test(
            e.action,
          ),
        );
      },
      (found) => new Set(found.map((e) => e.action)).size === 8,
    );
    expect(ours.length).toBeGreaterThanOrEqual(8);
    for (const e of ours) {
      const txId = e.details?.txId;
      if (!txId) continue;
      const tx = await m.transaction(txId);
      expect(tx?.valid, `${e.action} ${txId}`).toBe(true);
    }
  });
});
