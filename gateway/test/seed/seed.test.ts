/**
 * The demo province of `npm start`, seeded beside the development province (embedded ledger, dev PKI) in a
 * PGlite database in memory: the counts; every record version valid under the record schemas; one class
 * batch locked, signed and anchored by the outbox worker, its anchor the ledger's; a seeded lookup code
 * verifying `valid` over HTTP; the demo logins working; a second run writing nothing. Needs the dev PKI
 * (`npm run setup`).
 */
import '../app/quiet-chaincode.ts';
import {
  anchorOutbox,
  auditLog,
  batches,
  classes,
  MEMORY,
  type OpenedDatabase,
  openDatabase,
  recordVersions,
  schools,
  students,
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
import {
  DEMO_CLIENT,
  DEMO_PASSWORD,
  demoLogins,
  demoSample,
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

describe('the demo province seed', () => {
  it('writes 3 schools (TH, THCS, THPT), one class per grade of their level, pupils and every role', async () => {
    expect(first).toMatchObject({ seeded: true, counts: { schools: 3, classes: 12, students: 48 } });
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
    expect(grades('SCH-QN-001')).toEqual([1, 2, 3, 4, 5]);
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
