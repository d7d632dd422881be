/**
 * Where a PDF is rendered: in worker threads, so that laying out and compressing a học bạ (hundreds of ms of
 * CPU, ~1 s under load) never holds the gateway's event loop while people wait on lookups. A small pool,
 * started on the first render and kept for the next ones; its threads do not keep the process alive.
 * PDF_WORKERS sets its size (default 1; 0: render in the calling thread). The bytes are the same in a worker
 * as in the thread (gateway/test/documents/render-pool.test.ts).
 *
 * A refusal is an ApiError (503, the caller may try again): DOCUMENT_RENDER_BUSY when more renders wait than PDF_QUEUE_MAX (the caller
 * should try again shortly), DOCUMENT_RENDER_FAILED when a worker could not start, crashed or timed out
 * (the next render starts a fresh one).
 */
import { Worker } from 'node:worker_threads';
import { ApiError } from '../http-errors.ts';
import { integerSetting } from '../int-setting.ts';
import type { PrintDocument } from './model.ts';
import type { RenderReply, RenderRequest } from './render-worker.ts';

export interface RenderPoolOptions {
  /** Worker threads; 0: render in the calling thread. */
  workers: number;
  /** Renders waiting for a worker at most (beyond those being rendered); at least 1. */
  queueMax: number;
  /** A render taking longer is abandoned and its worker replaced. */
  timeoutMs: number;
  /**
   * The worker's module and heap bound (default RENDER_WORKER: render-worker.ts, 256 MB): a test starts one that
   * crashes or runs out of memory, to see the pool refuse that render and replace the worker.
   */
  worker?: { entry: string; maxOldGenerationSizeMb: number } | undefined;
}

/**
 * PDF_WORKERS (default 1: one render at a time beside the event loop is what a school's downloads need, and
 * each worker holds its own pdfkit and fonts — one worker after five renders added ~100 MB of RSS, measured
 * on Node 20 under load, where rendering in the main thread added ~140 MB), PDF_QUEUE_MAX (default 32) and
 * PDF_RENDER_TIMEOUT_MS (default 60000).
 */
export function renderPoolOptions(): RenderPoolOptions {
  return {
    workers: integerSetting('PDF_WORKERS', 1, 0, 16),
    queueMax: integerSetting('PDF_QUEUE_MAX', 32, 1, 10_000),
    timeoutMs: integerSetting('PDF_RENDER_TIMEOUT_MS', 60_000, 1000, 600_000),
  };
}

const BOOT = new URL('../ts-worker.mjs', import.meta.url);
const ENTRY = new URL('./render-worker.ts', import.meta.url).href;
/** A học bạ is a few pages: a bounded heap keeps a runaway render from taking the gateway's memory. */
const RENDER_WORKER = { entry: ENTRY, maxOldGenerationSizeMb: 256 };

interface Job {
  doc: PrintDocument;
  resolve(pdf: Buffer): void;
  reject(e: Error): void;
}

/** The cause (what went wrong in the worker) stays in the log; the caller reads the code and its message. */
const failed = (why: string) =>
  new ApiError('DOCUMENT_RENDER_FAILED', { cause: new Error(`the PDF could not be rendered: ${why}`) });

/** One worker thread: starting, then idle or busy with one render, until it dies. */
class RenderWorker {
  state: 'starting' | 'idle' | 'busy' | 'dead' = 'starting';
  private current: { job: Job; timer: NodeJS.Timeout } | undefined;
  private readonly worker: Worker;

  /** `changed` is told when the worker becomes idle or dies (`startError` when it never started). */
  constructor(
    private readonly timeoutMs: number,
    private readonly changed: (w: RenderWorker, startError?: Error) => void,
    { entry, maxOldGenerationSizeMb }: NonNullable<RenderPoolOptions['worker']>,
  ) {
    this.worker = new Worker(BOOT, { workerData: { entry }, resourceLimits: { maxOldGenerationSizeMb } });
    this.worker.on('message', (m: RenderReply | 'ready') => {
      if (m === 'ready') {
        this.idle();
        this.changed(this);
      } else this.answer(m);
    });
    this.worker.on('error', (e) => this.die(failed(`the worker failed (${e.message})`)));
    this.worker.on('exit', (code) => this.die(failed(`the worker exited (code ${code})`)));
  }

