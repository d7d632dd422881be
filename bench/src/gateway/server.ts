/**
 * Child process of the gateway benchmark: the gateway (gateway/src/app.ts buildApp) over an embedded
 * province — the test World's ledger and a PGlite database in memory — with one batch of realistic records
 * (src/records.ts, the biography among them, hidden by the lookup) locked, signed and anchored, rate limits
 * raised out of the way. Listens on 127.0.0.1 and prints one JSON line: the port, the lookup paths
 * (code and date of birth of each record) and one proof bundle for POST /v1/verify/bundle. Runs until killed.
 */
// Before anything loads fabric-contract-api, which would log each transaction on stdout.
import '../../../gateway/test/app/quiet-chaincode.ts';
import { enrolments, recordVersions, studentBiographies } from '@hocba/db';
import { eq } from 'drizzle-orm';
import { buildApp } from '../../../gateway/src/app.ts';
import { EmbeddedLedgerClient } from '../../../gateway/src/ledger/index.ts';
import { newLookupCode } from '../../../gateway/src/lookup/code.ts';
import { runOutboxWorker } from '../../../gateway/src/services/index.ts';
import { worldIdentities } from '../../../gateway/test/app/helper.ts';
import {
  lockAndSign,
  SCHOOL,
  seededDatabase,
  seedVersions,
  startProvince,
  workerParties,
} from '../../../gateway/test/services/fixtures.ts';
import { makeRecord } from '../records.ts';
import { READY } from './ready.ts';

export interface ServerReady {
  port: number;
  lookupPaths: string[];
  bundle: unknown;
}

async function main(records: number): Promise<ServerReady> {
  // A Postgres URL from the parent (gateway-verify.ts --db postgres), else PGlite in memory.
  const [p, s] = await Promise.all([startProvince(), seededDatabase(process.env.HOCBA_BENCH_DATABASE_URL)]);
  const ids = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, records);
  const seats = new Map<string, { code: string; dob: string }>();
  for (const [i, id] of ids.entries()) {
    const [v] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, id));
    const [e] = await s.db.select().from(enrolments).where(eq(enrolments.id, v!.enrolmentId));
    const { student, supersedes: _s, ...rest } = makeRecord(2025, i);
    const code = newLookupCode();
    // The realistic record, in the version's envelope; its student part is the (sensitive) biography.
    const record = {
      ...rest,
      recordId: id,
      lookupCode: code,
      schoolCode: SCHOOL,
      classId: s.classId[SCHOOL]!,
      version: 1,
      biography: student,
    };
    await s.db.update(recordVersions).set({ lookupCode: code, record }).where(eq(recordVersions.id, id));
    await s.db.insert(studentBiographies).values({
      studentId: e!.studentId,
      fullName: student.name,
      dateOfBirth: student.dateOfBirth,
      sex: student.sex === 'Nữ' ? 'female' : 'male',
      birthplace: student.birthplace,
      ethnicity: student.ethnicity,
    });
    seats.set(id, { code, dob: student.dateOfBirth });
  }
  await lockAndSign(s.db, p.world, SCHOOL, ids);
  const [outcome] = await runOutboxWorker({ db: s.db, ledger: p.ledger, ...workerParties(p.world) }).tick();
  if (outcome?.outcome !== 'submitted')
    throw new Error(`the batch was not anchored: ${JSON.stringify(outcome)}`);

  const app = await buildApp({
    ledger: new EmbeddedLedgerClient(p.world.ledger),
    ledgerReader: p.world.ids.auditor!,
    identities: worldIdentities(p.world),
    clock: () => p.world.now,
    db: s.db,
    // Logging as in production (JSON lines, redaction), written nowhere: its cost is part of the route's.
    logger: { level: 'info', stream: { write: () => {} } },
    rateLimit: { max: 1e9, bulkMax: 1e9, lookupMax: 1e9, authMax: 1e9 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const lookupPaths = [...seats.values()].map((x) => `/v1/verify/${x.code}?dob=${x.dob}`);
  const first = await app.inject({ method: 'GET', url: lookupPaths[0]! });
  if (first.statusCode !== 200 || first.json().report.verdict !== 'valid') {
    throw new Error(
      `the lookup does not answer a valid record: ${first.statusCode} ${first.body.slice(0, 300)}`,
    );
  }
  return { port: address.port, lookupPaths, bundle: first.json().bundle };
}

main(Number(process.argv[2] ?? 20)).then(
  (r) => console.log(`${READY}${JSON.stringify(r)}`),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
