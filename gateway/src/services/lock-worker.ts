/**
 * A lock worker thread (lock-pool.ts starts it bundled, worker-bundle.ts): commits the chunks it is sent and
 * answers each with its COPY text and leaves, or with the refusal, by the request's number.
 */
import { parentPort } from 'node:worker_threads';
import { type CopiedChunk, commitCopied } from './lock-commit.ts';
import { toWireError, type WorkerReply } from './lock-wire.ts';

const port = parentPort!;
port.on('message', (m: { n: number; chunk: CopiedChunk; effectiveAt: string }) => {
  let reply: WorkerReply;
  try {
    reply = { n: m.n, ok: true, ...commitCopied(m.chunk, m.effectiveAt) };
  } catch (e) {
    port.postMessage({ n: m.n, ok: false, error: toWireError(e) } satisfies WorkerReply);
    return;
  }
  // The buffers are moved, not copied (the chunk's own, read, goes back for the next read).
  const moved = new Set([reply.leaves.buffer, reply.copy.buffer, reply.input?.buffer]);
  moved.delete(undefined);
  port.postMessage(reply, [...moved] as ArrayBuffer[]);
});
port.postMessage('ready');
