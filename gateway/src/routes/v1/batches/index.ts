/**
 * Lock, sign and follow a batch (issue 6 point 4, DESIGN.md §4.4, §7):
 * - GET /v1/batches — the batches in the caller's remit, paged and filtered (list.ts, `batches.list`);
 * - POST /v1/batches — lock the approved records of a class (classId) or of a whole school (schoolId and
 *   schoolYear) into a batch: salts, leaves, tree and proofs (`batches.lock`);
 * - GET /v1/batches/:batchId — state, root, leafCount, the anchor, and whether this gateway has a
 *   development signer (`devSigner`: the console offers dev-sign only then) (`records.read`);
 * - GET /v1/batches/:batchId/signing-request?signer=<fingerprint> — step one of external signing: the
 *   manifest prepared for that (registered) signer, its bytes in base64 and their SHA-256 (`batches.sign`);
 * - POST /v1/batches/:batchId/signature — step two: the detached CMS made by a token or a remote-signing
 *   service, verified before anything is stored; the batch becomes `signed` and its anchoring is enqueued
 *   in the same transaction (`batches.sign`);
 * - POST /v1/batches/:batchId/dev-sign — both steps with the development signer; the route exists only in
 *   an app built with one (AppOptions `devSigner`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { fromBase64, type Manifest, pemToDer } from '@hocba/integrity';
import { Type } from 'typebox';
import { authorize } from '../../../auth/policy.ts';
import type { Target } from '../../../auth/principal.ts';
import { ApiError } from '../../../http-errors.ts';
import { LedgerError, readTrustAnchors } from '../../../ledger/index.ts';
import { batchSigning, batchView, lockScope, registeredSigner } from '../../../services/batch-workflow.ts';
import { type DevSigner, signWithDevSigner } from '../../../services/dev-signer.ts';
import { ServiceError } from '../../../services/errors.ts';
import { prepareManifest } from '../../../services/lock.ts';
import { batchPlace, classPlace, schoolPlace, schoolTarget } from '../../../services/places.ts';
import { acceptSignature, signingRequest } from '../../../services/sign.ts';
import { IdString, mapped, SchoolYearString, workflowErrors } from '../records/errors.ts';
import { who } from '../records/index.ts';
import { ManifestSchema } from '../verify/schemas.ts';
import { batchListRoute } from './list.ts';
import { verificationRoutes } from './verification.ts';

/** The development signer of a school's principal (dev-signer.ts loadDevSigner, or a test's). */
export type DevSignerSource = (schoolId: string) => DevSigner | Promise<DevSigner>;

export interface BatchRoutesOptions {
  clock: () => Date;
  channel: string;
  devSigner?: DevSignerSource | undefined;
}

const Fingerprint = Type.String({
  pattern: '^[0-9a-f]{64}$',
  description: 'SHA-256 (hex) của chứng thư DER / SHA-256 (hex) of the DER certificate',
});
const Params = Type.Object({ batchId: IdString });
const NullableString = Type.Union([Type.String(), Type.Null()]);

const BatchView = Type.Object({
  batchId: Type.String(),
  schoolId: Type.String(),
  schoolYear: Type.String(),
  classId: NullableString,
  kind: Type.String(),
  supersedes: NullableString,
  state: Type.String({ description: 'assembling | signed | anchored | accepted | …' }),
  root: NullableString,
  leafCount: Type.Union([Type.Integer(), Type.Null()]),
  lockedAt: NullableString,
  signerCert: NullableString,
  manifestHash: NullableString,
  anchor: Type.Union([
    Type.Object({
      txId: Type.String(),
      blockNumber: Type.Union([Type.Integer(), Type.Null()]),
      anchoredAt: NullableString,
    }),
    Type.Null(),
  ]),
  outbox: Type.Union([
    Type.Object({
      state: Type.String(),
      attempts: Type.Integer(),
      nextAttemptAt: Type.String(),
      lastErrorCode: NullableString,
    }),
    Type.Null(),
  ]),
  devSigner: Type.Boolean({
    description:
      'Máy chủ này có khóa ký thử nghiệm (POST …/dev-sign) / this gateway has a development signer (POST …/dev-sign)',
  }),
});

const Signed = Type.Object({
  batchId: Type.String(),
  state: Type.Literal('signed'),
  signerCert: Type.String(),
  signingTime: Type.String(),
});

