/**
 * The schemas the chaincode exports (`@hocba/chaincode/schemas`) against what its contracts really return:
 * every answer of a province's life on the embedded ledger — set-up, a second trust anchor retired, a school
 * moved, a certificate revoked, batches anchored, accepted, revoked from, recalled and replaced, a yearly
 * report submitted and acknowledged, and every read — parses with its function's schema and loses no field
 * in the parse; the schemas name every contract function, and every one was seen.
 */

import { type ContractFunction, RETURNS } from '@hocba/chaincode/schemas';
import { EmbeddedLedger } from '@hocba/embedded-ledger';
import { certificateFingerprint, derToPem, leafHash, MerkleTree, toHex } from '@hocba/integrity';
import { generateKeys, makeCert } from '@hocba/integrity/testing/fixtures/pki.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { World, YEAR } from './world.ts';

/** Every successful answer of the ledger, by function. */
const answers: { fn: string; value: unknown }[] = [];
const decode = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b)) as unknown;
const { submit, submitAndCommit, evaluate } = EmbeddedLedger.prototype;

let w: World;
beforeAll(async () => {
  // World.create sets the province up through the gateway's client (submitAndCommit); its own calls use
  // submit and evaluate: all three are watched.
  vi.spyOn(EmbeddedLedger.prototype, 'submit').mockImplementation(async function (
    this: EmbeddedLedger,
    ...a
  ) {
    const r = await submit.apply(this, a);
    if (r.validationCode === 'VALID') answers.push({ fn: a[0], value: decode(r.result) });
    return r;
  });
  vi.spyOn(EmbeddedLedger.prototype, 'submitAndCommit').mockImplementation(async function (
    this: EmbeddedLedger,
    ...a
  ) {
    const r = await submitAndCommit.apply(this, a);
    answers.push({ fn: a[0], value: decode(r.result) });
    return r;
  });
  vi.spyOn(EmbeddedLedger.prototype, 'evaluate').mockImplementation(async function (
    this: EmbeddedLedger,
    ...a
  ) {
    const r = await evaluate.apply(this, a);
    answers.push({ fn: a[0], value: decode(r) });
    return r;
  });
  w = await World.create();
});
afterAll(() => {
  vi.restoreAllMocks();
});

const PROVINCE = ['DoetMSP', 'District1MSP'];
const MINISTRY = ['MoetMSP', 'DoetMSP', 'District1MSP'];
const records = (n: number) => Array.from({ length: n }, (_, i) => ({ recordId: `REC-${i}` }));

/** Submits and requires it to commit. */
async function ok(fn: string, args: string[], who: World['ids'][string], orgs: string[]) {
  const r = await w.submit(fn, args, who, orgs);
  expect(r.validationCode, fn).toBe('VALID');
  return r.value;
}

