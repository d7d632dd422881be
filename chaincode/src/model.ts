/** What the contracts keep in world state. Identifiers, hashes, dates and organisations' certificates only. */
import type { BatchKind } from '@hocba/integrity';

export const KEY = {
  ministry: 'ministry',
  district: (id: string) => `district~${id}`,
  /** The school's head key: its key-level policy is its district AND the province. */
  schoolHead: (id: string) => `school~${id}`,
  school: (id: string) => `schoolinfo~${id}`,
  certificate: (fingerprint: string) => `cert~${fingerprint}`,
  trustAnchor: (fingerprint: string) => `trust~${fingerprint}`,
  calendar: (year: string) => `calendar~${year}`,
  batch: (id: string) => `batch~${id}`,
} as const;

/** Composite-key index types (range queries by prefix). */
export const INDEX = {
  trustAnchor: 'trustAnchor',
  district: 'district',
  school: 'school',
  certBySchool: 'certBySchool',
  batchBySchoolYear: 'batchBySchoolYear',
  /** [schoolYear, anchoredAt, batchId]: the year's batch roots in anchoring order. */
  yearLog: 'yearLog',
  revocation: 'revocation',
  /** [batchId, leaf]: the record superseded by a correction (a Supersession). */
  supersession: 'supersession',
  permission: 'permission',
  yearReport: 'yearReport',
} as const;

export type Level = 'TH' | 'THCS' | 'THPT' | 'GDTX';

export interface District {
  districtId: string;
  name: string;
  mspId: string;
  registeredAt: string;
}

export interface School {
  schoolId: string;
  name: string;
  level: Level;
  districtId: string;
  registeredAt: string;
  movedAt?: string;
}

export interface TrustAnchor {
  fingerprint: string;
  subject: string;
  certificatePem: string;
  status: 'active' | 'retired';
  registeredAt: string;
  retiredAt?: string;
  reason?: string;
}

export interface CertificateRecord {
  fingerprint: string;
  schoolId: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  certificatePem: string;
  status: 'pending' | 'approved' | 'revoked';
  registeredAt: string;
  approvedAt?: string;
  revokedFrom?: string;
  revocationReason?: string;
}

export interface Calendar {
  schoolYear: string;
  lockFrom: string;
  lockUntil: string;
  /** 30/6: districts accept their schools' batches. */
  acceptanceDeadline: string;
  /** 10/7: the province reports to the Ministry. */
  reportDeadline: string;
  /** 15/8: supplementary assessments. */
  supplementaryDeadline: string;
  replacementFrom: string;
  replacementUntil: string;
  setAt: string;
}

export type BatchState = 'anchored' | 'accepted' | 'reported' | 'recalled' | 'replaced';

export interface StatusFact {
  reasonCode: string;
  legalBasis: string;
  at: string;
  txId: string;
}

export interface Batch {
  batchId: string;
  schoolId: string;
  schoolYear: string;
  kind: BatchKind;
  supersedes?: string;
  supersededBy?: string;
  root: string;
  leafCount: number;
  /** The manifest's exact JCS text, as signed. */
  manifest: string;
  manifestHash: string;
  cms: string;
  cmsHash: string;
  signerCert: string;
  signingTime: string;
  districtId: string;
  state: BatchState;
  anchoredAt: string;
  anchorTxId: string;
  acceptedAt?: string;
  recall?: StatusFact;
}

/**
 * A record superseded by a correction (DESIGN.md §4.6): the record at `leafIndex` of `batchId` has its
 * corrected version at `by` (a leaf of a correction batch); the rest of its batch is untouched.
 */
export interface Supersession extends StatusFact {
  batchId: string;
  leafIndex: number;
  by: { batchId: string; leafIndex: number };
}

export interface Permission {
  batchId: string;
  action: 'revoke' | 'recall' | 'replace';
  until: string;
  legalBasis: string;
  grantedAt: string;
  txId: string;
}

export interface YearReport {
  schoolYear: string;
  seq: number;
  root: string;
  count: number;
  batchIds: string[];
  /**
   * The listed batches still waiting for their district's acceptance when the report was made (seed 000
   * Art. 4 §3c–e): reported as waiting, not as accepted. Every other listed batch was accepted.
   */
  waitingBatchIds: string[];
  submittedAt: string;
  onTime: boolean;
  txId: string;
  acknowledgedAt?: string;
}
