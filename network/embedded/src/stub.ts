/**
 * The chaincode stub of the embedded ledger: fabric-shim's ChaincodeStub API (types/index.d.ts), answered
 * from one snapshot of the world state the way a Fabric peer (LevelDB state database) answers the shim.
 *
 * - Reads see the state committed before the simulation, never the transaction's own writes, and record the
 *   key with the version they saw; writes only fill the write set (the last write of a key wins).
 * - Range queries fetch results in batches as the peer does (100 per batch) and record every key the peer
 *   read, with the range, for phantom detection at validation.
 * - Paginated queries are allowed only in read-only transactions, as in Fabric.
 * - Values are Buffers, as fabric-shim returns them, so that `value.toString()` decodes UTF-8.
 */
import { Buffer } from 'node:buffer';
import type {
  ChaincodeProposal,
  ChaincodeResponse,
  ChaincodeStub,
  Iterators,
  SerializedIdentity,
  SplitCompositekey,
  StateQueryResponse,
  Timestamp,
} from 'fabric-shim';
import { createCompositeKey, splitCompositeKey, unsignedLong } from './fabric.ts';
import { COMPOSITE_KEY_NAMESPACE, EMPTY_KEY_SUBSTITUTE, MAX_UNICODE_RUNE, successor } from './keys.ts';
import { type PolicyError, policyFromEnvelope } from './policy.ts';
import { type RangeQueryInfo, RWSetBuilder } from './rwset.ts';
import type { VersionedValue, WorldState } from './state.ts';

/** A key must be valid UTF-8: Fabric's protobuf strings cannot carry a lone surrogate. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Fabric's QueryResponseGenerator.MaxResultLimit: results per batch between peer and chaincode. */
const MAX_RESULT_LIMIT = 100;
/** core.yaml ledger.state.totalQueryLimit: the most results one query returns. */
const TOTAL_QUERY_LIMIT = 100_000;

export interface Proposal {
  txId: string;
  channel: string;
  chaincode: string;
  /** 'contract:function' and its arguments, as fabric-contract-api expects them. */
  fcn: string;
  args: readonly string[];
  creator: { mspId: string; certificate: string };
  transient: ReadonlyMap<string, Uint8Array>;
  timestamp: Date;
}

export interface ChaincodeEventData {
  name: string;
  payload: Uint8Array;
}

type KV = Iterators.KV;
type KeyModification = Iterators.KeyModification;

export class EmbeddedStub implements ChaincodeStub {
  readonly rwset = new RWSetBuilder();
  private chaincodeEvent: ChaincodeEventData | undefined;
  private writePerformed = false;
  private paginatedQueryPerformed = false;
  private done = false;
  private readonly argStrings: string[];

  constructor(
    private readonly proposal: Proposal,
    /** The organisation of the endorsing peer: what getMspID() answers. */
    private readonly peerMspId: string,
    private readonly state: WorldState,
    /** The block whose state this simulation reads. */
    private readonly snapshot: number,
  ) {
    this.argStrings = [proposal.fcn, ...proposal.args];
  }

  /** The event set by the chaincode, if any (one per transaction, the last setEvent wins). */
  get event(): ChaincodeEventData | undefined {
    return this.chaincodeEvent;
  }

  /** Ends the simulation: later calls fail, as Fabric's do once the transaction context is gone. */
  finish(): void {
    this.done = true;
  }

  getArgs(): string[] {
    return [...this.argStrings];
  }

  getStringArgs(): string[] {
    return [...this.argStrings];
  }

  getBufferArgs(): Buffer[] {
    return this.argStrings.map((a) => Buffer.from(a));
  }

  getFunctionAndParameters(): { fcn: string; params: string[] } {
    return { fcn: this.proposal.fcn, params: [...this.proposal.args] };
  }

  getTxID(): string {
    return this.proposal.txId;
  }

  getChannelID(): string {
    return this.proposal.channel;
  }

  getCreator(): SerializedIdentity {
    return { mspid: this.proposal.creator.mspId, idBytes: Buffer.from(this.proposal.creator.certificate) };
  }

  getMspID(): string {
    return this.peerMspId;
  }

