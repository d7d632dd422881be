/**
 * What the after-lock routes share: the actor of a request, the scope target of a batch or a school,
 * request schemas for reason codes and legal bases, and the mapping of a record's rule problems to 422.
 */
import type { Database, Role } from '@hocba/db';
import { isRecordRuleError } from '@hocba/records';
import { Type } from 'typebox';
import type { Principal, Target } from '../../../auth/principal.ts';
import { ApiError, fromServiceCode } from '../../../http-errors.ts';
import type { UserActor } from '../../../services/permissions.ts';
import { batchPlace } from '../../../services/permissions.ts';
import { schoolPlace, schoolTarget as tiersOf } from '../../../services/places.ts';

export const Id = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' });
export const Uuid = Type.String({
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
});
export const SchoolYear = Type.String({ pattern: '^[0-9]{4}-[0-9]{4}$', examples: ['2025-2026'] });
/** As the chaincode takes them (chaincode/src/args.ts). */
export const ReasonCode = Type.String({
  pattern: '^[A-Z0-9_]{2,40}$',
  description: 'Mã lý do (A–Z, 0–9, _) / reason code',
  examples: ['CORRECTION', 'DATA_ERROR'],
});
export const LegalBasis = Type.String({
  minLength: 3,
  maxLength: 200,
  description: 'Căn cứ pháp lý (số quyết định, điều khoản) / legal basis (decision number, article)',
  examples: ['QĐ 12/QĐ-SGDĐT'],
});
export const Queued = Type.Object({
  statusEventId: Type.String(),
  outboxId: Type.Integer(),
  state: Type.Literal('queued', { description: 'chờ sổ cái xác nhận / waiting for the ledger' }),
});

/** The user acting (every after-lock route is for a logged-in user, never a verifier client). */
export function actorOf(user: Principal | null): UserActor {
  if (!user) throw new ApiError('UNAUTHENTICATED');
  return { userId: user.sub, role: user.role as Role };
}

/** A batch's place for `authorize`: its school, district and province. */
export async function batchTarget(db: Database, batchId: string): Promise<Target> {
  const p = await batchPlace(db, batchId);
  return {
    schoolId: p.batch.schoolId,
    districtId: p.districtId,
    provinceId: p.provinceId,
    // A class batch is also its class's: its teachers read it as they read the class's records.
    ...(p.batch.classId !== null && { classId: p.batch.classId }),
  };
}

/** A school's place; SCHOOL_NOT_FOUND when there is none. */
export async function schoolTarget(db: Database, schoolId: string): Promise<Target> {
  return tiersOf(await schoolPlace(db, schoolId));
}

/** A record that breaks the rules: 422 RECORD_INVALID with every problem at its path. */
export function recordProblems(e: unknown): never {
  if (isRecordRuleError(e)) {
    throw fromServiceCode('RECORD_INVALID', {
      problems: e.problems.map((p) => ({
        in: 'body',
        path: `/record${p.path}`,
        message: `${p.code}: ${p.message.vi} / ${p.message.en}`,
      })),
      cause: e,
    });
  }
  throw e;
}
