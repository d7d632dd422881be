/**
 * The public verify API (issue 6, point 6): POST /v1/verify/bundle checks one uploaded proof bundle,
 * POST /v1/verify/bulk up to a thousand, for verifier clients with a token (`verify.bulk`). Both answer 200
 * with the report even when the record is invalid (an invalid record is an answer, not an error); only a
 * request that cannot be read is a 4xx.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import bulkRoute from './bulk.ts';
import bundleRoute from './bundle.ts';
import ledgerFacts from './ledger.ts';
import { oneLogLine } from './log-line.ts';
import lookup from './lookup.ts';

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

  // POST /bulk — up to a thousand bundles, its body read once (bulk.ts).
  await fastify.register(bulkRoute, {
    rateLimit: { max: o.rateLimit.bulkMax, timeWindow: o.rateLimit.timeWindow },
    bodyLimit: o.bodyLimit.bulk,
  });
};

export default verify;