  getTransient(): Map<string, Uint8Array> {
    return new Map([...this.proposal.transient].map(([k, v]) => [k, Buffer.from(v)]));
  }

  getSignedProposal(): ChaincodeProposal.SignedProposal {
    throw new Error('getSignedProposal: the embedded ledger has no signed proposal (it trusts the gateway)');
  }

  getBinding(): string {
    throw new Error('getBinding: the embedded ledger has no signed proposal (it trusts the gateway)');
  }

  /** The proposal's timestamp, as fabric-shim returns it: seconds as an unsigned Long, and nanos. */
  getTxTimestamp(): Timestamp {
    const { seconds, nanos } = splitTime(this.proposal.timestamp);
    return { seconds: unsignedLong(seconds) as unknown as Timestamp['seconds'], nanos };
  }

  getDateTimestamp(): Date {
    return new Date(this.proposal.timestamp.getTime());
  }

  async getState(key: string): Promise<Uint8Array> {
    this.checkLive();
    const v = this.state.get(key, this.snapshot);
    this.rwset.addRead(key, v?.version ?? null);
    // Fabric answers an absent key with an empty payload.
    return Buffer.from(v?.value ?? []);
  }

  async putState(key: string, value: Uint8Array | string): Promise<void> {
    this.checkWrite(key, 'PUT_STATE');
    const bytes = typeof value === 'string' ? Buffer.from(value) : value;
    // An empty value reaches the peer as nil, which its write set records as a delete.
    this.rwset.addWrite(key, bytes && bytes.length > 0 ? Uint8Array.from(bytes) : null);
  }

  async deleteState(key: string): Promise<void> {
    this.checkWrite(key, 'DEL_STATE');
    this.rwset.addWrite(key, null);
  }

  async setStateValidationParameter(key: string, ep: Uint8Array): Promise<void> {
    this.checkWrite(key, 'PUT_STATE_METADATA');
    const policy = ep && ep.length > 0 ? Uint8Array.from(ep) : null;
    if (policy) {
      // Fabric accepts any bytes here and fails later, at validation (fabric#3105); we refuse them now.
      try {
        policyFromEnvelope(policy);
      } catch (e) {
        throw new Error(`invalid validation parameter for key ${key}: ${(e as PolicyError).message}`);
      }
    }
    this.rwset.addValidationParameter(key, policy);
  }

  /** The committed key-level policy; like Fabric, reading it records a read of the key. */
  async getStateValidationParameter(key: string): Promise<Uint8Array> {
    this.checkLive();
    const v = this.state.get(key, this.snapshot);
    this.rwset.addRead(key, v?.version ?? null);
    // fabric-shim returns undefined when the key has no policy, despite its declared type.
    return (v?.validationParameter ? Uint8Array.from(v.validationParameter) : undefined) as Uint8Array;
  }

  getStateByRange(
    startKey: string,
    endKey: string,
  ): Promise<Iterators.StateQueryIterator> & AsyncIterable<KV> {
    const run = async () => {
      const [start, end] = this.simpleRange(startKey, endKey);
      return this.rangeQuery(start, end, undefined).iterator;
    };
    return asyncIterable(run());
  }

  getStateByRangeWithPagination(
    startKey: string,
    endKey: string,
    pageSize: number,
    bookmark?: string,
  ): Promise<StateQueryResponse<Iterators.StateQueryIterator>> & AsyncIterable<KV> {
    const run = async () => {
      const [start, end] = this.simpleRange(startKey, endKey);
      return this.rangeQuery(start, end, { pageSize, bookmark: bookmark ?? '' });
    };
    return asyncIterable(run());
  }

  getStateByPartialCompositeKey(
    objectType: string,
    attributes: string[],
  ): Promise<Iterators.StateQueryIterator> & AsyncIterable<KV> {
    const run = async () => {
      const prefix = createCompositeKey(objectType, attributes);
      return this.rangeQuery(prefix, prefix + MAX_UNICODE_RUNE, undefined).iterator;
    };
    return asyncIterable(run());
  }

