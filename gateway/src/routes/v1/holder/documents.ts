/**
 * POST /v1/me/records/:recordId/documents `{ pointers }` → the holder's extract as a PDF (issue 15 point 2):
 * only the fields the student or guardian chose are shown and disclosed in the attached bundle, which
 * verifies like any disclosure. Permission `documents.own.issue`; the record's student is checked against
 * the caller's grants. Every issue is logged without the content (document_issues).
 *
 * Also the PDF answer shared with the staff route (routes/v1/records/documents.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import { type IssueRefusal, issueDocument } from '../../../documents/index.ts';
import { ApiError } from '../../../http-errors.ts';
import { LedgerError, readCertificatePem } from '../../../ledger/index.ts';
import { errorResponses } from '../../schemas.ts';
import { IdString } from '../records/errors.ts';

export interface HolderDocumentOptions {
  clock: () => Date;
  /** The public base URL the lookup QR code points under (env PUBLIC_URL). */
  publicUrl: string;
}

export const PointerList = Type.Array(Type.String({ maxLength: 512 }), {
  maxItems: 2000,
  description:
    'Các trường được trích sao (JSON Pointer; "/biography" gồm mọi trường bên dưới) / the fields to show',
});

/**
 * PDFs per client address and minute: a PDF costs the CPU a good part of a second, so a loop of requests is
 * stopped (429 RATE_LIMITED) long before it starves the verify routes; a school office printing a whole
 * class behind one address stays well under it.
 */
export const ISSUE_RATE = { max: 120, timeWindow: '1 minute' } as const;

/** The 200 answer: the PDF's bytes, documented as such (no JSON). */
export const pdfResponse = {
  200: {
    description: 'Tệp PDF của học bạ / the record as a PDF',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  },
  ...errorResponses,
} as const;

/** The PDF, or the refusal as its stable error. */
export function documentAnswer(
  out: Awaited<ReturnType<typeof issueDocument>>,
): Exclude<typeof out, { refused: IssueRefusal }> {
  if (!('refused' in out)) return out;
  const r = out.refused;
  if (r.kind === 'notFound') throw new ApiError('RECORD_NOT_FOUND');
  if (r.kind === 'notIssuable') throw new ApiError('DOCUMENT_NOT_ISSUABLE');
  if (r.kind === 'notCurrent') throw new ApiError('DOCUMENT_RECORD_NOT_CURRENT');
  throw new ApiError('VALIDATION', {
    problems: [{ in: 'body', path: '/pointers', message: `no field at or under "${r.pointer}"` }],
  });
}

/** Sends the PDF: a download named by its lookup code, never cached (it holds personal data). */
export function sendIssued(reply: FastifyReply, issued: { pdf: Buffer; lookupCode: string }) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="hoc-ba-${issued.lookupCode}.pdf"`)
    .header('cache-control', 'no-store')
    .send(issued.pdf);
}

const holderDocuments: FastifyPluginAsyncTypebox<HolderDocumentOptions> = async (fastify, o) => {
  const { db, ledger, ledgerReader } = fastify;
  const fromLedger = (fingerprint: string) =>
    readCertificatePem(ledger, ledgerReader, fingerprint).catch((e: unknown) => {
      throw e instanceof LedgerError ? e : new ApiError('LEDGER_UNAVAILABLE', { cause: e });
    });

  fastify.post(
    '/records/:recordId/documents',
    {
      config: { permission: 'documents.own.issue', rateLimit: ISSUE_RATE },
      schema: {
        tags: ['holder'],
        summary:
          'Tải trích sao học bạ dạng PDF gồm các trường đã chọn / Download an extract of chosen fields as a PDF',
        description:
          'Chỉ các trường đã chọn được in và công bố trong gói minh chứng kèm theo. / Only the chosen fields are ' +
          'printed and disclosed in the attached proof bundle.',
        params: Type.Object({ recordId: IdString }),
        body: Type.Object({ pointers: { ...PointerList, minItems: 1 } }, { additionalProperties: false }),
        response: pdfResponse,
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const out = await issueDocument(db, {
        recordId: request.params.recordId,
        kind: 'extract',
        pointers: request.body.pointers,
        issuer: 'holder',
        actor: { userId: user.sub, role: user.role },
        authorize: (target) => authorize(user, 'documents.own.issue', target),
        fromLedger,
        publicUrl: o.publicUrl,
        now: o.clock(),
      });
      request.log.info({ recordId: request.params.recordId }, 'document issued to its holder');
      return sendIssued(reply, documentAnswer(out));
    },
  );
};

export default holderDocuments;
