/**
 * GET /v1/access-log — who read which record or class, and every public lookup (issue 12 point 7; seed 000
 * Điều 3.2), oldest first, a page at a time (`accessLog.read`: the Ministry's auditor everywhere, a province
 * officer within their province). Each entry names its reader by display name and role; a public lookup
 * names nobody and holds no personal data: the SHA-256 of its canonical lookup code (upper case, no
 * hyphens), its outcome and its time.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ACCESS_KINDS,
  ACCESS_OUTCOMES,
  type AccessKind,
  type AccessOutcome,
  ROLES,
  type Role,
} from '@hocba/db';
import { Type } from 'typebox';
import { relationFor } from '../../../auth/policy.ts';
import { ApiError } from '../../../http-errors.ts';
import { readAccessLog } from '../../../services/access-log.ts';
import { errorResponses } from '../../schemas.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Kind = Type.Unsafe<AccessKind>({ type: 'string', enum: [...ACCESS_KINDS] });
const Outcome = Type.Unsafe<AccessOutcome>({ type: 'string', enum: [...ACCESS_OUTCOMES] });
const RoleName = Type.Unsafe<Role>({ type: 'string', enum: [...ROLES] });

const Entry = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    at: Type.String({ format: 'date-time' }),
    kind: Kind,
    actor: Type.Union([
      Type.Object({
        userId: Nullable(Type.String()),
        clientId: Nullable(Type.String()),
        displayName: Nullable(Type.String({ description: 'Tên hiển thị / display name' })),
        role: Type.Union([RoleName, Type.Null()]),
      }),
      Type.Null(),
    ]),
    action: Type.String({ description: 'Tuyến đã đọc / the route read, e.g. GET /v1/records/:recordId' }),
    entityType: Type.String(),
    entityId: Nullable(Type.String()),
    schoolId: Nullable(Type.String()),
    districtId: Nullable(Type.String()),
    provinceId: Nullable(Type.String()),
    codeHash: Nullable(
      Type.String({
        pattern: '^[0-9a-f]{64}$',
        description:
          'Tra cứu công khai: SHA-256 của mã số tra cứu / public lookup: SHA-256 of the lookup code',
      }),
    ),
    outcome: Outcome,
  },
  { additionalProperties: false },
);

const accessLogRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/',
    {
      config: { permission: 'accessLog.read' },
      schema: {
        tags: ['audit'],
        summary: 'Nhật ký truy cập học bạ / The access log of records',
        description:
          'Mỗi lần cán bộ xem học bạ hay lớp và mỗi lần tra cứu công khai, không có dữ liệu cá nhân. / ' +
          'Every staff read of a record or a class and every public lookup, without personal data.',
        querystring: Type.Object(
          {
            afterId: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
            kind: Type.Optional(Kind),
            entityType: Type.Optional(Type.String({ pattern: '^[a-zA-Z]{1,40}$' })),
            entityId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            outcome: Type.Optional(Outcome),
            codeHash: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            {
              items: Type.Array(Entry),
              nextAfterId: Type.Union([Type.Integer(), Type.Null()]),
            },
            { additionalProperties: false },
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const user = request.user!;
      const relation = relationFor('accessLog.read', user.role);
      if (!relation) throw new ApiError('FORBIDDEN');
      return readAccessLog(fastify.db, user, relation, {
        ...request.query,
        limit: request.query.limit ?? 100,
      });
    },
  );
};

export default accessLogRoutes;
