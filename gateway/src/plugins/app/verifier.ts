/**
 * The verifier service: the report of each bundle computed by integrity's verifyBundle against what the
 * ledger says, read with the gateway's read-only identity. Within one call the trust anchors are read
 * once and the AnchorViews of one batch's records in one query (getRecordViews), so a bulk call of a
 * thousand records of one class costs one ledger query, not one per bundle; the CMS signature and the
 * certificate chain they share are checked once (signature-memo.ts). What the ledger said is kept in the
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
  verifyCmsSignature,
  verifyRecord,
  verifySignerCertificate,
} from '@hocba/integrity';
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../http-errors.ts';
import {
  type BlockMemo,
  LedgerError,
  readAnchorView,
  readAnchorViews,
  readTrustAnchors,
} from '../../ledger/index.ts';
import { NODE_HASH } from '../../node-hash.ts';
import { signatureMemo } from '../../signature-memo.ts';
import { immutable, isParsedBundle, ReportCache, type ReportCacheStats } from '../../verify-cache.ts';
import type { TrustAnchorSet } from './ledger-cache.ts';

/** A read that failed without a ledger code (connection refused, timeout): the ledger is unavailable. */
const unavailable = (e: unknown): never => {
  throw e instanceof LedgerError ? e : new ApiError('LEDGER_UNAVAILABLE', { cause: e });
};

/** Records of one batch read in one ledger query at most (getRecordViews' own limit). */
const VIEWS_PER_READ = 1000;

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

const batchIdOf = (b: ProofBundle) => (typeof b.manifest.batchId === 'string' ? b.manifest.batchId : '');
/** The verify caches' key of one record's view. */
const viewKey = (batchId: string, leafIndex: number) => `${leafIndex}/${batchId}`;

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
    // The CMS and chain checks by their exact bytes: one per batch's signature, not one per bundle.
    const { checks } = signatureMemo({ verifyCmsSignature, verifySignerCertificate });
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
      return keep(key, batchId, view, token);
    }
    /** Keeps a view that will not change until an event names its batch; answers the view to use. */
    function keep(key: string, batchId: string, view: AnchorView, token: ReturnType<typeof caches.token>) {
      // Kept views are immutable: shared by requests, and keyed once by the report memo (verify-cache.ts).
      if (view.found && view.blockNumber !== undefined)
        verifyCaches.views.set(key, immutable(view), [batchId], token);
      return view;
    }
    /**
     * The views of many records of one batch with one ledger query (getRecordViews), each then kept as
     * readView keeps it. A leaf index past the batch's size refuses the whole query: each record is then read
     * on its own (as many at once as `concurrency`), so that only the bad one is reported as not found.
     */
    function readViews(batchId: string, leaves: readonly number[]): Promise<AnchorView>[] {
      const token = caches.token();
      const all = readAnchorViews(ledger, reader, channel, batchId, leaves, {
        memo: blocks,
        knownBlock,
      }).then(
        (views) => views.map((v, i) => keep(viewKey(batchId, leaves[i]!), batchId, v, token)),
        (e: unknown) => {
          if (e instanceof LedgerError && e.code === 'INVALID_ARGUMENT')
            return mapLimit(leaves, o.concurrency, (l) => readView(viewKey(batchId, l), batchId, l));
          return unavailable(e);
        },
      );
      return leaves.map((_, i) => all.then((views) => views[i]!));
    }
    async function checkAll(
      bundles: readonly ProofBundle[],
      log: FastifyBaseLogger | undefined,
    ): Promise<CheckedBundle[]> {
      if (blocks.size > 100_000) blocks.clear();
      const { pems: trustAnchorPems, ders: trustAnchors } = await trustAnchorSet();
      // Each record's view once per call: from the caches, else read from the ledger as the bundles come
      // (at most `concurrency` reads in flight); the records of one batch the caches do not hold are read
      // together, one query per batch (getRecordViews), when there are two or more.
      const views = new Map<string, Promise<AnchorView>>();
      const missing = new Map<string, Set<number>>();
      for (const bundle of bundles) {
        const batchId = batchIdOf(bundle);
        const key = viewKey(batchId, bundle.inclusion.leafIndex);
        if (views.has(key) || !batchId) continue;
        const cached = verifyCaches.views.get(key);
        if (cached) {
          views.set(key, Promise.resolve(cached));
          continue;
        }
        const leaves = missing.get(batchId) ?? new Set<number>();
        leaves.add(bundle.inclusion.leafIndex);
        missing.set(batchId, leaves);
      }
      const viewOf = (batchId: string, leafIndex: number): Promise<AnchorView> => {
        const key = viewKey(batchId, leafIndex);
        const known = views.get(key);
        if (known) return known;
        if (!batchId) return Promise.resolve({ found: false, batchId });
        const wanted = missing.get(batchId);
        missing.delete(batchId);
        if (!wanted || wanted.size < 2) {
          const v = readView(key, batchId, leafIndex);
          views.set(key, v);
          return v;
        }
        const leaves = [...wanted];
        for (let i = 0; i < leaves.length; i += VIEWS_PER_READ) {
          const chunk = leaves.slice(i, i + VIEWS_PER_READ);
          readViews(batchId, chunk).forEach((p, j) => {
            // Awaited later by its own bundles; a failure is theirs to report, not an unhandled rejection.
            p.catch(() => {});
            views.set(viewKey(batchId, chunk[j]!), p);
          });
        }
        return views.get(key)!;
      };
      const now = o.clock();
      return mapLimit(bundles, o.concurrency, async (bundle) => {
        const batchId = batchIdOf(bundle);
        const leafIndex = bundle.inclusion.leafIndex;
        const anchor = await viewOf(batchId, leafIndex);
        const options = { trustAnchors, anchor, now, hash: NODE_HASH, checks };
        const report = await cache.report({ bundle, trustAnchors, anchor }, now, () =>
          // A bundle a route validated with the same schema is not parsed again.
          isParsedBundle(bundle) ? verifyRecord(bundle, options) : verifyBundle(bundle, options),
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
