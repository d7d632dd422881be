/**
 * The LedgerClient over a real Fabric network, through the Gateway service of its peers
 * (@hyperledger/fabric-gateway 1.11 over @grpc/grpc-js):
 *
 * - one gRPC client per peer, shared; one Gateway per identity and peer (fabric-gateway fixes the identity
 *   at connect). Every identity goes through the same Gateway peer, the province's (it runs the gateway):
 *   that peer reports each commit and serves the reads after it, so a read follows the writes this client
 *   saw committed — another organisation's peer may be a block behind for a few milliseconds. A read falls
 *   back to the other peers when that one is unreachable; a submission does not (it needs the province's
 *   endorsement anyway);
 * - submissions name their endorsing organisations (SubmitOptions.endorsingOrgs), as the embedded ledger
 *   does: the caller knows the school's district from the key-level policy it wrote; a wrong one is
 *   invalidated at commit with ENDORSEMENT_POLICY_FAILURE, as on the embedded ledger;
 * - short commit-status deadlines: an ordering service that lost the transaction (a Raft leader killed
 *   with it in flight) shows as `unavailable` in seconds, and the outbox resubmits; the chaincode's
 *   "already anchored" refusal then tells it the first attempt committed (FABRIC-NOTES §5);
 * - failures mapped to LedgerError kinds as FABRIC-NOTES §5 observed them;
 * - chaincode events resumed from a checkpoint after a broken stream.
 */
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import {
  type ChaincodeEvent,
  type Checkpointer,
  CommitError,
  CommitStatusError,
  checkpointers,
  connect,
  type Gateway,
  GatewayError,
  type Network,
  StatusCode,
} from '@hyperledger/fabric-gateway';
import { common, peer } from '@hyperledger/fabric-protos';
import {
  type Committed,
  type EventsOptions,
  type LedgerClient,
  LedgerError,
  type LedgerErrorKind,
  type LedgerEvent,
  type LedgerIdentity,
  type SubmitOptions,
  withRetry,
} from './client.ts';

/** Where the network is: the profile `network/fabric/scripts/network.sh up` writes (connection.json). */
export interface FabricProfile {
  channel: string;
  chaincode: string;
  /** One entry per peer organisation, by MSP id. */
  orgs: Record<string, { peer: { endpoint: string; tlsRootCert: string } }>;
}

