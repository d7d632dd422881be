/**
 * What each contract function returns, as zod schemas: the documents of model.ts and the answers the
 * contracts build around them. Clients parse the chaincode's JSON with these (`@hocba/chaincode/schemas`)
 * instead of casting it, so that a chaincode and a gateway that disagree fail at the boundary, by name.
 *
 * The contracts themselves do not import this file (their bundle, dist/index.cjs, stays as it is): each
 * schema is checked below against its model.ts type, so neither can change without the other.
 */
import { BatchKind } from '@hocba/integrity';
import { z } from 'zod';
import type * as model from './model.ts';

/** What the contracts write for a time: `Date.toISOString()` of the transaction's timestamp. */
const Instant = z.iso.datetime();
/** A SHA-256 in lowercase hex: roots, hashes, certificate fingerprints. */
const Hex256 = z.string().regex(/^[0-9a-f]{64}$/);
const TxId = z.string().min(1);
const optional = <T extends z.ZodType>(t: T) => t.exactOptional();

export const Level = z.enum(['TH', 'THCS', 'THPT', 'GDTX']);
export const BatchState = z.enum(['anchored', 'accepted', 'reported', 'recalled', 'replaced']);
export const PermissionAction = z.enum(['revoke', 'recall', 'replace']);

export const District = z.object({
  districtId: z.string(),
  name: z.string(),
  mspId: z.string(),
  registeredAt: Instant,
});

export const School = z.object({
  schoolId: z.string(),
  name: z.string(),
  level: Level,
  districtId: z.string(),
  registeredAt: Instant,
  movedAt: optional(Instant),
});

export const TrustAnchor = z.object({
  fingerprint: Hex256,
  subject: z.string(),
  certificatePem: z.string(),
  status: z.enum(['active', 'retired']),
  registeredAt: Instant,
  retiredAt: optional(Instant),
  reason: optional(z.string()),
});

export const CertificateRecord = z.object({
  fingerprint: Hex256,
  schoolId: z.string(),
  subject: z.string(),
  issuer: z.string(),
  notBefore: Instant,
  notAfter: Instant,
  certificatePem: z.string(),
  status: z.enum(['pending', 'approved', 'revoked']),
  registeredAt: Instant,
  approvedAt: optional(Instant),
  revokedFrom: optional(Instant),
  revocationReason: optional(z.string()),
});

export const Calendar = z.object({
  schoolYear: z.string(),
  lockFrom: Instant,
  lockUntil: Instant,
  acceptanceDeadline: Instant,
  reportDeadline: Instant,
  supplementaryDeadline: Instant,
  replacementFrom: Instant,
  replacementUntil: Instant,
  setAt: Instant,
});

export const StatusFact = z.object({
  reasonCode: z.string(),
  legalBasis: z.string(),
  at: Instant,
  txId: TxId,
});

export const Batch = z.object({
  batchId: z.string(),
  schoolId: z.string(),
  schoolYear: z.string(),
  kind: BatchKind,
  supersedes: optional(z.string()),
  supersededBy: optional(z.string()),
  root: Hex256,
  leafCount: z.number().int().nonnegative(),
  manifest: z.string(),
  manifestHash: Hex256,
  cms: z.string(),
  cmsHash: Hex256,
  signerCert: Hex256,
  signingTime: Instant,
  districtId: z.string(),
  state: BatchState,
  anchoredAt: Instant,
  anchorTxId: TxId,
  acceptedAt: optional(Instant),
  recall: optional(StatusFact),
});

const LeafRef = z.object({ batchId: z.string(), leafIndex: z.number().int().nonnegative() });

/** A record superseded by a correction, as stored and as getRecordStatus reports it. */
export const Supersession = StatusFact.extend({
  batchId: z.string(),
  leafIndex: z.number().int().nonnegative(),
  by: LeafRef,
});

export const Permission = z.object({
  batchId: z.string(),
  action: PermissionAction,
  until: Instant,
  legalBasis: z.string(),
  grantedAt: Instant,
  txId: TxId,
});

export const YearReport = z.object({
  schoolYear: z.string(),
  seq: z.number().int().positive(),
  root: Hex256,
  count: z.number().int().positive(),
  batchIds: z.array(z.string()),
  waitingBatchIds: z.array(z.string()),
  submittedAt: Instant,
  onTime: z.boolean(),
  txId: TxId,
  acknowledgedAt: optional(Instant),
});

// The answers the contracts build (batch.ts, registry.ts, report.ts, trust.ts).

export const LedgerInitialised = z.object({ initialisedAt: Instant });

/** anchorBatch's answer, the same as its BatchAnchored event. */
export const BatchAnchored = z.object({
  batchId: z.string(),
  schoolId: z.string(),
  districtId: z.string(),
  schoolYear: z.string(),
  kind: BatchKind,
  root: Hex256,
  leafCount: z.number().int().nonnegative(),
  manifestHash: Hex256,
  supersedes: optional(z.string()),
  /** A correction batch: the records it supersedes, in leaf order (each now `superseded`). */
  corrects: optional(z.array(LeafRef)),
});

export const BatchAccepted = z.object({
  batchId: z.string(),
  state: z.literal('accepted'),
  acceptedAt: Instant,
});

/** A record's revocation as stored and as revokeRecord returns it. */
export const Revocation = StatusFact.extend({
  batchId: z.string(),
  leafIndex: z.number().int().nonnegative(),
});

export const BatchRecalled = z.object({
  batchId: z.string(),
  state: z.literal('recalled'),
  recall: StatusFact,
});

