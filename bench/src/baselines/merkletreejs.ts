/**
 * merkletreejs 0.6 as a baseline, in three configurations:
 *  - `default`: `new MerkleTree(leaves)`, all options and the hash function left at the library's defaults
 *    (crypto-js SHA256; odd nodes carried up, no duplication; no domain separation);
 *  - `defaultNoble`: the same default options with @noble/hashes' sha256 (wrapped to return a Buffer) as
 *    hashFn, which separates the cost of the hash function from the cost of the tree code;
 *  - `rfc9162`: RFC 9162 as merkletreejs can express it: the leaves are our pre-hashed RFC 9162 leaf
 *    hashes, the concatenator prefixes 0x01, duplicateOdd false, noble sha256. Its root must equal ours.
 * Proofs are taken with `getProof(leaf, index)`: without the index, getProof scans every leaf for the
 * matching one, which makes proofs for all leaves quadratic.
 */
import { Buffer } from 'node:buffer';
import { sha256 } from '@noble/hashes/sha2.js';
import { MerkleTree } from 'merkletreejs';

export const MERKLETREEJS_CONFIGS = {
  default: 'merkletreejs, default options and hash (crypto-js SHA256)',
  defaultNoble: 'merkletreejs, default options, noble sha256',
  rfc9162: 'merkletreejs, RFC 9162 config (0x01 ‖ l ‖ r), noble sha256',
} as const;
export type MerkletreejsConfig = keyof typeof MERKLETREEJS_CONFIGS;

export function nobleSha256Buffer(data: Buffer): Buffer {
  const h = sha256(data);
  return Buffer.from(h.buffer, h.byteOffset, h.byteLength);
}

const NODE_PREFIX = Buffer.from([0x01]);
const rfc9162Concatenator = (inputs: Buffer[]): Buffer => Buffer.concat([NODE_PREFIX, ...inputs]);

export function buildMerkletreejs(config: MerkletreejsConfig, leaves: Buffer[]): MerkleTree {
  switch (config) {
    case 'default':
      return new MerkleTree(leaves);
    case 'defaultNoble':
      return new MerkleTree(leaves, nobleSha256Buffer);
    case 'rfc9162':
      return new MerkleTree(leaves, nobleSha256Buffer, {
        concatenator: rfc9162Concatenator,
        duplicateOdd: false,
        hashLeaves: false,
      });
  }
}

/** Buffer views of the leaf hashes (no copy), as merkletreejs wants them. */
export function toBuffers(leaves: readonly Uint8Array[]): Buffer[] {
  return leaves.map((l) => Buffer.from(l.buffer, l.byteOffset, l.byteLength));
}
