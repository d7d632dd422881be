/**
 * GET /v1/schools/:schoolId/classes — a school's classes of one school year as its leaders follow them
 * (issue 13): homeroom teacher, pupils, where the records stand by state, the class's newest batch on its way
 * to the ledger (`classes.overview`: the school's leaders, admin and subject groups, and the tiers above; a
 * teacher follows their own classes through the class's records).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RECORD_STATES } from '@hocba/db';
import { Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import { schoolPlace, schoolTarget } from '../../../services/places.ts';
import { schoolClasses, schoolYearsOf } from '../../../services/school-classes.ts';
import { errorResponses } from '../../schemas.ts';
import { Id, SchoolYear } from '../status/shared.ts';

const Instant = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

const ClassOverview = Type.Object({
  classId: Type.String(),
  name: Type.String({ description: 'Tên lớp / class name' }),
  grade: Type.Integer({ description: 'Khối / grade' }),
  homeroomTeacher: Type.Union([Type.String(), Type.Null()], {
    description: 'Giáo viên chủ nhiệm / homeroom teacher',
  }),
  pupils: Type.Integer({ description: 'Số học sinh / pupils enrolled' }),
  records: Type.Object(Object.fromEntries(RECORD_STATES.map((s) => [s, Type.Integer()])), {
    description:
      'Số học bạ theo trạng thái (bản mới nhất của mỗi học sinh) / records by state (newest version)',
  }),
  batch: Type.Optional(
    Type.Object({
      batchId: Type.String(),
      state: Type.String(),
      kind: Type.String(),
      leafCount: Type.Union([Type.Integer(), Type.Null()]),
      lockedAt: Instant,
      anchoredAt: Instant,
      blockNumber: Type.Union([Type.Integer(), Type.Null()]),
      ledgerTxId: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

const schoolClassRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify;
  fastify.get(
    '/schools/:schoolId/classes',
    {
      config: { permission: 'classes.overview' },
      schema: {
        tags: ['school'],
        summary: 'Các lớp của trường và tiến độ học bạ / The school’s classes and where their records stand',
        description:
          'Năm học mặc định là năm học mới nhất của trường. / The school year defaults to the school’s newest.',
        params: Type.Object({ schoolId: Id }, { additionalProperties: false }),
        querystring: Type.Object({ schoolYear: Type.Optional(SchoolYear) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            schoolName: Type.String({ description: 'Tên trường / the school’s name' }),
            schoolYear: Type.Union([Type.String(), Type.Null()]),
            schoolYears: Type.Array(Type.String(), {
              description: 'Các năm học có lớp / years with classes',
            }),
            classes: Type.Array(ClassOverview),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { schoolId } = request.params;
      const school = await schoolPlace(db, schoolId);
      authorize(request.user, 'classes.overview', schoolTarget(school));
      const years = await schoolYearsOf(db, schoolId);
      const schoolYear = request.query.schoolYear ?? years[0] ?? null;
      const classes = schoolYear === null ? [] : await schoolClasses(db, schoolId, schoolYear);
      return {
        // The record layout names the school by it (the console's học bạ), as the lookup does.
        schoolName: school.name,
        schoolYear,
        schoolYears: years,
        classes: classes.map((c) => ({
          ...c,
          ...(c.batch && {
            batch: {
              ...c.batch,
              lockedAt: c.batch.lockedAt?.toISOString() ?? null,
              anchoredAt: c.batch.anchoredAt?.toISOString() ?? null,
            },
          }),
        })),
      };
    },
  );
};

export default schoolClassRoutes;
