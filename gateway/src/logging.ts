/**
 * pino options for the gateway: request ids, and nothing personal. Bodies are never logged (Fastify does
 * not, and no hook here does); the request line carries the route pattern instead of the URL, because a
 * URL may carry a lookup code or a date of birth in its path or query; credentials and cookies are
 * redacted wherever they appear.
 */
import type { FastifyRequest } from 'fastify';

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
