/**
 * The whole path on the real Fabric network (issue 11 point 4): the gateway process as `npm start` runs it
 * with LEDGER=fabric, driven through its HTTP API as the demo staff use it, the lookup verified by the
 * portal's own page in Chromium, and every fact checked against the Ministry's peer with an identity of the
 * Ministry (ministry-peer.ts), never only through the gateway under test:
 *
 *   1. the batch the first start seeded is anchored: its transaction valid in the block the gateway says;
 *   2. lock → sign (two-step: the signing request, a CMS made here with the principal's key) → anchor, for
 *      another class, through the API;
 *   3. the district officer accepts the seeded batch: accepted on the ledger (its district's peer endorsed);
 *   4. a lookup answers `valid` in the portal page (integrity's verifyBundle in Chromium), with the block and
 *      transaction the Ministry's peer has; the facts the gateway hands the browser equal the Ministry's,
 *      and the bundle verifies in Node against the Ministry's facts too;
 *   5. the province permits, the principal revokes one record: revoked on the ledger, `invalid` in the page;
 *   6. the other class's batch is recalled (asked, permitted, recalled), then replaced (permitted, locked,
 *      signed, anchored): the old record's bundle superseded, its code answering the replacement `valid`
 *      in the page;
 *   7. the province's yearly report (its root recomputed from the Ministry's batch roots) and the
 *      Ministry's acknowledgement, both on the ledger;
 *   8. every orderer and peer at one height, every block 0…height−1 on the Ministry's peer chained by
 *      hash, and every ledger transaction the gateway's audit log records valid in the block it names.
 *
 * The network is this file's own unless HOCBA_FABRIC_DIR / HOCBA_FABRIC_PORT_OFFSET are set: it is reset
 * first (a new ledger), and stopped at the end if it was not running before.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readAnchorView } from '@hocba/gateway/ledger';
import {
  certificateFingerprint,
  fromBase64,
  fromHex,
  leafHash,
  MerkleTree,
  pemToDer,
  sha256,
  signCms,
  toBase64,
  toHex,
  type VerificationReport,
  verifyBundle,
} from '@hocba/integrity';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDob, type Guarded, guardedPage, launch } from '../browser/chromium.ts';
import { waitEndorsers } from './discovery.ts';
import {
  Api,
  ensurePortalBuilt,
  errorCode,
  type FabricGateway,
  ROOT,
  startFabricGateway,
  until,
} from './gateway-process.ts';
import { type MinistryPeer, openMinistryPeer } from './ministry-peer.ts';
import * as net from './network.ts';

// This file's own network beside the others' (the script's default is .data/fabric, ports unmoved), unless
// the environment names one. Read when a script runs or a profile is loaded, never at import.
process.env.HOCBA_FABRIC_DIR ??= resolve(ROOT, '.data/fabric-e2e');
process.env.HOCBA_FABRIC_PORT_OFFSET ??= '20000';

const PRINCIPAL = 'hieutruong.kimdong';
const DISTRICT = 'phong.halong';
const PROVINCE = 'so.quangninh';
const MINISTRY = 'thanhtra.bo';
const SCHOOL = 'SCH-QN-001';
const BASIS = 'QĐ 12/QĐ-SGDĐT';

interface BatchView {
  batchId: string;
  schoolId: string;
  schoolYear: string;
  classId: string | null;
  kind: string;
  supersedes: string | null;
  state: string;
  root: string | null;
  leafCount: number | null;
  anchor: { txId: string; blockNumber: number | null; anchoredAt: string | null } | null;
}
interface LedgerBatch {
  batchId: string;
  state: string;
  root: string;
  kind: string;
  anchorTxId: string;
  manifestHash: string;
  signerCert: string;
  supersedes?: string;
  supersededBy?: string;
  recall?: { reasonCode: string; txId: string };
}
interface LookupAnswer {
  record: Record<string, unknown>;
  bundle: { inclusion: { leafIndex: number }; manifest: Record<string, unknown> };
  ledger: { anchor: Record<string, unknown>; trustAnchors: string[] };
  report: VerificationReport;
  replacement?: { lookupCode: string };
}
interface StatusEvent {
  kind: string;
  permittedAction: string | null;
  recordId: string | null;
  ledgerTxId: string | null;
  blockNumber: number | null;
  queue: { state: string; errorCode: string | null } | null;
}
interface Seat {
  recordId: string;
  code: string;
  dob: string;
}

let gw: FabricGateway;
let api: Api;
let m: MinistryPeer;
let browser: Browser;
let networkWasRunning = false;
let schoolYear: string;
let seeded: BatchView;
const started = Date.now();
/** Seconds each phase took, printed at the end. */
const phases: string[] = [];
let lap = Date.now();
const phase = (name: string) => {
  phases.push(`${name} ${((Date.now() - lap) / 1000).toFixed(1)} s`);
  lap = Date.now();
};

