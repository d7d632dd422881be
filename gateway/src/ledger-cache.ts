/**
 * Caches of what the verify path reads, kept until the ledger says otherwise (issue 16; DESIGN.md §4.6): a
 * locked record never changes, only its status does, and every status change is a chaincode event. So an
 * answer may be reused until an event (or this gateway's own submission, ledger/changes.ts) names its batch;
 * a change to certificates or trust anchors, or any doubt, drops everything.
 *
 * - Entries are indexed by batch, so an event drops only what it names.
 * - Nothing is stored unless the event subscriber is live (`setLive`), and a read that began before an
 *   invalidation of its batches (or of everything) is never stored after it (the token): a stale answer
 *   cannot outlive its event, while changes to other batches do not stop a read from being kept.
 * - Each entry also expires after `maxAgeMs` (a safety net for what no event announces: names shown beside
 *   the record); capacity-bounded, oldest out.
 * - In memory, per process: a restarted gateway starts empty.
 */
import type { LedgerChange } from './ledger/changes.ts';

export interface CacheStats {
  hits: number;
  misses: number;
  size: number;
}

interface Entry<V> {
  value: V;
  batchIds: readonly string[];
  at: number;
}

/** One cache: values by key, each tied to the batches whose status it depends on. */
export class BatchCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly byBatch = new Map<string, Set<string>>();
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly owner: LedgerCaches,
    private readonly capacity: number,
  ) {}

  /** The value, unless absent, expired, or the caches are not live. */
  get(key: string): V | undefined {
    const e = this.owner.isLive() ? this.entries.get(key) : undefined;
    if (!e || this.owner.now() - e.at > this.owner.maxAgeMs) {
      if (e) this.delete(key);
      this.misses++;
      return undefined;
    }
    this.hits++;
    return e.value;
  }

  /** Stores the value read under `token` (LedgerCaches.token), unless the ledger has changed since. */
  set(key: string, value: V, batchIds: readonly string[], token: number): void {
    if (this.capacity === 0 || !this.owner.mayStore(token, batchIds)) return;
    this.delete(key);
    this.entries.set(key, { value, batchIds, at: this.owner.now() });
    for (const b of batchIds) {
      const keys = this.byBatch.get(b) ?? new Set<string>();
      keys.add(key);
      this.byBatch.set(b, keys);
    }
    if (this.entries.size > this.capacity) this.delete(this.entries.keys().next().value!);
  }

  /** Drops every entry tied to one of these batches. */
  drop(batchIds: readonly string[]): void {
    for (const b of batchIds) for (const key of this.byBatch.get(b) ?? []) this.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.byBatch.clear();
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size };
  }

  private delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    for (const b of e.batchIds) {
      const keys = this.byBatch.get(b);
      keys?.delete(key);
      if (keys?.size === 0) this.byBatch.delete(b);
    }
  }
}

export interface LedgerCachesOptions {
  /** How long an entry may live at most, whatever the ledger says (0: caching off). */
  maxAgeMs: number;
  now?: () => number;
}

/** The caches invalidated by one ledger's changes, with the state they share. */
export class LedgerCaches {
  readonly maxAgeMs: number;
  readonly now: () => number;
  private readonly members: BatchCache<unknown>[] = [];
  /** Counts invalidations; a token is its value when a read began. */
  private generation = 0;
  /** The generation of the last change to everything, and of the last change naming each batch. */
  private lastAll = 0;
  private readonly lastDrop = new Map<string, number>();
  private live = false;
  private invalidations = 0;

  constructor(o: LedgerCachesOptions) {
    if (!(o.maxAgeMs >= 0)) throw new RangeError('maxAgeMs must be ≥ 0');
    this.maxAgeMs = o.maxAgeMs;
    this.now = o.now ?? Date.now;
  }

  /** A new cache of at most `capacity` entries, invalidated with the others. */
  cache<V>(capacity: number): BatchCache<V> {
    const c = new BatchCache<V>(this, this.maxAgeMs === 0 ? 0 : capacity);
    this.members.push(c as BatchCache<unknown>);
    return c;
  }

  isLive(): boolean {
    return this.live;
  }

  /** Taken before a read whose result may be stored: `set` refuses it if the ledger changed meanwhile. */
  token(): number {
    return this.generation;
  }

  /** Whether a value read under `token` about these batches is still what the ledger says. */
  mayStore(token: number, batchIds: readonly string[]): boolean {
    return this.live && this.lastAll <= token && batchIds.every((b) => (this.lastDrop.get(b) ?? 0) <= token);
  }

  /**
   * Whether the event subscriber follows the ledger. Not live: everything is dropped and nothing is stored
   * (a broken stream may have missed events).
   */
  setLive(live: boolean): void {
    if (!live) this.apply({ kind: 'all' });
    this.live = live;
  }

  /** Drops what a ledger change names. */
  apply(change: LedgerChange): void {
    if (change.kind === 'none') return;
    this.generation++;
    this.invalidations++;
    // A read racing with the change is refused by mayStore: by batch, or all when everything changed (or
    // when the per-batch record has grown large: then forgetting it is the safe side).
    if (change.kind === 'all' || this.lastDrop.size > 100_000) {
      this.lastAll = this.generation;
      this.lastDrop.clear();
    } else for (const b of change.batchIds) this.lastDrop.set(b, this.generation);
    for (const c of this.members) {
      if (change.kind === 'all') c.clear();
      else c.drop(change.batchIds);
    }
  }

  stats(): { live: boolean; invalidations: number } {
    return { live: this.live, invalidations: this.invalidations };
  }
}
