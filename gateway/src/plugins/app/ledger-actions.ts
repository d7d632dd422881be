/**
 * The after-lock ledger writes in the app (issue 6 point 5): the ledger-actions outbox worker
 * (services/ledger-actions.ts) submits permissions, revocations, recalls, acceptances and the yearly
 * report with the identities of fastify.ledgerIdentities, in the background every `intervalMs`, and stops
 * when the app closes. `fastify.ledgerActions.tick()` runs one pass, for operators' tools and tests.
 */
import fp from 'fastify-plugin';
import {
  type LedgerActionOutcome,
  type LedgerActionsOptions,
  runLedgerActions,
} from '../../services/ledger-actions.ts';

export interface LedgerActionsAppOptions {
  /** Pause between passes (default 1 s); 0: no background loop, only tick(). */
  intervalMs?: number;
  maxAttempts?: number;
  backoff?: LedgerActionsOptions['backoff'];
}

export interface LedgerActionsPluginOptions extends LedgerActionsAppOptions {
  clock: () => Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    ledgerActions: { tick(): Promise<LedgerActionOutcome[]> };
  }
}

export default fp<LedgerActionsPluginOptions>(
  async (fastify, o) => {
    const { db, ledger, ledgerIdentities: identities } = fastify;
    if (!identities) {
      throw new Error('ledger actions need the identities the gateway submits with (AppOptions.identities)');
    }
    const worker = runLedgerActions({
      db,
      ledger,
      identities,
      clock: o.clock,
      ...(o.maxAttempts !== undefined && { maxAttempts: o.maxAttempts }),
      ...(o.backoff && { backoff: o.backoff }),
      onError: (err) => fastify.log.error({ err }, 'ledger actions pass failed'),
    });
    fastify.decorate('ledgerActions', { tick: () => worker.tick() });
    const interval = o.intervalMs ?? 1000;
    if (interval > 0) fastify.addHook('onReady', async () => worker.start(interval));
    // Before the ledger and the database close (onClose hooks run in reverse order of registration).
    fastify.addHook('onClose', async () => {
      await worker.stop();
    });
  },
  { name: 'ledger-actions', fastify: '5.x', dependencies: ['db', 'ledger'] },
);
