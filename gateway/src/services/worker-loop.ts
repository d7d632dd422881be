/**
 * The outbox worker's background loop (outbox-worker.ts): one pass, then a pause, until stopped; stop()
 * cuts the pause short and waits for the pass under way to finish, so that closing the app never abandons
 * a row between the ledger's answer and our own bookkeeping.
 */
export interface WorkerLoop {
  /** Runs a pass every `intervalMs` until stop(); a second start() is a no-op. */
  start(intervalMs?: number): void;
  /**
   * Work was just queued: the next pass runs now rather than after the pause (a pause under way is cut
   * short; during a pass, the next one follows without a pause). A no-op when the loop is not running.
   */
  nudge(): void;
  stop(): Promise<void>;
}

export function workerLoop(pass: () => Promise<unknown>, onError?: (error: unknown) => void): WorkerLoop {
  let running: Promise<void> | undefined;
  let stopping = false;
  let wake: (() => void) | undefined;
  let again = false;
  return {
    start(intervalMs = 1000) {
      if (running) return;
      stopping = false;
      running = (async () => {
        while (!stopping) {
          again = false;
          try {
            await pass();
          } catch (e) {
            onError?.(e);
          }
          if (again || stopping) continue;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, intervalMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
        }
      })();
    },
    nudge() {
      if (!running || stopping) return;
      again = true;
      wake?.();
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
      running = undefined;
    },
  };
}
