/**
 * The public verify API (issue 6, point 6): POST /v1/verify/bundle checks one uploaded proof bundle,
 * POST /v1/verify/bulk up to a thousand, for verifier clients with a token (`verify.bulk`). Both answer 200
 * with the report even when the record is invalid (an invalid record is an answer, not an error); only a
 * request that cannot be read is a 4xx.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProofBundle } from '@hocba/integrity';
import { ApiError } from '../../../http-errors.ts';
import { markParsedBundle } from '../../../verify-cache.ts';
import { errorResponses } from '../../schemas.ts';
import bundleRoute from './bundle.ts';
import ledgerFacts from './ledger.ts';
import { oneLogLine } from './log-line.ts';
import lookup from './lookup.ts';
import { BULK_MAX, BulkBody, BulkResponse, bulkDoc } from './schemas.ts';
import { zodBody } from './zod-body.ts';

export interface VerifyRoutesOptions {
  /** Requests per window and client IP, for each route. */
  rateLimit: { max: number; bulkMax: number; timeWindow: number | string; lookupMax?: number };
  /** Body limits in bytes: a bundle is a few kB; a thousand of them a few MB. */
  bodyLimit: { bundle: number; bulk: number };
}

const verify: FastifyPluginAsyncTypebox<VerifyRoutesOptions> = async (fastify, o) => {
  // The lookup and the single bundle: one log line a request (log-line.ts).
  oneLogLine(fastify);
  // GET /:lookupCode — the public lookup, with its own, stricter limit (a date of birth is easy to guess).
  await fastify.register(lookup, {
    rateLimit: { max: o.rateLimit.lookupMax ?? 10, timeWindow: o.rateLimit.timeWindow },
  });
  // GET /ledger/:batchId/:leafIndex — the ledger's facts of one record, for a client checking a file itself.
  await fastify.register(ledgerFacts, {
    rateLimit: { max: o.rateLimit.max, timeWindow: o.rateLimit.timeWindow },
  });

  // POST /bundle — one proof bundle, its body read once per distinct bytes.
  await fastify.register(bundleRoute, {
    rateLimit: { max: o.rateLimit.max, timeWindow: o.rateLimit.timeWindow },
    bodyLimit: o.bodyLimit.bundle,
  });

  fastify.post(
    '/bulk',
    {
      bodyLimit: o.bodyLimit.bulk,
      // Institutions only, with a client-credentials token (the verifier role).
      config: {
        permission: 'verify.bulk',
        rateLimit: { max: o.rateLimit.bulkMax, timeWindow: o.rateLimit.timeWindow },
      },
      validatorCompiler: zodBody(BulkBody),
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
    async (request) => {
      const { bundles } = request.body as { bundles: ProofBundle[] };
      // Validated by BulkBody, whose items are integrity's ProofBundle: not parsed again by the verifier.
      for (const b of bundles) markParsedBundle(b);
      return { reports: await fastify.verifier.verify(bundles, request.log) };
    },
  );
};

export default verify;
