/**
 * The public lookup (issue 6 point 6; DESIGN.md §3: "the lookup code and the date of birth, rate-limited"):
 * `GET /v1/verify/:lookupCode?dob=YYYY-MM-DD` answers the record's non-sensitive fields for display, the
 * proof bundle that carries everything a client needs to recompute the report, and the report itself,
 * computed by the same verifier service as `POST /v1/verify/bundle`.
 *
 * - A code that cannot be read (length, alphabet, check symbol) is 400 LOOKUP_CODE_INVALID: that says
 *   nothing about any record.
 * - An unknown code, an uncommitted version and a wrong date of birth are one answer, 404
 *   RECORD_NOT_FOUND, after the same query and the same constant-time comparison: no oracle.
 * - Its own, stricter rate limit per client IP: a date of birth is a small space to guess in.
 * - The code names the pupil's record of one school year and is kept by every version: the newest version on
 *   the ledger answers, saying when it is a correction (when, under which decision). An older version
 *   shown as a file is checked by POST /v1/verify/bundle, whose status step says it was corrected.
 * - `context` names what the record's codes stand for (its school's and class's names), its homeroom teacher
 *   and principal (staff in office, as every paper học bạ prints them) and who signed its batch and when (the
 *   certificate's holder, the proved signing time), for laying the học bạ out (issue 15): nothing of the
 *   pupil, and not part of what is verified.
 * - One log line a request (log-line.ts) says which record was checked (batch, leaf) and the verdict; never
 *   the code or the date. The request line carries the route pattern, not the URL (logging.ts).
 * - A `valid` answer is serialized once, to the bytes the cache keeps and the client gets (answer-cache.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiError } from '../../../http-errors.ts';
import { LedgerError, readCertificatePem } from '../../../ledger/index.ts';
import { answerBytes, cachedAnswer, toCacheEntry } from '../../../lookup/answer-cache.ts';
import { normalizeLookupCode } from '../../../lookup/code.ts';
import {
  findForLookup,
  lookupBundle,
  NotYetSigned,
  replacementCode,
  signatureNote,
} from '../../../lookup/service.ts';
import type { Accessed } from '../../../plugins/app/access-log.ts';
import { lookupCodeHash } from '../../../services/access-log.ts';
import { errorResponses } from '../../schemas.ts';
import { AnchorSchema, asRecordAnswer, BundleSchema, RecordShape, Report } from './schemas.ts';

export interface LookupRouteOptions {
  /** Lookups per window and client IP. */
  rateLimit: { max: number; timeWindow: number | string };
}

const Params = Type.Object({
  lookupCode: Type.String({
    description: 'Mã số tra cứu (in trên học bạ, có thể có dấu gạch) / the lookup code, hyphens allowed',
    examples: ['HB7K-3MQ9-0V2T-XC5D-8RAW'],
  }),
});
const Query = Type.Object(
  {
    dob: Type.String({
      pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
      description: 'Ngày sinh của học sinh / the student’s date of birth (YYYY-MM-DD)',
    }),
  },
  { additionalProperties: false },
);
const LookupResponse = Type.Object({
  record: Type.Unsafe<Record<string, unknown>>({
    ...RecordShape,
    description:
      'Các trường được công bố, không gồm thông tin cá nhân (mã định danh, mã học sinh, sơ yếu lý lịch) / ' +
      'the disclosed fields, without the personal ones (citizen ID, student code, biography)',
  }),
  bundle: BundleSchema,
  // What the ledger says and the registered roots, as the server read them: the portal recomputes the report
  // from these and the bundle itself, so that trusting the page does not mean trusting the server's report.
  ledger: Type.Object({
    anchor: AnchorSchema,
    trustAnchors: Type.Array(Type.String(), {
      description: 'Chứng thư gốc tin cậy (PEM) / the trust anchors registered on chain (PEM)',
    }),
  }),
  replacement: Type.Optional(
    Type.Object(
      { lookupCode: Type.String() },
      { description: 'Học bạ thay thế (nếu có) / the record that supersedes this one, if any' },
    ),
  ),
  correction: Type.Optional(
    Type.Object(
      {
        supersedes: Type.String({ description: 'phiên bản trước / the version it corrects' }),
        legalBasis: Type.String({ description: 'căn cứ, quyết định / the decision it was made under' }),
        at: Type.String({ format: 'date-time', description: 'ngày hiệu lực trên sổ cái / when anchored' }),
      },
      {
        description:
          'Bản này là bản đã điều chỉnh (mã tra cứu giữ nguyên) / this version is a correction (same lookup code)',
      },
    ),
  ),
  context: Type.Optional(
    Type.Object(
      {
        schoolName: Type.Optional(Type.String({ description: 'tên trường / the school’s name' })),
        className: Type.Optional(Type.String({ description: 'tên lớp / the class’s name, e.g. 5A' })),
        homeroomTeacherName: Type.Optional(
          Type.String({ description: 'giáo viên chủ nhiệm / the class’s homeroom teacher' }),
        ),
        principalName: Type.Optional(
          Type.String({ description: 'hiệu trưởng / the school’s principal (exactly one, or none named)' }),
        ),
        signature: Type.Optional(
          Type.Object(
            {
              signer: Type.Optional(
                Type.String({
                  description: 'người ký (chứng thư số) / the signing certificate’s holder (CN)',
                }),
              ),
              signedAt: Type.Optional(
                Type.String({ format: 'date-time', description: 'thời điểm ký / the signing time' }),
              ),
            },
            { description: 'chữ ký số của lô (thủ trưởng) / the batch’s signature (the principal)' },
          ),
        ),
      },
      {
        description:
          'Tên trường, tên lớp, giáo viên chủ nhiệm, hiệu trưởng và chữ ký, để trình bày học bạ; không thuộc ' +
          'phần được xác minh / the names of the school, class, homeroom teacher and principal and the ' +
          'signature, for laying the record out; not part of what is verified',
      },
    ),
  ),
  report: Report,
});

