/**
 * What a district officer must see before accepting a batch (seed 000 Điều 4 khoản 3c: the district
 * "kiểm tra đối chiếu, tiếp nhận" by 30/6): the batch checked again from what the database holds against
 * what the ledger holds, each check named with its outcome and the facts it rests on.
 *
 * - manifest: the stored manifest text is canonical, hashes to the stored manifest hash and names this
 *   batch (id, school, year, root, leaf count);
 * - signature: the stored CMS is a valid detached signature over that text by the certificate it names
 *   (integrity's verifyCmsSignature);
 * - signer: that certificate chains to an active trust anchor of the ledger at signing time
 *   (verifySignerCertificate), and the ledger's registry holds it for this school, approved by the
 *   province and not revoked at signing time;
 * - anchor: the ledger's copy of the batch (batch:getBatch) has our root, manifest hash and CMS hash
 *   (ledger-anchor.ts isOurs), our transaction and block, and the state the database says;
 * - records: the batch's members are as many as its leaves and their leaf hashes make its root.
 *
 * Reads only. A failed check never throws: it is reported, and the batch is not `acceptable`.
 */
import { auditLog, batchMembers, classes, type Database, recordVersions, schools, users } from '@hocba/db';
import {
  certificateFingerprint,
  describeCertificate,
  isIntegrityError,
  type Manifest,
  MerkleTree,
  parseManifest,
  pemToDer,
  sha256,
  toHex,
  utf8,
  verifyCmsSignature,
  verifySignerCertificate,
} from '@hocba/integrity';
import { and, asc, desc, eq } from 'drizzle-orm';
import {
  chaincode,
  type LedgerClient,
  LedgerError,
  type LedgerIdentity,
  readTrustAnchors,
} from '../ledger/index.ts';
import { anchorOf, isOurs } from './ledger-anchor.ts';
import { type BatchRow, batchPlace } from './permissions.ts';

export const CHECKS = ['manifest', 'signature', 'signer', 'anchor', 'records'] as const;
export type CheckName = (typeof CHECKS)[number];

export interface Check {
  name: CheckName;
  outcome: 'pass' | 'fail' | 'unknown';
  /** Why it failed or could not be decided (a stable code; the screen words it). */
  code?: string;
}

/** One fact held twice, by the database and by the ledger. */
export interface Comparison {
  field: 'root' | 'manifestHash' | 'cmsHash' | 'state' | 'txId' | 'blockNumber';
  database: string | null;
  ledger: string | null;
  match: boolean;
}

export interface SignerFacts {
  fingerprint: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  signingTime: string | null;
  /** The ledger registry's status for this school; `notRegistered` when it has none. */
  registration: 'approved' | 'pending' | 'revoked' | 'notRegistered';
  approvedAt: string | null;
  /** The account that posted the signature, as the audit log recorded it. */
  signedByName: string | null;
}

export interface AnchorFacts {
  txId: string;
  blockNumber: number | null;
  anchoredAt: string;
  ledgerState: string;
  acceptedAt: string | null;
}

export interface BatchVerification {
  batchId: string;
  schoolId: string;
  schoolName: string;
  districtId: string;
  schoolYear: string;
  classId: string | null;
  className: string | null;
  kind: string;
  state: string;
  leafCount: number | null;
  recordCount: number;
  lockedAt: string | null;
  checks: Check[];
  /** Every check passed. */
  ok: boolean;
  /** Every check passed and the batch waits for acceptance (anchored, not yet accepted). */
  acceptable: boolean;
  signer: SignerFacts | null;
  anchor: AnchorFacts | null;
  comparison: Comparison[];
  checkedAt: string;
}

export interface VerifyBatchOptions {
  ledger: LedgerClient;
  reader: LedgerIdentity;
  now: Date;
  /** Ledger reads shared by the batches of one request (verifyBatches): made once, not once per batch. */
  shared?: SharedReads | undefined;
}

/** The ledger's trust anchors and certificate registrations, each read once for all the batches checked. */
export interface SharedReads {
  trustAnchors?: Promise<Uint8Array[]>;
  readonly registrations: Map<string, Promise<chaincode.CertificateRecord | undefined>>;
}

/** Batches checked at a time by verifyBatches: their database and ledger reads overlap, a page's stay bounded. */
const VERIFY_CONCURRENCY = 4;

