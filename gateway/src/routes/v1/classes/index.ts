/**
 * A class's records (issue 6 point 4, read side of the workflow):
 * - GET /v1/classes/:classId/records — each enrolment with its current version, state and the parts
 *   entered so far (`records.read`; no personal data beyond the student code);
 * - POST /v1/classes/:classId/records — version 1 for every enrolment that has none yet, each issued its
 *   lookup code (`records.create`);
 * - PUT /v1/classes/:classId/subjects/:subject/marks — one subject's marks for the whole class, all or
 *   nothing (`records.enter`, as the entry of one record; services/marks.ts);
 * - PUT /v1/classes/:classId/homeroom — the homeroom part (qualities, competencies, conduct, comments) of
 *   the whole class, all or nothing, by the class's homeroom teacher (`records.enter.homeroom`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import { ServiceError } from '../../../services/errors.ts';
import { enterClassMarks, MAX_MARK_ROWS } from '../../../services/marks.ts';
import { classPlace } from '../../../services/places.ts';
import { classRecords, createDraft, HOMEROOM } from '../../../services/workflow.ts';
import { IdString, mapped, workflowErrors } from '../records/errors.ts';
import { who } from '../records/index.ts';

export interface ClassRoutesOptions {
  clock: () => Date;
}

const Score = Type.Number({ minimum: 0, maximum: 10 });
/** What the circular derives from one row (records' EntryDerived): averages, or the year's result. */
const Derived = Type.Union([
  Type.Object({ assessment: Type.Literal('level') }),
  Type.Object({
    assessment: Type.Literal('score'),
    semester1Average: Score,
    semester2Average: Score,
    yearAverage: Score,
  }),
  Type.Object({ assessment: Type.Literal('comment'), year: Type.String() }),
  Type.Null(),
]);

