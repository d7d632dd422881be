/**
 * Transfers between schools (chuyển trường; `transfers.manage`):
 * - POST /v1/transfers — the sending school requests (scope: the sending school);
 * - POST /v1/transfers/:id/decision — the receiving school accepts (custody moves) or rejects (scope: the
 *   receiving school);
 * - GET /v1/transfers?schoolId= — the school's transfers out and in, the pupil named by name and date of
 *   birth, the schools by name (`transfers.manage`, scope: that school);
 * - GET /v1/transfers/schools?schoolId= — the other schools of the province a transfer may go to
 *   (`transfers.manage`, scope: the sending school);
 * - GET /v1/transfers/students/:studentId/records — the student's committed records held by schools in the
 *   caller's remit (`records.read`): after a transfer the receiving school sees them, the sender no longer.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { transfers as transfersTable } from '@hocba/db';
import { Type } from 'typebox';
import { authorize, inScope, relationFor } from '../../../auth/policy.ts';
import { ApiError } from '../../../http-errors.ts';
import { schoolTransfers, transferDestinations } from '../../../services/change-lists.ts';
import { resolvePupil } from '../../../services/pupil-search.ts';
import { decideTransfer, getTransfer, requestTransfer, studentRecords } from '../../../services/transfers.ts';
import { errorResponses } from '../../schemas.ts';
import { actorOf, Id, SchoolYear, schoolTarget, Uuid } from '../status/shared.ts';

export interface TransferRoutesOptions {
  clock: () => Date;
}

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
const TransferView = Type.Object({
  id: Type.String(),
  studentId: Type.String(),
  fromSchoolId: Type.String(),
  toSchoolId: Type.String(),
  state: Type.String({ description: 'requested | completed | rejected' }),
  effectiveOn: Nullable(Type.String()),
  requestedAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  enrolmentsMoved: Type.Optional(Type.Integer()),
});
const view = (t: typeof transfersTable.$inferSelect & { enrolmentsMoved?: number }) => ({
  id: t.id,
  studentId: t.studentId,
  fromSchoolId: t.fromSchoolId,
  toSchoolId: t.toSchoolId,
  state: t.state,
  effectiveOn: t.effectiveOn,
  requestedAt: t.requestedAt.toISOString(),
  decidedAt: t.decidedAt?.toISOString() ?? null,
  ...(t.enrolmentsMoved !== undefined && { enrolmentsMoved: t.enrolmentsMoved }),
});
const tags = ['after lock'];
type PupilField = 'studentId' | 'nationalId' | 'dateOfBirth' | 'className' | 'fullName' | 'schoolYear';

const transfers: FastifyPluginAsyncTypebox<TransferRoutesOptions> = async (fastify, o) => {
  const { db } = fastify;

  /** The pupil named one of the three ways (exactly one); VALIDATION naming the fields otherwise. */
  async function pupilOf(schoolId: string, b: Record<PupilField, string | undefined>): Promise<string> {
    const byId = b.studentId !== undefined;
    const byNumber = b.nationalId !== undefined || b.dateOfBirth !== undefined;
    const byClass = b.className !== undefined || b.fullName !== undefined || b.schoolYear !== undefined;
    const complete = byId
      ? !byNumber && !byClass
      : byNumber
        ? !byClass && b.nationalId !== undefined && b.dateOfBirth !== undefined
        : byClass && b.className !== undefined && b.fullName !== undefined;
    if (!complete)
      throw new ApiError('VALIDATION', {
        problems: [
          {
            in: 'body',
            path: '',
            message:
              'nêu học sinh bằng đúng một cách: studentId; nationalId và dateOfBirth; hoặc className và fullName / ' +
              'name the pupil exactly one way: studentId; nationalId and dateOfBirth; or className and fullName',
          },
        ],
      });
    if (b.studentId !== undefined) return b.studentId;
    if (b.nationalId !== undefined)
      return resolvePupil(db, schoolId, { nationalId: b.nationalId, dateOfBirth: b.dateOfBirth! });
    return resolvePupil(db, schoolId, {
      className: b.className!,
      fullName: b.fullName!,
      schoolYear: b.schoolYear,
    });
  }

  fastify.post(
    '/',
    {
      config: { permission: 'transfers.manage' },
      schema: {
        tags,
        summary: 'Trường chuyển đi lập hồ sơ chuyển trường / The sending school requests a transfer',
        description:
          'Học sinh được nêu bằng một trong ba cách: studentId; hoặc nationalId và dateOfBirth; hoặc className và ' +
          'fullName (năm học mới nhất, hoặc schoolYear) của trường chuyển đi. / Name the pupil one way: studentId; ' +
          'or nationalId and dateOfBirth; or className and fullName (newest year, or schoolYear) at the sending school.',
        body: Type.Object(
          {
            studentId: Type.Optional(Uuid),
            nationalId: Type.Optional(Type.String({ pattern: '^[0-9]{12}$', description: 'Mã định danh' })),
            dateOfBirth: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' })),
            className: Type.Optional(
              Type.String({ minLength: 1, maxLength: 64, description: 'Tên lớp, ví dụ 5A' }),
            ),
            fullName: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Họ và tên' })),
            schoolYear: Type.Optional(SchoolYear),
            fromSchoolId: Id,
            toSchoolId: Id,
            reason: Type.Optional(Type.String({ maxLength: 2000 })),
            effectiveOn: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: TransferView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { studentId, nationalId, dateOfBirth, className, fullName, schoolYear, ...rest } = request.body;
      authorize(request.user, 'transfers.manage', await schoolTarget(db, rest.fromSchoolId));
      const row = await requestTransfer(db, {
        ...rest,
        studentId: await pupilOf(rest.fromSchoolId, {
          studentId,
          nationalId,
          dateOfBirth,
          className,
          fullName,
          schoolYear,
        }),
        actor: actorOf(request.user),
        now: o.clock(),
      });
      return reply.code(201).send(view(row));
    },
  );

  fastify.post(
    '/:id/decision',
    {
      config: { permission: 'transfers.manage' },
      schema: {
        tags,
        summary: 'Trường chuyển đến tiếp nhận hoặc từ chối / The receiving school accepts or rejects',
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ accept: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: TransferView, ...errorResponses },
      },
    },
    async (request) => {
      const t = await getTransfer(db, request.params.id);
      authorize(request.user, 'transfers.manage', await schoolTarget(db, t.toSchoolId));
      const row = await decideTransfer(db, {
        transferId: t.id,
        accept: request.body.accept,
        actor: actorOf(request.user),
        now: o.clock(),
      });
      return view(row);
    },
  );

  const SchoolQuery = Type.Object({ schoolId: Id }, { additionalProperties: false });

  fastify.get(
    '/',
    {
      config: { permission: 'transfers.manage' },
      schema: {
        tags,
        summary: 'Hồ sơ chuyển đi và chuyển đến của trường / The school’s transfers out and in',
        querystring: SchoolQuery,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                direction: Type.Union([Type.Literal('out'), Type.Literal('in')]),
                state: Type.String({ description: 'requested | completed | rejected' }),
                fullName: Type.String(),
                dateOfBirth: Type.String(),
                studentCode: Type.String(),
                fromSchool: Type.String(),
                toSchool: Type.String(),
                effectiveOn: Nullable(Type.String()),
                reason: Nullable(Type.String()),
                requestedAt: Type.String(),
                decidedAt: Nullable(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      authorize(request.user, 'transfers.manage', await schoolTarget(db, request.query.schoolId));
      const rows = await schoolTransfers(db, request.query.schoolId);
      return {
        items: rows.map((r) => ({
          ...r,
          requestedAt: r.requestedAt.toISOString(),
          decidedAt: r.decidedAt?.toISOString() ?? null,
        })),
      };
    },
  );

  fastify.get(
    '/schools',
    {
      config: { permission: 'transfers.manage' },
      schema: {
        tags,
        summary: 'Các trường có thể chuyển đến / The schools a transfer may go to',
        querystring: SchoolQuery,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                schoolId: Type.String(),
                code: Type.String(),
                name: Type.String(),
                level: Type.String(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      authorize(request.user, 'transfers.manage', await schoolTarget(db, request.query.schoolId));
      return { items: await transferDestinations(db, request.query.schoolId) };
    },
  );

  fastify.get(
    '/students/:studentId/records',
    {
      config: { permission: 'records.read', accessLog: { entityType: 'student', param: 'studentId' } },
      schema: {
        tags,
        summary: 'Học bạ của học sinh do trường đang lưu giữ / A student’s records held in one’s remit',
        params: Type.Object({ studentId: Uuid }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                recordId: Type.String(),
                version: Type.Integer(),
                state: Type.String(),
                schoolYear: Type.String(),
                custodySchoolId: Type.String(),
                lookupCode: Nullable(Type.String()),
                batchId: Nullable(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const user = request.user!;
      const relation = relationFor('records.read', user.role);
      if (!relation) throw new ApiError('FORBIDDEN');
      const rows = await studentRecords(db, request.params.studentId);
      const targets = new Map<string, boolean>();
      const visible = [];
      for (const r of rows) {
        const key = `${r.custodySchoolId}|${r.classId}`;
        if (!targets.has(key)) {
          const t = { ...(await schoolTarget(db, r.custodySchoolId)), classId: r.classId };
          targets.set(key, inScope(user, relation, t));
          // The access log's place: the first school of the caller's remit that holds one of them.
          if (targets.get(key) && !request.accessed) request.accessed = { target: t };
        }
        if (targets.get(key)) visible.push(r);
      }
      // Nothing in the caller's remit: as for any object out of scope.
      if (rows.length > 0 && visible.length === 0) throw new ApiError('OUT_OF_SCOPE');
      return {
        items: visible.map((r) => ({
          recordId: r.recordVersionId,
          version: r.version,
          state: r.state,
          schoolYear: r.schoolYear,
          custodySchoolId: r.custodySchoolId,
          lookupCode: r.lookupCode,
          batchId: r.batchId,
        })),
      };
    },
  );
};

export default transfers;
