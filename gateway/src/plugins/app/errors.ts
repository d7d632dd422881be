/**
 * One error handler for the whole app: every failure becomes `{ error: { code, message: { vi, en } } }`
 * with a status from http-errors.ts. Fastify's own errors (bad JSON, body too large, schema violations)
 * get the gateway's stable codes; a LedgerError or a ServiceError goes through the one table; anything else is a 500 whose
 * message is logged with the request id and never shown.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  ApiError,
  errorBody,
  fromLedgerCode,
  fromServiceCode,
  type GatewayCode,
  type Problem,
} from '../../http-errors.ts';
import { LedgerError } from '../../ledger/index.ts';
import { ErrorResponse } from '../../routes/schemas.ts';
import { ServiceError } from '../../services/errors.ts';

interface AjvIssue {
  instancePath?: string;
  message?: string;
  params?: { missingProperty?: string; additionalProperty?: string };
}

/** ajv's errors as paths a person can follow: a missing property is named in its parent's path. */
export function ajvProblems(issues: readonly AjvIssue[], context = ''): Problem[] {
  return issues.map((i) => {
    const extra = i.params?.missingProperty ?? i.params?.additionalProperty;
    const path = `${i.instancePath ?? ''}${extra ? `/${extra}` : ''}`;
    return { in: context || 'body', path, message: i.message ?? 'invalid' };
  });
}

const FASTIFY_CODES: Readonly<Record<string, GatewayCode>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  // Raised by the router, before any route: see frameworkErrors below.
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
  FST_ERR_BAD_URL: 'BAD_REQUEST',
};

/** What the caller is told, whatever was thrown. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof LedgerError) return fromLedgerCode(error.code, error);
  if (error instanceof ServiceError) return fromServiceCode(error.code, { cause: error });
  const e = error as Partial<FastifyError>;
  if (Array.isArray(e.validation)) {
    return new ApiError('VALIDATION', {
      problems: ajvProblems(e.validation as AjvIssue[], e.validationContext),
      cause: error,
    });
  }
  const mapped = e.code && FASTIFY_CODES[e.code];
  if (mapped) return new ApiError(mapped, { cause: error });
  // Other client errors raised by Fastify or a plugin: keep the status, not the text.
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)
    return new ApiError('BAD_REQUEST', { status: e.statusCode, cause: error });
  return new ApiError('INTERNAL', { cause: error });
}

/**
 * Fastify's `frameworkErrors` option: the router's own refusals (a path parameter over `maxParamLength`, a
 * URL that does not decode) come before any route or error handler, and Fastify's default body echoes the
 * raw path in its own shape. They get the documented shape and a stable code instead.
 */
export function frameworkErrors(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const api = toApiError(error);
  request.log.info({ code: api.code, status: api.statusCode }, 'request refused by the router');
  return reply.code(api.statusCode).send(errorBody(api));
}

export default fp(
  async (fastify) => {
    // The one error answer, referenced by every route's 4xx and 5xx (routes/schemas.ts's errorResponses).
    fastify.addSchema(ErrorResponse);
    fastify.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
      const api = toApiError(error);
      if (api.statusCode >= 500) {
        // The cause may carry anything (a stack, a ledger message); it stays in the log.
        request.log.error({ err: error, code: api.code }, 'request failed');
      } else {
        request.log.info({ code: api.code, status: api.statusCode }, 'request refused');
      }
      return reply.code(api.statusCode).send(errorBody(api));
    });
    fastify.setNotFoundHandler((request, reply) => {
      const api = new ApiError('NOT_FOUND');
      request.log.info({ code: api.code, status: 404 }, 'no such route');
      return reply.code(404).send(errorBody(api));
    });
    // Correlates what the caller sees with the log line.
    fastify.addHook('onSend', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });
  },
  { name: 'errors', fastify: '5.x' },
);
