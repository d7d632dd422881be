/**
 * The record's state machine against a model (fast-check): from `entered`, any sequence of entry,
 * review, confirmation and approval, by the right people, moves the record exactly along DESIGN.md §7's
 * edges; every other step is a 409 with its code and leaves the state as it was; nothing is ever a 5xx.
 */
import { MEMORY, type OpenedDatabase, openDatabase, recordVersions } from '@hocba/db';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, makeWorld, type TestApp, type World } from '../app/helper.ts';
import {
  type Call,
  caller,
  enterAll,
  type Person,
  type Seeded,
  SUBJECTS,
  seedSchoolYear,
  tokens,
} from './fixtures.ts';

const RUNS = 10;

let world: World;
let opened: OpenedDatabase;
let s: Seeded;
let app: TestApp;
let t: Record<Person, string>;
let call: Call;

type Step = 'enter' | 'review' | 'confirm' | 'approve';
type State = 'entered' | 'reviewed' | 'confirmed' | 'approved';

/** The model: the next state and the answer, or the refusal's code. */
function model(state: State, step: Step, confirmed: boolean): { state: State } | { code: string } {
  switch (step) {
    case 'enter':
      return state === 'entered' ? { state } : { code: 'RECORD_WRONG_STATE' };
    case 'review':
      return state === 'entered' ? { state: 'reviewed' } : { code: 'RECORD_WRONG_STATE' };
    case 'confirm':
      if (state !== 'reviewed' && state !== 'confirmed') return { code: 'RECORD_WRONG_STATE' };
      return confirmed ? { code: 'ENTRY_ALREADY_CONFIRMED' } : { state: 'confirmed' };
    case 'approve':
      return state === 'reviewed' || state === 'confirmed'
        ? { state: 'approved' }
        : { code: 'RECORD_WRONG_STATE' };
  }
}

function request(step: Step, id: string) {
  switch (step) {
    case 'enter':
      return call(t.maths, 'PUT', `/v1/records/${id}/entries/TOAN`, { data: SUBJECTS.TOAN });
    case 'review':
      return call(t.homeroom, 'POST', `/v1/records/${id}/review`);
    case 'confirm':
      return call(t.group, 'POST', `/v1/records/${id}/confirm`, { subject: 'TOAN' });
    case 'approve':
      return call(t.principal, 'POST', `/v1/records/${id}/approve`);
  }
}

beforeAll(async () => {
  [world, opened] = await Promise.all([makeWorld(), openDatabase({ dataDir: MEMORY })]);
  s = await seedSchoolYear(opened.db, RUNS + 5);
  app = await makeApp(world, { db: opened.db, rateLimit: { authMax: 1000 } });
  t = await tokens(app, s);
  call = caller(app);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await opened?.close();
});

describe('the record state machine', () => {
  it('follows the model for any sequence of steps', async () => {
    const enrolments = [...s.enrolments.a];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Step>('enter', 'review', 'confirm', 'approve'), {
          minLength: 1,
          maxLength: 8,
        }),
        async (steps) => {
          const created = await call(t.homeroom, 'POST', '/v1/records', { enrolmentId: enrolments.shift() });
          expect(created.statusCode, created.body).toBe(201);
          const id = created.json().recordId as string;
          await enterAll(call, id, { homeroom: t.homeroom, maths: t.maths });
          let state: State = 'entered';
          let confirmed = false;
          for (const step of steps) {
            const expected = model(state, step, confirmed);
            const r = await request(step, id);
            if ('code' in expected) {
              expect(r.statusCode, `${state} ${step}`).toBe(409);
              expect(r.json().error.code).toBe(expected.code);
            } else {
              expect(r.statusCode, `${state} ${step}: ${r.body}`).toBe(200);
              if (step === 'confirm') confirmed = true;
              state = expected.state;
            }
            const [row] = await opened.db.select().from(recordVersions).where(eq(recordVersions.id, id));
            expect(row!.state).toBe(state);
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(app.statuses.filter((x) => x >= 500)).toEqual([]);
  });
});
