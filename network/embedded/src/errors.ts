/**
 * The two ways a transaction fails, named as @hyperledger/fabric-gateway names them, so that the gateway's
 * two LedgerClient adapters can map them alike: EndorseError (the chaincode refused, nothing was ordered)
 * and CommitError (ordered, but invalidated by the committing peers).
 */

export type ValidationCode =
  | 'VALID'
  | 'MVCC_READ_CONFLICT'
  | 'PHANTOM_READ_CONFLICT'
  | 'ENDORSEMENT_POLICY_FAILURE';

/** hocba's contracts start their error messages with a stable code: "CODE: message". */
const LEADING_CODE = /^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*):\s/;

export function parseErrorCode(message: string): string | undefined {
  return LEADING_CODE.exec(message)?.[1];
}

export class EndorseError extends Error {
  override name = 'EndorseError';
  /** The leading UPPER_SNAKE code of the chaincode's message, if it has one. */
  readonly code: string | undefined;
  readonly txId: string;
  /** The chaincode response status (500 from fabric-shim's Shim.error), when the chaincode answered. */
  readonly status: number | undefined;

  constructor(message: string, txId: string, status?: number) {
    super(message);
    this.code = parseErrorCode(message);
    this.txId = txId;
    this.status = status;
  }
}

export class CommitError extends Error {
  override name = 'CommitError';
  readonly code: Exclude<ValidationCode, 'VALID'>;
  readonly txId: string;
  readonly blockNumber: number;

  constructor(code: Exclude<ValidationCode, 'VALID'>, txId: string, blockNumber: number, reason?: string) {
    super(
      `transaction ${txId} failed to commit with status code ${code} (block ${blockNumber})${reason ? `: ${reason}` : ''}`,
    );
    this.code = code;
    this.txId = txId;
    this.blockNumber = blockNumber;
  }
}
