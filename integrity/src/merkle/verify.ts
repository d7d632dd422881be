/**
 * Proof verification, RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency). Shape is checked first
 * (index < size, hash lengths, proof length), then the root is computed and compared; a mismatch carries
 * the expected and calculated roots.
 */
import { constantTimeEqual, toHex } from '../bytes.ts';
import { HASH_SIZE } from '../crypto.ts';
import { IntegrityError } from '../errors.ts';
import { nodeHash } from './hasher.ts';

function checkHash(h: unknown, what: string): asserts h is Uint8Array {
  if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) {
    throw new IntegrityError('MERKLE_BAD_HASH', `${what} must be a ${HASH_SIZE}-byte hash`);
  }
}

function checkProof(proof: readonly Uint8Array[], expectedLength: number): void {
  if (proof.length !== expectedLength) {
    throw new IntegrityError(
      'MERKLE_PROOF_LENGTH',
      `the proof has ${proof.length} hashes, expected ${expectedLength}`,
      {
        details: { length: proof.length, expected: expectedLength },
      },
    );
  }
  for (const [i, h] of proof.entries()) checkHash(h, `proof element ${i}`);
}

function checkSize(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new IntegrityError('MERKLE_BAD_SIZE', `${what} must be a size`);
}

/** Number of hashes in PATH(m, D[n]): one per level where the node on the path has a sibling. */
function inclusionProofLength(index: number, size: number): number {
  let length = 0;
  for (let fn = index, sn = size - 1; sn > 0; fn = Math.floor(fn / 2), sn = Math.floor(sn / 2)) {
    if (fn % 2 === 1 || fn !== sn) length++;
  }
  return length;
}

/** The root that an inclusion proof leads to (§2.1.3.2 steps 1–5). */
export function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array {
  checkSize(treeSize, 'tree size');
  if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= treeSize) {
    throw new IntegrityError(
      'MERKLE_INDEX_OUT_OF_RANGE',
      `leaf ${leafIndex} is not in a tree of ${treeSize}`,
      {
        details: { leafIndex, treeSize },
      },
    );
  }
  checkHash(leaf, 'the leaf hash');
  checkProof(proof, inclusionProofLength(leafIndex, treeSize));
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return r;
}

function compareRoots(calculated: Uint8Array, expected: Uint8Array): void {
  if (!constantTimeEqual(calculated, expected)) {
    throw new IntegrityError('MERKLE_ROOT_MISMATCH', 'the proof does not lead to the expected root', {
      details: { expected: toHex(expected), calculated: toHex(calculated) },
    });
  }
}

export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  checkHash(root, 'the root');
  compareRoots(rootFromInclusionProof(leafIndex, treeSize, leaf, proof), root);
}

/** Verifies that the tree of oldSize with oldRoot is a prefix of the tree of newSize with newRoot (§2.1.4.2). */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): void {
  checkSize(oldSize, 'the old size');
  checkSize(newSize, 'the new size');
  checkHash(oldRoot, 'the old root');
  checkHash(newRoot, 'the new root');
  if (oldSize < 1 || oldSize > newSize) {
    throw new IntegrityError('MERKLE_BAD_SIZE', `no consistency proof from size ${oldSize} to ${newSize}`, {
      details: { oldSize, newSize },
    });
  }
  if (oldSize === newSize) {
    checkProof(proof, 0);
    compareRoots(oldRoot, newRoot);
    return;
  }
  // Step 1: when oldSize is a power of two, the old root itself starts the path.
  const path = (oldSize & (oldSize - 1)) === 0 ? [oldRoot, ...proof] : [...proof];
  checkProof(path, consistencyProofLength(oldSize, newSize) + ((oldSize & (oldSize - 1)) === 0 ? 1 : 0));
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) throw new IntegrityError('MERKLE_PROOF_LENGTH', 'the consistency proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new IntegrityError('MERKLE_PROOF_LENGTH', 'the consistency proof is too short');
  compareRoots(fr, oldRoot);
  compareRoots(sr, newRoot);
}

/** Length of PROOF(m, D[n]) as the tree produces it (without the old root for a power-of-two m). */
function consistencyProofLength(m: number, n: number): number {
  let length = 0;
  let b = true;
  let size = n;
  let mm = m;
  for (;;) {
    if (mm === size) return b ? length : length + 1;
    let k = 1;
    while (k * 2 < size) k *= 2;
    length++;
    if (mm <= k) size = k;
    else {
      mm -= k;
      size -= k;
      b = false;
    }
  }
}
