/**
 * The public lookup's data side (issue 6 point 6): from a lookup code and a date of birth to the proof
 * bundle of the record, built from what the database keeps — the version's salt (and how its field salts are
 * derived from it: salts.ts) and committed record, the
 * member's leaf, proof and index, the batch's manifest and CMS, the signer's certificate (the database's
 * copy, else the ledger's registry) — disclosing every field except the personal ones (SENSITIVE_POINTERS,
 * DESIGN.md §6: citizen ID, student code and biography are never shown to an external verifier; they stay
 * in the bundle as hidden field hashes, so it still verifies).
 *
 * No oracle: an unknown code, a draft, and a wrong date of birth all come back as `undefined` after the
 * same single query and the same constant-time comparison.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  batches,
  batchMembers,
  certificates,
  classes,
  correctionRequests,
  type Database,
  enrolments,
  recordVersions,
  schools,
  studentBiographies,
} from '@hocba/db';
import {
  buildBundle,
  certificateFingerprint,
  describeCertificate,
  flattenFields,
  fromBase64,
  type JsonValue,
  type ProofBundle,
  parseManifest,
  pemToDer,
  utf8,
  type VerificationReport,
} from '@hocba/integrity';
import { SENSITIVE_POINTERS } from '@hocba/records';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { type StaffNames, staffNames } from '../documents/staff.ts';
import { discloseWith, type SaltScheme } from '../salts.ts';

/** Versions a lookup may find: committed ones. Drafts, entered, reviewed or approved ones never. */
export const LOOKUP_STATES = ['locked', 'revoked', 'superseded'] as const;

/** Compared against when no record matched, so that both paths do the same work. */
const NO_DATE = '0000-00-00';

/** The SHA-256 of a date of birth: what sameDate compares (equal lengths, so timingSafeEqual applies). */
export const dateDigest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time equality of two dates of birth. */
export function sameDate(expected: string, given: string): boolean {
  return timingSafeEqual(dateDigest(expected), dateDigest(given));
}

/** The correction that made a version (a leaf of a correction batch): when it took effect, under which decision. */
export interface CorrectionNote {
  /** The version it corrects. */
  supersedes: string;
  legalBasis: string;
  /** When the ledger anchored the correction, ISO 8601 UTC. */
  at: string;
}

/**
 * What the record's codes stand for, for the page's layout (issue 15): the names of its school and class, and
 * of its homeroom teacher and principal (staff acting in office, printed on every paper học bạ). Public, and
 * never part of what is verified: the record names the school by its code, which the bundle proves.
 */
export interface LookupNames extends StaffNames {
  schoolName?: string;
  className?: string;
}

export interface LookupRow {
  recordVersionId: string;
  /** Set when this version is a correction of an earlier one. */
  correction?: CorrectionNote;
  names?: LookupNames;
  canonicalText: string;
  salt: Uint8Array;
  /** How the field salts were derived from `salt` when it was locked: a disclosure derives them the same way. */
  saltScheme: SaltScheme;
  leafHash: Uint8Array;
  batch?: {
    id: string;
    leafIndex: number;
    inclusionProof: Uint8Array[];
    leafCount: number;
    manifestText: string | null;
    cms: Uint8Array | null;
    signerCertFingerprint: string | null;
  };
}

/**
 * The newest version with this (canonical) code whose student was born on `dob`, with its batch membership;
 * `undefined` when there is none, whichever the reason. The code names the pupil's record of that year and
 * every version keeps it: the newest one on the ledger answers (a correction locked but not yet anchored
 * leaves the anchored version in place until it is).
 */
