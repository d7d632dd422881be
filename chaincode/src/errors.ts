/**
 * Every refusal is a ChaincodeError whose message starts with its stable code ("WINDOW_CLOSED: ..."): Fabric
 * carries only the message back to the client (in the endorsement error's details), so the code must be
 * readable from it. The gateway maps codes to HTTP statuses in one table.
 */
export type ChaincodeErrorCode =
  | 'ACCESS_DENIED'
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'WRONG_STATE'
  | 'WINDOW_CLOSED'
  | 'NOT_PERMITTED'
  | 'CERT_NOT_REGISTERED'
  | 'CERT_REVOKED'
  | 'SIGNING_TIME_INVALID'
  | 'REPORT_MISMATCH'
  /** A yearly report calls a batch accepted that its district has not accepted (seed 000 Art. 4 §3c). */
  | 'BATCH_NOT_ACCEPTED'
  // integrity/'s own codes pass through unchanged (MANIFEST_*, CMS_*, CERT_*)
  | (string & { readonly __integrity?: never });

export class ChaincodeError extends Error {
  readonly code: ChaincodeErrorCode;
  constructor(code: ChaincodeErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'ChaincodeError';
    this.code = code;
  }
}

export const refuse = (code: ChaincodeErrorCode, message: string): never => {
  throw new ChaincodeError(code, message);
};