  render(job: Job): void {
    const timer = setTimeout(() => {
      this.die(failed(`no answer within ${this.timeoutMs} ms`));
      void this.worker.terminate();
    }, this.timeoutMs);
    timer.unref();
    // While it renders, the worker keeps the process alive (a script awaiting a PDF is not cut short).
    this.worker.ref();
    this.state = 'busy';
    this.current = { job, timer };
    this.worker.postMessage({ doc: job.doc } satisfies RenderRequest);
  }

  terminate(): Promise<number> {
    this.die(failed('the pool was closed'));
    return this.worker.terminate();
  }

  private answer(m: RenderReply): void {
    const c = this.current;
    if (!c || this.state !== 'busy') return;
    clearTimeout(c.timer);
    this.current = undefined;
    this.idle();
    if (m.ok) c.job.resolve(Buffer.from(m.pdf.buffer, m.pdf.byteOffset, m.pdf.byteLength));
    else c.job.reject(failed(m.message));
    this.changed(this);
  }

  /** An idle pool does not keep the process (or a test run) alive. */
  private idle(): void {
    this.state = 'idle';
    this.worker.unref();
  }

  private die(e: Error): void {
    if (this.state === 'dead') return;
    const neverStarted = this.state === 'starting';
    this.state = 'dead';
    const c = this.current;
    this.current = undefined;
    if (c) {
      clearTimeout(c.timer);
      c.job.reject(e);
    }
    this.changed(this, neverStarted ? e : undefined);
  }
}

export interface PdfRenderer {
  render(doc: PrintDocument): Promise<Buffer>;
  /** Stops the workers; renders under way or waiting are refused. */
  close(): Promise<void>;
}

/**
 * Renders in the calling thread (PDF_WORKERS=0). pdfkit and the fonts are loaded only then: with workers,
 * the main thread never holds them.
 */
export const IN_THREAD: PdfRenderer = {
  render: async (doc) => (await import('./render.ts')).renderPdf(doc),
  close: async () => {},
};

/** A pool of `o.workers` threads, started lazily: none runs before the first render. */
export function renderPool(o: RenderPoolOptions): PdfRenderer {
  if (o.workers === 0) return IN_THREAD;
  let workers: RenderWorker[] = [];
  const queue: Job[] = [];

  const changed = (w: RenderWorker, startError?: Error) => {
    if (w.state === 'dead') workers = workers.filter((x) => x !== w);
    // No worker could start: refuse what waits rather than start new ones in a loop.
    if (startError && workers.length === 0) for (const job of queue.splice(0)) job.reject(startError);
    pump();
  };

  const pump = () => {
    while (queue.length > 0) {
      const idle = workers.find((w) => w.state === 'idle');
      if (idle) idle.render(queue.shift()!);
      else {
        const starting = workers.filter((w) => w.state === 'starting').length;
        // Start another only when the ones starting would not take every waiting render.
        if (workers.length < o.workers && starting < queue.length)
          workers.push(new RenderWorker(o.timeoutMs, changed, o.worker ?? RENDER_WORKER));
        else return;
      }
    }
  };

  return {
    render(doc) {
      if (queue.length >= o.queueMax)
        return Promise.reject(
          new ApiError('DOCUMENT_RENDER_BUSY', {
            cause: new Error(`${queue.length} PDFs wait to be rendered`),
          }),
        );
      return new Promise<Buffer>((resolve, reject) => {
        queue.push({ doc, resolve, reject });
        pump();
      });
    },
    async close() {
      for (const job of queue.splice(0)) job.reject(failed('the pool was closed'));
      const all = workers;
      workers = [];
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}

let shared: PdfRenderer | undefined;

/** The process's pool, as the environment sets it; created on the first render. */
export function renderPdfOffThread(doc: PrintDocument): Promise<Buffer> {
  shared ??= renderPool(renderPoolOptions());
  return shared.render(doc);
}
