/**
 * GET /v1/oversight/waiting?kind=correction|recall|transfer|acceptance (issue 14 point 1; `oversight.read`):
 * what waits for someone in the caller's remit, oldest first, with who must act (roles and words) and since
 * when; paged by the batch list's keyset cursor (services/batch-list.ts) over (since, id).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiError } from '../../../http-errors.ts';
import { decodeCursor, encodeCursor } from '../../../services/batch-list.ts';
import {
  cursorFitsKind,
  listWaiting,
  WAITING_KINDS,
  WAITING_STEPS,
  type WaitingKind,
} from '../../../services/oversight-waiting.ts';
import { errorResponses } from '../../schemas.ts';
import { IdString, SchoolYearString } from '../records/errors.ts';
import { remitOf } from './remit.ts';

const NullableString = Type.Union([Type.String(), Type.Null()]);
const DAY_MS = 86_400_000;

const WaitingItem = Type.Object({
  kind: Type.String({ enum: [...WAITING_KINDS] }),
  id: Type.String({ description: 'Mã lô, đề nghị chỉnh sửa hoặc chuyển trường / the item’s id' }),
  step: Type.String({ enum: Object.keys(WAITING_STEPS) }),
  waitingFor: Type.Object(
    {
      roles: Type.Array(Type.String()),
      vi: Type.String(),
      en: Type.String(),
    },
    { description: 'Ai phải xử lý / who must act' },
  ),
  since: Type.String({ description: 'Chờ từ lúc (thứ tự sắp xếp) / waiting since (the sort key)' }),
  waitingDays: Type.Integer({ description: 'Số ngày đã chờ / whole days waited' }),
  schoolId: Type.String(),
  schoolName: Type.String(),
  districtId: Type.String(),
  schoolYear: NullableString,
  batchId: NullableString,
  recordId: NullableString,
  classId: NullableString,
  className: NullableString,
  fromSchoolId: NullableString,
  fromSchoolName: Type.Union([Type.String(), Type.Null()], {
    description: 'Trường chuyển đi (chuyển trường) / the sending school (transfers)',
  }),
});

export const waitingRoutes: FastifyPluginAsyncTypebox<{ clock: () => Date }> = async (fastify, opts) => {
  const { db } = fastify;

  fastify.get(
    '/oversight/waiting',
    {
      config: { permission: 'oversight.read' },
      schema: {
        tags: ['oversight'],
        summary: 'Việc đang chờ xử lý / What waits for someone',
        description:
          'Một loại mỗi lần, cũ nhất trước; phân trang bằng con trỏ (nextCursor). / One kind at a time, oldest ' +
          'first; paged by cursor (nextCursor). correction: chờ kiểm tra hoặc phê duyệt / waiting for check or ' +
          'approval; recall: chờ Sở cho phép / waiting for the province; transfer: chờ trường tiếp nhận / ' +
          'waiting for the receiving school; acceptance: chờ Phòng tiếp nhận / waiting for the district.',
        querystring: Type.Object(
          {
            kind: Type.String({ enum: [...WAITING_KINDS] }),
            schoolYear: Type.Optional(SchoolYearString),
            districtId: Type.Optional(IdString),
            schoolId: Type.Optional(IdString),
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
            kind: Type.String({ enum: [...WAITING_KINDS] }),
            items: Type.Array(WaitingItem),
            total: Type.Integer({ description: 'Tổng số việc đang chờ / items waiting, all pages' }),
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
      const kind = q.kind as WaitingKind;
      const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
      if (after === null || (after !== undefined && !cursorFitsKind(kind, after)))
        throw new ApiError('CURSOR_INVALID');
      const page = await listWaiting(db, {
        kind,
        scope: remitOf(request.user!),
        schoolYear: q.schoolYear,
        districtId: q.districtId,
        schoolId: q.schoolId,
        limit: q.limit ?? 50,
        after,
      });
      const now = opts.clock().getTime();
      return {
        kind,
        items: page.rows.map((r) => ({
          ...r,
          waitingFor: WAITING_STEPS[r.step],
          since: r.since.toISOString(),
          waitingDays: Math.max(0, Math.floor((now - r.since.getTime()) / DAY_MS)),
        })),
        total: page.total,
        nextCursor: page.next ? encodeCursor(page.next) : null,
      };
    },
  );
};
