/**
 * Reads are logged (issue 12 point 7; seed 000 Điều 3.2). A route that returns record content declares it
 * in its config — `accessLog: { entityType: 'record', param: 'recordId' }` — and this plugin logs every
 * answer it gives, whatever the outcome (a refusal is a read attempt too), through the batched
 * AccessLogWriter (services/access-log.ts): the reader (id and role from the token), the route, the object
 * (the path parameter), its place (the target the handler authorized, `request.accessed.target`), and the
 * outcome (from the handler, else from the status code). A public lookup names nobody; its handler gives the
 * hash of the code it read and the verdict. Requests that never reached a reader (401) are not reads.
 *
 * Before the handler, a saturated log (its database down long enough) refuses the read with 503
 * ACCESS_LOG_UNAVAILABLE: a read that cannot be logged is not served. The queue is flushed when the app
 * closes, before the database does.
 */
import type { AccessOutcome } from '@hocba/db';
import fp from 'fastify-plugin';
import type { Target } from '../../auth/principal.ts';
import { ApiError } from '../../http-errors.ts';
import { AccessLogWriter, type AccessLogWriterOptions, placeOf } from '../../services/access-log.ts';

export interface AccessLogRouteConfig {
  /** What the route reads: `record`, `class`, `student` (a transfer's records), `lookup`. */
  entityType: string;
  /** The path parameter naming the object read, if any. */
  param?: string;
}

/** What the handler learnt that the log should keep. */
export interface Accessed {
  /** The place of the object read, as the route authorized it. */
  target?: Target;
  /** A public lookup: SHA-256 of the canonical code (none when the code could not be read). */
  codeHash?: Uint8Array;
  outcome?: AccessOutcome;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route returns record content: log each read of it (plugins/app/access-log.ts). */
    accessLog?: AccessLogRouteConfig;
  }
  interface FastifyInstance {
    accessLog: AccessLogWriter;
  }
  interface FastifyRequest {
    accessed: Accessed | null;
  }
}

export type AccessLogPluginOptions = Omit<
  AccessLogWriterOptions,
  'db' | 'write' | 'onError' | 'onRejected' | 'onLost'
> & {
  clock?: () => Date;
};

/** The outcome a status code says, when the handler said nothing. */
export function outcomeOf(status: number): AccessOutcome {
  if (status < 300) return 'ok';
  if (status === 404) return 'notFound';
  if (status === 403 || status === 429) return 'refused';
  if (status < 500) return 'invalid';
  return 'error';
}

export default fp<AccessLogPluginOptions>(
  async (fastify, o) => {
    const clock = o.clock ?? (() => new Date());
    const writer = new AccessLogWriter({
      ...o,
      db: fastify.db,
      onError: (err, queued) => fastify.log.error({ err, queued }, 'access log write failed; kept, retrying'),
      // Entries hold no personal data: the process log may keep what the table could not.
      onRejected: (entry, err) =>
        fastify.log.error({ err, entry }, 'access log entry refused by the database'),
      onLost: (entries, err) =>
        fastify.log.error({ err, entries }, 'access log entries not written at shutdown'),
    });
    fastify.decorate('accessLog', writer);
    fastify.decorateRequest('accessed', null);

    fastify.addHook('preHandler', async (request) => {
      if (request.routeOptions.config.accessLog && writer.saturated)
        throw new ApiError('ACCESS_LOG_UNAVAILABLE');
    });

    fastify.addHook('onResponse', async (request, reply) => {
      const config = request.routeOptions.config.accessLog;
      if (!config) return;
      const user = request.user;
      const isPublic = request.routeOptions.config.permission === 'public';
      // No reader to name (no or a bad token): nothing was read.
      if (!isPublic && !user) return;
      const accessed = request.accessed ?? {};
      const params = (request.params ?? {}) as Record<string, unknown>;
      const entityId = config.param === undefined ? undefined : params[config.param];
      try {
        writer.record({
          at: clock(),
          kind: isPublic ? 'public' : 'staff',
          ...(!isPublic &&
            user && {
              ...(user.role === 'verifier' ? { actorClientId: user.sub } : { actorUserId: user.sub }),
              actorRole: user.role,
            }),
          action: `${request.method} ${request.routeOptions.url ?? ''}`,
          entityType: config.entityType,
          entityId: typeof entityId === 'string' ? entityId.slice(0, 200) : null,
          ...placeOf(accessed.target),
          codeHash: accessed.codeHash ?? null,
          outcome: accessed.outcome ?? outcomeOf(reply.statusCode),
        });
      } catch (err) {
        request.log.error({ err }, 'access log entry not queued');
      }
    });

    // Before the database closes (onClose hooks run in reverse order of registration).
    fastify.addHook('onClose', async () => {
      await writer.close();
    });
  },
  { name: 'access-log', fastify: '5.x', dependencies: ['db'] },
);
