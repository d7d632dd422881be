/**
 * The CMS signature and certificate chain checks of the verification report, memoized by their exact input
 * bytes (issue 16: a bulk call of a thousand bundles of one batch carries one signature; checking it a
 * thousand times was most of the first call's time). Both checks are pure functions of their inputs:
 * `verifyCmsSignature` of the content (the manifest's bytes), the CMS and the extra certificates;
 * `verifySignerCertificate` of the signer's certificate, the candidates, the trust anchors and the signing
 * time. The key holds every one of them, so a memoized answer is only ever reused for the very same inputs;
 * what can change (a revoked registration, a recalled batch, a retired trust anchor) is not an input here:
 * it comes from the ledger's view and the trust-anchor set, which the report reads afresh (a changed set is
 * a different key).
 *
 * Promises are kept, so that the concurrent bundles of one call wait for one check. A refusal
 * (IntegrityError) is as much an answer as a pass and is kept; any other failure is a bug or a lost
 * resource and is forgotten. Bounded, least recently used out, per gateway process.
 */
import { createHash } from 'node:crypto';
import { isIntegrityError, type VerifyOptions } from '@hocba/integrity';

export type SignatureChecks = NonNullable<VerifyOptions['checks']>;

class PromiseMemo<T> {
  private readonly entries = new Map<string, Promise<T>>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity: number) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const known = this.entries.get(key);
    if (known) {
      this.hits++;
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    this.misses++;
    const p = compute();
    this.entries.set(key, p);
    p.catch((e: unknown) => {
      if (!isIntegrityError(e) && this.entries.get(key) === p) this.entries.delete(key);
    });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return p;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** SHA-256 of length-prefixed parts: no two different lists of parts give the same bytes. */
function keyOf(parts: readonly (Uint8Array | string)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(`${typeof p === 'string' ? `s${Buffer.byteLength(p)}` : `b${p.length}`}:`);
    h.update(p);
  }
  return h.digest('base64');
}

export interface SignatureMemoStats {
  hits: number;
  misses: number;
  size: number;
}

export interface SignatureMemo {
  checks: SignatureChecks;
  stats(): SignatureMemoStats;
}

/** The checks of `base` (integrity's), memoized; `capacity` answers of each kind at most. */
export function signatureMemo(base: SignatureChecks, capacity = 1000): SignatureMemo {
  const cms = new PromiseMemo<Awaited<ReturnType<SignatureChecks['verifyCmsSignature']>>>(capacity);
  const chains = new PromiseMemo<Awaited<ReturnType<SignatureChecks['verifySignerCertificate']>>>(capacity);
  const checks: SignatureChecks = {
    verifyCmsSignature: (o) => {
      const extra = o.certificates ?? [];
      const key = keyOf([o.content, o.cms, String(extra.length), ...extra]);
      // Frozen: shared by every report of the batch, none may change what another reads.
      return cms.get(key, () => base.verifyCmsSignature(o).then(freezeCms));
    },
    verifySignerCertificate: (o) => {
      const at = o.at.getTime();
      if (Number.isNaN(at)) return base.verifySignerCertificate(o);
      const key = keyOf([
        o.signerCertificate,
        String(at),
        String(o.intermediates.length),
        ...o.intermediates,
        String(o.trustAnchors.length),
        ...o.trustAnchors,
      ]);
      return chains.get(key, () =>
        base
          .verifySignerCertificate(o)
          .then((r) => Object.freeze({ chain: Object.freeze(r.chain) as Uint8Array[] })),
      );
    },
  };
  return {
    checks,
    stats: () => ({
      hits: cms.hits + chains.hits,
      misses: cms.misses + chains.misses,
      size: cms.size + chains.size,
    }),
  };
}

function freezeCms<T extends { certificates: Uint8Array[]; signingTime: Date }>(r: T): T {
  Object.freeze(r.certificates);
  return Object.freeze(r);
}
