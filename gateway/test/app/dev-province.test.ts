/**
 * What the server boots on: the environment schema and its refusals, and the development province with
 * its demo batch, whose sample bundle the app reports valid, kept across a reopen of its data directory.
 * Needs the dev PKI (`npm run setup` makes it).
 */
import './quiet-chaincode.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { startEmbeddedProvince } from '../../src/dev-province.ts';
import { fabricNotRunning, freshRequested, loadEnv, startRefusal } from '../../src/env.ts';
import { chaincode } from '../../src/ledger/index.ts';

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
    expect(() => loadEnv({ LEDGER: 'besu' })).toThrow(/LEDGER/);
    expect(() => loadEnv({ HOCBA_FAULT: 'something-else' })).toThrow(/HOCBA_FAULT/);
  });

  it('starts on the embedded defaults, and refuses what it cannot run with a reason in both languages', () => {
    expect(startRefusal(loadEnv({}), { fresh: true })).toBeUndefined();
    expect(freshRequested(loadEnv({ HOCBA_FRESH: '1' }))).toBe(true);
    expect(freshRequested(loadEnv({}))).toBe(false);
    expect(() => loadEnv({ HOCBA_FRESH: 'yes please' })).toThrow(/HOCBA_FRESH/);
    // LEDGER=fabric is a configuration the server runs with; a missing network is said at boot (server.ts).
    expect(startRefusal(loadEnv({ LEDGER: 'fabric' }), { fresh: false })).toBeUndefined();
    const missing = fabricNotRunning('/nowhere');
    expect(missing).toMatchObject({ code: 'FABRIC_NOT_RUNNING' });
    expect(missing.vi).toMatch(/npm run network:up/);
    expect(missing.en).toMatch(/npm run network:up/);
    const fault = { HOCBA_FAULT: 'kill-after-ledger-commit' };
    expect(startRefusal(loadEnv(fault), { fresh: false })).toMatchObject({ code: 'FAULT_OUTSIDE_TEST' });
    expect(startRefusal(loadEnv({ ...fault, NODE_ENV: 'test' }), { fresh: false })).toBeUndefined();
    const postgres = loadEnv({ DATABASE_URL: 'postgres://localhost/hocba' });
    expect(startRefusal(postgres, { fresh: true })).toMatchObject({ code: 'FRESH_WITH_DATABASE_URL' });
    expect(startRefusal(postgres, { fresh: false })).toBeUndefined();
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

describe('the development province in a data directory', () => {
  it('is set up once and reopened with its blocks, its identities still acting for the schools', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hocba-dev-province-'));
    try {
      const first = await startEmbeddedProvince({ dataDir: dir, demoBatch: true });
      expect(first.restored).toBe(false);
      const batchId = String(first.sampleBundle!.manifest.batchId);
      const height = first.ledger.ledger.height;
      await first.ledger.close();

      const again = await startEmbeddedProvince({ dataDir: dir });
      try {
        expect(again.restored).toBe(true);
        // Nothing set up twice.
        expect(again.ledger.ledger.height).toBe(height);
        expect((await chaincode.getBatch(again.ledger, again.reader, batchId)).batchId).toBe(batchId);
        // The district officers' identities (acceptance) come from their districts' organisations.
        expect(again.identities.districtOfficer('district2').mspId).toBe('District2MSP');
        expect(again.identities.endorsersForSchool('SCH-QN-003')).toEqual(['DoetMSP', 'District2MSP']);
        expect(again.schools.map((s) => s.level)).toEqual(['TH', 'THCS', 'THPT']);
      } finally {
        await again.ledger.close();
      }

      // Restarted after its lock window closed: this year's calendar is set again, once.
      const later = new Date(Date.now() + 90 * 24 * 3600 * 1000);
      const third = await startEmbeddedProvince({ dataDir: dir, now: later });
      try {
        expect(third.ledger.ledger.height).toBe(height + 1);
        const calendar = JSON.parse(
          await third.ledger.evaluate('calendar:getCalendar', [third.schoolYear], third.reader),
        ) as { lockFrom: string; lockUntil: string };
        expect(Date.parse(calendar.lockFrom)).toBeLessThan(later.getTime());
        expect(Date.parse(calendar.lockUntil)).toBeGreaterThan(later.getTime());
      } finally {
        await third.ledger.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
