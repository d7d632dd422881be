/**
 * The demo province of `npm start`, seeded beside the development province (embedded ledger, dev PKI) in a
 * PGlite database in memory: the counts; every record version valid under the record schemas; one class
 * batch locked, signed and anchored by the outbox worker, its anchor the ledger's; a seeded lookup code
 * verifying `valid` over HTTP; the demo logins working; a second run writing nothing; the empty class 5B
 * and its demo files (seed/demo-files.ts) imported through the import routes as a newcomer would, with no
 * problem. Needs the dev PKI (`npm run setup`).
 */
import '../app/quiet-chaincode.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  anchorOutbox,
  auditLog,
  batches,
  classes,
  editingWindows,
  MEMORY,
  type OpenedDatabase,
  openDatabase,
  recordVersions,
  schools,
  students,
  userRoles,
  users,
  verifyAuditChain,
} from '@hocba/db';
import { checkRecord } from '@hocba/records';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { type DevProvince, startEmbeddedProvince } from '../../src/dev-province.ts';
import { chaincode } from '../../src/ledger/index.ts';
import { DEMO_CLASS_SIZE, writeDemoFiles } from '../../src/seed/demo-files.ts';
import {
  classIdOf,
  DEMO_CLIENT,
  DEMO_PASSWORD,
  demoLogins,
  demoSample,
  EMPTY_CLASS,
  HOMEROOM_SUBJECTS,
  PUPILS_PER_CLASS,
  provinceOf,
  type SeedResult,
  seedDevProvince,
} from '../../src/seed/index.ts';

let dev: DevProvince;
let opened: OpenedDatabase;
let first: SeedResult;
let app: FastifyInstance;
const statuses: number[] = [];

beforeAll(async () => {
  [dev, opened] = await Promise.all([
    startEmbeddedProvince(),
    openDatabase({ url: undefined, dataDir: MEMORY }),
  ]);
  first = await seedDevProvince(opened.db, dev);
  app = await buildApp({
    ledger: dev.ledger,
    ledgerReader: dev.reader,
    identities: dev.identities,
    db: opened.db,
    logger: false,
    rateLimit: { max: 1000, bulkMax: 1000, authMax: 1000, lookupMax: 1000 },
  });
  // PGlite's initdb and the seed take a few seconds, more on a busy machine.
}, 120_000);

const inject = async (o: InjectOptions) => {
  const res = await app.inject(o);
  statuses.push(res.statusCode);
  return res;
};
afterAll(async () => {
  await app?.close();
  await opened?.close();
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
});

async function login(name: string, role?: string): Promise<string> {
  const res = await inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { login: name, password: DEMO_PASSWORD, ...(role && { role }) },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().accessToken;
}

type Job = {
  id: string;
  state: string;
  running: boolean;
  problemCount: number;
  totalRows: number;
  problems: unknown[];
  summary: Record<string, number>;
};

/** Polls an import job until it stops running. */
async function settled(kind: string, id: string, headers: Record<string, string>): Promise<Job> {
  for (let i = 0; i < 300; i++) {
    const job = (await inject({ url: `/v1/imports/${kind}/${id}`, headers })).json() as Job;
    if (!job.running) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`import ${id} still running`);
}

async function commit(kind: string, id: string, headers: Record<string, string>): Promise<Job> {
  const res = await inject({ method: 'POST', url: `/v1/imports/${kind}/${id}/commit`, headers });
  expect(res.statusCode, res.body).toBe(202);
  const job = await settled(kind, id, headers);
  expect(job.state).toBe('committed');
  return job;
}

