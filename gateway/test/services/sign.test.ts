import { anchorOutbox, auditLog, batches, HOCBA_SQLSTATE, sqlState } from '@hocba/db';
import { certificateFingerprint, fromBase64, sha256, signCms, toHex, utf8 } from '@hocba/integrity';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptSignature,
  devSigner,
  lockBatch,
  prepareManifest,
  signingRequest,
  signWithDevSigner,
} from '../../src/services/index.ts';
import {
  counts,
  OTHER_SCHOOL,
  type Province,
  SCHOOL,
  type Seeded,
  seededDatabase,
  seedVersions,
  startProvince,
  YEAR,
} from './fixtures.ts';

let p: Province;
let s: Seeded;
beforeAll(async () => {
  [p, s] = await Promise.all([startProvince(), seededDatabase()]);
});
afterAll(async () => {
  await s.close();
});

const ago = (seconds: number) => new Date(p.world.now.getTime() - seconds * 1000);
const signer = (schoolId = SCHOOL) => p.world.schools[schoolId]!.signer;

/** A locked batch of three approved versions whose manifest names `fingerprint` (the school's signer). */
async function lockedBatch(fingerprint = certificateFingerprint(signer().der)) {
  const ids = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 3);
  return lockBatch(s.db, {
    schoolId: SCHOOL,
    schoolYear: YEAR,
    recordVersionIds: ids,
    kind: 'regular',
    lockedAt: ago(60),
    signerCertFingerprint: fingerprint,
  });
}

/** What a token does with the request: sign the exact bytes it was given. */
async function tokenSign(manifestBytes: string, who = signer(), signingTime = ago(30)) {
  return signCms({
    content: fromBase64(manifestBytes)!,
    privateKey: who.keys.privateKey,
    certificate: who.der,
    signingTime,
  });
}

const options = () => ({
  trustAnchors: [p.world.root.der],
  registeredCertificate: signer().der,
  now: p.world.now,
});

async function outboxOf(batchId: string) {
  return s.db.select().from(anchorOutbox).where(eq(anchorOutbox.batchId, batchId));
}

