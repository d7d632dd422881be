/**
 * LedgerClient: what the gateway needs from the ledger, whichever runs it — the embedded ledger (npm start,
 * fast tests) or a real Fabric network (fabric-gateway, to come). Submissions wait for the commit; every
 * failure is a LedgerError with a stable code: the chaincode's own code for a refusal at endorsement
 * (ACCESS_DENIED, WINDOW_CLOSED, CMS_DIGEST_MISMATCH, ...) or Fabric's validation code at commit
 * (MVCC_READ_CONFLICT, ENDORSEMENT_POLICY_FAILURE, ...).
 */

/** A client identity the gateway holds for one organisation and role (DESIGN.md §5 "Who submits"). */
export interface LedgerIdentity {
  mspId: string;
  /** PEM of the X.509 certificate, with the hocba.* attributes as Fabric CA writes them. */
  certificate: string;
  /** For networks that check proposal signatures; the embedded ledger does not. */
  privateKey?: CryptoKey;
}

export interface SubmitOptions {
  identity: LedgerIdentity;
  /** The organisations whose peers endorse: the chaincode policy and the key-level policies of what is written. */
  endorsingOrgs: readonly string[];
}

export interface Committed {
  txId: string;
  blockNumber: number;
  /** The transaction's return value (the contracts return JSON text). */
  result: string;
}

export interface LedgerEvent {
  blockNumber: number;
  txId: string;
  eventName: string;
  payload: Uint8Array;
}

export interface LedgerClient {
  /** Endorses, orders and waits for the commit; retries MVCC read conflicts a few times with backoff. */
  submit(fn: string, args: readonly string[], o: SubmitOptions): Promise<Committed>;
  /** A read-only query on one peer. */
  evaluate(fn: string, args: readonly string[], identity: LedgerIdentity): Promise<string>;
  /** The block and validity of a committed transaction, if the ledger has it. */
  transaction(txId: string): Promise<{ blockNumber: number; valid: boolean } | undefined>;
  /** Chaincode events of valid transactions from `fromBlock` on (resume from a checkpoint), then live. */
  events(fromBlock: number): AsyncIterable<LedgerEvent> & { close(): void };
  close(): Promise<void>;
}

export type LedgerErrorCode = string;

export class LedgerError extends Error {
  override readonly name = 'LedgerError';
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    readonly txId?: string,
    /** Where it failed: the chaincode refused it, or the network invalidated it at commit. */
    readonly stage: 'endorse' | 'commit' | 'evaluate' = 'endorse',
  ) {
    super(message);
  }
}

/** Codes worth a retry: a conflict with a concurrent transaction, not a refusal. */
export const RETRYABLE = new Set(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT']);

export async function withRetry<T>(f: () => Promise<T>, attempts = 5, baseMs = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await f();
    } catch (e) {
      if (!(e instanceof LedgerError) || !RETRYABLE.has(e.code) || i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, baseMs * 2 ** (i - 1) * (0.5 + Math.random())));
    }
  }
}
