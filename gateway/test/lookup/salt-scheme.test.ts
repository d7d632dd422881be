/**
 * Disclosures follow the version's stored salt scheme (issue 16, salts.ts): a batch holding a version
 * salted by the keystream (aes-256-ctr) and one salted by the HMAC of before is locked, signed and anchored;
 * the public lookup answers each with a bundle that verifies in full, the keystream version's salts are the
 * keystream's, and the HMAC version discloses exactly the salts it did before (known bytes). The holder's
 * own download of the keystream version verifies too.
 *
 * The versions are salted by rewriting their leaves after lockBatch and before signing (with the freeze
 * trigger paused): this test does not depend on which scheme lockBatch uses for new locks.
 */
import {
  batches,
  batchMembers,
  type Database,
  enrolments,
  recordVersions,
  studentBiographies,
} from '@hocba/db';
import { flattenFields, MerkleTree, toHex } from '@hocba/integrity';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newLookupCode } from '../../src/lookup/code.ts';
import { aesCtrSalts, commitWith, type SaltScheme } from '../../src/salts.ts';
import { discloseOwnRecord } from '../../src/services/holder.ts';
import { devSigner, runOutboxWorker, signWithDevSigner } from '../../src/services/index.ts';
import { lockBatch, prepareManifest } from '../../src/services/lock.ts';
import { makeApp, type TestApp } from '../app/helper.ts';
import {
  type Province,
  SCHOOL,
  type Seeded,
  seededDatabase,
  seedVersions,
  startProvince,
  workerParties,
  YEAR,
} from '../services/fixtures.ts';

/** The record salts, fixed so that the disclosed salts can be compared with known bytes. */
const HMAC_SALT = Uint8Array.from({ length: 32 }, (_, i) => i);
const KEYSTREAM_SALT = Uint8Array.from({ length: 32 }, (_, i) => 0xff - i);
/** HMAC-SHA-256(00…1f, "/recordId") (openssl dgst -sha256 -mac HMAC; gateway/test/salts.test.ts). */
const HMAC_RECORD_ID_SALT = '5adf0f2ba7b29e7b108596900bc6c6d7d1c2e965627061afc9cf17959a283a8f';

let p: Province;
let s: Seeded;
let app: TestApp;
const seats: Record<SaltScheme, { id: string; code: string; dob: string; studentId: string }> = {} as never;

