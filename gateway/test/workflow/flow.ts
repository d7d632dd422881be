/**
 * The whole workflow through `inject`, on whichever database it is given: drafts with lookup codes →
 * entries by each subject's teacher and the homeroom teacher → review → confirmation → approval → lock →
 * two-step external signing with a real CMS (and, for a second class, the dev signer) → the background
 * outbox worker → the batch read back from the ledger → the public lookup answers `valid`.
 */
import { auditLog, type Database, recordVersions, signatures } from '@hocba/db';
import { certificateFingerprint, fromBase64, sha256, signCms, toHex } from '@hocba/integrity';
import { eq, inArray } from 'drizzle-orm';
import { expect } from 'vitest';
import { formatLookupCode, isLookupCode } from '../../src/lookup/code.ts';
import { devSigner } from '../../src/services/dev-signer.ts';
import { makeApp, type World } from '../app/helper.ts';
import { caller, eventually, SCHOOL, seedSchoolYear, tokens, walk } from './fixtures.ts';

export async function fullFlow(db: Database, world: World): Promise<void> {
  const s = await seedSchoolYear(db, 2);
  const signer = world.schools[SCHOOL]!.signer;
  const app = await makeApp(world, {
    db,
    devSigner: () =>
      devSigner({ certificate: signer.der, privateKey: signer.keys.privateKey, clock: () => world.now }),
    outbox: { intervalMs: 50 },
    rateLimit: { authMax: 1000, lookupMax: 1000 },
  });
  try {
    const t = await tokens(app, s);
    const call = caller(app);

    // Drafts for class A, each issued its own lookup code.
    const created = await call(t.homeroom, 'POST', `/v1/classes/${s.classId.a}/records`);
    expect(created.statusCode, created.body).toBe(201);
    const drafts = created.json().created as { recordId: string; enrolmentId: string; lookupCode: string }[];
    expect(drafts).toHaveLength(2);
    for (const d of drafts) expect(isLookupCode(d.lookupCode)).toBe(true);
    expect(new Set(drafts.map((d) => d.lookupCode)).size).toBe(2);

    // Entry, review; the maths subject group confirms the first record; the principal approves both.
    for (const d of drafts) await walk(call, d.recordId, { homeroom: t.homeroom, maths: t.maths });
    const first = drafts[0]!.recordId;
    const confirmed = await call(t.group, 'POST', `/v1/records/${first}/confirm`, { subject: 'TOAN' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().state).toBe('confirmed');
    for (const d of drafts) {
      const a = await call(t.principal, 'POST', `/v1/records/${d.recordId}/approve`);
      expect(a.statusCode, a.body).toBe(200);
    }
    const listed = await call(t.homeroom, 'GET', `/v1/classes/${s.classId.a}/records`);
    expect(listed.json().records.map((r: { state: string }) => r.state)).toEqual(['approved', 'approved']);

    // Every step signed off by its user, and audited.
    const sigs = await db.select().from(signatures).where(eq(signatures.recordVersionId, first));
    const roles = sigs.map((x) => x.signerRole).sort();
    expect(roles.filter((r) => r === 'subjectTeacher')).toHaveLength(1);
    expect(roles.filter((r) => r === 'homeroomTeacher')).toHaveLength(12); // 10 subjects + homeroom + review
    expect(roles.filter((r) => r === 'subjectGroup')).toHaveLength(1);
    expect(roles.filter((r) => r === 'principal')).toHaveLength(1);
    expect(sigs.every((x) => x.kind === 'attestation' && x.signedDigest?.length === 32)).toBe(true);
    const audits = await db.select().from(auditLog).where(eq(auditLog.entityId, first));
    expect(new Set(audits.map((a) => a.action))).toEqual(
      new Set(['record.create', 'record.enter', 'record.review', 'record.confirm', 'record.approve']),
    );
    const read = await call(t.principal, 'GET', `/v1/records/${first}`);
    expect(read.json().record.results.principalApproval.principal).toBe('Nguyễn Thị Lan');
    expect(read.json().record.results.overallResult).toBe('HTT');

    // Lock the class.
    const lock = await call(t.principal, 'POST', '/v1/batches', { classId: s.classId.a });
    expect(lock.statusCode, lock.body).toBe(201);
    const { batchId } = lock.json();
    expect(lock.json().leafCount).toBe(2);
    const versions = await db
      .select()
      .from(recordVersions)
      .where(
        inArray(
          recordVersions.id,
          drafts.map((d) => d.recordId),
        ),
      );
    expect(versions.map((v) => v.state)).toEqual(['locked', 'locked']);

    // Two-step external signing: fetch the bytes and digest, sign them with the principal's key, post back.
    const fp = certificateFingerprint(signer.der);
    const req = await call(t.principal, 'GET', `/v1/batches/${batchId}/signing-request?signer=${fp}`);
    expect(req.statusCode, req.body).toBe(200);
    const bytes = fromBase64(req.json().manifestBytes)!;
    expect(req.json().digest).toBe(toHex(sha256(bytes)));
    expect(req.json().manifest).toMatchObject({ batchId, signerCert: fp, leafCount: 2, schoolId: SCHOOL });
    const cms = await signCms({
      content: bytes,
      privateKey: signer.keys.privateKey,
      certificate: signer.der,
      signingTime: world.now,
    });
    const signed = await call(t.principal, 'POST', `/v1/batches/${batchId}/signature`, {
      cms: Buffer.from(cms).toString('base64'),
    });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ state: 'signed', signerCert: fp });

    // The background worker anchors it; the ledger has it.
    const anchored = await eventually(
      async () => (await call(t.principal, 'GET', `/v1/batches/${batchId}`)).json(),
      (v) => v.state === 'anchored',
    );
    expect(anchored.state).toBe('anchored');
    expect(anchored.outbox.state).toBe('done');
    // This app has a development signer, and its batch answers say so (the console offers dev-sign then).
    expect(anchored.devSigner).toBe(true);
    const onLedger = await world.evaluate('batch:getBatch', [batchId]);
    expect(onLedger.root).toBe(anchored.root);
    expect(onLedger.anchorTxId).toBe(anchored.anchor.txId);
    expect(onLedger.manifestHash).toBe(anchored.manifestHash);

    // Anyone with the code and the date of birth gets a valid record.
    for (const d of drafts) {
      const res = await app.inject({
        method: 'GET',
        url: `/v1/verify/${formatLookupCode(d.lookupCode)}?dob=${s.dob.get(d.enrolmentId)}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().report.verdict).toBe('valid');
      expect(res.json().record).not.toHaveProperty('biography');
    }

    // Class B, signed with the development signer.
    const createdB = await call(t.homeroomB, 'POST', `/v1/classes/${s.classId.b}/records`);
    const draftsB = createdB.json().created as {
      recordId: string;
      enrolmentId: string;
      lookupCode: string;
    }[];
    for (const d of draftsB) await walk(call, d.recordId, { homeroom: t.homeroomB, principal: t.principal });
    const lockB = await call(t.principal, 'POST', '/v1/batches', { classId: s.classId.b });
    expect(lockB.statusCode, lockB.body).toBe(201);
    const dev = await call(t.principal, 'POST', `/v1/batches/${lockB.json().batchId}/dev-sign`);
    expect(dev.statusCode, dev.body).toBe(200);
    expect(dev.json()).toMatchObject({ state: 'signed', signerCert: fp });
    const anchoredB = await eventually(
      async () => (await call(t.principal, 'GET', `/v1/batches/${lockB.json().batchId}`)).json(),
      (v) => v.state === 'anchored',
    );
    expect(anchoredB.state).toBe('anchored');
    const d = draftsB[1]!;
    const res = await app.inject({
      method: 'GET',
      url: `/v1/verify/${d.lookupCode}?dob=${s.dob.get(d.enrolmentId)}`,
    });
    expect(res.json().report.verdict).toBe('valid');

    expect(app.statuses.filter((x) => x >= 500)).toEqual([]);
  } finally {
    await app.close();
  }
}
