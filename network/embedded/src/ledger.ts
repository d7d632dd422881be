/**
 * EmbeddedLedger: one channel, one chaincode, run in-process with the transaction flow of a Fabric network
 * as a client sees it — endorse (simulate on each endorsing organisation's peer), order (cut blocks after
 * a timeout or a transaction count), validate (endorsement policies, then MVCC) and commit (apply the valid
 * transactions, emit their events, chain the block by hash).
 *
 * For `npm start` and fast tests; not for production: there is one process, no signature is checked (the
 * gateway's identities are trusted as given) and no organisation holds its own copy.
 */
import { randomBytes, sha256, toHex, utf8 } from '@hocba/integrity';
import {
  type Block,
  bytesToJson,
  type ChainVerification,
  type ChannelConfig,
  rwsetFromJson,
  rwsetToJson,
  sealBlock,
  type TransactionRecord,
  verifyBlocks,
} from './block.ts';
import { BlockFile } from './block-file.ts';
import { acceptResponse, type Endorsement, endorse, simulate } from './endorser.ts';
import { CommitError, type ValidationCode } from './errors.ts';
import { type ChaincodeEvent, type CloseableAsyncIterable, EventStream, eventsOf } from './events.ts';
import { type ChaincodeInterface, type ContractClass, chaincodeFromContracts } from './fabric.ts';
import { formatPolicy, type Policy, parsePolicy } from './policy.ts';
import { BlockUpdates, WorldState } from './state.ts';
import type { Proposal } from './stub.ts';
import { validateBlock } from './validator.ts';

export interface EmbeddedLedgerOptions {
  /** The contract classes (fabric-contract-api), as the chaincode package exports them. */
  contracts: readonly ContractClass[];
  channel?: string;
  chaincode?: string;
  /** The chaincode-level endorsement policy, in Fabric's signature-policy syntax. */
  endorsementPolicy: string;
  /** The time of new proposals and blocks; tests move time by passing their own. */
  clock?: () => Date;
  /** Fabric's BatchTimeout: a block is cut this long after its first transaction arrived. */
  blockCutMs?: number;
  /** Fabric's BatchSize.MaxMessageCount: a block is cut as soon as it holds this many transactions. */
  maxBlockTxs?: number;
  /** Where to keep the blocks (JSON lines); the state is rebuilt from them on open. In memory if absent. */
  dataDir?: string;
}

/** The submitting client, as the gateway holds it; the embedded ledger does not check signatures. */
export interface Identity {
  mspId: string;
  /** The X.509 certificate (PEM); fabric-shim's ClientIdentity reads the MSP attributes from it. */
  certificate: string;
}

export interface ProposalOptions {
  identity: Identity;
  /** Private inputs: seen by the chaincode, never stored in a block. */
  transient?: Record<string, Uint8Array>;
  /** The proposal timestamp; defaults to the clock. */
  txTime?: Date;
}

export interface SubmitOptions extends ProposalOptions {
  /** The organisations whose peers endorse, as fabric-gateway's endorsingOrganizations. */
  endorsingOrgs: readonly string[];
}

export interface EvaluateOptions extends ProposalOptions {
  /** The organisation whose peer answers; by default the client's own, as the Fabric Gateway prefers. */
  endorsingOrg?: string;
}

export interface SubmitRequest extends SubmitOptions {
  /** 'contract:function', as fabric-contract-api names a transaction function. */
  name: string;
  args: readonly string[];
}

export interface CommitResult {
  txId: string;
  blockNumber: number;
  validationCode: ValidationCode;
  /** The chaincode's response payload. */
  result: Uint8Array;
  /** The chaincode event, present only when the transaction is valid (only then is it emitted). */
  event?: { name: string; payload: Uint8Array };
}

export interface TransactionLocation {
  blockNumber: number;
  /** The transaction's index in its block: with the block number, the version it gave the keys it wrote. */
  txIndex: number;
  validationCode: ValidationCode;
}

interface Outcome {
  result: CommitResult;
  reason: string | undefined;
}

interface Queued {
  endorsement: Endorsement;
  resolve(o: Outcome): void;
  reject(e: unknown): void;
}

