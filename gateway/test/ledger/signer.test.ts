/**
 * The identities' signer (ledger/signer.ts), checked by node:crypto as a peer would check it: the signature
 * of a message's SHA-256 digest verifies over the message, is DER, and has a low S — over many signatures,
 * so that half of them needed the normalisation.
 */
import { createHash, generateKeyPairSync, KeyObject, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signerFromPrivateKey, signingIdentity } from '../../src/ledger/index.ts';

const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const sha256 = (m: Uint8Array) => new Uint8Array(createHash('sha256').update(m).digest());

/** r and s of a DER ECDSA-Sig-Value, refusing anything but the strict encoding. */
function parseDer(sig: Uint8Array): { r: bigint; s: bigint } {
  expect(sig[0]).toBe(0x30);
  expect(sig[1]).toBe(sig.length - 2);
  let at = 2;
  const int = () => {
    expect(sig[at]).toBe(0x02);
    const len = sig[at + 1]!;
    const body = sig.subarray(at + 2, at + 2 + len);
    // Minimal: no leading zero unless the next byte's high bit is set; never negative.
    expect(body[0]! & 0x80).toBe(0);
    if (body[0] === 0) expect(body[1]! & 0x80).not.toBe(0);
    at += 2 + len;
    return BigInt(`0x${Buffer.from(body).toString('hex')}`);
  };
  const r = int();
  const s = int();
  expect(at).toBe(sig.length);
  return { r, s };
}

describe('signerFromPrivateKey', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  it('signs the digest so that the message verifies, from a PEM, a SEC 1 PEM, a KeyObject or a CryptoKey', async () => {
    const webKeys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const keys: [string | CryptoKey | KeyObject, KeyObject][] = [
      [privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicKey],
      [privateKey.export({ type: 'sec1', format: 'pem' }) as string, publicKey],
      [privateKey, publicKey],
      [webKeys.privateKey, KeyObject.from(webKeys.publicKey)],
    ];
    const message = new TextEncoder().encode('a proposal of batch:anchorBatch');
    for (const [key, pub] of keys) {
      const sig = await signerFromPrivateKey(key)(sha256(message));
      expect(verify('sha256', message, pub, sig)).toBe(true);
      expect(verify('sha256', new TextEncoder().encode('another proposal'), pub, sig)).toBe(false);
    }
  });

  it('always returns a strict DER signature with s ≤ n/2, which verifies', async () => {
    const sign = signerFromPrivateKey(privateKey);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 512 }), async (message) => {
        const sig = await sign(sha256(message));
        const { r, s } = parseDer(sig);
        expect(r > 0n && r < N).toBe(true);
        expect(s > 0n && s <= N / 2n).toBe(true);
        expect(verify('sha256', message, publicKey, sig)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses keys of another curve or algorithm, and anything but a SHA-256 digest', async () => {
    for (const other of [
      generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey,
      generateKeyPairSync('ed25519').privateKey,
    ]) {
      expect(() => signerFromPrivateKey(other)).toThrow(/P-256/);
    }
    await expect(signerFromPrivateKey(privateKey)(new Uint8Array(48))).rejects.toThrow(/32 bytes/);
  });

  it('makes a LedgerIdentity from an enrolment: its certificate and a signer, not the key', () => {
    const identity = signingIdentity({ mspId: 'DoetMSP', certificate: 'PEM', privateKey });
    expect(Object.keys(identity).sort()).toEqual(['certificate', 'mspId', 'sign']);
  });
});
