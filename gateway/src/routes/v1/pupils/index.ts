/**
 * Pupils and class lists (issue 13 point 1):
 * - POST /v1/classes/:classId/students — create a pupil (student and biography) and enrol them in the class
 *   for its school year; a pupil already known by mã định danh (same date of birth) is enrolled as they are
 *   (`students.manage`);
 * - GET /v1/classes/:classId/students — the class list: each pupil with what a person recognises them by
 *   (`students.list`);
 * - GET /v1/schools/:schoolId/students — search the school's pupils by name (no accents needed), date of
 *   birth or mã định danh, paginated in the class list's order (`students.search`);
 * - GET and PUT /v1/students/:studentId/biography — read (`records.biography.read`, logged as a read of
 *   personal data) and replace (`students.biography.write`, audited) the biography.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import type { Target } from '../../../auth/principal.ts';
import { ApiError } from '../../../http-errors.ts';
import { classPlace, schoolPlace, schoolTarget } from '../../../services/places.ts';
import { searchPupils } from '../../../services/pupil-search.ts';
import {
  classPupils,
  createPupil,
  pupilPlace,
  readBiography,
  updateBiography,
} from '../../../services/pupils.ts';
import { errorResponses } from '../../schemas.ts';
import { actorOf, Id, SchoolYear, Uuid } from '../status/shared.ts';

export interface PupilRoutesOptions {
  clock: () => Date;
}

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const CalendarDate = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  description: 'YYYY-MM-DD',
  examples: ['2015-09-02'],
});
const NationalId = Type.String({
  pattern: '^[0-9]{12}$',
  description: 'Mã định danh (12 chữ số) / 12 digits',
});
/** Text a person wrote: no leading or trailing spaces (as the record schema requires). */
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '^\\S(.*\\S)?$' });
const Sex = Type.Union([Type.Literal('male'), Type.Literal('female')], {
  description: 'Nam: male, Nữ: female',
});
const Guardian = Type.Object(
  {
    relation: Type.Union([Type.Literal('father'), Type.Literal('mother'), Type.Literal('guardian')]),
    fullName: Text(100),
    occupation: Type.Optional(Text(100)),
    phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9]{8,15}$' })),
  },
  { additionalProperties: false },
);
const Biography = Type.Object(
  {
    fullName: Text(100),
    dateOfBirth: CalendarDate,
    sex: Sex,
    birthplace: Text(200),
    ethnicity: Text(50),
    nationality: Type.Optional(Text(50)),
    guardians: Type.Array(Guardian, { maxItems: 4 }),
  },
  {
    additionalProperties: false,
    description: 'Sơ yếu lý lịch (dữ liệu cá nhân nhạy cảm) / biography (sensitive)',
  },
);

const ClassPupil = Type.Object({
  studentId: Type.String(),
  enrolmentId: Type.String(),
  studentCode: Type.String(),
  fullName: Type.String(),
  dateOfBirth: Type.String(),
  sex: Type.String(),
  enrolledOn: Nullable(Type.String()),
  leftOn: Nullable(Type.String()),
});

/** A real calendar day (the pattern lets 2015-02-31 through). */
function assertDay(value: string | undefined, path: string): void {
  if (value === undefined) return;
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value)
    throw new ApiError('VALIDATION', {
      problems: [{ in: 'body', path, message: 'không có ngày này / no such day' }],
    });
}