const codeOf = (e: unknown): string =>
  isIntegrityError(e) || e instanceof LedgerError ? e.code : 'CHECK_FAILED';

/** The manifest step: the stored text as signed, and whether it is this batch's. */
function checkManifest(b: BatchRow): { check: Check; manifest?: Manifest } {
  if (b.manifestText === null || b.manifestHash === null) {
    return { check: { name: 'manifest', outcome: 'fail', code: 'MANIFEST_NOT_PREPARED' } };
  }
  let manifest: Manifest;
  try {
    manifest = parseManifest(utf8(b.manifestText));
  } catch (e) {
    return { check: { name: 'manifest', outcome: 'fail', code: codeOf(e) } };
  }
  const fail = (code: string) => ({
    check: { name: 'manifest' as const, outcome: 'fail' as const, code },
    manifest,
  });
  if (toHex(sha256(utf8(b.manifestText))) !== toHex(b.manifestHash)) return fail('MANIFEST_HASH_MISMATCH');
  if (
    manifest.batchId !== b.id ||
    manifest.schoolId !== b.schoolId ||
    manifest.schoolYear !== b.schoolYear ||
    manifest.leafCount !== b.leafCount ||
    (b.root !== null && manifest.root !== toHex(b.root))
  ) {
    return fail('MANIFEST_BATCH_MISMATCH');
  }
  return { check: { name: 'manifest', outcome: 'pass' }, manifest };
}

/** The ledger's registration of a certificate, or undefined when it has none. */
function registrationOf(
  o: VerifyBatchOptions,
  fingerprint: string,
): Promise<chaincode.CertificateRecord | undefined> {
  if (!o.shared) return readRegistration(o, fingerprint);
  let read = o.shared.registrations.get(fingerprint);
  if (read === undefined) {
    read = readRegistration(o, fingerprint);
    o.shared.registrations.set(fingerprint, read);
  }
  return read;
}

async function readRegistration(
  o: VerifyBatchOptions,
  fingerprint: string,
): Promise<chaincode.CertificateRecord | undefined> {
  try {
    return await chaincode.getCertificate(o.ledger, o.reader, fingerprint);
  } catch (e) {
    if (e instanceof LedgerError && (e.code === 'NOT_FOUND' || e.code === 'INVALID_ARGUMENT'))
      return undefined;
    throw e;
  }
}

interface SignatureOutcome {
  signature: Check;
  signer: Check;
  facts: SignerFacts | null;
}

/** The signature and signer steps: the CMS over the manifest, the certificate's chain and registration. */
async function checkSignature(
  db: Database,
  b: BatchRow,
  manifest: Manifest | undefined,
  o: VerifyBatchOptions,
): Promise<SignatureOutcome> {
  const unknown = (code: string): SignatureOutcome => ({
    signature: { name: 'signature', outcome: b.cms === null ? 'fail' : 'unknown', code },
    signer: { name: 'signer', outcome: 'unknown', code: 'PREVIOUS_STEP_FAILED' },
    facts: null,
  });
  if (b.cms === null) return unknown('NOT_SIGNED');
  if (!manifest || b.manifestText === null) return unknown('PREVIOUS_STEP_FAILED');
  const registration = await registrationOf(o, manifest.signerCert);
  const registered = registration ? pemToDer(registration.certificatePem, 'CERTIFICATE') : [];
  let sig: Awaited<ReturnType<typeof verifyCmsSignature>>;
  try {
    sig = await verifyCmsSignature({ content: utf8(b.manifestText), cms: b.cms, certificates: registered });
  } catch (e) {
    return { ...unknown(codeOf(e)), signature: { name: 'signature', outcome: 'fail', code: codeOf(e) } };
  }
  const fingerprint = certificateFingerprint(sig.signerCertificate);
  const d = describeCertificate(sig.signerCertificate);
  const facts: SignerFacts = {
    fingerprint,
    subject: d.subject,
    issuer: d.issuer,
    serialNumber: d.serialNumber,
    notBefore: d.notBefore.toISOString(),
    notAfter: d.notAfter.toISOString(),
    signingTime: sig.signingTime.toISOString(),
    registration: registration?.schoolId === b.schoolId ? registration.status : 'notRegistered',
    approvedAt: registration?.approvedAt ?? null,
    signedByName: await signedByName(db, b.id),
  };
  if (fingerprint !== manifest.signerCert) {
    return {
      signature: { name: 'signature', outcome: 'fail', code: 'SIGNATURE_SIGNER_MISMATCH' },
      signer: { name: 'signer', outcome: 'unknown', code: 'PREVIOUS_STEP_FAILED' },
      facts,
    };
  }
  return {
    signature: { name: 'signature', outcome: 'pass' },
    signer: await checkSigner(sig, facts, o),
    facts,
  };
}

