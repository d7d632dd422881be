/**
 * Correction after lock (seed 001 Art. 15; DESIGN.md §7):
 * - POST /v1/corrections — request, with legal basis and reason (`corrections.request`) and the changed
 *   fields as a diff (`changes`: RFC 6901 pointer, locked value, corrected value; correction-diff.ts says
 *   why this form), checked at once against the locked version: 409 CORRECTION_STALE when a `from` is not
 *   the locked value, 422 CORRECTION_DIFF_INVALID / CORRECTION_OUT_OF_SCOPE / RECORD_INVALID;
 * - POST /v1/corrections/:id/check — the check (`corrections.check`);
 * - POST /v1/corrections/:id/decision — approval (a new version: the request's changes applied to the locked
 *   one; for a request made without changes, the approval's `changes` or — deprecated — its whole corrected
 *   `record`, validated by the record rules: 422 RECORD_INVALID lists each problem) or rejection
 *   (`corrections.approve`);
 * - GET /v1/corrections/:id (`records.read`): the request with each changed field labelled as the record
 *   forms name it and both values in words ("Toán — ĐTBmcn: 6,5 → 7,0"), each side apart too (for a
 *   side-by-side diff);
 * - GET /v1/corrections?schoolId= or ?classId= (`records.read`): the requests of the school's (the class's)
 *   records that the caller may read (a teacher: their class's), the pupil named by name and class, newest
 *   first.
 * The scope is the school holding the record (custody) and, for teachers, its class; a request names the
 * subject it concerns (a subject teacher must name theirs), and the later steps are checked against the
 * subject stored with the request, never one the caller names.
 * Re-signing is the correction batch of the corrected records only: POST /v1/batches/:batchId/correct, then
 * signing as for any batch (the corrected version keeps the record's lookup code).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { correctionRequests, Database } from '@hocba/db';
import { isRecordRuleError } from '@hocba/records';
import { Type } from 'typebox';
import { authorize, inScope, type Permission, relationFor } from '../../../auth/policy.ts';
import type { Principal, Target } from '../../../auth/principal.ts';
import { ApiError, fromServiceCode, type Problem } from '../../../http-errors.ts';
import { classSchool, schoolCorrections } from '../../../services/change-lists.ts';
import type { CorrectionChange } from '../../../services/correction-diff.ts';
import {
  checkCorrection,
  correctionChanges,
  decideCorrection,
  getCorrection,
  requestCorrection,
  versionPlace,
} from '../../../services/corrections.ts';
import { ServiceError } from '../../../services/errors.ts';
import { errorResponses } from '../../schemas.ts';
import { actorOf, Id, LegalBasis, recordProblems, schoolTarget, Uuid } from '../status/shared.ts';

export interface CorrectionRoutesOptions {
  clock: () => Date;
}

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
const Label = Type.Object({ vi: Type.String(), en: Type.String() });
const Change = Type.Object(
  {
    pointer: Type.String({
      minLength: 2,
      maxLength: 300,
      description:
        'RFC 6901 JSON Pointer của trường / the field’s pointer, e.g. /results/subjects/TOAN/comment',
    }),
    from: Type.Optional(
      Type.Unknown({
        description: 'giá trị trong học bạ đã khóa (bỏ trống: thêm trường) / the locked value',
      }),
    ),
    to: Type.Optional(
      Type.Unknown({ description: 'giá trị đã chỉnh sửa (bỏ trống: xóa trường) / the corrected value' }),
    ),
  },
  { additionalProperties: false },
);
const Changes = Type.Array(Change, {
  minItems: 1,
  maxItems: 200,
  description: 'các trường thay đổi / the changed fields (diff)',
});
const LabelledChange = Type.Object({
  pointer: Type.String(),
  from: Type.Optional(Type.Unknown()),
  to: Type.Optional(Type.Unknown()),
  label: Label,
  text: Label,
  fromText: Label,
  toText: Label,
});
const CorrectionView = Type.Object({
  id: Type.String(),
  recordId: Type.String(),
  subject: Nullable(Type.String()),
  state: Type.String({ description: 'requested | checked | rejected | applied' }),
  legalBasis: Type.String(),
  reason: Type.String(),
  checkedAt: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  newVersionId: Nullable(Type.String()),
  changes: Type.Array(LabelledChange, {
    description:
      'các trường thay đổi, có nhãn và giá trị bằng lời / the changed fields, labelled, values in words',
  }),
});
const view = async (db: Database, r: typeof correctionRequests.$inferSelect) => ({
  id: r.id,
  recordId: r.recordVersionId,
  subject: r.subject,
  state: r.state,
  legalBasis: r.legalBasis,
  reason: r.reason,
  checkedAt: r.checkedAt?.toISOString() ?? null,
  decidedAt: r.decidedAt?.toISOString() ?? null,
  decisionNote: r.decisionNote,
  newVersionId: r.newVersionId,
  changes: await correctionChanges(db, r),
});

/**
 * A diff's refusals with the changes at fault as problems (`/changes/<i>`), and the rules a corrected
 * record breaks at its place in the record; anything else as it is.
 */
