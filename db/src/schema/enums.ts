/**
 * Every closed set of the domain, as a TS tuple (for the gateway's validation and policy table) and as a
 * Postgres enum (so that the database refuses anything else). Names follow DESIGN.md §7 and §8.
 */
import { pgEnum } from 'drizzle-orm/pg-core';

/** Cấp học: primary, lower secondary, upper secondary, continuing education. */
export const SCHOOL_LEVELS = ['TH', 'THCS', 'THPT', 'GDTX'] as const;
export const schoolLevel = pgEnum('school_level', SCHOOL_LEVELS);

export const ROLES = [
  'subjectTeacher',
  'homeroomTeacher',
  'subjectGroup',
  'principal',
  'deputyPrincipal',
  'schoolAdmin',
  'districtOfficer',
  'provinceOfficer',
  'ministryAuditor',
  'verifier',
  'student',
  'guardian',
] as const;
export type Role = (typeof ROLES)[number];
export const role = pgEnum('role', ROLES);

export const SEXES = ['male', 'female'] as const;
export const sex = pgEnum('sex', SEXES);

/** DESIGN.md §7, record lifecycle. */
export const RECORD_STATES = [
  'draft',
  'entered',
  'reviewed',
  'confirmed',
  'approved',
  'locked',
  'revoked',
  'superseded',
] as const;
export type RecordState = (typeof RECORD_STATES)[number];
export const recordState = pgEnum('record_state', RECORD_STATES);

/** States in which a version's committed content (canonical text, salt, leaf) is frozen for ever. */
export const COMMITTED_RECORD_STATES = ['locked', 'revoked', 'superseded'] as const satisfies RecordState[];

/** The same roles as the record schema's signatures (records/src/envelope.ts); `school` = seal. */
export const SIGNER_ROLES = [
  'subjectTeacher',
  'homeroomTeacher',
  'subjectGroup',
  'principal',
  'school',
] as const;
export const signerRole = pgEnum('signer_role', SIGNER_ROLES);

/**
 * `attestation`: a sign-off the gateway records for a logged-in user, with no signature bytes; `cms` and
 * `xmldsig`: a person's signature as vendor systems make them; `seal`: the school's organisational seal.
 */
export const SIGNATURE_KINDS = ['attestation', 'cms', 'xmldsig', 'seal'] as const;
export const signatureKind = pgEnum('signature_kind', SIGNATURE_KINDS);

/** `correction` (migrations/0005): only the corrected records' new versions, each superseding one record. */
export const BATCH_KINDS = ['regular', 'supplementary', 'replacement', 'correction'] as const;
export const batchKind = pgEnum('batch_kind', BATCH_KINDS);

/** DESIGN.md §7, batch lifecycle. */
export const BATCH_STATES = [
  'assembling',
  'signed',
  'anchored',
  'accepted',
  'reported',
  'recallRequested',
  'recalled',
  'replaced',
] as const;
export type BatchState = (typeof BATCH_STATES)[number];
export const batchState = pgEnum('batch_state', BATCH_STATES);

/** Ledger facts about a record or a batch (DESIGN.md §4.6). */
/** `permission`: the province allows a revoke, recall or replace (migrations/0002); `accept`: the district's. */
export const STATUS_EVENT_KINDS = [
  'revoke',
  'recallRequest',
  'recall',
  'replace',
  'permission',
  'accept',
] as const;
export const statusEventKind = pgEnum('status_event_kind', STATUS_EVENT_KINDS);

/** Seed 001 Art. 15: request, check, approval, update and re-signing. */
export const CORRECTION_STATES = ['requested', 'checked', 'approved', 'rejected', 'applied'] as const;
export const correctionState = pgEnum('correction_state', CORRECTION_STATES);

export const TRANSFER_STATES = ['requested', 'accepted', 'rejected', 'completed', 'cancelled'] as const;
export const transferState = pgEnum('transfer_state', TRANSFER_STATES);

export const CERTIFICATE_PURPOSES = ['batchSigner', 'schoolSeal', 'rootCa'] as const;
export const certificatePurpose = pgEnum('certificate_purpose', CERTIFICATE_PURPOSES);

/** Registration by the school, approval by the province (DESIGN.md §4.5). */
export const CERTIFICATE_STATUSES = ['requested', 'active', 'rejected', 'revoked'] as const;
export const certificateStatus = pgEnum('certificate_status', CERTIFICATE_STATUSES);

/** What the outbox worker submits to the ledger. */
export const OUTBOX_ACTIONS = [
  'anchorBatch',
  'revokeRecord',
  'requestRecall',
  'recallBatch',
  'acceptBatch',
  'reportYear',
  'registerCertificate',
  // migrations/0002: the province's permissions and the yearly report's two ledger transactions.
  'grantPermission',
  'submitYearReport',
  'acknowledgeYearReport',
  // migrations/0012: the province's approval of a school's certificate.
  'approveCertificate',
  // migrations/0017: the province's and the Ministry's registry writes (issue 14).
  'setCalendar',
  'revokeCertificate',
  'registerDistrict',
  'registerSchool',
  'moveSchool',
  'registerTrustAnchor',
  'retireTrustAnchor',
] as const;
export type OutboxAction = (typeof OUTBOX_ACTIONS)[number];
export const outboxAction = pgEnum('outbox_action', OUTBOX_ACTIONS);

export const OUTBOX_STATES = ['pending', 'submitting', 'done', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];
export const outboxState = pgEnum('outbox_state', OUTBOX_STATES);