async function checkSigner(
  sig: Awaited<ReturnType<typeof verifyCmsSignature>>,
  facts: SignerFacts,
  o: VerifyBatchOptions,
): Promise<Check> {
  try {
    const anchors = await trustAnchorsOf(o);
    await verifySignerCertificate({
      signerCertificate: sig.signerCertificate,
      intermediates: sig.certificates,
      trustAnchors: anchors,
      at: sig.signingTime,
    });
  } catch (e) {
    // The ledger unreachable is not a verdict on the certificate.
    if (e instanceof LedgerError) throw e;
    return { name: 'signer', outcome: 'fail', code: codeOf(e) };
  }
  if (facts.registration === 'notRegistered' || facts.registration === 'pending') {
    return { name: 'signer', outcome: 'fail', code: 'CERT_NOT_REGISTERED' };
  }
  if (facts.registration === 'revoked') return { name: 'signer', outcome: 'fail', code: 'CERT_REVOKED' };
  return { name: 'signer', outcome: 'pass' };
}

/** The ledger's active trust anchors (DER). */
function trustAnchorsOf(o: VerifyBatchOptions): Promise<Uint8Array[]> {
  const read = async () =>
    (await readTrustAnchors(o.ledger, o.reader)).flatMap((pem) => pemToDer(pem, 'CERTIFICATE'));
  if (!o.shared) return read();
  o.shared.trustAnchors ??= read();
  return o.shared.trustAnchors;
}

async function signedByName(db: Database, batchId: string): Promise<string | null> {
  const [row] = await db
    .select({ name: users.displayName })
    .from(auditLog)
    .innerJoin(users, eq(users.id, auditLog.actorUserId))
    .where(
      and(
        eq(auditLog.entityType, 'batch'),
        eq(auditLog.entityId, batchId),
        eq(auditLog.action, 'batch.sign'),
      ),
    )
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return row?.name ?? null;
}

/** The anchor step: the ledger's copy of the batch against ours, field by field. */
async function checkAnchor(
  b: BatchRow,
  o: VerifyBatchOptions,
): Promise<{ check: Check; facts: AnchorFacts | null; comparison: Comparison[] }> {
  let theirs: chaincode.BatchWithHistory;
  try {
    theirs = await chaincode.getBatch(o.ledger, o.reader, b.id);
  } catch (e) {
    if (e instanceof LedgerError && e.code === 'NOT_FOUND') {
      return {
        check: { name: 'anchor', outcome: 'fail', code: 'NOT_ON_LEDGER' },
        facts: null,
        comparison: [],
      };
    }
    throw e;
  }
  const anchor = await anchorOf(o.ledger, { anchorTxId: theirs.anchorTxId, anchoredAt: theirs.anchoredAt });
  const hex = (v: Uint8Array | null) => (v === null ? null : toHex(v));
  const pairs: [Comparison['field'], string | null, string | null][] = [
    ['root', hex(b.root), theirs.root],
    ['manifestHash', hex(b.manifestHash), theirs.manifestHash],
    ['cmsHash', b.cms === null ? null : toHex(sha256(b.cms)), theirs.cmsHash],
    ['state', b.state, theirs.state],
    ['txId', b.ledgerTxId, theirs.anchorTxId],
    [
      'blockNumber',
      b.blockNumber === null ? null : String(b.blockNumber),
      anchor.blockNumber === null ? null : String(anchor.blockNumber),
    ],
  ];
  const comparison = pairs.map(([field, database, ledger]) => ({
    field,
    database,
    ledger,
    match: database === ledger,
  }));
  const ours = isOurs({ manifestText: b.manifestText, cms: b.cms }, theirs);
  const mismatch = comparison.find((c) => !c.match);
  const check: Check =
    ours && !mismatch
      ? { name: 'anchor', outcome: 'pass' }
      : {
          name: 'anchor',
          outcome: 'fail',
          code: mismatch ? `LEDGER_${mismatch.field.toUpperCase()}_MISMATCH` : 'LEDGER_MISMATCH',
        };
  return {
    check,
    facts: {
      txId: anchor.txId,
      blockNumber: anchor.blockNumber,
      anchoredAt: anchor.anchoredAt.toISOString(),
      ledgerState: theirs.state,
      acceptedAt: theirs.acceptedAt ?? null,
    },
    comparison,
  };
}