  getStateByPartialCompositeKeyWithPagination(
    objectType: string,
    attributes: string[],
    pageSize: number,
    bookmark?: string,
  ): Promise<StateQueryResponse<Iterators.StateQueryIterator>> & AsyncIterable<KV> {
    const run = async () => {
      const prefix = createCompositeKey(objectType, attributes);
      return this.rangeQuery(prefix, prefix + MAX_UNICODE_RUNE, { pageSize, bookmark: bookmark ?? '' });
    };
    return asyncIterable(run());
  }

  /** Rich queries need CouchDB; the network runs LevelDB, whose peer answers with this error. */
  getQueryResult(_query: string): Promise<Iterators.StateQueryIterator> & AsyncIterable<KV> {
    return asyncIterable(Promise.reject(new Error('ExecuteQuery not supported for leveldb')));
  }

  getQueryResultWithPagination(
    _query: string,
    _pageSize: number,
    _bookmark?: string,
  ): Promise<StateQueryResponse<Iterators.StateQueryIterator>> & AsyncIterable<KV> {
    return asyncIterable(Promise.reject(new Error('ExecuteQuery not supported for leveldb')));
  }

  /** Every value write of the key (deletes included), newest first; history reads are not in the read set. */
  getHistoryForKey(key: string): Promise<Iterators.HistoryQueryIterator> & AsyncIterable<KeyModification> {
    const run = async () => {
      this.checkLive();
      const entries = this.state.history(key, this.snapshot).map(
        (e): KeyModification => ({
          txId: e.txId,
          value: Buffer.from(e.value ?? []),
          isDelete: e.value === null,
          // fabric-shim passes the protobuf Timestamp's toObject(): plain numbers.
          timestamp: splitTime(e.timestamp) as unknown as Timestamp,
        }),
      );
      let batch: KeyModification[] | undefined = entries;
      return new QueryIterator<KeyModification>(() => {
        const out = batch ?? [];
        batch = undefined;
        return { results: out, hasMore: false };
      });
    };
    return asyncIterable(run());
  }

  async invokeChaincode(
    chaincodeName: string,
    _args: string[],
    _channel: string,
  ): Promise<ChaincodeResponse> {
    throw new Error(`invokeChaincode(${chaincodeName}): the embedded ledger runs a single chaincode`);
  }

  setEvent(name: string, payload: Uint8Array): void {
    if (typeof name !== 'string' || name === '') throw new Error('Event name must be a non-empty string');
    this.checkLive();
    this.chaincodeEvent = { name, payload: Uint8Array.from(payload ?? []) };
  }

  createCompositeKey(objectType: string, attributes: string[]): string {
    return createCompositeKey(objectType, attributes);
  }

  splitCompositeKey(compositeKey: string): SplitCompositekey {
    return splitCompositeKey(compositeKey) as SplitCompositekey;
  }

  // The hocba network defines no private data collections.
  getPrivateData(collection: string, _key: string): Promise<Uint8Array> {
    return noCollections(collection);
  }
  getPrivateDataHash(collection: string, _key: string): Promise<Uint8Array> {
    return noCollections(collection);
  }
  putPrivateData(collection: string, _key: string, _value: Uint8Array): Promise<void> {
    return noCollections(collection);
  }
  deletePrivateData(collection: string, _key: string): Promise<void> {
    return noCollections(collection);
  }
  purgePrivateData(collection: string, _key: string): Promise<void> {
    return noCollections(collection);
  }
  setPrivateDataValidationParameter(collection: string, _key: string, _ep: Uint8Array): Promise<void> {
    return noCollections(collection);
  }
  getPrivateDataValidationParameter(collection: string, _key: string): Promise<Uint8Array> {
    return noCollections(collection);
  }
  getPrivateDataByRange(
    collection: string,
    _startKey: string,
    _endKey: string,
  ): Promise<Iterators.StateQueryIterator> & AsyncIterable<KV> {
    return asyncIterable(noCollections(collection));
  }
  getPrivateDataByPartialCompositeKey(
    collection: string,
    _objectType: string,
    _attributes: string[],
  ): Promise<Iterators.StateQueryIterator> & AsyncIterable<KV> {
    return asyncIterable(noCollections(collection));
  }
  getPrivateDataQueryResult(
    collection: string,
    _query: string,
  ): Promise<Iterators.StateQueryIterator> & AsyncIterable<KV> {
    return asyncIterable(noCollections(collection));
  }