describe('the demo province seed', () => {
  it('writes 3 schools (TH, THCS, THPT), one class per grade of their level, pupils and every role', async () => {
    expect(first).toMatchObject({ seeded: true, counts: { schools: 3, classes: 13, students: 48 } });
    const s = await opened.db.select().from(schools);
    expect(s.map((x) => [x.id, x.level]).sort()).toEqual([
      ['SCH-QN-001', 'TH'],
      ['SCH-QN-002', 'THCS'],
      ['SCH-QN-003', 'THPT'],
    ]);
    const c = await opened.db.select().from(classes);
    const grades = (id: string) =>
      c
        .filter((x) => x.schoolId === id)
        .map((x) => x.grade)
        .sort((a, b) => a - b);
    // Grade 5 twice: 5A (anchored) and the newcomer's empty 5B.
    expect(grades('SCH-QN-001')).toEqual([1, 2, 3, 4, 5, 5]);
    expect(grades('SCH-QN-002')).toEqual([6, 7, 8, 9]);
    expect(grades('SCH-QN-003')).toEqual([10, 11, 12]);
    expect(await opened.db.select().from(students)).toHaveLength(12 * PUPILS_PER_CLASS);
    const roles = new Set(demoLogins(provinceOf(dev), dev.schoolYear).map((l) => l.role));
    for (const r of [
      'principal',
      'homeroomTeacher',
      'subjectTeacher',
      'schoolAdmin',
      'districtOfficer',
      'provinceOfficer',
      'ministryAuditor',
      'student',
      'verifier',
    ])
      expect(roles).toContain(r);
  });

  it('gives every pupil a record version the record schemas accept', async () => {
    const versions = await opened.db.select().from(recordVersions);
    expect(versions).toHaveLength(48);
    for (const v of versions) {
      // A locked version carries its effective time (the lock's) in the record; still valid.
      expect(checkRecord(v.record)).toEqual([]);
    }
    expect(versions.filter((v) => v.state === 'locked')).toHaveLength(PUPILS_PER_CLASS);
    expect(versions.filter((v) => v.state === 'approved')).toHaveLength(48 - PUPILS_PER_CLASS);
  });

  it('anchors one class batch through the outbox worker, with the anchor the ledger holds', async () => {
    expect(first.anchor).toMatchObject({ action: 'anchorBatch', outcome: 'submitted' });
    const anchored = await opened.db.select().from(batches);
    expect(anchored).toHaveLength(1);
    const [b] = anchored;
    expect(b).toMatchObject({ state: 'anchored', schoolId: 'SCH-QN-001', leafCount: PUPILS_PER_CLASS });
    const onLedger = await chaincode.getBatch(dev.ledger, dev.reader, b!.id);
    expect(onLedger.anchorTxId).toBe(b!.ledgerTxId);
    const [row] = await opened.db.select().from(anchorOutbox).where(eq(anchorOutbox.batchId, b!.id));
    expect(row).toMatchObject({ state: 'done', ledgerTxId: b!.ledgerTxId });
    expect(await verifyAuditChain(opened.db)).toMatchObject({ ok: true });
  });

  it('hands out a lookup code that verifies valid over HTTP, and not with another date of birth', async () => {
    const sample = await demoSample(opened.db);
    expect(sample).toBeDefined();
    const ok = await inject({ url: `/v1/verify/${sample!.lookupCode}?dob=${sample!.dateOfBirth}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().report.verdict).toBe('valid');
    expect(ok.json().record.schoolCode).toBe('SCH-QN-001');
    const wrong = await inject({ url: `/v1/verify/${sample!.lookupCode}?dob=1999-01-01` });
    expect(wrong.statusCode).toBe(404);
  });

  it('lets the demo logins in, each with its role', async () => {
    const logins = demoLogins(provinceOf(dev), dev.schoolYear);
    for (const l of logins.filter((x) => x.role !== 'verifier').slice(0, 4)) {
      const res = await inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { login: l.login, password: DEMO_PASSWORD },
      });
      expect(res.statusCode, l.login).toBe(200);
    }
    // The homeroom teacher of 5A also teaches Tiếng Việt there: she chooses a role as she signs in.
    const two = await inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { login: 'gvcn.5a.kimdong', password: DEMO_PASSWORD },
    });
    expect(two.json().error).toMatchObject({ code: 'ROLE_REQUIRED' });
    expect(two.json().error.problems[0].allowed).toEqual(['homeroomTeacher', 'subjectTeacher']);
    const bad = await inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { login: logins[0]!.login, password: 'wrong-password' },
    });
    expect(bad.statusCode).toBe(401);
    const token = await inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: {
        grant_type: 'client_credentials',
        client_id: DEMO_CLIENT.clientId,
        client_secret: DEMO_CLIENT.secret,
      },
    });
    expect(token.statusCode).toBe(200);
  });

  it('leaves 5B empty, with its homeroom teacher, her subjects and entry open', async () => {
    const id = classIdOf('SCH-QN-001', dev.schoolYear, EMPTY_CLASS.name);
    const [cls] = await opened.db.select().from(classes).where(eq(classes.id, id));
    const [teacher] = await opened.db.select().from(users).where(eq(users.login, 'gvcn.5b.kimdong'));
    expect(cls).toMatchObject({ grade: 5, name: '5B', homeroomTeacherId: teacher!.id });
    const grants = await opened.db.select().from(userRoles).where(eq(userRoles.userId, teacher!.id));
    expect(grants.map((g) => `${g.role} ${g.classId} ${g.subject ?? ''}`.trim()).sort()).toEqual(
      [`homeroomTeacher ${id}`, ...HOMEROOM_SUBJECTS.map((s) => `subjectTeacher ${id} ${s}`)].sort(),
    );
    const [window] = await opened.db.select().from(editingWindows);
    expect(window).toMatchObject({ schoolId: 'SCH-QN-001', classId: null, subject: null, frozen: false });
    const list = await inject({
      url: `/v1/classes/${id}/records`,
      headers: { authorization: `Bearer ${await login('gvcn.5b.kimdong', 'homeroomTeacher')}` },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().records).toEqual([]);
  });

  it('writes demo files that 5B’s homeroom teacher imports with no problem: 30 pupils, then their marks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hocba-demo-files-'));
    try {
      const files = await writeDemoFiles(dir, {
        provinceCode: '22',
        schoolName: 'Trường Tiểu học Kim Đồng',
        schoolYear: dev.schoolYear,
        className: '5B',
      });
      // Deterministic: the same bytes' content on a second write elsewhere.
      const again = await writeDemoFiles(join(dir, 'again'), {
        provinceCode: '22',
        schoolName: 'Trường Tiểu học Kim Đồng',
        schoolYear: dev.schoolYear,
        className: '5B',
      });
      expect(readFileSync(again.roster).length).toBe(readFileSync(files.roster).length);
      const classId = classIdOf('SCH-QN-001', dev.schoolYear, EMPTY_CLASS.name);
      const auth = { authorization: `Bearer ${await login('gvcn.5b.kimdong', 'homeroomTeacher')}` };
      const upload = async (kind: string, path: string) => {
        const res = await inject({
          method: 'POST',
          url: `/v1/imports/${kind}`,
          headers: auth,
          payload: {
            schoolId: 'SCH-QN-001',
            fileName: path,
            content: readFileSync(path).toString('base64'),
            options: { classId },
          },
        });
        expect(res.statusCode, res.body).toBe(202);
        return settled(kind, res.json().id, auth);
      };
      const roster = await upload('roster', files.roster);
      expect(roster).toMatchObject({ state: 'previewed', problemCount: 0, totalRows: DEMO_CLASS_SIZE });
      expect(roster.summary).toMatchObject({ new: DEMO_CLASS_SIZE, changed: 0, unchanged: 0 });
      await commit('roster', roster.id, auth);
      const drawn = await inject({ method: 'POST', url: `/v1/classes/${classId}/records`, headers: auth });
      expect(drawn.statusCode).toBe(201);
      expect(drawn.json().created).toHaveLength(DEMO_CLASS_SIZE);
      const marks = await upload('marks-primary', files.marks);
      expect(marks.problems).toEqual([]);
      // Tiếng Việt, Toán and the five untested subjects of grade 5, for each pupil.
      expect(marks.summary).toMatchObject({
        pupils: DEMO_CLASS_SIZE,
        subjects: 7,
        entries: 7 * DEMO_CLASS_SIZE,
      });
      const done = await commit('marks-primary', marks.id, auth);
      expect(done.state).toBe('committed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs once: a second run on the same database writes nothing', async () => {
    const before = {
      users: (await opened.db.select().from(users)).length,
      audit: (await opened.db.select().from(auditLog)).length,
      batches: (await opened.db.select().from(batches)).length,
    };
    expect(await seedDevProvince(opened.db, dev)).toEqual({ seeded: false });
    expect({
      users: (await opened.db.select().from(users)).length,
      audit: (await opened.db.select().from(auditLog)).length,
      batches: (await opened.db.select().from(batches)).length,
    }).toEqual(before);
  });
});
