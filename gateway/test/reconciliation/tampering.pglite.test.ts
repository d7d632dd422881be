/** The reconciliation's tampering cases (tampering.ts) on PGlite, the embedded default. Needs the dev PKI. */
import { MEMORY, type OpenedDatabase, openDatabase } from '@hocba/db';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type DevProvince, startEmbeddedProvince } from '../../src/dev-province.ts';
import { seedDevProvince } from '../../src/seed/index.ts';
import { tamperingCases } from './tampering.ts';

let dev: DevProvince;
let opened: OpenedDatabase;

beforeAll(async () => {
  [dev, opened] = await Promise.all([
    startEmbeddedProvince(),
    openDatabase({ url: undefined, dataDir: MEMORY }),
  ]);
  await seedDevProvince(opened.db, dev);
}, 180_000);
afterAll(async () => {
  await opened?.close();
  await dev?.ledger.close();
});

describe('the audit reconciliation on PGlite', () => {
  it('finds each tampering of issue 14 by its kind and nothing else; an untouched year gives none', async () => {
    await tamperingCases(opened.db, dev);
  }, 180_000);
});
