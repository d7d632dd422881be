/**
 * The real Fabric network for the tests (network/fabric/scripts/network.sh): bring it up, reset it, read
 * its status, stop, kill and start one of its processes. Every test that changes the network's processes
 * leaves them running again (its afterAll calls `up()`).
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = resolve(import.meta.dirname, '../../network/fabric/scripts/network.sh');

export interface ProcessStatus {
  name: string;
  state: 'running' | 'stopped';
  health: 'ok' | 'unhealthy' | '-';
  height: number | null;
  pid: number | null;
}

export interface NetworkStatus {
  created: boolean;
  dir?: string;
  leader: string | null;
  processes: ProcessStatus[];
}

async function network(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [SCRIPT, ...args], { maxBuffer: 16 << 20, timeout: 600_000 });
  return stdout;
}

/** Builds (cached), creates on first run and starts whatever is not running; waits until healthy. */
export const up = () => network('up');
export const down = () => network('down');
/** A new network from nothing (a fresh ledger): ~10 s on 2 cores. */
export const reset = async () => {
  await network('reset');
  await network('up');
};
export const status = async (): Promise<NetworkStatus> => JSON.parse(await network('status', '--json'));
/** SIGTERM, then SIGKILL after 5 s. */
export const stop = (name: string) => network('stop', name);
/** SIGKILL at once, as a crash. */
export const kill = (name: string) => network('kill', name);
export const start = (name: string) => network('start', name);

/** The block heights of the orderers and peers, by process name. */
export async function heights(): Promise<Record<string, number | null>> {
  const s = await status();
  return Object.fromEntries(
    s.processes.filter((p) => /^(orderer|peer-)/.test(p.name)).map((p) => [p.name, p.height]),
  );
}

/** Waits until every orderer and peer is at the same height (at least `min`); returns it. */
export async function waitSameHeight(min = 0, timeoutMs = 60_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  let last: Record<string, number | null> = {};
  while (Date.now() < until) {
    last = await heights();
    const values = Object.values(last);
    if (values.every((h) => h !== null && h === values[0] && h >= min)) return values[0]!;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`nodes not at one height after ${timeoutMs} ms: ${JSON.stringify(last)}`);
}