  private checkLive(): void {
    if (this.done) throw new Error(`transaction ${this.proposal.txId}: the simulation is over`);
  }

  private checkWrite(key: string, op: string): void {
    this.checkLive();
    if (typeof key !== 'string' || LONE_SURROGATE.test(key)) {
      throw new Error(`${op}: the key must be a valid UTF-8 string`);
    }
    if (this.paginatedQueryPerformed) {
      throw this.peerError(
        op,
        'unsuppored transaction. Transaction has already performed a paginated query. Writes are not allowed',
      );
    }
    this.writePerformed = true;
  }

  /** The error text a Fabric peer sends back for a refused request (core/chaincode/handler.go). */
  private peerError(op: string, reason: string): Error {
    const id = this.proposal.txId;
    return new Error(`${op} failed: transaction ID: ${id}: txid [${id}]: ${reason}`);
  }

  /** fabric-shim's checks on simple-key ranges (stub.js validateSimpleKeys) and its empty-start substitute. */
  private simpleRange(startKey: string, endKey: string): [string, string] {
    for (const k of [startKey, endKey]) {
      if (k && typeof k === 'string' && k.charAt(0) === COMPOSITE_KEY_NAMESPACE) {
        throw new Error(`first character of the key [${k}] contains a null character which is not allowed`);
      }
    }
    return [startKey || EMPTY_KEY_SUBSTITUTE, endKey ?? ''];
  }

  /** A range query as the peer serves it (core/chaincode/handler.go HandleGetStateByRange). */
  private rangeQuery(
    startKey: string,
    endKey: string,
    page: { pageSize: number; bookmark: string } | undefined,
  ): StateQueryResponse<Iterators.StateQueryIterator> {
    this.checkLive();
    const paginated = page !== undefined && (page.pageSize > 0 || page.bookmark !== '');
    if (paginated) {
      if (this.writePerformed) {
        throw this.peerError(
          'GET_STATE_BY_RANGE',
          'unsuppored transaction. Paginated queries are supported only in a read-only transaction',
        );
      }
      this.paginatedQueryPerformed = true;
    }
    // The bookmark is the first key of the next page.
    const start = paginated && page.bookmark !== '' ? page.bookmark : startKey;
    const limit = paginated && page.pageSize > 0 ? page.pageSize : TOTAL_QUERY_LIMIT;
    const cursor = new RangeCursor(this.state, this.snapshot, start, endKey);
    this.rwset.addRangeQuery(cursor.info);
    const batches = new PeerBatches(cursor, limit);
    const toKV = (v: VersionedValue): KV => ({
      namespace: this.proposal.chaincode,
      key: v.key,
      value: Buffer.from(v.value),
    });
    if (!paginated) {
      const iterator = new QueryIterator<KV, VersionedValue>(() => batches.next(), batches.next(), toKV);
      // Without pagination the peer sends no metadata.
      return { iterator } as unknown as StateQueryResponse<Iterators.StateQueryIterator>;
    }
    // The peer builds a whole page before it answers, with the bookmark of the next one.
    const results: VersionedValue[] = [];
    for (let b = batches.next(); ; b = batches.next()) {
      results.push(...b.results);
      if (!b.hasMore) break;
    }
    const iterator = new QueryIterator<KV, VersionedValue>(
      () => ({ results: [], hasMore: false }),
      {
        results,
        hasMore: false,
      },
      toKV,
    );
    const metadata = { fetchedRecordsCount: results.length, bookmark: cursor.peekKey() ?? '' };
    // The peer sends the metadata as protobuf bytes: for an empty last page (0 records, no bookmark) every
    // field is a default, the bytes are empty, and fabric-shim gives the chaincode no metadata at all.
    if (metadata.fetchedRecordsCount === 0 && metadata.bookmark === '') {
      return { iterator } as unknown as StateQueryResponse<Iterators.StateQueryIterator>;
    }
    return { iterator, metadata };
  }
}

/** The peer's iterator over a snapshot: every key it reads goes into the range-query info. */
class RangeCursor {
  readonly info: RangeQueryInfo;
  private position: string;

