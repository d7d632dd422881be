/**
 * The public lookup's answer as the cache keeps it (plugins/app/ledger-cache.ts), per lookup code: the whole
 * answer (the database's row, the disclosure, the ledger's facts and the report) as the JSON text it was
 * sent as, split where the report's `checkedAt` goes, so that a repeated lookup is restamped without being
 * serialized again; the date of birth it was found with; and what the access log and the request log need.
 * Only a `valid` answer is kept: a miss, a record not yet signed or anchored, and a record whose status says
 * no are read again every time.
 *
 * No oracle: a cached answer is given only for the same date of birth, compared in constant time; any other
 * date goes down the uncached path (the same query and comparison as an unknown code), so a wrong date
 * costs the same whether the code is cached or not.
 */
import type { VerificationReport } from '@hocba/integrity';
import { sameDate } from './service.ts';

export interface LookupCacheEntry {
  dob: string;
  /** The answer's JSON text before and after the report's checkedAt value. */
  json: readonly [string, string];
  verdict: VerificationReport['verdict'];
  batchId: string;
  leafIndex: number;
  schoolId: string;
}

/** The entry for an answer (its report last stamped `report.checkedAt`). */
export function toCacheEntry(
  answer: { report: VerificationReport },
  o: Omit<LookupCacheEntry, 'json' | 'verdict'>,
): LookupCacheEntry {
  const text = JSON.stringify(answer);
  const stamp = `"checkedAt":${JSON.stringify(answer.report.checkedAt)}`;
  const at = text.lastIndexOf(stamp);
  if (at < 0) throw new Error('the answer has no report.checkedAt');
  const from = at + '"checkedAt":'.length;
  return {
    ...o,
    json: [text.slice(0, from), text.slice(from + JSON.stringify(answer.report.checkedAt).length)],
    verdict: answer.report.verdict,
  };
}

/** The cached answer's JSON text for this date of birth, restamped `now`; undefined for any other date. */
export function cachedAnswer(
  entry: LookupCacheEntry | undefined,
  dob: string,
  now: Date,
): string | undefined {
  if (!entry || !sameDate(entry.dob, dob)) return undefined;
  return `${entry.json[0]}${JSON.stringify(now.toISOString())}${entry.json[1]}`;
}
