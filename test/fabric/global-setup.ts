/**
 * The Fabric project's set-up: builds Fabric (cached), the chaincode, and brings the network up; at the end
 * stops the processes it started (the data stays in .data/fabric for a look after a failure).
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { down, status, up } from './network.ts';

export default async function setup(): Promise<() => Promise<void>> {
  execFileSync('node', [resolve(import.meta.dirname, '../../chaincode/build.mjs')], { stdio: 'inherit' });
  const before = await status();
  const wasRunning = before.created && before.processes.every((p) => p.state === 'running');
  await up();
  return async () => {
    if (!wasRunning) await down();
  };
}
