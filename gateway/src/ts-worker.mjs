// Entry of the gateway's worker threads. A worker does not inherit the TypeScript loader its parent runs
// under (tsx for `npm start` and the benchmarks, Vite's transform under vitest), so each registers tsx
// itself, then imports the TypeScript module named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
