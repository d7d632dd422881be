/**
 * node:crypto's SHA-256 and HMAC-SHA-256 in the shape integrity's commitment functions take as their
 * explicit hash parameter (integrity/src/crypto.ts HashImpl). integrity stays pure (no Node built-ins) and
 * defaults to @noble/hashes; the gateway passes this one where it hashes many records (lock, lookup),
 * because OpenSSL's SHA-256 is several times faster per call. The bytes are the same (a property test
 * checks it).
 */
import { hash } from 'node:crypto';
import type { PackedSalts } from '@hocba/integrity';

const SHA256_BLOCK = 64;
const SHA256_SIZE = 32;

/** One-shot SHA-256 (crypto.hash: no Hash object per call, which costs more than the hashing itself). */
const digest = (data: Uint8Array): Uint8Array => {
  const b = hash('sha256', data, 'buffer') as unknown as Buffer;
  // A plain Uint8Array view, so that callers see what noble gives.
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
};

/**
 * Concatenates into a reused scratch buffer (hashing is synchronous, so one is enough): the allocation of
 * a fresh array per field cost more than the hash. The view is only valid until the next call.
 */
let scratch = new Uint8Array(4096);
function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  if (n > scratch.length) scratch = new Uint8Array(Math.max(n, 2 * scratch.length));
  let at = 0;
  for (const p of parts) {
    scratch.set(p, at);
    at += p.length;
  }
  return scratch.subarray(0, n);
}

/** Several parts are concatenated and hashed at once: cheaper than a streaming Hash for small inputs. */
function sha256(...parts: Uint8Array[]): Uint8Array {
  return digest(parts.length === 1 ? parts[0]! : concat(parts));
}

/**
 * RFC 2104 HMAC over one-shot hashes, with the padded keys prepared once per record salt:
 * H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)).
 */
function hmacSha256Keyed(key: Uint8Array): (message: Uint8Array) => Uint8Array {
  const k = new Uint8Array(SHA256_BLOCK);
  k.set(key.length > SHA256_BLOCK ? digest(key) : key);
  const ipad = k.map((b) => b ^ 0x36);
  // The outer input has a fixed size: one buffer per key, its tail overwritten by each inner digest.
  const outer = new Uint8Array(SHA256_BLOCK + SHA256_SIZE);
  outer.set(
    k.map((b) => b ^ 0x5c),
    0,
  );
  return (message) => {
    outer.set(digest(concat([ipad, message])), SHA256_BLOCK);
    return digest(outer);
  };
}

/**
 * SHA-256(prefix ‖ UTF-8(text)) with the text encoded by Buffer#write straight into a reused scratch buffer:
 * a field hash then allocates nothing but its digest (TextEncoder would allocate the field's bytes, and
 * concat copy them again). A lone surrogate becomes U+FFFD in both encoders, so the bytes are the same.
 */
let textScratch = Buffer.allocUnsafe(4096);
function sha256Text(prefix: Uint8Array, text: string): Uint8Array {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  const most = prefix.length + 3 * text.length;
  if (most > textScratch.length) textScratch = Buffer.allocUnsafe(Math.max(most, 2 * textScratch.length));
  textScratch.set(prefix, 0);
  const n = textScratch.write(text, prefix.length, 'utf8');
  return digest(textScratch.subarray(0, prefix.length + n));
}

/**
 * The record digest in one call (integrity's HashImpl.recordDigest): each field hash is kept as the latin1
 * string of its bytes ('binary' is Node's name for latin1) — crypto.hash's string output costs a third of
 * its Buffer output (issue 16) — and the strings are sorted as strings, which is their bytes' order (each
 * UTF-16 code unit is one byte's value), then joined into one buffer for the last hash.
 */
function recordDigest(
  salts: PackedSalts,
  texts: readonly string[],
  hashes: readonly Uint8Array[],
): Uint8Array {
  const n = texts.length;
  const { bytes, at } = salts;
  const all = new Array<string>(n + hashes.length);
  for (let i = 0; i < n; i++) {
    const text = texts[i]!;
    const most = SHA256_SIZE + 3 * text.length;
    if (most > digestScratch.length) growDigestScratch(most);
    // The salt copied byte by byte: a view of it per field would cost more than the copy.
    const from = at[i]!;
    for (let k = 0; k < SHA256_SIZE; k++) digestScratch[k] = bytes[from + k]!;
    // encodeInto a view kept with the buffer: no Buffer#write wrapper, no view per call.
    const end = SHA256_SIZE + encoder.encodeInto(text, digestTail).written;
    // One view per input length, kept with the buffer: no view allocated per field.
    let view = viewsByLength[end];
    if (view === undefined) {
      view = digestScratch.subarray(0, end);
      viewsByLength[end] = view;
    }
    all[i] = hash('sha256', view, 'binary');
  }
  for (let j = 0; j < hashes.length; j++) {
    const h = hashes[j]!;
    all[n + j] = Buffer.from(h.buffer, h.byteOffset, h.byteLength).toString('latin1');
  }
  sortDigests(all);
  return digest(Buffer.from(all.join(''), 'latin1'));
}

const encoder = new TextEncoder();
let digestScratch = new Uint8Array(4096);
/** digestScratch after the salt: where each field's text is encoded. */
let digestTail = digestScratch.subarray(SHA256_SIZE);
/** digestScratch's first n bytes, at index n: views of the buffer, made once each. */
let viewsByLength: (Uint8Array | undefined)[] = [];
function growDigestScratch(most: number): void {
  digestScratch = new Uint8Array(Math.max(most, 2 * digestScratch.length));
  digestTail = digestScratch.subarray(SHA256_SIZE);
  viewsByLength = [];
}

/**
 * Sorts digests (latin1 strings) in place: distributed by their first byte, then an insertion sort that
 * only moves the few that share it. A record's ~92 random digests sort 3–4× faster so than by
 * Array#sort; a large set (a disclosure of many hidden fields) by Array#sort.
 */
const firstByte = new Int32Array(257);
let sortScratch: string[] = [];
function sortDigests(all: string[]): void {
  const n = all.length;
  if (n > 2048) {
    all.sort();
    return;
  }
  firstByte.fill(0);
  for (let i = 0; i < n; i++) firstByte[all[i]!.charCodeAt(0) + 1]! += 1;
  for (let b = 0; b < 256; b++) firstByte[b + 1]! += firstByte[b]!;
  if (sortScratch.length < n) sortScratch = new Array<string>(2 * n);
  const out = sortScratch;
  for (let i = 0; i < n; i++) {
    const c = all[i]!.charCodeAt(0);
    out[firstByte[c]!] = all[i]!;
    firstByte[c]! += 1;
  }
  for (let i = 0; i < n; i++) {
    const x = out[i]!;
    let j = i - 1;
    while (j >= 0 && all[j]! > x) {
      all[j + 1] = all[j]!;
      j--;
    }
    all[j + 1] = x;
  }
}

/** Pass as the last argument of commitRecord, commitCanonical, disclose, digestFromDisclosure, leafFromDisclosure. */
export const NODE_HASH = { sha256, hmacSha256Keyed, sha256Text, recordDigest } as const;
