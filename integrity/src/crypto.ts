/**
 * The one crypto seam of integrity/. Hashes come from @noble/hashes: synchronous (a Merkle tree of 10⁶
 * leaves cannot await Web Crypto once per node), audited, and identical in Node, chaincode and browsers.
 * Randomness and the asymmetric operations of CMS use Web Crypto (globalThis.crypto), present in all three.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

export const HASH_SIZE = 32;

export function sha256(...parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return nobleSha256(parts[0]!);
  const h = nobleSha256.create();
  for (const p of parts) h.update(p);
  return h.digest();
}

export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  return hmac(nobleSha256, key, message);
}

/** A record's field salts in one buffer: field i's salt is bytes[at[i] .. at[i] + 32). */
export interface PackedSalts {
  readonly bytes: Uint8Array;
  readonly at: ArrayLike<number>;
}

/**
 * A SHA-256 implementation, passed explicitly to the commitment functions by a runtime that has a faster
 * one (the gateway: node:crypto). The results must be byte-identical to the default: it changes speed only.
 */
export interface HashImpl {
  sha256(...parts: Uint8Array[]): Uint8Array;
  /** HMAC-SHA-256 under one key for many messages: the key schedule is done once, in the factory. */
  hmacSha256Keyed(key: Uint8Array): (message: Uint8Array) => Uint8Array;
  /**
   * Optional: SHA-256(prefix ‖ UTF-8(text)), for a runtime that can encode the text straight into its input
   * buffer (each field hash would otherwise allocate its encoded bytes). Same bytes as sha256(prefix, utf8(text)).
   */
  sha256Text?(prefix: Uint8Array, text: string): Uint8Array;
  /**
   * Optional: the record digest (DESIGN.md §4.2) in one call. Field i's hash is SHA-256(salt i ‖
   * UTF-8(texts[i])), its 32-byte salt packed in `salts`; with the `hashes` given (field hashes already made: a disclosure's hidden ones), all
   * of them are sorted bytewise, concatenated and hashed once. Same bytes as hashing each field by sha256
   * and sorting the results; a runtime whose digests are cheaper as strings (node:crypto's latin1 output,
   * which sorts as its bytes do) keeps them so until the last hash.
   */
  recordDigest?(salts: PackedSalts, texts: readonly string[], hashes: readonly Uint8Array[]): Uint8Array;
}

/** The default, portable implementation (@noble/hashes), used wherever no other is passed. */
export const NOBLE_HASH: HashImpl = {
  sha256,
  hmacSha256Keyed(key) {
    const keyed = hmac.create(nobleSha256, key);
    return (message) => keyed.clone().update(message).digest();
  },
};

export function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  globalThis.crypto.getRandomValues(out);
  return out;
}

/** Web Crypto's subtle interface, for pkijs and key handling. */
export function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('Web Crypto (globalThis.crypto.subtle) is not available in this runtime');
  return s;
}
