/**
 * POST /v1/permissions — the province allows a school to revoke a record of, recall or replace a batch
 * until a given time (seed 000 Art. 6 §c; ledger batch:grantPermission), on a legal basis
 * (`permissions.grant`, province officer). Queued with its status event; the outbox worker submits it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import { grantPermission, PERMITTED_ACTIONS } from '../../../services/permissions.ts';
import { errorResponses } from '../../schemas.ts';
import { actorOf, batchTarget, Id, LegalBasis, Queued } from '../status/shared.ts';

export interface PermissionRoutesOptions {
  clock: () => Date;
}

const permissions: FastifyPluginAsyncTypebox<PermissionRoutesOptions> = async (fastify, o) => {
  const { db } = fastify;
  fastify.post(
    '/',
    {
      config: { permission: 'permissions.grant' },
      schema: {
        tags: ['after lock'],
        summary: 'Sở cho phép thu hồi, thay thế / The province allows a revocation, recall or replacement',
        body: Type.Object(
          {
            batchId: Id,
            action: Type.Union(PERMITTED_ACTIONS.map((a) => Type.Literal(a))),
            until: Type.String({ format: 'date-time', description: 'hết hạn / valid until (ISO 8601)' }),
            legalBasis: LegalBasis,
          },
          { additionalProperties: false },
        ),
        response: { 202: Queued, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { batchId, action, until, legalBasis } = request.body;
      authorize(request.user, 'permissions.grant', await batchTarget(db, batchId));
      const r = await grantPermission(db, {
        batchId,
        action,
        until: new Date(until),
        legalBasis,
        actor: actorOf(request.user),
        now: o.clock(),
      });
      return reply.code(202).send({ ...r, state: 'queued' as const });
    },
  );
};

export default permissions;
