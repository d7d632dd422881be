/**
 * The chaincode as the gateway calls it: one function per contract function, with typed arguments, over
 * any LedgerClient. Each builds the argument strings the contract reads and parses the answer with the
 * schema the chaincode exports beside its model (`@hocba/chaincode/schemas`); an answer that does not fit
 * is a LedgerError (UNEXPECTED_RESPONSE), never a cast that lies further on.
 *
 * Nothing here chooses who acts: a write takes the identity and the endorsing organisations (SubmitOptions,
 * which LedgerIdentities provides), a read the identity that reads.
 */
import {
  type Calendar,
  type ContractFunction,
  type Permission,
  RETURNS,
  type Returns,
  type School,
} from '@hocba/chaincode/schemas';
import { toBase64 } from '@hocba/integrity';
import { type LedgerClient, LedgerError, type LedgerIdentity, type SubmitOptions } from './client.ts';

export type {
  Batch,
  BatchAnchored,
  BatchSummary,
  BatchWithHistory,
  Calendar,
  CertificateRecord,
  District,
  Permission,
  RecordStatus,
  RecordView,
  RecordViews,
  Revocation,
  School,
  StatusFact,
  TrustAnchor,
  YearReport,
} from '@hocba/chaincode/schemas';

/** A committed write and what the contract returned. */
export interface Submitted<T> {
  txId: string;
  blockNumber: number;
  value: T;
}

function parse<F extends ContractFunction>(
  fn: F,
  text: string,
  at: { stage: 'commit' | 'evaluate'; txId?: string },
): Returns<F> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const r = RETURNS[fn].safeParse(json);
  if (r.success) return r.data as Returns<F>;
  const where = r.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  // The chaincode and the gateway disagree (a version skew): not a refusal, and a retry once it is fixed.
  // A write has committed all the same; its transaction id says which.
  throw new LedgerError('UNEXPECTED_RESPONSE', `${fn} answered what its schema does not allow: ${where}`, {
    kind: 'unavailable',
    ...at,
  });
}

async function submit<F extends ContractFunction>(
  ledger: LedgerClient,
  fn: F,
  args: readonly string[],
  as: SubmitOptions,
): Promise<Submitted<Returns<F>>> {
  const c = await ledger.submit(fn, args, as);
  return {
    txId: c.txId,
    blockNumber: c.blockNumber,
    value: parse(fn, c.result, { stage: 'commit', txId: c.txId }),
  };
}

async function evaluate<F extends ContractFunction>(
  ledger: LedgerClient,
  fn: F,
  args: readonly string[],
  identity: LedgerIdentity,
): Promise<Returns<F>> {
  return parse(fn, await ledger.evaluate(fn, args, identity), { stage: 'evaluate' });
}

// trust: the Ministry's root CAs.

/** Network set-up, once: creates the Ministry's head key. */
export const initLedger = (ledger: LedgerClient, as: SubmitOptions) =>
  submit(ledger, 'trust:initLedger', [], as);

export const registerTrustAnchor = (ledger: LedgerClient, as: SubmitOptions, certificatePem: string) =>
  submit(ledger, 'trust:registerTrustAnchor', [certificatePem], as);

export const retireTrustAnchor = (
  ledger: LedgerClient,
  as: SubmitOptions,
  a: { fingerprint: string; reason: string },
) => submit(ledger, 'trust:retireTrustAnchor', [a.fingerprint, a.reason], as);

/** Every trust anchor ever registered, active and retired. */
export const listTrustAnchors = (ledger: LedgerClient, identity: LedgerIdentity) =>
  evaluate(ledger, 'trust:listTrustAnchors', [], identity);

// registry: districts, schools, principals' certificates.

export const registerDistrict = (
  ledger: LedgerClient,
  as: SubmitOptions,
  d: { districtId: string; name: string; mspId: string },
) => submit(ledger, 'registry:registerDistrict', [d.districtId, d.name, d.mspId], as);

