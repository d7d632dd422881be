/** The whole workflow on PGlite (the embedded default) and the embedded ledger: see flow.ts. */
import { MEMORY, type OpenedDatabase, openDatabase } from '@hocba/db';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { makeWorld, type World } from '../app/helper.ts';
import { fullFlow } from './flow.ts';

let world: World;
let opened: OpenedDatabase;

beforeAll(async () => {
  [world, opened] = await Promise.all([makeWorld(), openDatabase({ dataDir: MEMORY })]);
}, 120_000);
afterAll(async () => {
  await opened?.close();
});

describe('the record workflow on PGlite', () => {
  it('enters, reviews, confirms, approves, locks, signs (CMS and dev signer), anchors and verifies', async () => {
    await fullFlow(opened.db, world);
  });
});
