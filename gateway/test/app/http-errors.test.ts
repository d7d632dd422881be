/** The one table from LedgerError codes to HTTP statuses, and what a caller is told for each. */
import { describe, expect, it } from 'vitest';
import { fromLedgerCode, ledgerStatus, SERVICE } from '../../src/http-errors.ts';
import { LedgerError } from '../../src/ledger/index.ts';
import { toApiError } from '../../src/plugins/app/errors.ts';
import { ServiceError, type ServiceErrorCode } from '../../src/services/errors.ts';

describe('LedgerError codes → HTTP', () => {
  it.each([
    ['INVALID_ARGUMENT', 400],
    ['ACCESS_DENIED', 403],
    ['NOT_FOUND', 404],
    ['ALREADY_EXISTS', 409],
    ['WRONG_STATE', 409],
    ['MVCC_READ_CONFLICT', 409],
    ['WINDOW_CLOSED', 422],
    ['NOT_PERMITTED', 422],
    ['CMS_DIGEST_MISMATCH', 422],
    ['CERT_CHAIN_UNTRUSTED', 422],
    ['MANIFEST_INVALID', 422],
    ['ENDORSEMENT_POLICY_FAILURE', 502],
    ['CHAINCODE_ERROR', 502],
  ])('%s → %i', (code, status) => {
    expect(ledgerStatus(code)).toBe(status);
  });

  it('keeps the code of a refusal and hides the text of a ledger fault', () => {
    const refusal = toApiError(
      new LedgerError('WINDOW_CLOSED', 'WINDOW_CLOSED: lock window closed on …', { kind: 'refused' }),
    );
    expect(refusal).toMatchObject({ code: 'WINDOW_CLOSED', statusCode: 422 });
    expect(refusal.localized.vi).toBeTruthy();
    const fault = fromLedgerCode('CHAINCODE_ERROR');
    expect(fault).toMatchObject({ code: 'LEDGER_ERROR', statusCode: 502 });
  });

  it('turns anything unexpected into a 500 INTERNAL without its message', () => {
    const e = toApiError(new TypeError('secret detail'));
    expect(e).toMatchObject({ code: 'INTERNAL', statusCode: 500 });
    expect(JSON.stringify(e.localized)).not.toContain('secret');
  });
});

describe('a ledger that cannot be reached', () => {
  it('→ 503 LEDGER_UNAVAILABLE, the cause logged with the request id and never shown', async () => {
    const { buildApp } = await import('../../src/app.ts');
    const logs: string[] = [];
    const down = () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:7051'));
    const app = await buildApp({
      ledger: {
        submit: down,
        evaluate: down,
        transaction: down,
        events: () => ({ close() {}, async *[Symbol.asyncIterator]() {} }),
        close: async () => {},
      },
      ledgerReader: { mspId: 'DoetMSP', certificate: '' },
      logger: { level: 'info', stream: { write: (l: string) => void logs.push(l) } },
    });
    try {
      const res = await app.inject({ method: 'POST', url: '/v1/verify/bulk', payload: { bundles: [] } });
      expect(res.statusCode).toBe(401); // bulk verify needs a token: refused before any ledger read
      const bad = await app.inject({
        method: 'POST',
        url: '/v1/verify/bundle',
        payload: {
          version: 'hocba.bundle/v1',
          disclosure: { fields: [], hidden: [] },
          leaf: '0'.repeat(64),
          inclusion: { leafIndex: 0, treeSize: 1, hashes: [] },
          manifest: { batchId: 'B-1' },
          cms: '',
          certificates: [],
        },
      });
      expect(bad.statusCode).toBe(503);
      expect(bad.json().error.code).toBe('LEDGER_UNAVAILABLE');
      expect(bad.body).not.toContain('ECONNREFUSED');
      const logged = logs.map((l) => JSON.parse(l)).find((l) => l.code === 'LEDGER_UNAVAILABLE');
      expect(logged).toMatchObject({ reqId: bad.headers['x-request-id'] });
      expect(JSON.stringify(logged)).toContain('ECONNREFUSED');
    } finally {
      await app.close();
    }
  });
});

describe('ServiceError codes → HTTP', () => {
  it.each(Object.keys(SERVICE) as ServiceErrorCode[])(
    '%s is a 4xx with its own code and both languages',
    (code) => {
      const e = toApiError(new ServiceError(code, 'detail for the log'));
      expect(e.code).toBe(code);
      expect(e.statusCode).toBeGreaterThanOrEqual(400);
      expect(e.statusCode).toBeLessThan(500);
      expect(e.localized.vi).not.toBe(e.localized.en);
      expect(e.localized.en).not.toContain('detail for the log');
    },
  );
});
