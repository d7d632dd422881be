/**
 * A memo of verification reports. Apart from its `checkedAt`, a report is a pure function of three inputs
 * (integrity's verifyBundle): the bundle, the trust anchors and the ledger's AnchorView of the record — the
 * clock only stamps it. The key is the SHA-256 of all three, so a cached report is only ever reused for the
 * very same inputs: what the ledger said comes from the verify caches (plugins/app/ledger-cache.ts), which
 * drop a record's view when an event names its batch, and any change there is a different key. What it saves is the expensive
 * part — the CMS signature and the certificate chain checks, the disclosure's field hashes — when the same
 * record is verified again (a QR code scanned by many, a bulk call with repeats).
 *
 * Bounded (least recently used out), per gateway process. A report is frozen when computed and handed out
 * with its own `checkedAt`: a caller that tried to change it would throw, never change the memo.
 *
 * Inputs that cannot change (`immutable`: the bundle of a body already validated, a ledger view the verify
 * caches hold, the trust anchors they hold) are keyed once per combination of those very objects, not
 * stringified and hashed on every request (issue 16: that was 13% of POST /v1/verify/bundle's time).
 */
import { createHash, hash } from 'node:crypto';
import type { AnchorView, VerificationReport } from '@hocba/integrity';

export interface ReportCacheInputs {
  /** The bundle as received (any JSON). */
  bundle: unknown;
  trustAnchors: readonly Uint8Array[];
  anchor: AnchorView;
}

export interface ReportCacheStats {
  hits: number;
  misses: number;
  size: number;
}

/** Freezes a plain JSON-like value and everything in it: a remembered report cannot be changed by a caller. */
function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** Values deep-frozen by `immutable`: their content is fixed by their identity. */
const immutables = new WeakSet<object>();

/**
 * Deep-freezes a plain JSON-like value (or freezes an array of byte strings, which cannot be frozen
 * themselves and are never handed out) and marks it: the memo may key it by identity from then on.
 */
export function immutable<T extends object>(v: T): T {
  if (Array.isArray(v) && v.every((x) => x instanceof Uint8Array)) Object.freeze(v);
  else deepFreeze(v);
  immutables.add(v);
  return v;
}

/** Bundles a route has validated with integrity's ProofBundle schema (zod's output, so exactly its type). */
const parsedBundles = new WeakSet<object>();

/**
 * Marks a body's bundle as integrity's ProofBundle.safeParse output, so that the verifier goes straight to
 * verifyRecord instead of verifyBundle parsing it a second time (issue 16: a thousand bundles of a bulk call
 * were parsed twice). The bundle must not be changed afterwards.
 */
export function markParsedBundle<T extends object>(bundle: T): T {
  parsedBundles.add(bundle);
  return bundle;
}

export const isParsedBundle = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && parsedBundles.has(v);

const isImmutable = (v: unknown) => typeof v === 'object' && v !== null && immutables.has(v);

/** The digests of immutable trust-anchor sets: the same set for every bundle of a call. */
const trustDigests = new WeakMap<object, string>();
/** SHA-256 (base64, 44 characters) of the trust anchors, length-prefixed. */
function trustDigest(trust: readonly Uint8Array[]): string {
  const known = trustDigests.get(trust);
  if (known !== undefined) return known;
  const h = createHash('sha256');
  h.update(`${trust.length}:`);
  for (const t of trust) {
    h.update(`${t.length}:`);
    h.update(t);
  }
  const digest = h.digest('base64');
  if (isImmutable(trust)) trustDigests.set(trust, digest);
  return digest;
}

export class ReportCache {
  private readonly entries = new Map<string, Omit<VerificationReport, 'checkedAt'>>();
  /** The key of an immutable bundle, with the immutable anchor and trust anchors it was computed with. */
  private readonly keys = new WeakMap<object, { anchor: object; trust: object; key: string }>();
  private hits = 0;
  private misses = 0;

  constructor(private readonly capacity = 10_000) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError('capacity must be ≥ 0');
  }

  /**
   * SHA-256 of the inputs, in one call (issue 16: a Hash object and an update per part, and the UTF-8 length
   * of each, were half of the key's time). The JSON texts are length-prefixed by their UTF-16 length: being
   * JSON.stringify's, they are well-formed, so their UTF-8 bytes, and the whole, tell them apart. The trust
   * anchors come last as their own digest, of a fixed length.
   */
  static key(i: ReportCacheInputs): string {
    const bundle = JSON.stringify(i.bundle) ?? 'undefined';
    const anchor = JSON.stringify(i.anchor) ?? 'undefined';
    const text = `${bundle.length}:${bundle}${anchor.length}:${anchor}${trustDigest(i.trustAnchors)}`;
    return hash('sha256', text, 'base64');
  }

  /**
   * The report for these inputs, computed by `compute` unless a report for the very same inputs is
   * remembered; stamped `now` either way.
   */
  async report(
    inputs: ReportCacheInputs,
    now: Date,
    compute: () => Promise<VerificationReport>,
  ): Promise<VerificationReport> {
    if (this.capacity === 0) return compute();
    const key = this.keyOf(inputs);
    const cached = this.entries.get(key);
    if (cached) {
      this.hits++;
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, cached);
      // Frozen when stored: handed out as it is, with its own checkedAt (no copy per request).
      return { ...cached, checkedAt: now.toISOString() };
    }
    this.misses++;
    const { checkedAt, ...rest } = await compute();
    // The fresh report itself, frozen (no copy): handed out as a remembered one is, with its checkedAt.
    const frozen = deepFreeze(rest);
    this.entries.set(key, frozen);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return { ...frozen, checkedAt };
  }

  /** ReportCache.key, computed once for the same immutable inputs. */
  keyOf(i: ReportCacheInputs): string {
    const { bundle, anchor, trustAnchors: trust } = i;
    if (!isImmutable(bundle) || !isImmutable(anchor) || !isImmutable(trust)) return ReportCache.key(i);
    const known = this.keys.get(bundle as object);
    if (known && known.anchor === anchor && known.trust === trust) return known.key;
    const key = ReportCache.key(i);
    this.keys.set(bundle as object, { anchor, trust, key });
    return key;
  }

  stats(): ReportCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size };
  }
}
