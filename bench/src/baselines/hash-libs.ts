/**
 * SHA-256 of the same canonical record bytes by three implementations: @noble/hashes (synchronous, pure
 * JS: what integrity/ uses), node:crypto's createHash (native, Node only) and Web Crypto's
 * crypto.subtle.digest (native, but asynchronous: awaited one at a time, or in Promise.all batches).
 */
import { createHash } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { type Repetitions, repeat, type Timing } from '../measure.ts';

export const HASH_LIBS = {
  noble: '@noble/hashes sha256 (sync, pure JS)',
  nodeCrypto: 'node:crypto createHash (sync, native, Node only)',
  webcryptoSerial: 'Web Crypto subtle.digest, awaited one by one',
  webcryptoBatch100: 'Web Crypto subtle.digest, Promise.all batches of 100',
  webcryptoBatch1000: 'Web Crypto subtle.digest, Promise.all batches of 1 000',
  webcryptoAll: 'Web Crypto subtle.digest, one Promise.all over all',
} as const;
export type HashLib = keyof typeof HASH_LIBS;

const subtle = globalThis.crypto.subtle;

async function webcryptoBatches(inputs: readonly Uint8Array[], batch: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (let i = 0; i < inputs.length; i += batch) {
    const digests = await Promise.all(
      inputs.slice(i, i + batch).map((b) => subtle.digest('SHA-256', b as Uint8Array<ArrayBuffer>)),
    );
    for (const d of digests) out.push(new Uint8Array(d));
  }
  return out;
}

const RUNNERS: Record<HashLib, (inputs: readonly Uint8Array[]) => Uint8Array[] | Promise<Uint8Array[]>> = {
  noble: (inputs) => inputs.map((b) => sha256(b)),
  nodeCrypto: (inputs) => inputs.map((b) => createHash('sha256').update(b).digest()),
  webcryptoSerial: async (inputs) => {
    const out: Uint8Array[] = [];
    for (const b of inputs)
      out.push(new Uint8Array(await subtle.digest('SHA-256', b as Uint8Array<ArrayBuffer>)));
    return out;
  },
  webcryptoBatch100: (inputs) => webcryptoBatches(inputs, 100),
  webcryptoBatch1000: (inputs) => webcryptoBatches(inputs, 1000),
  webcryptoAll: (inputs) => webcryptoBatches(inputs, inputs.length),
};

const equal = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Times each implementation over `inputs` (median of its runs) and checks that all agree with noble. */
export async function compareHashLibs(
  inputs: readonly Uint8Array[],
  reps: Repetitions,
): Promise<Record<HashLib, Timing>> {
  const reference = RUNNERS.noble(inputs) as Uint8Array[];
  const out = {} as Record<HashLib, Timing>;
  for (const lib of Object.keys(HASH_LIBS) as HashLib[]) {
    let last: Uint8Array[] = [];
    out[lib] = await repeat(inputs.length, reps, async () => {
      const t0 = performance.now();
      last = await RUNNERS[lib](inputs);
      return performance.now() - t0;
    });
    if (last.length !== reference.length || !last.every((d, i) => equal(d, reference[i]!))) {
      throw new Error(`${lib} disagrees with @noble/hashes`);
    }
  }
  return out;
}
