/**
 * The ledger's facts as the CLI reads them from a gateway, against a stand-in HTTP server: the answer is
 * checked before use, an unknown record is the ledger saying "not found", a rate limit is waited out, and
 * everything else that is not ledger facts is an input error with its code (never a report made up).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../src/errors.ts';
import { fetchLedgerFacts } from '../src/online.ts';

const ANCHOR = {
  found: true,
  channel: 'hocba',
  batchId: 'B-1',
  schoolId: 'SCH-1',
  root: 'a'.repeat(64),
  manifestHash: 'b'.repeat(64),
  cmsHash: 'c'.repeat(64),
  txId: 'tx1',
  anchoredAt: '2026-05-20T03:00:00.000Z',
  state: 'anchored',
};
const PEM = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler;
const seen: string[] = [];
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url!);
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof CliError ? e.code : `not a CliError: ${String(e)}`),
  );

describe('fetchLedgerFacts', () => {
  it('reads { ledger: { anchor, trustAnchors } } from the record’s path, the batch id encoded', async () => {
    seen.length = 0;
    handler = (_req, res) => json(res, 200, { ledger: { anchor: ANCHOR, trustAnchors: [PEM] } });
    const facts = await fetchLedgerFacts('B-1', 7, { gateway: `${url}/` });
    expect(facts).toEqual({ anchor: ANCHOR, trustAnchors: [PEM] });
    expect(seen).toEqual(['/v1/verify/ledger/B-1/7']);
    // A gateway mounted under a path keeps it.
    await fetchLedgerFacts('B 1', 0, { gateway: `${url}/hocba` });
    expect(seen.at(-1)).toBe('/hocba/v1/verify/ledger/B%201/0');
  });

  it('an unknown record (404, or 400 for a leaf past the batch) is found: false, with the registered roots', async () => {
    for (const status of [404, 400]) {
      seen.length = 0;
      handler = (req, res) =>
        req.url === '/trust-anchors.json'
          ? json(res, 200, { trustAnchors: [PEM] })
          : json(res, status, { error: { code: 'BATCH_NOT_FOUND' } });
      expect(await fetchLedgerFacts('B-9', 0, { gateway: url })).toEqual({
        anchor: { found: false, batchId: 'B-9' },
        trustAnchors: [PEM],
      });
      expect(seen).toEqual(['/v1/verify/ledger/B-9/0', '/trust-anchors.json']);
    }
  });

  it('waits out a 429 as Retry-After says, then reads the answer', async () => {
    let calls = 0;
    handler = (_req, res) =>
      ++calls === 1
        ? json(res, 429, { error: { code: 'RATE_LIMITED' } }, { 'retry-after': '1' })
        : json(res, 200, { ledger: { anchor: ANCHOR, trustAnchors: [] } });
    const started = Date.now();
    expect((await fetchLedgerFacts('B-1', 0, { gateway: url })).anchor).toEqual(ANCHOR);
    expect(calls).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    // And gives up after its retries: the last answer is not facts.
    handler = (_req, res) => json(res, 429, { error: { code: 'RATE_LIMITED' } }, { 'retry-after': '0' });
    expect(await codeOf(fetchLedgerFacts('B-1', 0, { gateway: url, retries: 1 }))).toBe(
      'GATEWAY_UNREACHABLE',
    );
  });

  it.each([
    [
      'a 503 (ledger unavailable)',
      (res: ServerResponse) => json(res, 503, { error: { code: 'LEDGER_UNAVAILABLE' } }),
      'GATEWAY_UNREACHABLE',
    ],
    [
      'a page that is not JSON',
      (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>'),
      'GATEWAY_ANSWER_INVALID',
    ],
    [
      'JSON that is not facts',
      (res: ServerResponse) => json(res, 200, { report: { verdict: 'valid' } }),
      'GATEWAY_ANSWER_INVALID',
    ],
    [
      'an anchor with a field the schema does not know',
      (res: ServerResponse) =>
        json(res, 200, { ledger: { anchor: { ...ANCHOR, verdict: 'valid' }, trustAnchors: [] } }),
      'GATEWAY_ANSWER_INVALID',
    ],
    [
      'trust anchors that are not strings',
      (res: ServerResponse) => json(res, 200, { ledger: { anchor: ANCHOR, trustAnchors: [1] } }),
      'GATEWAY_ANSWER_INVALID',
    ],
  ])('%s → %s', async (_what, h, code) => {
    handler = (_req, res) => h(res);
    expect(await codeOf(fetchLedgerFacts('B-1', 0, { gateway: url, retries: 0 }))).toBe(code);
  });

  it('a gateway that does not answer in time, or at all → GATEWAY_UNREACHABLE', async () => {
    handler = () => undefined; // never answers
    expect(await codeOf(fetchLedgerFacts('B-1', 0, { gateway: url, timeoutMs: 200 }))).toBe(
      'GATEWAY_UNREACHABLE',
    );
    expect(await codeOf(fetchLedgerFacts('B-1', 0, { gateway: 'http://127.0.0.1:9' }))).toBe(
      'GATEWAY_UNREACHABLE',
    );
  });
});
