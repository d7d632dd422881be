/**
 * CORS for the portal and institutions' own pages. Same-origin only unless origins are configured: the
 * portal is served by the gateway itself, so cross-origin callers are the exception.
 */
import cors from '@fastify/cors';
import fp from 'fastify-plugin';

export interface CorsPluginOptions {
  origins: readonly string[];
}

export default fp<CorsPluginOptions>(
  async (fastify, o) => {
    await fastify.register(cors, {
      origin: o.origins.length > 0 ? [...o.origins] : false,
      methods: ['GET', 'POST'],
      exposedHeaders: ['x-request-id', 'retry-after'],
    });
  },
  { name: 'cors', fastify: '5.x' },
);
