/**
 * The record workflow over HTTP (issue 6 point 4, DESIGN.md §7):
 * - POST /v1/records — version 1 of an enrolment's record, issued its lookup code (`records.create`);
 * - PUT /v1/records/:recordId/entries/:part — a subject's results by its teacher, or the homeroom part
 *   (`homeroom`) by the homeroom teacher (`records.enter`), inside an open editing window;
 * - POST …/review (`records.review`), …/confirm (`records.confirm`), …/approve (`records.approve`);
 * - GET /v1/records/:recordId (`records.read`; the biography only for `records.biography.read`).
 * Each route checks the caller's scope against the record's place (authorize) before anything changes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize, inScope, relationFor } from '../../../auth/policy.ts';
import type { Principal } from '../../../auth/principal.ts';
import { ApiError } from '../../../http-errors.ts';
import { withSignerNames } from '../../../services/signer-names.ts';
import {
  approveRecord,
  confirmSubject,
  createDraft,
  enterPart,
  HOMEROOM,
  readRecord,
  reviewRecord,
  type Who,
} from '../../../services/workflow.ts';
import { asRecordAnswer, RecordShape } from '../verify/schemas.ts';
import { IdString, mapped, UuidString, workflowErrors } from './errors.ts';

export interface RecordRoutesOptions {
  clock: () => Date;
  /** Entries are a few kB; anything much larger is a mistake or an attack. */
  bodyLimit: number;
}

/** The caller as the services' actor (routes with a permission always have one). */
export function who(user: Principal | null): Who {
  if (!user) throw new ApiError('UNAUTHENTICATED');
  return { userId: user.sub, role: user.role };
}

const RecordParams = Type.Object({ recordId: IdString });
const State = Type.String({ description: 'draft | entered | reviewed | confirmed | approved | locked …' });
const Transition = Type.Object({ recordId: Type.String(), state: State });

const RecordView = Type.Object({
  recordId: Type.String(),
  enrolmentId: Type.String(),
  version: Type.Integer(),
  state: State,
  lookupCode: Type.Union([Type.String(), Type.Null()]),
  schoolId: Type.String(),
  classId: Type.String(),
  effectiveAt: Type.Union([Type.String(), Type.Null()]),
  entries: Type.Array(
    Type.Object({ subject: Type.String(), teacherId: Type.String(), enteredAt: Type.String() }),
  ),
  signatures: Type.Array(
    Type.Object({
      role: Type.String(),
      kind: Type.String(),
      signerUserId: Type.Union([Type.String(), Type.Null()]),
      /** The account's display name, for the record's sign-off blocks before lock (null without an account). */
      signerName: Type.Union([Type.String(), Type.Null()]),
      subject: Type.Union([Type.String(), Type.Null()]),
      signedAt: Type.String(),
    }),
  ),
  record: RecordShape,
});

