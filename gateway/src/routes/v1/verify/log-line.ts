/**
 * One log line per request on the public verify routes (issue 16): a route whose config names
 * `requestLog` (logging.ts) gives what its line should say in `request.logLine` (which record was checked and
 * the verdict — never the code, the date of birth or the record's content), and this hook writes it once the
 * answer is sent, with the request line (the route pattern, not the URL), the status and the time taken; a
 * request refused before the route spoke gets the plain "request completed" line instead.
 * Fastify's own two lines are left out for these routes (GatewayLogController).
 */
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** What the route's one log line says besides the request, status and time (see log-line.ts). */
    logLine: Record<string, unknown> | null;
  }
}

export function oneLogLine(fastify: FastifyInstance): void {
  fastify.decorateRequest('logLine', null);
  fastify.addHook('onResponse', async (request, reply) => {
    const msg = request.routeOptions.config.requestLog;
    if (msg === undefined) return;
    // A request refused before the route said anything (a bad body, a rate limit) is a plain completion.
    request.log.info(
      { req: request, res: reply, responseTime: reply.elapsedTime, ...request.logLine },
      request.logLine ? msg : 'request completed',
    );
  });
}
