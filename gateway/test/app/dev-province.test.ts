/**
 * What the server boots on: the environment schema, and the development province with its demo batch,
 * whose sample bundle the app reports valid. Needs the dev PKI (`npm run setup` makes it).
 */
import './quiet-chaincode.ts';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { startEmbeddedProvince } from '../../src/dev-province.ts';
import { loadEnv } from '../../src/env.ts';

describe('the environment', () => {
  it('has defaults for a bare machine', () => {
    expect(loadEnv({})).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 3000,
      LEDGER: 'embedded',
      LOG_LEVEL: 'info',
    });
  });

  it('refuses a bad value at boot, naming it', () => {
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadEnv({ LEDGER: 'fabric' })).toThrow(/LEDGER/);
  });
});

describe('the development province (needs the dev PKI that scripts/setup.sh makes)', () => {
  it('anchors a demo batch whose sample bundle verifies as valid', async () => {
    const province = await startEmbeddedProvince({ demoBatch: true });
    const app = await buildApp({ ledger: province.ledger, ledgerReader: province.reader, logger: false });
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/verify/bundle',
        payload: province.sampleBundle!,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().report.verdict).toBe('valid');
    } finally {
      await app.close();
    }
  });
});