const failing = (r: VerificationReport) =>
  r.steps.filter((s) => s.outcome !== 'pass').map((s) => `${s.step}:${s.code}`);
const batchView = async (batchId: string) =>
  (await api.as<BatchView>(PRINCIPAL, 'GET', `/v1/batches/${batchId}`)).body;
const ledgerBatch = (batchId: string) => m.evaluate<LedgerBatch>('batch:getBatch', [batchId]);
const untilBatch = (batchId: string, state: string) =>
  until(
    `batch ${batchId} ${state}`,
    () => batchView(batchId),
    (b) => b.state === state,
  );

/** A transaction the gateway reported: on the Ministry's peer, valid, in the same block. */
async function onMinistryPeer(txId: string, blockNumber?: number | null): Promise<number> {
  const tx = await m.transaction(txId);
  expect(tx, `transaction ${txId} on the Ministry's peer`).toBeDefined();
  expect(tx!.valid).toBe(true);
  if (blockNumber !== undefined && blockNumber !== null) expect(tx!.blockNumber).toBe(blockNumber);
  return tx!.blockNumber;
}

/** The code and date of birth of a record, as its school reads them. */
async function seatOf(recordId: string): Promise<Seat> {
  const r = await api.as<{ lookupCode: string; record: { biography: { dateOfBirth: string } } }>(
    PRINCIPAL,
    'GET',
    `/v1/records/${recordId}`,
  );
  expect(r.status).toBe(200);
  return { recordId, code: r.body.lookupCode, dob: r.body.record.biography.dateOfBirth };
}

async function classRecords(classId: string) {
  const r = await api.as<{ records: { recordId: string; version: number; state: string }[] }>(
    PRINCIPAL,
    'GET',
    `/v1/classes/${classId}/records`,
  );
  expect(r.status).toBe(200);
  return r.body.records;
}

