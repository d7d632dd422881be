/**
 * The school console (console/, built by `npm run build -w console`) served at `/console/`: its hashed assets
 * under `/console/assets/` (public through the auth plugin's publicPrefixes, as the portal's), and the page at
 * `/console` and every path below it (the app routes in the browser). The page holds no data: everything it
 * shows comes from the API with the signed-in person's token.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export interface ConsoleOptions {
  /** The built console (default: console/dist of this repository). */
  root?: string;
}

const DEFAULT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../console/dist');

export default fp<ConsoleOptions>(
  async (fastify, o) => {
    const root = o.root ?? DEFAULT_ROOT;
    await fastify.register(fastifyStatic, {
      root: join(root, 'assets'),
      prefix: '/console/assets/',
      // The portal's registration decorates the reply already.
      decorateReply: false,
      immutable: true,
      maxAge: '365d',
      index: false,
      list: false,
    });
    const page = async (_request: FastifyRequest, reply: FastifyReply) => {
      if (!existsSync(join(root, 'index.html'))) return reply.callNotFound();
      return reply.header('cache-control', 'no-cache').sendFile('index.html', root);
    };
    const config = { permission: 'public' as const };
    fastify.get('/console', { config, schema: { hide: true } }, page);
    fastify.get('/console/*', { config, schema: { hide: true } }, page);
  },
  { name: 'console', fastify: '5.x', dependencies: ['portal'] },
);