  constructor(
    private readonly state: WorldState,
    private readonly snapshot: number,
    startKey: string,
    private readonly endKey: string,
  ) {
    this.position = startKey;
    this.info = { startKey, endKey: '', itrExhausted: false, reads: [] };
  }

  read(): VersionedValue | undefined {
    if (this.info.itrExhausted) return undefined;
    const [v] = this.state.scan(this.position, this.endKey, this.snapshot, 1);
    if (!v) {
      this.info.itrExhausted = true;
      this.info.endKey = this.endKey;
      return undefined;
    }
    this.info.reads.push({ key: v.key, version: v.version });
    this.info.endKey = v.key;
    this.position = successor(v.key);
    return v;
  }

  /** The next key, without reading it: a paginated query's bookmark (LevelDB GetBookmarkAndClose). */
  peekKey(): string | undefined {
    if (this.info.itrExhausted) return undefined;
    return this.state.scan(this.position, this.endKey, this.snapshot, 1)[0]?.key;
  }
}

interface Batch<T> {
  results: T[];
  hasMore: boolean;
}

/**
 * Cuts a cursor into the batches the peer sends (QueryResponseGenerator.BuildQueryResponse): up to 100
 * results, the 101st read already (and so recorded) and carried into the next batch; at most `limit` in all.
 */
class PeerBatches {
  private carry: VersionedValue | undefined;
  private returned = 0;

  constructor(
    private readonly cursor: RangeCursor,
    private readonly limit: number,
  ) {}

  next(): Batch<VersionedValue> {
    const results: VersionedValue[] = [];
    if (this.carry) {
      results.push(this.carry);
      this.carry = undefined;
    }
    for (;;) {
      if (this.returned >= this.limit) return { results, hasMore: false };
      const v = this.cursor.read();
      if (!v) return { results, hasMore: false };
      this.returned++;
      if (results.length === MAX_RESULT_LIMIT) {
        this.carry = v;
        return { results, hasMore: true };
      }
      results.push(v);
    }
  }
}

/** fabric-shim's CommonIterator: next() walks a batch and asks for the next one while the peer has more. */
class QueryIterator<T, S = T> implements Iterators.CommonIterator<T> {
  private batch: Batch<S>;
  private at = 0;
  private closed = false;

  constructor(
    private readonly fetch: () => Batch<S>,
    first?: Batch<S>,
    private readonly map: (s: S) => T = (s) => s as unknown as T,
  ) {
    this.batch = first ?? fetch();
  }

  async next(): Promise<Iterators.NextResult<T>> {
    if (!this.closed) {
      if (this.at >= this.batch.results.length && this.batch.hasMore) {
        this.batch = this.fetch();
        this.at = 0;
      }
      if (this.at < this.batch.results.length) {
        return { value: this.map(this.batch.results[this.at++] as S), done: false };
      }
    }
    // fabric-shim answers {done: true} without a value.
    return { value: undefined as T, done: true };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  async return(): Promise<Iterators.NextResult<T>> {
    await this.close();
    return { value: undefined as T, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this as AsyncIterator<T>;
  }
}

/**
 * fabric-shim's convertToAsyncIterator: the promise of an iterator (or of {iterator, metadata}) that is also
 * async-iterable, so that a contract can `await` it or `for await` over it.
 */
function asyncIterable<R, T>(promise: Promise<R>): Promise<R> & AsyncIterable<T> {
  const p = promise as Promise<R> & AsyncIterable<T>;
  p[Symbol.asyncIterator] = () => {
    let iterator: AsyncIterator<T> & { close(): Promise<void> };
    const get = async () => {
      if (!iterator) {
        const r = (await promise) as { iterator?: typeof iterator };
        iterator = r.iterator ?? (r as unknown as typeof iterator);
      }
      return iterator;
    };
    return {
      next: async () => {
        const it = await get();
        const r = await it.next();
        if (r.done) await it.close();
        return r;
      },
      return: async () => {
        await (await get()).close();
        return { value: undefined, done: true };
      },
    };
  };
  return p;
}

function splitTime(d: Date): { seconds: number; nanos: number } {
  const ms = d.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
}

function noCollections(collection: string): Promise<never> {
  return Promise.reject(
    new Error(`collection ${collection} is not defined: the hocba network has no private data`),
  );
}