/** Re-salts the locked members of an assembling batch by `schemeOf`, and rebuilds its tree and proofs. */
async function resalt(db: Database, batchId: string, schemeOf: (id: string) => SaltScheme): Promise<void> {
  const members = await db
    .select({ id: recordVersions.id, text: recordVersions.canonicalText, salt: recordVersions.salt })
    .from(batchMembers)
    .innerJoin(recordVersions, eq(recordVersions.id, batchMembers.recordVersionId))
    .where(eq(batchMembers.batchId, batchId))
    .orderBy(asc(batchMembers.leafIndex));
  const leaves = members.map((m) => commitWith(schemeOf(m.id), JSON.parse(m.text!), m.salt!).leaf);
  const tree = new MerkleTree(leaves);
  await db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE record_versions DISABLE TRIGGER record_versions_committed`);
    for (const [i, m] of members.entries()) {
      await tx
        .update(recordVersions)
        .set({ saltScheme: schemeOf(m.id), leafHash: leaves[i]! })
        .where(eq(recordVersions.id, m.id));
      await tx
        .update(batchMembers)
        .set({ inclusionProof: tree.inclusionProof(i) })
        .where(eq(batchMembers.recordVersionId, m.id));
    }
    await tx.execute(sql`ALTER TABLE record_versions ENABLE TRIGGER record_versions_committed`);
    await tx.update(batches).set({ root: tree.root() }).where(eq(batches.id, batchId));
  });
}

beforeAll(async () => {
  [p, s] = await Promise.all([startProvince(), seededDatabase()]);
  const ids = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 2);
  const schemes: SaltScheme[] = ['aes-256-ctr', 'hmac-sha256'];
  for (const [i, id] of ids.entries()) {
    const [v] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, id));
    const [e] = await s.db.select().from(enrolments).where(eq(enrolments.id, v!.enrolmentId));
    const code = newLookupCode();
    const dob = `2015-04-0${i + 1}`;
    const scheme = schemes[i]!;
    // A salt drawn before the lock is kept by it.
    await s.db
      .update(recordVersions)
      .set({
        lookupCode: code,
        record: { ...v!.record, lookupCode: code },
        salt: scheme === 'hmac-sha256' ? HMAC_SALT : KEYSTREAM_SALT,
      })
      .where(eq(recordVersions.id, id));
    await s.db.insert(studentBiographies).values({
      studentId: e!.studentId,
      fullName: `Hoàng Văn Nam ${i}`,
      dateOfBirth: dob,
      sex: 'male',
      birthplace: 'Cẩm Phả, Quảng Ninh',
      ethnicity: 'Tày',
    });
    seats[scheme] = { id, code, dob, studentId: e!.studentId };
  }
  const signer = p.world.schools[SCHOOL]!.signer;
  const dev = devSigner({
    certificate: signer.der,
    privateKey: signer.keys.privateKey,
    clock: () => new Date(p.world.now.getTime() - 30_000),
  });
  const locked = await lockBatch(s.db, {
    schoolId: SCHOOL,
    schoolYear: YEAR,
    recordVersionIds: ids,
    kind: 'regular',
    lockedAt: new Date(p.world.now.getTime() - 60_000),
  });
  await resalt(s.db, locked.batchId, (id) =>
    id === seats['hmac-sha256'].id ? 'hmac-sha256' : 'aes-256-ctr',
  );
  await prepareManifest(s.db, locked.batchId, dev.fingerprint);
  await signWithDevSigner(s.db, locked.batchId, dev, {
    trustAnchors: [p.world.root.der],
    registeredCertificate: dev.certificate,
    now: p.world.now,
  });
  const [outcome] = await runOutboxWorker({ db: s.db, ledger: p.ledger, ...workerParties(p.world) }).tick();
  expect(outcome).toMatchObject({ batchId: locked.batchId, outcome: 'submitted' });
  app = await makeApp(p.world, { db: s.db, rateLimit: { max: 1000, bulkMax: 1000, lookupMax: 1000 } });
});
afterAll(async () => {
  await app?.close();
  await s?.close();
});

const lookup = (scheme: SaltScheme) =>
  app.inject({ method: 'GET', url: `/v1/verify/${seats[scheme].code}?dob=${seats[scheme].dob}` });
type Field = { pointer: string; salt: string };
const failing = (r: { steps: { outcome: string; step: string; code: string }[] }) =>
  r.steps.filter((x) => x.outcome !== 'pass').map((x) => `${x.step}:${x.code}`);

describe('disclosures by the stored salt scheme', () => {
  it('stores each version with its scheme', async () => {
    for (const scheme of ['aes-256-ctr', 'hmac-sha256'] as const) {
      const [v] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, seats[scheme].id));
      expect(v!.saltScheme).toBe(scheme);
    }
  });

  it('answers the keystream-salted version with a bundle that verifies, salted by the keystream', async () => {
    const res = await lookup('aes-256-ctr');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(failing(body.report)).toEqual([]);
    expect(body.report.verdict).toBe('valid');
    const fields: Field[] = body.bundle.disclosure.fields;
    const [v] = await s.db
      .select()
      .from(recordVersions)
      .where(eq(recordVersions.id, seats['aes-256-ctr'].id));
    const pointers = flattenFields(JSON.parse(v!.canonicalText!)).map((f) => f.pointer);
    const expected = aesCtrSalts(KEYSTREAM_SALT, pointers);
    const at = pointers.indexOf('/recordId');
    expect(fields.find((f) => f.pointer === '/recordId')!.salt).toBe(toHex(expected[at]!));
    expect(fields.find((f) => f.pointer === '/recordId')!.salt).not.toBe(HMAC_RECORD_ID_SALT);
    // And POST /v1/verify/bundle agrees.
    const again = await app.inject({ method: 'POST', url: '/v1/verify/bundle', payload: body.bundle });
    expect(again.statusCode).toBe(200);
    expect(again.json().report.verdict).toBe('valid');
  });

  it('answers the HMAC-salted version of before with the same salts as before (known bytes)', async () => {
    const res = await lookup('hmac-sha256');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(failing(body.report)).toEqual([]);
    expect(body.report.verdict).toBe('valid');
    const fields: Field[] = body.bundle.disclosure.fields;
    expect(fields.find((f) => f.pointer === '/recordId')!.salt).toBe(HMAC_RECORD_ID_SALT);
  });

  it("lets the holder download the keystream version's chosen fields, and the bundle verifies", async () => {
    const out = await discloseOwnRecord(s.db, {
      recordId: seats['aes-256-ctr'].id,
      pointers: ['/recordId', '/results'],
      authorize: () => {},
      fromLedger: async () => undefined,
      actor: { userId: null, role: 'student' },
    } as never);
    expect(out).toHaveProperty('bundle');
    const bundle = (out as { bundle: unknown }).bundle;
    const res = await app.inject({ method: 'POST', url: '/v1/verify/bundle', payload: bundle as object });
    expect(res.statusCode).toBe(200);
    expect(res.json().report.verdict).toBe('valid');
  });
});
