/**
 * Issuing a học bạ as a PDF (issue 15 point 2): the full học bạ of a school year, or an extract (trích sao)
 * of chosen fields, by the school's staff or by the holder (their own disclosure). Only a version that is
 * locked and anchored on the ledger, and still current, is issued. The PDF carries its proof bundle
 * inside, the lookup QR code and the content fingerprint of what its pages show, computed from that very
 * bundle. Every issue is logged (document_issues, migration 0008): who, when, which version (batch and
 * leaf), which kind, which fields — pointers only, never the content (the draft circular on học bạ số,
 * DESIGN.md §7a).
 */
import {
  batches,
  batchMembers,
  classes,
  type Database,
  type DocumentIssuer,
  documentIssues,
  enrolments,
  recordVersions,
  schools,
} from '@hocba/db';
import {
  describeCertificate,
  fromBase64,
  isIntegrityError,
  type ProofBundle,
  utf8,
  verifyCmsSignature,
} from '@hocba/integrity';
import { type LayoutContext, layoutFingerprint, layoutHocBa, recordFromFields } from '@hocba/records';
import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Principal, Target } from '../auth/principal.ts';
import { type CertificateSource, lookupBundle } from '../lookup/service.ts';
import { schoolTarget } from '../services/places.ts';
import { layoutBlocks } from './from-layout.ts';
import type { DocumentKind } from './model.ts';
import { lookupUrl } from './qr.ts';
import { renderPdfOffThread } from './render-pool.ts';
import { staffNames } from './staff.ts';

/** Batch states whose anchor stands: issued from. A recalled or replaced batch's records are not. */
const STANDING = ['anchored', 'accepted', 'reported'] as const;

export interface IssueInput {
  recordId: string;
  kind: DocumentKind;
  /** The fields of an extract (JSON Pointers; "/biography" is every field under it). None for a full one. */
  pointers?: readonly string[] | undefined;
  issuer: DocumentIssuer;
  actor: { userId: string; role: Principal['role'] };
  /** Checks the caller may issue this record, given its place; throws to refuse (auth/policy.ts). */
  authorize: (target: Target) => void;
  fromLedger: CertificateSource;
  /** The public base URL the lookup QR code points under. */
  publicUrl: string;
  now: Date;
}

/** Why nothing was issued. */
export type IssueRefusal =
  | { kind: 'notFound' }
  /** Not locked yet, or locked but its batch not signed and anchored yet. */
  | { kind: 'notIssuable' }
  /** Revoked, superseded (corrected), or its batch recalled or replaced. */
  | { kind: 'notCurrent' }
  | { kind: 'unknownPointer'; pointer: string };

export interface IssuedDocument {
  pdf: Buffer;
  lookupCode: string;
  fingerprint: string;
  /** The issue log's row. */
  issueId: string;
}

/** The version, its holding school and class, and the place the policy compares. */
async function placeOf(db: Database, recordId: string) {
  const [row] = await db
    .select({
      id: recordVersions.id,
      state: recordVersions.state,
      lookupCode: recordVersions.lookupCode,
      canonicalText: recordVersions.canonicalText,
      salt: recordVersions.salt,
      saltScheme: recordVersions.saltScheme,
      leafHash: recordVersions.leafHash,
      studentId: enrolments.studentId,
      classId: enrolments.classId,
      className: classes.name,
      school: schools,
    })
    .from(recordVersions)
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    .innerJoin(schools, eq(schools.id, enrolments.custodySchoolId))
    .innerJoin(classes, eq(classes.id, enrolments.classId))
    .where(eq(recordVersions.id, recordId));
  return row;
}

/** The CN of an RFC 4514 name ("CN=Hiệu trưởng,O=…"), escapes undone. */
const commonName = (rfc4514: string) =>
  /(?:^|,)\s*CN=((?:\\.|[^,+\\])*)/.exec(rfc4514)?.[1]?.replace(/\\(.)/g, '$1').trim() || undefined;

/**
 * Who signed the batch and when, for the principal's confirmation block: read from the batch's CMS only once
 * it verifies over the manifest (the certificate that made the signature, the signed signing time).
 */
async function batchSignature(
  bundle: ProofBundle,
  manifestText: string,
): Promise<LayoutContext['signature']> {
  const cms = fromBase64(bundle.cms);
  if (!cms) return undefined;
  const checked = await verifyCmsSignature({
    content: utf8(manifestText),
    cms,
    certificates: bundle.certificates.flatMap((c) => fromBase64(c) ?? []),
  }).catch(() => undefined);
  if (!checked) return undefined;
  const signer = commonName(describeCertificate(checked.signerCertificate).subject);
  return { ...(signer && { signer }), signedAt: checked.signingTime };
}

/** The version's membership of a signed batch whose anchor stands, newest first. */
async function standingMembership(db: Database, recordId: string) {
  const [m] = await db
    .select({
      batchId: batches.id,
      leafIndex: batchMembers.leafIndex,
      inclusionProof: batchMembers.inclusionProof,
      leafCount: batches.leafCount,
      manifestText: batches.manifestText,
      cms: batches.cms,
      signerCertFingerprint: batches.signerCertFingerprint,
    })
    .from(batchMembers)
    .innerJoin(batches, eq(batches.id, batchMembers.batchId))
    .where(
      and(
        eq(batchMembers.recordVersionId, recordId),
        inArray(batches.state, [...STANDING]),
        isNotNull(batches.ledgerTxId),
      ),
    )
    .orderBy(desc(batches.lockedAt))
    .limit(1);
  return m;
}

