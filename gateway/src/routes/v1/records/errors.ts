/**
 * What the workflow routes add to the app's one error table: the record rules' and the entries' problems
 * (each with its code and the rule it breaks), integrity's signature refusals, and the database triggers'
 * refusals, all as 4xx with stable codes. Everything else goes to the app's handler unchanged.
 */
import { type HOCBA_SQLSTATE, sqlState } from '@hocba/db';
import { IntegrityError } from '@hocba/integrity';
import { type RecordProblem, RecordRuleError } from '@hocba/records';
import { Type } from 'typebox';
import { ApiError, fromServiceCode, type Problem, SERVICE } from '../../../http-errors.ts';
import { MarksError } from '../../../services/marks.ts';
import { EntryError } from '../../../services/workflow.ts';
import { errorResponses } from '../../schemas.ts';

/** A record problem as an HTTP problem, keeping the rule that failed (an article of a circular). */
export interface RuleProblem extends Problem {
  code: string;
  rule: string;
}

const asProblems = (problems: readonly RecordProblem[], part: string, prefix = ''): RuleProblem[] =>
  problems.map((p) => ({
    in: part,
    path: `${prefix}${p.path}`,
    message: `${p.message.vi} / ${p.message.en}`,
    code: p.code,
    rule: p.rule,
  }));

const TRIGGERS: Record<(typeof HOCBA_SQLSTATE)[keyof typeof HOCBA_SQLSTATE], string | undefined> = {
  HB001: undefined,
  HB002: 'RECORD_LOCKED',
  HB003: 'BATCH_WRONG_STATE',
  // The access log (append-only) is never changed by a route.
  HB004: undefined,
  // Nor is the document issue log (append-only).
  HB005: undefined,
};

/** The ApiError for the workflow's own failures; anything else is returned as it is. */
export function workflowError(e: unknown): unknown {
  if (e instanceof RecordRuleError) {
    return fromServiceCode('RECORD_INVALID', { problems: asProblems(e.problems, 'record'), cause: e });
  }
  if (e instanceof EntryError) {
    return fromServiceCode('ENTRY_INVALID', { problems: asProblems(e.problems, 'body', '/data'), cause: e });
  }
  if (e instanceof MarksError) {
    const problems = e.problems.map((p) => ({
      in: 'body',
      path: `/rows/${p.row}${p.path}`,
      message: `${p.studentCode ? `${p.studentCode}: ` : ''}${p.message.vi} / ${p.message.en}`,
      code: p.code,
      rule: p.rule,
      row: p.row,
      recordId: p.recordId,
    }));
    return fromServiceCode('MARKS_INVALID', { problems, cause: e });
  }
  if (e instanceof IntegrityError) {
    // integrity's own code (CMS_DIGEST_MISMATCH, CERT_CHAIN_INVALID…) is what a signer's tool can act on.
    const m = SERVICE.SIGNATURE_INVALID;
    return new ApiError(e.code, { status: 422, message: { vi: m.vi, en: m.en }, cause: e });
  }
  const state = sqlState(e) as keyof typeof TRIGGERS | undefined;
  const code = state && TRIGGERS[state];
  if (code === 'RECORD_LOCKED' || code === 'BATCH_WRONG_STATE') return fromServiceCode(code, { cause: e });
  return e;
}

/** Runs a handler, mapping the workflow's failures. */
export async function mapped<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw workflowError(e);
  }
}

/** The workflow routes answer the app's one error body (its problems may name the rule they break). */
export const workflowErrors = errorResponses;

/** Identifiers as the record and the manifest write them. */
export const IdString = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' });
export const UuidString = Type.String({
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
});
export const SchoolYearString = Type.String({ pattern: '^[0-9]{4}-[0-9]{4}$' });
