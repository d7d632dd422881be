/**
 * GET /v1/oversight/batch-counts and /v1/oversight/record-counts (issue 14 point 1; `oversight.read`): how
 * many batches (by state, school, district, kind or year) and how many record versions (by school, district
 * or state) the caller's remit holds, each group with its counts per lifecycle state. Filters: schoolYear,
 * districtId, schoolId (and kind for batches); a filter outside the remit counts nothing.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BATCH_KINDS, BATCH_STATES, RECORD_STATES } from '@hocba/db';
import { Type } from 'typebox';
import {
  BATCH_GROUPS,
  type BatchGroup,
  countBatches,
  countRecords,
  RECORD_GROUPS,
  type RecordGroup,
} from '../../../services/oversight-counts.ts';
import { errorResponses } from '../../schemas.ts';
import { IdString, SchoolYearString } from '../records/errors.ts';
import { remitOf } from './remit.ts';

const ByStatus = (states: readonly string[], what: string) =>
  Type.Object(Object.fromEntries(states.map((s) => [s, Type.Optional(Type.Integer({ minimum: 1 }))])), {
    description: `Số ${what} theo trạng thái (trạng thái không có thì bỏ) / ${what} per state (absent: none)`,
  });

const Counts = (states: readonly string[], what: string) =>
  Type.Object({
    groupBy: Type.String(),
    items: Type.Array(
      Type.Object({
        key: Type.String({
          description: 'Mã nhóm: trạng thái, mã trường, mã phòng, loại lô hoặc năm học / the group’s value',
        }),
        name: Type.Union([Type.String(), Type.Null()], {
          description: 'Tên trường hoặc phòng; null với nhóm khác / the school’s or district’s name',
        }),
        total: Type.Integer(),
        byStatus: ByStatus(states, what),
      }),
    ),
    total: Type.Integer({ description: `Tổng số ${what} / ${what} in all` }),
  });

const Place = {
  schoolYear: Type.Optional(SchoolYearString),
  districtId: Type.Optional(IdString),
  schoolId: Type.Optional(IdString),
};

export const countRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify;

  fastify.get(
    '/oversight/batch-counts',
    {
      config: { permission: 'oversight.read' },
      schema: {
        tags: ['oversight'],
        summary: 'Đếm lô học bạ theo nhóm / Batches counted by group',
        description:
          'Trong phạm vi của người gọi; mỗi nhóm kèm số lô theo trạng thái. / Within the caller’s remit; ' +
          'each group with its batches per state. groupBy: status (lifecycle order), school, district, kind, ' +
          'year (by key).',
        querystring: Type.Object(
          {
            groupBy: Type.Optional(Type.String({ enum: [...BATCH_GROUPS], default: 'status' })),
            ...Place,
            kind: Type.Optional(Type.String({ enum: [...BATCH_KINDS] })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Counts(BATCH_STATES, 'lô / batches'), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const groupBy = (q.groupBy ?? 'status') as BatchGroup;
      const counts = await countBatches(db, {
        scope: remitOf(request.user!),
        groupBy,
        schoolYear: q.schoolYear,
        districtId: q.districtId,
        schoolId: q.schoolId,
        kind: q.kind as (typeof BATCH_KINDS)[number] | undefined,
      });
      return { groupBy, ...counts };
    },
  );

  fastify.get(
    '/oversight/record-counts',
    {
      config: { permission: 'oversight.read' },
      schema: {
        tags: ['oversight'],
        summary: 'Đếm phiên bản học bạ theo trạng thái / Record versions counted per state',
        description:
          'Theo trường (của lớp), theo phòng hoặc theo trạng thái, trong phạm vi của người gọi. / By the ' +
          'school of their class, by district or by state, within the caller’s remit.',
        querystring: Type.Object(
          {
            groupBy: Type.Optional(Type.String({ enum: [...RECORD_GROUPS], default: 'school' })),
            ...Place,
          },
          { additionalProperties: false },
        ),
        response: { 200: Counts(RECORD_STATES, 'học bạ / records'), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const groupBy = (q.groupBy ?? 'school') as RecordGroup;
      const counts = await countRecords(db, {
        scope: remitOf(request.user!),
        groupBy,
        schoolYear: q.schoolYear,
        districtId: q.districtId,
        schoolId: q.schoolId,
      });
      return { groupBy, ...counts };
    },
  );
};
