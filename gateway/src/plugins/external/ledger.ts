/**
 * The ledger plugin: the LedgerClient the app was built with (embedded or Fabric), the read-only identity
 * the public routes query it with, and the channel. It owns the client: closing the app closes it.
 */
import fp from 'fastify-plugin';
import type { LedgerClient, LedgerIdentities, LedgerIdentity } from '../../ledger/index.ts';

export interface LedgerPluginOptions {
  ledger: LedgerClient;
  /** The gateway's read-only identity: verification never submits, so it never needs more. */
  reader: LedgerIdentity;
  channel: string;
  /** The identities the gateway submits with; none: the app only reads the ledger. */
  identities?: LedgerIdentities | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    ledger: LedgerClient;
    ledgerReader: LedgerIdentity;
    ledgerChannel: string;
    ledgerIdentities: LedgerIdentities | null;
  }
}

export default fp<LedgerPluginOptions>(
  async (fastify, o) => {
    fastify.decorate('ledger', o.ledger);
    fastify.decorate('ledgerReader', o.reader);
    fastify.decorate('ledgerChannel', o.channel);
    fastify.decorate('ledgerIdentities', o.identities ?? null);
    fastify.addHook('onClose', async () => {
      await o.ledger.close();
    });
  },
  { name: 'ledger', fastify: '5.x' },
);
