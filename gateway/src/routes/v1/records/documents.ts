/**
 * POST /v1/records/:recordId/documents `{ kind: 'full' | 'extract', pointers? }` → the học bạ as a PDF
 * (issue 15 point 2): the school's copy of a locked and anchored record — the whole học bạ, or an extract
 * (trích sao) of the fields named — with its proof bundle attached, the lookup QR code and the content
 * fingerprint. Permission `documents.issue` (the school's leaders and administrator, auth/policy.ts); each
 * issue is logged without the content (document_issues) and, being a read of record content, in the access
 * log too.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import { issueDocument } from '../../../documents/index.ts';
import { ApiError } from '../../../http-errors.ts';
import { LedgerError, readCertificatePem } from '../../../ledger/index.ts';
import { documentAnswer, ISSUE_RATE, PointerList, pdfResponse, sendIssued } from '../holder/documents.ts';
import { IdString } from './errors.ts';

export interface DocumentRoutesOptions {
  clock: () => Date;
  /** The public base URL the lookup QR code points under (env PUBLIC_URL). */
  publicUrl: string;
}

const DocumentBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('full'), Type.Literal('extract')], {
      description:
        'full: cả học bạ / the whole record; extract: trích sao các trường đã chọn / chosen fields',
    }),
    pointers: Type.Optional(PointerList),
  },
  { additionalProperties: false },
);

const documents: FastifyPluginAsyncTypebox<DocumentRoutesOptions> = async (fastify, o) => {
  const { db, ledger, ledgerReader } = fastify;
  const fromLedger = (fingerprint: string) =>
    readCertificatePem(ledger, ledgerReader, fingerprint).catch((e: unknown) => {
      throw e instanceof LedgerError ? e : new ApiError('LEDGER_UNAVAILABLE', { cause: e });
    });

  fastify.post(
    '/:recordId/documents',
    {
      config: {
        permission: 'documents.issue',
        accessLog: { entityType: 'record', param: 'recordId' },
        rateLimit: ISSUE_RATE,
      },
      schema: {
        tags: ['records'],
        summary: 'Cấp học bạ dạng PDF (bản đầy đủ hoặc trích sao) / Issue the record as a PDF',
        description:
          'Chỉ học bạ đã khóa và đã neo lên sổ cái (409 DOCUMENT_NOT_ISSUABLE, DOCUMENT_RECORD_NOT_CURRENT). Tệp PDF ' +
          'kèm gói minh chứng hocba-bundle.json, mã QR tra cứu và mã nội dung. / Only a locked, anchored, current ' +
          'record; the PDF carries its proof bundle (hocba-bundle.json), the lookup QR code and the content code.',
        params: Type.Object({ recordId: IdString }),
        body: DocumentBody,
        response: pdfResponse,
      },
    },
    async (request, reply) => {
      const { kind, pointers } = request.body;
      if (kind === 'extract' && (pointers === undefined || pointers.length === 0))
        throw new ApiError('VALIDATION', {
          problems: [{ in: 'body', path: '/pointers', message: 'an extract names at least one field' }],
        });
      if (kind === 'full' && pointers !== undefined)
        throw new ApiError('VALIDATION', {
          problems: [{ in: 'body', path: '/pointers', message: 'a full record discloses every field' }],
        });
      const user = request.user!;
      const out = await issueDocument(db, {
        recordId: request.params.recordId,
        kind,
        pointers,
        issuer: 'staff',
        actor: { userId: user.sub, role: user.role },
        authorize: (target) => {
          // The access log's place, refused or not (plugins/app/access-log.ts).
          request.accessed = { target };
          authorize(user, 'documents.issue', target);
        },
        fromLedger,
        publicUrl: o.publicUrl,
        now: o.clock(),
      });
      return sendIssued(reply, documentAnswer(out));
    },
  );
};

export default documents;
