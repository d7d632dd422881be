/**
 * The Ministry's audit reconciliation (issue 14): POST /v1/reconciliations runs one for a scope and answers
 * its result; GET /v1/reconciliations lists past runs, newest first; GET /v1/reconciliations/:id reads one
 * with its findings. The Ministry's auditor may reconcile anything; a province's officer their province
 * (the province comes from their grant when the body names none). The work is the service's
 * (services/audit-reconciliation.ts); this file checks the remit and shapes the answers.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import { ApiError } from '../../../http-errors.ts';
import { runReconciliation } from '../../../services/audit-reconciliation.ts';
import {
  closeInterruptedRuns,
  getRun,
  listRuns,
  resolveScope,
  scopeChoices,
} from '../../../services/reconciliation-read.ts';
import { FINDING_KINDS } from '../../../services/reconciliation-words.ts';
import { errorResponses, Localized } from '../../schemas.ts';

export interface RoutesOptions {
  clock: () => Date;
}

/** Findings answered with a run; the run keeps them all (findingCount says how many there are). */
const FINDINGS_SHOWN = 1000;

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' });
const SchoolYear = Type.String({
  pattern: '^[0-9]{4}-[0-9]{4}$',
  description: 'Năm học / school year, 2025-2026',
});

const Scope = Type.Object(
  {
    provinceId: Type.Optional(Type.String()),
    provinceName: Type.Optional(Type.String()),
    districtId: Type.Optional(Type.String()),
    districtName: Type.Optional(Type.String()),
    schoolId: Type.Optional(Type.String()),
    schoolName: Type.Optional(Type.String()),
    schoolYear: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const Run = {
  id: Type.String({ format: 'uuid' }),
  scope: Scope,
  state: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  checked: Type.Object(
    { batches: Type.Integer({ minimum: 0 }), records: Type.Integer({ minimum: 0 }) },
    { additionalProperties: false },
  ),
  findingCount: Type.Integer({ minimum: 0 }),
  error: Type.Union([Type.String(), Type.Null()]),
};

const Finding = Type.Object(
  {
    seq: Type.Integer({ minimum: 1 }),
    kind: Type.Unsafe<(typeof FINDING_KINDS)[number]>({ type: 'string', enum: [...FINDING_KINDS] }),
    schoolId: Type.Optional(Type.String()),
    schoolName: Type.Optional(Type.String()),
    batchId: Type.Optional(Type.String()),
    classId: Type.Optional(Type.String()),
    className: Type.Optional(Type.String()),
    recordId: Type.Optional(Type.String()),
    leafIndex: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'Vị trí học bạ trong lô (từ 0) / the record’s place in its batch',
      }),
    ),
    expected: Type.Optional(Type.String({ description: 'Theo sổ cái / as the ledger (or the lock) has it' })),
    actual: Type.Optional(Type.String({ description: 'Trong cơ sở dữ liệu / as the database has it' })),
    message: Localized,
  },
  { additionalProperties: false },
);

const RunWithFindings = Type.Object(
  {
    ...Run,
    findings: Type.Array(Finding, {
      description: `Tối đa ${FINDINGS_SHOWN} sai lệch đầu tiên / the first ${FINDINGS_SHOWN} findings`,
    }),
  },
  { additionalProperties: false },
);

