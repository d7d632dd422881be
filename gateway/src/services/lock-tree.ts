/**
 * The lock's RFC 9162 Merkle tree, kept in one flat buffer per level. integrity's MerkleTree holds one
 * Uint8Array object per node — for a 300k-leaf batch some 600k objects, about 100 MB of heap — where the
 * same levels fit in 2·n·32 bytes (≈ 19 MB). Same construction (neighbours paired, an odd last node carried
 * up unchanged, interior nodes SHA-256(0x01 ‖ left ‖ right)), so the same root and proofs; a test compares
 * them with integrity's tree for every size up to a few hundred leaves. Hashed with node:crypto's one-shot
 * SHA-256, the same bytes as integrity's.
 */
import { hash } from 'node:crypto';

const NODE = 32;

export class FlatMerkleTree {
  /** levels[0] holds the leaves; the last level the root alone. Level l has ⌈n / 2^l⌉ nodes. */
  private readonly levels: Uint8Array[];
  readonly size: number;

  /** `leaves`: the leaf hashes, 32 bytes each, concatenated in leaf order (kept, not copied). */
  constructor(leaves: Uint8Array) {
    if (leaves.length === 0 || leaves.length % NODE !== 0) {
      throw new RangeError('the leaves must be a non-empty concatenation of 32-byte hashes');
    }
    this.size = leaves.length / NODE;
    this.levels = [leaves];
    const input = Buffer.alloc(1 + 2 * NODE);
    input[0] = 0x01;
    let level = leaves;
    let count = this.size;
    while (count > 1) {
      const up = Math.ceil(count / 2);
      const next = new Uint8Array(up * NODE);
      for (let i = 0; i + 1 < count; i += 2) {
        input.set(level.subarray(i * NODE, (i + 2) * NODE), 1);
        next.set(hash('sha256', input, 'buffer') as unknown as Buffer, (i >> 1) * NODE);
      }
      if (count % 2 === 1) next.set(level.subarray((count - 1) * NODE, count * NODE), (up - 1) * NODE);
      this.levels.push(next);
      level = next;
      count = up;
    }
  }

  root(): Uint8Array {
    return this.levels[this.levels.length - 1]!.slice(0, NODE);
  }

  /** The leaf hash at `index` (a view into the tree). */
  leaf(index: number): Uint8Array {
    return this.levels[0]!.subarray(index * NODE, (index + 1) * NODE);
  }

  /** RFC 9162 §2.1.3.1 PATH(m, D[n]), from the leaf up, as one concatenation of 32-byte hashes. */
  inclusionProof(leafIndex: number): Uint8Array {
    const out = new Uint8Array(this.maxProofSize);
    return out.subarray(0, this.inclusionProofInto(leafIndex, out));
  }

  /** The bytes an inclusion proof of this tree may take at most. */
  get maxProofSize(): number {
    return (this.levels.length - 1) * NODE;
  }

  /**
   * inclusionProof written into `out` (maxProofSize bytes or more), its length returned: a large batch's
   * proofs made one after another without a buffer each.
   */
  inclusionProofInto(leafIndex: number, out: Uint8Array): number {
    if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= this.size) {
      throw new RangeError(`leaf ${leafIndex} is not in a tree of ${this.size}`);
    }
    let n = 0;
    let i = leafIndex;
    for (let l = 0; l < this.levels.length - 1; l++, i >>= 1) {
      const level = this.levels[l]!;
      const sibling = i ^ 1;
      if (sibling * NODE < level.length) {
        out.set(level.subarray(sibling * NODE, (sibling + 1) * NODE), n);
        n += NODE;
      }
    }
    return n;
  }
}
