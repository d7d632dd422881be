/**
 * Worker threads started from a bundle (issue 16): the lock's worker is one script holding what a chunk
 * needs — no tsx, none of the gateway's other modules —, made once per process, and it runs; an entry that
 * cannot be bundled falls back to ts-worker.mjs with a warning.
 */
import { describe, expect, it, vi } from 'vitest';
import { startWorker, workerBundle } from '../src/worker-bundle.ts';

const LOCK_WORKER = new URL('../src/services/lock-worker.ts', import.meta.url);

describe('workerBundle', () => {
  it('bundles the lock worker alone: its own code and the hashing, not tsx, the database or the server', async () => {
    const script = await workerBundle(LOCK_WORKER);
    expect(script).toBeDefined();
    expect(script).toContain('commitChunk');
    expect(script).toContain('aes-256-ctr');
    // Nothing resolved at run time but Node's own modules.
    const required = [...script!.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    for (const r of required) expect(r).toMatch(/^node:/);
    for (const heavy of ['tsx', 'fastify', 'drizzle', 'pglite', 'exceljs', 'pdfkit']) {
      expect(script).not.toContain(`require("${heavy}`);
    }
    expect(script!.length).toBeLessThan(200_000);
    // Once per process.
    expect(workerBundle(LOCK_WORKER)).toBe(workerBundle(LOCK_WORKER));
  });

  it('gives no bundle for an entry esbuild cannot build, and says so once', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const missing = new URL('./no-such-worker.ts', import.meta.url);
      await expect(workerBundle(missing)).resolves.toBeUndefined();
      await expect(workerBundle(missing)).resolves.toBeUndefined();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain('no-such-worker.ts');
    } finally {
      warn.mockRestore();
    }
  });
});

describe('startWorker', () => {
  it('runs the bundled lock worker, which says it is ready', async () => {
    const worker = await startWorker(LOCK_WORKER);
    try {
      await expect(new Promise((resolve) => worker.once('message', resolve))).resolves.toBe('ready');
    } finally {
      await worker.terminate();
    }
  });
});
