/**
 * The reconciliation's tampering cases (tampering.ts) on a real Postgres (scripts/postgres.sh, or
 * HOCBA_TEST_DATABASE_URL), in a throw-away database: the triggers the tampering switches off are the real
 * ones, as flow.postgres.test.ts runs them. Needs the dev PKI.
 */
import { type OpenedDatabase, openDatabase } from '@hocba/db';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createScratchDatabase, startTestPostgres } from '../../../db/test/postgres.ts';
import { type DevProvince, startEmbeddedProvince } from '../../src/dev-province.ts';
import { seedDevProvince } from '../../src/seed/index.ts';
import { tamperingCases } from './tampering.ts';

let dev: DevProvince;
let opened: OpenedDatabase | undefined;
let drop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const scratch = await createScratchDatabase(startTestPostgres());
  drop = scratch.drop;
  [dev, opened] = await Promise.all([startEmbeddedProvince(), openDatabase({ url: scratch.url })]);
  await seedDevProvince(opened.db, dev);
}, 300_000);
afterAll(async () => {
  await opened?.close();
  await dev?.ledger.close();
  await drop?.();
});

describe('the audit reconciliation on Postgres', () => {
  it('finds each tampering of issue 14 by its kind and nothing else; an untouched year gives none', async () => {
    await tamperingCases(opened!.db, dev);
  }, 180_000);
});
