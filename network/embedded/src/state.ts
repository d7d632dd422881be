/**
 * The versioned world state, with its history. Every write of every valid transaction is kept, so that a
 * read "as of block n" is a lookup: simulations read the snapshot of the last block committed when they
 * started (as a Fabric peer does by holding its commit lock during a simulation), while later blocks
 * commit beside them. The same entries answer getHistoryForKey.
 */
import { compareKeys, inRange } from './keys.ts';
import type { Height, RWSet } from './rwset.ts';

export interface StateEntry {
  height: Height;
  /** null: the key was deleted. */
  value: Uint8Array | null;
  /** The key-level endorsement policy (SignaturePolicyEnvelope bytes), carried across value writes. */
  validationParameter: Uint8Array | null;
  /** false for a write of the policy alone, which Fabric's history database does not record. */
  valueWritten: boolean;
  txId: string;
  timestamp: Date;
}

export interface VersionedValue {
  key: string;
  value: Uint8Array;
  version: Height;
  validationParameter: Uint8Array | null;
}

export interface StagedWrite {
  key: string;
  entry: StateEntry;
}

export class WorldState {
  private readonly entries = new Map<string, StateEntry[]>();
  /** Every key ever written, in key order; deleted keys stay and are skipped by reads. */
  private readonly keys: string[] = [];
  private committed = -1;

  /** The number of the last block applied (-1 before the genesis block). */
  get lastBlock(): number {
    return this.committed;
  }

  /** The live value of `key` as of block `atBlock`, or undefined when absent or deleted. */
  get(key: string, atBlock = this.committed): VersionedValue | undefined {
    const e = this.entryAt(key, atBlock);
    return e?.value ? toVersioned(key, e) : undefined;
  }

  /**
   * Up to `limit` live keys from `start` to `end` (exclusive unless `inclusiveEnd`; an empty end is
   * unbounded), in key order, as of block `atBlock`. Each call searches afresh, so keys inserted by a
   * commit in between cannot shift a caller's position.
   */
  scan(start: string, end: string, atBlock: number, limit: number, inclusiveEnd = false): VersionedValue[] {
    const out: VersionedValue[] = [];
    for (let i = this.lowerBound(start); i < this.keys.length && out.length < limit; i++) {
      const key = this.keys[i] as string;
      if (!inRange(key, start, end, inclusiveEnd)) break;
      const v = this.get(key, atBlock);
      if (v) out.push(v);
    }
    return out;
  }

  /** The value writes of `key` up to block `atBlock`, newest first, as Fabric (≥ 2.0) returns history. */
  history(key: string, atBlock = this.committed): StateEntry[] {
    const all = this.entries.get(key) ?? [];
    return all.filter((e) => e.valueWritten && e.height.blockNum <= atBlock).reverse();
  }

  /** Applies the writes of a block's valid transactions, in their order. */
  apply(blockNum: number, writes: readonly StagedWrite[]): void {
    if (blockNum !== this.committed + 1) throw new Error(`block ${blockNum} applied after ${this.committed}`);
    for (const { key, entry } of writes) {
      let list = this.entries.get(key);
      if (!list) {
        list = [];
        this.entries.set(key, list);
        this.keys.splice(this.lowerBound(key), 0, key);
      }
      list.push(entry);
    }
    this.committed = blockNum;
  }

  private entryAt(key: string, atBlock: number): StateEntry | undefined {
    const list = this.entries.get(key);
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const e = list[i] as StateEntry;
      if (e.height.blockNum <= atBlock) return e;
    }
    return undefined;
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.keys[mid] as string, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const toVersioned = (key: string, e: StateEntry): VersionedValue => ({
  key,
  value: e.value as Uint8Array,
  version: e.height,
  validationParameter: e.validationParameter,
});

/**
 * The writes of one block's valid transactions on top of the committed state: what MVCC validation of a
 * later transaction in the same block must see (Fabric's update batch).
 */
export class BlockUpdates {
  private readonly latest = new Map<string, StateEntry>();
  readonly staged: StagedWrite[] = [];

  constructor(
    private readonly state: WorldState,
    readonly blockNum: number,
  ) {}

  /** True when an earlier valid transaction of this block wrote the key (Fabric: updates.Exists). */
  touched(key: string): boolean {
    return this.latest.has(key);
  }

  /** The live value of a key after the committed state and this block's earlier valid transactions. */
  current(key: string): VersionedValue | undefined {
    const staged = this.latest.get(key);
    if (staged) return staged.value ? toVersioned(key, staged) : undefined;
    return this.state.get(key);
  }

  /** A range over committed state merged with this block's writes (Fabric's combined iterator). */
  scan(start: string, end: string, inclusiveEnd: boolean): VersionedValue[] {
    const merged = new Map<string, VersionedValue>();
    for (const v of this.state.scan(
      start,
      end,
      this.state.lastBlock,
      Number.POSITIVE_INFINITY,
      inclusiveEnd,
    )) {
      merged.set(v.key, v);
    }
    for (const [key, e] of this.latest) {
      if (!inRange(key, start, end, inclusiveEnd)) continue;
      if (e.value) merged.set(key, toVersioned(key, e));
      else merged.delete(key);
    }
    return [...merged.values()].sort((a, b) => compareKeys(a.key, b.key));
  }

  /**
   * Stages a valid transaction's writes as Fabric's tx_ops do (core/ledger/kvledger/txmgmt/validation/
   * tx_ops.go): a delete drops value and policy; a value write keeps the key's policy; a policy write alone
   * keeps the value, and is dropped when the key does not exist.
   */
  stage(txNum: number, txId: string, timestamp: Date, rwset: RWSet): void {
    const height = { blockNum: this.blockNum, txNum };
    const policies = new Map(rwset.validationParameters.map((p) => [p.key, p.policy]));
    const put = (key: string, entry: StateEntry) => {
      this.latest.set(key, entry);
      this.staged.push({ key, entry });
    };
    for (const w of rwset.writes) {
      const common = { height, valueWritten: true, txId, timestamp };
      if (w.isDelete) {
        put(w.key, { ...common, value: null, validationParameter: null });
        continue;
      }
      const policy = policies.has(w.key)
        ? (policies.get(w.key) ?? null)
        : (this.current(w.key)?.validationParameter ?? null);
      put(w.key, { ...common, value: w.value as Uint8Array, validationParameter: policy });
    }
    const written = new Set(rwset.writes.map((w) => w.key));
    for (const p of rwset.validationParameters) {
      if (written.has(p.key)) continue;
      const existing = this.current(p.key);
      if (!existing) continue;
      put(p.key, {
        height,
        value: existing.value,
        validationParameter: p.policy,
        valueWritten: false,
        txId,
        timestamp,
      });
    }
  }
}
