/**
 * The principal's certificate (seed 000 Điều 8.5, 4.3b; services/certificates.ts):
 * - POST /v1/schools/:schoolId/certificates — the school registers it (`certificates.register`): PEM (the
 *   certificate first, then any intermediates) or base64 DER; refused with integrity's code when it cannot
 *   sign (422 CERT_EXPIRED, CERT_NOT_YET_VALID, CERT_KEY_USAGE, CERT_CHAIN_UNTRUSTED, CERT_WEAK_KEY,
 *   CERT_MALFORMED), 422 CERTIFICATE_UNREADABLE, 409 CERTIFICATE_EXISTS; stored `requested`, its ledger
 *   registration queued (202 once queued: the worker submits it);
 * - GET /v1/schools/:schoolId/certificates, GET /v1/certificates/:fingerprint (`certificates.read`): subject,
 *   issuer, serial, validity (ISO 8601: the console writes dd/mm/yyyy), the status and what the ledger holds;
 * - POST /v1/certificates/:fingerprint/approve — the province's approval (`certificates.approve`), queued;
 * - GET /v1/certificates?status=pending|approved|revoked — the province's schools' certificates in that
 *   state with their details, school and who registered them (`certificates.list`, issue 14);
 * - POST /v1/certificates/:fingerprint/revoke `{ reasonCode }` — the province's revocation
 *   (`certificates.revoke`, chaincode registry:revokeCertificate), queued.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { fromBase64, IntegrityError, pemToDer } from '@hocba/integrity';
import { Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import { ApiError, fromServiceCode } from '../../../http-errors.ts';
import { chaincode, LedgerError, readTrustAnchors } from '../../../ledger/index.ts';
import {
  approveCertificate,
  type CertificateRow,
  certificateView,
  getCertificate,
  type LedgerCertificate,
  LIST_STATUS,
  listCertificates,
  listProvinceCertificates,
  REVOCATION_REASONS,
  registerCertificate,
  revokeCertificate,
  syncStatus,
} from '../../../services/certificates.ts';
import { ServiceError } from '../../../services/errors.ts';
import { networkProvince } from '../../../services/registry.ts';
import { errorResponses } from '../../schemas.ts';
import { actorOf, Id, schoolTarget } from '../status/shared.ts';

export interface CertificateRoutesOptions {
  clock: () => Date;
}

const tags = ['certificates'];
const Fingerprint = Type.String({
  pattern: '^[0-9a-f]{64}$',
  description: 'SHA-256 (hex) của DER / of the DER',
});
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const CertificateView = Type.Object({
  fingerprint: Type.String(),
  schoolId: Type.String(),
  purpose: Type.String(),
  subject: Type.String(),
  issuer: Type.String(),
  serialNumber: Type.String({ description: 'số hiệu (hex) / serial number (hex)' }),
  notBefore: Type.String({ format: 'date-time' }),
  notAfter: Type.String({ format: 'date-time' }),
  status: Type.String({
    description: 'requested (chờ Sở duyệt) | active (đã duyệt) | rejected | revoked',
  }),
  pem: Type.String(),
  ledger: Type.Union([
    Type.Object({
      status: Type.String({ description: 'pending | approved | revoked' }),
      registeredAt: Nullable(Type.String()),
      approvedAt: Nullable(Type.String()),
    }),
    Type.Null(),
  ]),
});
const Queued = Type.Object({
  certificate: CertificateView,
  outboxId: Type.Integer(),
  queued: Type.Boolean({ description: 'false: đã đề nghị trước đó / already queued' }),
});

/** The uploaded text as DER: PEM blocks (certificate first, then intermediates) or one base64 DER. */
function certificatesOf(text: string): Uint8Array[] {
  try {
    const ders = text.includes('-----BEGIN')
      ? pemToDer(text, 'CERTIFICATE')
      : [fromBase64(text.replace(/\s+/g, ''))].filter((d) => d !== undefined && d.length > 0);
    if (ders.length > 0 && ders.length <= 5) return ders as Uint8Array[];
  } catch {
    // An unreadable PEM: the same refusal as an empty one.
  }
  throw fromServiceCode('CERTIFICATE_UNREADABLE', {
    problems: [
      { in: 'body', path: '/certificate', message: 'one to five PEM certificates, or one base64 DER' },
    ],
  });
}

