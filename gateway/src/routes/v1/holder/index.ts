/**
 * The holder's records (issue 7 point 4): `GET /v1/me/records` lists the signed-in student's (or guardian's
 * children's) committed records in full, and `POST /v1/me/records/:recordId/disclosure {pointers}` answers a
 * proof bundle that discloses only the fields at or under those pointers (integrity's `disclose`), which
 * any verifier — the portal's "verify a file" included — checks like a full one. Permission
 * `records.own.read`; the record's student is checked against the caller's grants.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import { ApiError } from '../../../http-errors.ts';
import { LedgerError, readCertificatePem } from '../../../ledger/index.ts';
import { discloseOwnRecord, listOwnRecords } from '../../../services/holder.ts';
import { errorResponses } from '../../schemas.ts';
import { asRecordAnswer, BundleSchema, RecordShape } from '../verify/schemas.ts';

const OwnRecord = Type.Object({
  recordId: Type.String(),
  version: Type.Integer(),
  state: Type.String(),
  schoolYear: Type.String(),
  schoolName: Type.Optional(Type.String({ description: 'tên trường / the school’s name' })),
  record: RecordShape,
  fields: Type.Array(Type.Object({ pointer: Type.String(), sensitive: Type.Boolean() })),
  signed: Type.Boolean(),
});

const DisclosureBody = Type.Object(
  {
    pointers: Type.Array(Type.String({ maxLength: 512 }), {
      maxItems: 2000,
      description:
        'Các trường được công bố (JSON Pointer; "/biography" gồm mọi trường bên dưới) / the fields to disclose',
    }),
  },
  { additionalProperties: false },
);

const holder: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ledger, ledgerReader } = fastify;
  const fromLedger = (fingerprint: string) =>
    readCertificatePem(ledger, ledgerReader, fingerprint).catch((e: unknown) => {
      throw e instanceof LedgerError ? e : new ApiError('LEDGER_UNAVAILABLE', { cause: e });
    });
  const config = { permission: 'records.own.read' as const };

  fastify.get(
    '/records',
    {
      config,
      schema: {
        tags: ['holder'],
        summary: 'Học bạ của tôi / My records',
        description:
          'Các học bạ đã chốt của học sinh (hoặc con của phụ huynh) đăng nhập. / The committed records of the ' +
          'signed-in student, or of a guardian’s children.',
        response: { 200: Type.Object({ records: Type.Array(OwnRecord) }), ...errorResponses },
      },
      serializerCompiler: asRecordAnswer,
    },
    async (request) => ({ records: await listOwnRecords(fastify.db, request.user!) }),
  );

  fastify.post(
    '/records/:recordId/disclosure',
    {
      config,
      schema: {
        tags: ['holder'],
        summary: 'Tải gói minh chứng chỉ gồm các trường đã chọn / Download a bundle disclosing chosen fields',
        params: Type.Object({ recordId: Type.String({ maxLength: 64 }) }),
        body: DisclosureBody,
        response: { 200: Type.Object({ bundle: BundleSchema }), ...errorResponses },
      },
    },
    async (request) => {
      const user = request.user!;
      const out = await discloseOwnRecord(fastify.db, {
        recordId: request.params.recordId,
        pointers: request.body.pointers,
        authorize: (studentId) => authorize(user, 'records.own.read', { studentId }),
        fromLedger,
        actor: { userId: user.sub, role: user.role },
      });
      if ('bundle' in out) {
        request.log.info({ recordId: request.params.recordId }, 'disclosure');
        return { bundle: out.bundle };
      }
      const r = out.refused;
      if (r.kind === 'notFound') throw new ApiError('RECORD_NOT_FOUND');
      if (r.kind === 'notSigned') throw new ApiError('RECORD_NOT_YET_SIGNED');
      throw new ApiError('VALIDATION', {
        problems: [{ in: 'body', path: '/pointers', message: `no field at or under "${r.pointer}"` }],
      });
    },
  );
};

export default holder;
