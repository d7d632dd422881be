/**
 * pino options for the gateway: request ids, and nothing personal. Bodies are never logged (Fastify does
 * not, and no hook here does); the request line carries the route pattern instead of the URL, because a
 * URL may carry a lookup code or a date of birth in its path or query; credentials and cookies are
 * redacted wherever they appear.
 */
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route writes one line per request itself, with this message, when it has answered (the verify
     * routes: routes/v1/verify/log-line.ts); Fastify's own two lines are left out for it.
     */
    requestLog?: string;
  }
}

export const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.refreshToken',
  '*.accessToken',
  '*.dateOfBirth',
  '*.lookupCode',
  '*.student',
  '*.disclosure',
];

export const serializers = {
  req(req: FastifyRequest) {
    return {
      method: req.method,
      route: req.routeOptions?.url ?? '(no route)',
      contentLength: req.headers['content-length'],
    };
  },
};

/** Fastify's `logger` option: the caller's choice (level, stream…) with the gateway's redaction on top. */
export function loggerOptions(logger: boolean | Record<string, unknown> | undefined) {
  if (logger === false) return false;
  const base = logger === true || logger === undefined ? {} : logger;
  return {
    level: 'info',
    ...base,
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: { ...serializers, ...((base.serializers as object | undefined) ?? {}) },
  };
}

/**
 * Fastify's per-request lines ("incoming request", "request completed"), except on routes that write their
 * own single line (`config.requestLog`): on the public verify routes three lines a request were ~6% of the
 * time (issue 16). Errors are logged as before.
 */
export class GatewayLogController extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>) {
    if (request.routeOptions?.config?.requestLog === undefined)
      super.incomingRequest(request, reply, metadata);
  }
  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ) {
    if (error || request.routeOptions?.config?.requestLog === undefined)
      super.requestCompleted(error, request, reply, metadata);
  }
}