/** The province's permission for `action` on a batch, waited for until the ledger has it. */
async function permit(batchId: string, action: 'revoke' | 'recall' | 'replace'): Promise<void> {
  const until30 = new Date(Date.now() + 30 * 24 * 3600_000).toISOString();
  const res = await api.as(PROVINCE, 'POST', '/v1/permissions', {
    batchId,
    action,
    until: until30,
    legalBasis: BASIS,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const events = await until(
    `${action} permission on ${batchId}`,
    async () =>
      (await api.as<{ items: StatusEvent[] }>(PRINCIPAL, 'GET', `/v1/batches/${batchId}/status-events`)).body
        .items,
    (items) =>
      items.some((e) => e.permittedAction === action && /^(done|failed)$/.test(e.queue?.state ?? '')),
  );
  const e = events.find((x) => x.permittedAction === action)!;
  expect(e.queue).toMatchObject({ state: 'done', errorCode: null });
  await onMinistryPeer(e.ledgerTxId!, e.blockNumber);
}

/** The principal of the school in the dev PKI: their registered certificate and its key's file. */
function principal(): { cert: Uint8Array; fingerprint: string; keyFile: string } {
  const pki = join(ROOT, '.dev-pki');
  const index = JSON.parse(readFileSync(join(pki, 'index.json'), 'utf8')) as {
    schools: { schoolId: string; principal: { certificate: string; privateKey: string } }[];
  };
  const files = index.schools.find((s) => s.schoolId === SCHOOL)!.principal;
  const cert = pemToDer(readFileSync(join(pki, files.certificate), 'utf8'), 'CERTIFICATE')[0]!;
  return { cert, fingerprint: certificateFingerprint(cert), keyFile: join(pki, files.privateKey) };
}

/** The principal's two-step signing: the signing request, a CMS made here with their key, posted back. */
async function sign(batchId: string): Promise<void> {
  const { cert, fingerprint, keyFile } = principal();
  const req = await api.as<{ manifestBytes: string; digest: string; manifest: Record<string, unknown> }>(
    PRINCIPAL,
    'GET',
    `/v1/batches/${batchId}/signing-request?signer=${fingerprint}`,
  );
  expect(req.status, JSON.stringify(req.body)).toBe(200);
  const bytes = fromBase64(req.body.manifestBytes)!;
  // What is signed is what the digest says, and the manifest names this batch and this signer.
  expect(toHex(sha256(bytes))).toBe(req.body.digest);
  expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(req.body.manifest);
  expect(req.body.manifest).toMatchObject({ batchId, schoolId: SCHOOL, signerCert: fingerprint });
  const pkcs8 = createPrivateKey(readFileSync(keyFile)).export({ format: 'der', type: 'pkcs8' });
  const key = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
  ]);
  const cms = await signCms({ content: bytes, privateKey: key, certificate: cert, signingTime: new Date() });
  const signed = await api.as(PRINCIPAL, 'POST', `/v1/batches/${batchId}/signature`, { cms: toBase64(cms) });
  expect(signed.status, JSON.stringify(signed.body)).toBe(200);
  expect(signed.body).toMatchObject({ state: 'signed', signerCert: fingerprint });
}

/**
 * The answer's ledger facts equal what the Ministry's peer says (read there with gateway/src/ledger's own
 * reader), and the bundle verifies in Node against the Ministry's facts.
 */
async function checkAgainstMinistry(answer: LookupAnswer): Promise<VerificationReport> {
  const { view, anchors, report } = await atMinistry(answer.bundle);
  expect(answer.ledger.anchor).toEqual(view);
  expect(answer.ledger.trustAnchors).toEqual(anchors);
  return report;
}

/** A bundle (an answer's, or a file made before) verified in Node against what the Ministry's peer says now. */
async function atMinistry(bundle: LookupAnswer['bundle']) {
  const view = await readAnchorView(
    m.ledger,
    m.identity,
    m.profile.channel,
    bundle.manifest.batchId as string,
    bundle.inclusion.leafIndex,
  );
  const anchors = (
    await m.evaluate<{ certificatePem: string; status: string }[]>('trust:listTrustAnchors', [])
  )
    .filter((a) => a.status === 'active')
    .map((a) => a.certificatePem);
  const report = await verifyBundle(bundle, {
    trustAnchors: anchors.flatMap((p) => pemToDer(p, 'CERTIFICATE')),
    anchor: view,
    now: new Date(),
  });
  return { view, anchors, report };
}

// ---------------------------------------------------------------------------------------------- the page

let g: Guarded | undefined;
let pageErrors: string[] = [];
/** The page raised no error (a CSP violation included) and asked no other host for anything. */
const pageClean = () => {
  expect(pageErrors).toEqual([]);
  expect(g?.foreign ?? []).toEqual([]);
};

async function openPortal(path = '/'): Promise<Page> {
  await g?.context.close();
  g = await guardedPage(browser, gw.url);
  pageErrors = [];
  g.page.on('pageerror', (e) => pageErrors.push(String(e)));
  g.page.on('console', (msg) => {
    if (msg.type() === 'error' && !/status of 4\d\d/.test(msg.text())) pageErrors.push(msg.text());
  });
  await g.page.goto(`${gw.url}${path}`);
  return g.page;
}

