/**
 * The PDF renderer's worker threads (gateway/src/documents/render-pool.ts): the same bytes as a render in
 * the calling thread; the event loop keeps running while a long học bạ renders (a timer's lag, measured
 * against the same render in the thread); and each way the pool can fail arrives as its coded error — a
 * render that throws, a worker that crashes, exits or runs out of memory, a timeout, a closed pool, too many
 * waiting — after which the pool still renders.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Block, PrintDocument } from '../../src/documents/model.ts';
import { renderPdf } from '../../src/documents/render.ts';
import { type PdfRenderer, renderPool, renderPoolOptions } from '../../src/documents/render-pool.ts';
import { FAKE_PDF } from './failing-render-worker.ts';
import { readPdf } from './pdf-reader.ts';

vi.setConfig({ testTimeout: 120_000 });

const COMMENT =
  'Em nắm vững kiến thức, kĩ năng của môn học; tích cực, chủ động trong các hoạt động; biết hợp tác với bạn bè. ';

const doc = (rows: number, o: Partial<PrintDocument> = {}): PrintDocument => ({
  kind: 'full',
  level: { vi: 'Tiểu học — theo Thông tư 27/2020/TT-BGDĐT', en: 'Primary — Circular 27/2020/TT-BGDĐT' },
  lookupCode: 'HB7K3MQ9ABCDEFGH1234',
  lookupUrl: 'https://tracuu.example.vn/HB7K3MQ9ABCDEFGH1234',
  fingerprint: '7K3M-Q9TX-B2DF-H8RW',
  issuedAt: new Date('2026-05-25T08:00:00.000Z'),
  blocks: [
    { kind: 'heading', text: { vi: 'Kết quả học tập', en: 'Results' } },
    {
      kind: 'table',
      columns: [
        { header: { vi: 'Môn học', en: 'Subject' }, weight: 2 },
        { header: { vi: 'Nhận xét', en: 'Comment' }, weight: 5 },
        { header: { vi: 'Điểm', en: 'Mark' }, weight: 1, align: 'right' },
      ],
      rows: Array.from({ length: rows }, (_, i) => [
        `Môn thứ ${i + 1}`,
        COMMENT.repeat(1 + (i % 4)),
        String((i % 10) + 1),
      ]),
    } satisfies Block,
  ],
  bundleJson: JSON.stringify({ schema: 'hocba.bundle/v1', pad: 'x'.repeat(2000) }),
  ...o,
});

const FAILING_WORKER = new URL('./failing-render-worker.ts', import.meta.url).href;

const pools: PdfRenderer[] = [];
const pool = (o: Partial<Parameters<typeof renderPool>[0]> = {}) => {
  const p = renderPool({ workers: 1, queueMax: 8, timeoutMs: 60_000, ...o });
  pools.push(p);
  return p;
};
afterAll(async () => {
  for (const p of pools) await p.close();
});

/** The longest a 5 ms interval timer was late while `work` ran, in ms. */
async function maxTimerLag(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  try {
    await work();
    // One more tick, so that a block at the very end is measured too.
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    clearInterval(timer);
  }
  return worst;
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string }) => e.code ?? String(e),
  );

describe('rendering in a worker thread', () => {
  it('gives the same bytes as a render in the calling thread', async () => {
    const d = doc(40);
    const here = await renderPdf(d);
    const there = await pool().render(d);
    expect(there.length).toBeGreaterThan(10_000);
    expect(Buffer.compare(there, here)).toBe(0);
    // And it is a PDF a reader opens, with its attachment.
    const read = await readPdf(there);
    expect(read.pageTexts.length).toBeGreaterThan(1);
    expect(read.attachments['hocba-bundle.json']).toBeDefined();
  });

  it('keeps the event loop running while a long học bạ renders', async () => {
    const p = pool();
    const d = doc(160);
    await p.render(doc(2)); // the worker started and warm, as after the first download
    const inThread = await maxTimerLag(() => renderPdf(d));
    const inWorker = await maxTimerLag(() => p.render(d));
    // The render is heavy enough to matter: in the thread, every other request would wait this long.
    expect(inThread).toBeGreaterThan(150);
    // A ratio, not a bound in ms: on a loaded machine any timer is late (measured at load 14: 1 873 ms in
    // the thread, 58 ms with the worker).
    expect(inWorker).toBeLessThan(inThread / 4);
  });

  it('refuses with DOCUMENT_RENDER_FAILED when a render throws, and renders the next one', async () => {
    const p = pool();
    expect(await codeOf(p.render(doc(1, { issuedAt: new Date(Number.NaN) })))).toBe('DOCUMENT_RENDER_FAILED');
    expect((await p.render(doc(1))).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it.each([
    ['CRASH', /the worker failed \(the layout met something it could not handle\)/],
    ['EXIT', /the worker exited \(code 7\)/],
    ['OOM', /the worker failed \(.*memory limit.*\)/],
  ])(
    'refuses with DOCUMENT_RENDER_FAILED when its worker dies (%s), and renders the next one in a fresh worker',
    async (mode, why) => {
      const p = pool({ worker: { entry: FAILING_WORKER, maxOldGenerationSizeMb: 16 } });
      const failed = await p.render(doc(1, { lookupCode: mode })).then(
        () => undefined,
        (e: { code?: string; cause?: Error }) => e,
      );
      expect(failed?.code).toBe('DOCUMENT_RENDER_FAILED');
      // What went wrong stays in the cause (the log's), not in what the caller is told.
      expect(failed?.cause?.message).toMatch(why);
      expect((await p.render(doc(1))).toString()).toBe(FAKE_PDF);
    },
  );

  it('abandons a render past its time with DOCUMENT_RENDER_FAILED, and replaces the worker', async () => {
    const p = pool({ timeoutMs: 2 });
    expect(await codeOf(p.render(doc(160)))).toBe('DOCUMENT_RENDER_FAILED');
    // The pool is not stuck: the next render gets a fresh worker (which times out the same way here).
    expect(await codeOf(p.render(doc(160)))).toBe('DOCUMENT_RENDER_FAILED');
  });

  it('refuses what waits when the pool is closed', async () => {
    const p = pool();
    const pending = [p.render(doc(20)), p.render(doc(20))].map(codeOf);
    await p.close();
    expect(await Promise.all(pending)).toEqual(['DOCUMENT_RENDER_FAILED', 'DOCUMENT_RENDER_FAILED']);
  });

  it('refuses with DOCUMENT_RENDER_BUSY beyond PDF_QUEUE_MAX waiting renders', async () => {
    const p = pool({ queueMax: 2 });
    const waiting = [p.render(doc(2)), p.render(doc(2))];
    expect(await codeOf(p.render(doc(2)))).toBe('DOCUMENT_RENDER_BUSY');
    expect(await Promise.all(waiting.map(codeOf))).toEqual(['resolved', 'resolved']);
  });
});

describe('the pool settings', () => {
  it('reads PDF_WORKERS, PDF_QUEUE_MAX and PDF_RENDER_TIMEOUT_MS, and names a wrong one', () => {
    vi.stubEnv('PDF_WORKERS', '');
    vi.stubEnv('PDF_QUEUE_MAX', '5');
    vi.stubEnv('PDF_RENDER_TIMEOUT_MS', '');
    expect(renderPoolOptions()).toEqual({ workers: 1, queueMax: 5, timeoutMs: 60_000 });
    vi.stubEnv('PDF_WORKERS', 'two');
    expect(() => renderPoolOptions()).toThrow(/PDF_WORKERS/);
    vi.unstubAllEnvs();
  });
});
