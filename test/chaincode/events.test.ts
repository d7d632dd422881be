/**
 * The chaincode events a gateway's cache of verification answers is invalidated by (issue 16; DESIGN.md §4.6):
 * every transaction that changes what a verification report depends on — a batch's anchor, state, recall or
 * supersession, a record's revocation or correction, the signer's certificate registration, the trust
 * anchors — emits an event naming what changed, and nothing personal. On the embedded ledger.
 */
import { certificateFingerprint, derToPem, leafHash, MerkleTree, toHex } from '@hocba/integrity';
import { generateKeys, makeCert } from '@hocba/integrity/testing/fixtures/pki.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inAMonth, type Submitted, World, YEAR } from './suite-world.ts';

const ORGS = ['DoetMSP', 'District1MSP'];
const MINISTRY_ENDORSERS = ['MoetMSP', 'DoetMSP', 'District1MSP'];
const records = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ recordId: `REC-${i}`, student: { name: `Trần Thị Lan ${i}` } }));

describe('chaincode events of every status-changing transaction', () => {
  let w: World;
  const event = async (r: Submitted) => {
    const e = await w.eventOf(r);
    return e && { name: e.name, payload: JSON.parse(new TextDecoder().decode(e.payload)) };
  };

  beforeAll(async () => {
    w = await World.create('embedded');
  });
  afterAll(async () => {
    await w?.close();
  });

  it('names the certificate on register, approve and revoke', async () => {
    const s = w.schools['SCH-QN-002']!;
    const cert = await w.makeSigner('SCH-QN-002');
    const fp = certificateFingerprint(cert.der);
    const registered = await w.submit(
      'registry:registerCertificate',
      ['SCH-QN-002', derToPem(cert.der, 'CERTIFICATE')],
      s.principal,
      ORGS,
    );
    expect(await event(registered)).toEqual({
      name: 'CertificateRegistered',
      payload: { fingerprint: fp, schoolId: 'SCH-QN-002' },
    });
    const approved = await w.submit('registry:approveCertificate', [fp], w.ids.province!, ORGS);
    expect(await event(approved)).toEqual({
      name: 'CertificateApproved',
      payload: { fingerprint: fp, schoolId: 'SCH-QN-002' },
    });
    const from = new Date(Date.now() - 1000).toISOString();
    const revoked = await w.submit(
      'registry:revokeCertificate',
      [fp, from, 'KEY_COMPROMISE'],
      w.ids.province!,
      ORGS,
    );
    expect(await event(revoked)).toEqual({
      name: 'CertificateRevoked',
      payload: { fingerprint: fp, schoolId: 'SCH-QN-002', revokedFrom: from, reasonCode: 'KEY_COMPROMISE' },
    });
  });

  it('names the batch and leaf of a revocation, the batch of an acceptance and a recall', async () => {
    const s = w.schools['SCH-QN-001']!;
    const { manifest, args } = await w.lockBatch('SCH-QN-001', records(3));
    const anchored = await w.anchor('SCH-QN-001', args);
    expect(await event(anchored)).toMatchObject({
      name: 'BatchAnchored',
      payload: { batchId: manifest.batchId, schoolId: 'SCH-QN-001', kind: 'regular' },
    });
    const accepted = await w.submit('batch:acceptBatch', [manifest.batchId], w.ids.district1!, ORGS);
    expect(await event(accepted)).toEqual({
      name: 'BatchAccepted',
      payload: { batchId: manifest.batchId, districtId: 'district1' },
    });
    for (const action of ['revoke', 'recall'])
      await w.submit(
        'batch:grantPermission',
        [manifest.batchId, action, inAMonth(), 'QĐ 15/QĐ-SGDĐT'],
        w.ids.province!,
        ORGS,
      );
    const revoked = await w.submit(
      'batch:revokeRecord',
      [manifest.batchId, '1', 'WRONG_DATA', 'QĐ 21/QĐ-THKĐ'],
      s.principal,
      ORGS,
    );
    expect(await event(revoked)).toEqual({
      name: 'RecordRevoked',
      payload: { batchId: manifest.batchId, leafIndex: 1, reasonCode: 'WRONG_DATA' },
    });
    const recalled = await w.submit(
      'batch:recallBatch',
      [manifest.batchId, 'WRONG_DATA', 'QĐ 30/QĐ-THKĐ'],
      s.principal,
      ORGS,
    );
    expect(await event(recalled)).toEqual({
      name: 'BatchRecalled',
      payload: { batchId: manifest.batchId, reasonCode: 'WRONG_DATA' },
    });
  });

  it('names the batch a replacement supersedes and the records a correction supersedes', async () => {
    const old = await w.lockBatch('SCH-QN-001', records(2));
    await w.anchor('SCH-QN-001', old.args);
    const fix = await w.lockBatch('SCH-QN-001', [{ recordId: 'REC-0', result: 'HTXS' }], {
      kind: 'correction',
      corrects: [{ batchId: old.manifest.batchId, leafIndex: 0, legalBasis: 'QĐ 15/QĐ-THKĐ' }],
    });
    expect(await event(await w.anchor('SCH-QN-001', fix.args))).toMatchObject({
      name: 'BatchAnchored',
      payload: { batchId: fix.manifest.batchId, corrects: [{ batchId: old.manifest.batchId, leafIndex: 0 }] },
    });
    for (const action of ['recall', 'replace'])
      await w.submit(
        'batch:grantPermission',
        [old.manifest.batchId, action, inAMonth(), 'QĐ 15/QĐ-SGDĐT'],
        w.ids.province!,
        ORGS,
      );
    await w.submit(
      'batch:recallBatch',
      [old.manifest.batchId, 'WRONG_DATA', 'QĐ 30'],
      w.schools['SCH-QN-001']!.principal,
      ORGS,
    );
    const repl = await w.lockBatch('SCH-QN-001', records(2), {
      kind: 'replacement',
      supersedes: old.manifest.batchId,
    });
    expect(await event(await w.anchor('SCH-QN-001', repl.args))).toMatchObject({
      name: 'BatchAnchored',
      payload: { batchId: repl.manifest.batchId, supersedes: old.manifest.batchId },
    });
  });

  it('names the batches a yearly report turns reported', async () => {
    const fresh = await w.lockBatch('SCH-QN-003', records(2));
    await w.anchor('SCH-QN-003', fresh.args);
    await w.submit('batch:acceptBatch', [fresh.manifest.batchId], w.ids.district2!, [
      'DoetMSP',
      'District2MSP',
    ]);
    const listed: { batchId: string; anchoredAt: string }[] = [];
    for (const school of ['SCH-QN-001', 'SCH-QN-002', 'SCH-QN-003'])
      listed.push(...(await w.evaluate('batch:listBatches', [school, YEAR, '100', ''])).items);
    listed.sort((a, b) => (a.anchoredAt + a.batchId < b.anchoredAt + b.batchId ? -1 : 1));
    const ids = listed.map((b) => b.batchId);
    const states = new Map<string, { state: string; root: string; acceptedAt?: string }>();
    for (const id of ids) states.set(id, await w.evaluate('batch:getBatch', [id]));
    const waiting = ids.filter((id) => !states.get(id)!.acceptedAt);
    const turned = ids.filter((id) => states.get(id)!.state === 'accepted');
    expect(turned).toContain(fresh.manifest.batchId);
    const roots = [...states.values()].map((b) => leafHash(Buffer.from(b.root, 'hex')));
    const r = await w.submit(
      'report:submitYearReport',
      [YEAR, JSON.stringify(ids), toHex(new MerkleTree(roots).root()), JSON.stringify(waiting)],
      w.ids.province!,
      ORGS,
    );
    const e = await event(r);
    expect(e?.name).toBe('YearReportSubmitted');
    expect(e?.payload.reported).toEqual(turned);
  });

  it('names the trust anchor on register and retire', async () => {
    const other = await makeCert({ name: 'CN=Other Root', keys: await generateKeys('EC'), ca: true });
    const fp = certificateFingerprint(other.der);
    const registered = await w.submit(
      'trust:registerTrustAnchor',
      [derToPem(other.der, 'CERTIFICATE')],
      w.ids.ministry!,
      MINISTRY_ENDORSERS,
    );
    expect(await event(registered)).toEqual({ name: 'TrustAnchorRegistered', payload: { fingerprint: fp } });
    const retired = await w.submit(
      'trust:retireTrustAnchor',
      [fp, 'rotation'],
      w.ids.ministry!,
      MINISTRY_ENDORSERS,
    );
    expect(await event(retired)).toEqual({ name: 'TrustAnchorRetired', payload: { fingerprint: fp } });
  });
});
