/**
 * Builds the app over a province on the embedded ledger (test/chaincode/world.ts), which loads the chaincode
 * package that the project's global set-up (test/build-chaincode.ts) builds. Every
 * response is remembered, so that a test file can assert that none was a 5xx; the log is captured.
 */
import './quiet-chaincode.ts';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { AppOptions } from '../../src/app.ts';
import { buildApp } from '../../src/app.ts';
import { EmbeddedLedgerClient, type LedgerClient } from '../../src/ledger/index.ts';
import { worldIdentities } from '../services/fixtures.ts';

export { worldIdentities };

type WorldModule = typeof import('../../../test/chaincode/world.ts');
export type World = InstanceType<WorldModule['World']>;

export async function makeWorld(): Promise<World> {
  const { World } = (await import('../../../test/chaincode/world.ts')) as WorldModule;
  return World.create();
}

/** A view of a shared client that an app may close without closing the ledger under the other apps. */
function unclosable(c: LedgerClient): LedgerClient {
  return {
    submit: (fn, args, o) => c.submit(fn, args, o),
    evaluate: (fn, args, id) => c.evaluate(fn, args, id),
    transaction: (txId) => c.transaction(txId),
    events: (from, o) => c.events(from, o),
    ...(c.height && { height: () => c.height!() }),
    close: async () => {},
  };
}

export interface TestApp {
  inject(o: InjectOptions): Promise<LightMyRequestResponse>;
  statuses: number[];
  logs: string[];
  close(): Promise<void>;
}

export async function makeApp(w: World, o: Partial<AppOptions> = {}): Promise<TestApp> {
  const logs: string[] = [];
  const app = await buildApp({
    ledger: unclosable(new EmbeddedLedgerClient(w.ledger)),
    ledgerReader: w.ids.auditor!,
    identities: worldIdentities(w),
    clock: () => w.now,
    logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } },
    ...o,
  });
  const statuses: number[] = [];
  return {
    statuses,
    logs,
    async inject(req) {
      const res = await app.inject(req);
      statuses.push(res.statusCode);
      return res;
    },
    close: () => app.close(),
  };
}
