/**
 * Editing windows (khóa / mở; issue 6 point 4): PUT /v1/windows freezes or unfreezes entry for a school,
 * a class, a subject, or one subject of one class, optionally between bounds; GET /v1/windows lists a
 * school's windows for a year. Both `windows.freeze` (the school admin or the principal), in scope.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SchoolYear } from '@hocba/records';
import { Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import { ApiError } from '../../../http-errors.ts';
import { schoolPlace, schoolTarget } from '../../../services/places.ts';
import { listWindows, setWindow, type WindowRow } from '../../../services/windows.ts';
import { HOMEROOM } from '../../../services/workflow.ts';
import { IdString, mapped, SchoolYearString, workflowErrors } from '../records/errors.ts';
import { who } from '../records/index.ts';

export interface WindowRoutesOptions {
  clock: () => Date;
}

const Instant = Type.String({ format: 'date-time' });
const NullableString = Type.Union([Type.String(), Type.Null()]);

const Window = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolYear: Type.String(),
  classId: NullableString,
  subject: NullableString,
  frozen: Type.Boolean(),
  opensAt: NullableString,
  closesAt: NullableString,
  reason: NullableString,
});

const view = (w: WindowRow) => ({
  id: w.id,
  schoolId: w.schoolId,
  schoolYear: w.schoolYear,
  classId: w.classId,
  subject: w.subject,
  frozen: w.frozen,
  opensAt: w.opensAt?.toISOString() ?? null,
  closesAt: w.closesAt?.toISOString() ?? null,
  reason: w.reason,
});

const windows: FastifyPluginAsyncTypebox<WindowRoutesOptions> = async (fastify, o) => {
  const { db } = fastify;
  const tags = ['windows'];

  fastify.put(
    '/',
    {
      bodyLimit: 16 * 1024,
      config: { permission: 'windows.freeze' },
      schema: {
        tags,
        summary: 'Khóa / mở nhập liệu / Freeze or unfreeze data entry',
        description:
          'Phạm vi cụ thể nhất quyết định: lớp+môn, lớp, môn, toàn trường. / The most specific scope decides.',
        body: Type.Object(
          {
            schoolId: IdString,
            schoolYear: SchoolYearString,
            classId: Type.Optional(IdString),
            subject: Type.Optional(Type.String({ pattern: `^([A-Z][A-Z0-9_]{0,31}|${HOMEROOM})$` })),
            frozen: Type.Boolean(),
            opensAt: Type.Optional(Instant),
            closesAt: Type.Optional(Instant),
            reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Window, ...workflowErrors },
      },
    },
    async (request) => {
      // The schema's pattern cannot say that the second year follows the first; the database refuses it.
      if (!SchoolYear.safeParse(request.body.schoolYear).success) {
        throw new ApiError('VALIDATION', {
          problems: [
            {
              in: 'body',
              path: '/schoolYear',
              message: 'the second year must follow the first, e.g. 2025-2026',
            },
          ],
        });
      }
      return mapped(async () => {
        const b = request.body;
        const school = await schoolPlace(db, b.schoolId);
        authorize(request.user, 'windows.freeze', schoolTarget(school));
        const row = await setWindow(db, {
          schoolId: b.schoolId,
          schoolYear: b.schoolYear,
          classId: b.classId,
          subject: b.subject,
          frozen: b.frozen,
          opensAt: b.opensAt === undefined ? undefined : new Date(b.opensAt),
          closesAt: b.closesAt === undefined ? undefined : new Date(b.closesAt),
          reason: b.reason,
          actor: who(request.user),
          at: o.clock(),
        });
        return view(row);
      });
    },
  );

  fastify.get(
    '/',
    {
      config: { permission: 'windows.freeze' },
      schema: {
        tags,
        summary: 'Các khoảng khóa / mở của trường / A school’s editing windows',
        querystring: Type.Object(
          { schoolId: IdString, schoolYear: SchoolYearString },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ windows: Type.Array(Window) }), ...workflowErrors },
      },
    },
    async (request) =>
      mapped(async () => {
        const school = await schoolPlace(db, request.query.schoolId);
        authorize(request.user, 'windows.freeze', schoolTarget(school));
        return { windows: (await listWindows(db, school.id, request.query.schoolYear)).map(view) };
      }),
  );
};

export default windows;
