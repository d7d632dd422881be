/**
 * Where the lock's chunks are committed: worker threads (canonicalizing and hashing is most of a large
 * lock's CPU, and the main thread has the database and the tree to do) or the calling thread.
 * LOCK_WORKERS sets the count (0: always in the calling thread; gateway/src/env.ts).
 *
 * Workers run lock-worker.ts bundled by esbuild at the first lock that uses them (worker-bundle.ts: only
 * what a chunk needs, +7 MB a worker instead of +46 MB under tsx), the same under tsx and vitest. Should
 * they fail to start, the lock runs in the calling thread (with a process warning): slower, the same result.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { holdHeapGrowth } from '../heap-growth.ts';
import { integerSetting } from '../int-setting.ts';
import { startWorker as startThread } from '../worker-bundle.ts';
import { type CommittedChunk, type CopiedChunk, commitCopied } from './lock-commit.ts';
import { fromWireError, type WorkerReply } from './lock-wire.ts';

export interface ChunkCommitter {
  /** Worker threads committing; 0: the calling thread. */
  readonly threads: number;
  /**
   * Commits a chunk as read; its buffers are moved to the worker (`chunk.copy` and `chunk.out` are
   * unusable afterwards) and come back in the result.
   */
  commit(chunk: CopiedChunk, effectiveAt: string): Promise<CommittedChunk>;
  /** Stops the workers (pending commits are rejected). */
  close(): Promise<void>;
}

/**
 * LOCK_WORKERS, else one per core the process may use but one: the main thread (reading, writing back,
 * the tree) and the database need a core too — on 2 cores, 2 workers were no faster than 1 and took
 * ~50 MB more (bench, issue 16). One core: the calling thread.
 */
export function lockWorkerCount(value: string | undefined = process.env.LOCK_WORKERS): number {
  return integerSetting('LOCK_WORKERS', availableParallelism() - 1, 0, 64, value);
}

export const IN_THREAD: ChunkCommitter = {
  threads: 0,
  commit: async (chunk, effectiveAt) => commitCopied(chunk, effectiveAt),
  close: async () => {},
};

const ENTRY = new URL('./lock-worker.ts', import.meta.url);
/**
 * A worker holds one chunk's records at a time: its heap need not grow with the batch. A small young
 * generation keeps each worker's resident set small (the garbage of a chunk is short-lived).
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 };

interface Pending {
  resolve(c: CommittedChunk): void;
  reject(e: Error): void;
}

class LockWorker {
  readonly pending = new Map<number, Pending>();
  failure: Error | undefined;

  constructor(readonly worker: Worker) {
    worker.on('message', (m: WorkerReply | 'ready') => {
      if (m === 'ready') return;
      const p = this.pending.get(m.n);
      this.pending.delete(m.n);
      if (m.ok) p?.resolve({ copy: m.copy, leaves: m.leaves, input: m.input });
      else p?.reject(fromWireError(m.error));
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => this.fail(new Error(`a lock worker exited (code ${code})`)));
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }
}

async function startWorker(): Promise<LockWorker> {
  const worker = await startThread(ENTRY, { resourceLimits: WORKER_LIMITS });
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    worker.once('error', onError);
    worker.once('message', (m) => {
      worker.off('error', onError);
      if (m === 'ready') resolve(new LockWorker(worker));
      else reject(new Error('a lock worker spoke before it was ready'));
    });
  });
}

/**
 * `count` workers, or the calling thread if they cannot start (or count is 0). Workers mean a large batch:
 * until close(), the main thread's heap grows less between full GCs (heap-growth.ts).
 */
export async function startLockWorkers(count: number): Promise<ChunkCommitter> {
  if (count === 0) return IN_THREAD;
  const release = holdHeapGrowth();
  const started = await Promise.allSettled(Array.from({ length: count }, startWorker));
  const failed = started.find((s) => s.status === 'rejected');
  const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (failed) {
    await Promise.all(workers.map((w) => w.worker.terminate()));
    process.emitWarning(
      `lock workers could not start (${(failed.reason as Error).message}): locking in the calling thread`,
    );
    return { ...IN_THREAD, close: async () => release() };
  }
  let n = 0;
  return {
    threads: count,
    commit(chunk, effectiveAt) {
      // The least busy worker; a failed one refuses at once (the lock is rolled back, not continued).
      const w = workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      if (w.failure) return Promise.reject(w.failure);
      const id = n++;
      return new Promise<CommittedChunk>((resolve, reject) => {
        w.pending.set(id, { resolve, reject });
        const moved = new Set([chunk.copy.buffer, chunk.out?.buffer]);
        moved.delete(undefined);
        w.worker.postMessage({ n: id, chunk, effectiveAt }, [...moved] as ArrayBuffer[]);
      });
    },
    async close() {
      release();
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
