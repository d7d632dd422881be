/**
 * Checks of anchorBatch and of the province's permissions that the other cases did not pin (issue 12 §10):
 * each case fails when its check is removed from chaincode/src/contracts/batch.ts. Run unchanged on the
 * embedded ledger (checks.test.ts) and on the Fabric network (test/fabric/chaincode-checks.test.ts).
 */
import { certificateFingerprint } from '@hocba/integrity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LedgerKind, outcome, World } from './suite-world.ts';

const PROVINCE_ORGS = ['DoetMSP', 'District1MSP'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function checksSuite(kind: LedgerKind): void {
  let w: World;

  beforeAll(async () => {
    w = await World.create(kind);
  });
  afterAll(async () => {
    await w?.close();
  });

  describe('anchorBatch pins', () => {
    it('the signature to the certificate the manifest names: another school’s principal cannot sign for it', async () => {
      const own = w.schools['SCH-QN-001']!;
      const other = w.schools['SCH-QN-002']!;
      // The manifest names school 001's approved certificate, but school 002's principal signed it with its
      // own approved certificate, which chains to the same root and travels in the CMS.
      const { manifest, args } = await w.lockBatch('SCH-QN-001', [{ recordId: 'R-X1' }], {
        signer: other.signer,
        signerCert: certificateFingerprint(own.signer.der),
      });
      expect(manifest.signerCert).toBe(certificateFingerprint(own.signer.der));
      expect(await outcome(w.anchor('SCH-QN-001', args))).toBe('CERT_NOT_REGISTERED');
      await expect(w.evaluate('batch:getBatch', [manifest.batchId])).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      // The same records signed by the school's own principal anchor: the refusal was about the signer.
      const good = await w.lockBatch('SCH-QN-001', [{ recordId: 'R-X1' }]);
      expect(await outcome(w.anchor('SCH-QN-001', good.args))).toBe('VALID');
    });

    it('the manifest to this channel', async () => {
      const { manifest, args } = await w.lockBatch('SCH-QN-001', [{ recordId: 'R-X2' }], {
        channel: 'hocba-other',
      });
      expect(manifest.channel).toBe('hocba-other');
      expect(await outcome(w.anchor('SCH-QN-001', args))).toBe('INVALID_ARGUMENT');
      await expect(w.evaluate('batch:getBatch', [manifest.batchId])).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });
  });

  describe('a permission of the province', () => {
    it('ends at its time limit: a revocation and a recall after it are refused', async () => {
      const s = w.schools['SCH-QN-001']!;
      const { manifest, args } = await w.lockBatch('SCH-QN-001', [
        { recordId: 'R-P0' },
        { recordId: 'R-P1' },
      ]);
      await w.anchor('SCH-QN-001', args);
      // Long enough for one transaction on a busy Fabric network, short enough to wait for.
      const until = new Date(Date.now() + (kind === 'fabric' ? 15_000 : 3_000));
      for (const action of ['revoke', 'recall']) {
        await w.submit(
          'batch:grantPermission',
          [manifest.batchId, action, until.toISOString(), 'QĐ 15/QĐ-SGDĐT'],
          w.ids.province!,
          PROVINCE_ORGS,
        );
      }
      const revoke = (leaf: string) =>
        w.submit('batch:revokeRecord', [manifest.batchId, leaf, 'CORRECTION', 'QĐ 21/QĐ-THKĐ'], s.principal, [
          'DoetMSP',
          s.districtMsp,
        ]);
      // Within the limit the permission works...
      expect(await outcome(revoke('0'))).toBe('VALID');
      await sleep(Math.max(0, until.getTime() - Date.now()) + 1_000);
      // ...after it, it no longer does.
      expect(await outcome(revoke('1'))).toBe('NOT_PERMITTED');
      expect(
        await outcome(
          w.submit('batch:recallBatch', [manifest.batchId, 'WRONG_DATA', 'QĐ 22/QĐ-THKĐ'], s.principal, [
            'DoetMSP',
            s.districtMsp,
          ]),
        ),
      ).toBe('NOT_PERMITTED');
      expect(await w.evaluate('batch:getRecordStatus', [manifest.batchId, '1'])).toMatchObject({
        revoked: false,
        state: 'anchored',
      });
    });
  });
}
