/**
 * The verifier service: the report of each bundle computed by integrity's verifyBundle against what the
 * ledger says, read with the gateway's read-only identity. Within one call the trust anchors are read
 * once and each (batch, leaf) AnchorView once, so a bulk call of a thousand records of one class costs
 * a handful of ledger queries per distinct record, not per bundle. What the ledger said is kept in the
 * verify caches (plugins/app/ledger-cache.ts) until a chaincode event names the batch (or the trust anchors
 * or certificates change); reports are memoized (verify-cache.ts) by their full inputs, the ledger's view
 * included, so a status change on the ledger is a different report as soon as its event has dropped the view.
 */

import { batches } from '@hocba/db';
import {
  type AnchorView,
  type ProofBundle,
  pemToDer,
  type VerificationReport,
  verifyBundle,
} from '@hocba/integrity';
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../http-errors.ts';
import { type BlockMemo, LedgerError, readAnchorView, readTrustAnchors } from '../../ledger/index.ts';
import { immutable, ReportCache, type ReportCacheStats } from '../../verify-cache.ts';
import type { TrustAnchorSet } from './ledger-cache.ts';

/** A read that failed without a ledger code (connection refused, timeout): the ledger is unavailable. */
const unavailable = (e: unknown): never => {
  throw e instanceof LedgerError ? e : new ApiError('LEDGER_UNAVAILABLE', { cause: e });
};

export interface VerifierOptions {
  /** The time the reports are made at; tests pin it to the ledger's clock. */
  clock: () => Date;
  /** How many ledger reads run at once in a bulk call: enough to overlap, few enough for a real peer. */
  concurrency: number;
  /** Reports remembered for the very same inputs (verify-cache.ts); 0 turns the memo off. Default 10 000. */
  reportCacheSize?: number;
}

/** A report with the ledger facts it was computed against, which a client needs to recompute it. */
export interface CheckedBundle {
  report: VerificationReport;
  anchor: AnchorView;
  /** The active trust anchors on chain, PEM. */
  trustAnchors: string[];
}

export interface Verifier {
  /** The reports, in order; each logged on `log` (none: the caller writes its own line). */
  verify(bundles: readonly ProofBundle[], log?: FastifyBaseLogger): Promise<VerificationReport[]>;
  /** As verify(), for one bundle, with what the ledger said (the public lookup answers both). */
  check(bundle: ProofBundle, log?: FastifyBaseLogger): Promise<CheckedBundle>;
  /** Hits and misses of the report memo, for the benchmarks and the tests. */
  cacheStats(): ReportCacheStats;
  /** The time reports are made at. */
  now(): Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    verifier: Verifier;
  }
}

/** Runs `f` over `items` with at most `limit` in flight, keeping the order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export default fp<VerifierOptions>(
  async (fastify, o) => {
    const { ledger, ledgerReader: reader, ledgerChannel: channel, verifyCaches } = fastify;
    const { caches } = verifyCaches;
    const cache = new ReportCache(o.reportCacheSize ?? 10_000);
    // Blocks of anchoring transactions (immutable facts), so that a view costs one ledger query.
    const blocks: BlockMemo = new Map();
    // The block each anchor committed in, as recorded with it (batches.ledger_tx_id is unique, indexed).
    const knownBlock = async (txId: string) => {
      const [row] = await fastify.db
        .select({ blockNumber: batches.blockNumber })
        .from(batches)
        .where(eq(batches.ledgerTxId, txId));
      return row?.blockNumber ?? undefined;
    };
    /** The active trust anchors, from the cache or the ledger. */
    async function trustAnchorSet(): Promise<TrustAnchorSet> {
      const cached = verifyCaches.trust.get('');
      if (cached) return cached;
      const token = caches.token();
      const pems = await readTrustAnchors(ledger, reader).catch(unavailable);
      // Immutable: the report memo keys what it computed with them once (verify-cache.ts).
      const set = { pems, ders: immutable(pems.flatMap((pem) => pemToDer(pem, 'CERTIFICATE'))) };
      verifyCaches.trust.set('', set, [], token);
      return set;
    }
    /**
     * One record's view from the ledger, kept when the ledger has the batch and the block of its anchor is
     * known (an answer that will not change until an event names the batch).
     */
    async function readView(key: string, batchId: string, leafIndex: number): Promise<AnchorView> {
      const token = caches.token();
      let view: AnchorView;
      try {
        view = await readAnchorView(ledger, reader, channel, batchId, leafIndex, {
          memo: blocks,
          knownBlock,
        });
      } catch (e) {
        // A batch id the ledger cannot even look up is a batch it does not have: the report says so
        // (ANCHOR_NOT_FOUND) instead of failing the whole call.
        if (e instanceof LedgerError && e.code === 'INVALID_ARGUMENT') return { found: false, batchId };
        return unavailable(e);
      }
      // Kept views are immutable: shared by requests, and keyed once by the report memo (verify-cache.ts).
      if (view.found && view.blockNumber !== undefined)
        verifyCaches.views.set(key, immutable(view), [batchId], token);
      return view;
    }
    async function checkAll(
      bundles: readonly ProofBundle[],
      log: FastifyBaseLogger | undefined,
    ): Promise<CheckedBundle[]> {
      if (blocks.size > 100_000) blocks.clear();
      const { pems: trustAnchorPems, ders: trustAnchors } = await trustAnchorSet();
      const views = new Map<string, Promise<AnchorView>>();
      const viewOf = (batchId: string, leafIndex: number) => {
        const key = `${leafIndex}/${batchId}`;
        let v = views.get(key);
        if (!v) {
          const cached = batchId ? verifyCaches.views.get(key) : undefined;
          v = !batchId
            ? Promise.resolve({ found: false, batchId })
            : cached
              ? Promise.resolve(cached)
              : readView(key, batchId, leafIndex);
          views.set(key, v);
        }
        return v;
      };
      const now = o.clock();
      return mapLimit(bundles, o.concurrency, async (bundle) => {
        const batchId = typeof bundle.manifest.batchId === 'string' ? bundle.manifest.batchId : '';
        const leafIndex = bundle.inclusion.leafIndex;
        const anchor = await viewOf(batchId, leafIndex);
        const report = await cache.report({ bundle, trustAnchors, anchor }, now, () =>
          verifyBundle(bundle, { trustAnchors, anchor, now }),
        );
        // The lookup log: which record was checked and the answer, never what the record says.
        log?.info({ batchId, leafIndex, verdict: report.verdict }, 'verify');
        return { report, anchor, trustAnchors: trustAnchorPems };
      });
    }
    fastify.decorate('verifier', {
      cacheStats: () => cache.stats(),
      now: o.clock,
      verify: async (bundles, log) => (await checkAll(bundles, log)).map((c) => c.report),
      check: async (bundle, log) => (await checkAll([bundle], log))[0]!,
    } satisfies Verifier);
  },
  { name: 'verifier', fastify: '5.x', dependencies: ['ledger', 'ledger-cache'] },
);
