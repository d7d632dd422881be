/**
 * COPY … FROM in the caller's transaction, on either driver: the lock writes hundreds of thousands of rows,
 * and COPY moves them as one stream of text instead of one bound parameter per value. node-postgres streams
 * through pg-copy-streams (`FROM STDIN`, on the transaction's own connection); PGlite reads the data as a
 * Blob (`FROM '/dev/blob'`, its documented device for COPY). The data is COPY text format
 * (lock-commit.ts's copyText, copyBytea): each call takes a bounded part of the rows, so nothing of the
 * batch's size is held at once.
 */
import { pipeline } from 'node:stream/promises';
import type { Transaction } from '@hocba/db';
import { entityKind, is } from 'drizzle-orm';
import { NodePgSession } from 'drizzle-orm/node-postgres';
import { from as copyFromStdin } from 'pg-copy-streams';

/** The driver's connection under a Drizzle transaction: private in Drizzle's types, stable at run time. */
interface PgClientLike {
  query(stream: ReturnType<typeof copyFromStdin>): ReturnType<typeof copyFromStdin>;
}
interface PgliteClientLike {
  query(sql: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
}

/** By Drizzle's kind, not its class: importing drizzle-orm/pglite loads PGlite, which Postgres never needs. */
const isPgliteSession = (session: unknown): boolean =>
  (session as { constructor?: { [entityKind]?: string } } | null)?.constructor?.[entityKind] ===
  'PgliteSession';

/**
 * `target`: `table (col, …)`, trusted SQL (the callers' own constants). `data`: COPY text lines, each
 * ending in a newline (strings, or their UTF-8 bytes).
 */
export async function copyInto(
  tx: Transaction,
  target: string,
  data: readonly (string | Uint8Array)[],
): Promise<void> {
  const session = (tx as unknown as { session: unknown }).session;
  const client = (session as { client: unknown }).client;
  if (is(session, NodePgSession)) {
    const stream = (client as PgClientLike).query(copyFromStdin(`COPY ${target} FROM STDIN`));
    await pipeline(data, stream);
  } else if (isPgliteSession(session)) {
    await (client as PgliteClientLike).query(`COPY ${target} FROM '/dev/blob'`, [], {
      blob: new Blob(data as BlobPart[]),
    });
  } else {
    throw new Error('COPY: the transaction is neither on node-postgres nor on PGlite');
  }
}