function diffError(changes: readonly CorrectionChange[] | undefined) {
  return (e: unknown): never => {
    if (
      e instanceof ServiceError &&
      (e.code === 'CORRECTION_STALE' || e.code === 'CORRECTION_DIFF_INVALID')
    ) {
      const d = e.details as { pointers?: string[]; problems?: { pointer: string; reason: string }[] };
      const faults = d.problems ?? (d.pointers ?? []).map((pointer) => ({ pointer, reason: 'stale' }));
      const problems: Problem[] = faults.map((f) => {
        const i = changes?.findIndex((c) => c.pointer === f.pointer) ?? -1;
        return {
          in: 'body',
          path: i >= 0 ? `/changes/${i}` : '/changes',
          message: `${f.pointer}: ${f.reason === 'stale' ? 'from is not the locked value' : f.reason}`,
        };
      });
      throw fromServiceCode(e.code, { problems, cause: e });
    }
    if (isRecordRuleError(e) && changes) {
      throw fromServiceCode('RECORD_INVALID', {
        // The corrected record is not in the body: the problem names its place in the record.
        problems: e.problems.map((p) => ({
          in: 'record',
          path: p.path,
          message: `${p.code}: ${p.message.vi} / ${p.message.en}`,
        })),
        cause: e,
      });
    }
    return recordProblems(e);
  };
}
const Subject = Type.Optional(
  Type.String({ pattern: '^[A-Z0-9_]{2,40}$', description: 'môn học (giáo viên bộ môn) / subject' }),
);
const tags = ['after lock'];

/** The record's place: its custodian school, the class, and the subject named by a subject teacher. */
async function recordTarget(
  db: Database,
  recordId: string,
  subject?: string,
): Promise<Target & { schoolId: string }> {
  const p = await versionPlace(db, recordId);
  return {
    ...(await schoolTarget(db, p.custodySchoolId)),
    schoolId: p.custodySchoolId,
    classId: p.classId,
    ...(subject !== undefined && { subject }),
  };
}

async function authorizedCorrection(
  db: Database,
  user: Principal | null,
  id: string,
  permission: Permission,
) {
  const row = await getCorrection(db, id);
  const target = await recordTarget(db, row.recordVersionId, row.subject ?? undefined);
  authorize(user, permission, target);
  return { row, target };
}

