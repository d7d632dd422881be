/**
 * Two per-request costs cut for issue 16, and what must not change with them:
 * - Helmet's headers computed once (plugins/external/helmet.ts): every answer still carries them, a refusal
 *   and an unknown route too, and swagger-ui's page keeps its own CSP;
 * - one log line a request on the verify routes (logging.ts GatewayLogController, routes/v1/verify/log-line.ts),
 *   while every other route keeps Fastify's two.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { helmetHeaders } from '../../src/plugins/external/helmet.ts';

let app: FastifyInstance;
const logs: Record<string, unknown>[] = [];
const linesOf = (reqId: unknown) => logs.filter((l) => l.reqId === reqId);

beforeAll(async () => {
  const down = () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:7051'));
  app = await buildApp({
    ledger: {
      submit: down,
      evaluate: down,
      transaction: down,
      events: () => ({ close() {}, async *[Symbol.asyncIterator]() {} }),
      close: async () => {},
    },
    ledgerReader: { mspId: 'DoetMSP', certificate: '' },
    logger: { level: 'info', stream: { write: (l: string) => void logs.push(JSON.parse(l)) } },
  });
});
afterAll(async () => app?.close());

describe('security headers, computed once', () => {
  it('are Helmet’s defaults', async () => {
    const h = await helmetHeaders();
    expect(h).toMatchObject({
      'content-security-policy': expect.stringContaining("default-src 'self'"),
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    });
    expect(Object.keys(h)).not.toContain('content-type');
    expect(Object.keys(h)).not.toContain('date');
  });

  it('are on every answer: a route, a refusal, an unknown route', async () => {
    const h = await helmetHeaders();
    for (const req of [
      { method: 'GET' as const, url: '/health' },
      { method: 'POST' as const, url: '/v1/verify/bundle', payload: { not: 'a bundle' } },
      { method: 'GET' as const, url: '/v1/verify/not-a-code?dob=2015-01-01' },
      { method: 'GET' as const, url: '/v1/no-such-route' },
    ]) {
      const res = await app.inject(req);
      expect(res.statusCode, req.url).toBeGreaterThanOrEqual(200);
      for (const [k, v] of Object.entries(h)) expect(res.headers[k], `${req.url} ${k}`).toBe(v);
    }
  });

  it('leave swagger-ui its own CSP', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("img-src 'self' data: validator.swagger.io");
  });
});

describe('log lines', () => {
  it('one a request on the verify routes: refused before the route spoke, a plain completion', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/verify/bundle', payload: { not: 'a bundle' } });
    expect(res.statusCode).toBe(400);
    const lines = linesOf(res.headers['x-request-id']);
    expect(lines.map((l) => l.msg)).not.toContain('incoming request');
    const done = lines.filter((l) => l.msg === 'request completed');
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({
      req: { method: 'POST', route: '/v1/verify/bundle' },
      res: { statusCode: 400 },
      responseTime: expect.any(Number),
    });
  });

  it('one a lookup, named lookup, with its outcome and never the code or the date', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/verify/HB7K-NOT-A-CODE?dob=2015-01-02' });
    expect(res.statusCode).toBe(400);
    const lines = linesOf(res.headers['x-request-id']).filter((l) => l.msg !== 'request refused');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'lookup',
      outcome: 'invalidCode',
      req: { route: '/v1/verify/:lookupCode' },
      res: { statusCode: 400 },
    });
    expect(JSON.stringify(lines)).not.toMatch(/HB7K|2015-01-02/);
  });

  it('Fastify’s two on every other route', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    const msgs = linesOf(res.headers['x-request-id']).map((l) => l.msg);
    expect(msgs).toContain('incoming request');
    expect(msgs).toContain('request completed');
  });
});
