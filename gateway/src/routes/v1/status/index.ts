/**
 * Status changes of locked records and anchored batches (issue 6 point 5, DESIGN.md §4.6, §7), registered
 * under `/v1` beside the batch and record routes:
 * - POST /v1/batches/:batchId/accept — the district's acceptance, by the calendar's deadline (`batches.accept`);
 * - POST /v1/batches/:batchId/recall-request — the school asks to recall (`batches.recall`);
 * - POST /v1/batches/:batchId/recall — the school recalls, with the province's permission (`batches.recall`);
 * - POST /v1/batches/:batchId/correct — the correction batch: the batch's corrected records only, each
 *   superseding its old version; classmates and their lookup codes are untouched (`batches.lock`);
 * - POST /v1/batches/:batchId/replace — the whole-batch replacement, after a recall (`batches.lock`);
 * - POST /v1/records/:recordId/revoke — revocation of one record, with the province's permission
 *   (`records.revoke`).
 * - GET /v1/batches/:batchId/status-events — what was asked about the batch and what the ledger made of it:
 *   each status event with its transaction and block, or its queue state and the ledger's refusal code
 *   (`records.read`).
 * Ledger writes are queued with the state change and answered 202: the outbox worker submits them.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import { chaincode } from '../../../ledger/index.ts';
import { type AcceptanceCalendar, acceptBatch } from '../../../services/acceptance.ts';
import { lockCorrection, lockReplacement } from '../../../services/corrections.ts';
import { recallBatch, requestRecall } from '../../../services/recall.ts';
import { lockedMember, requestRevocation } from '../../../services/revocation.ts';
import { statusEventsOf } from '../../../services/status-events.ts';
import { errorResponses } from '../../schemas.ts';
import { actorOf, batchTarget, Id, LegalBasis, Queued, ReasonCode } from './shared.ts';

export interface StatusRoutesOptions {
  clock: () => Date;
}

const BatchParams = Type.Object({ batchId: Id });
const Reasoned = Type.Object(
  { reasonCode: ReasonCode, legalBasis: LegalBasis },
  { additionalProperties: false },
);
const tags = ['after lock'];

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const StatusEventView = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'revoke | recallRequest | recall | replace | permission | accept' }),
  recordId: Nullable(Type.String()),
  replacementBatchId: Nullable(Type.String()),
  permittedAction: Nullable(Type.String()),
  validUntil: Nullable(Type.String()),
  reasonCode: Type.String(),
  legalBasis: Type.String(),
  createdAt: Type.String(),
  ledgerTxId: Nullable(Type.String()),
  blockNumber: Nullable(Type.Integer()),
  queue: Nullable(
    Type.Object({
      state: Type.String({ description: 'pending | submitting | done | failed' }),
      attempts: Type.Integer(),
      errorCode: Nullable(Type.String({ description: 'mã từ chối của sổ cái / the ledger’s refusal code' })),
    }),
  ),
});

const status: FastifyPluginAsyncTypebox<StatusRoutesOptions> = async (fastify, o) => {
  const { db, ledger, ledgerReader } = fastify;
  const calendar = (schoolYear: string): Promise<AcceptanceCalendar> =>
    chaincode.getCalendar(ledger, ledgerReader, schoolYear);

  fastify.post(
    '/batches/:batchId/accept',
    {
      config: { permission: 'batches.accept' },
      schema: {
        tags,
        summary: 'Phòng GD&ĐT tiếp nhận lô (trước 30/6) / The district accepts a batch (by 30/6)',
        params: BatchParams,
        body: Type.Optional(
          Type.Object({ legalBasis: Type.Optional(LegalBasis) }, { additionalProperties: false }),
        ),
        response: {
          202: Type.Object({ ...Queued.properties, deadline: Type.String() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'batches.accept', await batchTarget(db, request.params.batchId));
      const r = await acceptBatch(db, {
        batchId: request.params.batchId,
        actor: actorOf(request.user),
        now: o.clock(),
        calendar,
        legalBasis: request.body?.legalBasis,
      });
      return reply.code(202).send({ ...r, state: 'queued' as const });
    },
  );

  fastify.post(
    '/batches/:batchId/recall-request',
    {
      config: { permission: 'batches.recall' },
      schema: {
        tags,
        summary: 'Trường đề nghị thu hồi lô / The school asks to recall a batch',
        params: BatchParams,
        body: Reasoned,
        response: {
          201: Type.Object({ statusEventId: Type.String(), state: Type.Literal('recallRequested') }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'batches.recall', await batchTarget(db, request.params.batchId));
      const r = await requestRecall(db, {
        batchId: request.params.batchId,
        ...request.body,
        actor: actorOf(request.user),
        now: o.clock(),
      });
      return reply.code(201).send({ ...r, state: 'recallRequested' as const });
    },
  );

  fastify.post(
    '/batches/:batchId/recall',
    {
      config: { permission: 'batches.recall' },
      schema: {
        tags,
        summary: 'Thu hồi lô (khi Sở đã cho phép) / Recall a batch (once the province allows it)',
        params: BatchParams,
        body: Reasoned,
        response: { 202: Queued, ...errorResponses },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'batches.recall', await batchTarget(db, request.params.batchId));
      const r = await recallBatch(db, {
        batchId: request.params.batchId,
        ...request.body,
        actor: actorOf(request.user),
        now: o.clock(),
      });
      return reply.code(202).send({ ...r, state: 'queued' as const });
    },
  );

  fastify.post(
    '/batches/:batchId/replace',
    {
      config: { permission: 'batches.lock' },
      schema: {
        tags,
        summary: 'Khóa lô thay thế sau chỉnh sửa / Lock the replacement batch after corrections',
        description:
          'Lô thay thế gồm phiên bản mới của mọi học bạ còn hiệu lực trong lô cũ (bản đã chỉnh sửa, hoặc bản ' +
          'sao với mã tra cứu mới); cần quyền thay thế của Sở trên sổ cái. / The replacement carries a new ' +
          'version of every locked member of the old batch (corrected, or carried over with a new lookup code); ' +
          'it needs the province’s replace permission on the ledger.',
        params: BatchParams,
        body: Type.Optional(
          Type.Object(
            { signerCertFingerprint: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })) },
            { additionalProperties: false },
          ),
        ),
        response: {
          201: Type.Object({
            batchId: Type.String(),
            supersedes: Type.String(),
            root: Type.String(),
            leafCount: Type.Integer(),
            corrected: Type.Integer(),
            carriedOver: Type.Integer(),
            revokedLeftOut: Type.Integer(),
            state: Type.Literal('assembling'),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'batches.lock', await batchTarget(db, request.params.batchId));
      const r = await lockReplacement(db, {
        batchId: request.params.batchId,
        actor: actorOf(request.user),
        now: o.clock(),
        signerCertFingerprint: request.body?.signerCertFingerprint,
      });
      return reply.code(201).send({ ...r, state: 'assembling' as const });
    },
  );

  fastify.post(
    '/batches/:batchId/correct',
    {
      config: { permission: 'batches.lock' },
      schema: {
        tags,
        summary: 'Khóa lô điều chỉnh / Lock the correction batch of a batch’s corrected records',
        description:
          'Lô điều chỉnh chỉ gồm các học bạ đã được phê duyệt điều chỉnh (giữ nguyên mã tra cứu); các học bạ ' +
          'khác của lớp vẫn hợp lệ. Không cần quyền của Sở. / The correction batch holds only the approved ' +
          'corrected records (their lookup codes unchanged); the rest of the class stays valid. No province ' +
          'permission is needed.',
        params: BatchParams,
        body: Type.Optional(
          Type.Object(
            { signerCertFingerprint: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })) },
            { additionalProperties: false },
          ),
        ),
        response: {
          201: Type.Object({
            batchId: Type.String(),
            root: Type.String(),
            leafCount: Type.Integer(),
            corrects: Type.Array(Type.String(), {
              description: 'Học bạ được thay bằng bản điều chỉnh, theo thứ tự lá / the records superseded',
            }),
            state: Type.Literal('assembling'),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'batches.lock', await batchTarget(db, request.params.batchId));
      const r = await lockCorrection(db, {
        batchId: request.params.batchId,
        actor: actorOf(request.user),
        now: o.clock(),
        signerCertFingerprint: request.body?.signerCertFingerprint,
      });
      return reply.code(201).send({
        batchId: r.batchId,
        root: r.root,
        leafCount: r.leafCount,
        corrects: r.corrects,
        state: 'assembling' as const,
      });
    },
  );

  fastify.get(
    '/batches/:batchId/status-events',
    {
      config: { permission: 'records.read' },
      schema: {
        tags,
        summary: 'Các thay đổi trạng thái của lô / A batch’s status events',
        params: BatchParams,
        response: { 200: Type.Object({ items: Type.Array(StatusEventView) }), ...errorResponses },
      },
    },
    async (request) => {
      authorize(request.user, 'records.read', await batchTarget(db, request.params.batchId));
      const rows = await statusEventsOf(db, request.params.batchId);
      return {
        items: rows.map(({ event: e, queue: q }) => ({
          id: e.id,
          kind: e.kind,
          recordId: e.recordVersionId,
          replacementBatchId: e.replacementBatchId,
          permittedAction: e.permittedAction,
          validUntil: e.validUntil?.toISOString() ?? null,
          reasonCode: e.reasonCode,
          legalBasis: e.legalBasis,
          createdAt: e.createdAt.toISOString(),
          ledgerTxId: e.ledgerTxId,
          blockNumber: e.blockNumber,
          // The code only: the ledger's message is for the operators' log.
          queue: q && {
            state: q.state,
            attempts: q.attempts,
            errorCode:
              q.lastError === null ? null : (/^([A-Z0-9_]+):/.exec(q.lastError)?.[1] ?? 'LEDGER_ERROR'),
          },
        })),
      };
    },
  );

  fastify.post(
    '/records/:recordId/revoke',
    {
      config: { permission: 'records.revoke' },
      schema: {
        tags,
        summary: 'Thu hồi một học bạ (khi Sở đã cho phép) / Revoke one record (once the province allows it)',
        params: Type.Object({ recordId: Id }),
        body: Reasoned,
        response: {
          202: Type.Object({ ...Queued.properties, batchId: Type.String(), leafIndex: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const m = await lockedMember(db, request.params.recordId);
      // The school that locked and signed it revokes it (the ledger authorizes that school's principal).
      authorize(request.user, 'records.revoke', {
        schoolId: m.batch.schoolId,
        districtId: m.districtId,
        provinceId: m.provinceId,
      });
      const r = await requestRevocation(db, {
        recordVersionId: request.params.recordId,
        ...request.body,
        actor: actorOf(request.user),
        now: o.clock(),
      });
      return reply.code(202).send({ ...r, state: 'queued' as const });
    },
  );
};

export default status;
