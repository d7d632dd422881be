/**
 * The demo, end to end: a principal and a pupil each download a PDF from the gateway (the real PDF
 * generator, gateway/src/documents), and `hocba verify` on both says valid online (the six steps and the
 * printed content fingerprint) and, offline, exactly what it could check.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '@hocba/gateway';
import { EmbeddedLedgerClient } from '@hocba/gateway/ledger';
import { type DocumentWorld, documentWorld } from '@hocba/gateway/testing/documents/fixtures.ts';
import { derToPem } from '@hocba/integrity';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hocba, write } from './fixtures.ts';

let w: DocumentWorld;
let gatewayApp: FastifyInstance;
let gateway: string;
let dir: string;
let roots: string;

beforeAll(async () => {
  w = await documentWorld();
  const world = w.p.world;
  // A gateway reachable over HTTP on the same ledger: what the CLI talks to.
  gatewayApp = await buildApp({
    ledger: new EmbeddedLedgerClient(world.ledger),
    ledgerReader: world.ids.auditor!,
    db: w.s.db,
    clock: () => world.now,
    logger: false,
    rateLimit: { max: 10_000 },
  });
  gateway = await gatewayApp.listen({ host: '127.0.0.1', port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'hocba-cli-docs-'));
  roots = await write(dir, 'roots.pem', derToPem(world.root.der, 'CERTIFICATE'));
});
afterAll(async () => {
  await w?.close();
  // Last: it closes the ledger client the document world's app read through.
  await gatewayApp?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const download = async (url: string, token: string, payload: object, name: string) => {
  const res = await w.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${token}` },
    payload,
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return write(dir, name, res.rawPayload);
};

interface Result {
  outcome: string;
  kind: string;
  report: { steps: { step: string; outcome: string; code: string }[] };
  visible: { outcome: string; code: string };
}
const outcomes = (r: Result) => [
  ...r.report.steps.map((s) => `${s.step}:${s.outcome}`),
  `visible:${r.visible.outcome}`,
];

describe('PDFs issued by the gateway', () => {
  it("the principal's full học bạ and the pupil's extract: valid online (exit 0), undecided offline (exit 2)", async () => {
    const full = await download(
      `/v1/records/${w.ids.primary}/documents`,
      w.tokens.principal,
      { kind: 'full' },
      'full.pdf',
    );
    const extract = await download(
      `/v1/me/records/${w.ids.primary}/documents`,
      w.tokens.pupil,
      { pointers: ['/biography/fullName', '/schoolYear', '/results/subjects/TIENG_VIET'] },
      'extract.pdf',
    );
    for (const file of [full, extract]) {
      const online = await hocba('verify', file, '--online', gateway, '--json');
      expect(online.code, online.stdout + online.stderr).toBe(0);
      const r = JSON.parse(online.stdout) as Result;
      expect(r.kind).toBe('pdf');
      expect(
        outcomes(r).every((o) => o.endsWith(':pass')),
        JSON.stringify(r),
      ).toBe(true);

      const offline = await hocba('verify', file, '--trust-anchors', roots, '--json');
      expect(offline.code).toBe(2);
      expect(outcomes(JSON.parse(offline.stdout))).toEqual([
        'integrity:pass',
        'inclusion:pass',
        'anchor:unknown',
        'signature:pass',
        'signer:unknown',
        'status:unknown',
        'visible:pass',
      ]);
    }
    // The folder of both, as an admission office receives them, in English.
    const both = await hocba('verify', dir, '--online', gateway, '--lang', 'en');
    expect(both.code).toBe(0);
    expect(both.stdout).toContain('Summary (2 files): Valid record: 2');
  });
});