async function lifeOfAProvince() {
  const p = w.ids.province!;
  const principal = w.schools['SCH-QN-001']!.principal;

  // Trust anchors: a second root, registered and retired.
  const root2 = await makeCert({ name: 'C=VN, CN=Second Root', keys: await generateKeys('EC'), ca: true });
  const anchor = await ok(
    'trust:registerTrustAnchor',
    [derToPem(root2.der, 'CERTIFICATE')],
    w.ids.ministry!,
    MINISTRY,
  );
  await ok('trust:retireTrustAnchor', [anchor.fingerprint, 'rotation'], w.ids.ministry!, MINISTRY);
  await w.evaluate('trust:listTrustAnchors', []);

  // Registry: reads, a move, a certificate registered and revoked.
  await w.evaluate('registry:getSchool', ['SCH-QN-001']);
  await w.evaluate('registry:listSchools', ['', '', '']);
  await ok('registry:moveSchool', ['SCH-QN-002', 'district2'], p, PROVINCE);
  await w.evaluate('registry:getSchool', ['SCH-QN-002']);
  const spare = await w.makeSigner('SCH-QN-001');
  const fp = certificateFingerprint(spare.der);
  await ok(
    'registry:registerCertificate',
    ['SCH-QN-001', derToPem(spare.der, 'CERTIFICATE')],
    principal,
    PROVINCE,
  );
  await ok('registry:revokeCertificate', [fp, '2026-05-01T00:00:00Z', 'KEY_LOST'], p, PROVINCE);
  await w.evaluate('registry:getCertificate', [fp]);
  await w.evaluate('registry:listCertificates', ['SCH-QN-001']);
  await w.evaluate('calendar:getCalendar', [YEAR]);

  // Batches: one accepted and revoked from; one recalled and replaced.
  const a = await w.lockBatch('SCH-QN-001', records(3));
  await w.anchor('SCH-QN-001', a.args);
  await ok('batch:acceptBatch', [a.manifest.batchId], w.ids.district1!, PROVINCE);
  const until = '2026-12-31T16:59:59Z';
  await ok('batch:grantPermission', [a.manifest.batchId, 'revoke', until, 'QĐ 15/QĐ-SGDĐT'], p, PROVINCE);
  await ok(
    'batch:revokeRecord',
    [a.manifest.batchId, '1', 'CORRECTION', 'QĐ 21/QĐ-THKĐ'],
    principal,
    PROVINCE,
  );
  await w.evaluate('batch:getRecordStatus', [a.manifest.batchId, '1']);
  await w.evaluate('batch:getRecordView', [a.manifest.batchId, '1']);
  await w.evaluate('batch:getRecordViews', [a.manifest.batchId, '[0,1,2]']);
  await w.evaluate('batch:getBatch', [a.manifest.batchId]);

  const b = await w.lockBatch('SCH-QN-001', records(2));
  await w.anchor('SCH-QN-001', b.args);
  await ok('batch:grantPermission', [b.manifest.batchId, 'recall', until, 'QĐ 15/QĐ-SGDĐT'], p, PROVINCE);
  await ok('batch:grantPermission', [b.manifest.batchId, 'replace', until, 'QĐ 15/QĐ-SGDĐT'], p, PROVINCE);
  await ok('batch:recallBatch', [b.manifest.batchId, 'WRONG_DATA', 'QĐ 30/QĐ-THKĐ'], principal, PROVINCE);
  const c = await w.lockBatch('SCH-QN-001', records(2), {
    kind: 'replacement',
    supersedes: b.manifest.batchId,
  });
  await w.anchor('SCH-QN-001', c.args);
  await w.evaluate('batch:getBatch', [b.manifest.batchId]);
  await w.evaluate('batch:getRecordStatus', [b.manifest.batchId, '0']);
  await w.evaluate('batch:getRecordView', [b.manifest.batchId, '0']);
  await w.evaluate('batch:getRecordViews', [b.manifest.batchId, '[1,0]']);

  // The yearly report over every batch of the year, in anchoring order, and its acknowledgement.
  const listed: { batchId: string; root: string; anchoredAt: string }[] = [];
  for (const school of ['SCH-QN-001', 'SCH-QN-002', 'SCH-QN-003']) {
    const page = await w.evaluate('batch:listBatches', [school, YEAR, '100', '']);
    listed.push(...page.items);
  }
  listed.sort((x, y) => (x.anchoredAt + x.batchId < y.anchoredAt + y.batchId ? -1 : 1));
  const root = toHex(new MerkleTree(listed.map((x) => leafHash(Buffer.from(x.root, 'hex')))).root());
  const ids = JSON.stringify(listed.map((x) => x.batchId));
  // All reported as waiting: allowed for the accepted one too (a report may lag behind the ledger).
  await ok('report:submitYearReport', [YEAR, ids, root, ids], p, PROVINCE);
  await ok('report:acknowledgeYearReport', [YEAR, '1'], w.ids.ministry!, MINISTRY);
  await w.evaluate('report:listYearReports', [YEAR]);
}

describe('the chaincode’s exported schemas', () => {
  it('name every contract function the chaincode’s metadata lists', async () => {
    const metadata = (await w.evaluate('org.hyperledger.fabric:GetMetadata', [])) as {
      contracts: Record<string, { transactions: { name: string }[] }>;
    };
    const functions = Object.entries(metadata.contracts)
      .filter(([name]) => name !== 'org.hyperledger.fabric')
      .flatMap(([name, c]) => c.transactions.map((t) => `${name}:${t.name}`));
    expect(functions.sort()).toEqual(Object.keys(RETURNS).sort());
  });

  it('parse every answer of a province’s life, losing no field', async () => {
    await lifeOfAProvince();
    const seen = new Set<string>();
    for (const { fn, value } of answers) {
      if (!(fn in RETURNS)) continue;
      const parsed = RETURNS[fn as ContractFunction].safeParse(value);
      expect(parsed.error?.issues, `${fn} → ${JSON.stringify(value).slice(0, 300)}`).toBeUndefined();
      // A field the schema does not know would be stripped by the parse.
      expect(parsed.data, fn).toEqual(value);
      seen.add(fn);
    }
    expect([...seen].sort()).toEqual(Object.keys(RETURNS).sort());
  });

  it('refuse an answer that breaks them: a state, a hash, a missing field', () => {
    const view = answers.find((a) => a.fn === 'batch:getRecordView')!.value as {
      batch: Record<string, unknown>;
    };
    const schema = RETURNS['batch:getRecordView'];
    expect(schema.safeParse(view).success).toBe(true);
    expect(schema.safeParse({ ...view, batch: { ...view.batch, state: 'deleted' } }).success).toBe(false);
    expect(schema.safeParse({ ...view, batch: { ...view.batch, root: 'AB' } }).success).toBe(false);
    const { anchorTxId: _, ...noTx } = view.batch;
    expect(schema.safeParse({ ...view, batch: noTx }).success).toBe(false);
  });
});