const records: FastifyPluginAsyncTypebox<RecordRoutesOptions> = async (fastify, o) => {
  const { db } = fastify;
  const tags = ['records'];

  fastify.post(
    '/',
    {
      bodyLimit: o.bodyLimit,
      config: { permission: 'records.create' },
      schema: {
        tags,
        summary: 'Lập học bạ (phiên bản 1) / Draw up a record (version 1)',
        body: Type.Object({ enrolmentId: UuidString }, { additionalProperties: false }),
        response: {
          201: Type.Object({
            recordId: Type.String(),
            version: Type.Integer(),
            state: State,
            lookupCode: Type.String(),
            enrolmentId: Type.String(),
          }),
          ...workflowErrors,
        },
      },
    },
    async (request, reply) =>
      mapped(async () => {
        const draft = await createDraft(db, {
          enrolmentId: request.body.enrolmentId,
          actor: who(request.user),
          at: o.clock(),
          guard: (t) => authorize(request.user, 'records.create', t),
        });
        return reply.code(201).send(draft);
      }),
  );

  fastify.get(
    '/:recordId',
    {
      config: { permission: 'records.read', accessLog: { entityType: 'record', param: 'recordId' } },
      schema: {
        tags,
        summary: 'Xem học bạ / Read a record',
        params: RecordParams,
        response: { 200: RecordView, ...workflowErrors },
      },
      serializerCompiler: asRecordAnswer,
    },
    async (request) =>
      mapped(async () => {
        const view = await readRecord(db, request.params.recordId, (t) => {
          // The access log's place, refused or not (plugins/app/access-log.ts).
          request.accessed = { target: t };
          authorize(request.user, 'records.read', t);
          const user = request.user!;
          const relation = relationFor('records.biography.read', user.role);
          return { biography: relation !== undefined && inScope(user, relation, t) };
        });
        return { ...view, signatures: await withSignerNames(db, view.signatures) };
      }),
  );

  fastify.put(
    '/:recordId/entries/:part',
    {
      bodyLimit: o.bodyLimit,
      config: { permission: 'records.enter' },
      schema: {
        tags,
        summary: 'Nhập kết quả một môn hoặc phần của GVCN / Enter one subject, or the homeroom part',
        description:
          '`part` là mã môn (TOAN, TIENG_VIET…) hoặc `homeroom` (phẩm chất, năng lực, nhận xét, khen thưởng). / ' +
          '`part` is a subject code or `homeroom` (qualities, competencies, conduct, comments, awards).',
        params: Type.Object({
          recordId: IdString,
          part: Type.String({ pattern: `^([A-Z][A-Z0-9_]{0,31}|${HOMEROOM})$` }),
        }),
        body: Type.Object(
          { data: Type.Record(Type.String(), Type.Unknown()) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            recordId: Type.String(),
            part: Type.String(),
            state: State,
            missing: Type.Array(Type.String(), { description: 'Phần còn thiếu / parts still missing' }),
          }),
          ...workflowErrors,
        },
      },
    },
    async (request) =>
      mapped(async () => {
        const { recordId, part } = request.params;
        // The homeroom part is the homeroom teacher's alone; subjects are each their teacher's.
        if (part === HOMEROOM && request.user?.role !== 'homeroomTeacher') throw new ApiError('FORBIDDEN');
        return enterPart(db, {
          recordId,
          part,
          data: request.body.data,
          actor: who(request.user),
          at: o.clock(),
          guard: (t) => authorize(request.user, 'records.enter', t),
        });
      }),
  );

  const step = (
    path: string,
    permission: 'records.review' | 'records.approve',
    summary: string,
    run: typeof reviewRecord,
  ) =>
    fastify.post(
      `/:recordId/${path}`,
      {
        bodyLimit: o.bodyLimit,
        config: { permission },
        schema: { tags, summary, params: RecordParams, response: { 200: Transition, ...workflowErrors } },
      },
      async (request) =>
        mapped(() =>
          run(db, {
            recordId: request.params.recordId,
            actor: who(request.user),
            at: o.clock(),
            guard: (t) => authorize(request.user, permission, t),
          }),
        ),
    );
  step('review', 'records.review', 'GVCN xem xét học bạ / Review by the homeroom teacher', reviewRecord);
  step('approve', 'records.approve', 'Hiệu trưởng phê duyệt / Approval by the principal', approveRecord);

  fastify.post(
    '/:recordId/confirm',
    {
      bodyLimit: o.bodyLimit,
      config: { permission: 'records.confirm' },
      schema: {
        tags,
        summary: 'Tổ chuyên môn xác nhận một môn / Confirmation of a subject by its subject group',
        params: RecordParams,
        body: Type.Object(
          { subject: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,31}$' }) },
          { additionalProperties: false },
        ),
        response: { 200: Transition, ...workflowErrors },
      },
    },
    async (request) =>
      mapped(() =>
        confirmSubject(db, {
          recordId: request.params.recordId,
          subject: request.body.subject,
          actor: who(request.user),
          at: o.clock(),
          guard: (t) => authorize(request.user, 'records.confirm', t),
        }),
      ),
  );
};

export default records;
