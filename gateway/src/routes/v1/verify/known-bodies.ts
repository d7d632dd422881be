/**
 * Bodies already read and validated, by the SHA-256 of their bytes (issue 16). The same bytes always parse
 * to the same JSON and pass the same schema to the same value, so a body seen before is handed out as the
 * value it was validated to, without decoding, parsing or validating it again: that was a third of
 * POST /v1/verify/bundle's time (JSON parse, zod, and the report memo's stringify of the bundle). The values
 * are deep-frozen (verify-cache.ts `immutable`): shared by requests, never changed by one. Bounded, least
 * recently used out.
 */
import { createHash } from 'node:crypto';

export class KnownBodies<T extends object> {
  private readonly entries = new Map<string, T>();
  private readonly values = new WeakSet<object>();

  constructor(private readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError('capacity must be ≥ 0');
  }

  /** The key of a body: SHA-256 of its bytes, exactly as received. */
  static key(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('base64');
  }

  get(key: string): T | undefined {
    const v = this.entries.get(key);
    if (v === undefined) return undefined;
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, v);
    return v;
  }

  /** Remembers `value` (deep-frozen by the caller) as what the bytes of `key` validate to. */
  set(key: string, value: T): void {
    if (this.capacity === 0) return;
    this.entries.set(key, value);
    this.values.add(value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Whether `value` is one this memo handed out (so already validated). */
  has(value: unknown): boolean {
    return typeof value === 'object' && value !== null && this.values.has(value);
  }
}
