/**
 * A tighter old-generation growth while a large lock runs. After each full GC, V8 lets the heap grow to up
 * to ~4× what survived before collecting again; a lock reads each chunk's records as strings (~4 KB a
 * record) that live across a few database round trips, are promoted, and die. At 30 000 records the main
 * thread's heap grew from ~80 to 196–255 MB, mostly dead strings (issue 16, measured; the live set is a
 * chunk, the ids and the leaves).
 *
 * V8's `--heap-growing-percent=10` makes the next full GC come after +10 %. V8 reads the flag when it sets
 * the next limit, after a full GC, so one full GC is made when the hold begins (tens of ms, once a lock).
 * Measured on Postgres: at 30 000 records the main heap peaked at ~90 MB instead of 196 (20 %); at 300 000
 * the process peaked at 297 MB with 10 % and 306 MB with 20 %, with the same CPU time (77 s and 79 s). 0,
 * set again when the last hold is released, is V8's default (its own dynamic factor): the gateway's
 * requests keep it between locks.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The old generation grows by this much between full GCs while a lock holds it. */
export const LOCK_HEAP_GROWING_PERCENT = 10;

let holders = 0;

export interface HeapControls {
  /** node:v8's setFlagsFromString. */
  setFlags(flags: string): void;
  /** A full GC now. */
  collect(): void;
}

const V8_CONTROLS: HeapControls = {
  setFlags: setFlagsFromString,
  collect() {
    // `gc` is exposed to contexts made from now on, not to the gateway's own global.
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  },
};

/**
 * Tightens the heap's growth until the returned release is called (once; further calls do nothing). A
 * test passes its own controls.
 */
export function holdHeapGrowth(controls: HeapControls = V8_CONTROLS): () => void {
  if (holders++ === 0) {
    controls.setFlags(`--heap-growing-percent=${LOCK_HEAP_GROWING_PERCENT}`);
    controls.collect();
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) controls.setFlags('--heap-growing-percent=0');
  };
}
