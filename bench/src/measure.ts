/** Timing helpers: wall-clock with performance.now(), repetitions with their median, memory samples. */

export interface Timing {
  /** Records (or items) the measured work covered. */
  readonly count: number;
  /** Wall-clock ms of each repetition. */
  readonly runsMs: number[];
  readonly medianMs: number;
  /** medianMs per item, in µs. */
  readonly perItemUs: number;
  /** Free-form facts about the run (caps, sub-phases, checks). */
  readonly extra?: Record<string, unknown>;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function timing(count: number, runsMs: number[], extra?: Record<string, unknown>): Timing {
  const medianMs = median(runsMs);
  const t = { count, runsMs, medianMs, perItemUs: (medianMs * 1000) / count };
  return extra ? { ...t, extra } : t;
}

/** Full garbage collection when node runs with --expose-gc (scripts/bench.sh sets it), so that one
 * phase's garbage is not collected inside the next phase's timing. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

/** Accumulates the time of the timed sections only (work between them, such as generating the next chunk
 * of records, is not counted). */
export class Stopwatch {
  private total = 0;
  time<T>(fn: () => T): T {
    const t0 = performance.now();
    const out = fn();
    this.total += performance.now() - t0;
    return out;
  }
  async timeAsync<T>(fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    const out = await fn();
    this.total += performance.now() - t0;
    return out;
  }
  get ms(): number {
    return this.total;
  }
}

export interface Repetitions {
  /** At most this many runs. */
  readonly reps: number;
  /** No further run once the next one (assumed as long as the last) would take the phase past this. */
  readonly budgetMs: number;
}

/** Runs `once` (after a full GC each time) up to `reps` times within the time budget, at least once,
 * and returns the timing of its median run. */
export async function repeat(
  count: number,
  { reps, budgetMs }: Repetitions,
  once: () => number | Promise<number>,
  extra?: Record<string, unknown>,
): Promise<Timing> {
  const runs: number[] = [];
  let spent = 0;
  while (runs.length < reps) {
    collectGarbage();
    const t0 = performance.now();
    runs.push(await once());
    const last = performance.now() - t0;
    spent += last;
    if (spent + last > budgetMs) break;
  }
  return timing(count, runs, extra);
}

export interface MemorySample {
  readonly label: string;
  readonly rssMB: number;
  readonly heapUsedMB: number;
  readonly externalMB: number;
}

const mb = (bytes: number): number => Math.round(bytes / 1048576);

export function memorySample(label: string): MemorySample {
  const m = process.memoryUsage();
  return { label, rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed), externalMB: mb(m.external + m.arrayBuffers) };
}

/** Peak resident set size of the process so far, in MB. */
export function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
