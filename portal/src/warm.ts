/**
 * The verifier warmed up while the page waits for someone to type a code: a made-up bundle
 * (warm-sample.json, made by scripts/warm-sample.ts) verified a few times at idle time after load, each time
 * in an idle period of its own. The first real check then finds its code compiled (and optimised: one run
 * only compiles it) and Web Crypto started: the first verification of a page cost about five times a later
 * one (issue 16). The sample's reports are not shown or kept; nothing goes over the network.
 */

import { type LedgerFacts, verifyOnline } from './verify.ts';
import sample from './warm-sample.json' with { type: 'json' };

const RUNS = 3;

let warmed: Promise<void> | undefined;

const idle = () =>
  new Promise<void>((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 2000 });
    else setTimeout(resolve, 50);
  });

/** Resolves once the warm-up verifications have run (whatever their verdict). */
export function warmVerifier(): Promise<void> {
  warmed ??= (async () => {
    for (let i = 0; i < RUNS; i++) {
      await idle();
      await verifyOnline(sample.bundle, sample.ledger as LedgerFacts).catch(() => undefined);
    }
  })();
  return warmed;
}
