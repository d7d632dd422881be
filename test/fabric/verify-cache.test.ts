/**
 * The verify caches on the real Fabric network (issue 16): the gateway process as `LEDGER=fabric npm start`
 * runs it answers a lookup, keeps the answer, and sees a revocation that another client made straight on
 * the ledger — the province's officer granting, the principal revoking, with their own identities from the
 * network's wallet and a Fabric client of this test, never through the gateway — within a second, through
 * the chaincode event its follower reads from the province's peer.
 *
 * The network is this file's own unless HOCBA_FABRIC_DIR / HOCBA_FABRIC_PORT_OFFSET are set: it is reset
 * first (a new ledger), and stopped at the end if it was not running before.
 */
import { resolve } from 'node:path';
import { enrol, FabricLedgerClient, loadProfile } from '@hocba/gateway/fabric';
import { chaincode, type LedgerIdentity } from '@hocba/gateway/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitEndorsers } from './discovery.ts';
import {
  Api,
  ensurePortalBuilt,
  type FabricGateway,
  ROOT,
  startFabricGateway,
  until,
} from './gateway-process.ts';
import * as net from './network.ts';

process.env.HOCBA_FABRIC_DIR ??= resolve(ROOT, '.data/fabric-verify-cache');
process.env.HOCBA_FABRIC_PORT_OFFSET ??= '22000';

const SCHOOL = 'SCH-QN-001';
const ORGS = ['DoetMSP', 'District1MSP'];

interface LookupAnswer {
  bundle: { manifest: { batchId: string }; inclusion: { leafIndex: number } };
  report: { verdict: string; steps: { step: string; outcome: string; code: string }[] };
}

let networkWasRunning = false;
let gw: FabricGateway | undefined;
let api: Api;
let other: FabricLedgerClient | undefined;
let province: LedgerIdentity;
let principal: LedgerIdentity;

beforeAll(async () => {
  const before = await net.status();
  networkWasRunning = before.created && before.processes.every((p) => p.state === 'running');
  await net.reset();
  await waitEndorsers();
  ensurePortalBuilt();
  // At info, its log says when the caches went on and which lookups they answered.
  gw = await startFabricGateway(180_000, { LOG_LEVEL: 'info' });
  api = new Api(gw.url);
  // Another client of the ledger: the staff's own identities (enrolled by the gateway's first start).
  const profile = loadProfile();
  province = await enrol(profile, 'DoetMSP', 'province-officer', { 'hocba.role': 'provinceOfficer' });
  principal = await enrol(profile, 'DoetMSP', `principal-${SCHOOL}`, {
    'hocba.role': 'principal',
    'hocba.school': SCHOOL,
  });
  other = new FabricLedgerClient({ profile, eventIdentity: province });
}, 300_000);

afterAll(async () => {
  await other?.close();
  const exit = gw ? await gw.stop() : undefined;
  if (!networkWasRunning) await net.down();
  expect(api?.statuses.filter((s) => s >= 500) ?? []).toEqual([]);
  if (exit) expect(exit).toEqual({ code: 0, signal: null });
}, 120_000);

describe('the verify caches on Fabric', () => {
  it('a revocation made on the ledger by another client shows in the next lookups within a second', async () => {
    // The gateway follows the ledger's events (plugins/app/ledger-cache.ts) once its event stream is open:
    // a moment after it listens, so the line may follow the banner.
    await until(
      'the caches following the ledger',
      async () => gw!.run.output(),
      (out) => out.includes('verify caches on'),
      { timeoutMs: 20_000, everyMs: 50 },
    );
    const path = `/v1/verify/${gw!.lookupCode}?dob=${gw!.dob}`;
    const t1 = performance.now();
    const first = await api.request<LookupAnswer>('GET', path);
    const firstMs = performance.now() - t1;
    expect(first.status).toBe(200);
    expect(first.body.report.verdict).toBe('valid');
    // Answered again (from the cache: the same report).
    const t0 = performance.now();
    const again = await api.request<LookupAnswer>('GET', path);
    const cachedMs = performance.now() - t0;
    expect(again.body.report.steps).toEqual(first.body.report.steps);
    // The process's log reaches this test through a pipe, a moment after the answer.
    await until(
      'the lookup log line of a cached answer',
      async () => gw!.run.output(),
      (out) => out.includes('"cached":true'),
      { timeoutMs: 5000, everyMs: 50 },
    );

    const { batchId } = first.body.bundle.manifest;
    const { leafIndex } = first.body.bundle.inclusion;
    const permitUntil = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
    await chaincode.grantPermission(
      other!,
      { identity: province, endorsingOrgs: ORGS },
      {
        batchId,
        action: 'revoke',
        until: permitUntil,
        legalBasis: 'QĐ 5/QĐ-SGDĐT',
      },
    );
    await chaincode.revokeRecord(
      other!,
      { identity: principal, endorsingOrgs: ORGS },
      {
        batchId,
        leafIndex,
        reasonCode: 'CORRECTION',
        legalBasis: 'QĐ 6/QĐ-THKĐ',
      },
    );
    const committed = performance.now();
    let answer: LookupAnswer = again.body;
    let polls = 0;
    while (performance.now() - committed < 5000) {
      answer = (await api.request<LookupAnswer>('GET', path)).body;
      polls++;
      if (answer.report.verdict !== 'valid') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const seenMs = performance.now() - committed;
    console.info(
      `[verify-cache] first lookup ${firstMs.toFixed(1)} ms, cached ${cachedMs.toFixed(1)} ms; revocation seen after ${seenMs.toFixed(0)} ms (${polls} lookups)`,
    );
    expect(answer.report.verdict).toBe('invalid');
    expect(answer.report.steps.find((s) => s.step === 'status')?.code).toBe('STATUS_REVOKED');
    expect(seenMs).toBeLessThan(1000);
    expect(gw!.run.output()).not.toContain('ledger events broken');
  });
});
