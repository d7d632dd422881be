/**
 * The commitments of one record as the gateway makes them at lock (issue 16): commitWith(LOCK_SALT_SCHEME)
 * — field salts from one AES-256-CTR keystream per record, node:crypto's one-shot SHA-256 — and, for
 * comparison, the HMAC field salts of before with the same hashes. The floor is the field hashes alone:
 * one SHA-256 per field over (fieldSalt ‖ JCS([pointer, value])), inputs prepared outside the timing — the
 * hashing no salt scheme can avoid, since a verifier recomputes exactly those — by the cheapest call node
 * has for it: the one-shot crypto.hash with a latin1 ('binary') string out (a third of the Buffer-out call:
 * no Buffer per digest), so that wrapDocuments / floor stays a true bound on the ratio.
 */
import { hash } from 'node:crypto';

// The two modules themselves, not the package entry: '@hocba/gateway' loads the whole app (Fastify, the
// database, the ledger) and this benchmark needs two pure functions of it (no package.json change here).
import { commitWith, LOCK_SALT_SCHEME, type SaltScheme } from '@hocba/gateway/salts';
import { flattenFields, utf8 } from '@hocba/integrity';
import { type Repetitions, repeat, type Timing } from './measure.ts';

export interface GatewayCommitments {
  /** The scheme new locks use. */
  scheme: SaltScheme;
  /** commitWith(LOCK_SALT_SCHEME): the leaf of each record. */
  keystream: Timing;
  /** commitWith('hmac-sha256'): the same with the HMAC field salts of before. */
  hmac: Timing;
  /** One SHA-256 per field over prepared inputs: the bound of the hashing. */
  fieldHashFloor: Timing & { fieldsPerRecord: number };
  /** flattenFields alone (NFC normalisation and the walk): the other work every scheme does. */
  flattenOnly: Timing;
}

let sink = 0;
export const gatewaySink = (): number => sink;

const FLOOR_CAP = 2_000;

export async function measureGatewayCommitments(
  records: readonly unknown[],
  salts: readonly Uint8Array[],
  rounds: Repetitions,
): Promise<GatewayCommitments> {
  const n = records.length;
  const commitAll = (scheme: SaltScheme) => () => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) sink ^= commitWith(scheme, records[i], salts[i]!).leaf[0]!;
    return performance.now() - t0;
  };
  const keystream = await repeat(n, rounds, commitAll(LOCK_SALT_SCHEME));
  const hmac = await repeat(n, rounds, commitAll('hmac-sha256'));

  const flattenOnly = await repeat(n, rounds, () => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) sink += flattenFields(records[i]).length;
    return performance.now() - t0;
  });

  // The floor's inputs: every field's (salt ‖ JCS([pointer, value])), built outside the timing.
  const k = Math.min(n, FLOOR_CAP);
  const inputs: Uint8Array[] = [];
  for (let i = 0; i < k; i++) {
    for (const f of flattenFields(records[i])) {
      const bytes = utf8(JSON.stringify([f.pointer, f.value]));
      const input = new Uint8Array(32 + bytes.length);
      input.set(salts[i]!, 0);
      input.set(bytes, 32);
      inputs.push(input);
    }
  }
  const floor = await repeat(k, { ...rounds, reps: Math.max(rounds.reps, 5) }, () => {
    const t0 = performance.now();
    for (const x of inputs) sink ^= hash('sha256', x, 'binary').charCodeAt(0);
    return performance.now() - t0;
  });
  return {
    scheme: LOCK_SALT_SCHEME,
    keystream,
    hmac,
    fieldHashFloor: { ...floor, fieldsPerRecord: inputs.length / k },
    flattenOnly,
  };
}
