/**
 * The outbox worker's loop (services/worker-loop.ts): a pass, a pause, until stopped; a nudge cuts the pause
 * short, and a nudge during a pass makes the next one follow without a pause — so a batch signed just after a
 * pass began is anchored at once, not an interval later.
 */
import { describe, expect, it } from 'vitest';
import { workerLoop } from '../../src/services/worker-loop.ts';

const LONG = 60_000;
const until = async (ok: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('the worker loop', () => {
  it('waits its interval between passes unless nudged, and a nudge cuts the pause short', async () => {
    let passes = 0;
    const loop = workerLoop(async () => {
      passes++;
    });
    loop.start(LONG);
    await until(() => passes === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(passes).toBe(1); // in its minute-long pause
    loop.nudge();
    await until(() => passes === 2);
    await loop.stop();
  });

  it('runs again without a pause when nudged during a pass', async () => {
    let passes = 0;
    let release: (() => void) | undefined;
    const loop = workerLoop(async () => {
      passes++;
      if (passes === 1) await new Promise<void>((r) => (release = r));
    });
    loop.start(LONG);
    await until(() => release !== undefined);
    loop.nudge(); // work queued while the first pass runs
    release!();
    await until(() => passes === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(passes).toBe(2); // then its pause, as usual
    await loop.stop();
  });

  it('ignores a nudge when it is not running, and stops promptly from its pause', async () => {
    let passes = 0;
    const loop = workerLoop(async () => {
      passes++;
    });
    loop.nudge();
    expect(passes).toBe(0);
    loop.start(LONG);
    await until(() => passes === 1);
    const t = Date.now();
    await loop.stop();
    expect(Date.now() - t).toBeLessThan(LONG);
    loop.nudge();
    await new Promise((r) => setTimeout(r, 30));
    expect(passes).toBe(1);
  });
});
