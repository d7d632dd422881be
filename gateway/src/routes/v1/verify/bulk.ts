/**
 * POST /v1/verify/bulk: up to a thousand proof bundles, for verifier clients with a token (`verify.bulk`);
 * 200 with the reports in the order of the bundles, each even when its record is invalid.
 *
 * A university uploads its bundles once, so the first call, on empty caches, is the one that counts (issue
 * 16: < 1 s for 1,000). Its body (~15 MB) is read here, not by the app's parser, so that what the bytes
 * themselves settle is not done again value by value:
 * - bytes with no `\u` escape and neither `__proto__` nor `constructor` cannot hold the keys Fastify's
 *   parser refuses: they are parsed by JSON.parse alone; any other bytes (and any parse error) go through
 *   Fastify's own parser, with its errors and its prototype-poisoning refusal, exactly as before;
 * - bytes with no `\u` escape cannot hold U+0000 either: the body is marked as checked for the input guard;
 * - bundles plainly well formed (bundle-shape.ts) are taken as they are; the rest, and the body around them,
 *   go through zod, which refuses with the same paths and messages as before.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProofBundle } from '@hocba/integrity';
import { ApiError } from '../../../http-errors.ts';
import { markChecked } from '../../../plugins/app/input-guard.ts';
import { markParsedBundle } from '../../../verify-cache.ts';
import { errorResponses } from '../../schemas.ts';
import { isPlainProofBundle } from './bundle-shape.ts';
import { BULK_MAX, BulkBody, BulkResponse, bulkDoc } from './schemas.ts';
import { zodBody } from './zod-body.ts';

export interface BulkRouteOptions {
  /** Requests per window and client IP. */
  rateLimit: { max: number; timeWindow: number | string };
  /** The body limit in bytes. */
  bodyLimit: number;
}

/** True only for a body BulkBody accepts as it is (its bundles checked by isPlainProofBundle). */
function isPlainBulkBody(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
  const keys = Object.keys(v);
  if (keys.length !== 1 || keys[0] !== 'bundles') return false;
  const { bundles } = v as { bundles: unknown };
  if (!Array.isArray(bundles) || bundles.length < 1) return false;
  for (let i = 0; i < bundles.length; i++)
    if (!(i in bundles) || !isPlainProofBundle(bundles[i])) return false;
  return true;
}

const bulkRoute: FastifyPluginAsyncTypebox<BulkRouteOptions> = async (fastify, o) => {
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  const parseJson = fastify.getDefaultJsonParser(
    onProtoPoisoning ?? 'error',
    onConstructorPoisoning ?? 'error',
  );
  // In this plugin's context only: the app's parser stays for every other route.
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, raw, done) => {
    const bytes = raw as Buffer;
    // Decoded as Fastify decodes a body it reads as text (UTF-8).
    const text = bytes.toString('utf8');
    if (bytes.includes('\\u') || bytes.includes('__proto__') || bytes.includes('constructor'))
      return parseJson(request, text, done);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // Fastify's parser answers the error (an empty body, bad JSON) as it always has.
      return parseJson(request, text, done);
    }
    done(null, typeof body === 'object' && body !== null ? markChecked(body) : body);
  });
  const zod = zodBody(BulkBody);

  fastify.post(
    '/bulk',
    {
      bodyLimit: o.bodyLimit,
      // Institutions only, with a client-credentials token (the verifier role).
      config: {
        permission: 'verify.bulk',
        rateLimit: { max: o.rateLimit.max, timeWindow: o.rateLimit.timeWindow },
      },
      validatorCompiler: (route) => {
        const byZod = zod(route);
        return (data: unknown) =>
          route.httpPart === 'body' && isPlainBulkBody(data) ? { value: data } : byZod(data);
      },
      // Before validation, so that an oversized batch is refused with its own code and is not parsed.
      preValidation: async (request) => {
        const bundles = (request.body as { bundles?: unknown } | null)?.bundles;
        if (Array.isArray(bundles) && bundles.length > BULK_MAX) throw new ApiError('TOO_MANY');
      },
      schema: {
        tags: ['verify'],
        summary: `Xác minh hàng loạt, tối đa ${BULK_MAX} gói / Verify up to ${BULK_MAX} bundles`,
        description:
          'Báo cáo theo đúng thứ tự gửi lên. / Reports come back in the order of the bundles sent.',
        body: bulkDoc,
        response: { 200: BulkResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { bundles } = request.body as { bundles: ProofBundle[] };
      // Validated by BulkBody (or plainly what it accepts), whose items are integrity's ProofBundle: not
      // parsed again by the verifier.
      for (const b of bundles) markParsedBundle(b);
      const reports = await fastify.verifier.verify(bundles, request.log);
      // The reports are integrity's plain objects of the documented shape (BulkResponse), nothing more:
      // JSON.stringify writes their ~2 MB several times faster than the schema's compiled serializer does
      // on its first, cold run (issue 16: ~60 of a first call's ms).
      reply.serializer(JSON.stringify).type('application/json; charset=utf-8');
      return { reports };
    },
  );
};

export default bulkRoute;
