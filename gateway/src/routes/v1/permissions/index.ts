/**
 * POST /v1/permissions — the province allows a school to revoke a record of, recall or replace a batch
 * until a given time (seed 000 Art. 6 §c; ledger batch:grantPermission), on a legal basis
 * (`permissions.grant`, province officer). Queued with its status event; the outbox worker submits it.
 * GET /v1/permissions?schoolId= — what was granted, of one school or the whole province, newest first
 * (`permissions.read`, issue 14).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import { grantPermission, listPermissions, PERMITTED_ACTIONS } from '../../../services/permissions.ts';
import { networkProvince } from '../../../services/registry.ts';
import { errorResponses } from '../../schemas.ts';
import { actorOf, batchTarget, Id, LegalBasis, Queued, schoolTarget } from '../status/shared.ts';

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

  const Nullable = Type.Union([Type.String(), Type.Null()]);
  fastify.get(
    '/',
    {
      config: { permission: 'permissions.read' },
      schema: {
        tags: ['after lock'],
        summary: 'Các quyền Sở đã cho phép / The permissions the province gave',
        querystring: Type.Object({ schoolId: Type.Optional(Id) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                statusEventId: Type.String(),
                batchId: Type.String(),
                schoolId: Type.String(),
                schoolName: Type.String(),
                classId: Nullable,
                className: Nullable,
                schoolYear: Type.String(),
                action: Type.Union(PERMITTED_ACTIONS.map((a) => Type.Literal(a))),
                until: Type.String({ format: 'date-time' }),
                legalBasis: Type.String(),
                grantedBy: Nullable,
                grantedAt: Type.String({ format: 'date-time' }),
                state: Type.Union(
                  [Type.Literal('queued'), Type.Literal('recorded'), Type.Literal('refused')],
                  {
                    description: 'chờ sổ cái | đã ghi | bị từ chối / queued | recorded | refused',
                  },
                ),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { schoolId } = request.query;
      const target = schoolId
        ? await schoolTarget(db, schoolId)
        : { provinceId: (await networkProvince(db)).id };
      authorize(request.user, 'permissions.read', target);
      const items = await listPermissions(db, { provinceId: target.provinceId!, schoolId });
      return {
        items: items.map((p) => ({
          ...p,
          until: p.until.toISOString(),
          grantedAt: p.grantedAt.toISOString(),
        })),
      };
    },
  );
};

export default permissions;
