/**
 * The hocba gateway as `npm start` runs it on the real network (LEDGER=fabric): gateway/src/server.ts in a
 * process of its own, on a temporary data directory and an ephemeral port, on the Fabric network that
 * HOCBA_FABRIC_DIR and HOCBA_FABRIC_PORT_OFFSET name (the same variables network.sh reads), started and
 * stopped with gateway/test/process/server.ts; and a small client of its HTTP API that logs in as the demo
 * staff and remembers every status it was answered (a test asserts none was a 5xx).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  killLeftovers,
  type Ready,
  ROOT,
  type ServerRun,
  spawnServer,
  stopServer,
  waitReady,
} from '@hocba/gateway/testing/process/server.ts';

export { ROOT };
export const DEMO_PASSWORD = 'hocba-demo-2026';

/** What the network scripts and the Fabric CA client need from this environment, passed on as it is. */
const PASSED_ON = ['HOCBA_FABRIC_DIR', 'HOCBA_FABRIC_PORT_OFFSET', 'HOCBA_CACHE_DIR', 'XDG_CACHE_HOME'];

export interface FabricGateway extends Ready {
  run: ServerRun;
  dataDir: string;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The portal the gateway serves at `/`: built once if this checkout has none (CI's test script builds it). */
export function ensurePortalBuilt(): void {
  if (existsSync(join(ROOT, 'portal/dist/index.html'))) return;
  execFileSync('npm', ['run', 'build', '-w', 'portal'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * Starts the gateway on the Fabric network: it enrols its identities, sets the province up on the ledger,
 * seeds the database and anchors the demo batch, then prints its banner (waited for, up to `timeoutMs`).
 */
export async function startFabricGateway(
  timeoutMs = 180_000,
  /** More settings (LOG_LEVEL: info to read the request log). */
  extraEnv: Record<string, string> = {},
): Promise<FabricGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hocba-fabric-e2e-'));
  const env: Record<string, string> = {
    LEDGER: 'fabric',
    HOCBA_DATA_DIR: dataDir,
    ANCHOR_INTERVAL_MS: '200',
    // fabric-shim's logger, loaded in the gateway by the embedded ledger's stub, turns every unhandled
    // rejection into an error-level log line and keeps the process alive: at 'critical' a failed start
    // (a rejected top-level await in server.ts) exits 0 saying nothing. 'error' lets that line through.
    CORE_CHAINCODE_LOGGING_LEVEL: 'error',
    // The test polls and logs in more than a person would; the public lookup keeps its own limit.
    RATE_LIMIT_MAX: '100000',
    RATE_LIMIT_AUTH_MAX: '1000',
  };
  for (const k of PASSED_ON) if (process.env[k]) env[k] = process.env[k]!;
  const run = spawnServer({ ...env, ...extraEnv });
  let ready: Ready;
  try {
    ready = await waitReady(run, timeoutMs);
  } catch (e) {
    killLeftovers();
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  return {
    ...ready,
    run,
    dataDir,
    async stop() {
      const exit = await stopServer(run);
      rmSync(dataDir, { recursive: true, force: true });
      return exit;
    },
  };
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

type Method = 'GET' | 'POST';

/** The gateway's API as the demo staff use it. */
export class Api {
  /** Every status the gateway answered, in order. */
  readonly statuses: number[] = [];
  private readonly tokens = new Map<string, string>();

  constructor(readonly base: string) {}

  async request<T = Record<string, unknown>>(
    method: Method,
    path: string,
    o: { token?: string; body?: unknown } = {},
  ): Promise<Answer<T>> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(o.token && { authorization: `Bearer ${o.token}` }),
        ...(o.body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(o.body !== undefined && { body: JSON.stringify(o.body) }),
    });
    this.statuses.push(res.status);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  /** Logs a demo account in (once) and returns its access token. */
  async login(login: string): Promise<string> {
    const known = this.tokens.get(login);
    if (known) return known;
    const r = await this.request<{ accessToken: string }>('POST', '/v1/auth/login', {
      body: { login, password: DEMO_PASSWORD },
    });
    if (r.status !== 200) throw new Error(`login ${login}: ${r.status} ${JSON.stringify(r.body)}`);
    this.tokens.set(login, r.body.accessToken);
    return r.body.accessToken;
  }

  /** A call as a demo account. */
  async as<T = Record<string, unknown>>(
    login: string,
    method: Method,
    path: string,
    body?: unknown,
  ): Promise<Answer<T>> {
    return this.request<T>(method, path, { token: await this.login(login), body });
  }
}

/** The error code of a refusal (`{ error: { code } }`), or undefined. */
export const errorCode = (a: Answer<unknown>) => (a.body as { error?: { code?: string } }).error?.code;

/**
 * Calls `read` until `done` holds of what it returns (every `everyMs`), and returns that; past `timeoutMs`
 * it throws with the last value, so that a failure says where things stood.
 */
export async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (v: T) => boolean,
  o: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline)
      throw new Error(`${what}: not reached in ${o.timeoutMs ?? 60_000} ms; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, o.everyMs ?? 250));
  }
}
