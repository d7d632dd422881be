/**
 * A memo of verification reports. Apart from its `checkedAt`, a report is a pure function of three inputs
 * (integrity's verifyBundle): the bundle, the trust anchors and the ledger's AnchorView of the record — the
 * clock only stamps it. The key is the SHA-256 of all three, so a cached report is only ever reused for the
 * very same inputs: what the ledger said comes from the verify caches (plugins/app/ledger-cache.ts), which
 * drop a record's view when an event names its batch, and any change there is a different key. What it saves is the expensive
 * part — the CMS signature and the certificate chain checks, the disclosure's field hashes — when the same
 * record is verified again (a QR code scanned by many, a bulk call with repeats).
 *
 * Bounded (least recently used out), per gateway process. A remembered report is frozen and handed out
 * with its own `checkedAt`: a caller that tried to change it would throw, never change the memo.
 */
import { createHash } from 'node:crypto';
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

export class ReportCache {
  private readonly entries = new Map<string, Omit<VerificationReport, 'checkedAt'>>();
  private hits = 0;
  private misses = 0;

  constructor(private readonly capacity = 10_000) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError('capacity must be ≥ 0');
  }

  static key(i: ReportCacheInputs): string {
    const h = createHash('sha256');
    // Length-prefixed parts: no two different inputs concatenate to the same bytes.
    const part = (s: string | Uint8Array) => {
      h.update(`${typeof s === 'string' ? Buffer.byteLength(s) : s.length}:`);
      h.update(s);
    };
    part(JSON.stringify(i.bundle) ?? 'undefined');
    part(JSON.stringify(i.anchor));
    part(String(i.trustAnchors.length));
    for (const t of i.trustAnchors) part(t);
    return h.digest('base64');
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
    const key = ReportCache.key(inputs);
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
    const report = await compute();
    const { checkedAt: _at, ...rest } = report;
    this.entries.set(key, deepFreeze(structuredClone(rest)));
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return report;
  }

  stats(): ReportCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size };
  }
}
