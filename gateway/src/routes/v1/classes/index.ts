/**
 * A class's records (issue 6 point 4, read side of the workflow):
 * - GET /v1/classes/:classId/records — each enrolment with its current version, state and the parts
 *   entered so far (`records.read`; no personal data beyond the student code);
 * - POST /v1/classes/:classId/records — version 1 for every enrolment that has none yet, each issued its
 *   lookup code (`records.create`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import { ServiceError } from '../../../services/errors.ts';
import { classPlace } from '../../../services/places.ts';
import { classRecords, createDraft } from '../../../services/workflow.ts';
import { IdString, mapped, workflowErrors } from '../records/errors.ts';
import { who } from '../records/index.ts';

export interface ClassRoutesOptions {
  clock: () => Date;
}

const Params = Type.Object({ classId: IdString });
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
};

export default classes;
