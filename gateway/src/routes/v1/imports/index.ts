/**
 * Imports (issue 13 point 2), three routes per importer (imports/index.ts IMPORTERS), each under the
 * importer's permission:
 * - POST /v1/imports/<kind> — upload an .xlsx (base64 in JSON, like every body of this API) for a school:
 *   202 with the job, which parses in the background into a preview; nothing else is written;
 * - GET /v1/imports/<kind>/:jobId — the job: state, progress while it runs, problems (row, column, value,
 *   rule, vi/en message), the summary of what a commit would do, a page of the previewed rows;
 * - POST /v1/imports/<kind>/:jobId/commit — write the previewed rows, all or nothing: 202, then poll;
 * - GET /v1/imports/<kind>/template — the blank .xlsx laid out as the importer reads it (imports/templates.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import { ApiError } from '../../../http-errors.ts';
import { IMPORTERS, type Importer } from '../../../imports/index.ts';
import { ImportJobs, MAX_PROBLEMS_SHOWN } from '../../../imports/jobs.ts';
import {
  TEMPLATE_FILE_NAMES,
  TEMPLATE_KINDS,
  type TemplateKind,
  templateOf,
} from '../../../imports/templates.ts';
import { schoolPlace } from '../../../services/places.ts';
import { errorResponses } from '../../schemas.ts';
import { actorOf, Id, Uuid } from '../status/shared.ts';

export interface ImportRoutesOptions {
  clock: () => Date;
  /** The largest upload, in bytes of the JSON body (the file is base64: 4/3 of its size). */
  bodyLimit: number;
  /** The importers served (default: IMPORTERS). */
  importers?: readonly Importer[];
}

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Problem = Type.Object({
  row: Type.Integer({ description: 'Dòng trong bảng tính (0: cả tệp) / the sheet row (0: the whole file)' }),
  column: Type.String({ description: 'Cột (A, B, …) / column letter' }),
  header: Type.String({ description: 'Tiêu đề cột trong tệp / the column header' }),
  value: Type.String({ description: 'Giá trị trong ô / the cell value' }),
  rule: Type.String({ description: 'Mã quy tắc / rule code' }),
  message: Type.Object({ vi: Type.String(), en: Type.String() }),
});

const JobView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  schoolId: Type.String(),
  options: Type.Record(Type.String(), Type.Unknown()),
  fileName: Nullable(Type.String()),
  fileSha256: Type.String(),
  state: Type.String({ description: 'parsing | previewed | committing | committed | failed' }),
  running: Type.Boolean(),
  progress: Nullable(
    Type.Object({
      phase: Type.String({ description: 'parse | commit' }),
      done: Type.Integer(),
      total: Type.Integer(),
    }),
  ),
  totalRows: Type.Integer(),
  problemCount: Type.Integer(),
  problems: Type.Array(Problem, {
    description: `Tối đa ${MAX_PROBLEMS_SHOWN} lỗi / at most ${MAX_PROBLEMS_SHOWN}`,
  }),
  summary: Nullable(Type.Record(Type.String(), Type.Unknown())),
  preview: Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()]))),
  sameFileCommitted: Nullable(Type.String()),
  createdAt: Type.String(),
  committedAt: Nullable(Type.String()),
});

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const isTemplateKind = (k: string): k is TemplateKind => (TEMPLATE_KINDS as readonly string[]).includes(k);

const importRoutes: FastifyPluginAsyncTypebox<ImportRoutesOptions> = async (fastify, o) => {
  const { db } = fastify;
  const jobs = new ImportJobs(db, o.clock);
  // Before any request: jobs a previous process was running will never finish.
  fastify.addHook('onReady', async () => {
    const failed = await jobs.failInterrupted();
    if (failed.length > 0)
      fastify.log.warn({ jobs: failed }, 'imports interrupted by a restart were marked failed');
  });
  fastify.addHook('onClose', () => jobs.settle());
  const tags = ['imports'];

  // The same bytes for everyone: built once per layout, on first request.
  const templates = new Map<TemplateKind, Promise<Uint8Array>>();

  for (const importer of o.importers ?? IMPORTERS) {
    const { kind, permission, title } = importer;

    if (isTemplateKind(kind)) {
      fastify.get(
        `/${kind}/template`,
        {
          config: { permission: 'imports.template' },
          schema: {
            tags,
            summary: `Tệp mẫu ${title.vi} (.xlsx) / The blank ${title.en} template (.xlsx)`,
            response: {
              200: {
                description: 'Tệp .xlsx trống, đúng bố cục / the blank .xlsx in the layout read',
                content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
              },
              ...errorResponses,
            },
          },
        },
        async (_request, reply) => {
          if (!templates.has(kind)) templates.set(kind, templateOf(kind));
          const bytes = await templates.get(kind)!;
          return reply
            .type(XLSX)
            .header('content-disposition', `attachment; filename="${TEMPLATE_FILE_NAMES[kind]}"`)
            .send(Buffer.from(bytes));
        },
      );
    }

    fastify.post(
      `/${kind}`,
      {
        bodyLimit: o.bodyLimit,
        config: { permission },
        schema: {
          tags,
          summary: `Tải lên ${title.vi} (.xlsx) để xem trước / Upload a ${title.en} (.xlsx) for a preview`,
          body: Type.Object(
            {
              schoolId: Id,
              fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
              content: Type.String({
                minLength: 4,
                description: 'Tệp .xlsx mã hóa base64 / the .xlsx file, base64',
                contentEncoding: 'base64',
              }),
              options: importer.options,
            },
            { additionalProperties: false },
          ),
          response: { 202: JobView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const school = await schoolPlace(db, body.schoolId);
        authorize(request.user, permission, await importer.target(db, school, body.options));
        if (!BASE64.test(body.content) || body.content.length % 4 !== 0)
          throw new ApiError('IMPORT_FILE_INVALID');
        const job = await jobs.start({
          importer,
          school,
          options: body.options,
          fileName: body.fileName,
          bytes: new Uint8Array(Buffer.from(body.content, 'base64')),
          actor: actorOf(request.user),
        });
        return reply.code(202).send(await jobs.view(job, { offset: 0, limit: 0 }));
      },
    );

    fastify.get(
      `/${kind}/:jobId`,
      {
        config: { permission },
        schema: {
          tags,
          summary: `Tiến độ, lỗi và bản xem trước của ${title.vi} / Progress, problems and preview of a ${title.en}`,
          params: Type.Object({ jobId: Uuid }),
          querystring: Type.Object(
            {
              offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
              limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 500, default: 50 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: JobView, ...errorResponses },
        },
      },
      async (request) => {
        const job = await jobs.get(kind, request.params.jobId);
        const school = await schoolPlace(db, job.schoolId);
        authorize(request.user, permission, await importer.target(db, school, job.options));
        return jobs.view(job, { offset: request.query.offset ?? 0, limit: request.query.limit ?? 50 });
      },
    );

    fastify.post(
      `/${kind}/:jobId/commit`,
      {
        config: { permission },
        schema: {
          tags,
          summary: `Ghi ${title.vi} đã xem trước (tất cả hoặc không) / Commit the previewed ${title.en} (all or nothing)`,
          params: Type.Object({ jobId: Uuid }),
          response: { 202: JobView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const job = await jobs.get(kind, request.params.jobId);
        const school = await schoolPlace(db, job.schoolId);
        authorize(request.user, permission, await importer.target(db, school, job.options));
        const taken = await jobs.commit({ importer, job, school, actor: actorOf(request.user) });
        return reply.code(202).send(await jobs.view(taken, { offset: 0, limit: 0 }));
      },
    );
  }
};

export default importRoutes;