/** Looks a record up in the portal as a person does; returns the answer the page verified and its verdict. */
async function lookUpInPage(
  page: Page,
  seat: Pick<Seat, 'dob'> & { code?: string },
): Promise<{ answer: LookupAnswer; verdict: string; failed: string | null; steps: string[] }> {
  if (seat.code !== undefined) await page.getByLabel('Mã số tra cứu').fill(seat.code);
  await fillDob(page, seat.dob);
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/v1/verify/')),
    page.getByRole('button', { name: 'Tra cứu và xác minh' }).click(),
  ]);
  expect(response.status()).toBe(200);
  const answer = (await response.json()) as LookupAnswer;
  const verdict = page.locator('.verdict');
  await verdict.waitFor();
  const steps = await page
    .locator('li.step')
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-step')}:${e.getAttribute('data-outcome')}`));
  return {
    answer,
    verdict: (await verdict.getAttribute('data-verdict')) ?? '',
    failed: await verdict.getAttribute('data-failed'),
    steps,
  };
}

const ALL_PASS = [
  'integrity:pass',
  'inclusion:pass',
  'anchor:pass',
  'signature:pass',
  'signer:pass',
  'status:pass',
];

// ----------------------------------------------------------------------------------------------- set-up

beforeAll(async () => {
  const before = await net.status();
  networkWasRunning = before.created && before.processes.every((p) => p.state === 'running');
  // A brand-new ledger, every peer able to plan endorsements by every organisation, then the gateway's
  // first start on it (the portal it serves built first if this checkout has none).
  lap = Date.now();
  await net.reset();
  await waitEndorsers();
  phase('network reset');
  ensurePortalBuilt();
  gw = await startFabricGateway();
  phase(`gateway first start (ready in ${gw.readyMs} ms)`);
  api = new Api(gw.url);
  [m, browser] = await Promise.all([openMinistryPeer(), launch()]);
  phase('Ministry auditor and Chromium');
}, 300_000);

afterAll(async () => {
  phase('the path');
  await g?.context.close();
  await browser?.close();
  await m?.close();
  const exit = gw ? await gw.stop() : undefined;
  if (!networkWasRunning) await net.down();
  // Whatever happened above: the gateway answered no request with a 5xx, and stopped cleanly.
  expect(api?.statuses.filter((s) => s >= 500) ?? []).toEqual([]);
  if (exit) expect(exit).toEqual({ code: 0, signal: null });
  phase('stop');
  console.info(`[whole-path] ${phases.join(', ')}; ${Math.round((Date.now() - started) / 1000)} s in all`);
}, 120_000);

// ----------------------------------------------------------------------------------------------- the path