const corrections: FastifyPluginAsyncTypebox<CorrectionRoutesOptions> = async (fastify, o) => {
  const { db } = fastify;
  const Params = Type.Object({ id: Uuid });

  fastify.post(
    '/',
    {
      config: { permission: 'corrections.request' },
      schema: {
        tags,
        summary: 'Đề nghị chỉnh sửa học bạ đã khóa / Request a correction of a locked record',
        body: Type.Object(
          {
            recordId: Id,
            legalBasis: LegalBasis,
            reason: Type.String({ minLength: 3, maxLength: 2000 }),
            subject: Subject,
            changes: Type.Optional(Changes),
          },
          { additionalProperties: false },
        ),
        response: { 201: CorrectionView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { recordId, legalBasis, reason, subject, changes } = request.body;
      authorize(request.user, 'corrections.request', await recordTarget(db, recordId, subject));
      const row = await requestCorrection(db, {
        recordVersionId: recordId,
        subject,
        changes: changes as CorrectionChange[] | undefined,
        legalBasis,
        reason,
        actor: actorOf(request.user),
        now: o.clock(),
      }).catch(diffError(changes as CorrectionChange[] | undefined));
      return reply.code(201).send(await view(db, row));
    },
  );

  fastify.post(
    '/:id/check',
    {
      config: { permission: 'corrections.check' },
      schema: {
        tags,
        summary: 'Kiểm tra, thẩm định đề nghị / Check the request',
        params: Params,
        body: Type.Optional(
          Type.Object(
            { note: Type.Optional(Type.String({ maxLength: 2000 })) },
            { additionalProperties: false },
          ),
        ),
        response: { 200: CorrectionView, ...errorResponses },
      },
    },
    async (request) => {
      const { target } = await authorizedCorrection(db, request.user, request.params.id, 'corrections.check');
      const row = await checkCorrection(db, {
        id: request.params.id,
        note: request.body?.note,
        actor: actorOf(request.user),
        now: o.clock(),
        schoolId: target.schoolId,
      });
      return view(db, row);
    },
  );

  fastify.post(
    '/:id/decision',
    {
      config: { permission: 'corrections.approve' },
      schema: {
        tags,
        summary: 'Phê duyệt hoặc từ chối chỉnh sửa / Approve or reject the correction',
        params: Params,
        body: Type.Object(
          {
            approve: Type.Boolean(),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
            record: Type.Optional(
              Type.Record(Type.String(), Type.Unknown(), {
                deprecated: true,
                description:
                  'Cách cũ: cả học bạ đã chỉnh sửa, chỉ cho đề nghị không kèm thay đổi; dùng changes. / ' +
                  'Deprecated: the whole corrected record, only for a request made without changes; use changes.',
              }),
            ),
            changes: Type.Optional(Changes),
          },
          { additionalProperties: false },
        ),
        response: { 200: CorrectionView, ...errorResponses },
      },
    },
    async (request) => {
      const { target } = await authorizedCorrection(
        db,
        request.user,
        request.params.id,
        'corrections.approve',
      );
      const row = await decideCorrection(db, {
        id: request.params.id,
        approve: request.body.approve,
        note: request.body.note,
        record: request.body.record,
        changes: request.body.changes as CorrectionChange[] | undefined,
        actor: actorOf(request.user),
        now: o.clock(),
        schoolId: target.schoolId,
      }).catch(diffError(request.body.changes as CorrectionChange[] | undefined));
      return view(db, row);
    },
  );

  fastify.get(
    '/',
    {
      config: { permission: 'records.read' },
      schema: {
        tags,
        summary: 'Các đề nghị chỉnh sửa của trường / The school’s correction requests',
        description:
          'Nêu trường (schoolId) hoặc một lớp (classId, cho giáo viên). / Name the school, or one class (teachers).',
        querystring: Type.Object(
          { schoolId: Type.Optional(Id), classId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                recordId: Type.String(),
                state: Type.String(),
                subject: Nullable(Type.String()),
                legalBasis: Type.String(),
                fullName: Type.String(),
                className: Type.String(),
                schoolYear: Type.String(),
                requestedBy: Type.String(),
                requestedAt: Type.String(),
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
      const { classId } = request.query;
      const schoolId = classId !== undefined ? await classSchool(db, classId) : request.query.schoolId;
      if (schoolId === undefined)
        throw new ApiError('VALIDATION', {
          problems: [{ in: 'querystring', path: '', message: 'schoolId or classId' }],
        });
      const school = await schoolTarget(db, schoolId);
      const rows = await schoolCorrections(db, schoolId, classId);
      // Filtered by the caller's remit: a teacher reads their class's requests, the school's leaders all.
      const items = rows.filter((r) => inScope(user, relation, { ...school, classId: r.classId }));
      return {
        items: items.map(({ classId: _c, requestedAt, ...r }) => ({
          ...r,
          requestedAt: requestedAt.toISOString(),
        })),
      };
    },
  );

  fastify.get(
    '/:id',
    {
      config: { permission: 'records.read' },
      schema: {
        tags,
        summary: 'Đề nghị chỉnh sửa / A correction request',
        params: Params,
        response: { 200: CorrectionView, ...errorResponses },
      },
    },
    async (request) =>
      view(db, (await authorizedCorrection(db, request.user, request.params.id, 'records.read')).row),
  );
};

export default corrections;
