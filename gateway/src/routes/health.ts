/** GET /health: up, and the ledger answers a read-only query. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { readTrustAnchors } from '../ledger/index.ts';
import { ErrorRef } from './schemas.ts';

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
        // 503 is the health answer itself (the ledger is down); a refusal (rate limit) is the one error body.
        response: { 200: Health, 503: Health, '4xx': ErrorRef },
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
