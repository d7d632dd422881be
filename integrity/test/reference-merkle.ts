/**
 * RFC 9162 §2.1 transcribed literally (recursive MTH, PATH, SUBPROOF), slow and obviously right: the tree of
 * integrity/src is checked against it.
 */

import { sha256 } from '../src/crypto.ts';
import { leafHash, nodeHash } from '../src/merkle/hasher.ts';

function k(n: number): number {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
}

export function refRoot(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256(new Uint8Array(0));
  if (leaves.length === 1) return leafHash(leaves[0]!);
  const s = k(leaves.length);
  return nodeHash(refRoot(leaves.slice(0, s)), refRoot(leaves.slice(s)));
}

export function refPath(m: number, leaves: Uint8Array[]): Uint8Array[] {
  const n = leaves.length;
  if (n === 1) return [];
  const s = k(n);
  return m < s
    ? [...refPath(m, leaves.slice(0, s)), refRoot(leaves.slice(s))]
    : [...refPath(m - s, leaves.slice(s)), refRoot(leaves.slice(0, s))];
}

export function refProof(m: number, leaves: Uint8Array[]): Uint8Array[] {
  return subproof(m, leaves, true);
}

function subproof(m: number, leaves: Uint8Array[], b: boolean): Uint8Array[] {
  const n = leaves.length;
  if (m === n) return b ? [] : [refRoot(leaves)];
  const s = k(n);
  return m <= s
    ? [...subproof(m, leaves.slice(0, s), b), refRoot(leaves.slice(s))]
    : [...subproof(m - s, leaves.slice(s), false), refRoot(leaves.slice(0, s))];
}
