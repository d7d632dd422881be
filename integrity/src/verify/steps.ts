/** The six steps of the verification report (DESIGN.md §4.7) and the reason codes of their outcomes. */
import type { IntegrityErrorCode } from '../errors.ts';

export const STEPS = ['integrity', 'inclusion', 'anchor', 'signature', 'signer', 'status'] as const;
export type StepName = (typeof STEPS)[number];
export type Outcome = 'pass' | 'fail' | 'unknown';

export type ReasonCode =
  | IntegrityErrorCode
  | 'OK'
  | 'BUNDLE_MALFORMED'
  | 'PREVIOUS_STEP_FAILED'
  | 'INTEGRITY_LEAF_MISMATCH'
  | 'INCLUSION_SIZE_MISMATCH'
  | 'ANCHOR_UNAVAILABLE'
  | 'ANCHOR_NOT_FOUND'
  | 'ANCHOR_BATCH_MISMATCH'
  | 'ANCHOR_ROOT_MISMATCH'
  | 'ANCHOR_MANIFEST_MISMATCH'
  | 'ANCHOR_SIGNATURE_MISMATCH'
  | 'SIGNATURE_SIGNER_MISMATCH'
  | 'SIGNER_REGISTRATION_UNAVAILABLE'
  | 'STATUS_UNAVAILABLE'
  | 'STATUS_REVOKED'
  | 'STATUS_RECALLED'
  | 'STATUS_SUPERSEDED'
  | 'STATUS_CORRECTED';