export interface FabricLedgerOptions {
  profile: FabricProfile;
  /** The identity that reads blocks and events (a member of any organisation; no role needed). */
  eventIdentity: LedgerIdentity;
  /** The organisation whose peer serves as Gateway for every identity (default DoetMSP, the province). */
  gatewayMsp?: string;
  /** How long to wait for a commit status (default 5 s): past it, the outcome is `unavailable`. */
  commitTimeoutMs?: number;
  /** Deadline of an endorsement or an evaluation (default 15 s; the first call wakes a chaincode server). */
  endorseTimeoutMs?: number;
  /** How long a submission waits for the other peers to have its block too (default 2 s; see settle). */
  settleTimeoutMs?: number;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();
/** hocba's contracts start their messages with a stable code: "WINDOW_CLOSED: …". */
const LEADING_CODE = /(?:^|, )([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+): /;

/** Fabric's validation code names by number (VALID, MVCC_READ_CONFLICT, ENDORSEMENT_POLICY_FAILURE…). */
const VALIDATION_NAMES = new Map<number, string>(Object.entries(StatusCode).map(([name, n]) => [n, name]));
export const validationName = (code: number) => VALIDATION_NAMES.get(code) ?? `VALIDATION_${code}`;

/** gRPC status codes (grpc.status) that mean "could not reach or hear back from the network". */
const UNREACHABLE = new Set([
  grpc.status.UNAVAILABLE,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.CANCELLED,
  grpc.status.RESOURCE_EXHAUSTED,
  grpc.status.INTERNAL,
  grpc.status.UNKNOWN,
]);

function kindOfValidation(code: string): LedgerErrorKind {
  if (code === 'MVCC_READ_CONFLICT' || code === 'PHANTOM_READ_CONFLICT') return 'conflict';
  if (code === 'ENDORSEMENT_POLICY_FAILURE') return 'policy';
  return 'refused';
}

/** One Fabric error as a LedgerError (FABRIC-NOTES §5's table). */
export function toLedgerError(e: unknown, stage: 'endorse' | 'evaluate', txId?: string): unknown {
  if (e instanceof CommitError) {
    const code = validationName(e.code);
    return new LedgerError(code, e.message, {
      kind: kindOfValidation(code),
      txId: e.transactionId,
      stage: 'commit',
    });
  }
  if (!(e instanceof GatewayError)) return e;
  const tx = (e as { transactionId?: string }).transactionId ?? txId;
  // Each endorsing peer reports the same refusal: the first says it.
  const text = e.details[0]?.message ?? e.message;
  if (e instanceof CommitStatusError)
    return new LedgerError('COMMIT_STATUS_UNKNOWN', `no commit status in time: ${text}`, {
      kind: 'unavailable',
      txId: tx,
      stage: 'commit',
    });
  // SubmitError is exported as a type only: known by its name.
  if (e.name === 'SubmitError')
    return new LedgerError('ORDERING_UNAVAILABLE', `the ordering service did not take it: ${text}`, {
      kind: 'unavailable',
      txId: tx,
      stage: 'submit',
    });
  // The chaincode answered with a refusal: "chaincode response 500, WINDOW_CLOSED: …" (ours carry a code;
  // a system chaincode's, such as qscc's "no such transaction ID", do not).
  if (/chaincode response [45]\d\d|transaction returned with failure/.test(text)) {
    const code = LEADING_CODE.exec(text)?.[1];
    return new LedgerError(code ?? 'CHAINCODE_ERROR', code ? text.slice(text.indexOf(`${code}: `)) : text, {
      kind: 'refused',
      txId: tx,
      stage,
    });
  }
  if (/no combination of peers|no peers available|failed to find any endorsing peers/i.test(text))
    return new LedgerError('NO_ENDORSERS', `no peers can endorse it now: ${text}`, {
      kind: 'unavailable',
      txId: tx,
      stage,
    });
  if (UNREACHABLE.has(e.code) || e.code === grpc.status.FAILED_PRECONDITION || e.code === grpc.status.ABORTED)
    return new LedgerError(grpc.status[e.code] ?? 'UNAVAILABLE', text, {
      kind: 'unavailable',
      txId: tx,
      stage,
    });
  return new LedgerError(grpc.status[e.code] ?? 'GATEWAY_ERROR', text, { kind: 'refused', txId: tx, stage });
}

export class FabricLedgerClient implements LedgerClient {
  private readonly clients = new Map<string, grpc.Client>();
  private readonly gateways = new Map<string, Map<LedgerIdentity, Gateway>>();
  /** The Gateway peers in the order reads try them: the province's first. */
  private readonly peers: string[];
  private readonly commitTimeoutMs: number;
  private readonly endorseTimeoutMs: number;
  private readonly settleTimeoutMs: number;
  private closed = false;

  constructor(private readonly o: FabricLedgerOptions) {
    this.commitTimeoutMs = o.commitTimeoutMs ?? 5000;
    this.endorseTimeoutMs = o.endorseTimeoutMs ?? 15_000;
    this.settleTimeoutMs = o.settleTimeoutMs ?? 2000;
    const first = o.gatewayMsp ?? 'DoetMSP';
    this.peers = [first, ...Object.keys(o.profile.orgs).filter((m) => m !== first)];
  }

  get channel(): string {
    return this.o.profile.channel;
  }

  /** The gRPC client of an organisation's peer, made once. */
  private client(mspId: string): grpc.Client {
    let c = this.clients.get(mspId);
    if (c) return c;
    const org = this.o.profile.orgs[mspId];
    if (!org)
      throw new LedgerError('UNKNOWN_ORG', `the network profile has no peer for ${mspId}`, {
        kind: 'refused',
      });
    c = new grpc.Client(org.peer.endpoint, grpc.credentials.createSsl(readFileSync(org.peer.tlsRootCert)), {
      // The TLS certificates name 127.0.0.1 and localhost; a host name (not an IP) as TLS server name.
      'grpc.ssl_target_name_override': 'localhost',
      // Keep the connection alive across idle minutes (the anchoring worker may wait a while).
      'grpc.keepalive_time_ms': 60_000,
      'grpc.keepalive_timeout_ms': 10_000,
    });
    this.clients.set(mspId, c);
    return c;
  }

  private network(identity: LedgerIdentity, peerMsp = this.peers[0]!): Network {
    const byIdentity = this.gateways.get(peerMsp) ?? new Map<LedgerIdentity, Gateway>();
    this.gateways.set(peerMsp, byIdentity);
    let g = byIdentity.get(identity);
    if (!g) {
      if (!identity.sign)
        throw new LedgerError('NO_SIGNER', `identity of ${identity.mspId} cannot sign`, { kind: 'refused' });
      const deadline = (ms: number) => () => ({ deadline: Date.now() + ms });
      g = connect({
        client: this.client(peerMsp),
        identity: { mspId: identity.mspId, credentials: encoder.encode(identity.certificate) },
        signer: identity.sign,
        evaluateOptions: deadline(this.endorseTimeoutMs),
        endorseOptions: deadline(this.endorseTimeoutMs),
        submitOptions: deadline(this.endorseTimeoutMs),
        commitStatusOptions: deadline(this.commitTimeoutMs),
        chaincodeEventsOptions: () => ({}),
      });
      byIdentity.set(identity, g);
    }
    return g.getNetwork(this.o.profile.channel);
  }

  /** A read on the first Gateway peer that answers: the province's, then the others. */
  private async read(identity: LedgerIdentity, chaincode: string, fn: string, args: readonly string[]) {
    for (let i = 0; ; i++) {
      try {
        return await this.network(identity, this.peers[i])
          .getContract(chaincode)
          .evaluateTransaction(fn, ...args);
      } catch (e) {
        const err = toLedgerError(e, 'evaluate');
        if (!(err instanceof LedgerError) || err.kind !== 'unavailable' || i + 1 >= this.peers.length)
          throw err;
      }
    }
  }

  /**
   * Endorses, orders and waits for the commit. Conflicts are retried (withRetry); so is a Gateway that found
   * no peer of a needed organisation (NO_ENDORSERS: gossip has not met it yet, or its peer restarts), for a
   * few seconds: nothing was ordered, so trying again cannot commit twice. Longer outages are the outbox's.
   */
  async submit(fn: string, args: readonly string[], o: SubmitOptions): Promise<Committed> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.submitOnce(fn, args, o);
      } catch (e) {
        if (!(e instanceof LedgerError && e.code === 'NO_ENDORSERS') || attempt >= 6) throw e;
        await new Promise((r) => setTimeout(r, 250 * attempt));
      }
    }
  }

  private submitOnce(fn: string, args: readonly string[], o: SubmitOptions): Promise<Committed> {
    return withRetry(async () => {
      let txId: string | undefined;
      try {
        const contract = this.network(o.identity).getContract(this.o.profile.chaincode);
        const submitted = await contract.submitAsync(fn, {
          arguments: [...args],
          endorsingOrganizations: [...o.endorsingOrgs],
        });
        txId = submitted.getTransactionId();
        const status = await submitted.getStatus();
        if (!status.successful) {
          const code = validationName(status.code);
          throw new LedgerError(
            code,
            `transaction ${txId} failed to commit with status code ${status.code} (${code}) in block ${status.blockNumber}`,
            { kind: kindOfValidation(code), txId, stage: 'commit' },
          );
        }
        await this.settle(txId);
        return {
          txId,
          blockNumber: Number(status.blockNumber),
          result: decoder.decode(submitted.getResult()),
        };
      } catch (e) {
        throw toLedgerError(e, 'endorse', txId);
      }
    });
  }

  /**
   * Waits (up to `settleTimeoutMs`) until the other peers have committed `txId` too. The Gateway peer says
   * "committed" for itself; the next transaction is endorsed on other organisations' peers, which may be a
   * block behind for some milliseconds and would then refuse it on stale state (a certificate registered a
   * moment ago NOT_FOUND at its approval). A peer that cannot be reached is not waited for.
   */
  private async settle(txId: string): Promise<void> {
    const until = Date.now() + this.settleTimeoutMs;
    await Promise.all(
      this.peers.slice(1).map(async (msp) => {
        const qscc = this.network(this.o.eventIdentity, msp).getContract('qscc');
        while (Date.now() < until) {
          try {
            await qscc.evaluateTransaction('GetTransactionByID', this.o.profile.channel, txId);
            return;
          } catch (e) {
            // Not there yet ("no such transaction ID"): again soon. Unreachable: not waited for.
            const err = toLedgerError(e, 'evaluate');
            if (!(err instanceof LedgerError) || err.kind !== 'refused') return;
            await new Promise((r) => setTimeout(r, 10));
          }
        }
      }),
    );
  }

  async evaluate(fn: string, args: readonly string[], identity: LedgerIdentity): Promise<string> {
    return decoder.decode(await this.read(identity, this.o.profile.chaincode, fn, args));
  }

  /** From the query system chaincode: the transaction's validation code and its block. */
  async transaction(txId: string): Promise<{ blockNumber: number; valid: boolean } | undefined> {
    const qscc = (fn: string) => this.read(this.o.eventIdentity, 'qscc', fn, [this.o.profile.channel, txId]);
    try {
      const processed = peer.ProcessedTransaction.deserializeBinary(await qscc('GetTransactionByID'));
      const block = common.Block.deserializeBinary(await qscc('GetBlockByTxID'));
      return {
        blockNumber: block.getHeader()!.getNumber(),
        valid: processed.getValidationcode() === peer.TxValidationCode.VALID,
      };
    } catch (e) {
      if (e instanceof LedgerError && /not found|no such transaction/i.test(e.message)) return undefined;
      throw e;
    }
  }

  /** The channel's height on the first peer that answers (qscc GetChainInfo). */
  async height(): Promise<number> {
    const info = await this.read(this.o.eventIdentity, 'qscc', 'GetChainInfo', [this.o.profile.channel]);
    return common.BlockchainInfo.deserializeBinary(info).getHeight();
  }

  /**
   * Chaincode events from `fromBlock` on, then live. A broken stream (a peer restarted) is reopened from a
   * checkpoint after a pause, without repeating or skipping an event; with `resume: false` the iteration
   * ends with the error instead.
   */
  events(fromBlock: number, o: EventsOptions = {}): AsyncIterable<LedgerEvent> & { close(): void } {
    const checkpoint: Checkpointer = checkpointers.inMemory();
    let current: { close(): void } | undefined;
    let stopped = false;
    const network = () => this.network(this.o.eventIdentity);
    const chaincode = this.o.profile.chaincode;
    const isClosed = () => this.closed || stopped;
    return {
      close() {
        stopped = true;
        current?.close();
      },
      async *[Symbol.asyncIterator]() {
        while (!isClosed()) {
          try {
            const start =
              checkpoint.getBlockNumber() === undefined ? { startBlock: BigInt(fromBlock) } : { checkpoint };
            const stream = await network().getChaincodeEvents(chaincode, start);
            current = stream;
            try {
              for await (const e of stream as AsyncIterable<ChaincodeEvent>) {
                yield {
                  blockNumber: Number(e.blockNumber),
                  txId: e.transactionId,
                  eventName: e.eventName,
                  payload: e.payload,
                };
                await checkpoint.checkpointChaincodeEvent(e);
              }
            } finally {
              // The gRPC stream stays open until closed, also when the consumer stops early.
              stream.close();
            }
          } catch (e) {
            // A broken stream (a peer restarted): reopened from the checkpoint after the pause below.
            if (isClosed()) return;
            if (o.resume === false) throw toLedgerError(e, 'evaluate');
          }
          if (!isClosed()) await new Promise((r) => setTimeout(r, 1000));
        }
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const byIdentity of this.gateways.values()) for (const g of byIdentity.values()) g.close();
    this.gateways.clear();
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