export const registerSchool = (
  ledger: LedgerClient,
  as: SubmitOptions,
  s: { schoolId: string; name: string; level: School['level']; districtId: string },
) => submit(ledger, 'registry:registerSchool', [s.schoolId, s.name, s.level, s.districtId], as);

/** Endorsed by the old district and the province; the new district endorses from then on. */
export const moveSchool = (
  ledger: LedgerClient,
  as: SubmitOptions,
  m: { schoolId: string; newDistrictId: string },
) => submit(ledger, 'registry:moveSchool', [m.schoolId, m.newDistrictId], as);

export const getSchool = (ledger: LedgerClient, identity: LedgerIdentity, schoolId: string) =>
  evaluate(ledger, 'registry:getSchool', [schoolId], identity);

/** One page of schools, of one district or all; `bookmark` from the previous page. */
export const listSchools = (
  ledger: LedgerClient,
  identity: LedgerIdentity,
  q: { districtId?: string; pageSize?: number; bookmark?: string } = {},
) =>
  evaluate(
    ledger,
    'registry:listSchools',
    [q.districtId ?? '', q.pageSize === undefined ? '' : String(q.pageSize), q.bookmark ?? ''],
    identity,
  );

export const registerCertificate = (
  ledger: LedgerClient,
  as: SubmitOptions,
  c: { schoolId: string; certificatePem: string },
) => submit(ledger, 'registry:registerCertificate', [c.schoolId, c.certificatePem], as);

export const approveCertificate = (ledger: LedgerClient, as: SubmitOptions, fingerprint: string) =>
  submit(ledger, 'registry:approveCertificate', [fingerprint], as);

/** From `revokedFrom` on (an ISO 8601 UTC time), signatures by the certificate no longer count. */
export const revokeCertificate = (
  ledger: LedgerClient,
  as: SubmitOptions,
  r: { fingerprint: string; revokedFrom: string; reasonCode: string },
) => submit(ledger, 'registry:revokeCertificate', [r.fingerprint, r.revokedFrom, r.reasonCode], as);

export const getCertificate = (ledger: LedgerClient, identity: LedgerIdentity, fingerprint: string) =>
  evaluate(ledger, 'registry:getCertificate', [fingerprint], identity);

export const listCertificates = (ledger: LedgerClient, identity: LedgerIdentity, schoolId: string) =>
  evaluate(ledger, 'registry:listCertificates', [schoolId], identity);

// calendar: the province's windows of a school year.

/** The windows the province sets (calendar.ts's WINDOWS), each an ISO 8601 UTC time. */
export type CalendarWindows = Omit<Calendar, 'schoolYear' | 'setAt'>;

export const setCalendar = (
  ledger: LedgerClient,
  as: SubmitOptions,
  c: { schoolYear: string } & CalendarWindows,
) => {
  // The windows alone, whatever else the caller's object holds.
  const windows: CalendarWindows = {
    lockFrom: c.lockFrom,
    lockUntil: c.lockUntil,
    acceptanceDeadline: c.acceptanceDeadline,
    reportDeadline: c.reportDeadline,
    supplementaryDeadline: c.supplementaryDeadline,
    replacementFrom: c.replacementFrom,
    replacementUntil: c.replacementUntil,
  };
  return submit(ledger, 'calendar:setCalendar', [c.schoolYear, JSON.stringify(windows)], as);
};

export const getCalendar = (ledger: LedgerClient, identity: LedgerIdentity, schoolYear: string) =>
  evaluate(ledger, 'calendar:getCalendar', [schoolYear], identity);

// batch: anchoring, acceptance, permissions and the status facts.

/** Anchors a signed batch: the manifest's exact JCS text, as signed, and its CMS signature (DER). */
export const anchorBatch = (
  ledger: LedgerClient,
  as: SubmitOptions,
  b: { manifestText: string; cms: Uint8Array },
) => submit(ledger, 'batch:anchorBatch', [b.manifestText, toBase64(b.cms)], as);

