/**
 * The Ministry's trust anchors (issue 14; services/trust-anchors.ts; contract in the oversight brief):
 * - GET /v1/trust-anchors — every root CA the ledger holds, active and retired (`trustAnchors.read`);
 * - POST /v1/trust-anchors `{ certificate: PEM }` — register one (`trustAnchors.manage`), 202
 *   `{ fingerprint, outboxId }`; 422 TRUST_ANCHOR_INVALID, 409 TRUST_ANCHOR_EXISTS;
 * - POST /v1/trust-anchors/:fingerprint/retire `{ reason }` — retire one, 202 `{ outboxId }`; 404
 *   TRUST_ANCHOR_NOT_FOUND, 409 TRUST_ANCHOR_WRONG_STATE.
 * The writes are queued for the outbox worker (the Ministry's identity); /trust-anchors.json and the verifier
 * read the active anchors from the ledger, so a retirement takes effect when it commits.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import { ApiError } from '../../../http-errors.ts';
import { chaincode, LedgerError } from '../../../ledger/index.ts';
import { registerTrustAnchor, retireTrustAnchor, trustAnchorView } from '../../../services/trust-anchors.ts';
import { errorResponses } from '../../schemas.ts';
import { actorOf } from '../status/shared.ts';

export interface RoutesOptions {
  clock: () => Date;
}

const tags = ['trust anchors'];
const Fingerprint = Type.String({
  pattern: '^[0-9a-f]{64}$',
  description: 'SHA-256 (hex) của DER / of the DER',
});
const TrustAnchor = Type.Object({
  fingerprint: Type.String(),
  subject: Type.String(),
  issuer: Type.String(),
  notBefore: Type.String({ format: 'date-time' }),
  notAfter: Type.String({ format: 'date-time' }),
  status: Type.Union([Type.Literal('active'), Type.Literal('retired')]),
  registeredAt: Type.String({ format: 'date-time' }),
  retiredAt: Type.Optional(Type.String({ format: 'date-time' })),
  reason: Type.Optional(Type.String()),
});

const routes: FastifyPluginAsyncTypebox<RoutesOptions> = async (fastify, o) => {
  const { db, ledger, ledgerReader } = fastify;
  /** The anchors on the ledger now; a failure without a ledger code is 503, not a 500. */
  const onLedger = () =>
    chaincode.listTrustAnchors(ledger, ledgerReader).catch((e: unknown) => {
      throw e instanceof LedgerError ? e : new ApiError('LEDGER_UNAVAILABLE', { cause: e });
    });

  fastify.get(
    '/trust-anchors',
    {
      config: { permission: 'trustAnchors.read' },
      schema: {
        tags,
        summary: 'Chứng thư gốc được tin cậy trên sổ cái / The trust anchors (root CAs) on the ledger',
        response: { 200: Type.Object({ items: Type.Array(TrustAnchor) }), ...errorResponses },
      },
    },
    async (request) => {
      authorize(request.user, 'trustAnchors.read', {});
      const all = await onLedger();
      // Active first, then by registration, newest first.
      const items = all
        .map(trustAnchorView)
        .sort(
          (a, b) =>
            Number(b.status === 'active') - Number(a.status === 'active') ||
            b.registeredAt.localeCompare(a.registeredAt),
        );
      return { items };
    },
  );

  fastify.post(
    '/trust-anchors',
    {
      bodyLimit: 64 * 1024,
      config: { permission: 'trustAnchors.manage' },
      schema: {
        tags,
        summary: 'Bộ đăng ký chứng thư gốc / The Ministry registers a trust anchor',
        body: Type.Object(
          { certificate: Type.String({ minLength: 1, maxLength: 32_000, description: 'PEM' }) },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({ fingerprint: Type.String(), outboxId: Type.Integer(), queued: Type.Boolean() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'trustAnchors.manage', {});
      const r = await registerTrustAnchor(db, {
        pem: request.body.certificate,
        onLedger: await onLedger(),
        actor: actorOf(request.user),
        now: o.clock(),
      });
      return reply.code(202).send(r);
    },
  );

  fastify.post(
    '/trust-anchors/:fingerprint/retire',
    {
      config: { permission: 'trustAnchors.manage' },
      schema: {
        tags,
        summary: 'Bộ thu hồi chứng thư gốc / The Ministry retires a trust anchor',
        params: Type.Object({ fingerprint: Fingerprint }),
        body: Type.Object(
          { reason: Type.String({ minLength: 3, maxLength: 200, description: 'Lý do / reason' }) },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({ outboxId: Type.Integer(), queued: Type.Boolean() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'trustAnchors.manage', {});
      const r = await retireTrustAnchor(db, {
        fingerprint: request.params.fingerprint,
        reason: request.body.reason,
        onLedger: await onLedger(),
        actor: actorOf(request.user),
        now: o.clock(),
      });
      return reply.code(202).send(r);
    },
  );
};

export default routes;
