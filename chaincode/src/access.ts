/**
 * Who may call what: one table, consulted by every transaction. The caller is read from the client
 * identity: its MSP (which organisation's CA issued it) and the Fabric CA attributes hocba.role,
 * hocba.school and hocba.district in its certificate.
 *
 * Organisations (DESIGN.md §5): MoetMSP the Ministry, DoetMSP the province (which runs the gateway and the
 * root database and enrols the schools' users), District<n>MSP the district offices.
 */
import type { Context } from 'fabric-contract-api';
import { refuse } from './errors.ts';

export const MINISTRY_MSP = 'MoetMSP';
export const PROVINCE_MSP = 'DoetMSP';

export type Role =
  | 'ministryAdmin'
  | 'ministryAuditor'
  | 'provinceOfficer'
  | 'districtOfficer'
  | 'principal'
  | 'schoolAdmin';

export interface Caller {
  mspId: string;
  role: Role | undefined;
  school: string | undefined;
  district: string | undefined;
  id: string;
}

export type Action =
  | 'initLedger'
  | 'registerTrustAnchor'
  | 'retireTrustAnchor'
  | 'registerDistrict'
  | 'registerSchool'
  | 'moveSchool'
  | 'registerCertificate'
  | 'approveCertificate'
  | 'revokeCertificate'
  | 'setCalendar'
  | 'anchorBatch'
  | 'acceptBatch'
  | 'grantPermission'
  | 'revokeRecord'
  | 'recallBatch'
  | 'submitYearReport'
  | 'acknowledgeYearReport'
  | 'read';

/**
 * `msp: 'district'` means the MSP of a registered district, and the scope check then compares it with the
 * district the action concerns. `scope: 'school'` requires hocba.school to equal the school acted on.
 */
interface Rule {
  msp: readonly string[] | 'district' | 'any';
  roles: readonly Role[] | 'any';
  scope?: 'school' | 'district';
}

const SCHOOL: Rule = { msp: [PROVINCE_MSP], roles: ['principal', 'schoolAdmin'], scope: 'school' };
const PROVINCE: Rule = { msp: [PROVINCE_MSP], roles: ['provinceOfficer'] };

export const POLICY: Readonly<Record<Action, Rule>> = {
  initLedger: PROVINCE,
  registerTrustAnchor: { msp: [MINISTRY_MSP], roles: ['ministryAdmin'] },
  retireTrustAnchor: { msp: [MINISTRY_MSP], roles: ['ministryAdmin'] },
  registerDistrict: PROVINCE,
  registerSchool: PROVINCE,
  moveSchool: PROVINCE,
  // seed 000 Art. 4 §3b, Art. 8 §5: the school registers its certificate, the province approves it.
  registerCertificate: SCHOOL,
  approveCertificate: PROVINCE,
  revokeCertificate: PROVINCE,
  setCalendar: PROVINCE,
  anchorBatch: { msp: [PROVINCE_MSP], roles: ['principal'], scope: 'school' },
  // seed 000 Art. 4 §3c: the district office checks and accepts its schools' records by 30/6.
  acceptBatch: { msp: 'district', roles: ['districtOfficer'], scope: 'district' },
  // seed 000 Art. 4 §3d, Art. 6 §c: the province allows recalls and replacements within a time limit.
  grantPermission: PROVINCE,
  revokeRecord: { msp: [PROVINCE_MSP], roles: ['principal'], scope: 'school' },
  recallBatch: { msp: [PROVINCE_MSP], roles: ['principal'], scope: 'school' },
  submitYearReport: PROVINCE,
  acknowledgeYearReport: { msp: [MINISTRY_MSP], roles: ['ministryAdmin'] },
  read: { msp: 'any', roles: 'any' },
};

export function callerOf(ctx: Context): Caller {
  const ci = ctx.clientIdentity;
  return {
    mspId: ci.getMSPID(),
    role: (ci.getAttributeValue('hocba.role') ?? undefined) as Role | undefined,
    school: ci.getAttributeValue('hocba.school') ?? undefined,
    district: ci.getAttributeValue('hocba.district') ?? undefined,
    id: ci.getID(),
  };
}

/**
 * Refuses unless the caller may perform `action` on the given scope. `districtMsp` is the MSP of the
 * district concerned (the school's district), needed for district actions.
 */
export function authorize(
  ctx: Context,
  action: Action,
  scope: { schoolId?: string; districtId?: string; districtMsp?: string } = {},
): Caller {
  const caller = callerOf(ctx);
  const rule = POLICY[action];
  const mspOk =
    rule.msp === 'any' ||
    (rule.msp === 'district' ? caller.mspId === scope.districtMsp : rule.msp.includes(caller.mspId));
  if (!mspOk) refuse('ACCESS_DENIED', `${action} is not open to members of ${caller.mspId}`);
  if (rule.roles !== 'any' && (!caller.role || !rule.roles.includes(caller.role))) {
    refuse('ACCESS_DENIED', `${action} needs the role ${[rule.roles].flat().join(' or ')}`);
  }
  if (rule.scope === 'school' && (!scope.schoolId || caller.school !== scope.schoolId)) {
    refuse('ACCESS_DENIED', `${action} is only for the school's own staff (school ${scope.schoolId ?? '?'})`);
  }
  if (rule.scope === 'district' && (!scope.districtId || caller.district !== scope.districtId)) {
    refuse('ACCESS_DENIED', `${action} is only for the officers of district ${scope.districtId ?? '?'}`);
  }
  return caller;
}
