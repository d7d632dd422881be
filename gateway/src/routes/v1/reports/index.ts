/**
 * The province's yearly report to the Ministry and its acknowledgement (seed 000 Art. 4 §3e):
 * - POST /v1/reports — the year's anchored batches in anchoring order and their root, submitted to the
 *   ledger by the worker; a second report of the year is the supplementary one (`reports.submit`);
 * - POST /v1/reports/:schoolYear/:seq/acknowledge — the Ministry's acknowledgement (`reports.acknowledge`);
 * - GET /v1/reports?schoolYear= — the year's reports, what each holds, on the ledger or not, acknowledged or
 *   not; GET /v1/reports/preview?schoolYear= — what a report now would hold and what still waits
 *   (`reports.read`: the province officer their province's, the Ministry all).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize, relationFor } from '../../../auth/policy.ts';
import type { Principal } from '../../../auth/principal.ts';
import { ApiError } from '../../../http-errors.ts';
import * as chaincode from '../../../ledger/chaincode.ts';
import { ServiceError } from '../../../services/errors.ts';
import { anchoredYearProvince } from '../../../services/places.ts';
import {
  lacksLedgerFact,
  listReports,
  type ProvinceScope,
  reportPreview,
  withLedgerFacts,
} from '../../../services/report-view.ts';
import { acknowledgeReport, submitReport } from '../../../services/reports.ts';
import { errorResponses } from '../../schemas.ts';
import { actorOf, SchoolYear } from '../status/shared.ts';
import { ReportItem, ReportPreviewBody } from './schemas.ts';

/** The provinces whose reports this caller reads: null for the Ministry (all). */
function provincesOf(user: Principal): ProvinceScope {
  const relation = relationFor('reports.read', user.role);
  if (relation === 'any') return null;
  if (relation !== 'province') throw new ApiError('FORBIDDEN');
  return user.scope.map((g) => g.provinceId).filter((v): v is string => typeof v === 'string' && v !== '');
}

const YearQuery = Type.Object({ schoolYear: SchoolYear }, { additionalProperties: false });

export interface ReportRoutesOptions {
  clock: () => Date;
}

const tags = ['after lock'];

const reports: FastifyPluginAsyncTypebox<ReportRoutesOptions> = async (fastify, o) => {
  const { db, ledger, ledgerReader } = fastify;

  fastify.get(
    '/',
    {
      config: { permission: 'reports.read' },
      schema: {
        tags,
        summary: 'Các báo cáo năm học và xác nhận của Bộ / The year’s reports and their acknowledgement',
        querystring: YearQuery,
        response: { 200: Type.Object({ items: Type.Array(ReportItem) }), ...errorResponses },
      },
    },
    async (request) => {
      const { schoolYear } = request.query;
      const items = await listReports(db, { schoolYear, provinces: provincesOf(request.user!) });
      if (!items.some(lacksLedgerFact)) return { items };
      try {
        // The ledger's year log, where the database lacks a fact; the database's answer stands without it.
        return {
          items: withLedgerFacts(items, await chaincode.listYearReports(ledger, ledgerReader, schoolYear)),
        };
      } catch (e) {
        request.log.warn({ err: e }, 'reports: the ledger could not be read; the database’s facts only');
        return { items };
      }
    },
  );

  fastify.get(
    '/preview',
    {
      config: { permission: 'reports.read' },
      schema: {
        tags,
        summary:
          'Báo cáo gửi lúc này sẽ gồm những gì, còn chờ gì / What a report submitted now would hold, what still waits',
        querystring: YearQuery,
        response: { 200: ReportPreviewBody, ...errorResponses },
      },
    },
    async (request) =>
      reportPreview(db, { schoolYear: request.query.schoolYear, provinces: provincesOf(request.user!) }),
  );

  fastify.post(
    '/',
    {
      config: { permission: 'reports.submit' },
      schema: {
        tags,
        summary: 'Sở báo cáo năm học lên Bộ / The province reports the school year to the Ministry',
        body: Type.Object({ schoolYear: SchoolYear }, { additionalProperties: false }),
        response: {
          202: Type.Object({
            reportId: Type.String(),
            schoolYear: Type.String(),
            seq: Type.Integer({ description: '1: báo cáo; 2…: bổ sung / 1: the report; 2…: supplementary' }),
            root: Type.String(),
            batchIds: Type.Array(Type.String(), {
              description: 'Các lô trong báo cáo, theo thứ tự neo / the reported batches, in anchoring order',
            }),
            waitingBatchIds: Type.Array(Type.String(), {
              description:
                'Các lô còn chờ Phòng GD&ĐT tiếp nhận (báo cáo là đang chờ, không phải đã tiếp nhận) / ' +
                "the listed batches still waiting for their district's acceptance, reported as waiting",
            }),
            outboxId: Type.Integer(),
            state: Type.Literal('queued'),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { schoolYear } = request.body;
      // The province whose batches these are.
      const provinceId = await anchoredYearProvince(db, schoolYear);
      if (!provinceId) throw new ServiceError('REPORT_EMPTY', `no batch of ${schoolYear} is anchored`);
      authorize(request.user, 'reports.submit', { provinceId });
      const r = await submitReport(db, { schoolYear, actor: actorOf(request.user), now: o.clock() });
      return reply.code(202).send({ ...r, state: 'queued' as const });
    },
  );

  fastify.post(
    '/:schoolYear/:seq/acknowledge',
    {
      config: { permission: 'reports.acknowledge' },
      schema: {
        tags,
        summary: 'Bộ xác nhận báo cáo / The Ministry acknowledges a report',
        params: Type.Object({ schoolYear: SchoolYear, seq: Type.Integer({ minimum: 1, maximum: 999 }) }),
        response: {
          202: Type.Object({
            reportId: Type.String(),
            outboxId: Type.Integer(),
            state: Type.Literal('queued'),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'reports.acknowledge', {});
      const r = await acknowledgeReport(db, {
        schoolYear: request.params.schoolYear,
        seq: request.params.seq,
        actor: actorOf(request.user),
        now: o.clock(),
      });
      return reply.code(202).send({ ...r, state: 'queued' as const });
    },
  );
};

export default reports;