/** The records step: as many members as leaves, and their leaf hashes make the stored root. */
async function checkRecords(db: Database, b: BatchRow): Promise<{ check: Check; count: number }> {
  const rows = await db
    .select({ leaf: recordVersions.leafHash })
    .from(batchMembers)
    .innerJoin(recordVersions, eq(recordVersions.id, batchMembers.recordVersionId))
    .where(eq(batchMembers.batchId, b.id))
    .orderBy(asc(batchMembers.leafIndex));
  const count = rows.length;
  if (b.leafCount === null || count !== b.leafCount) {
    return { check: { name: 'records', outcome: 'fail', code: 'RECORD_COUNT_MISMATCH' }, count };
  }
  if (rows.some((r) => r.leaf === null) || b.root === null) {
    return { check: { name: 'records', outcome: 'fail', code: 'LEAF_MISSING' }, count };
  }
  const root = new MerkleTree(rows.map((r) => r.leaf!)).root();
  if (toHex(root) !== toHex(b.root))
    return { check: { name: 'records', outcome: 'fail', code: 'ROOT_MISMATCH' }, count };
  return { check: { name: 'records', outcome: 'pass' }, count };
}

export async function verifyBatch(
  db: Database,
  batchId: string,
  o: VerifyBatchOptions,
): Promise<BatchVerification> {
  const { batch: b, districtId } = await batchPlace(db, batchId);
  const [names] = await db
    .select({ schoolName: schools.name, className: classes.name })
    .from(schools)
    .leftJoin(classes, eq(classes.id, b.classId ?? ''))
    .where(eq(schools.id, b.schoolId));
  const manifest = checkManifest(b);
  const [signature, anchor, records] = await Promise.all([
    checkSignature(db, b, manifest.manifest, o),
    checkAnchor(b, o),
    checkRecords(db, b),
  ]);
  const checks = [manifest.check, signature.signature, signature.signer, anchor.check, records.check];
  const ok = checks.every((c) => c.outcome === 'pass');
  return {
    batchId: b.id,
    schoolId: b.schoolId,
    schoolName: names?.schoolName ?? b.schoolId,
    districtId,
    schoolYear: b.schoolYear,
    classId: b.classId,
    className: names?.className ?? null,
    kind: b.kind,
    state: b.state,
    leafCount: b.leafCount,
    recordCount: records.count,
    lockedAt: b.lockedAt?.toISOString() ?? null,
    checks,
    ok,
    acceptable: ok && b.state === 'anchored' && anchor.facts?.ledgerState === 'anchored',
    signer: signature.facts,
    anchor: anchor.facts,
    comparison: anchor.comparison,
    checkedAt: o.now.toISOString(),
  };
}

/**
 * verifyBatch for each of `batchIds`, in their order (the acceptance queue checks a page of batches in one
 * request): the same answer per batch as the single check, with the trust anchors and each certificate's
 * registration read from the ledger once for all of them.
 */
export async function verifyBatches(
  db: Database,
  batchIds: readonly string[],
  o: VerifyBatchOptions,
): Promise<BatchVerification[]> {
  const shared: VerifyBatchOptions = { ...o, shared: o.shared ?? { registrations: new Map() } };
  const out: BatchVerification[] = new Array(batchIds.length);
  let next = 0;
  const worker = async () => {
    while (next < batchIds.length) {
      const i = next++;
      out[i] = await verifyBatch(db, batchIds[i]!, shared);
    }
  };
  await Promise.all(Array.from({ length: Math.min(VERIFY_CONCURRENCY, batchIds.length) }, worker));
  return out;
}
