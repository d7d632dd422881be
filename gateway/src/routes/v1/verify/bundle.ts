/**
 * POST /v1/verify/bundle: one uploaded proof bundle checked against the ledger; 200 with the report even when
 * the record is invalid (an invalid record is an answer, not an error); only a body that cannot be read is a
 * 4xx (400 BAD_JSON, 400 VALIDATION naming each bad path, 413, 415).
 *
 * Its JSON is read here, not by the app's parser: the bytes are hashed first, and bytes already seen and
 * validated are answered with the bundle they validated to (known-bodies.ts), so a QR code scanned by many or
 * a verifier's retry costs one SHA-256 instead of a parse, zod and the report memo's stringify (issue 16).
 * Bytes not seen before go through Fastify's own JSON parser (the same errors, the same prototype-poisoning
 * refusal) and the bundle's zod schema, exactly as before.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProofBundle } from '@hocba/integrity';
import type { FastifyRequest } from 'fastify';
import { markChecked } from '../../../plugins/app/input-guard.ts';
import { immutable, markParsedBundle } from '../../../verify-cache.ts';
import { errorResponses } from '../../schemas.ts';
import { KnownBodies } from './known-bodies.ts';
import { BundleResponse, bundleDoc } from './schemas.ts';
import { zodBody } from './zod-body.ts';

export interface BundleRouteOptions {
  /** Requests per window and client IP. */
  rateLimit: { max: number; timeWindow: number | string };
  /** The body limit in bytes. */
  bodyLimit: number;
  /** Distinct bodies remembered as validated (default 2,000; 0 turns it off). */
  knownBodies?: number;
}

const bundleRoute: FastifyPluginAsyncTypebox<BundleRouteOptions> = async (fastify, o) => {
  const known = new KnownBodies<ProofBundle>(o.knownBodies ?? 2000);
  // The key of a body read for the first time, until it has been validated.
  const unvalidated = new WeakMap<FastifyRequest, string>();
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  const parseJson = fastify.getDefaultJsonParser(
    onProtoPoisoning ?? 'error',
    onConstructorPoisoning ?? 'error',
  );
  // In this plugin's context only: the app's parser stays for every other route.
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, bytes, done) => {
    const key = KnownBodies.key(bytes as Buffer);
    const seen = known.get(key);
    if (seen) return done(null, seen);
    unvalidated.set(request, key);
    // Decoded as Fastify decodes a body it reads as text (UTF-8), then its own parser.
    parseJson(request, (bytes as Buffer).toString('utf8'), done);
  });

  fastify.post(
    '/bundle',
    {
      bodyLimit: o.bodyLimit,
      config: {
        permission: 'public',
        rateLimit: { max: o.rateLimit.max, timeWindow: o.rateLimit.timeWindow },
        requestLog: 'verify',
      },
      // A bundle this memo handed out passed this very schema already.
      validatorCompiler: zodBody(ProofBundle, known),
      schema: {
        tags: ['verify'],
        summary: 'Xác minh một gói minh chứng / Verify one proof bundle',
        description:
          'Đối chiếu gói minh chứng với sổ cái và trả về báo cáo xác minh (200 cả khi học bạ không hợp lệ). / ' +
          'Checks the bundle against the ledger and returns the verification report (200 even when the record is invalid).',
        body: bundleDoc,
        response: { 200: BundleResponse, ...errorResponses },
      },
      // Validated (and passed the input guard): remembered, frozen, for the next time these bytes come.
      preHandler: async (request) => {
        const key = unvalidated.get(request);
        if (key !== undefined)
          known.set(key, markParsedBundle(markChecked(immutable(request.body as ProofBundle))));
      },
    },
    async (request) => {
      const bundle = request.body as ProofBundle;
      const [report] = await fastify.verifier.verify([bundle]);
      // Which record was checked and the answer, never what the record says.
      request.logLine = {
        batchId: bundle.manifest.batchId,
        leafIndex: bundle.inclusion.leafIndex,
        verdict: report!.verdict,
      };
      return { report: report! };
    },
  );
};

export default bundleRoute;
