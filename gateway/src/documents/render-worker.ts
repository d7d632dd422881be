/**
 * A PDF worker thread (render-pool.ts starts it through ts-worker.mjs): renders each document it is sent
 * and answers with the PDF's bytes (moved, not copied) or the failure's message. One at a time: the pool
 * sends the next only after the answer.
 */
import { parentPort } from 'node:worker_threads';
import type { PrintDocument } from './model.ts';
import { renderPdf } from './render.ts';

export interface RenderRequest {
  doc: PrintDocument;
}

export type RenderReply = { ok: true; pdf: Uint8Array } | { ok: false; message: string };

const port = parentPort!;
port.on('message', async (m: RenderRequest) => {
  let pdf: Buffer;
  try {
    pdf = await renderPdf(m.doc);
  } catch (e) {
    port.postMessage({
      ok: false,
      message: e instanceof Error ? e.message : String(e),
    } satisfies RenderReply);
    return;
  }
  // A Buffer may be a view of Node's shared pool: copy into a buffer of its own, which is then moved.
  const own = new Uint8Array(pdf);
  port.postMessage({ ok: true, pdf: own } satisfies RenderReply, [own.buffer]);
});
port.postMessage('ready');