describe('two-step external signing', () => {
  it('hands out the exact manifest bytes and digest, accepts a CMS over them, and enqueues the anchor', async () => {
    const locked = await lockedBatch();
    const request = await signingRequest(s.db, locked.batchId);
    const bytes = fromBase64(request.manifestBytes)!;
    const [stored] = await s.db.select().from(batches).where(eq(batches.id, locked.batchId));
    expect(bytes).toEqual(utf8(stored!.manifestText!));
    expect(request.digest).toBe(toHex(sha256(bytes)));
    expect(request.manifest).toEqual(locked.manifest);

    const cms = await tokenSign(request.manifestBytes);
    const accepted = await acceptSignature(s.db, locked.batchId, cms, options());
    expect(accepted).toMatchObject({ batchId: locked.batchId, signerCert: request.manifest.signerCert });

    const [batch] = await s.db.select().from(batches).where(eq(batches.id, locked.batchId));
    expect(batch!.state).toBe('signed');
    expect(batch!.cms).toEqual(cms);
    const rows = await outboxOf(locked.batchId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: accepted.outboxId,
      key: `anchorBatch:${locked.batchId}`,
      action: 'anchorBatch',
      state: 'pending',
      attempts: 0,
    });
    const [last] = await s.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(last).toMatchObject({ action: 'batch.sign', entityId: locked.batchId });

    // Signed is final: no second signature, no new manifest, and the database itself refuses an edit.
    await expect(acceptSignature(s.db, locked.batchId, cms, options())).rejects.toMatchObject({
      code: 'BATCH_WRONG_STATE',
    });
    await expect(signingRequest(s.db, locked.batchId)).rejects.toMatchObject({ code: 'BATCH_WRONG_STATE' });
    await expect(prepareManifest(s.db, locked.batchId, 'cd'.repeat(32))).rejects.toMatchObject({
      code: 'BATCH_WRONG_STATE',
    });
    const edit = await s.db
      .update(batches)
      .set({ manifestText: '{}' })
      .where(eq(batches.id, locked.batchId))
      .catch((e: unknown) => e);
    expect(sqlState(edit)).toBe(HOCBA_SQLSTATE.batchSigned);
  });

  it('refuses a tampered CMS with integrity’s code, and stores nothing', async () => {
    const locked = await lockedBatch();
    const request = await signingRequest(s.db, locked.batchId);
    const before = await counts(s.db);

    // A signature over other bytes: one character of the manifest changed.
    const text = new TextDecoder()
      .decode(fromBase64(request.manifestBytes)!)
      .replace('"regular"', '"Regular"');
    const otherBytes = await signCms({
      content: utf8(text),
      privateKey: signer().keys.privateKey,
      certificate: signer().der,
      signingTime: ago(30),
    });
    await expect(acceptSignature(s.db, locked.batchId, otherBytes, options())).rejects.toMatchObject({
      code: 'CMS_DIGEST_MISMATCH',
    });
    // A flipped bit in the signature value (the last bytes of the DER).
    const flipped = await tokenSign(request.manifestBytes);
    flipped[flipped.length - 2]! ^= 0x01;
    const refusal = await acceptSignature(s.db, locked.batchId, flipped, options()).catch((e: unknown) => e);
    expect((refusal as { code: string }).code).toMatch(/^CMS_/);
    await expect(acceptSignature(s.db, locked.batchId, utf8('not a CMS'), options())).rejects.toMatchObject({
      code: 'CMS_MALFORMED',
    });

    expect(await counts(s.db)).toEqual(before);
    expect(await outboxOf(locked.batchId)).toEqual([]);
    const [batch] = await s.db.select().from(batches).where(eq(batches.id, locked.batchId));
    expect(batch).toMatchObject({ state: 'assembling', cms: null });
  });

  it('refuses another school’s certificate, an unregistered one, an expired one and a wrong signing time', async () => {
    const locked = await lockedBatch();
    const request = await signingRequest(s.db, locked.batchId);
    const before = await counts(s.db);
    const refuse = async (cms: Uint8Array, o = options()) =>
      ((await acceptSignature(s.db, locked.batchId, cms, o).catch((e: unknown) => e)) as { code: string })
        .code;

    // Valid CMS, trusted chain — but not the signer the manifest names.
    expect(await refuse(await tokenSign(request.manifestBytes, signer(OTHER_SCHOOL)))).toBe(
      'SIGNER_MISMATCH',
    );
    // Signing before the lock, or in the future (beyond the tolerated skew).
    expect(await refuse(await tokenSign(request.manifestBytes, signer(), ago(3600)))).toBe(
      'SIGNING_TIME_INVALID',
    );
    expect(await refuse(await tokenSign(request.manifestBytes, signer(), ago(-3600)))).toBe(
      'SIGNING_TIME_INVALID',
    );
    // Without the root it was issued under, the chain is untrusted.
    expect(await refuse(await tokenSign(request.manifestBytes), { ...options(), trustAnchors: [] })).toBe(
      'CERT_CHAIN_UNTRUSTED',
    );
    expect(await counts(s.db)).toEqual(before);

    // The manifest names another school's certificate, but the school has its own registered.
    const wrong = await lockedBatch(certificateFingerprint(signer(OTHER_SCHOOL).der));
    const wrongRequest = await signingRequest(s.db, wrong.batchId);
    const byOther = await tokenSign(wrongRequest.manifestBytes, signer(OTHER_SCHOOL));
    await expect(acceptSignature(s.db, wrong.batchId, byOther, options())).rejects.toMatchObject({
      code: 'CERT_NOT_REGISTERED',
    });

    // A certificate that expired before the signing time.
    const expired = await p.world.makeSigner(SCHOOL, {
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2026-05-01T00:00:00Z'),
    });
    const old = await lockedBatch(certificateFingerprint(expired.der));
    const oldRequest = await signingRequest(s.db, old.batchId);
    await expect(
      acceptSignature(s.db, old.batchId, await tokenSign(oldRequest.manifestBytes, expired), {
        ...options(),
        registeredCertificate: expired.der,
      }),
    ).rejects.toMatchObject({ code: 'CERT_EXPIRED' });
    expect(await outboxOf(wrong.batchId)).toEqual([]);
    expect(await outboxOf(old.batchId)).toEqual([]);
  });

  it('signs with the development software signer in both steps', async () => {
    const locked = await lockedBatch();
    const dev = devSigner({
      certificate: signer().der,
      privateKey: signer().keys.privateKey,
      clock: () => ago(10),
    });
    expect(dev.fingerprint).toBe(locked.manifest!.signerCert);
    const accepted = await signWithDevSigner(s.db, locked.batchId, dev, options());
    expect(accepted.signingTime).toEqual(new Date(Math.floor(ago(10).getTime() / 1000) * 1000));
    expect(await outboxOf(locked.batchId)).toHaveLength(1);
  });
});
