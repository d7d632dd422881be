/**
 * The public lookup's answer as the cache keeps it (plugins/app/ledger-cache.ts), per lookup code: the whole
 * answer (the database's row, the disclosure, the ledger's facts and the report) as the UTF-8 bytes of the JSON
 * it was sent as, split where the report's `checkedAt` goes, so that a repeated lookup is restamped without
 * being serialized or encoded again (issue 16: encoding the ~20 kB string on each write was a quarter of the
 * cached lookup's time); the date of birth it was found with; and what the access log and the request log need.
 * Only a `valid` answer is kept: a miss, a record not yet signed or anchored, and a record whose status says
 * no are read again every time.
 *
 * No oracle: a cached answer is given only for the same date of birth, compared in constant time; any other
 * date goes down the uncached path (the same query and comparison as an unknown code), so a wrong date
 * costs the same whether the code is cached or not.
 */
import { timingSafeEqual } from 'node:crypto';
import type { VerificationReport } from '@hocba/integrity';
import { dateDigest } from './service.ts';

export interface LookupCacheEntry {
  /** The SHA-256 of the date of birth it was found with (compared in constant time). */
  dobDigest: Buffer;
  /** The access log's name of the code: SHA-256 of the canonical code (services/access-log.ts). */
  codeHash: Uint8Array;
  /** The answer's JSON as UTF-8, before and after the report's checkedAt value. */
  json: readonly [Buffer, Buffer];
  verdict: VerificationReport['verdict'];
  batchId: string;
  leafIndex: number;
  schoolId: string;
}

/** The entry for an answer (its report last stamped `report.checkedAt`). */
export function toCacheEntry(
  answer: { report: VerificationReport },
  { dob, ...o }: Omit<LookupCacheEntry, 'json' | 'verdict' | 'dobDigest'> & { dob: string },
): LookupCacheEntry {
  const text = JSON.stringify(answer);
  const stamp = `"checkedAt":${JSON.stringify(answer.report.checkedAt)}`;
  const at = text.lastIndexOf(stamp);
  if (at < 0) throw new Error('the answer has no report.checkedAt');
  const from = at + '"checkedAt":'.length;
  return {
    ...o,
    dobDigest: dateDigest(dob),
    json: [
      Buffer.from(text.slice(0, from), 'utf8'),
      Buffer.from(text.slice(from + JSON.stringify(answer.report.checkedAt).length), 'utf8'),
    ],
    verdict: answer.report.verdict,
  };
}

/** The answer's bytes restamped `at` (an ISO date). */
export function answerBytes(entry: LookupCacheEntry, at: string): Buffer {
  return Buffer.concat([entry.json[0], Buffer.from(JSON.stringify(at), 'latin1'), entry.json[1]]);
}

/** The cached answer's JSON bytes for this date of birth, restamped `now`; undefined for any other date. */
export function cachedAnswer(
  entry: LookupCacheEntry | undefined,
  dob: string,
  now: Date,
): Buffer | undefined {
  if (!entry || !timingSafeEqual(entry.dobDigest, dateDigest(dob))) return undefined;
  return answerBytes(entry, now.toISOString());
}
