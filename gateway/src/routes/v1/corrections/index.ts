/**
 * Correction after lock (seed 001 Art. 15; DESIGN.md §7):
 * - POST /v1/corrections — request, with legal basis and reason (`corrections.request`);
 * - POST /v1/corrections/:id/check — the check (`corrections.check`);
 * - POST /v1/corrections/:id/decision — approval with the corrected record (a new version, validated by the
 *   record rules: 422 RECORD_INVALID lists each problem) or rejection (`corrections.approve`);
 * - GET /v1/corrections/:id (`records.read`).
 * The scope is the school holding the record (custody) and, for teachers, its class; a request names the
 * subject it concerns (a subject teacher must name theirs), and the later steps are checked against the
 * subject stored with the request, never one the caller names.
 * Re-signing is the correction batch of the corrected records only: POST /v1/batches/:batchId/correct, then
 * signing as for any batch (the corrected version keeps the record's lookup code).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { correctionRequests, Database } from '@hocba/db';
import { Type } from 'typebox';
import { authorize, type Permission } from '../../../auth/policy.ts';
import type { Principal, Target } from '../../../auth/principal.ts';
import {
  checkCorrection,
  decideCorrection,
  getCorrection,
  requestCorrection,
  versionPlace,
} from '../../../services/corrections.ts';
import { errorResponses } from '../../schemas.ts';
import { actorOf, Id, LegalBasis, recordProblems, schoolTarget, Uuid } from '../status/shared.ts';

export interface CorrectionRoutesOptions {
  clock: () => Date;
}

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
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
});
const view = (r: typeof correctionRequests.$inferSelect) => ({
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
});
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
          },
          { additionalProperties: false },
        ),
        response: { 201: CorrectionView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { recordId, legalBasis, reason, subject } = request.body;
      authorize(request.user, 'corrections.request', await recordTarget(db, recordId, subject));
      const row = await requestCorrection(db, {
        recordVersionId: recordId,
        subject,
        legalBasis,
        reason,
        actor: actorOf(request.user),
        now: o.clock(),
      });
      return reply.code(201).send(view(row));
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
      return view(row);
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
                description: 'học bạ đã chỉnh sửa (khi phê duyệt) / the corrected record (to approve)',
              }),
            ),
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
        actor: actorOf(request.user),
        now: o.clock(),
        schoolId: target.schoolId,
      }).catch(recordProblems);
      return view(row);
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
      view((await authorizedCorrection(db, request.user, request.params.id, 'records.read')).row),
  );
};

export default corrections;
