/**
 * GET /v1/batches — the batches in the caller's remit a page at a time (issue 14 point 1; `batches.list`):
 * what a district officer's queue shows of each (school and class names, kind, state, record count, locked
 * and anchored times, ledger block) and how many match in all. Filters: status, schoolId, districtId,
 * schoolYear, kind; a filter outside the remit matches nothing rather than widening it. Paging by an opaque
 * keyset cursor (services/batch-list.ts), so a page does not shift while batches are added.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BATCH_KINDS, BATCH_STATES } from '@hocba/db';
import { Type } from 'typebox';
import { relationFor } from '../../../auth/policy.ts';
import type { Principal } from '../../../auth/principal.ts';
import { ApiError } from '../../../http-errors.ts';
import {
  type BatchListScope,
  decodeCursor,
  encodeCursor,
  listBatches,
} from '../../../services/batch-list.ts';
import { errorResponses } from '../../schemas.ts';
import { IdString, SchoolYearString } from '../records/errors.ts';

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** The batches this caller may list, by the policy's relation for its role and its grants. */
function scopeOf(user: Principal): BatchListScope {
  const relation = relationFor('batches.list', user.role);
  const values = (k: 'schoolId' | 'districtId' | 'provinceId') =>
    user.scope.map((g) => g[k]).filter((v): v is string => typeof v === 'string' && v !== '');
  switch (relation) {
    case 'any':
      return { kind: 'all' };
    case 'school':
      return { kind: 'school', ids: values('schoolId') };
    case 'district':
      return { kind: 'district', ids: values('districtId') };
    case 'province':
      return { kind: 'province', ids: values('provinceId') };
    default:
      throw new ApiError('FORBIDDEN');
  }
}

const BatchItem = Type.Object({
  batchId: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  districtId: Type.String(),
  provinceId: Type.String(),
  schoolYear: Type.String(),
  classId: NullableString,
  className: Type.Union([Type.String(), Type.Null()], { description: 'null: lô cả trường / a school batch' }),
  kind: Type.String({ enum: [...BATCH_KINDS] }),
  state: Type.String({ enum: [...BATCH_STATES], description: 'Trạng thái / lifecycle state (DESIGN.md §7)' }),
  recordCount: Type.Union([Type.Integer(), Type.Null()], { description: 'Số học bạ / records in the batch' }),
  createdAt: Type.String({
    description: 'Khóa sổ lúc (thứ tự sắp xếp) / when the batch was made (the sort key)',
  }),
  lockedAt: NullableString,
  anchoredAt: NullableString,
  ledgerTxId: NullableString,
  blockNumber: Type.Union([Type.Integer(), Type.Null()]),
});

export const batchListRoute: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify;

  fastify.get(
    '/',
    {
      config: { permission: 'batches.list' },
      schema: {
        tags: ['batches'],
        summary: 'Danh sách lô học bạ trong phạm vi / The batches in the caller’s remit',
        description:
          'Phân trang bằng con trỏ (nextCursor); sắp theo thời điểm khóa rồi mã lô. / ' +
          'Paged by cursor (nextCursor); sorted by lock time then batch id.',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.String({ enum: [...BATCH_STATES] })),
            schoolId: Type.Optional(IdString),
            districtId: Type.Optional(IdString),
            schoolYear: Type.Optional(SchoolYearString),
            kind: Type.Optional(Type.String({ enum: [...BATCH_KINDS] })),
            order: Type.Optional(
              Type.String({
                enum: ['asc', 'desc'],
                default: 'desc',
                description: 'desc: mới nhất trước / newest first; asc: cũ nhất trước / oldest first',
              }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            cursor: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 200,
                pattern: '^[A-Za-z0-9_-]+$',
                description: 'nextCursor của trang trước / the previous page’s nextCursor',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(BatchItem),
            total: Type.Integer({ description: 'Tổng số lô khớp bộ lọc / batches matching, all pages' }),
            nextCursor: Type.Union([Type.String(), Type.Null()], {
              description: 'null: trang cuối / last page',
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
      if (after === null) throw new ApiError('CURSOR_INVALID');
      const page = await listBatches(db, {
        scope: scopeOf(request.user!),
        status: q.status as (typeof BATCH_STATES)[number] | undefined,
        schoolId: q.schoolId,
        districtId: q.districtId,
        schoolYear: q.schoolYear,
        kind: q.kind as (typeof BATCH_KINDS)[number] | undefined,
        order: q.order === 'asc' ? 'asc' : 'desc',
        limit: q.limit ?? 50,
        after,
      });
      return {
        items: page.rows.map((r) => ({
          ...r,
          createdAt: r.createdAt.toISOString(),
          lockedAt: r.lockedAt?.toISOString() ?? null,
          anchoredAt: r.anchoredAt?.toISOString() ?? null,
        })),
        total: page.total,
        nextCursor: page.next ? encodeCursor(page.next) : null,
      };
    },
  );
};
