/**
 * What the district checks before it accepts (issue 14, seed 000 Điều 4 khoản 3c):
 * - GET /v1/batches/:batchId/verification — the batch checked again against the ledger: manifest,
 *   signature, signer (certificate and its registration), anchor (transaction, block, time; root, manifest
 *   and CMS hashes and state compared with the database), records (services/batch-verification.ts)
 *   (`batches.verify`);
 * - POST /v1/batches/verification `{ batchIds }` — the same check of up to 50 batches in one request (a page of
 *   the acceptance queue), each answered as the single route answers it, the ledger's trust anchors and
 *   certificate registrations read once; every batch is authorized first, as for the acceptance below
 *   (`batches.verify`);
 * - POST /v1/batches/accept — several acceptances at once, each queued as POST …/:batchId/accept queues it;
 *   every batch is authorized first, and one outside the caller's remit refuses the whole request before
 *   anything is queued (`batches.accept`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import { ApiError } from '../../../http-errors.ts';
import { chaincode, LedgerError } from '../../../ledger/index.ts';
import { toApiError } from '../../../plugins/app/errors.ts';
import { acceptMany } from '../../../services/accept-many.ts';
import type { AcceptanceCalendar } from '../../../services/acceptance.ts';
import { CHECKS, verifyBatch, verifyBatches } from '../../../services/batch-verification.ts';
import { ServiceError } from '../../../services/errors.ts';
import { errorResponses } from '../../schemas.ts';
import { IdString } from '../records/errors.ts';
import { actorOf, batchTarget } from '../status/shared.ts';

/** Batches one POST /v1/batches/verification checks at most: a page of the acceptance queue. */
export const VERIFY_MANY_MAX = 50;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Localized = Type.Object({ vi: Type.String(), en: Type.String() });

const Verification = Type.Object({
  batchId: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  districtId: Type.String(),
  schoolYear: Type.String(),
  classId: Nullable(Type.String()),
  className: Nullable(Type.String()),
  kind: Type.String(),
  state: Type.String({ description: 'Trạng thái trong CSDL / state in the database' }),
  leafCount: Nullable(Type.Integer()),
  recordCount: Type.Integer({ description: 'Số học bạ trong lô / records in the batch' }),
  lockedAt: Nullable(Type.String()),
  checks: Type.Array(
    Type.Object({
      name: Type.String({ enum: [...CHECKS] }),
      outcome: Type.String({ enum: ['pass', 'fail', 'unknown'] }),
      code: Type.Optional(Type.String({ description: 'Lý do / why it failed (a stable code)' })),
    }),
  ),
  ok: Type.Boolean({ description: 'Mọi bước đều đạt / every check passed' }),
  acceptable: Type.Boolean({
    description: 'Đạt và đang chờ tiếp nhận / passed, and waiting for acceptance',
  }),
  signer: Nullable(
    Type.Object({
      fingerprint: Type.String(),
      subject: Type.String(),
      issuer: Type.String(),
      serialNumber: Type.String({ description: 'hex' }),
      notBefore: Type.String(),
      notAfter: Type.String(),
      signingTime: Nullable(Type.String()),
      registration: Type.String({ enum: ['approved', 'pending', 'revoked', 'notRegistered'] }),
      approvedAt: Nullable(Type.String()),
      signedByName: Nullable(Type.String({ description: 'Người gửi chữ ký / who posted the signature' })),
    }),
  ),
  anchor: Nullable(
    Type.Object({
      txId: Type.String(),
      blockNumber: Nullable(Type.Integer()),
      anchoredAt: Type.String(),
      ledgerState: Type.String(),
      acceptedAt: Nullable(Type.String()),
    }),
  ),
  comparison: Type.Array(
    Type.Object({
      field: Type.String({ enum: ['root', 'manifestHash', 'cmsHash', 'state', 'txId', 'blockNumber'] }),
      database: Nullable(Type.String()),
      ledger: Nullable(Type.String()),
      match: Type.Boolean(),
    }),
  ),
  checkedAt: Type.String(),
});

const AcceptResult = Type.Union([
  Type.Object({
    batchId: Type.String(),
    outcome: Type.Literal('queued'),
    statusEventId: Type.String(),
    outboxId: Type.Integer(),
    deadline: Type.String(),
  }),
  Type.Object({
    batchId: Type.String(),
    outcome: Type.Literal('refused'),
    code: Type.String(),
    message: Localized,
  }),
]);

export interface VerificationRoutesOptions {
  clock: () => Date;
}