const routes: FastifyPluginAsyncTypebox<RoutesOptions> = async (fastify, o) => {
  fastify.post(
    '/reconciliations',
    {
      config: { permission: 'reconciliations.run' },
      schema: {
        tags: ['audit'],
        summary: 'Đối soát cơ sở dữ liệu với sổ cái / Reconcile the database with the ledger',
        description:
          'So từng lô đã neo (gốc, bản kê, chữ ký, trạng thái, khối) và từng học bạ (lá, bằng chứng, trạng thái) ' +
          'với sổ cái; liệt kê mọi sai lệch. / Compares every anchored batch (root, manifest, signature, state, ' +
          'block) and every record (leaf, proof, status) with the ledger and lists each mismatch.',
        body: Type.Object(
          {
            schoolYear: Type.Optional(SchoolYear),
            provinceId: Type.Optional(Id),
            districtId: Type.Optional(Id),
            schoolId: Type.Optional(Id),
          },
          { additionalProperties: false },
        ),
        response: { 200: RunWithFindings, ...errorResponses },
      },
    },
    async (request) => {
      const user = request.user!;
      const body = request.body ?? {};
      // A province's officer reconciles their own province unless the body narrows it (checked below).
      const own =
        user.role === 'provinceOfficer' ? user.scope.find((g) => g.provinceId)?.provinceId : undefined;
      const scope = await resolveScope(fastify.db, { ...body, provinceId: body.provinceId ?? own });
      authorize(user, 'reconciliations.run', scope);
      const summary = await runReconciliation(
        { db: fastify.db, ledger: fastify.ledger, identity: fastify.ledgerReader, clock: o.clock },
        { scope, actor: { userId: user.sub, role: user.role } },
      );
      const run = await getRun(fastify.db, summary.id, FINDINGS_SHOWN);
      if (!run) throw new ApiError('INTERNAL');
      return run;
    },
  );

  fastify.get(
    '/reconciliations',
    {
      config: { permission: 'reconciliations.read' },
      schema: {
        tags: ['audit'],
        summary: 'Các lần đối soát, mới nhất trước / Past reconciliations, newest first',
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
            beforeStartedAt: Type.Optional(Type.String({ format: 'date-time' })),
            beforeId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            {
              items: Type.Array(Type.Object(Run, { additionalProperties: false })),
              next: Type.Union([
                Type.Object(
                  {
                    beforeStartedAt: Type.String({ format: 'date-time' }),
                    beforeId: Type.String({ format: 'uuid' }),
                  },
                  { additionalProperties: false },
                ),
                Type.Null(),
              ]),
            },
            { additionalProperties: false },
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const user = request.user!;
      const q = request.query;
      if ((q.beforeStartedAt === undefined) !== (q.beforeId === undefined))
        throw new ApiError('CURSOR_INVALID');
      const provinceId =
        user.role === 'ministryAuditor'
          ? undefined
          : (user.scope.find((g) => g.provinceId)?.provinceId ?? '');
      await closeInterruptedRuns(fastify.db, o.clock());
      const page = await listRuns(fastify.db, {
        limit: q.limit ?? 20,
        ...(provinceId !== undefined && { provinceId }),
        ...(q.beforeStartedAt !== undefined &&
          q.beforeId !== undefined && { before: { startedAt: new Date(q.beforeStartedAt), id: q.beforeId } }),
      });
      return {
        items: page.items,
        next: page.next && { beforeStartedAt: page.next.startedAt, beforeId: page.next.id },
      };
    },
  );

  fastify.get(
    '/reconciliations/choices',
    {
      config: { permission: 'reconciliations.read' },
      schema: {
        tags: ['audit'],
        summary: 'Phạm vi có thể đối soát, theo tên / The scopes one may reconcile, by name',
        response: {
          200: Type.Object(
            {
              schoolYears: Type.Array(Type.String()),
              provinces: Type.Array(
                Type.Object(
                  {
                    provinceId: Type.String(),
                    name: Type.String(),
                    districts: Type.Array(
                      Type.Object(
                        {
                          districtId: Type.String(),
                          name: Type.String(),
                          schools: Type.Array(
                            Type.Object(
                              { schoolId: Type.String(), name: Type.String() },
                              { additionalProperties: false },
                            ),
                          ),
                        },
                        { additionalProperties: false },
                      ),
                    ),
                  },
                  { additionalProperties: false },
                ),
              ),
            },
            { additionalProperties: false },
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const user = request.user!;
      if (user.role === 'ministryAuditor') return scopeChoices(fastify.db);
      const provinceId = user.scope.find((g) => g.provinceId)?.provinceId;
      if (provinceId === undefined) throw new ApiError('OUT_OF_SCOPE');
      return scopeChoices(fastify.db, provinceId);
    },
  );

  fastify.get(
    '/reconciliations/:id',
    {
      config: { permission: 'reconciliations.read' },
      schema: {
        tags: ['audit'],
        summary: 'Một lần đối soát và các sai lệch / One reconciliation and its findings',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 200: RunWithFindings, ...errorResponses },
      },
    },
    async (request) => {
      const user = request.user!;
      await closeInterruptedRuns(fastify.db, o.clock());
      const run = await getRun(fastify.db, request.params.id, FINDINGS_SHOWN);
      if (!run) throw new ApiError('RECONCILIATION_NOT_FOUND');
      authorize(user, 'reconciliations.read', {
        ...(run.scope.provinceId !== undefined && { provinceId: run.scope.provinceId }),
      });
      return run;
    },
  );
};

export default routes;
