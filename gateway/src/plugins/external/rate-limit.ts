/**
 * Rate limiting, per client IP, on the routes that opt in (`config.rateLimit`): the public verify routes.
 * Not global, so that health checks and the docs are not counted. A refusal goes through the app's error
 * handler like any other, as 429 RATE_LIMITED.
 */
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { ApiError } from '../../http-errors.ts';

export default fp(
  async (fastify) => {
    await fastify.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_req, ctx) => new ApiError('RATE_LIMITED', { status: ctx.statusCode }),
    });
  },
  { name: 'rate-limit', fastify: '5.x' },
);