const DEFAULT_BLOCK_CUT_MS = 20;
const DEFAULT_MAX_BLOCK_TXS = 500;

export class EmbeddedLedger {
  readonly channel: string;
  readonly chaincode: string;
  readonly endorsementPolicy: string;

  private readonly policy: Policy;
  private readonly contract: ChaincodeInterface;
  private readonly clock: () => Date;
  private readonly blockCutMs: number;
  private readonly maxBlockTxs: number;
  private readonly file: BlockFile | undefined;

  private readonly state = new WorldState();
  private readonly blocks: Block[] = [];
  private readonly txIndex = new Map<string, TransactionLocation>();
  private readonly queue: Queued[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly commitWatchers = new Set<() => void>();
  private readonly eventListeners = new Set<(e: ChaincodeEvent) => void>();
  private readonly streams = new Set<EventStream>();
  private closed = false;

  constructor(o: EmbeddedLedgerOptions) {
    this.channel = o.channel ?? 'hocba';
    this.chaincode = o.chaincode ?? 'hocba';
    this.endorsementPolicy = o.endorsementPolicy;
    this.policy = parsePolicy(o.endorsementPolicy);
    this.contract = chaincodeFromContracts(o.contracts, this.chaincode);
    this.clock = o.clock ?? (() => new Date());
    this.blockCutMs = o.blockCutMs ?? DEFAULT_BLOCK_CUT_MS;
    this.maxBlockTxs = Math.max(1, o.maxBlockTxs ?? DEFAULT_MAX_BLOCK_TXS);
    this.file = o.dataDir === undefined ? undefined : new BlockFile(o.dataDir);

    const stored = this.file?.readAll() ?? [];
    if (stored.length > 0) this.restore(stored);
    else this.createChannel();
  }

  /** The number of blocks, genesis included (Fabric's blockchain height). */
  get height(): number {
    return this.blocks.length;
  }

  /** Endorses, orders and commits; resolves with the validation code once the block is committed. */
  async submit(name: string, args: readonly string[], o: SubmitOptions): Promise<CommitResult> {
    return (await this.order(name, args, o)).result;
  }

  /** As submit, but throws CommitError for an invalid transaction, as fabric-gateway's submitTransaction. */
  async submitAndCommit(name: string, args: readonly string[], o: SubmitOptions): Promise<CommitResult> {
    const { result, reason } = await this.order(name, args, o);
    if (result.validationCode !== 'VALID') {
      throw new CommitError(result.validationCode, result.txId, result.blockNumber, reason);
    }
    return result;
  }

  /**
   * Endorses every request on the same committed state, then orders them into one block, in the given
   * order (transactions already waiting are cut into a block of their own first). For tests of what
   * validation does with transactions that meet in a block. Nothing is ordered if one endorsement fails.
   */
  async submitBlock(requests: readonly SubmitRequest[]): Promise<CommitResult[]> {
    this.checkOpen();
    const snapshot = this.state.lastBlock;
    const endorsements: Endorsement[] = [];
    for (const r of requests) {
      const proposal = this.propose(r.name, r.args, r);
      endorsements.push(await endorse(this.contract, proposal, r.endorsingOrgs, this.state, snapshot));
    }
    this.checkOpen();
    if (endorsements.length === 0) return [];
    while (this.queue.length > 0) this.cut();
    const outcomes: Promise<Outcome>[] = [];
    const batch = endorsements.map((endorsement) => {
      let queued: Queued | undefined;
      outcomes.push(
        new Promise<Outcome>((resolve, reject) => {
          queued = { endorsement, resolve, reject };
        }),
      );
      return queued as Queued;
    });
    this.commitBlock(batch);
    return (await Promise.all(outcomes)).map((o) => o.result);
  }

  /** Simulates on one peer and returns the result; nothing is ordered, the ledger does not change. */
  async evaluate(name: string, args: readonly string[], o: EvaluateOptions): Promise<Uint8Array> {
    this.checkOpen();
    const proposal = this.propose(name, args, o);
    const s = await simulate(
      this.contract,
      proposal,
      o.endorsingOrg ?? o.identity.mspId,
      this.state,
      this.state.lastBlock,
    );
    acceptResponse(s, proposal.txId);
    return Uint8Array.from(s.response.payload ?? []);
  }

  /** A copy of block n, or undefined. */
  getBlock(n: number): Block | undefined {
    const b = this.blocks[n];
    return b && structuredClone(b);
  }

  /** Where a transaction was committed, and whether it was valid. */
  getTransaction(txId: string): TransactionLocation | undefined {
    const t = this.txIndex.get(txId);
    return t && { ...t };
  }

  /** Recomputes every block's hashes and links. */
  verifyChain(): ChainVerification {
    return verifyBlocks(this.blocks);
  }

  /** The chaincode events of valid transactions from `fromBlock` on, then live ones, until closed. */
  events(fromBlock = 0): CloseableAsyncIterable<ChaincodeEvent> {
    this.checkOpen();
    const blocks = this.blocks;
    const watchers = this.commitWatchers;
    const stream: EventStream = new EventStream(
      {
        get height() {
          return blocks.length;
        },
        getBlock: (n) => blocks[n],
        onCommit: (wake) => {
          watchers.add(wake);
          return () => {
            watchers.delete(wake);
            this.streams.delete(stream);
          };
        },
      },
      this.chaincode,
      fromBlock,
    );
    this.streams.add(stream);
    return stream;
  }

  /** Calls `listener` with each live event of a valid transaction; returns the unsubscribe function. */
  onEvent(listener: (e: ChaincodeEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Commits what is waiting to be ordered, then stops: event streams end after the last block, later calls fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.queue.length > 0) this.cut();
    this.closed = true;
    for (const s of [...this.streams]) s.end();
    this.eventListeners.clear();
  }

  private async order(name: string, args: readonly string[], o: SubmitOptions): Promise<Outcome> {
    this.checkOpen();
    const proposal = this.propose(name, args, o);
    const endorsement = await endorse(
      this.contract,
      proposal,
      o.endorsingOrgs,
      this.state,
      this.state.lastBlock,
    );
    this.checkOpen();
    return new Promise<Outcome>((resolve, reject) => this.enqueue({ endorsement, resolve, reject }));
  }

  private propose(fcn: string, args: readonly string[], o: ProposalOptions): Proposal {
    const { mspId, certificate } = o.identity ?? {};
    if (!mspId || typeof certificate !== 'string' || !certificate.includes('-----BEGIN')) {
      throw new TypeError('the identity must have an mspId and a PEM certificate');
    }
    // Fabric: the transaction id is the hash of the proposal's nonce and the creator's serialized identity.
    const txId = toHex(sha256(randomBytes(24), utf8(mspId), utf8(certificate)));
    return {
      txId,
      channel: this.channel,
      chaincode: this.chaincode,
      fcn,
      args: [...args],
      creator: { mspId, certificate },
      transient: new Map(Object.entries(o.transient ?? {})),
      timestamp: new Date((o.txTime ?? this.clock()).getTime()),
    };
  }

  private enqueue(q: Queued): void {
    this.queue.push(q);
    if (this.queue.length >= this.maxBlockTxs) this.cut();
    else this.timer ??= setTimeout(() => this.cut(), this.blockCutMs);
  }

  /** The orderer cuts a block from the oldest waiting transactions. */
  private cut(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0, this.maxBlockTxs);
    if (batch.length > 0) this.commitBlock(batch);
    if (this.queue.length > 0) this.timer = setTimeout(() => this.cut(), this.blockCutMs);
  }

