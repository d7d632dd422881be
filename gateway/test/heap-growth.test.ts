/**
 * The lock's hold on V8's heap growth (issue 16): set once for any number of holders, given back with the
 * last release, and in a real process it keeps a churn of promoted garbage (what a lock's chunks are) in a
 * much smaller heap than V8's default growth does.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { holdHeapGrowth, LOCK_HEAP_GROWING_PERCENT } from '../src/heap-growth.ts';

const HEAP_GROWTH = fileURLToPath(new URL('../src/heap-growth.ts', import.meta.url));

describe('holdHeapGrowth', () => {
  it('sets the flag and collects once for overlapping holds, and resets it with the last release', () => {
    const calls: string[] = [];
    const controls = { setFlags: (f: string) => calls.push(f), collect: () => calls.push('gc') };
    const first = holdHeapGrowth(controls);
    const second = holdHeapGrowth(controls);
    expect(calls).toEqual([`--heap-growing-percent=${LOCK_HEAP_GROWING_PERCENT}`, 'gc']);
    first();
    first();
    expect(calls).toHaveLength(2);
    second();
    expect(calls).toEqual([
      `--heap-growing-percent=${LOCK_HEAP_GROWING_PERCENT}`,
      'gc',
      '--heap-growing-percent=0',
    ]);
    holdHeapGrowth(controls)();
    expect(calls).toHaveLength(6);
  });

  it('keeps a churn of promoted garbage in a smaller heap than V8 does by default', () => {
    // Chunks of 3 MB of flat strings, each kept while the next 7 are made (so they are promoted), 150 in all.
    const churn = (hold: boolean) => {
      const script = `
        import { randomBytes } from 'node:crypto';
        import { holdHeapGrowth } from ${JSON.stringify(HEAP_GROWTH)};
        const release = ${hold} ? holdHeapGrowth() : () => {};
        const ring = [];
        let peak = 0;
        for (let i = 0; i < 150; i++) {
          ring.push(Array.from({ length: 500 }, () => randomBytes(3000).toString('hex')));
          if (ring.length > 8) ring.shift();
          await new Promise((r) => setImmediate(r));
          peak = Math.max(peak, process.memoryUsage().heapTotal);
        }
        release();
        console.log(Math.round(peak / 1048576));`;
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      return Number(out.trim().split('\n').at(-1));
    };
    const free = churn(false);
    const held = churn(true);
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(free * 0.8);
  }, 60_000);
});
