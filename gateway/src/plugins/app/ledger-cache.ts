/**
 * The verify path's caches (ledger-cache.ts) and the follower that keeps them true: from the app's start it
 * reads the ledger's chaincode events from the current height on and drops what each names
 * (ledger/changes.ts). The caches hold nothing until the follower is live; a broken stream clears them and
 * they stay off until it is reopened from a fresh height (a second later). A ledger client that cannot tell
 * its height leaves them off: every verification then reads the ledger, as before.
 *
 * - `views`: integrity's AnchorView of one record (batch, leaf), as the ledger answered it;
 * - `trust`: the active trust anchors (one entry);
 * - `lookups`: the public lookup's answer per lookup code (routes/v1/verify/lookup.ts).
 */
import type { AnchorView } from '@hocba/integrity';
import fp from 'fastify-plugin';
import { changeOfEvent } from '../../ledger/changes.ts';
import type { BatchCache, LedgerCaches } from '../../ledger-cache.ts';
import type { LookupCacheEntry } from '../../lookup/answer-cache.ts';

export interface TrustAnchorSet {
  pems: string[];
  ders: Uint8Array[];
}

export interface VerifyCaches {
  caches: LedgerCaches;
  views: BatchCache<AnchorView>;
  trust: BatchCache<TrustAnchorSet>;
  lookups: BatchCache<LookupCacheEntry>;
}

export interface LedgerCachePluginOptions {
  caches: LedgerCaches;
  /** Entries of each cache at most. */
  capacity: { views: number; lookups: number };
  /** Pause before a broken event stream is reopened (default 1 s). */
  retryMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    verifyCaches: VerifyCaches;
  }
}

export default fp<LedgerCachePluginOptions>(
  async (fastify, o) => {
    const { ledger } = fastify;
    const { caches } = o;
    fastify.decorate('verifyCaches', {
      caches,
      views: caches.cache<AnchorView>(o.capacity.views),
      trust: caches.cache<TrustAnchorSet>(1),
      lookups: caches.cache<LookupCacheEntry>(o.capacity.lookups),
    } satisfies VerifyCaches);

    let stopped = false;
    let stream: { close(): void } | undefined;
    let wake: (() => void) | undefined;
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    const follow = async () => {
      if (!ledger.height || caches.maxAgeMs === 0) return;
      while (!stopped) {
        try {
          const from = await ledger.height();
          const s = ledger.events(from, { resume: false });
          stream = s;
          if (stopped) break;
          // From `from` on, every change reaches the caches: a read begun now cannot miss its event.
          caches.setLive(true);
          fastify.log.info({ fromBlock: from }, 'verify caches on: following the ledger’s events');
          for await (const e of s) caches.apply(changeOfEvent(e.eventName, e.payload));
        } catch (err) {
          if (!stopped) fastify.log.warn({ err }, 'ledger events broken: verification caches cleared');
        }
        caches.setLive(false);
        stream?.close();
        if (!stopped) await pause(o.retryMs ?? 1000);
      }
    };
    let following: Promise<void> | undefined;
    fastify.addHook('onReady', async () => {
      following = follow();
    });
    // Registered after the ledger plugin: closed before the ledger is.
    fastify.addHook('onClose', async () => {
      stopped = true;
      caches.setLive(false);
      stream?.close();
      wake?.();
      await following;
    });
  },
  { name: 'ledger-cache', fastify: '5.x', dependencies: ['ledger'] },
);
