/**
 * The database plugin: `fastify.db`, a Drizzle database on Postgres or PGlite opened by @hocba/db (its
 * migrations run at open). Either the app opens it — `DATABASE_URL` (or `open.url`) for Postgres, else
 * PGlite in memory or in `open.dataDir` — and closes it on close, or the caller passes one already open
 * (tests share one across apps) and keeps ownership of it.
 */
import { type Database, MEMORY, type OpenOptions, openDatabase } from '@hocba/db';
import fp from 'fastify-plugin';

export interface DbPluginOptions {
  /** An open database, owned by the caller: the app does not close it. */
  db?: Database | undefined;
  /** How to open one when `db` is not given (default: DATABASE_URL, else PGlite in memory). */
  open?: OpenOptions | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

export default fp<DbPluginOptions>(
  async (fastify, o) => {
    if (o.db) {
      fastify.decorate('db', o.db);
      return;
    }
    const opened = await openDatabase(
      o.open ?? { url: process.env.DATABASE_URL || undefined, dataDir: MEMORY },
    );
    fastify.log.info({ dialect: opened.dialect }, 'database open');
    fastify.decorate('db', opened.db);
    fastify.addHook('onClose', async () => {
      await opened.close();
    });
  },
  { name: 'db', fastify: '5.x' },
);