const batchRoutes: FastifyPluginAsyncTypebox<BatchRoutesOptions> = async (fastify, o) => {
  const { db, ledger, ledgerReader } = fastify;
  const tags = ['batches'];

  /** The batch's place, checked against the caller for `permission`; returns its school. */
  const authorized = async (
    request: { user: Parameters<typeof authorize>[0] },
    batchId: string,
    permission: 'batches.sign' | 'records.read',
  ): Promise<Target> => {
    const target = await batchPlace(db, batchId);
    authorize(request.user, permission, target);
    return target;
  };

  /** A ledger read that failed without a ledger code (connection refused, timeout): 503, not a 500. */
  const fromLedger = <T>(p: Promise<T>): Promise<T> =>
    p.catch((e: unknown) => {
      throw e instanceof LedgerError || e instanceof ServiceError
        ? e
        : new ApiError('LEDGER_UNAVAILABLE', { cause: e });
    });
  const trustAnchors = async () =>
    (await fromLedger(readTrustAnchors(ledger, ledgerReader))).flatMap((pem) => pemToDer(pem, 'CERTIFICATE'));
  const signerOf = (fingerprint: string, schoolId: string) =>
    fromLedger(registeredSigner(ledger, ledgerReader, fingerprint, schoolId));

  await fastify.register(batchListRoute);
  await fastify.register(verificationRoutes, { clock: o.clock });

  fastify.post(
    '/',
    {
      bodyLimit: 16 * 1024,
      config: { permission: 'batches.lock' },
      schema: {
        tags,
        summary: 'Khóa (chốt) học bạ của một lớp hoặc cả trường / Lock a class or school batch',
        description:
          'Chỉ học bạ đã được phê duyệt; nếu còn học bạ chưa duyệt thì từ chối, trừ khi partial=true. / ' +
          'Approved records only; refused while any is pending, unless partial=true.',
        body: Type.Object(
          {
            classId: Type.Optional(IdString),
            schoolId: Type.Optional(IdString),
            schoolYear: Type.Optional(SchoolYearString),
            kind: Type.Optional(Type.Union([Type.Literal('regular'), Type.Literal('supplementary')])),
            partial: Type.Optional(Type.Boolean()),
            batchId: Type.Optional(IdString),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            batchId: Type.String(),
            state: Type.Literal('assembling'),
            root: Type.String(),
            leafCount: Type.Integer(),
          }),
          ...workflowErrors,
        },
      },
    },
    async (request, reply) =>
      mapped(async () => {
        const b = request.body;
        let scope: { schoolId: string; schoolYear: string; classId?: string; target: Target };
        if (b.classId !== undefined) {
          const place = await classPlace(db, b.classId);
          if (
            (b.schoolId ?? place.school.id) !== place.school.id ||
            (b.schoolYear ?? place.class.schoolYear) !== place.class.schoolYear
          ) {
            throw new ServiceError('CLASS_NOT_FOUND', `class ${b.classId} is not of this school and year`);
          }
          scope = {
            schoolId: place.school.id,
            schoolYear: place.class.schoolYear,
            classId: b.classId,
            target: place.target,
          };
        } else {
          if (b.schoolId === undefined || b.schoolYear === undefined) {
            throw new ApiError('VALIDATION', {
              problems: [{ in: 'body', path: '/classId', message: 'classId, or schoolId and schoolYear' }],
            });
          }
          const school = await schoolPlace(db, b.schoolId);
          scope = { schoolId: school.id, schoolYear: b.schoolYear, target: schoolTarget(school) };
        }
        authorize(request.user, 'batches.lock', scope.target);
        const locked = await lockScope(db, {
          schoolId: scope.schoolId,
          schoolYear: scope.schoolYear,
          classId: scope.classId,
          partial: b.partial,
          kind: b.kind,
          batchId: b.batchId,
          lockedAt: o.clock(),
          actor: who(request.user),
        });
        return reply.code(201).send({
          batchId: locked.batchId,
          state: 'assembling' as const,
          root: locked.root,
          leafCount: locked.leafCount,
        });
      }),
  );

  fastify.get(
    '/:batchId',
    {
      config: { permission: 'records.read' },
      schema: {
        tags,
        summary: 'Trạng thái lô học bạ / A batch’s state and anchor',
        params: Params,
        response: { 200: BatchView, ...workflowErrors },
      },
    },
    async (request) =>
      mapped(async () => {
        await authorized(request, request.params.batchId, 'records.read');
        // The console offers the development signer only where the route exists.
        return { ...(await batchView(db, request.params.batchId)), devSigner: o.devSigner !== undefined };
      }),
  );

  fastify.get(
    '/:batchId/signing-request',
    {
      config: { permission: 'batches.sign' },
      schema: {
        tags,
        summary: 'Bước 1 ký số: dữ liệu cần ký / Signing, step one: what to sign',
        description:
          'Lập bản kê cho chứng thư `signer` (đã đăng ký cho trường) và trả về đúng các byte cần ký cùng SHA-256. / ' +
          'Prepares the manifest for the `signer` certificate (registered for the school) and returns its exact bytes and SHA-256.',
        params: Params,
        querystring: Type.Object({ signer: Fingerprint }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            batchId: Type.String(),
            manifestBytes: Type.String({ description: 'base64' }),
            digest: Type.String({ description: 'SHA-256, hex' }),
            manifest: ManifestSchema,
          }),
          ...workflowErrors,
        },
      },
    },
    async (request) =>
      mapped(async () => {
        const { batchId } = request.params;
        const target = await authorized(request, batchId, 'batches.sign');
        const signer = request.query.signer;
        await signerOf(signer, target.schoolId!);
        const b = await batchSigning(db, batchId);
        // The same signer asking again gets the same bytes; another signer gets a manifest naming it.
        if (b?.state === 'assembling' && (b.manifestText === null || b.signerCertFingerprint !== signer)) {
          await prepareManifest(db, batchId, signer, {
            channel: o.channel,
            actor: who(request.user),
            at: o.clock(),
          });
        }
        const req = await signingRequest(db, batchId);
        return { ...req, manifest: req.manifest as Manifest & Record<string, unknown> };
      }),
  );

  fastify.post(
    '/:batchId/signature',
    {
      // A CMS with its certificate chain is a few kB.
      bodyLimit: 256 * 1024,
      config: { permission: 'batches.sign' },
      schema: {
        tags,
        summary: 'Bước 2 ký số: gửi CMS / Signing, step two: post the CMS',
        description:
          'CMS SignedData tách rời (DER, base64) trên đúng các byte của bước 1; được kiểm tra trước khi lưu. / ' +
          'A detached CMS SignedData (DER, base64) over the bytes of step one; verified before it is stored.',
        params: Params,
        body: Type.Object(
          { cms: Type.String({ minLength: 4, pattern: '^[A-Za-z0-9+/]+={0,2}$' }) },
          { additionalProperties: false },
        ),
        response: { 200: Signed, ...workflowErrors },
      },
    },
    async (request) =>
      mapped(async () => {
        const { batchId } = request.params;
        const target = await authorized(request, batchId, 'batches.sign');
        const der = fromBase64(request.body.cms);
        if (!der) {
          throw new ApiError('VALIDATION', {
            problems: [{ in: 'body', path: '/cms', message: 'not base64' }],
          });
        }
        const b = await batchSigning(db, batchId);
        const registered =
          b?.state === 'assembling' && b.signerCertFingerprint !== null
            ? await signerOf(b.signerCertFingerprint, target.schoolId!)
            : undefined;
        const accepted = await acceptSignature(db, batchId, der, {
          trustAnchors: await trustAnchors(),
          registeredCertificate: registered,
          actor: who(request.user),
          now: o.clock(),
        });
        nudgeOutbox();
        return {
          batchId,
          state: 'signed' as const,
          signerCert: accepted.signerCert,
          signingTime: accepted.signingTime.toISOString(),
        };
      }),
  );

  // A signed batch is queued for anchoring: the worker need not finish its pause first.
  const nudgeOutbox = () => {
    if (fastify.hasDecorator('outbox')) fastify.outbox.nudge();
  };

  const devSigner = o.devSigner;
  if (devSigner) {
    fastify.post(
      '/:batchId/dev-sign',
      {
        config: { permission: 'batches.sign' },
        schema: {
          tags,
          summary: 'Ký bằng khóa phát triển (chỉ môi trường phát triển) / Sign with the development signer',
          params: Params,
          response: { 200: Signed, ...workflowErrors },
        },
      },
      async (request) =>
        mapped(async () => {
          const { batchId } = request.params;
          const target = await authorized(request, batchId, 'batches.sign');
          const signer = await devSigner(target.schoolId!);
          const registered = await signerOf(signer.fingerprint, target.schoolId!);
          await prepareManifest(db, batchId, signer.fingerprint, {
            channel: o.channel,
            actor: who(request.user),
            at: o.clock(),
          });
          const accepted = await signWithDevSigner(db, batchId, signer, {
            trustAnchors: await trustAnchors(),
            registeredCertificate: registered,
            actor: who(request.user),
            now: o.clock(),
          });
          nudgeOutbox();
          return {
            batchId,
            state: 'signed' as const,
            signerCert: accepted.signerCert,
            signingTime: accepted.signingTime.toISOString(),
          };
        }),
    );
  }
};

export default batchRoutes;
