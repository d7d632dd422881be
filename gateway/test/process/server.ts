/**
 * The real server process (gateway/src/server.ts under tsx) for process-level tests: spawned on a
 * temporary data directory and an ephemeral port, its stdout read until the start banner is complete,
 * stopped by a signal. Everything the server prints is kept, for the assertions and for a failure's
 * message.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');

export interface ServerRun {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface Ready {
  url: string;
  /** The lookup code and date of birth the banner offers. */
  lookupCode: string;
  dob: string;
  seededNow: boolean;
  readyMs: number;
}

const running = new Set<ChildProcess>();

/** SIGKILLs every server a test left running (a failed assertion before its stop). */
export function killLeftovers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export function spawnServer(env: Record<string, string>, args: string[] = []): ServerRun {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/src/server.ts', ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      CORE_CHAINCODE_LOGGING_LEVEL: 'critical',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString('utf8');
  });
  child.stderr!.on('data', (b: Buffer) => {
    out += b.toString('utf8');
  });
  running.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      done({ code, signal });
    });
  });
  return { child, output: () => out, exited };
}

/** Waits for the banner's last line (the curl line) and reads what it says. */
export async function waitReady(run: ServerRun, timeoutMs = 90_000): Promise<Ready> {
  const deadline = Date.now() + timeoutMs;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void run.exited.then((e) => {
    exit = e;
  });
  for (;;) {
    const out = run.output();
    const curl = /curl -s '(http:\/\/[^/]+)\/v1\/verify\/([0-9A-Z]+)\?dob=(\d{4}-\d{2}-\d{2})'/.exec(out);
    if (curl) {
      return {
        url: curl[1]!,
        lookupCode: curl[2]!,
        dob: curl[3]!,
        seededNow: out.includes('demo province seeded now'),
        readyMs: Number(/ready in (\d+) ms/.exec(out)?.[1]),
      };
    }
    if (exit) throw new Error(`the server exited (${JSON.stringify(exit)}) before it was ready:\n${out}`);
    if (Date.now() > deadline) throw new Error(`the server was not ready in ${timeoutMs} ms:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM, then the exit (a clean stop is code 0). */
export async function stopServer(
  run: ServerRun,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  run.child.kill('SIGTERM');
  return run.exited;
}

interface StoredTx {
  txId: string;
  function: string;
  args: string[];
  validationCode: string;
}

/** The valid `batch:anchorBatch` transactions for `batchId` in a persisted embedded ledger's block file. */
export function anchorTransactions(ledgerDir: string, batchId: string): StoredTx[] {
  const text = readFileSync(join(ledgerDir, 'blocks.jsonl'), 'utf8');
  const txs = text
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => (JSON.parse(line) as { transactions: StoredTx[] }).transactions);
  return txs.filter(
    (t) =>
      t.function === 'batch:anchorBatch' &&
      t.validationCode === 'VALID' &&
      (JSON.parse(t.args[0]!) as { batchId: string }).batchId === batchId,
  );
}
