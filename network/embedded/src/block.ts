/**
 * Blocks: plain JSON (bytes as base64), the same form in memory, on disk and under the hashes.
 *
 * As in Fabric, a block header holds the number, the previous block's hash and the hash of the block's
 * data, and a block's hash is the hash of its header: changing any stored transaction changes its data
 * hash, hence its hash, hence the next block's previousHash. The data hash covers the block's timestamp
 * and, for block 0, the channel configuration, so that nothing stored escapes the chain.
 */
import { canonicalBytes, fromBase64, sha256, toBase64, toHex, utf8 } from '@hocba/integrity';
import type { ValidationCode } from './errors.ts';
import type { Height, RWSet } from './rwset.ts';

/** Block 0 records what the channel was created with. */
export interface ChannelConfig {
  channel: string;
  chaincode: string;
  endorsementPolicy: string;
}

export interface RWSetJson {
  reads: Array<{ key: string; version: Height | null }>;
  rangeQueries: Array<{
    startKey: string;
    endKey: string;
    itrExhausted: boolean;
    reads: Array<{ key: string; version: Height | null }>;
  }>;
  /** value: base64; absent for a delete. */
  writes: Array<{ key: string; isDelete: boolean; value?: string }>;
  /** policy: base64 SignaturePolicyEnvelope; null removes the key-level policy. */
  validationParameters: Array<{ key: string; policy: string | null }>;
}

export interface TransactionRecord {
  txId: string;
  /** The proposal's timestamp (ISO 8601): what the chaincode saw as getTxTimestamp(). */
  timestamp: string;
  creatorMspId: string;
  /** The submitter's certificate (PEM), as a Fabric transaction carries its creator. */
  creatorCertificate: string;
  /** 'contract:function' and its arguments; transient data is never stored, as in Fabric. */
  function: string;
  args: string[];
  /** The organisations whose peers endorsed. */
  endorsers: string[];
  validationCode: ValidationCode;
  /** The chaincode response; payload base64. */
  response: { status: number; payload: string };
  rwset: RWSetJson;
  /** The chaincode event (payload base64); emitted to listeners only when the transaction is valid. */
  event?: { name: string; payload: string };
}

export interface Block {
  number: number;
  /** Hex SHA-256 of the previous block's header; '' for block 0. */
  previousHash: string;
  /** Hex SHA-256 of the block's data (timestamp, config, transactions). */
  dataHash: string;
  /** Hex SHA-256 of the header (number, previousHash, dataHash). */
  hash: string;
  /** When the orderer cut the block (ISO 8601). */
  timestamp: string;
  config?: ChannelConfig;
  transactions: TransactionRecord[];
}

export type UnsealedBlock = Omit<Block, 'dataHash' | 'hash'>;

export type ChainVerification = { valid: true } | { valid: false; blockNumber: number; reason: string };

export const bytesToJson = (b: Uint8Array): string => toBase64(b);

export function bytesFromJson(s: string): Uint8Array {
  const b = fromBase64(s);
  if (!b) throw new Error('a stored value is not base64');
  return b;
}

export function rwsetToJson(r: RWSet): RWSetJson {
  return {
    reads: r.reads.map(({ key, version }) => ({ key, version })),
    rangeQueries: r.rangeQueries.map((q) => ({
      startKey: q.startKey,
      endKey: q.endKey,
      itrExhausted: q.itrExhausted,
      reads: q.reads.map(({ key, version }) => ({ key, version })),
    })),
    writes: r.writes.map((w) =>
      w.isDelete || !w.value
        ? { key: w.key, isDelete: true }
        : { key: w.key, isDelete: false, value: bytesToJson(w.value) },
    ),
    validationParameters: r.validationParameters.map((p) => ({
      key: p.key,
      policy: p.policy ? bytesToJson(p.policy) : null,
    })),
  };
}

export function rwsetFromJson(j: RWSetJson): RWSet {
  return {
    reads: j.reads.map(({ key, version }) => ({ key, version })),
    rangeQueries: j.rangeQueries.map((q) => ({ ...q, reads: [...q.reads] })),
    writes: j.writes.map((w) =>
      w.isDelete || w.value === undefined
        ? { key: w.key, isDelete: true }
        : { key: w.key, isDelete: false, value: bytesFromJson(w.value) },
    ),
    validationParameters: j.validationParameters.map((p) => ({
      key: p.key,
      policy: p.policy === null ? null : bytesFromJson(p.policy),
    })),
  };
}

/** Computes the data hash and the header hash of a block. */
export function sealBlock(b: UnsealedBlock): Block {
  const dataHash = dataHashOf(b);
  const block: Block = {
    number: b.number,
    previousHash: b.previousHash,
    dataHash,
    hash: headerHashOf({ number: b.number, previousHash: b.previousHash, dataHash }),
    timestamp: b.timestamp,
    ...(b.config ? { config: b.config } : {}),
    transactions: b.transactions,
  };
  return block;
}

/** Recomputes every data hash, header hash and link. */
export function verifyBlocks(blocks: readonly Block[]): ChainVerification {
  let previous = '';
  for (const [i, b] of blocks.entries()) {
    const fail = (reason: string): ChainVerification => ({ valid: false, blockNumber: i, reason });
    try {
      if (b.number !== i) return fail(`block ${i} says it is number ${b.number}`);
      if (b.previousHash !== previous) return fail(`previousHash does not match the hash of block ${i - 1}`);
      if (dataHashOf(b) !== b.dataHash) return fail('the data does not match its dataHash');
      if (headerHashOf(b) !== b.hash) return fail('the header does not match its hash');
    } catch (e) {
      return fail(`the block cannot be read: ${(e as Error).message}`);
    }
    previous = b.hash;
  }
  return { valid: true };
}

export const headerHashOf = (b: Pick<Block, 'number' | 'previousHash' | 'dataHash'>): string =>
  toHex(sha256(canonicalBytes({ number: b.number, previousHash: b.previousHash, dataHash: b.dataHash })));

function dataHashOf(b: UnsealedBlock): string {
  const data = b.config
    ? { timestamp: b.timestamp, config: b.config, transactions: b.transactions }
    : { timestamp: b.timestamp, transactions: b.transactions };
  return toHex(sha256(canonicalBytes(opaqueStrings(data))));
}

/**
 * canonicalBytes writes strings in NFC. State keys and arguments are bytes to Fabric: two keys that differ
 * only in normalisation are two keys. Hashing every string as the base64 of its UTF-8 keeps them apart.
 */
function opaqueStrings(v: unknown): unknown {
  if (typeof v === 'string') return toBase64(utf8(v));
  if (Array.isArray(v)) return v.map(opaqueStrings);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = opaqueStrings(x);
    return out;
  }
  return v;
}