const pupils: FastifyPluginAsyncTypebox<PupilRoutesOptions> = async (fastify, o) => {
  const { db } = fastify;
  const tags = ['pupils'];

  fastify.post(
    '/classes/:classId/students',
    {
      config: { permission: 'students.manage' },
      schema: {
        tags,
        summary: 'Thêm học sinh vào lớp (tạo mới nếu chưa có) / Enrol a pupil in a class (created if new)',
        params: Type.Object({ classId: Id }),
        body: Type.Object(
          {
            nationalId: NationalId,
            studentCode: Type.Optional(Id),
            biography: Biography,
            enrolledOn: Type.Optional(CalendarDate),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            studentId: Type.String(),
            enrolmentId: Type.String(),
            created: Type.Boolean({
              description: 'false: học sinh đã có, chỉ xếp lớp / known pupil, enrolled only',
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const place = await classPlace(db, request.params.classId);
      authorize(request.user, 'students.manage', place.target);
      const b = request.body;
      assertDay(b.biography.dateOfBirth, '/biography/dateOfBirth');
      assertDay(b.enrolledOn, '/enrolledOn');
      const out = await createPupil(db, {
        cls: place.class,
        nationalId: b.nationalId,
        studentCode: b.studentCode,
        biography: { ...b.biography, fullName: b.biography.fullName.normalize('NFC') },
        enrolledOn: b.enrolledOn,
        actor: actorOf(request.user),
        now: o.clock(),
      });
      return reply.code(201).send(out);
    },
  );

  fastify.get(
    '/classes/:classId/students',
    {
      config: { permission: 'students.list', accessLog: { entityType: 'class', param: 'classId' } },
      schema: {
        tags,
        summary: 'Danh sách học sinh của lớp / A class list',
        params: Type.Object({ classId: Id }),
        response: {
          200: Type.Object({
            classId: Type.String(),
            // A teacher's grant names the class only: the console needs its school to import into it.
            schoolId: Type.String(),
            className: Type.String(),
            grade: Type.Integer(),
            schoolYear: Type.String(),
            pupils: Type.Array(ClassPupil),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const place = await classPlace(db, request.params.classId);
      request.accessed = { target: place.target };
      authorize(request.user, 'students.list', place.target);
      return {
        classId: place.class.id,
        schoolId: place.class.schoolId,
        className: place.class.name,
        grade: place.class.grade,
        schoolYear: place.class.schoolYear,
        pupils: await classPupils(db, place.class.id),
      };
    },
  );

  fastify.get(
    '/schools/:schoolId/students',
    {
      config: { permission: 'students.search', accessLog: { entityType: 'school', param: 'schoolId' } },
      schema: {
        tags,
        summary:
          'Tìm học sinh của trường theo tên (không cần dấu), ngày sinh hoặc mã định danh / Search a school’s pupils',
        params: Type.Object({ schoolId: Id }),
        querystring: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            dateOfBirth: Type.Optional(CalendarDate),
            nationalId: Type.Optional(NationalId),
            schoolYear: Type.Optional(SchoolYear),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            total: Type.Integer(),
            items: Type.Array(
              Type.Object({
                studentId: Type.String(),
                nationalId: Type.String(),
                studentCode: Type.String(),
                fullName: Type.String(),
                dateOfBirth: Type.String(),
                sex: Type.String(),
                classId: Type.String(),
                className: Type.String(),
                schoolYear: Type.String(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const school = await schoolPlace(db, request.params.schoolId);
      const target = schoolTarget(school);
      request.accessed = { target };
      authorize(request.user, 'students.search', target);
      const q = request.query;
      return searchPupils(db, {
        schoolId: school.id,
        schoolYear: q.schoolYear,
        name: q.name,
        dateOfBirth: q.dateOfBirth,
        nationalId: q.nationalId,
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
      });
    },
  );

  /** The pupil's place: the school holding their newest enrolment, its class, the pupil. */
  async function pupilTarget(studentId: string): Promise<Target> {
    const p = await pupilPlace(db, studentId);
    return { ...schoolTarget(await schoolPlace(db, p.custodySchoolId)), classId: p.classId, studentId };
  }

  fastify.get(
    '/students/:studentId/biography',
    {
      config: {
        permission: 'records.biography.read',
        accessLog: { entityType: 'student', param: 'studentId' },
      },
      schema: {
        tags,
        summary: 'Sơ yếu lý lịch của học sinh / A pupil’s biography',
        params: Type.Object({ studentId: Uuid }),
        response: {
          200: Type.Object({
            studentId: Type.String(),
            nationalId: Type.String(),
            studentCode: Type.String(),
            biography: Type.Object({
              fullName: Type.String(),
              dateOfBirth: Type.String(),
              sex: Type.String(),
              birthplace: Type.String(),
              ethnicity: Type.String(),
              nationality: Nullable(Type.String()),
              guardians: Type.Array(Type.Record(Type.String(), Type.String())),
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const target = await pupilTarget(request.params.studentId);
      request.accessed = { target };
      authorize(request.user, 'records.biography.read', target);
      const { student, biography: b } = await readBiography(db, request.params.studentId);
      return {
        studentId: student.id,
        nationalId: student.nationalId,
        studentCode: student.studentCode,
        biography: {
          fullName: b.fullName,
          dateOfBirth: b.dateOfBirth,
          sex: b.sex,
          birthplace: b.birthplace,
          ethnicity: b.ethnicity,
          nationality: b.nationality,
          guardians: b.guardians as unknown as Record<string, string>[],
        },
      };
    },
  );

  fastify.put(
    '/students/:studentId/biography',
    {
      config: { permission: 'students.biography.write' },
      schema: {
        tags,
        summary:
          'Cập nhật sơ yếu lý lịch (giáo viên chủ nhiệm) / Update a pupil’s biography (homeroom teacher)',
        params: Type.Object({ studentId: Uuid }),
        body: Biography,
        response: {
          200: Type.Object({
            changedFields: Type.Array(Type.String(), {
              description: 'Các trường đã đổi / the fields changed',
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const target = await pupilTarget(request.params.studentId);
      authorize(request.user, 'students.biography.write', target);
      assertDay(request.body.dateOfBirth, '/dateOfBirth');
      const b = request.body;
      return updateBiography(db, {
        studentId: request.params.studentId,
        biography: {
          ...b,
          fullName: b.fullName.normalize('NFC'),
          guardians: b.guardians,
        } as Parameters<typeof updateBiography>[1]['biography'],
        actor: actorOf(request.user),
        now: o.clock(),
      });
    },
  );
};

export default pupils;
