/**
 * Security headers. The CSP is Helmet's default; swagger-ui adds the hashes its own page needs.
 *
 * None of Helmet's default headers depends on the request, yet @fastify/helmet builds Helmet's middleware
 * again for every request (≈5% of a cached public lookup's time, issue 16). So Helmet computes them once, at
 * start, on a probe instance, and every reply gets that set; @fastify/helmet stays registered, not global,
 * for its reply decorators and for a route that gives its own `helmet` options.
 */
import fastifyHelmet from '@fastify/helmet';
import Fastify from 'fastify';
import fp from 'fastify-plugin';

/** The headers one reply of a probe gets with @fastify/helmet and not without it: exactly Helmet's. */
export async function helmetHeaders(): Promise<Readonly<Record<string, string>>> {
  const answer = async (withHelmet: boolean) => {
    const probe = Fastify({ logger: false });
    if (withHelmet) await probe.register(fastifyHelmet, { global: true });
    probe.get('/', async () => 'ok');
    const res = await probe.inject('/');
    await probe.close();
    return res.headers;
  };
  const [plain, helmeted] = await Promise.all([answer(false), answer(true)]);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(helmeted)) if (!(k in plain) && typeof v === 'string') out[k] = v;
  return Object.freeze(out);
}

export default fp(
  async (fastify) => {
    const headers = await helmetHeaders();
    await fastify.register(fastifyHelmet, { global: false });
    fastify.addHook('onRequest', async (request, reply) => {
      // A route with its own Helmet options is served by @fastify/helmet itself.
      if ((request.routeOptions.config as { helmet?: unknown }).helmet === undefined) reply.headers(headers);
    });
  },
  { name: 'helmet', fastify: '5.x' },
);