/** integrity's refusal keeps its code (what the school's CA or token vendor can act on), as a 422. */
function cannotSign(e: unknown): never {
  if (e instanceof IntegrityError) {
    throw new ApiError(e.code, {
      status: 422,
      message: {
        vi: `Chứng thư số không dùng để ký được (${e.code}): hết hạn hoặc chưa có hiệu lực, sai mục đích sử dụng khóa, khóa yếu, hoặc không chứng thực được tới tổ chức chứng thực gốc đã đăng ký.`,
        en: `The certificate cannot sign (${e.code}): expired or not yet valid, a wrong key usage, a weak key, or no path to a registered root CA.`,
      },
      cause: e,
    });
  }
  throw e;
}

const certificates: FastifyPluginAsyncTypebox<CertificateRoutesOptions> = async (fastify, o) => {
  const { db, ledger, ledgerReader } = fastify;

  /** A ledger read that failed without a ledger code (connection refused, timeout): 503, not a 500. */
  const fromLedger = <T>(p: Promise<T>): Promise<T> =>
    p.catch((e: unknown) => {
      throw e instanceof LedgerError || e instanceof ServiceError
        ? e
        : new ApiError('LEDGER_UNAVAILABLE', { cause: e });
    });
  const onLedger = async (fingerprint: string): Promise<LedgerCertificate | null> => {
    try {
      return await chaincode.getCertificate(ledger, ledgerReader, fingerprint);
    } catch (e) {
      if (e instanceof LedgerError && e.code === 'NOT_FOUND') return null;
      throw e instanceof LedgerError ? e : new ApiError('LEDGER_UNAVAILABLE', { cause: e });
    }
  };
  /** The row with the ledger's state, the database's status synced to it. */
  const present = async (row: CertificateRow) => {
    const l = await onLedger(row.fingerprint);
    return certificateView(await syncStatus(db, row, l), l);
  };

  const SchoolParams = Type.Object({ schoolId: Id });
  const FingerprintParams = Type.Object({ fingerprint: Fingerprint });

  fastify.post(
    '/schools/:schoolId/certificates',
    {
      bodyLimit: 128 * 1024,
      config: { permission: 'certificates.register' },
      schema: {
        tags,
        summary:
          'Đăng ký chứng thư số của hiệu trưởng (Điều 8.5) / Register the principal’s certificate (for the province to approve)',
        params: SchoolParams,
        body: Type.Object(
          {
            certificate: Type.String({
              minLength: 1,
              maxLength: 100_000,
              description:
                'PEM (chứng thư, rồi các chứng thư trung gian) hoặc DER dạng base64 / PEM (certificate, then intermediates) or base64 DER',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 202: Queued, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { schoolId } = request.params;
      authorize(request.user, 'certificates.register', await schoolTarget(db, schoolId));
      const [der, ...intermediates] = certificatesOf(request.body.certificate);
      const anchors = (await fromLedger(readTrustAnchors(ledger, ledgerReader))).flatMap((pem) =>
        pemToDer(pem, 'CERTIFICATE'),
      );
      const { row, outboxId } = await registerCertificate(db, {
        schoolId,
        der: der!,
        intermediates,
        trustAnchors: anchors,
        actor: actorOf(request.user),
        now: o.clock(),
      }).catch(cannotSign);
      return reply.code(202).send({ certificate: certificateView(row, null), outboxId, queued: true });
    },
  );

  fastify.get(
    '/schools/:schoolId/certificates',
    {
      config: { permission: 'certificates.read' },
      schema: {
        tags,
        summary: 'Chứng thư số của trường / The school’s certificates',
        params: SchoolParams,
        response: { 200: Type.Object({ items: Type.Array(CertificateView) }), ...errorResponses },
      },
    },
    async (request) => {
      const { schoolId } = request.params;
      authorize(request.user, 'certificates.read', await schoolTarget(db, schoolId));
      const rows = await listCertificates(db, schoolId);
      return { items: await Promise.all(rows.map(present)) };
    },
  );

  fastify.get(
    '/certificates/:fingerprint',
    {
      config: { permission: 'certificates.read' },
      schema: {
        tags,
        summary:
          'Một chứng thư số và việc Sở đã duyệt chưa / A certificate and whether the province approved it',
        params: FingerprintParams,
        response: { 200: CertificateView, ...errorResponses },
      },
    },
    async (request) => {
      const row = await getCertificate(db, request.params.fingerprint);
      authorize(request.user, 'certificates.read', await schoolTarget(db, row.schoolId!));
      return present(row);
    },
  );

  fastify.post(
    '/certificates/:fingerprint/approve',
    {
      config: { permission: 'certificates.approve' },
      schema: {
        tags,
        summary: 'Sở GD&ĐT phê duyệt chứng thư số / The province approves a school’s certificate',
        params: FingerprintParams,
        response: { 202: Queued, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await getCertificate(db, request.params.fingerprint);
      authorize(request.user, 'certificates.approve', await schoolTarget(db, row.schoolId!));
      const approved = await approveCertificate(db, {
        fingerprint: row.fingerprint,
        actor: actorOf(request.user),
        now: o.clock(),
      });
      return reply.code(202).send({
        certificate: certificateView(approved.row, null),
        outboxId: approved.outboxId,
        queued: approved.queued,
      });
    },
  );

  const ListItem = Type.Object({
    fingerprint: Type.String(),
    schoolId: Type.String(),
    schoolName: Type.String(),
    districtId: Type.String(),
    districtName: Type.String(),
    subject: Type.String(),
    issuer: Type.String(),
    serialNumber: Type.String(),
    notBefore: Type.String({ format: 'date-time' }),
    notAfter: Type.String({ format: 'date-time' }),
    status: Type.String({ description: 'pending | approved | revoked' }),
    registeredAt: Type.String({ format: 'date-time', description: 'Trường gửi lúc / registered at' }),
    registeredBy: Type.Union([Type.String(), Type.Null()], { description: 'Người gửi / registered by' }),
    onLedger: Type.Boolean({ description: 'Đã ghi lên sổ cái / the registration is on the ledger' }),
    waiting: Type.Union([Type.Literal('approval'), Type.Literal('revocation'), Type.Null()], {
      description: 'Đang chờ sổ cái ghi nhận / queued for the ledger',
    }),
  });
  const STATUS_OF = {
    requested: 'pending',
    active: 'approved',
    revoked: 'revoked',
    rejected: 'revoked',
  } as const;

  fastify.get(
    '/certificates',
    {
      config: { permission: 'certificates.list' },
      schema: {
        tags,
        summary: 'Chứng thư số của các trường trong tỉnh / The province’s schools’ certificates',
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union(
                (Object.keys(LIST_STATUS) as (keyof typeof LIST_STATUS)[]).map((k) => Type.Literal(k)),
                { default: 'pending' },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(ListItem) }), ...errorResponses },
      },
    },
    async (request) => {
      const provinceId = (await networkProvince(db)).id;
      authorize(request.user, 'certificates.list', { provinceId });
      const rows = await listProvinceCertificates(db, {
        provinceId,
        status: request.query.status ?? 'pending',
      });
      return {
        items: rows.map((r) => {
          const v = certificateView(r.row, null);
          return {
            fingerprint: v.fingerprint,
            schoolId: v.schoolId,
            schoolName: r.schoolName,
            districtId: r.districtId,
            districtName: r.districtName,
            subject: v.subject,
            issuer: v.issuer,
            serialNumber: v.serialNumber,
            notBefore: v.notBefore,
            notAfter: v.notAfter,
            status: STATUS_OF[r.row.status],
            registeredAt: r.row.createdAt.toISOString(),
            registeredBy: r.registeredByName,
            onLedger: r.onLedger,
            waiting: r.waiting,
          };
        }),
      };
    },
  );

  fastify.post(
    '/certificates/:fingerprint/revoke',
    {
      config: { permission: 'certificates.revoke' },
      schema: {
        tags,
        summary: 'Sở GD&ĐT thu hồi chứng thư số / The province revokes a school’s certificate',
        params: FingerprintParams,
        body: Type.Object(
          {
            reasonCode: Type.Union(
              REVOCATION_REASONS.map((r) => Type.Literal(r)),
              {
                description:
                  'Lộ khóa | thôi giữ chức vụ | thay chứng thư mới | trường ngừng hoạt động / key compromise | affiliation changed | superseded | cessation of operation',
              },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 202: Queued, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await getCertificate(db, request.params.fingerprint);
      authorize(request.user, 'certificates.revoke', await schoolTarget(db, row.schoolId!));
      const revoked = await revokeCertificate(db, {
        fingerprint: row.fingerprint,
        reasonCode: request.body.reasonCode,
        actor: actorOf(request.user),
        now: o.clock(),
      });
      return reply.code(202).send({
        certificate: certificateView(revoked.row, null),
        outboxId: revoked.outboxId,
        queued: revoked.queued,
      });
    },
  );
};

export default certificates;
