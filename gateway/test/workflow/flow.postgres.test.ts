/**
 * The whole workflow on a real Postgres (scripts/postgres.sh, as db/test does; HOCBA_TEST_DATABASE_URL
 * points elsewhere), in a throw-away database: row locks, the triggers and the outbox claim as production
 * runs them. See flow.ts.
 */
import { type OpenedDatabase, openDatabase } from '@hocba/db';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createScratchDatabase, startTestPostgres } from '../../../db/test/postgres.ts';
import { makeWorld, type World } from '../app/helper.ts';
import { fullFlow } from './flow.ts';

let world: World;
let opened: OpenedDatabase | undefined;
let drop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const scratch = await createScratchDatabase(startTestPostgres());
  drop = scratch.drop;
  [world, opened] = await Promise.all([makeWorld(), openDatabase({ url: scratch.url })]);
}, 300_000);
afterAll(async () => {
  await opened?.close();
  await drop?.();
});

describe('the record workflow on Postgres', () => {
  it('enters, reviews, confirms, approves, locks, signs (CMS and dev signer), anchors and verifies', async () => {
    await fullFlow(opened!.db, world);
  });
});
