/**
 * The check itself: integrity's verifyBundle, the same code the gateway runs, over the bundle and what the
 * ledger said (online) or nothing (a file checked offline: the anchor, registration and status steps are
 * then "unknown", never "pass"). The server's own report is never read.
 */
import { type AnchorView, pemToDer, type VerificationReport, verifyBundle } from '@hocba/integrity';

export interface LedgerFacts {
  anchor: AnchorView;
  /** Root certificates registered on chain, PEM. */
  trustAnchors: string[];
}

const ders = (pems: readonly string[]) => pems.flatMap((p) => pemToDer(p, 'CERTIFICATE'));

export function verifyOnline(bundle: unknown, ledger: LedgerFacts): Promise<VerificationReport> {
  return verifyBundle(bundle, {
    trustAnchors: ders(ledger.trustAnchors),
    anchor: ledger.anchor,
    now: new Date(),
  });
}

export function verifyOffline(bundle: unknown, trustAnchors: readonly string[]): Promise<VerificationReport> {
  return verifyBundle(bundle, { trustAnchors: ders(trustAnchors), anchor: undefined, now: new Date() });
}

const CACHE = 'hocba.trustAnchors';

/**
 * The registered roots, from this site (and remembered, so that a later visit without a network can still
 * check the certificate chain of a file).
 */
export async function loadTrustAnchors(): Promise<string[] | undefined> {
  try {
    const res = await fetch('/trust-anchors.json', { headers: { accept: 'application/json' } });
    if (res.ok) {
      const { trustAnchors } = (await res.json()) as { trustAnchors: string[] };
      try {
        localStorage.setItem(CACHE, JSON.stringify(trustAnchors));
      } catch {
        // Storage refused: fine, the list is used for this check.
      }
      return trustAnchors;
    }
  } catch {
    // Offline: fall back on the remembered list.
  }
  try {
    const cached = localStorage.getItem(CACHE);
    return cached ? (JSON.parse(cached) as string[]) : undefined;
  } catch {
    return undefined;
  }
}
