/**
 * COPY in the caller's transaction, on either driver: the lock writes hundreds of thousands of rows, and
 * COPY moves them as one stream of text instead of one bound parameter per value; it reads them the same
 * way, as bytes the main thread passes to a worker without decoding them (no string per value on its
 * heap). node-postgres streams through pg-copy-streams (`FROM STDIN`, `TO STDOUT`, on the transaction's own
 * connection); PGlite reads and writes the data as a Blob (`'/dev/blob'`, its documented device for COPY).
 * The data is COPY text format (lock-commit.ts's copyText, copyBytea, readCopyText): each call takes a
 * bounded part of the rows, so nothing of the batch's size is held at once.
 */
import { pipeline } from 'node:stream/promises';
import type { Transaction } from '@hocba/db';
import { entityKind, is } from 'drizzle-orm';
import { NodePgSession } from 'drizzle-orm/node-postgres';
import { from as copyFromStdin, to as copyToStdout } from 'pg-copy-streams';

/** The driver's connection under a Drizzle transaction: private in Drizzle's types, stable at run time. */
interface PgClientLike {
  query<S extends ReturnType<typeof copyFromStdin> | ReturnType<typeof copyToStdout>>(stream: S): S;
}
interface PgliteClientLike {
  query(sql: string, params: unknown[], options?: { blob: Blob }): Promise<{ blob?: Blob }>;
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
  const { session, client } = driverOf(tx);
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

/**
 * The rows of `query` (trusted SQL: COPY takes no parameters) in COPY text format, as bytes in an
 * ArrayBuffer of their own (transferable to a worker).
 */
export async function copyOut(tx: Transaction, query: string): Promise<Uint8Array> {
  const { session, client } = driverOf(tx);
  if (is(session, NodePgSession)) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of (client as PgClientLike).query(copyToStdout(`COPY (${query}) TO STDOUT`))) {
      chunks.push(c as Buffer);
      size += (c as Buffer).length;
    }
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
  if (isPgliteSession(session)) {
    const { blob } = await (client as PgliteClientLike).query(`COPY (${query}) TO '/dev/blob'`, []);
    return new Uint8Array(blob ? await blob.arrayBuffer() : new ArrayBuffer(0));
  }
  throw new Error('COPY: the transaction is neither on node-postgres nor on PGlite');
}

function driverOf(tx: Transaction): { session: unknown; client: unknown } {
  const session = (tx as unknown as { session: unknown }).session;
  return { session, client: (session as { client: unknown }).client };
}