export async function findForLookup(db: Database, code: string, dob: string): Promise<LookupRow | undefined> {
  const [row] = await db
    .select({
      id: recordVersions.id,
      canonicalText: recordVersions.canonicalText,
      salt: recordVersions.salt,
      saltScheme: recordVersions.saltScheme,
      leafHash: recordVersions.leafHash,
      dateOfBirth: studentBiographies.dateOfBirth,
      batchId: batches.id,
      leafIndex: batchMembers.leafIndex,
      inclusionProof: batchMembers.inclusionProof,
      leafCount: batches.leafCount,
      manifestText: batches.manifestText,
      cms: batches.cms,
      signerCertFingerprint: batches.signerCertFingerprint,
      lockedAt: batches.lockedAt,
      kind: batches.kind,
      anchoredAt: batches.anchoredAt,
      supersedesId: recordVersions.supersedesId,
      legalBasis: correctionRequests.legalBasis,
      schoolName: schools.name,
      className: classes.name,
      classId: classes.id,
      schoolId: classes.schoolId,
    })
    .from(recordVersions)
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    // The class the record was kept in and its school: names for display, in the same single query.
    .leftJoin(classes, eq(classes.id, enrolments.classId))
    .leftJoin(schools, eq(schools.id, classes.schoolId))
    .leftJoin(studentBiographies, eq(studentBiographies.studentId, enrolments.studentId))
    .leftJoin(batchMembers, eq(batchMembers.recordVersionId, recordVersions.id))
    .leftJoin(batches, eq(batches.id, batchMembers.batchId))
    .leftJoin(correctionRequests, eq(correctionRequests.newVersionId, recordVersions.id))
    .where(and(eq(recordVersions.lookupCode, code), inArray(recordVersions.state, [...LOOKUP_STATES])))
    .orderBy(
      sql`(${batches.ledgerTxId} IS NOT NULL) DESC`,
      desc(recordVersions.version),
      desc(batches.lockedAt),
    )
    .limit(1);
  // Always one comparison, matched or not.
  const match = sameDate(row?.dateOfBirth ?? NO_DATE, dob);
  if (!row || !match || row.dateOfBirth === null) return undefined;
  const found = toLookupRow(row);
  // The staff's names as the PDF prints them (documents/staff.ts): asked only once the date of birth matched.
  const staff =
    found && row.classId && row.schoolId
      ? await staffNames(db, { classId: row.classId, schoolId: row.schoolId })
      : {};
  if (found && (row.schoolName || row.className || Object.keys(staff).length))
    found.names = {
      ...(row.schoolName && { schoolName: row.schoolName }),
      ...(row.className && { className: row.className }),
      ...staff,
    };
  if (found && row.kind === 'correction' && row.supersedesId && row.legalBasis && row.anchoredAt) {
    found.correction = {
      supersedes: row.supersedesId,
      legalBasis: row.legalBasis,
      at: row.anchoredAt.toISOString(),
    };
  }
  return found;
}

/** A committed version joined with its batch membership, as both the lookup and the holder select it. */
export interface CommittedVersionRow {
  id: string;
  canonicalText: string | null;
  salt: Uint8Array | null;
  saltScheme: SaltScheme;
  leafHash: Uint8Array | null;
  batchId: string | null;
  leafIndex: number | null;
  inclusionProof: Uint8Array[] | null;
  leafCount: number | null;
  manifestText: string | null;
  cms: Uint8Array | null;
  signerCertFingerprint: string | null;
}

export function toLookupRow(row: CommittedVersionRow): LookupRow | undefined {
  // The schema's check (record_versions_committed_complete) guarantees these for committed states.
  if (row.canonicalText === null || row.salt === null || row.leafHash === null) return undefined;
  return {
    recordVersionId: row.id,
    canonicalText: row.canonicalText,
    salt: row.salt,
    saltScheme: row.saltScheme,
    leafHash: row.leafHash,
    ...(row.batchId !== null &&
      row.leafIndex !== null &&
      row.inclusionProof !== null &&
      row.leafCount !== null && {
        batch: {
          id: row.batchId,
          leafIndex: row.leafIndex,
          inclusionProof: row.inclusionProof,
          leafCount: row.leafCount,
          manifestText: row.manifestText,
          cms: row.cms,
          signerCertFingerprint: row.signerCertFingerprint,
        },
      }),
  };
}

const isUnder = (pointer: string, prefix: string) => pointer === prefix || pointer.startsWith(`${prefix}/`);
const sensitive = (pointer: string) => SENSITIVE_POINTERS.some((p) => isUnder(pointer, p));

/** The pointers a public lookup discloses: every field of the record except the sensitive ones. */
export function publicPointers(record: unknown): string[] {
  return flattenFields(record)
    .map((f) => f.pointer)
    .filter((p) => !sensitive(p));
}

const unescapeSegment = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** The record with the sensitive parts removed, as a nested object for display: exactly what is disclosed. */
export function publicRecord(record: Record<string, JsonValue>): Record<string, JsonValue> {
  const copy = structuredClone(record);
  for (const p of SENSITIVE_POINTERS) {
    const segments = p.split('/').slice(1).map(unescapeSegment);
    const last = segments.pop();
    let at: unknown = copy;
    for (const s of segments)
      at = at && typeof at === 'object' ? (at as Record<string, unknown>)[s] : undefined;
    if (last !== undefined && at && typeof at === 'object' && !Array.isArray(at))
      delete (at as Record<string, unknown>)[last];
  }
  return copy;
}

