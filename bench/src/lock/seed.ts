/**
 * Child process 1 of the lock benchmark: migrates the target, inserts a school, a class and N students,
 * each enrolled with one approved record version (a realistic học bạ of ~90 fields, src/records.ts), then
 * measures the baseline on a sample of the same records in this same run: canonicalize + the leaf as
 * lockBatch makes it (salts.ts commitWith(LOCK_SALT_SCHEME)), and as before issue 16 (HMAC salts) with
 * integrity's default hash (@noble/hashes) and with node:crypto.
 * Prints one JSON line (SeedResult) on stdout.
 */
import { classes, districts, enrolments, provinces, recordVersions, schools } from '@hocba/db';
import { commitWith, LOCK_SALT_SCHEME, NODE_HASH } from '@hocba/gateway';
import { canonicalize, commitRecord, newRecordSalt } from '@hocba/integrity';
import { sql } from 'drizzle-orm';
import { collectGarbage } from '../measure.ts';
import { makeRecords, SCHOOL_YEAR } from '../records.ts';
import { CLASS, openTarget, SCHOOL, type Target } from './target.ts';

export interface SeedInput {
  target: Target;
  records: number;
  seed: number;
  /** Records the baseline hashes (the first ones). */
  baselineSample: number;
}

export interface SeedResult {
  seedMs: number;
  baseline: {
    sample: number;
    /** µs per record: canonicalize + commitRecord (leaf), default (noble) hash. */
    nobleUs: number;
    /**
     * What lockBatch does per record, in one thread: canonicalize + commitWith(LOCK_SALT_SCHEME) (field
     * salts by one AES-CTR keystream, node:crypto hashes).
     */
    nodeUs: number;
    /** canonicalize + commitRecord with node:crypto and the HMAC salts of before issue 16. */
    hmacNodeUs: number;
  };
  meanCanonicalBytes: number;
}

const CHUNK = 1000;

/** The record as the gateway holds it for version `index` of the bench school. */
export function benchRecord(seed: number, index: number, r = makeRecords(seed, index, index + 1)[0]!) {
  const recordId = `REC-B${String(index).padStart(8, '0')}`;
  const { supersedes: _s, ...rest } = r;
  // Unique by construction: the generator's 32-bit state repeats codes among hundreds of thousands.
  const lookupCode = `HB${String(index).padStart(18, '0')}`;
  return {
    ...rest,
    recordId,
    lookupCode,
    version: 1,
    schoolCode: SCHOOL,
    schoolYear: SCHOOL_YEAR,
    classId: CLASS,
  };
}

async function main(input: SeedInput): Promise<SeedResult> {
  const t0 = performance.now();
  const { db, close } = await openTarget(input.target, true);
  await db.insert(provinces).values({ id: 'QN', code: '22', name: 'Quảng Ninh', mspId: 'DoetMSP' });
  await db
    .insert(districts)
    .values({ id: 'district1', provinceId: 'QN', code: '01', name: 'Hạ Long', mspId: 'District1MSP' });
  await db.insert(schools).values({
    id: SCHOOL,
    code: SCHOOL,
    name: 'Trường THCS Bench',
    level: 'THCS',
    districtId: 'district1',
    provinceId: 'QN',
  });
  await db
    .insert(classes)
    .values({ id: CLASS, schoolId: SCHOOL, schoolYear: SCHOOL_YEAR, grade: 9, name: '9A' });
  // Students and enrolments set-based: the records are what the lock reads, not these.
  await db.execute(sql`
    INSERT INTO students (national_id, student_code)
    SELECT lpad(g::text, 12, '0'), 'HS' || g FROM generate_series(1, ${input.records}::int) AS g`);
  await db.execute(sql`
    INSERT INTO ${enrolments} (student_id, class_id, school_year, custody_school_id)
    SELECT id, ${CLASS}, ${SCHOOL_YEAR}, ${SCHOOL} FROM students ORDER BY national_id`);
  let enrolmentIds: string[] | undefined = (
    await db.execute<{ id: string }>(sql`
      SELECT e.id FROM ${enrolments} e JOIN students s ON s.id = e.student_id ORDER BY s.national_id`)
  ).rows.map((r) => r.id);
  let bytes = 0;
  for (let i = 0; i < input.records; i += CHUNK) {
    const end = Math.min(input.records, i + CHUNK);
    const rows = makeRecords(input.seed, i, end).map((r, j) => {
      const record = benchRecord(input.seed, i + j, r);
      return {
        id: record.recordId,
        enrolmentId: enrolmentIds![i + j]!,
        version: 1,
        state: 'approved' as const,
        // As a draft is created (services/workflow.ts): the lookup code is the version's from the start.
        lookupCode: record.lookupCode,
        record,
      };
    });
    await db.insert(recordVersions).values(rows);
  }
  enrolmentIds = undefined;
  const seedMs = performance.now() - t0;

  // Baseline: the first `sample` records, generated again, salts drawn outside the timing.
  const n = Math.min(input.baselineSample, input.records);
  const records = makeRecords(input.seed, 0, n).map((r, i) => benchRecord(input.seed, i, r));
  const salts = records.map(() => newRecordSalt());
  for (const r of records) bytes += canonicalize(r).length;
  const time = (commit: (record: unknown, salt: Uint8Array) => unknown): number => {
    collectGarbage();
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      canonicalize(records[i]!);
      commit(records[i], salts[i]!);
    }
    return ((performance.now() - t) * 1000) / n;
  };
  const lockScheme = (r: unknown, salt: Uint8Array) => commitWith(LOCK_SALT_SCHEME, r, salt);
  time(lockScheme); // warm-up
  const nobleUs = time((r, salt) => commitRecord(r, salt));
  const hmacNodeUs = time((r, salt) => commitRecord(r, salt, NODE_HASH));
  const nodeUs = time(lockScheme);
  await close();
  return { seedMs, baseline: { sample: n, nobleUs, nodeUs, hmacNodeUs }, meanCanonicalBytes: bytes / n };
}

const input = JSON.parse(process.argv[2]!) as SeedInput;
main(input).then(
  (r) => console.log(JSON.stringify(r)),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
