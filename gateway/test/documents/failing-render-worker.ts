/**
 * A stand-in for render-worker.ts that fails as a real worker can, chosen by the document's lookup code:
 * CRASH throws outside any handler (the thread's uncaught error), EXIT ends the thread, OOM fills its
 * bounded heap; any other document is answered with FAKE_PDF. render-pool.test.ts starts it in the pool.
 */
import { parentPort } from 'node:worker_threads';
import type { RenderReply, RenderRequest } from '../../src/documents/render-worker.ts';

export const FAKE_PDF = '%PDF-1.7 stand-in';

// Imported by the test for FAKE_PDF too, where there is no parent port.
const port = parentPort;
port?.on('message', (m: RenderRequest) => {
  switch (m.doc.lookupCode) {
    case 'CRASH':
      setImmediate(() => {
        throw new Error('the layout met something it could not handle');
      });
      return;
    case 'EXIT':
      process.exit(7);
      return;
    case 'OOM': {
      const kept: number[][] = [];
      for (;;) kept.push(Array.from({ length: 100_000 }, (_, i) => i * 1.5));
    }
    default: {
      const pdf = new TextEncoder().encode(FAKE_PDF);
      port.postMessage({ ok: true, pdf } satisfies RenderReply, [pdf.buffer]);
    }
  }
});
port?.postMessage('ready');
