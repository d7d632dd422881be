/**
 * Imports after a restart: a job the previous process left `parsing` or `committing` (it was killed, nothing
 * will finish it) is failed when the next gateway starts, with a problem that says, Vietnamese first, that
 * the server restarted and the file must be uploaded again; a commit interrupted wrote nothing. A previewed
 * job waits for its commit as before.
 */
import { type Database, enrolments, importJobs, MEMORY, type OpenedDatabase, openDatabase } from '@hocba/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { INTERRUPTED } from '../../src/imports/jobs.ts';
import { makeApp, makeWorld, type TestApp, type World } from '../app/helper.ts';
import {
  caller,
  eventually,
  type Person,
  SCHOOL,
  type Seeded,
  seedSchoolYear,
  tokens,
} from '../workflow/fixtures.ts';
import { type Cell, rosterFile } from './xlsx.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

let world: World;
let opened: OpenedDatabase;
let db: Database;
let s: Seeded;
const apps: TestApp[] = [];

beforeAll(async () => {
  [world, opened] = await Promise.all([makeWorld(), openDatabase({ dataDir: MEMORY })]);
  db = opened.db;
  s = await seedSchoolYear(db, 2);
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await opened?.close();
});

async function start(): Promise<{ call: ReturnType<typeof caller>; t: Record<Person, string> }> {
  const app = await makeApp(world, { db });
  apps.push(app);
  return { call: caller(app), t: await tokens(app, s) };
}

const pupil = (n: number): Cell[] => [
  n,
  `00121500${String(900 + n).padStart(4, '0')}`,
  null,
  ['Phạm Minh Khang', 'Vũ Thị Hà', 'Đỗ Quang Huy'][n - 1]!,
  '02/09/2015',
  'Nam',
  'Kinh',
  'Hạ Long, Quảng Ninh',
  `5A-${s.classId.a.slice(3)}`,
];

describe('a restart during an import', () => {
  it('fails the jobs left parsing or committing, says to upload again, and wrote nothing', async () => {
    const first = await start();
    const upload = async (rows: Cell[][]) => {
      const r = await first.call(first.t.homeroom, 'POST', '/v1/imports/roster', {
        schoolId: SCHOOL,
        fileName: 'lop5a.xlsx',
        content: await rosterFile(rows),
        options: { classId: s.classId.a },
      });
      expect(r.statusCode, r.body).toBe(202);
      const id = r.json().id as string;
      const done = await eventually(
        () => first.call(first.t.homeroom, 'GET', `/v1/imports/roster/${id}`),
        (x) => x.json().state !== 'parsing',
      );
      expect(done.json()).toMatchObject({ state: 'previewed', problemCount: 0 });
      return id;
    };
    const committing = await upload([pupil(1), pupil(2)]);
    const waiting = await upload([pupil(3)]);
    // What a killed process leaves: a commit taken (its rows still waiting, its transaction rolled back)
    // and a file still being parsed.
    await db.update(importJobs).set({ state: 'committing' }).where(eq(importJobs.id, committing));
    const [source] = await db.select().from(importJobs).where(eq(importJobs.id, waiting));
    const { id: _id, ...copy } = source!;
    const [parsing] = await db
      .insert(importJobs)
      .values({ ...copy, state: 'parsing', rows: null, totalRows: 0, summary: null })
      .returning({ id: importJobs.id });
    const enrolled = (await db.select().from(enrolments)).length;

    const second = await start();
    for (const id of [committing, parsing!.id]) {
      const r = await second.call(second.t.homeroom, 'GET', `/v1/imports/roster/${id}`);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({
        state: 'failed',
        running: false,
        progress: null,
        problemCount: 1,
        problems: [
          {
            row: 0,
            rule: 'IMPORT_INTERRUPTED',
            message: { vi: INTERRUPTED.vi, en: INTERRUPTED.en },
          },
        ],
        preview: [],
      });
      expect(r.json().problems[0].message.vi).toMatch(/^Máy chủ đã khởi động lại.*tải tệp lên lại/);
    }
    // The interrupted commit wrote nothing, and its waiting rows (personal data) are gone.
    expect((await db.select().from(enrolments)).length).toBe(enrolled);
    const [row] = await db.select().from(importJobs).where(eq(importJobs.id, committing));
    expect(row!.rows).toBeNull();
    // A failed job can no longer be committed; a previewed one still can.
    const again = await second.call(second.t.homeroom, 'POST', `/v1/imports/roster/${committing}/commit`);
    expect(again.json().error.code).toBe('IMPORT_WRONG_STATE');
    const ok = await second.call(second.t.homeroom, 'POST', `/v1/imports/roster/${waiting}/commit`);
    expect(ok.statusCode, ok.body).toBe(202);
    const done = await eventually(
      () => second.call(second.t.homeroom, 'GET', `/v1/imports/roster/${waiting}`),
      (x) => x.json().state !== 'committing',
    );
    expect(done.json()).toMatchObject({ state: 'committed', summary: { new: 1 } });
  });
});
