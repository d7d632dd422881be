/**
 * The ledger's facts of one record, read from a gateway's public endpoint
 * (`GET /v1/verify/ledger/:batchId/:leafIndex`): what the ledger holds, never the server's report. The
 * answer is checked against integrity's AnchorView schema before it is used; an unknown batch (404) or a leaf
 * index past the batch's size (400) is the ledger saying it has no such record, which the report's anchor
 * step then fails (ANCHOR_NOT_FOUND). The gateway's rate limit (429) is waited out as it asks.
 */
import { type AnchorView, AnchorViewSchema } from '@hocba/integrity';
import { CliError } from './errors.ts';

export interface LedgerFacts {
  anchor: AnchorView;
  /** The trust anchors registered on chain, PEM. */
  trustAnchors: string[];
}

export interface OnlineOptions {
  /** The gateway's base URL, e.g. http://127.0.0.1:3000 */
  gateway: string;
  /** Per request. */
  timeoutMs?: number;
  /** How often a 429 is waited out before giving up. */
  retries?: number;
}

const TrustAnchorsAnswer = (v: unknown): string[] | undefined => {
  const list = (v as { trustAnchors?: unknown } | null)?.trustAnchors;
  return Array.isArray(list) && list.every((p) => typeof p === 'string') ? list : undefined;
};

async function get(url: URL, o: OnlineOptions): Promise<{ status: number; body: unknown }> {
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
      });
    } catch (e) {
      throw new CliError('GATEWAY_UNREACHABLE', `${url.origin}: ${(e as Error).message}`, { cause: e });
    }
    if (res.status === 429 && attempt < (o.retries ?? 5)) {
      // Seconds, as @fastify/rate-limit sends it; none or unreadable: 5 s; never more than a minute.
      const header = res.headers.get('retry-after');
      const wait = header === null ? Number.NaN : Number(header);
      await res.body?.cancel();
      await new Promise((r) =>
        setTimeout(r, Math.min(Number.isFinite(wait) && wait >= 0 ? wait : 5, 60) * 1000),
      );
      continue;
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch (e) {
      throw new CliError('GATEWAY_ANSWER_INVALID', `${url.pathname}: HTTP ${res.status}, not JSON`, {
        cause: e,
      });
    }
    return { status: res.status, body };
  }
}

function base(gateway: string): URL {
  try {
    const u = new URL(gateway.endsWith('/') ? gateway : `${gateway}/`);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(u.protocol);
    return u;
  } catch (e) {
    throw new CliError('USAGE', `--online: ${gateway} is not an http(s) URL`, { cause: e });
  }
}

/** Checks the address before any file is read, so that a typo is a usage error, not a failed file. */
export const checkGatewayUrl = (gateway: string): void => void base(gateway);

export async function fetchLedgerFacts(
  batchId: string,
  leafIndex: number,
  o: OnlineOptions,
): Promise<LedgerFacts> {
  const root = base(o.gateway);
  const url = new URL(`v1/verify/ledger/${encodeURIComponent(batchId)}/${leafIndex}`, root);
  const { status, body } = await get(url, o);
  if (status === 404 || status === 400) {
    // No such record on the ledger: the roots still come from the gateway, for the signer step.
    const roots = await get(new URL('trust-anchors.json', root), o);
    const trustAnchors = roots.status === 200 ? TrustAnchorsAnswer(roots.body) : undefined;
    if (!trustAnchors)
      throw new CliError('GATEWAY_ANSWER_INVALID', `trust-anchors.json: HTTP ${roots.status}`);
    return { anchor: { found: false, batchId }, trustAnchors };
  }
  if (status !== 200) {
    const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
    // The gateway is there but cannot answer for the ledger (503 LEDGER_UNAVAILABLE and the like).
    throw new CliError(
      'GATEWAY_UNREACHABLE',
      `${url.pathname}: HTTP ${status}${code ? ` ${String(code)}` : ''}`,
    );
  }
  const ledger = (body as { ledger?: { anchor?: unknown; trustAnchors?: unknown } } | null)?.ledger;
  const anchor = AnchorViewSchema.safeParse(ledger?.anchor);
  const trustAnchors = TrustAnchorsAnswer(ledger);
  if (!anchor.success || !trustAnchors)
    throw new CliError('GATEWAY_ANSWER_INVALID', `${url.pathname}: not { ledger: { anchor, trustAnchors } }`);
  return { anchor: anchor.data as AnchorView, trustAnchors };
}
