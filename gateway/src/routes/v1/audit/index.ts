/**
 * GET /v1/audit — the audit log (lưu vết), newest last, a page at a time (`audit.read`). Scope-filtered by
 * the school each entry names (details.schoolId): a principal sees their school's entries, a district
 * officer those of the district's schools, a province officer those of the province's schools and the
 * entries that name no school (reports, the system's), the Ministry's auditor everything. Entries hold no
 * personal data (db/src/audit.ts refuses it), so what is shown is what was logged.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { auditLog, schools } from '@hocba/db';
import { toHex } from '@hocba/integrity';
import { and, asc, eq, gt, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { relationFor } from '../../../auth/policy.ts';
import type { Principal } from '../../../auth/principal.ts';
import { ApiError } from '../../../http-errors.ts';
import { errorResponses } from '../../schemas.ts';

const schoolOf = sql<string | null>`${auditLog.details}->>'schoolId'`;

const audit: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify;

  /** The condition on entries this caller may read; undefined: all. */
  async function scopeFilter(user: Principal): Promise<SQL | undefined> {
    const relation = relationFor('audit.read', user.role);
    const grants = user.scope;
    const values = (k: 'schoolId' | 'districtId' | 'provinceId') =>
      grants.map((g) => g[k]).filter((v): v is string => typeof v === 'string' && v !== '');
    switch (relation) {
      case 'any':
        return undefined;
      case 'school':
        return inArray(schoolOf, values('schoolId').length ? values('schoolId') : ['']);
      case 'district':
      case 'province': {
        const column = relation === 'district' ? schools.districtId : schools.provinceId;
        const ids = values(relation === 'district' ? 'districtId' : 'provinceId');
        const own = ids.length
          ? (await db.select({ id: schools.id }).from(schools).where(inArray(column, ids))).map((s) => s.id)
          : [];
        const ofSchools = inArray(schoolOf, own.length ? own : ['']);
        // Entries naming no school are this database's province's: only its officers (their province
        // has schools here) see them, not an officer of another province.
        return relation === 'province' && own.length ? or(ofSchools, isNull(schoolOf)) : ofSchools;
      }
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
      const rows = await db
        .select()
        .from(auditLog)
        .where(
          and(
            gt(auditLog.seq, q.afterSeq ?? 0),
            q.entityType === undefined ? undefined : eq(auditLog.entityType, q.entityType),
            q.entityId === undefined ? undefined : eq(auditLog.entityId, q.entityId),
            q.action === undefined ? undefined : eq(auditLog.action, q.action),
            await scopeFilter(request.user!),
          ),
        )
        .orderBy(asc(auditLog.seq))
        .limit(limit);
      return {
        items: rows.map((r) => ({
          seq: r.seq,
          at: r.at.toISOString(),
          actorUserId: r.actorUserId,
          actorRole: r.actorRole,
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
