/** GET /health: up, and the ledger answers a read-only query. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { readTrustAnchors } from '../ledger/index.ts';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  ledger: Type.Union([Type.Literal('reachable'), Type.Literal('unreachable')]),
});

const health: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/health',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['ops'],
        summary: 'Tình trạng dịch vụ và sổ cái / Service and ledger health',
        response: { 200: Health, 503: Health },
      },
    },
    async (request, reply) => {
      try {
        await readTrustAnchors(fastify.ledger, fastify.ledgerReader);
        return { status: 'ok' as const, ledger: 'reachable' as const };
      } catch (err) {
        request.log.warn({ err }, 'ledger unreachable');
        return reply.code(503).send({ status: 'unavailable', ledger: 'unreachable' });
      }
    },
  );
};

export default health;