/** Whatever gives the signer's certificate PEM when the database has no copy (the ledger's registry). */
export type CertificateSource = (fingerprint: string) => Promise<string | undefined>;

export interface LookupAnswer {
  record: Record<string, JsonValue>;
  bundle: ProofBundle;
  batchId: string;
  leafIndex: number;
}

/**
 * The lookup code of the committed version that supersedes this one, if any: the same student's corrected
 * record, so whoever holds the old code and the date of birth may be pointed to it (the portal's link from a
 * superseded record). Versions keep their code now (migrations/0005); a version issued its own code before
 * then is still pointed to. A hint only: the replacement is verified on its own when looked up.
 */
export async function replacementCode(db: Database, recordVersionId: string): Promise<string | undefined> {
  const [next] = await db
    .select({ lookupCode: recordVersions.lookupCode })
    .from(recordVersions)
    .where(
      and(
        eq(recordVersions.supersedesId, recordVersionId),
        inArray(recordVersions.state, [...LOOKUP_STATES]),
      ),
    )
    .orderBy(desc(recordVersions.version))
    .limit(1);
  return next?.lookupCode ?? undefined;
}

/** Why a found record has no bundle yet: its batch is not signed (no manifest or CMS to show). */
export class NotYetSigned extends Error {
  override readonly name = 'NotYetSigned';
}

/**
 * The bundle of a found record, disclosing all but the sensitive fields, or exactly `pointers` (the holder's
 * own choice, services/holder.ts).
 */
export async function lookupBundle(
  db: Database,
  row: LookupRow,
  fromLedger: CertificateSource,
  pointers?: readonly string[],
): Promise<LookupAnswer> {
  const b = row.batch;
  if (!b || b.manifestText === null || b.cms === null || b.signerCertFingerprint === null)
    throw new NotYetSigned(`record version ${row.recordVersionId} is in no signed batch`);
  const record = JSON.parse(row.canonicalText) as Record<string, JsonValue>;
  const [cert] = await db
    .select({ pem: certificates.pem })
    .from(certificates)
    .where(eq(certificates.fingerprint, b.signerCertFingerprint));
  const pem = cert?.pem ?? (await fromLedger(b.signerCertFingerprint));
  const bundle = buildBundle({
    // The version's own salt scheme, with node:crypto's hashes (salts.ts).
    disclosure: discloseWith(row.saltScheme, record, row.salt, pointers ?? publicPointers(record)),
    leaf: row.leafHash,
    leafIndex: b.leafIndex,
    treeSize: b.leafCount,
    proof: b.inclusionProof,
    manifest: parseManifest(utf8(b.manifestText)),
    cms: b.cms,
    certificates: pem === undefined ? [] : pemToDer(pem, 'CERTIFICATE'),
  });
  return { record: publicRecord(record), bundle, batchId: b.id, leafIndex: b.leafIndex };
}

/** The batch signature as a page names it: the signing certificate's holder (CN) and the signing time. */
export interface SignatureNote {
  signer?: string;
  signedAt?: string;
}

/** The CN of an RFC 4514 name ("CN=Hiệu trưởng,O=…"), escapes undone. */
function commonName(rfc4514: string): string | undefined {
  const m = /(?:^|,)\s*CN=((?:\\.|[^,+\\])*)/.exec(rfc4514);
  return m?.[1]?.replace(/\\(.)/g, '$1').trim() || undefined;
}

/**
 * Who signed the bundle's batch and when, for the layout's confirmation block: the certificate the manifest
 * names (from the bundle), and the signing time the report's signature step proved. Nothing when that step
 * did not pass: an unproved signer is not named.
 */
export function signatureNote(bundle: ProofBundle, report: VerificationReport): SignatureNote | undefined {
  const step = report.steps.find((s) => s.step === 'signature');
  if (step?.outcome !== 'pass') return undefined;
  const signedAt = step.details?.signingTime;
  let signer: string | undefined;
  for (const b64 of bundle.certificates) {
    const der = fromBase64(b64);
    if (!der || certificateFingerprint(der) !== bundle.manifest.signerCert) continue;
    signer = commonName(describeCertificate(der).subject);
  }
  return {
    ...(signer && { signer }),
    ...(typeof signedAt === 'string' && { signedAt }),
  };
}