const Params = Type.Object({ classId: IdString });
/** The rows of a class-wide entry: each a record of the class and its part's data, at most MAX_MARK_ROWS. */
const EntryRows = Type.Object(
  {
    rows: Type.Array(
      Type.Object(
        { recordId: IdString, data: Type.Record(Type.String(), Type.Unknown()) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_MARK_ROWS },
    ),
  },
  { additionalProperties: false },
);
const Missing = Type.Array(Type.String(), { description: 'Phần còn thiếu / parts still missing' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const classes: FastifyPluginAsyncTypebox<ClassRoutesOptions> = async (fastify, o) => {
  const { db } = fastify;
  const tags = ['records'];

  fastify.get(
    '/:classId/records',
    {
      config: { permission: 'records.read', accessLog: { entityType: 'class', param: 'classId' } },
      schema: {
        tags,
        summary: 'Học bạ của một lớp / The records of a class',
        params: Params,
        response: {
          200: Type.Object({
            classId: Type.String(),
            schoolYear: Type.String(),
            records: Type.Array(
              Type.Object({
                recordId: Nullable(Type.String()),
                enrolmentId: Type.String(),
                studentCode: Type.String(),
                version: Type.Union([Type.Integer(), Type.Null()]),
                state: Nullable(Type.String()),
                entered: Type.Array(Type.String()),
              }),
            ),
          }),
          ...workflowErrors,
        },
      },
    },
    async (request) =>
      mapped(async () => {
        const place = await classPlace(db, request.params.classId);
        request.accessed = { target: place.target };
        authorize(request.user, 'records.read', place.target);
        return {
          classId: place.class.id,
          schoolYear: place.class.schoolYear,
          records: await classRecords(db, place.class.id),
        };
      }),
  );

  fastify.post(
    '/:classId/records',
    {
      config: { permission: 'records.create' },
      schema: {
        tags,
        summary: 'Lập học bạ cho cả lớp / Draw up the records of a whole class',
        params: Params,
        response: {
          201: Type.Object({
            created: Type.Array(
              Type.Object({ recordId: Type.String(), enrolmentId: Type.String(), lookupCode: Type.String() }),
            ),
          }),
          ...workflowErrors,
        },
      },
    },
    async (request, reply) =>
      mapped(async () => {
        const place = await classPlace(db, request.params.classId);
        authorize(request.user, 'records.create', place.target);
        const created = [];
        for (const row of await classRecords(db, place.class.id)) {
          if (row.recordId !== null) continue;
          try {
            const d = await createDraft(db, {
              enrolmentId: row.enrolmentId,
              actor: who(request.user),
              at: o.clock(),
              guard: (t) => authorize(request.user, 'records.create', t),
            });
            created.push({ recordId: d.recordId, enrolmentId: d.enrolmentId, lookupCode: d.lookupCode });
          } catch (e) {
            // Drawn up meanwhile by someone else: not ours to create.
            if (!(e instanceof ServiceError && e.code === 'RECORD_EXISTS')) throw e;
          }
        }
        return reply.code(201).send({ created });
      }),
  );

  fastify.put(
    '/:classId/subjects/:subject/marks',
    {
      // A row is a few hundred bytes; a class of 45 with comments stays far below this.
      bodyLimit: 512 * 1024,
      config: { permission: 'records.enter' },
      schema: {
        tags,
        summary: 'Nhập điểm một môn cho cả lớp / Enter one subject’s marks for a whole class',
        description:
          'Mỗi dòng là kết quả môn học của một học sinh (như PUT /v1/records/:recordId/entries/:part). Tất cả ' +
          'hoặc không: một dòng sai thì không dòng nào được ghi, lỗi nêu dòng, học sinh, trường và điều khoản. / ' +
          'Each row is one pupil’s entry for the subject (as PUT /v1/records/:recordId/entries/:part). All or ' +
          'nothing: one bad row and no row is written; the problems name the row, pupil, field and rule.',
        params: Type.Object({
          classId: IdString,
          subject: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,31}$' }),
        }),
        body: EntryRows,
        response: {
          200: Type.Object({
            classId: Type.String(),
            subject: Type.String(),
            rows: Type.Array(
              Type.Object({
                recordId: Type.String(),
                studentCode: Type.String(),
                state: Type.String(),
                missing: Missing,
                derived: Derived,
              }),
            ),
          }),
          ...workflowErrors,
        },
      },
    },
    async (request) =>
      mapped(() =>
        enterClassMarks(db, {
          classId: request.params.classId,
          subject: request.params.subject,
          rows: request.body.rows,
          actor: who(request.user),
          at: o.clock(),
          guard: (t) => authorize(request.user, 'records.enter', t),
        }),
      ),
  );

  fastify.put(
    '/:classId/homeroom',
    {
      bodyLimit: 512 * 1024,
      config: { permission: 'records.enter.homeroom' },
      schema: {
        tags,
        summary: 'Nhập phần của giáo viên chủ nhiệm cho cả lớp / Enter the homeroom part for a whole class',
        description:
          'Mỗi dòng là phần của giáo viên chủ nhiệm trong học bạ một học sinh (như PUT ' +
          '/v1/records/:recordId/entries/homeroom): phẩm chất, năng lực, nhận xét (tiểu học); rèn luyện, ' +
          'ngày nghỉ (trung học). Tất cả hoặc không: một dòng sai thì không dòng nào được ghi. / Each row is ' +
          'the homeroom part of one pupil’s record (as PUT /v1/records/:recordId/entries/homeroom). All or ' +
          'nothing: one bad row and no row is written; the problems name the row, pupil, field and rule.',
        params: Params,
        body: EntryRows,
        response: {
          200: Type.Object({
            classId: Type.String(),
            rows: Type.Array(
              Type.Object({
                recordId: Type.String(),
                studentCode: Type.String(),
                state: Type.String(),
                missing: Missing,
              }),
            ),
          }),
          ...workflowErrors,
        },
      },
    },
    async (request) =>
      mapped(async () => {
        const done = await enterClassMarks(db, {
          classId: request.params.classId,
          subject: HOMEROOM,
          rows: request.body.rows,
          actor: who(request.user),
          at: o.clock(),
          guard: (t) => authorize(request.user, 'records.enter.homeroom', t),
        });
        return { classId: done.classId, rows: done.rows };
      }),
  );
};

export default classes;