describe('the whole path on the real Fabric network', () => {
  let seededSeat: Seat;
  let otherBatch: BatchView;
  let validAnswer: LookupAnswer;

  it('the batch the first start seeded is anchored: its transaction valid on the Ministry’s peer, in the block the gateway says', async () => {
    expect(gw.seededNow).toBe(true);
    // The banner's lookup code is a record of the seeded batch: its lookup names the batch.
    const r = await api.request<LookupAnswer>('GET', `/v1/verify/${gw.lookupCode}?dob=${gw.dob}`);
    expect(r.status).toBe(200);
    const batchId = r.body.bundle.manifest.batchId as string;
    seeded = await batchView(batchId);
    schoolYear = seeded.schoolYear;
    expect(seeded).toMatchObject({ schoolId: SCHOOL, kind: 'regular', state: 'anchored' });
    expect(seeded.anchor?.txId).toMatch(/^[0-9a-f]{64}$/);
    const block = await onMinistryPeer(seeded.anchor!.txId, seeded.anchor!.blockNumber);
    expect(block).toBeGreaterThan(0);
    const onLedger = await ledgerBatch(batchId);
    expect(onLedger).toMatchObject({ state: 'anchored', root: seeded.root, anchorTxId: seeded.anchor!.txId });
    seededSeat = { recordId: r.body.record.recordId as string, code: gw.lookupCode, dob: gw.dob };
    expect(r.body.report.verdict).toBe('valid');
  });

  it('lock → sign (signing request, the principal’s CMS) → anchor, through the API, for another class', async () => {
    const classId = seeded.classId!.replace(/5A$/, '4A');
    const approved = await classRecords(classId);
    expect(approved.map((x) => x.state)).toEqual(approved.map(() => 'approved'));
    const locked = await api.as<{ batchId: string; root: string; leafCount: number; state: string }>(
      PRINCIPAL,
      'POST',
      '/v1/batches',
      { classId },
    );
    expect(locked.status, JSON.stringify(locked.body)).toBe(201);
    expect(locked.body).toMatchObject({ state: 'assembling', leafCount: approved.length });
    await sign(locked.body.batchId);
    otherBatch = await untilBatch(locked.body.batchId, 'anchored');
    expect(otherBatch.root).toBe(locked.body.root);
    await onMinistryPeer(otherBatch.anchor!.txId, otherBatch.anchor!.blockNumber);
    expect(await ledgerBatch(otherBatch.batchId)).toMatchObject({
      state: 'anchored',
      kind: 'regular',
      root: locked.body.root,
      anchorTxId: otherBatch.anchor!.txId,
      signerCert: principal().fingerprint,
    });
    expect((await classRecords(classId)).map((x) => x.state)).toEqual(approved.map(() => 'locked'));
  });

  it('the district officer accepts the seeded batch: accepted on the ledger and in the API', async () => {
    const res = await api.as<{ deadline: string }>(
      DISTRICT,
      'POST',
      `/v1/batches/${seeded.batchId}/accept`,
      {},
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await untilBatch(seeded.batchId, 'accepted');
    expect((await ledgerBatch(seeded.batchId)).state).toBe('accepted');
    const events = (
      await api.as<{ items: StatusEvent[] }>(DISTRICT, 'GET', `/v1/batches/${seeded.batchId}/status-events`)
    ).body.items;
    const accept = events.find((e) => e.kind === 'accept')!;
    expect(accept.queue).toMatchObject({ state: 'done', errorCode: null });
    await onMinistryPeer(accept.ledgerTxId!, accept.blockNumber);
  });

  it('the lookup answers `valid` in the portal page, with the block and transaction the Ministry’s peer has', async () => {
    const page = await openPortal();
    const look = await lookUpInPage(page, seededSeat);
    expect(look.verdict).toBe('valid');
    expect(look.steps).toEqual(ALL_PASS);
    // The page shows the anchoring block and transaction: the ones the Ministry's peer has.
    const tx = await m.transaction(seeded.anchor!.txId);
    const anchorStep = (await page.locator('li.step[data-step="anchor"]').textContent()) ?? '';
    expect(anchorStep).toContain(String(tx!.blockNumber));
    expect(anchorStep).toContain(seeded.anchor!.txId.slice(0, 16));
    // What the browser was handed is the Ministry's view, and it verifies in Node against that view too.
    const inNode = await checkAgainstMinistry(look.answer);
    expect(failing(inNode)).toEqual([]);
    expect(inNode.verdict).toBe('valid');
    expect(look.answer.ledger.anchor).toMatchObject({ state: 'accepted', blockNumber: tx!.blockNumber });
    validAnswer = look.answer;
    pageClean();
  });

  it('the province permits, the principal revokes one record: revoked on the ledger, `invalid` in the page', async () => {
    const members = await classRecords(seeded.classId!);
    const target = members.find((x) => x.recordId !== seededSeat.recordId)!;
    const seat = await seatOf(target.recordId);
    const body = { reasonCode: 'DATA_ERROR', legalBasis: 'QĐ 7/QĐ-THKĐ' };
    const early = await api.as(PRINCIPAL, 'POST', `/v1/records/${seat.recordId}/revoke`, body);
    expect(errorCode(early)).toBe('NOT_PERMITTED');
    await permit(seeded.batchId, 'revoke');
    const res = await api.as<{ leafIndex: number }>(
      PRINCIPAL,
      'POST',
      `/v1/records/${seat.recordId}/revoke`,
      body,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await until(
      `record ${seat.recordId} revoked`,
      async () =>
        (await api.as<{ state: string }>(PRINCIPAL, 'GET', `/v1/records/${seat.recordId}`)).body.state,
      (s) => s === 'revoked',
    );
    const status = await m.evaluate<{ revoked: boolean; revocation?: { reasonCode: string; txId: string } }>(
      'batch:getRecordStatus',
      [seeded.batchId, String(res.body.leafIndex)],
    );
    expect(status).toMatchObject({ revoked: true, revocation: { reasonCode: 'DATA_ERROR' } });
    await onMinistryPeer(status.revocation!.txId);

    const page = await openPortal();
    const look = await lookUpInPage(page, seat);
    expect(look.verdict).toBe('invalid');
    expect(look.failed).toBe('status:STATUS_REVOKED');
    expect(failing(look.answer.report)).toEqual(['status:STATUS_REVOKED']);
    expect(failing(await checkAgainstMinistry(look.answer))).toEqual(['status:STATUS_REVOKED']);
    // The rest of the batch is untouched: the valid record's bundle still verifies (POST /v1/verify/bundle).
    const again = await api.request<{ report: VerificationReport }>('POST', '/v1/verify/bundle', {
      body: validAnswer.bundle,
    });
    expect(again.status).toBe(200);
    expect(again.body.report.verdict).toBe('valid');
    pageClean();
  });

  it('the other batch is recalled, then replaced: the old bundle superseded, the same code answers the replacement `valid` in the page', async () => {
    const batchId = otherBatch.batchId;
    const body = { reasonCode: 'WRONG_CLASS', legalBasis: 'QĐ 9/QĐ-THKĐ' };
    const members = await classRecords(otherBatch.classId!);
    const seat = await seatOf(members[0]!.recordId);

    // Recall: the school asks, the province permits, the school recalls.
    const asked = await api.as(PRINCIPAL, 'POST', `/v1/batches/${batchId}/recall-request`, body);
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    await permit(batchId, 'recall');
    const recall = await api.as(PRINCIPAL, 'POST', `/v1/batches/${batchId}/recall`, body);
    expect(recall.status, JSON.stringify(recall.body)).toBe(202);
    await untilBatch(batchId, 'recalled');
    const recalled = await ledgerBatch(batchId);
    expect(recalled).toMatchObject({ state: 'recalled', recall: { reasonCode: 'WRONG_CLASS' } });
    await onMinistryPeer(recalled.recall!.txId);
    const look1 = await api.request<LookupAnswer>('GET', `/v1/verify/${seat.code}?dob=${seat.dob}`);
    expect(failing(look1.body.report)).toEqual(['status:STATUS_RECALLED']);

    // Replacement: permitted, locked (every locked member carried over), signed, anchored.
    await permit(batchId, 'replace');
    const replaced = await api.as<{
      batchId: string;
      supersedes: string;
      leafCount: number;
      carriedOver: number;
      corrected: number;
    }>(PRINCIPAL, 'POST', `/v1/batches/${batchId}/replace`, {
      signerCertFingerprint: principal().fingerprint,
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(201);
    expect(replaced.body).toMatchObject({
      supersedes: batchId,
      leafCount: members.length,
      carriedOver: members.length,
      corrected: 0,
    });
    const newId = replaced.body.batchId;
    await sign(newId);
    const replacement = await untilBatch(newId, 'anchored');
    await onMinistryPeer(replacement.anchor!.txId, replacement.anchor!.blockNumber);
    await untilBatch(batchId, 'replaced');
    expect(await ledgerBatch(batchId)).toMatchObject({ state: 'replaced', supersededBy: newId });
    expect(await ledgerBatch(newId)).toMatchObject({
      state: 'anchored',
      kind: 'replacement',
      supersedes: batchId,
      anchorTxId: replacement.anchor!.txId,
    });
    const after = await classRecords(otherBatch.classId!);
    expect(after.map((x) => [x.version, x.state])).toEqual(members.map(() => [2, 'locked']));

    // The old version, checked by its bundle (a file made before): superseded by the replacement.
    const old = await api.request<{ report: VerificationReport }>('POST', '/v1/verify/bundle', {
      body: look1.body.bundle,
    });
    expect(failing(old.body.report)).toEqual(['status:STATUS_SUPERSEDED']);
    // look1's ledger facts are of before the replacement: the bundle is checked against the Ministry's now.
    expect(failing((await atMinistry(look1.body.bundle)).report)).toEqual(['status:STATUS_SUPERSEDED']);
    // The printed code is kept by the new version (it names the pupil's record of the year): in the page it
    // answers the replacement, valid.
    const page = await openPortal();
    const fresh = await lookUpInPage(page, seat);
    expect(fresh.answer.replacement).toBeUndefined();
    expect(fresh.verdict).toBe('valid');
    expect(fresh.steps).toEqual(ALL_PASS);
    expect(fresh.answer.bundle.manifest).toMatchObject({
      batchId: newId,
      kind: 'replacement',
      supersedes: batchId,
    });
    expect((await checkAgainstMinistry(fresh.answer)).verdict).toBe('valid');
    pageClean();
  });

  it('the province’s yearly report and the Ministry’s acknowledgement are on the ledger', async () => {
    const res = await api.as<{ seq: number; root: string; batchIds: string[] }>(
      PROVINCE,
      'POST',
      '/v1/reports',
      {
        schoolYear,
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.seq).toBe(1);
    // Every batch anchored this year, in anchoring order; the root recomputed from the Ministry's copy.
    expect(new Set(res.body.batchIds)).toEqual(
      new Set([seeded.batchId, otherBatch.batchId, ...res.body.batchIds.slice(2)]),
    );
    expect(res.body.batchIds).toHaveLength(3);
    const roots = await Promise.all(res.body.batchIds.map(async (id) => (await ledgerBatch(id)).root));
    expect(toHex(new MerkleTree(roots.map((r) => leafHash(fromHex(r)!))).root())).toBe(res.body.root);

    interface Report {
      seq: number;
      root: string;
      batchIds: string[];
      onTime: boolean;
      txId: string;
      submittedAt: string;
      acknowledgedAt?: string;
    }
    const reports = () => m.evaluate<Report[]>('report:listYearReports', [schoolYear]);
    const [submitted] = await until('the report on the ledger', reports, (r) => r.length === 1);
    expect(submitted).toMatchObject({
      seq: 1,
      root: res.body.root,
      batchIds: res.body.batchIds,
      onTime: true,
    });
    await onMinistryPeer(submitted!.txId);
    // The accepted batch became reported with it.
    expect((await ledgerBatch(seeded.batchId)).state).toBe('reported');

    // The Ministry acknowledges once the gateway has recorded the report's transaction.
    const ack = await until(
      'the acknowledgement accepted',
      () => api.as(MINISTRY, 'POST', `/v1/reports/${schoolYear}/1/acknowledge`),
      (a) => errorCode(a) !== 'REPORT_NOT_ON_LEDGER',
    );
    expect(ack.status, JSON.stringify(ack.body)).toBe(202);
    const [acked] = await until('the acknowledgement on the ledger', reports, (r) => !!r[0]?.acknowledgedAt);
    expect(Date.parse(acked!.acknowledgedAt!)).toBeGreaterThan(Date.parse(submitted!.submittedAt));
  });

  it('every orderer and peer at one height; every block on the Ministry’s peer, chained; every audited transaction valid in its block', async () => {
    // Every ledger transaction the gateway recorded, from its audit log (as the Ministry's auditor reads it).
    // The gateway writes a transaction's entry when its commit status comes back, which may be after the
    // Ministry's peer has the block (the acknowledgement above was waited for on the peer): wait for the log.
    const expected = [
      'batch.anchor',
      'ledger.grantPermission',
      'ledger.acceptBatch',
      'ledger.revokeRecord',
      'ledger.recallBatch',
      'ledger.submitYearReport',
      'ledger.acknowledgeYearReport',
    ];
    const readAudit = async () => {
      const found: { action: string; txId: string; blockNumber: number | null }[] = [];
      for (let after = 0; ; ) {
        const page = await api.as<{
          items: { seq: number; action: string; details: { txId?: string; blockNumber?: number | null } }[];
        }>(MINISTRY, 'GET', `/v1/audit?limit=500&afterSeq=${after}`);
        expect(page.status).toBe(200);
        for (const i of page.body.items)
          if (i.details?.txId)
            found.push({
              action: i.action,
              txId: i.details.txId,
              blockNumber: i.details.blockNumber ?? null,
            });
        if (page.body.items.length < 500) break;
        after = page.body.items.at(-1)!.seq;
      }
      return found;
    };
    // Past the wait, the log as it stands, so that the check below names the kind of write missing.
    const audited = await until('every kind of ledger write in the audit log', readAudit, (found) =>
      expected.every((a) => found.some((f) => f.action === a)),
    ).catch(() => readAudit());
    const actions = new Set(audited.map((a) => a.action));
    for (const a of expected) expect(actions, a).toContain(a);

    const highest = Math.max(...audited.map((a) => a.blockNumber ?? 0));
    const height = await net.waitSameHeight(highest + 1);
    const blocks = await m.blocks(height);
    expect(blocks.map((b) => b.number)).toEqual([...Array(height).keys()]);
    const where = new Map(
      blocks.flatMap((b) => b.txs.map((t) => [t.txId, { block: b.number, ...t }] as const)),
    );
    for (const a of audited) {
      const found = where.get(a.txId);
      expect(found, `${a.action} ${a.txId}`).toBeDefined();
      expect(found!.validation, `${a.action} ${a.txId}`).toBe('VALID');
      if (a.blockNumber !== null) expect(found!.block, `${a.action} ${a.txId}`).toBe(a.blockNumber);
    }
    // Nothing invalid anywhere in the chain: no transaction was refused at commit (a policy, a conflict).
    const invalid = blocks.flatMap((b) =>
      b.txs.filter((t) => t.validation !== 'VALID').map((t) => `${b.number}:${t.txId}:${t.validation}`),
    );
    expect(invalid).toEqual([]);
    // Who endorsed (DESIGN.md §5): exactly the school's own district and the province for the school's facts.
    const endorsed = (action: string) => [
      ...new Set(
        audited.filter((a) => a.action === action).map((a) => where.get(a.txId)!.endorsers.join('+')),
      ),
    ];
    for (const a of [
      'batch.anchor',
      'ledger.grantPermission',
      'ledger.acceptBatch',
      'ledger.revokeRecord',
      'ledger.recallBatch',
    ])
      expect(endorsed(a), a).toEqual(['District1MSP+DoetMSP']);
    // The acknowledgement writes the Ministry's head key (the Ministry AND the province) and the report
    // (the chaincode's policy: the province AND a district).
    expect(endorsed('ledger.acknowledgeYearReport')).toEqual([
      expect.stringMatching(/^District[12]MSP\+DoetMSP\+MoetMSP$/),
    ]);
    expect(endorsed('ledger.submitYearReport')).toEqual([
      expect.stringMatching(/^District[12]MSP\+DoetMSP$/),
    ]);
    console.info(
      `[whole-path] ${height} blocks on the Ministry's peer, ${where.size} transactions, ${audited.length} of them the gateway's (audited)`,
    );
  });
});