  /** Validates, stores and applies a block; synchronous, so that nothing reads a half-committed state. */
  private commitBlock(batch: readonly Queued[]): void {
    const number = this.blocks.length;
    const { verdicts, staged } = validateBlock(
      number,
      batch.map(({ endorsement: e }) => ({
        txId: e.proposal.txId,
        timestamp: e.proposal.timestamp,
        rwset: e.simulation.rwset,
        endorsers: e.endorsers,
      })),
      this.state,
      this.policy,
    );
    const block = sealBlock({
      number,
      previousHash: (this.blocks.at(-1) as Block).hash,
      timestamp: this.clock().toISOString(),
      transactions: batch.map((q, i) => transactionRecord(q.endorsement, verdicts[i]?.code ?? 'VALID')),
    });
    try {
      this.file?.append(block);
    } catch (e) {
      for (const q of batch) q.reject(e);
      return;
    }
    this.state.apply(number, staged);
    this.blocks.push(block);
    block.transactions.forEach((t, txIndex) => {
      this.txIndex.set(t.txId, { blockNumber: number, txIndex, validationCode: t.validationCode });
    });

    for (const wake of [...this.commitWatchers]) wake();
    for (const event of eventsOf(block, this.chaincode)) {
      for (const listener of [...this.eventListeners]) {
        try {
          listener(event);
        } catch (e) {
          // A listener's failure must not undo or stop a commit that has already happened.
          console.error('embedded ledger: an event listener threw', e);
        }
      }
    }
    batch.forEach((q, i) => {
      const verdict = verdicts[i];
      const sim = q.endorsement.simulation;
      const result: CommitResult = {
        txId: q.endorsement.proposal.txId,
        blockNumber: number,
        validationCode: verdict?.code ?? 'VALID',
        result: Uint8Array.from(sim.response.payload ?? []),
      };
      if (result.validationCode === 'VALID' && sim.event) {
        result.event = { name: sim.event.name, payload: Uint8Array.from(sim.event.payload) };
      }
      q.resolve({ result, reason: verdict?.reason });
    });
  }

