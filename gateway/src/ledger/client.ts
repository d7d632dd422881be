/**
 * LedgerClient: what the gateway needs from the ledger, whichever runs it — the embedded ledger (npm start,
 * fast tests) or a real Fabric network (fabric-gateway, to come). Submissions wait for the commit; every
 * failure is a LedgerError with a stable code: the chaincode's own code for a refusal at endorsement
 * (ACCESS_DENIED, WINDOW_CLOSED, CMS_DIGEST_MISMATCH, ...) or Fabric's validation code at commit
 * (MVCC_READ_CONFLICT, ENDORSEMENT_POLICY_FAILURE, ...), and a kind that says what a caller can do about it.
 */

/** A client identity the gateway holds for one organisation and role (DESIGN.md §5 "Who submits"). */
export interface LedgerIdentity {
  mspId: string;
  /** PEM of the X.509 certificate, with the hocba.* attributes as Fabric CA writes them. */
  certificate: string;
  /**
   * Signs a proposal or transaction digest (SHA-256) with the identity's key, as fabric-gateway's `Signer`:
   * the key stays with whoever holds it (a district's or the Ministry's HSM in production). Needed by networks
   * that check signatures; the embedded ledger does not.
   */
  sign?: (digest: Uint8Array) => Promise<Uint8Array>;
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

export interface EventsOptions {
  /**
   * Reopen a broken stream from its checkpoint, unseen (default true), or end the iteration with the error
   * (false: a follower that must know it may have missed events while the stream was down).
   */
  resume?: boolean;
}

export interface LedgerClient {
  /** Endorses, orders and waits for the commit; retries MVCC read conflicts a few times with backoff. */
  submit(fn: string, args: readonly string[], o: SubmitOptions): Promise<Committed>;
  /** A read-only query on one peer. */
  evaluate(fn: string, args: readonly string[], identity: LedgerIdentity): Promise<string>;
  /** The block and validity of a committed transaction, if the ledger has it. */
  transaction(txId: string): Promise<{ blockNumber: number; valid: boolean } | undefined>;
  /** Chaincode events of valid transactions from `fromBlock` on (resume from a checkpoint), then live. */
  events(fromBlock: number, o?: EventsOptions): AsyncIterable<LedgerEvent> & { close(): void };
  /**
   * The number of blocks committed (the next block's number), where the adapter can tell: followers that
   * start from "now" (the verification caches) need it; without it they do not start.
   */
  height?(): Promise<number>;
  close(): Promise<void>;
}

export type LedgerErrorCode = string;

/**
 * What a caller can do about a failure, set by each adapter:
 * - `refused`: the chaincode said no (ACCESS_DENIED, WINDOW_CLOSED…); the same request will be refused again;
 * - `conflict`: a concurrent transaction won (MVCC/phantom read conflicts); retry at once;
 * - `unavailable`: the network could not be reached or did not answer in time (no leader, peer down,
 *   commit status unknown); retry later — the transaction may or may not have committed;
 * - `policy`: the endorsements did not satisfy the policy (the wrong district, no peers of a needed org);
 *   a configuration or topology problem, retried later.
 */
export type LedgerErrorKind = 'refused' | 'conflict' | 'unavailable' | 'policy';

export class LedgerError extends Error {
  override readonly name = 'LedgerError';
  readonly kind: LedgerErrorKind;
  readonly txId: string | undefined;
  /** Where it failed: the chaincode refused it, or the network invalidated it at commit. */
  readonly stage: 'endorse' | 'submit' | 'commit' | 'evaluate';
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    o: { kind: LedgerErrorKind; txId?: string | undefined; stage?: LedgerError['stage'] },
  ) {
    super(message);
    this.kind = o.kind;
    this.txId = o.txId;
    this.stage = o.stage ?? 'endorse';
  }
}

/**
 * Retries a submission that lost to a concurrent transaction (kind `conflict`), a few times with jittered
 * exponential backoff, as fabric-samples do for MVCC_READ_CONFLICT; every other failure is the caller's.
 */
export async function withRetry<T>(f: () => Promise<T>, attempts = 5, baseMs = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await f();
    } catch (e) {
      if (!(e instanceof LedgerError) || e.kind !== 'conflict' || i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, baseMs * 2 ** (i - 1) * (0.5 + Math.random())));
    }
  }
}
