/**
 * Child process of the gateway benchmark: the gateway (@hocba/gateway buildApp) over the development
 * province on the embedded ledger (startEmbeddedProvince, as `npm start` runs it: the dev PKI that
 * scripts/setup.sh makes) and a PGlite database in memory, with one batch of realistic records
 * (src/records.ts, the biography among them, hidden by the lookup) locked, signed by the principal's dev
 * signer and anchored, rate limits raised out of the way. Listens on 127.0.0.1 and prints one JSON line: the
 * port, the lookup paths (code and date of birth of each record) and one proof bundle for
 * POST /v1/verify/bundle. Runs until killed.
 */
// Before anything loads fabric-contract-api, which would log each transaction on stdout.
import './quiet-chaincode.ts';
import { enrolments, MEMORY, openDatabase, recordVersions, studentBiographies } from '@hocba/db';
import {
  buildApp,
  loadDevSigner,
  lockAndSignFixture,
  newLookupCode,
  runOutboxWorker,
  seedFixturePlaces,
  seedFixtureVersions,
  startEmbeddedProvince,
} from '@hocba/gateway';
import { eq } from 'drizzle-orm';
import { makeRecord } from '../records.ts';
import { READY } from './ready.ts';

export interface ServerReady {
  port: number;
  lookupPaths: string[];
  bundle: unknown;
}

async function main(records: number): Promise<ServerReady> {
  // A Postgres URL from the parent (gateway-verify.ts --db postgres), else PGlite in memory.
  const url = process.env.HOCBA_BENCH_DATABASE_URL;
  const [p, { db }] = await Promise.all([
    startEmbeddedProvince(),
    openDatabase(url ? { url } : { url: undefined, dataDir: MEMORY }),
  ]);
  const clock = () => new Date();
  const school = p.schools[0]!.schoolId;
  const classId = (await seedFixturePlaces(db, { schoolYear: p.schoolYear, schools: p.schools }))[school]!;
  const ids = await seedFixtureVersions(db, {
    schoolId: school,
    classId,
    schoolYear: p.schoolYear,
    n: records,
  });
  const seats = new Map<string, { code: string; dob: string }>();
  for (const [i, id] of ids.entries()) {
    const [v] = await db.select().from(recordVersions).where(eq(recordVersions.id, id));
    const [e] = await db.select().from(enrolments).where(eq(enrolments.id, v!.enrolmentId));
    const { student, supersedes: _s, ...rest } = makeRecord(2025, i);
    const code = newLookupCode();
    // The realistic record, in the version's envelope; its student part is the (sensitive) biography.
    const record = {
      ...rest,
      recordId: id,
      lookupCode: code,
      schoolCode: school,
      schoolYear: p.schoolYear,
      classId,
      version: 1,
      biography: student,
    };
    await db.update(recordVersions).set({ lookupCode: code, record }).where(eq(recordVersions.id, id));
    await db.insert(studentBiographies).values({
      studentId: e!.studentId,
      fullName: student.name,
      dateOfBirth: student.dateOfBirth,
      sex: student.sex === 'Nữ' ? 'female' : 'male',
      birthplace: student.birthplace,
      ethnicity: student.ethnicity,
    });
    seats.set(id, { code, dob: student.dateOfBirth });
  }
  // Locked a minute ago, signed thirty seconds ago: inside the dev province's lock window (around today).
  const signer = await loadDevSigner(school, {
    pkiDir: p.pkiDir,
    clock: () => new Date(Date.now() - 30_000),
  });
  await lockAndSignFixture(db, {
    schoolId: school,
    schoolYear: p.schoolYear,
    recordVersionIds: ids,
    signer,
    trustAnchors: p.trustAnchors,
    now: clock(),
  });
  const [outcome] = await runOutboxWorker({ db, ledger: p.ledger, identities: p.identities, clock }).tick();
  if (outcome?.outcome !== 'submitted')
    throw new Error(`the batch was not anchored: ${JSON.stringify(outcome)}`);

  const app = await buildApp({
    ledger: p.ledger,
    ledgerReader: p.reader,
    identities: p.identities,
    clock,
    db,
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
