/**
 * The contracts, case by case, with the refusal code of each refusal: run unchanged on the embedded ledger
 * (test/chaincode/contracts.test.ts) and on the Fabric network (test/fabric/chaincode-contracts.test.ts).
 */
import { certificateFingerprint, derToPem, leafHash, MerkleTree, toHex } from '@hocba/integrity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CALENDAR,
  type Identity,
  inAMonth,
  type LedgerKind,
  outcome,
  PAST_CALENDAR,
  World,
  YEAR,
  YEARS,
} from './suite-world.ts';

const DAY = 24 * 3600 * 1000;
const record = (i: number) => ({
  recordId: `REC-${i}`,
  student: { name: `Nguyễn Văn Bảo ${i}` },
  result: 'HTT',
});
const records = (n: number) => Array.from({ length: n }, (_, i) => record(i));
/** The report's root: RFC 9162 over the batch roots as leaves. */
const rootOf = (bs: { root: string }[]) =>
  toHex(new MerkleTree(bs.map((b) => leafHash(Uint8Array.from(Buffer.from(b.root, 'hex'))))).root());

export function contractsSuite(kind: LedgerKind): void {
  let w: World;

  beforeAll(async () => {
    w = await World.create(kind);
  });
  afterAll(async () => {
    await w?.close();
  });

  describe('registry', () => {
    it('registers districts and schools, with the school head key under its district AND the province', async () => {
      const school = await w.evaluate('registry:getSchool', ['SCH-QN-001']);
      expect(school).toMatchObject({ schoolId: 'SCH-QN-001', districtId: 'district1', level: 'TH' });
      const page = await w.evaluate('registry:listSchools', ['district1', '10', '']);
      expect(page.items.map((s: { schoolId: string }) => s.schoolId)).toEqual(['SCH-QN-001', 'SCH-QN-002']);
    });

    it('refuses registration by anyone but a province officer', async () => {
      const args = ['SCH-X', 'Trường X', 'TH', 'district1'];
      expect(
        await outcome(
          w.submit('registry:registerSchool', args, w.ids.district1!, ['DoetMSP', 'District1MSP']),
        ),
      ).toBe('ACCESS_DENIED');
      expect(
        await outcome(
          w.submit('registry:registerSchool', args, w.schools['SCH-QN-001']!.principal, [
            'DoetMSP',
            'District1MSP',
          ]),
        ),
      ).toBe('ACCESS_DENIED');
      expect(
        await outcome(
          w.submit('registry:registerSchool', ['SCH-QN-001', 'Dup', 'TH', 'district1'], w.ids.province!, [
            'DoetMSP',
            'District1MSP',
          ]),
        ),
      ).toBe('ALREADY_EXISTS');
      expect(
        await outcome(
          w.submit('registry:registerSchool', ['SCH-Y', 'Trường Y', 'XX', 'district1'], w.ids.province!, [
            'DoetMSP',
            'District1MSP',
          ]),
        ),
      ).toBe('INVALID_ARGUMENT');
    });

    it('counts a certificate only once the province approves it', async () => {
      const s = w.schools['SCH-QN-002']!;
      const cert = await w.makeSigner('SCH-QN-002');
      const fp = certificateFingerprint(cert.der);
      const pem = derToPem(cert.der, 'CERTIFICATE');
      // Another school's principal cannot register it for this school.
      expect(
        await outcome(
          w.submit('registry:registerCertificate', ['SCH-QN-002', pem], w.schools['SCH-QN-001']!.principal, [
            'DoetMSP',
            'District1MSP',
          ]),
        ),
      ).toBe('ACCESS_DENIED');
      await w.submit('registry:registerCertificate', ['SCH-QN-002', pem], s.principal, [
        'DoetMSP',
        'District1MSP',
      ]);
      const { args } = await w.lockBatch('SCH-QN-002', records(2), { signer: cert });
      expect(await outcome(w.anchor('SCH-QN-002', args))).toBe('CERT_NOT_REGISTERED');
      expect(
        await outcome(
          w.submit('registry:approveCertificate', [fp], s.principal, ['DoetMSP', 'District1MSP']),
        ),
      ).toBe('ACCESS_DENIED');
      await w.submit('registry:approveCertificate', [fp], w.ids.province!, ['DoetMSP', 'District1MSP']);
      expect((await w.anchor('SCH-QN-002', args)).validationCode).toBe('VALID');
      const listed = await w.evaluate('registry:listCertificates', ['SCH-QN-002']);
      expect(listed.find((c: { fingerprint: string }) => c.fingerprint === fp)).toMatchObject({
        status: 'approved',
        schoolId: 'SCH-QN-002',
      });
      expect(await w.evaluate('registry:getCertificate', [fp])).toMatchObject({
        fingerprint: fp,
        status: 'approved',
      });
    });
  });

  describe('anchorBatch', () => {
    it('anchors a signed batch, stores manifest and signature, and emits BatchAnchored without personal data', async () => {
      const { manifest, args } = await w.lockBatch('SCH-QN-001', records(5));
      const r = await w.anchor('SCH-QN-001', args);
      expect(r.validationCode).toBe('VALID');
      const emitted = await w.eventOf(r);
      expect(emitted?.name).toBe('BatchAnchored');
      const event = JSON.parse(new TextDecoder().decode(emitted!.payload));
      expect(event).toMatchObject({
        batchId: manifest.batchId,
        root: manifest.root,
        leafCount: 5,
        districtId: 'district1',
      });
      const batch = await w.evaluate('batch:getBatch', [manifest.batchId]);
      expect(batch).toMatchObject({ state: 'anchored', manifest: args[0], cms: args[1], anchorTxId: r.txId });
      expect(batch.history).toHaveLength(1);
    });

    it('needs the school’s own district to endorse: the other district is refused by the key-level policy', async () => {
      const { args } = await w.lockBatch('SCH-QN-001', records(3));
      expect(await outcome(w.anchor('SCH-QN-001', args, ['DoetMSP', 'District2MSP']))).toBe(
        'ENDORSEMENT_POLICY_FAILURE',
      );
      expect(await outcome(w.anchor('SCH-QN-001', args, ['DoetMSP']))).toBe('ENDORSEMENT_POLICY_FAILURE');
      expect(await outcome(w.anchor('SCH-QN-001', args, ['DoetMSP', 'District1MSP']))).toBe('VALID');
    });

    it('refuses a duplicate batch', async () => {
      const { args } = await w.lockBatch('SCH-QN-001', records(3));
      await w.anchor('SCH-QN-001', args);
      expect(await outcome(w.anchor('SCH-QN-001', args))).toBe('ALREADY_EXISTS');
    });

    it('lets exactly one of two anchors of the same batch in one block commit (MVCC)', async () => {
      const s = w.schools['SCH-QN-001']!;
      const { manifest, args } = await w.lockBatch('SCH-QN-001', records(4));
      const req = {
        fn: 'batch:anchorBatch',
        args,
        identity: s.principal,
        endorsingOrgs: ['DoetMSP', 'District1MSP'],
      };
      // Both endorsed on the same state (no batch yet), then ordered: the second reads a version now stale.
      const results = await w.submitTogether([req, req]);
      expect(results.map((r) => r.validationCode)).toEqual(['VALID', 'MVCC_READ_CONFLICT']);
      expect(results[0]!.blockNumber).toBe(results[1]!.blockNumber);
      expect((await w.evaluate('batch:getBatch', [manifest.batchId])).history).toHaveLength(1);
    });

    it('refuses a forged manifest: the signature does not cover it', async () => {
      const { args } = await w.lockBatch('SCH-QN-001', records(3));
      const forged = JSON.parse(args[0]);
      forged.leafCount = 4;
      const text = JSON.stringify(
        Object.fromEntries(Object.entries(forged).sort(([a], [b]) => (a < b ? -1 : 1))),
      );
      expect(await outcome(w.anchor('SCH-QN-001', [text, args[1]]))).toBe('CMS_DIGEST_MISMATCH');
      expect(
        await outcome(w.anchor('SCH-QN-001', [JSON.stringify(JSON.parse(args[0]), null, 1), args[1]])),
      ).toBe('MANIFEST_NOT_CANONICAL');
    });

    it('refuses a certificate that does not chain to a registered root', async () => {
      const { generateKeys, makeCert, x509 } = await import('@hocba/integrity/testing/fixtures/pki.ts');
      const stranger = await makeCert({ name: 'CN=Stranger Root', keys: await generateKeys('EC'), ca: true });
      const cert = await makeCert({
        name: 'CN=Hieu truong, O=SCH-QN-003',
        keys: await generateKeys('EC'),
        issuer: stranger,
        ca: false,
        keyUsage: x509.KeyUsageFlags.digitalSignature,
      });
      await w.registerAndApprove('SCH-QN-003', cert);
      const { args } = await w.lockBatch('SCH-QN-003', records(2), { signer: cert });
      expect(await outcome(w.anchor('SCH-QN-003', args))).toBe('CERT_CHAIN_UNTRUSTED');
    });

    it('refuses a certificate registered for another school', async () => {
      const { args } = await w.lockBatch('SCH-QN-001', records(2), {
        signer: w.schools['SCH-QN-003']!.signer,
      });
      expect(await outcome(w.anchor('SCH-QN-001', args))).toBe('CERT_NOT_REGISTERED');
    });

    it('refuses a certificate expired at signing time, and one revoked', async () => {
      const expired = await w.makeSigner('SCH-QN-003', {
        notBefore: new Date(Date.now() - 2 * 365 * DAY),
        notAfter: new Date(Date.now() - 30 * DAY),
      });
      await w.registerAndApprove('SCH-QN-003', expired);
      const a = await w.lockBatch('SCH-QN-003', records(2), { signer: expired });
      expect(await outcome(w.anchor('SCH-QN-003', a.args))).toBe('CERT_EXPIRED');

      const revoked = await w.makeSigner('SCH-QN-003');
      await w.registerAndApprove('SCH-QN-003', revoked);
      const fp = certificateFingerprint(revoked.der);
      await w.submit(
        'registry:revokeCertificate',
        [fp, new Date(Date.now() - DAY).toISOString(), 'KEY_COMPROMISE'],
        w.ids.province!,
        ['DoetMSP', 'District2MSP'],
      );
      const b = await w.lockBatch('SCH-QN-003', records(2), { signer: revoked });
      expect(await outcome(w.anchor('SCH-QN-003', b.args))).toBe('CERT_REVOKED');
    });

    it('refuses a signing time outside locking and anchoring', async () => {
      const future = await w.lockBatch('SCH-QN-003', records(2), {
        signingTime: new Date(Date.now() + 3600_000),
      });
      expect(await outcome(w.anchor('SCH-QN-003', future.args))).toBe('SIGNING_TIME_INVALID');
    });

    it('refuses the wrong organisation and the wrong role', async () => {
      const { args } = await w.lockBatch('SCH-QN-001', records(2));
      expect(
        await outcome(w.submit('batch:anchorBatch', args, w.ids.province!, ['DoetMSP', 'District1MSP'])),
      ).toBe('ACCESS_DENIED');
      expect(
        await outcome(
          w.submit('batch:anchorBatch', args, w.schools['SCH-QN-002']!.principal, [
            'DoetMSP',
            'District1MSP',
          ]),
        ),
      ).toBe('ACCESS_DENIED');
      expect(
        await outcome(w.submit('batch:anchorBatch', args, w.ids.district1!, ['DoetMSP', 'District1MSP'])),
      ).toBe('ACCESS_DENIED');
    });

    it('refuses a regular batch once the lock window has closed, but takes a supplementary one until 15/8', async () => {
      // A year whose locking closed 10 days ago and whose supplementary reporting is still open (as on 1/7).
      const schoolYear = YEARS.lockClosed;
      const late = await w.lockBatch('SCH-QN-001', records(2), { schoolYear });
      expect(await outcome(w.anchor('SCH-QN-001', late.args))).toBe('WINDOW_CLOSED');
      const supp = await w.lockBatch('SCH-QN-001', records(2), { schoolYear, kind: 'supplementary' });
      expect(await outcome(w.anchor('SCH-QN-001', supp.args))).toBe('VALID');
      // A year whose supplementary deadline has passed too (as on 16/8).
      const tooLate = await w.lockBatch('SCH-QN-001', records(2), {
        schoolYear: YEARS.closed,
        kind: 'supplementary',
      });
      expect(await outcome(w.anchor('SCH-QN-001', tooLate.args))).toBe('WINDOW_CLOSED');
    });
  });

  describe('acceptance by the district', () => {
    it('accepts its own school’s batch before 30/6; refuses a foreign or late acceptance', async () => {
      const schoolYear = YEARS.lateAcceptance;
      const { manifest, args } = await w.lockBatch('SCH-QN-001', records(2), { schoolYear });
      await w.anchor('SCH-QN-001', args);
      const accept = (who: Identity, orgs: string[]) =>
        w.submit('batch:acceptBatch', [manifest.batchId], who, orgs);
      expect(await outcome(accept(w.ids.district2!, ['DoetMSP', 'District2MSP']))).toBe('ACCESS_DENIED');
      expect(await outcome(accept(w.ids.district2as1!, ['DoetMSP', 'District2MSP']))).toBe('ACCESS_DENIED');
      // The deadline passes: time cannot be moved on Fabric, so the province moves the year's windows into the
      // past (every one of them ended before today), then back.
      await w.setCalendar(schoolYear, PAST_CALENDAR);
      expect(await outcome(accept(w.ids.district1!, ['DoetMSP', 'District1MSP']))).toBe('WINDOW_CLOSED');
      await w.setCalendar(schoolYear, CALENDAR);
      expect(await outcome(accept(w.ids.district1!, ['DoetMSP', 'District1MSP']))).toBe('VALID');
      expect(await outcome(accept(w.ids.district1!, ['DoetMSP', 'District1MSP']))).toBe('WRONG_STATE');
    });
  });

  describe('moving a school', () => {
    it('changes who must endorse: the old district no longer can, the new one must', async () => {
      const p = w.ids.province!;
      // The move itself needs the old district (the policy in force) and the province.
      expect(
        await outcome(
          w.submit('registry:moveSchool', ['SCH-QN-002', 'district2'], p, ['DoetMSP', 'District2MSP']),
        ),
      ).toBe('ENDORSEMENT_POLICY_FAILURE');
      expect(
        await outcome(
          w.submit('registry:moveSchool', ['SCH-QN-002', 'district2'], p, ['DoetMSP', 'District1MSP']),
        ),
      ).toBe('VALID');
      const s = w.schools['SCH-QN-002']!;
      s.districtId = 'district2';
      s.districtMsp = 'District2MSP';
      const { manifest, args } = await w.lockBatch('SCH-QN-002', records(2));
      expect(await outcome(w.anchor('SCH-QN-002', args, ['DoetMSP', 'District1MSP']))).toBe(
        'ENDORSEMENT_POLICY_FAILURE',
      );
      expect(await outcome(w.anchor('SCH-QN-002', args, ['DoetMSP', 'District2MSP']))).toBe('VALID');
      // And acceptance moves with it.
      expect(
        await outcome(
          w.submit('batch:acceptBatch', [manifest.batchId], w.ids.district1!, ['DoetMSP', 'District1MSP']),
        ),
      ).toBe('ACCESS_DENIED');
      expect(
        await outcome(
          w.submit('batch:acceptBatch', [manifest.batchId], w.ids.district2!, ['DoetMSP', 'District2MSP']),
        ),
      ).toBe('VALID');
    });
  });

  describe('status: revocation, recall, replacement', () => {
    const grant = (batchId: string, action: string, orgs = ['DoetMSP', 'District1MSP']) =>
      w.submit(
        'batch:grantPermission',
        [batchId, action, inAMonth(), 'QĐ 15/QĐ-SGDĐT'],
        w.ids.province!,
        orgs,
      );

    it('revokes one record only with the province’s permission, once', async () => {
      const s = w.schools['SCH-QN-001']!;
      const { manifest, args } = await w.lockBatch('SCH-QN-001', records(4));
      await w.anchor('SCH-QN-001', args);
      const revoke = () =>
        w.submit('batch:revokeRecord', [manifest.batchId, '2', 'CORRECTION', 'QĐ 21/QĐ-THKĐ'], s.principal, [
          'DoetMSP',
          'District1MSP',
        ]);
      expect(await outcome(revoke())).toBe('NOT_PERMITTED');
      expect(await outcome(grant(manifest.batchId, 'revoke', ['DoetMSP', 'District2MSP']))).toBe(
        'ENDORSEMENT_POLICY_FAILURE',
      );
      await grant(manifest.batchId, 'revoke');
      const r = await revoke();
      expect(r.validationCode).toBe('VALID');
      expect((await w.eventOf(r))?.name).toBe('RecordRevoked');
      expect(await outcome(revoke())).toBe('ALREADY_EXISTS');
      const status = await w.evaluate('batch:getRecordStatus', [manifest.batchId, '2']);
      expect(status).toMatchObject({
        revoked: true,
        revocation: { reasonCode: 'CORRECTION', legalBasis: 'QĐ 21/QĐ-THKĐ' },
      });
      expect(await w.evaluate('batch:getRecordStatus', [manifest.batchId, '1'])).toMatchObject({
        revoked: false,
      });
      // The verifier's one read: the same status, the batch without its history, the signer's registration.
      const view = await w.evaluate('batch:getRecordView', [manifest.batchId, '2']);
      expect(view.status).toEqual(status);
      expect(view.batch).toMatchObject({
        batchId: manifest.batchId,
        root: manifest.root,
        signerCert: manifest.signerCert,
      });
      expect(view.batch.history).toBeUndefined();
      expect(view.certificate).toMatchObject({ fingerprint: manifest.signerCert, status: 'approved' });
      await expect(w.evaluate('batch:getRecordView', [manifest.batchId, '9'])).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      // Many records of the batch in one read: each status as getRecordStatus says it, in the order asked.
      const views = await w.evaluate('batch:getRecordViews', [manifest.batchId, '[2,0,3,2]']);
      expect(views.batch).toEqual(view.batch);
      expect(views.certificate).toEqual(view.certificate);
      expect(views.statuses).toEqual([
        status,
        await w.evaluate('batch:getRecordStatus', [manifest.batchId, '0']),
        await w.evaluate('batch:getRecordStatus', [manifest.batchId, '3']),
        status,
      ]);
      for (const bad of [
        '[4]',
        '[]',
        '[-1]',
        '[1.5]',
        '["1"]',
        '{}',
        'x',
        JSON.stringify(Array(1001).fill(0)),
      ])
        await expect(w.evaluate('batch:getRecordViews', [manifest.batchId, bad]), bad).rejects.toMatchObject({
          code: 'INVALID_ARGUMENT',
        });
      await expect(w.evaluate('batch:getRecordViews', ['B-NONE', '[0]'])).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(
        await outcome(
          w.submit('batch:revokeRecord', [manifest.batchId, '4', 'CORRECTION', 'QĐ 21'], s.principal, [
            'DoetMSP',
            'District1MSP',
          ]),
        ),
      ).toBe('INVALID_ARGUMENT');
    });

    it('recalls a batch and replaces it; an unknown or already superseded batch cannot be replaced', async () => {
      const s = w.schools['SCH-QN-001']!;
      const old = await w.lockBatch('SCH-QN-001', records(3));
      await w.anchor('SCH-QN-001', old.args);
      await grant(old.manifest.batchId, 'recall');
      await grant(old.manifest.batchId, 'replace');
      const recall = await w.submit(
        'batch:recallBatch',
        [old.manifest.batchId, 'WRONG_DATA', 'QĐ 30/QĐ-THKĐ'],
        s.principal,
        ['DoetMSP', 'District1MSP'],
      );
      expect(recall.validationCode).toBe('VALID');

      const unknown = await w.lockBatch('SCH-QN-001', records(3), {
        kind: 'replacement',
        supersedes: 'B-NOPE',
      });
      expect(await outcome(w.anchor('SCH-QN-001', unknown.args))).toBe('NOT_FOUND');

      const repl = await w.lockBatch('SCH-QN-001', records(3), {
        kind: 'replacement',
        supersedes: old.manifest.batchId,
      });
      expect(await outcome(w.anchor('SCH-QN-001', repl.args))).toBe('VALID');
      const status = await w.evaluate('batch:getRecordStatus', [old.manifest.batchId, '0']);
      expect(status).toMatchObject({
        state: 'replaced',
        supersededBy: repl.manifest.batchId,
        recall: { reasonCode: 'WRONG_DATA' },
      });
      const history = (await w.evaluate('batch:getBatch', [old.manifest.batchId])).history.map(
        (h: { state: string }) => h.state,
      );
      expect(history).toEqual(['anchored', 'recalled', 'replaced']);

      const again = await w.lockBatch('SCH-QN-001', records(3), {
        kind: 'replacement',
        supersedes: old.manifest.batchId,
      });
      expect(await outcome(w.anchor('SCH-QN-001', again.args))).toBe('WRONG_STATE');
    });

    it('refuses a replacement outside the replacement window', async () => {
      // A year whose locking is open and whose replacement window opens only in 100 days.
      const schoolYear = YEARS.replacementLater;
      const old = await w.lockBatch('SCH-QN-001', records(2), { schoolYear });
      await w.anchor('SCH-QN-001', old.args);
      await grant(old.manifest.batchId, 'replace');
      const repl = await w.lockBatch('SCH-QN-001', records(2), {
        schoolYear,
        kind: 'replacement',
        supersedes: old.manifest.batchId,
      });
      expect(await outcome(w.anchor('SCH-QN-001', repl.args))).toBe('WINDOW_CLOSED');
    });

    it('needs the province’s permission to replace', async () => {
      const old = await w.lockBatch('SCH-QN-001', records(2));
      await w.anchor('SCH-QN-001', old.args);
      const repl = await w.lockBatch('SCH-QN-001', records(2), {
        kind: 'replacement',
        supersedes: old.manifest.batchId,
      });
      expect(await outcome(w.anchor('SCH-QN-001', repl.args))).toBe('NOT_PERMITTED');
    });
  });

  describe('correction of records (a correction batch)', () => {
    const BASIS = 'QĐ 15/QĐ-THKĐ';
    const correct = (
      schoolId: string,
      corrects: { batchId: string; leafIndex: number; legalBasis?: string }[],
    ) =>
      w.lockBatch(
        schoolId,
        corrects.map((c) => ({ ...record(c.leafIndex), result: 'HTXS' })),
        { kind: 'correction', corrects: corrects.map((c) => ({ legalBasis: BASIS, ...c })) },
      );
    const statusOf = (batchId: string, leaf: number) =>
      w.evaluate('batch:getRecordStatus', [batchId, String(leaf)]);

    it('supersedes exactly the corrected record, with when and the decision; its classmates stay valid', async () => {
      const old = await w.lockBatch('SCH-QN-001', records(4));
      await w.anchor('SCH-QN-001', old.args);
      const b = old.manifest.batchId;
      const fix = await correct('SCH-QN-001', [{ batchId: b, leafIndex: 1 }]);
      const r = await w.anchor('SCH-QN-001', fix.args);
      expect(r.validationCode).toBe('VALID');
      // The status change's event: the anchor's own, naming the superseded records.
      const event = await w.eventOf(r);
      expect(event?.name).toBe('BatchAnchored');
      expect(JSON.parse(new TextDecoder().decode(event!.payload))).toMatchObject({
        batchId: fix.manifest.batchId,
        kind: 'correction',
        corrects: [{ batchId: b, leafIndex: 1 }],
      });
      const corrected = await statusOf(b, 1);
      expect(corrected).toMatchObject({
        state: 'anchored',
        revoked: false,
        correction: {
          batchId: b,
          leafIndex: 1,
          by: { batchId: fix.manifest.batchId, leafIndex: 0 },
          reasonCode: 'CORRECTED',
          legalBasis: BASIS,
          txId: r.txId,
        },
      });
      expect(Date.parse(corrected.correction.at)).not.toBeNaN();
      expect(corrected.supersededBy).toBeUndefined();
      for (const leaf of [0, 2, 3]) {
        const st = await statusOf(b, leaf);
        expect(st).toMatchObject({ state: 'anchored', revoked: false });
        expect(st.correction).toBeUndefined();
      }
      expect(await w.evaluate('batch:getBatch', [b])).toMatchObject({ state: 'anchored' });
      expect((await w.evaluate('batch:getRecordView', [b, '1'])).status).toEqual(corrected);
      expect((await w.evaluate('batch:getRecordViews', [b, '[1,0]'])).statuses).toEqual([
        corrected,
        await statusOf(b, 0),
      ]);
      // The correction batch's own record is in force.
      expect((await statusOf(fix.manifest.batchId, 0)).correction).toBeUndefined();
      // A record superseded once is not superseded again, nor revoked (its successor would be).
      expect(
        await outcome(
          w.anchor('SCH-QN-001', (await correct('SCH-QN-001', [{ batchId: b, leafIndex: 1 }])).args),
        ),
      ).toBe('WRONG_STATE');
      await w.submit('batch:grantPermission', [b, 'revoke', inAMonth(), 'QĐ 15/QĐ-SGDĐT'], w.ids.province!, [
        'DoetMSP',
        'District1MSP',
      ]);
      const revoke = (leaf: string) =>
        w.submit(
          'batch:revokeRecord',
          [b, leaf, 'WRONG_DATA', 'QĐ 21/QĐ-THKĐ'],
          w.schools['SCH-QN-001']!.principal,
          ['DoetMSP', 'District1MSP'],
        );
      expect(await outcome(revoke('1'))).toBe('WRONG_STATE');
      // A revoked record is not corrected: a revocation is final.
      expect(await outcome(revoke('2'))).toBe('VALID');
      expect(
        await outcome(
          w.anchor('SCH-QN-001', (await correct('SCH-QN-001', [{ batchId: b, leafIndex: 2 }])).args),
        ),
      ).toBe('WRONG_STATE');
      // Two records of the class at once, each under its own decision.
      const two = await correct('SCH-QN-001', [
        { batchId: b, leafIndex: 0, legalBasis: 'QĐ 16/QĐ-THKĐ' },
        { batchId: b, leafIndex: 3 },
      ]);
      expect(await outcome(w.anchor('SCH-QN-001', two.args))).toBe('VALID');
      expect(await statusOf(b, 0)).toMatchObject({
        correction: { legalBasis: 'QĐ 16/QĐ-THKĐ', by: { batchId: two.manifest.batchId, leafIndex: 0 } },
      });
      expect(await statusOf(b, 3)).toMatchObject({
        correction: { legalBasis: BASIS, by: { batchId: two.manifest.batchId, leafIndex: 1 } },
      });
    });

    it('refuses a record of another school, of an unknown batch, beyond its batch, or of a recalled batch', async () => {
      const theirs = await w.lockBatch('SCH-QN-003', records(2));
      await w.anchor('SCH-QN-003', theirs.args);
      expect(
        await outcome(
          w.anchor(
            'SCH-QN-001',
            (await correct('SCH-QN-001', [{ batchId: theirs.manifest.batchId, leafIndex: 0 }])).args,
          ),
        ),
      ).toBe('INVALID_ARGUMENT');
      expect(
        await outcome(
          w.anchor('SCH-QN-001', (await correct('SCH-QN-001', [{ batchId: 'B-NOPE', leafIndex: 0 }])).args),
        ),
      ).toBe('NOT_FOUND');
      const ours = await w.lockBatch('SCH-QN-001', records(2));
      await w.anchor('SCH-QN-001', ours.args);
      const b = ours.manifest.batchId;
      expect(
        await outcome(
          w.anchor('SCH-QN-001', (await correct('SCH-QN-001', [{ batchId: b, leafIndex: 2 }])).args),
        ),
      ).toBe('INVALID_ARGUMENT');
      // Only the school's principal anchors a correction.
      const fix = await correct('SCH-QN-001', [{ batchId: b, leafIndex: 0 }]);
      expect(
        await outcome(w.submit('batch:anchorBatch', fix.args, w.ids.province!, ['DoetMSP', 'District1MSP'])),
      ).toBe('ACCESS_DENIED');
      await w.submit('batch:grantPermission', [b, 'recall', inAMonth(), 'QĐ 15/QĐ-SGDĐT'], w.ids.province!, [
        'DoetMSP',
        'District1MSP',
      ]);
      await w.submit(
        'batch:recallBatch',
        [b, 'WRONG_DATA', 'QĐ 30/QĐ-THKĐ'],
        w.schools['SCH-QN-001']!.principal,
        ['DoetMSP', 'District1MSP'],
      );
      expect(await outcome(w.anchor('SCH-QN-001', fix.args))).toBe('WRONG_STATE');
    });
  });

  describe('listing batches', () => {
    // Found by running this suite on Fabric: for an empty page a Fabric peer sends no metadata (fabric-shim
    // leaves it undefined), and the chaincode read `metadata.bookmark`: a bare 500. The embedded ledger now
    // does as Fabric (network/embedded/test/queries.test.ts).
    it('gives an empty page, with no bookmark, for a school year without batches', async () => {
      expect(await w.evaluate('batch:listBatches', ['SCH-QN-003', YEARS.noCalendar, '7', ''])).toEqual({
        items: [],
        bookmark: '',
      });
    });
  });

  describe('the yearly report', () => {
    it('is the RFC 9162 root over the year’s batch roots; later reports extend earlier ones; the Ministry acknowledges', async () => {
      const p = w.ids.province!;
      const third = await w.lockBatch('SCH-QN-003', records(2));
      await w.anchor('SCH-QN-003', third.args);
      const listAll = async () => {
        const ids: { batchId: string; root: string; anchoredAt: string }[] = [];
        for (const school of ['SCH-QN-001', 'SCH-QN-002', 'SCH-QN-003']) {
          let bookmark = '';
          do {
            const page = await w.evaluate('batch:listBatches', [school, YEAR, '7', bookmark]);
            ids.push(...page.items);
            bookmark = page.bookmark;
          } while (bookmark);
        }
        return ids.sort((a, b) => (a.anchoredAt + a.batchId < b.anchoredAt + b.batchId ? -1 : 1));
      };
      const first = await listAll();
      const orgs = ['DoetMSP', 'District1MSP'];
      const ids = first.map((b) => b.batchId);
      // Seed 000 Art. 4 §3c–e: what the districts have not accepted yet is reported as waiting.
      const unaccepted = async (list: readonly string[]) => {
        const out: string[] = [];
        for (const id of list) if (!(await w.evaluate('batch:getBatch', [id])).acceptedAt) out.push(id);
        return out;
      };
      const waiting = await unaccepted(ids);
      expect(waiting).toContain(third.manifest.batchId);
      expect(waiting.length).toBeLessThan(ids.length);
      const report = (list: readonly string[], root: string, wait: readonly string[]) =>
        w.submit(
          'report:submitYearReport',
          [YEAR, JSON.stringify(list), root, JSON.stringify(wait)],
          p,
          orgs,
        );
      // Calling every batch accepted, the unaccepted ones included: refused with a typed code.
      expect(await outcome(report(ids, rootOf(first), []))).toBe('BATCH_NOT_ACCEPTED');
      expect(await outcome(report(ids, rootOf(first), waiting.slice(1)))).toBe('BATCH_NOT_ACCEPTED');
      // A waiting batch must be one the report lists, once.
      expect(await outcome(report(ids, rootOf(first), [...waiting, 'B-NOT-LISTED']))).toBe('REPORT_MISMATCH');
      expect(await outcome(report(ids, rootOf(first), [...waiting, waiting[0]!]))).toBe('REPORT_MISMATCH');
      expect(
        await outcome(
          report(
            ids.slice(1),
            rootOf(first.slice(1)),
            waiting.filter((id) => id !== ids[0]),
          ),
        ),
      ).toBe('REPORT_MISMATCH');
      expect(await outcome(report(ids, '00'.repeat(32), waiting))).toBe('REPORT_MISMATCH');
      const r1 = await report(ids, rootOf(first), waiting);
      expect(r1.value).toMatchObject({ seq: 1, count: ids.length, waiting: waiting.length, onTime: true });
      const [stored1] = await w.evaluate('report:listYearReports', [YEAR]);
      expect(stored1!.waitingBatchIds).toEqual(ids.filter((id) => waiting.includes(id)));
      // The accepted batches are now reported; the waiting ones are not.
      for (const id of ids) {
        const { state } = await w.evaluate('batch:getBatch', [id]);
        if (waiting.includes(id)) expect(state, id).not.toBe('reported');
        else expect(['reported', 'recalled', 'replaced'], id).toContain(state);
      }
      // The district accepts the waiting batch after the report: the next report calls it accepted.
      await w.submit('batch:acceptBatch', [third.manifest.batchId], w.ids.district2!, [
        'DoetMSP',
        'District2MSP',
      ]);

      // A supplementary batch (its window is open until the supplementary deadline), then a second report
      // that extends the first.
      const supp = await w.lockBatch('SCH-QN-003', records(2), { kind: 'supplementary' });
      await w.anchor('SCH-QN-003', supp.args);
      const second = [...first, { batchId: supp.manifest.batchId, root: supp.manifest.root, anchoredAt: '' }];
      const reordered = [second.at(-1)!, ...first];
      const secondIds = second.map((b) => b.batchId);
      const waiting2 = await unaccepted(secondIds);
      expect(waiting2).toContain(supp.manifest.batchId);
      expect(waiting2).not.toContain(third.manifest.batchId);
      expect(
        await outcome(
          report(
            reordered.map((b) => b.batchId),
            rootOf(reordered),
            waiting2,
          ),
        ),
      ).toBe('REPORT_MISMATCH');
      const r2 = await report(secondIds, rootOf(second), waiting2);
      expect(r2.value).toMatchObject({ seq: 2, count: second.length, waiting: waiting2.length });
      expect((await w.evaluate('batch:getBatch', [third.manifest.batchId])).state).toBe('reported');
      expect((await w.evaluate('batch:getBatch', [supp.manifest.batchId])).state).toBe('anchored');

      // Consistency between the two reports, provable with integrity's consistency proof.
      const { verifyConsistency } = await import('@hocba/integrity');
      const tree = new MerkleTree(second.map((b) => leafHash(Uint8Array.from(Buffer.from(b.root, 'hex')))));
      const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
      expect(() =>
        verifyConsistency(
          first.length,
          second.length,
          hex(r1.value.root),
          hex(r2.value.root),
          tree.consistencyProof(first.length),
        ),
      ).not.toThrow();

      // Only the Ministry acknowledges, endorsed by the Ministry and the province.
      expect(
        await outcome(
          w.submit('report:acknowledgeYearReport', [YEAR, '1'], p, ['MoetMSP', 'DoetMSP', 'District1MSP']),
        ),
      ).toBe('ACCESS_DENIED');
      expect(
        await outcome(
          w.submit('report:acknowledgeYearReport', [YEAR, '1'], w.ids.ministry!, ['DoetMSP', 'District1MSP']),
        ),
      ).toBe('ENDORSEMENT_POLICY_FAILURE');
      expect(
        await outcome(
          w.submit('report:acknowledgeYearReport', [YEAR, '1'], w.ids.ministry!, [
            'MoetMSP',
            'DoetMSP',
            'District1MSP',
          ]),
        ),
      ).toBe('VALID');
      const reports = await w.evaluate('report:listYearReports', [YEAR]);
      expect(
        reports.map((r: { seq: number; acknowledgedAt?: string }) => [r.seq, Boolean(r.acknowledgedAt)]),
      ).toEqual([
        [1, true],
        [2, false],
      ]);
      expect(reports[1].onTime).toBe(CALENDAR.supplementaryDeadline > new Date().toISOString());
    });

    it('records a report made after its deadline as late', async () => {
      const schoolYear = YEARS.lateReport;
      const b = await w.lockBatch('SCH-QN-003', records(2), { schoolYear });
      await w.anchor('SCH-QN-003', b.args);
      // The report deadline passes: the province moves the year's windows into the past.
      await w.setCalendar(schoolYear, PAST_CALENDAR);
      const r = await w.submit(
        'report:submitYearReport',
        [
          schoolYear,
          JSON.stringify([b.manifest.batchId]),
          rootOf([b.manifest]),
          JSON.stringify([b.manifest.batchId]),
        ],
        w.ids.province!,
        ['DoetMSP', 'District2MSP'],
      );
      expect(r.value).toMatchObject({ seq: 1, count: 1, onTime: false });
    });
  });
}
