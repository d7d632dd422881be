/**
 * The lookup portal (portal/, built by `npm run build -w portal`) served at `/`: its hashed assets under
 * `/assets/` (public through the auth plugin's publicPrefixes: @fastify/static's routes cannot declare a
 * permission), and the page itself at `/` and at `/{lookupCode}`, the link printed as a QR code on records.
 * Only one path segment falls back to the page, so an unknown `/v1/...` route keeps its JSON 404. Helmet's
 * default CSP is enough: the page has no inline script and talks to its own origin only.
 *
 * `/trust-anchors.json` is the page's root store: the root certificates registered on chain, which the page
 * fetches (and remembers) as it opens the "verify a file" view, so that the file's check needs no network.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../http-errors.ts';
import { LedgerError, readTrustAnchors } from '../../ledger/index.ts';

export interface PortalOptions {
  /** The built portal (default: portal/dist of this repository). */
  root?: string;
}

const DEFAULT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../portal/dist');

export default fp<PortalOptions>(
  async (fastify, o) => {
    const root = o.root ?? DEFAULT_ROOT;
    await fastify.register(fastifyStatic, {
      root: join(root, 'assets'),
      prefix: '/assets/',
      // Hashed file names: a file never changes under its name.
      immutable: true,
      maxAge: '365d',
      index: false,
      list: false,
    });
    const page = async (_request: FastifyRequest, reply: FastifyReply) => {
      // Not built (a gateway test, or `npm run build -w portal` not yet run): the usual JSON 404.
      if (!existsSync(join(root, 'index.html'))) return reply.callNotFound();
      // The page is small and names its assets by hash: always revalidated, so a new build shows at once.
      return reply.header('cache-control', 'no-cache').sendFile('index.html', root);
    };
    const config = { permission: 'public' as const };
    fastify.get('/', { config, schema: { hide: true } }, page);
    fastify.get('/:lookupCode', { config, schema: { hide: true } }, page);
    fastify.get('/trust-anchors.json', { config, schema: { hide: true } }, async () => {
      const trustAnchors = await readTrustAnchors(fastify.ledger, fastify.ledgerReader).catch(
        (e: unknown) => {
          throw e instanceof LedgerError ? e : new ApiError('LEDGER_UNAVAILABLE', { cause: e });
        },
      );
      return { trustAnchors };
    });
  },
  { name: 'portal', fastify: '5.x', dependencies: ['ledger'] },
);
