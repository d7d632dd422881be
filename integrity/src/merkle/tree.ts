/**
 * An RFC 9162 Merkle tree over leaf hashes, built bottom-up. Pairing neighbours and carrying an odd last
 * node up unchanged gives exactly RFC 9162's split at the largest power of two (no duplicated leaves): the
 * node at level L, index i is MTH(D[i·2^L : min((i+1)·2^L, n)]). All levels are kept, so every inclusion and
 * consistency proof is read off them without hashing.
 */
import { HASH_SIZE } from '../crypto.ts';
import { IntegrityError } from '../errors.ts';
import { EMPTY_ROOT, nodeHash } from './hasher.ts';

export class MerkleTree {
  /** levels[0] are the leaf hashes; the last level holds the root alone. */
  private readonly levels: Uint8Array[][];

  constructor(leafHashes: readonly Uint8Array[]) {
    for (const h of leafHashes) {
      if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) {
        throw new IntegrityError('MERKLE_BAD_HASH', `every leaf hash must be ${HASH_SIZE} bytes`);
      }
    }
    this.levels = [leafHashes.slice()];
    let level = this.levels[0]!;
    while (level.length > 1) {
      const next: Uint8Array[] = new Array(Math.ceil(level.length / 2));
      for (let i = 0; i + 1 < level.length; i += 2) next[i >> 1] = nodeHash(level[i]!, level[i + 1]!);
      if (level.length % 2 === 1) next[next.length - 1] = level[level.length - 1]!;
      this.levels.push(next);
      level = next;
    }
  }

  get size(): number {
    return this.levels[0]!.length;
  }

  root(): Uint8Array {
    return this.size === 0 ? EMPTY_ROOT : this.levels[this.levels.length - 1]![0]!;
  }

  /** RFC 9162 §2.1.3.1 PATH(m, D[n]), ordered from the leaf up. */
  inclusionProof(leafIndex: number): Uint8Array[] {
    if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= this.size) {
      throw new IntegrityError(
        'MERKLE_INDEX_OUT_OF_RANGE',
        `leaf ${leafIndex} is not in a tree of ${this.size}`,
      );
    }
    const proof: Uint8Array[] = [];
    let i = leafIndex;
    for (let l = 0; l < this.levels.length - 1; l++, i >>= 1) {
      const sibling = this.levels[l]![i ^ 1];
      if (sibling) proof.push(sibling);
    }
    return proof;
  }

  /** RFC 9162 §2.1.4.1 PROOF(m, D[n]): that the tree of the first m leaves is a prefix of this one. */
  consistencyProof(oldSize: number): Uint8Array[] {
    const n = this.size;
    if (!Number.isSafeInteger(oldSize) || oldSize < 1 || oldSize > n) {
      throw new IntegrityError('MERKLE_BAD_SIZE', `no consistency proof from size ${oldSize} to ${n}`);
    }
    const proof: Uint8Array[] = [];
    this.subproof(oldSize, 0, n, true, proof);
    return proof;
  }

  /** SUBPROOF(m, D[start:end], b), where D[start:end] is always a node of this tree. */
  private subproof(m: number, start: number, end: number, b: boolean, out: Uint8Array[]): void {
    const n = end - start;
    if (m === n) {
      if (!b) out.push(this.node(start, end));
      return;
    }
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      this.subproof(m, start, start + k, b, out);
      out.push(this.node(start + k, end));
    } else {
      this.subproof(m - k, start + k, end, false, out);
      out.push(this.node(start, start + k));
    }
  }

  /** MTH(D[start:end]) for a range that is a node: start is a multiple of 2^L with L = ⌈log2(end-start)⌉. */
  private node(start: number, end: number): Uint8Array {
    const level = 32 - Math.clz32(end - start - 1);
    return this.levels[level]![start >>> level]!;
  }
}

/** The largest power of two smaller than n (n ≥ 2). */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
