/**
 * The browser suite's province and gateway as a process of its own, for the portal benchmark
 * (bench/src/portal.ts): prints one JSON line `{ base, seats }` when it listens, and stops when its
 * standard input closes.
 */
import { startBrowserWorld } from './world.ts';

const world = await startBrowserWorld();
process.stdout.write(`${JSON.stringify({ base: world.base, seats: world.seats })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void world.close().then(() => process.exit(0));
});
