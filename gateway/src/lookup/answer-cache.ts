/**
 * The public lookup's answer as the cache keeps it (plugins/app/ledger-cache.ts), per lookup code: the whole
 * answer (the database's row, the disclosure, the ledger's facts and the report), the date of birth it was
 * found with, and what the access log and the request log need. Only a `valid` answer is kept: a miss, a
 * record not yet signed or anchored, and a record whose status says no are read again every time.
 *
 * No oracle: a cached answer is given only for the same date of birth, compared in constant time; any other
 * date goes down the uncached path (the same query and comparison as an unknown code), so a wrong date
 * costs the same whether the code is cached or not.
 */
import type { VerificationReport } from '@hocba/integrity';
import { sameDate } from './service.ts';

export interface LookupCacheEntry {
  dob: string;
  answer: { report: VerificationReport } & Record<string, unknown>;
  batchId: string;
  leafIndex: number;
  schoolId: string;
}

/** The cached answer for this date of birth, restamped `now`; undefined for any other date. */
export function cachedAnswer(
  entry: LookupCacheEntry | undefined,
  dob: string,
  now: Date,
): LookupCacheEntry['answer'] | undefined {
  if (!entry || !sameDate(entry.dob, dob)) return undefined;
  return { ...entry.answer, report: { ...entry.answer.report, checkedAt: now.toISOString() } };
}