/** getBatch: the batch with its states in the order they happened. */
export const BatchWithHistory = Batch.extend({
  history: z.array(z.object({ txId: TxId, at: Instant, state: z.string() })),
});

export const RecordStatus = z.object({
  batchId: z.string(),
  leafIndex: z.number().int().nonnegative(),
  state: BatchState,
  revoked: z.boolean(),
  revocation: optional(Revocation),
  /** This record superseded by a correction: where its corrected version is, when, under which decision. */
  correction: optional(Supersession),
  recall: optional(StatusFact),
  supersededBy: optional(z.string()),
});

/** getRecordView: what a verifier needs about one record, in one read. */
export const RecordView = z.object({
  batch: Batch,
  status: RecordStatus,
  certificate: optional(CertificateRecord),
});

/** getRecordViews: getRecordView for many records of one batch, the statuses in the order asked. */
export const RecordViews = z.object({
  batch: Batch,
  statuses: z.array(RecordStatus),
  certificate: optional(CertificateRecord),
});

export const BatchSummary = z.object({
  batchId: z.string(),
  kind: BatchKind,
  state: BatchState,
  root: Hex256,
  leafCount: z.number().int().nonnegative(),
  anchoredAt: Instant,
});

/** A page of a range query; `bookmark` continues it ('' when there is no more). */
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), bookmark: z.string() });
// listBatches maps a missing batch to null rather than failing the page.
export const BatchPage = page(BatchSummary.nullable());
export const SchoolPage = page(School);

export const YearReportSubmitted = z.object({
  schoolYear: z.string(),
  seq: z.number().int().positive(),
  root: Hex256,
  count: z.number().int().positive(),
  /** How many of the listed batches are reported as waiting for their district's acceptance. */
  waiting: z.number().int().nonnegative(),
  onTime: z.boolean(),
});

export const YearReportAcknowledged = z.object({
  schoolYear: z.string(),
  seq: z.number().int().positive(),
  acknowledgedAt: Instant,
});

/** Every contract function, "contract:function" as clients call it, and the schema of what it returns. */
export const RETURNS = {
  'trust:initLedger': LedgerInitialised,
  'trust:registerTrustAnchor': TrustAnchor,
  'trust:retireTrustAnchor': TrustAnchor,
  'trust:listTrustAnchors': z.array(TrustAnchor),
  'registry:registerDistrict': District,
  'registry:registerSchool': School,
  'registry:moveSchool': School,
  'registry:getSchool': School,
  'registry:listSchools': SchoolPage,
  'registry:registerCertificate': CertificateRecord,
  'registry:approveCertificate': CertificateRecord,
  'registry:revokeCertificate': CertificateRecord,
  'registry:getCertificate': CertificateRecord,
  'registry:listCertificates': z.array(CertificateRecord),
  'calendar:setCalendar': Calendar,
  'calendar:getCalendar': Calendar,
  'batch:anchorBatch': BatchAnchored,
  'batch:acceptBatch': BatchAccepted,
  'batch:grantPermission': Permission,
  'batch:revokeRecord': Revocation,
  'batch:recallBatch': BatchRecalled,
  'batch:getBatch': BatchWithHistory,
  'batch:getRecordStatus': RecordStatus,
  'batch:getRecordView': RecordView,
  'batch:getRecordViews': RecordViews,
  'batch:listBatches': BatchPage,
  'report:submitYearReport': YearReportSubmitted,
  'report:acknowledgeYearReport': YearReportAcknowledged,
  'report:listYearReports': z.array(YearReport),
} as const;

export type ContractFunction = keyof typeof RETURNS;
export type Returns<F extends ContractFunction> = z.output<(typeof RETURNS)[F]>;

export type District = z.output<typeof District>;
export type School = z.output<typeof School>;
export type TrustAnchor = z.output<typeof TrustAnchor>;
export type CertificateRecord = z.output<typeof CertificateRecord>;
export type Calendar = z.output<typeof Calendar>;
export type StatusFact = z.output<typeof StatusFact>;
export type Batch = z.output<typeof Batch>;
export type Permission = z.output<typeof Permission>;
export type Supersession = z.output<typeof Supersession>;
export type YearReport = z.output<typeof YearReport>;
export type BatchAnchored = z.output<typeof BatchAnchored>;
export type Revocation = z.output<typeof Revocation>;
export type BatchWithHistory = z.output<typeof BatchWithHistory>;
export type RecordStatus = z.output<typeof RecordStatus>;
export type RecordView = z.output<typeof RecordView>;
export type RecordViews = z.output<typeof RecordViews>;
export type BatchSummary = z.output<typeof BatchSummary>;

// Each schema is the model's type, neither wider nor narrower: a field added to one alone fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameAsModel: {
  district: Same<District, model.District>;
  school: Same<School, model.School>;
  trustAnchor: Same<TrustAnchor, model.TrustAnchor>;
  certificate: Same<CertificateRecord, model.CertificateRecord>;
  calendar: Same<Calendar, model.Calendar>;
  statusFact: Same<StatusFact, model.StatusFact>;
  batch: Same<Batch, model.Batch>;
  permission: Same<Permission, model.Permission>;
  supersession: Same<Supersession, model.Supersession>;
  yearReport: Same<YearReport, model.YearReport>;
} = {
  district: true,
  school: true,
  trustAnchor: true,
  certificate: true,
  calendar: true,
  statusFact: true,
  batch: true,
  permission: true,
  supersession: true,
  yearReport: true,
};
void sameAsModel;