/** Whether a version was in a batch that was recalled or replaced: no longer current, not merely pending. */
async function inFallenBatch(db: Database, recordId: string): Promise<boolean> {
  const rows = await db
    .select({ id: batches.id })
    .from(batchMembers)
    .innerJoin(batches, eq(batches.id, batchMembers.batchId))
    .where(and(eq(batchMembers.recordVersionId, recordId), inArray(batches.state, ['recalled', 'replaced'])))
    .limit(1);
  return rows.length > 0;
}

export async function issueDocument(
  db: Database,
  input: IssueInput,
): Promise<IssuedDocument | { refused: IssueRefusal }> {
  const place = await placeOf(db, input.recordId);
  if (!place) return { refused: { kind: 'notFound' } };
  // Before anything about the record's state is told: a caller out of scope learns only "forbidden".
  input.authorize({ ...schoolTarget(place.school), classId: place.classId, studentId: place.studentId });
  if (place.state === 'revoked' || place.state === 'superseded') return { refused: { kind: 'notCurrent' } };
  if (place.state !== 'locked' || !place.canonicalText || !place.salt || !place.leafHash || !place.lookupCode)
    return { refused: { kind: 'notIssuable' } };
  const m = await standingMembership(db, place.id);
  if (!m || m.leafCount === null) {
    return { refused: { kind: (await inFallenBatch(db, place.id)) ? 'notCurrent' : 'notIssuable' } };
  }

  let bundle: Awaited<ReturnType<typeof lookupBundle>>['bundle'];
  try {
    ({ bundle } = await lookupBundle(
      db,
      {
        recordVersionId: place.id,
        canonicalText: place.canonicalText,
        salt: place.salt,
        saltScheme: place.saltScheme,
        leafHash: place.leafHash,
        batch: {
          id: m.batchId,
          leafIndex: m.leafIndex,
          inclusionProof: m.inclusionProof,
          leafCount: m.leafCount,
          manifestText: m.manifestText,
          cms: m.cms,
          signerCertFingerprint: m.signerCertFingerprint,
        },
      },
      input.fromLedger,
      // "" discloses every field: the full học bạ.
      input.kind === 'full' ? [''] : (input.pointers ?? []),
    ));
  } catch (e) {
    if (isIntegrityError(e) && e.code === 'DISCLOSURE_UNKNOWN_POINTER')
      return { refused: { kind: 'unknownPointer', pointer: String(e.details?.pointer ?? '') } };
    throw e;
  }

  // The pages show what the attached bundle proves: the record rebuilt from the bundle's own fields, laid
  // out by records' layout model with the hidden count a verifier of the bundle would use, so that the
  // fingerprint printed is the one the CLI and the portal recompute from the attachment.
  const hiddenFields = bundle.disclosure.hidden.length;
  const layout = layoutHocBa(recordFromFields(bundle.disclosure.fields), {
    schoolName: place.school.name,
    className: place.className,
    ...(await staffNames(db, { classId: place.classId, schoolId: place.school.id })),
    ...optional('signature', await batchSignature(bundle, m.manifestText ?? '')),
    lookupCode: place.lookupCode,
    hiddenFields,
  });
  const fingerprint = layoutFingerprint(layout);
  // In a worker thread: the render's CPU would otherwise hold every other request (render-pool.ts).
  const pdf = await renderPdfOffThread({
    kind: input.kind,
    // An extract that does not disclose the level says nothing of it under the title.
    level: layout.form === 'unknown' ? undefined : layout.subtitle,
    lookupCode: place.lookupCode,
    lookupUrl: lookupUrl(input.publicUrl, place.lookupCode),
    fingerprint,
    issuedAt: input.now,
    blocks: layoutBlocks(layout),
    bundleJson: JSON.stringify(bundle),
  });
  const [logged] = await db
    .insert(documentIssues)
    .values({
      issuedAt: input.now,
      issuer: input.issuer,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      kind: input.kind,
      recordVersionId: place.id,
      batchId: m.batchId,
      leafIndex: m.leafIndex,
      schoolId: place.school.id,
      pointers: input.kind === 'full' ? null : [...(input.pointers ?? [])],
    })
    .returning({ id: documentIssues.id });
  return { pdf, lookupCode: place.lookupCode, fingerprint, issueId: logged!.id };
}

/** `{ [key]: value }` when the value is there: the layout context's parts are optional, never undefined. */
const optional = <K extends string, V>(key: K, v: V | undefined) =>
  (v === undefined ? {} : { [key]: v }) as Partial<Record<K, V>>;

/** The issue log of one record version, oldest first (a staff read of it is a later route). */
export function documentIssuesOf(db: Database, recordVersionId: string) {
  return db
    .select()
    .from(documentIssues)
    .where(eq(documentIssues.recordVersionId, recordVersionId))
    .orderBy(documentIssues.issuedAt);
}
