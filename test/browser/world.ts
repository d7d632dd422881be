/**
 * The province the browser suite looks records up in, made with the services and the ledger directly (as
 * gateway/test/lookup/route.test.ts does), then a gateway listening on a local port that serves the built
 * portal: a Circular 27 record and a Circular 22 record, locked, signed and anchored, in each state the page
 * must show — valid, tampered in the database, revoked, in a recalled batch, superseded by a replacement,
 * corrected by a correction batch (and its classmate, untouched) — and a student account for the holder's
 * disclosure.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enrolments, recordVersions, schools, studentBiographies } from '@hocba/db';
import { certificateFingerprint } from '@hocba/integrity';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import '@hocba/gateway/testing/app/quiet-chaincode.ts';
import {
  buildApp,
  checkCorrection,
  decideCorrection,
  devSigner,
  lockBatch,
  lockCorrection,
  newLookupCode,
  requestCorrection,
  runOutboxWorker,
  settleCorrections,
  signWithDevSigner,
} from '@hocba/gateway';
import { EmbeddedLedgerClient } from '@hocba/gateway/ledger';
import { worldIdentities } from '@hocba/gateway/testing/app/helper.ts';
import { seedUser } from '@hocba/gateway/testing/auth/fixtures.ts';
import {
  lockAndSign,
  type Province,
  SCHOOL,
  type Seeded,
  seededDatabase,
  seedVersions,
  startProvince,
  workerParties,
  YEAR,
} from '@hocba/gateway/testing/services/fixtures.ts';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(here, '../../records/test/fixtures');
const ORGS = ['DoetMSP', 'District1MSP'];
export const ETHNICITY = 'Sán Dìu';
/** The decision the browser world's correction was made under. */
export const CORRECTION_DECISION = 'QĐ 27/QĐ-THKĐ';
/** The school's name as people know it: the page must show it rather than its code. */
export const SCHOOL_NAME = 'Trường Tiểu học Kim Đồng';
export const PORTAL_DIST = join(here, '../../portal/dist');

export interface Seat {
  code: string;
  dob: string;
  recordId: string;
  studentId: string;
  fullName: string;
}

export interface BrowserWorld {
  base: string;
  seats: {
    valid: Seat;
    tampered: Seat;
    revoked: Seat;
    recalled: Seat;
    superseded: Seat;
    replacement: Seat;
    /** Corrected by a correction batch: the code answers version 2. */
    corrected: Seat;
    /** The corrected pupil's classmate in the same batch: untouched, valid. */
    classmate: Seat;
  };
  student: { login: string; password: string };
  close(): Promise<void>;
}

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Record<string, unknown>;

/** Gives `n` approved versions a real record (the Circular 27 or 22 fixture), their own codes and birthdays. */
async function realRecords(s: Seeded, form: 'primary-grade5' | 'thcs-grade8', n: number, tag: string) {
  const ids = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, n);
  const seats: Seat[] = [];
  for (const [i, id] of ids.entries()) {
    const [v] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, id));
    const [e] = await s.db.select().from(enrolments).where(eq(enrolments.id, v!.enrolmentId));
    const code = newLookupCode();
    const dob = `2014-0${1 + i}-1${i}`;
    const base = fixture(form);
    const bio = base.biography as Record<string, unknown>;
    const fullName = `${bio.fullName} ${tag}${i}`;
    const biography = { ...bio, fullName, dateOfBirth: dob, ethnicity: ETHNICITY };
    const record = {
      ...base,
      recordId: id,
      lookupCode: code,
      schoolCode: SCHOOL,
      schoolYear: YEAR,
      classId: s.classId[SCHOOL]!,
      biography,
    };
    await s.db.update(recordVersions).set({ lookupCode: code, record }).where(eq(recordVersions.id, id));
    await s.db.insert(studentBiographies).values({
      studentId: e!.studentId,
      fullName,
      dateOfBirth: dob,
      sex: bio.sex as 'male' | 'female',
      birthplace: String(bio.birthplace),
      ethnicity: ETHNICITY,
    });
    seats.push({ code, dob, recordId: id, studentId: e!.studentId, fullName });
  }
  return seats;
}