export const acceptBatch = (ledger: LedgerClient, as: SubmitOptions, batchId: string) =>
  submit(ledger, 'batch:acceptBatch', [batchId], as);

export const grantPermission = (
  ledger: LedgerClient,
  as: SubmitOptions,
  p: { batchId: string; action: Permission['action']; until: string; legalBasis: string },
) => submit(ledger, 'batch:grantPermission', [p.batchId, p.action, p.until, p.legalBasis], as);

export const revokeRecord = (
  ledger: LedgerClient,
  as: SubmitOptions,
  r: { batchId: string; leafIndex: number; reasonCode: string; legalBasis: string },
) => submit(ledger, 'batch:revokeRecord', [r.batchId, String(r.leafIndex), r.reasonCode, r.legalBasis], as);

export const recallBatch = (
  ledger: LedgerClient,
  as: SubmitOptions,
  r: { batchId: string; reasonCode: string; legalBasis: string },
) => submit(ledger, 'batch:recallBatch', [r.batchId, r.reasonCode, r.legalBasis], as);

/** The batch as anchored, its state and the history of its state changes. */
export const getBatch = (ledger: LedgerClient, identity: LedgerIdentity, batchId: string) =>
  evaluate(ledger, 'batch:getBatch', [batchId], identity);

export const getRecordStatus = (
  ledger: LedgerClient,
  identity: LedgerIdentity,
  batchId: string,
  leafIndex: number,
) => evaluate(ledger, 'batch:getRecordStatus', [batchId, String(leafIndex)], identity);

/** The batch (without its history), the record's status and the signer's registration, in one read. */
export const getRecordView = (
  ledger: LedgerClient,
  identity: LedgerIdentity,
  batchId: string,
  leafIndex: number,
) => evaluate(ledger, 'batch:getRecordView', [batchId, String(leafIndex)], identity);

/**
 * getRecordView for many records of one batch in one read (at most 1 000): the batch, the signer's
 * registration, and each record's status in the order of `leafIndexes`.
 */
export const getRecordViews = (
  ledger: LedgerClient,
  identity: LedgerIdentity,
  batchId: string,
  leafIndexes: readonly number[],
) => evaluate(ledger, 'batch:getRecordViews', [batchId, JSON.stringify(leafIndexes)], identity);

/** One page of a school's batches, of one school year or all. */
export const listBatches = (
  ledger: LedgerClient,
  identity: LedgerIdentity,
  q: { schoolId: string; schoolYear?: string; pageSize?: number; bookmark?: string },
) =>
  evaluate(
    ledger,
    'batch:listBatches',
    [q.schoolId, q.schoolYear ?? '', q.pageSize === undefined ? '' : String(q.pageSize), q.bookmark ?? ''],
    identity,
  );

// report: the province's yearly report to the Ministry.

/**
 * `root`: the RFC 9162 root over the batches' roots, in the order listed (reportRoot); `waitingBatchIds`:
 * the listed batches still waiting for their district's acceptance (every other one is called accepted).
 */
export const submitYearReport = (
  ledger: LedgerClient,
  as: SubmitOptions,
  r: { schoolYear: string; batchIds: readonly string[]; root: string; waitingBatchIds: readonly string[] },
) =>
  submit(
    ledger,
    'report:submitYearReport',
    [r.schoolYear, JSON.stringify(r.batchIds), r.root, JSON.stringify(r.waitingBatchIds)],
    as,
  );

export const acknowledgeYearReport = (
  ledger: LedgerClient,
  as: SubmitOptions,
  r: { schoolYear: string; seq: number },
) => submit(ledger, 'report:acknowledgeYearReport', [r.schoolYear, String(r.seq)], as);

export const listYearReports = (ledger: LedgerClient, identity: LedgerIdentity, schoolYear: string) =>
  evaluate(ledger, 'report:listYearReports', [schoolYear], identity);