export const verificationRoutes: FastifyPluginAsyncTypebox<VerificationRoutesOptions> = async (
  fastify,
  o,
) => {
  const { db, ledger, ledgerReader } = fastify;
  const tags = ['batches'];

  /** A ledger read that failed without a ledger code (connection refused, timeout): 503, not a 500. */
  const fromLedger = <T>(p: Promise<T>): Promise<T> =>
    p.catch((e: unknown) => {
      throw e instanceof LedgerError || e instanceof ServiceError || e instanceof ApiError
        ? e
        : new ApiError('LEDGER_UNAVAILABLE', { cause: e });
    });

  fastify.get(
    '/:batchId/verification',
    {
      config: { permission: 'batches.verify' },
      schema: {
        tags,
        summary: 'Kiểm tra lô trước khi tiếp nhận / A batch checked against the ledger before acceptance',
        description:
          'Bản kê, chữ ký số, chứng thư người ký, neo trên sổ cái (giao dịch, khối, thời điểm; so với CSDL) và số học bạ. ' +
          'Một bước không đạt không phải là lỗi: nó được nêu trong `checks`. / Manifest, signature, signer, ' +
          'anchor (transaction, block, time; compared with the database) and records. A failed check is not ' +
          'an error: it is listed in `checks`.',
        params: Type.Object({ batchId: IdString }),
        response: { 200: Verification, ...errorResponses },
      },
    },
    async (request) => {
      authorize(request.user, 'batches.verify', await batchTarget(db, request.params.batchId));
      return fromLedger(
        verifyBatch(db, request.params.batchId, { ledger, reader: ledgerReader, now: o.clock() }),
      );
    },
  );

  fastify.post(
    '/verification',
    {
      config: { permission: 'batches.verify' },
      schema: {
        tags,
        summary: 'Kiểm tra nhiều lô / Several batches checked against the ledger',
        description:
          'Mỗi lô được kiểm tra như GET /v1/batches/{batchId}/verification, theo thứ tự đã gửi; một lô ngoài phạm vi ' +
          'làm cả yêu cầu bị từ chối. / Each batch is checked as GET /v1/batches/{batchId}/verification checks it, ' +
          'in the order sent; a batch outside the caller’s remit refuses the whole request.',
        body: Type.Object(
          {
            batchIds: Type.Array(IdString, {
              minItems: 1,
              maxItems: VERIFY_MANY_MAX,
              uniqueItems: true,
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Verification) }), ...errorResponses },
      },
    },
    async (request) => {
      const { batchIds } = request.body;
      for (const batchId of batchIds)
        authorize(request.user, 'batches.verify', await batchTarget(db, batchId));
      return {
        items: await fromLedger(
          verifyBatches(db, batchIds, { ledger, reader: ledgerReader, now: o.clock() }),
        ),
      };
    },
  );

  fastify.post(
    '/accept',
    {
      config: { permission: 'batches.accept' },
      schema: {
        tags,
        summary: 'Tiếp nhận nhiều lô / Accept several batches',
        description:
          'Mỗi lô được xếp hàng như POST /v1/batches/{batchId}/accept, hoặc bị từ chối với mã riêng; một lô ngoài ' +
          'phạm vi làm cả yêu cầu bị từ chối trước khi xếp hàng lô nào. / Each batch is queued as the single route ' +
          'queues it, or refused with its code; a batch outside the caller’s remit refuses the whole request ' +
          'before anything is queued.',
        body: Type.Object(
          { batchIds: Type.Array(IdString, { minItems: 1, maxItems: 100, uniqueItems: true }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ results: Type.Array(AcceptResult) }), ...errorResponses },
      },
    },
    async (request) => {
      const { batchIds } = request.body;
      // Every batch first: nothing is queued unless the caller may accept them all.
      for (const batchId of batchIds)
        authorize(request.user, 'batches.accept', await batchTarget(db, batchId));
      const calendar = (schoolYear: string): Promise<AcceptanceCalendar> =>
        chaincode.getCalendar(ledger, ledgerReader, schoolYear);
      const outcomes = await acceptMany(db, {
        batchIds,
        actor: actorOf(request.user),
        now: o.clock(),
        calendar,
      });
      if (outcomes.some((r) => r.outcome === 'queued') && fastify.hasDecorator('outbox'))
        fastify.outbox.nudge();
      return {
        results: outcomes.map((r) => {
          if (r.outcome === 'queued') return r;
          const e = toApiError(r.error);
          // Others may be queued already: a fault of ours is this batch's answer (logged), not the request's.
          if (e.statusCode >= 500)
            request.log.error({ err: r.error, batchId: r.batchId }, 'acceptance failed');
          return { batchId: r.batchId, outcome: 'refused' as const, code: e.code, message: e.localized };
        }),
      };
    },
  );
};
