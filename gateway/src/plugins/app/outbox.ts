/**
 * Anchoring in the app (issue 6 point 4): the outbox worker (services/anchor-worker.ts) submits each
 * signed batch with its school's principal identity, endorsed by the province and the school's district
 * (fastify.ledgerIdentities), and the reconciler (services/reconcile.ts) records anchors the ledger's
 * events show that our own bookkeeping missed. Both run in the background every `intervalMs` and stop
 * when the app closes. `fastify.anchoring` exposes one pass of each, for operators' tools and tests.
 *
 * `hooks` pass through to the worker unchanged: a fault-injection harness uses them to kill the process
 * mid-anchor and check that the next start recovers.
 */
import fp from 'fastify-plugin';
import {
  type AnchorOutcome,
  type AnchorWorkerOptions,
  runAnchorWorker,
} from '../../services/anchor-worker.ts';
import { type ReconcileResult, reconcileFromEvents } from '../../services/reconcile.ts';

export interface AnchoringOptions {
  /** Pause between passes (default 1 s). */
  intervalMs?: number;
  hooks?: AnchorWorkerOptions['hooks'];
  maxAttempts?: number;
  backoff?: AnchorWorkerOptions['backoff'];
}

export interface AnchoringPluginOptions extends AnchoringOptions {
  clock: () => Date;
}

export interface Anchoring {
  /** One pass of the worker over the due rows. */
  tick(): Promise<AnchorOutcome[]>;
  /** One pass of the reconciler over the ledger's events since its checkpoint. */
  reconcile(): Promise<ReconcileResult>;
}

declare module 'fastify' {
  interface FastifyInstance {
    anchoring: Anchoring;
  }
}

export default fp<AnchoringPluginOptions>(
  async (fastify, o) => {
    const { db, ledger, ledgerIdentities: ids, ledgerChannel: channel } = fastify;
    if (!ids)
      throw new Error(
        'anchoring needs the ledger identities the gateway submits with (AppOptions.identities)',
      );
    const worker = runAnchorWorker({
      db,
      ledger,
      identityFor: (schoolId) => ids.principal(schoolId),
      endorsersFor: (schoolId) => ids.endorsersForSchool(schoolId),
      clock: o.clock,
      ...(o.maxAttempts !== undefined && { maxAttempts: o.maxAttempts }),
      ...(o.backoff && { backoff: o.backoff }),
      ...(o.hooks && { hooks: o.hooks }),
      onError: (err) => fastify.log.error({ err }, 'anchoring worker pass failed'),
    });
    // One reconciliation at a time: two would read the same events and race on the checkpoint.
    let reconciling: Promise<ReconcileResult> | undefined;
    const reconcile = () => {
      reconciling ??= reconcileFromEvents(db, ledger, {
        identity: ids.reader,
        channel,
        clock: o.clock,
      }).finally(() => {
        reconciling = undefined;
      });
      return reconciling;
    };
    fastify.decorate('anchoring', { tick: () => worker.tick(), reconcile } satisfies Anchoring);

    const interval = o.intervalMs ?? 1000;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const loop = async () => {
      try {
        const r = await reconcile();
        if (r.reconciled.length > 0) fastify.log.info({ batches: r.reconciled }, 'anchors reconciled');
        if (r.conflicts.length > 0) fastify.log.error({ batches: r.conflicts }, 'ledger holds other batches');
      } catch (err) {
        fastify.log.error({ err }, 'reconciliation failed');
      }
      if (!stopped) timer = setTimeout(loop, interval);
    };

    fastify.addHook('onReady', async () => {
      worker.start(interval);
      timer = setTimeout(loop, interval);
    });
    // Before the ledger and the database close (onClose hooks run in reverse order of registration).
    fastify.addHook('onClose', async () => {
      stopped = true;
      clearTimeout(timer);
      await worker.stop();
      await reconciling?.catch(() => undefined);
    });
  },
  { name: 'anchoring', fastify: '5.x', dependencies: ['db', 'ledger'] },
);
