/**
 * The province's registry on the ledger (issue 14; services/registry.ts, services/calendar.ts):
 * - PUT /v1/calendars/:schoolYear — the year's windows (`calendars.set`), checked (400 CALENDAR_INVALID with
 *   each field's problem), queued as calendar:setCalendar (202 `{ outboxId, queued }`);
 * - GET /v1/districts — the province's districts with their schools, and the registry requests the ledger has
 *   not recorded yet (`registry.read`);
 * - POST /v1/districts, POST /v1/schools, PUT /v1/schools/:schoolId/district — register a district, a school,
 *   move a school (`registry.manage`), queued; the database follows once the ledger committed.
 * Every write is the province's own: the target is the province that runs this gateway.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SCHOOL_LEVELS } from '@hocba/db';
import { Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import { fromServiceCode } from '../../../http-errors.ts';
import { CALENDAR_WINDOWS, calendarProblems, setCalendar } from '../../../services/calendar.ts';
import { schoolPlace } from '../../../services/places.ts';
import {
  listDistricts,
  moveSchool,
  networkProvince,
  pendingRegistry,
  registerDistrict,
  registerSchool,
} from '../../../services/registry.ts';
import { errorResponses } from '../../schemas.ts';
import { actorOf, Id, SchoolYear } from '../status/shared.ts';

export interface RoutesOptions {
  clock: () => Date;
}

const tags = ['registry'];
const Instant = (description: string) => Type.String({ format: 'date-time', description });
const Windows = Type.Object(
  {
    lockFrom: Instant('Mở chốt dữ liệu / locking opens'),
    lockUntil: Instant('Hạn chốt dữ liệu / locking closes'),
    acceptanceDeadline: Instant('Hạn Phòng GD&ĐT tiếp nhận (30/6) / district acceptance deadline'),
    reportDeadline: Instant('Hạn Sở báo cáo Bộ (10/7) / report deadline'),
    supplementaryDeadline: Instant('Hạn báo cáo bổ sung (15/8) / supplementary deadline'),
    replacementFrom: Instant('Mở báo cáo thay thế / replacements open'),
    replacementUntil: Instant('Hạn báo cáo thay thế / replacements close'),
  },
  { additionalProperties: false },
);
const Queued = Type.Object({
  outboxId: Type.Integer(),
  queued: Type.Boolean({ description: 'false: đã có yêu cầu đang chờ / a request was waiting already' }),
});
const Name = Type.String({ minLength: 2, maxLength: 200 });
const Msp = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9.-]{0,63}MSP$',
  description: 'Tổ chức trên mạng sổ cái / the Fabric organisation (District1MSP…)',
});
const Level = Type.Union(SCHOOL_LEVELS.map((l) => Type.Literal(l)));

const routes: FastifyPluginAsyncTypebox<RoutesOptions> = async (fastify, o) => {
  const { db } = fastify;
  /** The province this gateway runs: every registry write is its own. */
  const ownProvince = async () => ({ provinceId: (await networkProvince(db)).id });

  fastify.put(
    '/calendars/:schoolYear',
    {
      config: { permission: 'calendars.set' },
      schema: {
        tags,
        summary: 'Sở đặt lịch năm học trên sổ cái / The province sets the year’s calendar on the ledger',
        params: Type.Object({ schoolYear: SchoolYear }),
        body: Windows,
        response: { 202: Queued, ...errorResponses },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'calendars.set', await ownProvince());
      const { schoolYear } = request.params;
      const problems = calendarProblems(schoolYear, request.body);
      if (problems.length > 0) {
        throw fromServiceCode('CALENDAR_INVALID', {
          problems: problems
            .sort((a, b) => CALENDAR_WINDOWS.indexOf(a.field) - CALENDAR_WINDOWS.indexOf(b.field))
            .map((p) => ({ in: 'body', path: `/${p.field}`, message: p.message })),
        });
      }
      const r = await setCalendar(db, {
        schoolYear,
        windows: request.body,
        actor: actorOf(request.user),
        now: o.clock(),
      });
      return reply.code(202).send(r);
    },
  );

  const SchoolItem = Type.Object({ schoolId: Type.String(), name: Type.String(), level: Type.String() });
  fastify.get(
    '/districts',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags,
        summary: 'Các đơn vị cấp huyện/xã và trường của tỉnh / The province’s districts and schools',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                districtId: Type.String(),
                code: Type.String(),
                name: Type.String(),
                mspId: Type.Union([Type.String(), Type.Null()]),
                schools: Type.Array(SchoolItem),
              }),
            ),
            pending: Type.Array(
              Type.Object({
                outboxId: Type.Integer(),
                action: Type.String({ description: 'registerDistrict | registerSchool | moveSchool' }),
                state: Type.String({ description: 'pending | submitting | failed' }),
                error: Type.Union([Type.String(), Type.Null()]),
                districtId: Type.Optional(Type.String()),
                schoolId: Type.Optional(Type.String()),
                fromDistrictId: Type.Optional(Type.String()),
                name: Type.Optional(Type.String()),
              }),
              { description: 'Yêu cầu chưa được ghi lên sổ cái / requests the ledger has not recorded yet' },
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const target = await ownProvince();
      authorize(request.user, 'registry.read', target);
      const pending = (await pendingRegistry(db)).map((r) => ({
        outboxId: r.outboxId,
        action: r.action,
        state: r.state,
        error: r.error,
        ...(r.payload.districtId !== undefined && { districtId: r.payload.districtId }),
        ...(r.payload.schoolId !== undefined && { schoolId: r.payload.schoolId }),
        ...(r.payload.fromDistrictId !== undefined && { fromDistrictId: r.payload.fromDistrictId }),
        ...(r.payload.name !== undefined && { name: r.payload.name }),
      }));
      return { items: await listDistricts(db, target.provinceId), pending };
    },
  );

  fastify.post(
    '/districts',
    {
      config: { permission: 'registry.manage' },
      schema: {
        tags,
        summary: 'Sở đăng ký đơn vị cấp huyện/xã / The province registers a district',
        body: Type.Object({ districtId: Id, name: Name, mspId: Msp }, { additionalProperties: false }),
        response: { 202: Queued, ...errorResponses },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'registry.manage', await ownProvince());
      const r = await registerDistrict(db, { ...request.body, actor: actorOf(request.user), now: o.clock() });
      return reply.code(202).send(r);
    },
  );

  fastify.post(
    '/schools',
    {
      config: { permission: 'registry.manage' },
      schema: {
        tags,
        summary: 'Sở đăng ký trường / The province registers a school',
        body: Type.Object(
          { schoolId: Id, name: Name, level: Level, districtId: Id },
          { additionalProperties: false },
        ),
        response: { 202: Queued, ...errorResponses },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'registry.manage', await ownProvince());
      const r = await registerSchool(db, { ...request.body, actor: actorOf(request.user), now: o.clock() });
      return reply.code(202).send(r);
    },
  );

  fastify.put(
    '/schools/:schoolId/district',
    {
      config: { permission: 'registry.manage' },
      schema: {
        tags,
        summary: 'Sở chuyển trường sang đơn vị khác / The province moves a school to another district',
        params: Type.Object({ schoolId: Id }),
        body: Type.Object({ districtId: Id }, { additionalProperties: false }),
        response: { 202: Queued, ...errorResponses },
      },
    },
    async (request, reply) => {
      const school = await schoolPlace(db, request.params.schoolId);
      authorize(request.user, 'registry.manage', { provinceId: school.provinceId });
      const r = await moveSchool(db, {
        schoolId: school.id,
        districtId: request.body.districtId,
        actor: actorOf(request.user),
        now: o.clock(),
      });
      return reply.code(202).send(r);
    },
  );
};

export default routes;
