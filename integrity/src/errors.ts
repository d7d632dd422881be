/**
 * Every refusal in integrity/ is an IntegrityError with a stable code. Callers (gateway, chaincode,
 * portal) branch on `code`, never on the message; the gateway maps codes to HTTP statuses in one table.
 */
export type IntegrityErrorCode =
  // canonical encoding (RFC 8785 + NFC)
  | 'CANONICAL_UNSUPPORTED_TYPE'
  | 'CANONICAL_NON_FINITE_NUMBER'
  | 'CANONICAL_LONE_SURROGATE'
  | 'CANONICAL_DUPLICATE_KEY'
  | 'CANONICAL_CYCLE'
  // field commitments and disclosures
  | 'COMMITMENT_BAD_SALT'
  | 'DISCLOSURE_MALFORMED'
  | 'DISCLOSURE_UNKNOWN_POINTER'
  | 'DISCLOSURE_FIELD_MISMATCH'
  // Merkle trees and proofs (RFC 9162)
  | 'MERKLE_EMPTY'
  | 'MERKLE_BAD_HASH'
  | 'MERKLE_INDEX_OUT_OF_RANGE'
  | 'MERKLE_BAD_SIZE'
  | 'MERKLE_PROOF_LENGTH'
  | 'MERKLE_ROOT_MISMATCH'
  // batch manifest
  | 'MANIFEST_INVALID'
  | 'MANIFEST_NOT_CANONICAL'
  // CMS SignedData
  | 'CMS_MALFORMED'
  | 'CMS_NOT_DETACHED'
  | 'CMS_SIGNER_COUNT'
  | 'CMS_SIGNER_CERT_MISSING'
  | 'CMS_SIGNED_ATTRS_MISSING'
  | 'CMS_CONTENT_TYPE_MISMATCH'
  | 'CMS_SIGNING_TIME_MISSING'
  | 'CMS_DIGEST_MISMATCH'
  | 'CMS_ESS_CERT_MISMATCH'
  | 'CMS_WEAK_DIGEST'
  | 'CMS_UNSUPPORTED_ALGORITHM'
  | 'CMS_SIGNATURE_INVALID'
  // signer certificate
  | 'CERT_MALFORMED'
  | 'CERT_WEAK_KEY'
  | 'CERT_EXPIRED'
  | 'CERT_NOT_YET_VALID'
  | 'CERT_KEY_USAGE'
  | 'CERT_CHAIN_UNTRUSTED'
  | 'CERT_NOT_REGISTERED'
  | 'CERT_REVOKED'
  // PKCS #12 key stores (a principal's .p12)
  | 'PKCS12_MALFORMED'
  | 'PKCS12_BAD_PASSWORD'
  | 'PKCS12_UNSUPPORTED';

export class IntegrityError<C extends IntegrityErrorCode = IntegrityErrorCode> extends Error {
  override readonly name = 'IntegrityError';
  readonly code: C;
  /** Facts that help a person act (expected vs calculated root, the bad pointer, ...). No personal data. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: C, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(`${code}: ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details;
  }
}

export function isIntegrityError(e: unknown): e is IntegrityError {
  return e instanceof IntegrityError;
}
