/**
 * What the ledger holds about one record (issue 15 point 3): `GET /v1/verify/ledger/:batchId/:leafIndex`
 * answers `{ ledger: { anchor, trustAnchors } }`, the same facts the public lookup carries, so that a client
 * holding only a file (the CLI, the portal's file check) recomputes the report itself with integrity's
 * verifyBundle — the server's own report is never asked for.
 *
 * - Public: everything in the answer is on chain already (hashes, identifiers of schools and batches, status
 *   facts with their reason codes, the registered roots); nothing personal. Rate-limited as the other verify
 *   routes.
 * - A batch id that is not an identifier, or a leaf index that is not a whole number from 0, is 400
 *   VALIDATION (the schema); a leaf index past the batch's size is 400 VALIDATION naming `/leafIndex`.
 * - A batch the ledger does not have is 404 BATCH_NOT_FOUND.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiError, fromServiceCode } from '../../../http-errors.ts';
import { type BlockMemo, LedgerError, readAnchorView, readTrustAnchors } from '../../../ledger/index.ts';
import { errorResponses } from '../../schemas.ts';
import { AnchorSchema } from './schemas.ts';

export interface LedgerRouteOptions {
  /** Requests per window and client IP. */
  rateLimit: { max: number; timeWindow: number | string };
}

const Params = Type.Object({
  batchId: Type.String({
    // The manifest's identifier rule (integrity's Manifest): a ledger key part.
    pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
    description: 'Mã lô học bạ (trong gói minh chứng: manifest.batchId) / the batch id (manifest.batchId)',
    examples: ['B-SCH-QN-001-2025-2026-5A'],
  }),
  leafIndex: Type.Integer({
    minimum: 0,
    maximum: 9_999_999,
    description:
      'Vị trí của học bạ trong lô, từ 0 (inclusion.leafIndex) / the record’s leaf index, from 0 (inclusion.leafIndex)',
  }),
});

/** The ledger's facts as the lookup answers them (its `ledger` part). */
export const LedgerFacts = Type.Object({
  anchor: AnchorSchema,
  trustAnchors: Type.Array(Type.String(), {
    description: 'Chứng thư gốc tin cậy (PEM) / the trust anchors registered on chain (PEM)',
  }),
});

const LedgerResponse = Type.Object({ ledger: LedgerFacts });

/** A read that failed without a ledger code (connection refused, timeout): the ledger is unavailable. */
const unavailable = (e: unknown): never => {
  throw e instanceof LedgerError ? e : new ApiError('LEDGER_UNAVAILABLE', { cause: e });
};

const ledgerFacts: FastifyPluginAsyncTypebox<LedgerRouteOptions> = async (fastify, o) => {
  const { ledger, ledgerReader: reader, ledgerChannel: channel } = fastify;
  // The block of an anchoring transaction never changes: asked of the ledger once per transaction.
  const blocks: BlockMemo = new Map();

  fastify.get(
    '/ledger/:batchId/:leafIndex',
    {
      config: {
        permission: 'public',
        rateLimit: { max: o.rateLimit.max, timeWindow: o.rateLimit.timeWindow },
      },
      schema: {
        tags: ['verify'],
        summary:
          'Dữ kiện trên sổ cái của một học bạ / What the ledger holds for one record (batch and leaf index)',
        description:
          'Trả về đúng những gì sổ cái ghi về lô và học bạ (neo, trạng thái, chứng thư người ký) và các ' +
          'chứng thư gốc tin cậy, để người kiểm tra tự tính báo cáo xác minh từ tệp của mình. Không có thông ' +
          'tin cá nhân. / Returns what the ledger records about the batch and the record (anchor, status, the ' +
          'signer’s certificate) and the trust anchors, so that a verifier computes the report from its own ' +
          'file. Nothing personal.',
        params: Params,
        response: { 200: LedgerResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { batchId, leafIndex } = request.params;
      if (blocks.size > 100_000) blocks.clear();
      const [anchor, trustAnchors] = await Promise.all([
        readAnchorView(ledger, reader, channel, batchId, leafIndex, { memo: blocks }).catch((e: unknown) => {
          // The chaincode refuses a leaf index past the batch's size (the id itself passed the schema).
          if (e instanceof LedgerError && e.code === 'INVALID_ARGUMENT')
            throw new ApiError('VALIDATION', {
              problems: [{ in: 'params', path: '/leafIndex', message: 'past the last record of the batch' }],
              cause: e,
            });
          return unavailable(e);
        }),
        readTrustAnchors(ledger, reader).catch(unavailable),
      ]);
      if (!anchor.found) throw fromServiceCode('BATCH_NOT_FOUND');
      request.log.info({ batchId, leafIndex }, 'ledger facts');
      return { ledger: { anchor, trustAnchors } };
    },
  );
};

export default ledgerFacts;
