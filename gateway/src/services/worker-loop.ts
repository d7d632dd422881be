/**
 * The outbox worker's background loop (outbox-worker.ts): one pass, then a pause, until stopped; stop()
 * cuts the pause short and waits for the pass under way to finish, so that closing the app never abandons
 * a row between the ledger's answer and our own bookkeeping.
 */
export interface WorkerLoop {
  /** Runs a pass every `intervalMs` until stop(); a second start() is a no-op. */
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

export function workerLoop(pass: () => Promise<unknown>, onError?: (error: unknown) => void): WorkerLoop {
  let running: Promise<void> | undefined;
  let stopping = false;
  let wake: (() => void) | undefined;
  return {
    start(intervalMs = 1000) {
      if (running) return;
      stopping = false;
      running = (async () => {
        while (!stopping) {
          try {
            await pass();
          } catch (e) {
            onError?.(e);
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, intervalMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      })();
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
      running = undefined;
    },
  };
}
