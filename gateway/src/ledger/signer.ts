/**
 * A LedgerIdentity's `sign` from an ECDSA P-256 private key: what fabric-gateway calls a Signer. It gets
 * the SHA-256 digest of a proposal or transaction and returns an ASN.1 DER ECDSA signature with a low S
 * (s ≤ n/2), the only form Fabric's MSP accepts.
 *
 * Neither WebCrypto nor node:crypto signs a digest that is already computed (both hash the message
 * themselves), so the ECDSA equation is done here: node:crypto draws the nonce k as a fresh key pair and
 * computes k·G (the pair's public point) on the curve; what is left is arithmetic modulo the group order.
 * BigInt arithmetic is not constant-time: fine for the keys the gateway holds for development and tests;
 * an organisation's production key is signed with where it lives (an HSM), behind the same function.
 */
import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import type { LedgerIdentity } from './client.ts';

/** fabric-gateway's Signer: signs a SHA-256 digest, returns a DER ECDSA signature. */
export type Signer = (digest: Uint8Array) => Promise<Uint8Array>;

/** The order n of P-256's base point (SEC 2, secp256r1). */
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const HALF_N = N >> 1n;

const fromBase64url = (s: string): bigint =>
  BigInt(`0x${Buffer.from(s, 'base64url').toString('hex') || '0'}`);
const fromBytes = (b: Uint8Array): bigint => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);
const mod = (a: bigint): bigint => ((a % N) + N) % N;

function modPow(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % N;
    b = (b * b) % N;
  }
  return result;
}

/** The private scalar d and the curve of a key, however it came. */
function scalarOf(key: string | CryptoKey | KeyObject): bigint {
  const object =
    typeof key === 'string' ? createPrivateKey(key) : key instanceof KeyObject ? key : KeyObject.from(key);
  const jwk = object.export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d) {
    throw new TypeError('a Fabric signer needs an ECDSA P-256 private key');
  }
  return fromBase64url(jwk.d);
}

/** DER INTEGER: big-endian, minimal, with a leading zero when the high bit is set. */
function derInteger(v: bigint): Uint8Array {
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (Number.parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  const body = Buffer.from(hex, 'hex');
  return Uint8Array.from([0x02, body.length, ...body]);
}

/** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (at most 72 bytes for P-256: short lengths). */
function derSignature(r: bigint, s: bigint): Uint8Array {
  const body = [...derInteger(r), ...derInteger(s)];
  return Uint8Array.from([0x30, body.length, ...body]);
}

/**
 * `sign` for a LedgerIdentity from its private key: a PEM (PKCS#8 or SEC 1), a WebCrypto key or a
 * node:crypto KeyObject, of an ECDSA P-256 key.
 */
export function signerFromPrivateKey(key: string | CryptoKey | KeyObject): Signer {
  const d = scalarOf(key);
  return async (digest) => {
    if (digest.length !== 32) throw new TypeError('a Fabric signer signs a SHA-256 digest (32 bytes)');
    const z = fromBytes(digest);
    for (;;) {
      // A fresh nonce k and its point k·G, made by node:crypto on the curve.
      const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
      const k = fromBase64url(jwk.d!);
      const r = mod(fromBase64url(jwk.x!));
      if (r === 0n) continue;
      // s = k⁻¹ (z + r·d) mod n, with k⁻¹ = k^(n−2) (n is prime).
      let s = mod(modPow(k, N - 2n) * (z + r * d));
      if (s === 0n) continue;
      // (r, s) and (r, n − s) are both valid; Fabric accepts only the low one (no malleable signatures).
      if (s > HALF_N) s = N - s;
      return derSignature(r, s);
    }
  };
}

/** The identity the gateway submits with, from an enrolment: its certificate, and its key as `sign`. */
export function signingIdentity(e: {
  mspId: string;
  certificate: string;
  privateKey: string | CryptoKey | KeyObject;
}): LedgerIdentity {
  return { mspId: e.mspId, certificate: e.certificate, sign: signerFromPrivateKey(e.privateKey) };
}
