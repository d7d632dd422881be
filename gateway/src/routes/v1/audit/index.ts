/**
 * GET /v1/audit — the audit log (lưu vết), newest last, a page at a time (`audit.read`). Scope-filtered by
 * the school each entry names (details.schoolId): a principal sees their school's entries, a district
 * officer those of the district's schools, a province officer those of the province's schools and the
 * entries that name no school (reports, the system's), the Ministry's auditor everything. Entries hold no
 * personal data (db/src/audit.ts refuses it), so what is shown is what was logged, with each actor named by
 * display name and role (issue 12 point 7) from the accounts, not only by id.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { toHex } from '@hocba/integrity';
import { Type } from 'typebox';
import { relationFor } from '../../../auth/policy.ts';
import type { Principal } from '../../../auth/principal.ts';
import { ApiError } from '../../../http-errors.ts';
import { type AuditScope, readAuditLog } from '../../../services/audit-read.ts';
import { errorResponses } from '../../schemas.ts';

const audit: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify;

  /** The entries this caller may read, by the policy's relation for its role and its grants. */
  function scopeOf(user: Principal): AuditScope {
    const relation = relationFor('audit.read', user.role);
    const values = (k: 'schoolId' | 'districtId' | 'provinceId') =>
      user.scope.map((g) => g[k]).filter((v): v is string => typeof v === 'string' && v !== '');
    switch (relation) {
      case 'any':
        return { kind: 'all' };
      case 'school':
        return { kind: 'schools', schoolIds: values('schoolId') };
      case 'district':
        return { kind: 'district', ids: values('districtId') };
      case 'province':
        return { kind: 'province', ids: values('provinceId') };
      default:
        throw new ApiError('FORBIDDEN');
    }
  }

  fastify.get(
    '/',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Nhật ký lưu vết / The audit log',
        querystring: Type.Object(
          {
            // Bounded: a bigint column, and a number JavaScript holds exactly.
            afterSeq: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
            entityType: Type.Optional(Type.String({ pattern: '^[a-zA-Z]{1,40}$' })),
            entityId: Type.Optional(Type.String({ maxLength: 100 })),
            action: Type.Optional(Type.String({ pattern: '^[a-zA-Z.]{1,80}$' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                seq: Type.Integer(),
                at: Type.String(),
                actorUserId: Type.Union([Type.String(), Type.Null()]),
                actorRole: Type.Union([Type.String(), Type.Null()]),
                actor: Type.Union(
                  [
                    Type.Object({
                      userId: Type.Union([Type.String(), Type.Null()]),
                      clientId: Type.Union([Type.String(), Type.Null()]),
                      displayName: Type.Union([Type.String(), Type.Null()]),
                      role: Type.Union([Type.String(), Type.Null()]),
                    }),
                    Type.Null(),
                  ],
                  {
                    description:
                      'Người thực hiện: tên hiển thị và vai trò (null: hệ thống) / who acted: display name and role (null: the system)',
                  },
                ),
                action: Type.String(),
                entityType: Type.String(),
                entityId: Type.Union([Type.String(), Type.Null()]),
                reason: Type.Union([Type.String(), Type.Null()]),
                details: Type.Record(Type.String(), Type.Unknown()),
                hash: Type.String({ description: 'SHA-256 của chuỗi băm / the entry’s chain hash (hex)' }),
              }),
            ),
            nextAfterSeq: Type.Union([Type.Integer(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 100;
      const rows = await readAuditLog(db, { ...q, limit, scope: scopeOf(request.user!) });
      return {
        items: rows.map((r) => ({
          seq: r.seq,
          at: r.at.toISOString(),
          actorUserId: r.actorUserId,
          actorRole: r.actorRole,
          actor:
            r.actorUserId === null && r.actorClientId === null
              ? null
              : {
                  userId: r.actorUserId,
                  clientId: r.actorClientId,
                  displayName: r.actorDisplayName,
                  role: r.actorRole,
                },
          action: r.action,
          entityType: r.entityType,
          entityId: r.entityId,
          reason: r.reason,
          details: r.details,
          hash: toHex(r.hash),
        })),
        nextAfterSeq: rows.length === limit ? rows.at(-1)!.seq : null,
      };
    },
  );
};

export default audit;