  private createChannel(): void {
    const config: ChannelConfig = {
      channel: this.channel,
      chaincode: this.chaincode,
      endorsementPolicy: this.endorsementPolicy,
    };
    const genesis = sealBlock({
      number: 0,
      previousHash: '',
      timestamp: this.clock().toISOString(),
      config,
      transactions: [],
    });
    this.file?.append(genesis);
    this.blocks.push(genesis);
    this.state.apply(0, []);
  }

  /** Rebuilds the state by replaying the stored blocks' valid transactions. */
  private restore(stored: Block[]): void {
    const where = this.file?.path ?? 'the stored ledger';
    const check = verifyBlocks(stored);
    if (!check.valid)
      throw new Error(`${where}: block ${check.blockNumber} fails verification: ${check.reason}`);
    const config = stored[0]?.config;
    const samePolicy = (text: string | undefined) => {
      try {
        return text !== undefined && formatPolicy(parsePolicy(text)) === formatPolicy(this.policy);
      } catch {
        return false;
      }
    };
    if (
      config?.channel !== this.channel ||
      config.chaincode !== this.chaincode ||
      !samePolicy(config.endorsementPolicy)
    ) {
      throw new Error(
        `${where} holds channel ${config?.channel}, chaincode ${config?.chaincode} with policy ` +
          `${config?.endorsementPolicy}; this ledger was opened for ${this.channel}, ${this.chaincode} with ` +
          `${this.endorsementPolicy} (the embedded ledger cannot change a channel's configuration)`,
      );
    }
    for (const block of stored) {
      const updates = new BlockUpdates(this.state, block.number);
      block.transactions.forEach((t, txIndex) => {
        this.txIndex.set(t.txId, { blockNumber: block.number, txIndex, validationCode: t.validationCode });
        if (t.validationCode === 'VALID') {
          updates.stage(txIndex, t.txId, new Date(t.timestamp), rwsetFromJson(t.rwset));
        }
      });
      this.state.apply(block.number, updates.staged);
      this.blocks.push(block);
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('the embedded ledger is closed');
  }
}

function transactionRecord(e: Endorsement, validationCode: ValidationCode): TransactionRecord {
  const { proposal: p, simulation: s } = e;
  const record: TransactionRecord = {
    txId: p.txId,
    timestamp: p.timestamp.toISOString(),
    creatorMspId: p.creator.mspId,
    creatorCertificate: p.creator.certificate,
    function: p.fcn,
    args: [...p.args],
    endorsers: [...e.endorsers],
    validationCode,
    response: { status: s.response.status, payload: bytesToJson(s.response.payload ?? new Uint8Array()) },
    rwset: rwsetToJson(s.rwset),
  };
  if (s.event) record.event = { name: s.event.name, payload: bytesToJson(s.event.payload) };
  return record;
}