const lookup: FastifyPluginAsyncTypebox<LookupRouteOptions> = async (fastify, o) => {
  const { ledger, ledgerReader } = fastify;
  const { caches, lookups } = fastify.verifyCaches;
  /** The signer's certificate from the ledger's registry, when the database has no copy. */
  const fromLedger = (fingerprint: string) =>
    readCertificatePem(ledger, ledgerReader, fingerprint).catch((e: unknown) => {
      throw e instanceof LedgerError ? e : new ApiError('LEDGER_UNAVAILABLE', { cause: e });
    });

  fastify.get(
    '/:lookupCode',
    {
      config: {
        permission: 'public',
        rateLimit: { max: o.rateLimit.max, timeWindow: o.rateLimit.timeWindow },
        // Every lookup is logged: the code's hash, the outcome, the time; never the date of birth or the IP.
        accessLog: { entityType: 'lookup' },
        requestLog: 'lookup',
      },
      schema: {
        tags: ['verify'],
        summary: 'Tra cứu học bạ bằng mã số và ngày sinh / Look up a record by its code and date of birth',
        description:
          'Trả về các trường công khai của học bạ, gói minh chứng và báo cáo xác minh. Mã không có hoặc ngày ' +
          'sinh sai đều trả về 404 như nhau. / Returns the public fields of the record, its proof bundle and ' +
          'the verification report. An unknown code and a wrong date of birth give the same 404.',
        params: Params,
        querystring: Query,
        response: { 200: LookupResponse, ...errorResponses },
      },
      serializerCompiler: asRecordAnswer,
    },
    async (request, reply) => {
      const n = normalizeLookupCode(request.params.lookupCode);
      if (!n.ok) {
        request.logLine = { outcome: 'invalidCode' };
        request.accessed = { outcome: 'invalidCode' };
        throw new ApiError('LOOKUP_CODE_INVALID');
      }
      // The same answer as last time while the ledger has said nothing of its batch (lookup/answer-cache.ts).
      const entry = lookups.get(n.code);
      const cached = cachedAnswer(entry, request.query.dob, fastify.verifier.now());
      const hit = entry !== undefined && cached !== undefined;
      // The access log names the code by its SHA-256, kept with a cached answer.
      const accessed: Accessed = { codeHash: hit ? entry.codeHash : lookupCodeHash(n.code) };
      request.accessed = accessed;
      if (hit) {
        request.logLine = {
          batchId: entry.batchId,
          leafIndex: entry.leafIndex,
          verdict: entry.verdict,
          cached: true,
        };
        accessed.outcome = entry.verdict;
        accessed.target = { schoolId: entry.schoolId };
        // The answer's own JSON bytes, as sent the first time (only checkedAt is new).
        return reply.type('application/json; charset=utf-8').send(cached);
      }
      const token = caches.token();
      const row = await findForLookup(fastify.db, n.code, request.query.dob);
      if (!row) {
        request.logLine = { outcome: 'notFound' };
        accessed.outcome = 'notFound';
        throw new ApiError('RECORD_NOT_FOUND');
      }
      let answer: Awaited<ReturnType<typeof lookupBundle>>;
      try {
        answer = await lookupBundle(fastify.db, row, fromLedger);
      } catch (e) {
        if (e instanceof NotYetSigned) {
          request.logLine = { outcome: 'notSigned' };
          accessed.outcome = 'notSigned';
          throw new ApiError('RECORD_NOT_YET_SIGNED', { cause: e });
        }
        throw e;
      }
      // No log for the verifier: the route's one line says the same (log-line.ts).
      // One read of the ledger serves the server's report and the facts the client recomputes it from.
      const [{ report, anchor, trustAnchors }, replacement] = await Promise.all([
        fastify.verifier.check(answer.bundle),
        replacementCode(fastify.db, row.recordVersionId),
      ]).catch((e: unknown) => {
        throw e instanceof LedgerError || e instanceof ApiError
          ? e
          : new ApiError('LEDGER_UNAVAILABLE', { cause: e });
      });
      request.logLine = { batchId: answer.batchId, leafIndex: answer.leafIndex, verdict: report.verdict };
      accessed.outcome = report.verdict;
      accessed.target = { schoolId: answer.bundle.manifest.schoolId as string };
      const signature = signatureNote(answer.bundle, report);
      const context = { ...row.names, ...(signature && { signature }) };
      const body = {
        record: answer.record,
        bundle: answer.bundle,
        ledger: { anchor, trustAnchors },
        // The code answers the newest version itself: a successor is named only if it has another code.
        ...(replacement && replacement !== n.code && { replacement: { lookupCode: replacement } }),
        ...(row.correction && { correction: row.correction }),
        ...(Object.keys(context).length && { context }),
        report,
      };
      // Never a miss, nor an answer whose status may still move without naming this batch (see answer-cache.ts).
      if (report.verdict !== 'valid' || !anchor.found) return body;
      const fresh = toCacheEntry(body, {
        dob: request.query.dob,
        batchId: answer.batchId,
        leafIndex: answer.leafIndex,
        schoolId: answer.bundle.manifest.schoolId as string,
        codeHash: accessed.codeHash!,
      });
      lookups.set(n.code, fresh, [answer.batchId], token);
      // Serialized once: the bytes the cache keeps are the answer.
      return reply.type('application/json; charset=utf-8').send(answerBytes(fresh, report.checkedAt));
    },
  );
};

export default lookup;
