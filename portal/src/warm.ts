/**
 * The verifier warmed up while the page waits for someone to type a code: one verification of a made-up
 * bundle (warm-sample.json, made by scripts/warm-sample.ts) at idle time after load. The first real check
 * then finds its code compiled and Web Crypto started: the first verification of a page cost about five
 * times a later one (issue 16). The sample's report is not shown or kept; nothing goes over the network.
 */

import { type LedgerFacts, verifyOnline } from './verify.ts';
import sample from './warm-sample.json' with { type: 'json' };

let warmed: Promise<void> | undefined;

/** Resolves once the warm-up verification has run (whatever its verdict). */
export function warmVerifier(): Promise<void> {
  warmed ??= new Promise<void>((resolve) => {
    const run = () => {
      verifyOnline(sample.bundle, sample.ledger as LedgerFacts).then(
        () => resolve(),
        () => resolve(),
      );
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
    else setTimeout(run, 100);
  });
  return warmed;
}
