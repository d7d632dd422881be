/**
 * The statistics a district office or the province reports (seed 000 Điều 6.1b, 7.3–7.4; `statistics.read`):
 * - GET /v1/statistics — the year's records drawn up, locked, signed, anchored, accepted and revoked, by
 *   school and grade, with sums per school, per district and in all, within the caller's remit;
 * - GET /v1/statistics.xlsx — the same as an Excel workbook (one sheet per level of detail).
 * A districtId or schoolId filter outside the remit is refused (OUT_OF_SCOPE), never widened.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '@hocba/db';
import { type Static, Type } from 'typebox';
import { inScope, relationFor } from '../../../auth/policy.ts';
import type { Principal } from '../../../auth/principal.ts';
import { ApiError } from '../../../http-errors.ts';
import { schoolPlace, schoolTarget } from '../../../services/places.ts';
import {
  districtTarget,
  type Statistics as StatisticsData,
  type StatisticsScope,
  yearStatistics,
} from '../../../services/statistics.ts';
import { statisticsFileName, statisticsWorkbook, XLSX_TYPE } from '../../../services/statistics-xlsx.ts';
import { errorResponses } from '../../schemas.ts';
import { IdString, SchoolYearString } from '../records/errors.ts';

export interface RoutesOptions {
  clock: () => Date;
}

/** The schools this caller may count, by the policy's relation for its role and its grants. */
function scopeOf(user: Principal): StatisticsScope {
  const relation = relationFor('statistics.read', user.role);
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

const Query = Type.Object(
  {
    schoolYear: SchoolYearString,
    districtId: Type.Optional(IdString),
    schoolId: Type.Optional(IdString),
  },
  { additionalProperties: false },
);

const Counts = {
  total: Type.Integer({
    description: 'Học bạ của năm (phiên bản hiện hành) / the year’s records (current versions)',
  }),
  locked: Type.Integer({ description: 'Đã khóa sổ / locked' }),
  signed: Type.Integer({ description: 'Lô đã ký / in a signed batch' }),
  anchored: Type.Integer({ description: 'Đã neo lên sổ cái / anchored on the ledger' }),
  accepted: Type.Integer({ description: 'Phòng GD&ĐT đã tiếp nhận / accepted by the district' }),
  revoked: Type.Integer({ description: 'Đã thu hồi / revoked' }),
};
const Place = {
  districtId: Type.String(),
  districtName: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
};
const StatisticsBody = Type.Object({
  schoolYear: Type.String(),
  rows: Type.Array(Type.Object({ ...Place, grade: Type.Integer(), ...Counts }), {
    description: 'Theo trường và khối / by school and grade',
  }),
  schools: Type.Array(Type.Object({ ...Place, ...Counts }), { description: 'Theo trường / by school' }),
  districts: Type.Array(
    Type.Object({
      districtId: Type.String(),
      districtName: Type.String(),
      schools: Type.Integer(),
      ...Counts,
    }),
    { description: 'Theo Phòng GD&ĐT / by district' },
  ),
  totals: Type.Object(Counts),
});

/** The statistics the caller asked for, after the policy check of its filters. */
async function statisticsFor(
  db: Database,
  user: Principal,
  q: Static<typeof Query>,
): Promise<StatisticsData> {
  const relation = relationFor('statistics.read', user.role);
  if (!relation) throw new ApiError('FORBIDDEN');
  if (q.schoolId !== undefined) {
    const school = await schoolPlace(db, q.schoolId);
    if (!inScope(user, relation, schoolTarget(school))) throw new ApiError('OUT_OF_SCOPE');
  }
  if (q.districtId !== undefined) {
    const target = await districtTarget(db, q.districtId);
    if (!inScope(user, relation, target)) throw new ApiError('OUT_OF_SCOPE');
  }
  return yearStatistics(db, {
    scope: scopeOf(user),
    schoolYear: q.schoolYear,
    districtId: q.districtId,
    schoolId: q.schoolId,
  });
}

const routes: FastifyPluginAsyncTypebox<RoutesOptions> = async (fastify, o) => {
  const { db } = fastify;
  const tags = ['oversight'];

  fastify.get(
    '/statistics',
    {
      config: { permission: 'statistics.read' },
      schema: {
        tags,
        summary: 'Thống kê học bạ theo trường và khối / Statistics of the year’s records by school and grade',
        querystring: Query,
        response: { 200: StatisticsBody, ...errorResponses },
      },
    },
    async (request) => statisticsFor(db, request.user!, request.query),
  );

  fastify.get(
    '/statistics.xlsx',
    {
      config: { permission: 'statistics.read' },
      schema: {
        tags,
        summary: 'Thống kê học bạ (.xlsx) / The statistics as an Excel workbook',
        querystring: Query,
        response: {
          200: {
            description:
              'Tệp .xlsx: mỗi trang một mức chi tiết (Phòng, trường, trường và khối) / ' +
              'the .xlsx: one sheet per level of detail (district, school, school and grade)',
            content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const stats = await statisticsFor(db, request.user!, request.query);
      const now = o.clock();
      const bytes = await statisticsWorkbook(stats, now);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${statisticsFileName(stats.schoolYear, now)}"`)
        .send(Buffer.from(bytes));
    },
  );
};

export default routes;
