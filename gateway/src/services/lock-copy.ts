/**
 * COPY in the caller's transaction, on either driver: the lock writes hundreds of thousands of rows, and
 * COPY moves them as one stream of text instead of one bound parameter per value; it reads them the same
 * way, as bytes the main thread passes to a worker without decoding them (no string per value on its
 * heap). node-postgres writes through pg-copy-streams (`FROM STDIN`) and reads through a query object of
 * its own (`TO STDOUT`), on the transaction's own connection; PGlite reads and writes the data as a Blob
 * (`'/dev/blob'`, its documented device for COPY).
 * The data is COPY text format (lock-commit.ts's copyText, copyBytea, readCopyText): each call takes a
 * bounded part of the rows, so nothing of the batch's size is held at once.
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
 * The rows of `query` (trusted SQL: COPY takes no parameters) in COPY text format, as a view of an
 * ArrayBuffer of their own (transferable to a worker). `into`: a buffer to write them in (reused; a larger
 * one replaces it if they do not fit), or the bytes expected (e.g. the last chunk's), so that the buffer
 * is allocated once.
 */
export async function copyOut(
  tx: Transaction,
  query: string,
  into: Uint8Array | number = 0,
): Promise<Uint8Array> {
  const { session, client } = driverOf(tx);
  if (is(session, NodePgSession)) {
    return await new Promise<Uint8Array>((resolve, reject) => {
      (client as { query(q: CopyOutQuery): unknown }).query(
        new CopyOutQuery(`COPY (${query}) TO STDOUT`, into, resolve, reject),
      );
    });
  }
  if (isPgliteSession(session)) {
    const { blob } = await (client as PgliteClientLike).query(`COPY (${query}) TO '/dev/blob'`, []);
    return new Uint8Array(blob ? await blob.arrayBuffer() : new ArrayBuffer(0));
  }
  throw new Error('COPY: the transaction is neither on node-postgres nor on PGlite');
}

/**
 * COPY … TO STDOUT as a node-postgres query object (its Submittable protocol: the client hands it the
 * messages of its turn): each CopyData message's bytes are appended to one buffer as they arrive. A stream
 * (pg-copy-streams' `to`) would allocate a Buffer for every socket read and another to join them; a
 * chunk's megabytes of rows would make that much garbage outside the heap, and the lock's held heap growth
 * (heap-growth.ts) counts it: a full GC every few megabytes.
 */
class CopyOutQuery {
  private buffer: Uint8Array;
  private size = 0;
  private failed = false;

  constructor(
    private readonly text: string,
    into: Uint8Array | number,
    private readonly resolve: (bytes: Uint8Array) => void,
    private readonly reject: (e: Error) => void,
  ) {
    this.buffer = typeof into === 'number' ? new Uint8Array(Math.max(into, 1 << 16)) : into;
  }

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleCopyData(msg: { chunk: Uint8Array }): void {
    const { chunk } = msg;
    if (this.size + chunk.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.size + chunk.length, 1 << 16));
      grown.set(this.buffer.subarray(0, this.size));
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.size);
    this.size += chunk.length;
  }

  /** The server's error (its ReadyForQuery follows), or the connection's (none follows). */
  handleError(e: Error): void {
    this.failed = true;
    this.reject(e);
  }

  /** The end of the query's turn. */
  handleReadyForQuery(): void {
    if (!this.failed) this.resolve(this.buffer.subarray(0, this.size));
  }

  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
}

function driverOf(tx: Transaction): { session: unknown; client: unknown } {
  const session = (tx as unknown as { session: unknown }).session;
  return { session, client: (session as { client: unknown }).client };
}