async function anchorPending(p: Province, s: Seeded) {
  const outcomes = await runOutboxWorker({ db: s.db, ledger: p.ledger, ...workerParties(p.world) }).tick();
  for (const o of outcomes)
    if (o.outcome !== 'submitted') throw new Error(`not anchored: ${JSON.stringify(o)}`);
}

const leafOf = (members: { recordVersionId: string; leafIndex: number }[], id: string) =>
  members.find((m) => m.recordVersionId === id)!.leafIndex;

export async function startBrowserWorld(): Promise<BrowserWorld> {
  const [p, s] = await Promise.all([startProvince(), seededDatabase()]);
  await s.db.update(schools).set({ name: SCHOOL_NAME }).where(eq(schools.id, SCHOOL));
  const w = p.world;
  const principal = w.schools[SCHOOL]!.principal;
  const until = '2027-01-31T00:00:00Z';

  // Batch 1 (Circular 27): valid, tampered, revoked.
  const [valid, tampered, revoked] = (await realRecords(s, 'primary-grade5', 3, 'A')) as [Seat, Seat, Seat];
  const one = await lockAndSign(s.db, w, SCHOOL, [valid.recordId, tampered.recordId, revoked.recordId]);
  // Batch 2 (Circular 22): recalled.
  const [recalled] = (await realRecords(s, 'thcs-grade8', 1, 'B')) as [Seat];
  const two = await lockAndSign(s.db, w, SCHOOL, [recalled.recordId]);
  // Batch 3: superseded by batch 4.
  const [superseded] = (await realRecords(s, 'thcs-grade8', 1, 'C')) as [Seat];
  const three = await lockAndSign(s.db, w, SCHOOL, [superseded.recordId]);
  await anchorPending(p, s);

  // A revocation and a recall are ledger facts, with their reason and legal basis.
  await w.submit(
    'batch:grantPermission',
    [one.batchId, 'revoke', until, 'QĐ 5/QĐ-SGDĐT'],
    w.ids.province!,
    ORGS,
  );
  await w.submit(
    'batch:revokeRecord',
    [one.batchId, String(leafOf(one.members, revoked.recordId)), 'CORRECTION', 'QĐ 6/QĐ-THKĐ'],
    principal,
    ORGS,
  );
  await w.submit(
    'batch:grantPermission',
    [two.batchId, 'recall', until, 'QĐ 7/QĐ-SGDĐT'],
    w.ids.province!,
    ORGS,
  );
  await w.submit('batch:recallBatch', [two.batchId, 'WRONG_BATCH', 'QĐ 8/QĐ-THKĐ'], principal, ORGS);

  // The replacement: version 2 of the superseded record, with its own code, in a replacement batch.
  const [old] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, superseded.recordId));
  const replacementId = `${superseded.recordId}-v2`;
  const replacementCode = newLookupCode();
  const oldRecord = old!.record as Record<string, unknown>;
  await s.db.insert(recordVersions).values({
    id: replacementId,
    enrolmentId: old!.enrolmentId,
    version: 2,
    supersedesId: old!.id,
    state: 'approved',
    lookupCode: replacementCode,
    record: {
      ...oldRecord,
      recordId: replacementId,
      lookupCode: replacementCode,
      version: 2,
      supersedes: old!.id,
    },
  });
  await w.submit(
    'batch:grantPermission',
    [three.batchId, 'replace', until, 'QĐ 9/QĐ-SGDĐT'],
    w.ids.province!,
    ORGS,
  );
  const signer = w.schools[SCHOOL]!.signer;
  const ago = (seconds: number) => new Date(w.now.getTime() - seconds * 1000);
  const four = await lockBatch(s.db, {
    schoolId: SCHOOL,
    schoolYear: YEAR,
    recordVersionIds: [replacementId],
    kind: 'replacement',
    supersedes: three.batchId,
    lockedAt: ago(20),
    signerCertFingerprint: certificateFingerprint(signer.der),
  });
  await signWithDevSigner(
    s.db,
    four.batchId,
    devSigner({ certificate: signer.der, privateKey: signer.keys.privateKey, clock: () => ago(10) }),
    { trustAnchors: [w.root.der], registeredCertificate: signer.der, now: w.now },
  );
  await anchorPending(p, s);

  // Batch 5: a class of two; one pupil's record corrected (seed 001 Art. 15), re-signed in a correction batch.
  const [corrected, classmate] = (await realRecords(s, 'primary-grade5', 2, 'E')) as [Seat, Seat];
  const five = await lockAndSign(s.db, w, SCHOOL, [corrected.recordId, classmate.recordId]);
  await anchorPending(p, s);
  const actor = {
    userId: await seedUser(s.db, {
      login: 'principal-browser',
      grants: [{ role: 'principal', schoolId: SCHOOL }],
    }),
    role: 'principal' as const,
  };
  const request = await requestCorrection(s.db, {
    recordVersionId: corrected.recordId,
    legalBasis: CORRECTION_DECISION,
    reason: 'Nhận xét môn Toán ghi nhầm',
    actor,
    now: ago(60),
  });
  await checkCorrection(s.db, { id: request.id, actor, now: ago(50), schoolId: SCHOOL });
  const [locked] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, corrected.recordId));
  const content = JSON.parse(locked!.canonicalText!) as {
    results: { subjects: Record<string, { comment?: string }> };
  };
  content.results.subjects.TOAN!.comment = 'Tính toán nhanh, chính xác (đã điều chỉnh).';
  await decideCorrection(s.db, {
    id: request.id,
    approve: true,
    record: content,
    actor,
    now: ago(40),
    schoolId: SCHOOL,
  });
  const fix = await lockCorrection(s.db, {
    batchId: five.batchId,
    actor,
    now: ago(20),
    signerCertFingerprint: certificateFingerprint(signer.der),
  });
  await signWithDevSigner(
    s.db,
    fix.batchId,
    devSigner({ certificate: signer.der, privateKey: signer.keys.privateKey, clock: () => ago(10) }),
    { trustAnchors: [w.root.der], registeredCertificate: signer.der, now: w.now },
  );
  await anchorPending(p, s);
  await settleCorrections(s.db, w.now);

  // A compromised server: the append-only guard dropped, a locked record's mark changed in place.
  await s.db.execute(sql`DROP TRIGGER IF EXISTS record_versions_committed ON record_versions`);
  const [t] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, tampered.recordId));
  const text = t!.canonicalText!.replace('"testScore":9', '"testScore":10');
  if (text === t!.canonicalText) throw new Error('the tampering changed nothing');
  await s.db
    .update(recordVersions)
    .set({ canonicalText: text })
    .where(eq(recordVersions.id, tampered.recordId));

  // The valid record's student can sign in.
  const student = { login: `hs-${valid.recordId.toLowerCase()}`, password: 'Mật-khẩu đủ dài 2026' };
  await seedUser(s.db, {
    login: student.login,
    password: student.password,
    grants: [{ role: 'student', studentId: valid.studentId }],
  });

  const app: FastifyInstance = await buildApp({
    ledger: new EmbeddedLedgerClient(w.ledger),
    ledgerReader: w.ids.auditor!,
    identities: worldIdentities(w),
    clock: () => w.now,
    logger: false,
    db: s.db,
    portalRoot: PORTAL_DIST,
    rateLimit: { max: 1000, bulkMax: 1000, lookupMax: 1000, authMax: 1000 },
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    base,
    seats: {
      valid,
      tampered,
      revoked,
      recalled,
      superseded,
      replacement: { ...superseded, code: replacementCode, recordId: replacementId },
      corrected,
      classmate,
    },
    student,
    async close() {
      await app.close();
      await s.close();
    },
  };
}
