/**
 * The ledger's writes in the app (issue 6 points 4 and 5): the outbox worker (services/outbox-worker.ts)
 * submits every queued action — anchors, permissions, revocations, recalls, acceptances, the yearly
 * report — with the identities of fastify.ledgerIdentities, and the reconciler (services/reconcile.ts)
 * records anchors the ledger's events show that our own bookkeeping missed. Both run in the background
 * every `intervalMs` and stop when the app closes. `fastify.outbox` exposes one pass of each, for
 * operators' tools and tests.
 *
 * `hooks` pass through to the worker unchanged: a fault-injection harness uses them to kill the process
 * mid-anchor and check that the next start recovers.
 */
import fp from 'fastify-plugin';
import {
  type OutboxOutcome,
  type OutboxWorkerOptions,
  runOutboxWorker,
} from '../../services/outbox-worker.ts';
import { type ReconcileResult, reconcileFromEvents } from '../../services/reconcile.ts';

export interface OutboxOptions {
  /** Pause between passes (default 1 s). */
  intervalMs?: number;
  hooks?: OutboxWorkerOptions['hooks'];
  maxAttempts?: number;
  backoff?: OutboxWorkerOptions['backoff'];
  /** Schools handled at once (default 1). */
  concurrency?: number;
}

export interface OutboxPluginOptions extends OutboxOptions {
  clock: () => Date;
}

export interface Outbox {
  /** One pass of the worker over the due rows. */
  tick(): Promise<OutboxOutcome[]>;
  /** One pass of the reconciler over the ledger's events since its checkpoint. */
  reconcile(): Promise<ReconcileResult>;
  /** A row was just queued (a batch signed): the worker's next pass starts now, not after its pause. */
  nudge(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    outbox: Outbox;
  }
}

export default fp<OutboxPluginOptions>(
  async (fastify, o) => {
    const { db, ledger, ledgerIdentities: identities, ledgerChannel: channel } = fastify;
    if (!identities)
      throw new Error(
        'the outbox needs the ledger identities the gateway submits with (AppOptions.identities)',
      );
    const worker = runOutboxWorker({
      db,
      ledger,
      identities,
      clock: o.clock,
      ...(o.maxAttempts !== undefined && { maxAttempts: o.maxAttempts }),
      ...(o.backoff && { backoff: o.backoff }),
      ...(o.concurrency !== undefined && { concurrency: o.concurrency }),
      ...(o.hooks && { hooks: o.hooks }),
      onError: (err) => fastify.log.error({ err }, 'outbox worker pass failed'),
    });
    // One reconciliation at a time: two would read the same events and race on the checkpoint.
    let reconciling: Promise<ReconcileResult> | undefined;
    const reconcile = () => {
      reconciling ??= reconcileFromEvents(db, ledger, {
        identity: identities.reader,
        channel,
        clock: o.clock,
      }).finally(() => {
        reconciling = undefined;
      });
      return reconciling;
    };
    fastify.decorate('outbox', {
      tick: () => worker.tick(),
      reconcile,
      nudge: () => worker.nudge(),
    } satisfies Outbox);

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
  { name: 'outbox', fastify: '5.x', dependencies: ['db', 'ledger'] },
);
