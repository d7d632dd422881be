/**
 * Read/write sets, shaped like Fabric's kvrwset (ledger/rwset/kvrwset/kv_rwset.proto): reads with the
 * version they saw, range-query infos for phantom detection, writes (a delete is a write), and metadata
 * writes (here only the key-level endorsement policy, Fabric's VALIDATION_PARAMETER).
 */
import { compareKeys } from './keys.ts';

/** A version is the height of the transaction that last wrote the key: (block number, index in block). */
export interface Height {
  blockNum: number;
  txNum: number;
}

export interface KVRead {
  key: string;
  /** null: the key did not exist. */
  version: Height | null;
}

export interface KVWrite {
  key: string;
  isDelete: boolean;
  /** Absent for a delete. */
  value?: Uint8Array;
}

export interface ValidationParameterWrite {
  key: string;
  /** The SignaturePolicyEnvelope bytes; null removes the key-level policy. */
  policy: Uint8Array | null;
}

/**
 * What a range query saw. While the iterator was not exhausted, endKey is the last key read and is
 * inclusive (Fabric core/ledger/kvledger/txmgmt/txmgr/query_executor.go updateRangeQueryInfo).
 */
export interface RangeQueryInfo {
  startKey: string;
  endKey: string;
  itrExhausted: boolean;
  reads: KVRead[];
}

export interface RWSet {
  reads: KVRead[];
  rangeQueries: RangeQueryInfo[];
  writes: KVWrite[];
  validationParameters: ValidationParameterWrite[];
}

export const sameHeight = (a: Height | null, b: Height | null): boolean =>
  a === null || b === null ? a === b : a.blockNum === b.blockNum && a.txNum === b.txNum;

/** Collects one simulation's reads and writes; Fabric's RWSetBuilder sorts them by key. */
export class RWSetBuilder {
  private readonly reads = new Map<string, KVRead>();
  private readonly writes = new Map<string, KVWrite>();
  private readonly validationParameters = new Map<string, ValidationParameterWrite>();
  private readonly rangeQueries: RangeQueryInfo[] = [];

  addRead(key: string, version: Height | null): void {
    // The committed version cannot change during one simulation (it reads one snapshot).
    if (!this.reads.has(key)) this.reads.set(key, { key, version });
  }

  /** The last write of a key wins; a null value is a delete. */
  addWrite(key: string, value: Uint8Array | null): void {
    this.writes.set(key, value === null ? { key, isDelete: true } : { key, isDelete: false, value });
  }

  addValidationParameter(key: string, policy: Uint8Array | null): void {
    this.validationParameters.set(key, { key, policy });
  }

  /** Range infos are kept live: their iterator keeps adding reads until it is exhausted or dropped. */
  addRangeQuery(info: RangeQueryInfo): void {
    this.rangeQueries.push(info);
  }

  build(): RWSet {
    const sorted = <T extends { key: string }>(m: Map<string, T>): T[] =>
      [...m.values()].sort((a, b) => compareKeys(a.key, b.key));
    return {
      reads: sorted(this.reads),
      rangeQueries: this.rangeQueries.map((r) => ({ ...r, reads: [...r.reads] })),
      writes: sorted(this.writes),
      validationParameters: sorted(this.validationParameters),
    };
  }
}
