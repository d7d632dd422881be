/**
 * The chaincode's access table (chaincode/src/access.ts), pinned: the table is written out here by hand, so
 * a change to who may call what must be made in both places, and `authorize` is walked over every action ×
 * every kind of caller × own and foreign scope. The contracts' own cases (contracts.suite.ts) reach it
 * through the built package; this file imports the source, so mutation testing (npm run mutation) sees it.
 */
import type { Context } from 'fabric-contract-api';
import { describe, expect, it } from 'vitest';
import {
  type Action,
  authorize,
  callerOf,
  MINISTRY_MSP,
  POLICY,
  PROVINCE_MSP,
  type Role,
} from '../../chaincode/src/access.ts';

/** Who may call what, as DESIGN.md §5 and seed 000 say; `scope` is what the caller must match. */
const PINNED: Record<Action, { msp: string; roles: string; scope?: 'school' | 'district' }> = {
  initLedger: { msp: 'DoetMSP', roles: 'provinceOfficer' },
  registerTrustAnchor: { msp: 'MoetMSP', roles: 'ministryAdmin' },
  retireTrustAnchor: { msp: 'MoetMSP', roles: 'ministryAdmin' },
  registerDistrict: { msp: 'DoetMSP', roles: 'provinceOfficer' },
  registerSchool: { msp: 'DoetMSP', roles: 'provinceOfficer' },
  moveSchool: { msp: 'DoetMSP', roles: 'provinceOfficer' },
  registerCertificate: { msp: 'DoetMSP', roles: 'principal schoolAdmin', scope: 'school' },
  approveCertificate: { msp: 'DoetMSP', roles: 'provinceOfficer' },
  revokeCertificate: { msp: 'DoetMSP', roles: 'provinceOfficer' },
  setCalendar: { msp: 'DoetMSP', roles: 'provinceOfficer' },
  anchorBatch: { msp: 'DoetMSP', roles: 'principal', scope: 'school' },
  acceptBatch: { msp: 'district', roles: 'districtOfficer', scope: 'district' },
  grantPermission: { msp: 'DoetMSP', roles: 'provinceOfficer' },
  revokeRecord: { msp: 'DoetMSP', roles: 'principal', scope: 'school' },
  recallBatch: { msp: 'DoetMSP', roles: 'principal', scope: 'school' },
  submitYearReport: { msp: 'DoetMSP', roles: 'provinceOfficer' },
  acknowledgeYearReport: { msp: 'MoetMSP', roles: 'ministryAdmin' },
  read: { msp: 'any', roles: 'any' },
};
const ACTIONS = Object.keys(PINNED) as Action[];
const ROLES: Role[] = [
  'ministryAdmin',
  'ministryAuditor',
  'provinceOfficer',
  'districtOfficer',
  'principal',
  'schoolAdmin',
];
const MSPS = ['MoetMSP', 'DoetMSP', 'District1MSP', 'District2MSP', 'OtherMSP'];

/** A transaction context with only the client identity the table reads. */
function ctxOf(mspId: string, attrs: Record<string, string>): Context {
  return {
    clientIdentity: {
      getMSPID: () => mspId,
      getAttributeValue: (name: string) => attrs[name] ?? null,
      getID: () => `x509::/CN=${attrs['hocba.role'] ?? 'nobody'}::/CN=ca.${mspId}`,
    },
  } as unknown as Context;
}

/** The scope every action is asked about: school S1 of district d1, whose MSP is District1MSP. */
const SCOPE = { schoolId: 'S1', districtId: 'd1', districtMsp: 'District1MSP' };

/** What the pinned table allows, computed without access.ts. */
function allowed(action: Action, msp: string, role: Role | undefined, school?: string, district?: string) {
  const rule = PINNED[action];
  const mspOk =
    rule.msp === 'any' || (rule.msp === 'district' ? msp === SCOPE.districtMsp : msp === rule.msp);
  const roleOk = rule.roles === 'any' || (role !== undefined && rule.roles.split(' ').includes(role));
  const scopeOk =
    rule.scope === undefined ||
    (rule.scope === 'school' ? school === SCOPE.schoolId : district === SCOPE.districtId);
  return mspOk && roleOk && scopeOk;
}

function outcome(ctx: Context, action: Action, scope: Parameters<typeof authorize>[2] = SCOPE): string {
  try {
    authorize(ctx, action, scope);
    return 'allowed';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('the access table', () => {
  it('is the pinned table, action by action', () => {
    const asPinned = Object.fromEntries(
      Object.entries(POLICY).map(([action, r]) => [
        action,
        {
          msp: typeof r.msp === 'string' ? r.msp : r.msp.join(' '),
          roles: typeof r.roles === 'string' ? r.roles : r.roles.join(' '),
          ...(r.scope && { scope: r.scope }),
        },
      ]),
    );
    expect(asPinned).toEqual(PINNED);
    expect([MINISTRY_MSP, PROVINCE_MSP]).toEqual(['MoetMSP', 'DoetMSP']);
  });

  it('authorize allows exactly what the table allows: every action × MSP × role × own or foreign scope', () => {
    const cells: string[] = [];
    for (const action of ACTIONS) {
      for (const msp of MSPS) {
        for (const role of [...ROLES, undefined]) {
          for (const [school, district] of [
            ['S1', 'd1'],
            ['S2', 'd2'],
            [undefined, undefined],
          ] as const) {
            const attrs: Record<string, string> = {};
            if (role) attrs['hocba.role'] = role;
            if (school) attrs['hocba.school'] = school;
            if (district) attrs['hocba.district'] = district;
            const got = outcome(ctxOf(msp, attrs), action) === 'allowed';
            if (got !== allowed(action, msp, role, school, district)) {
              cells.push(`${action} ${msp} ${role} ${school}/${district}: ${got ? 'allowed' : 'refused'}`);
            }
          }
        }
      }
    }
    expect(cells).toEqual([]);
  });

  it('returns the caller it read, absent attributes as undefined (not null)', () => {
    const ctx = ctxOf('DoetMSP', { 'hocba.role': 'principal', 'hocba.school': 'S1' });
    expect(authorize(ctx, 'anchorBatch', { schoolId: 'S1' })).toStrictEqual({
      mspId: 'DoetMSP',
      role: 'principal',
      school: 'S1',
      district: undefined,
      id: 'x509::/CN=principal::/CN=ca.DoetMSP',
    });
    expect(callerOf(ctxOf('MoetMSP', {}))).toStrictEqual({
      mspId: 'MoetMSP',
      role: undefined,
      school: undefined,
      district: undefined,
      id: 'x509::/CN=nobody::/CN=ca.MoetMSP',
    });
    expect(callerOf(ctxOf('District1MSP', { 'hocba.district': 'd1' })).district).toBe('d1');
  });

  it('says why it refuses, with the code first', () => {
    const principal = ctxOf('DoetMSP', { 'hocba.role': 'principal', 'hocba.school': 'S1' });
    expect(outcome(ctxOf('District1MSP', { 'hocba.role': 'principal' }), 'anchorBatch')).toBe(
      'ACCESS_DENIED: anchorBatch is not open to members of District1MSP',
    );
    expect(outcome(ctxOf('DoetMSP', { 'hocba.role': 'provinceOfficer' }), 'registerCertificate')).toBe(
      'ACCESS_DENIED: registerCertificate needs the role principal or schoolAdmin',
    );
    expect(outcome(ctxOf('DoetMSP', {}), 'setCalendar')).toBe(
      'ACCESS_DENIED: setCalendar needs the role provinceOfficer',
    );
    expect(outcome(principal, 'anchorBatch', { schoolId: 'S2' })).toBe(
      "ACCESS_DENIED: anchorBatch is only for the school's own staff (school S2)",
    );
    expect(outcome(principal, 'anchorBatch', {})).toBe(
      "ACCESS_DENIED: anchorBatch is only for the school's own staff (school ?)",
    );
    const officer = ctxOf('District1MSP', { 'hocba.role': 'districtOfficer', 'hocba.district': 'd1' });
    expect(outcome(officer, 'acceptBatch', { districtId: 'd2', districtMsp: 'District1MSP' })).toBe(
      'ACCESS_DENIED: acceptBatch is only for the officers of district d2',
    );
    expect(outcome(officer, 'acceptBatch', { districtMsp: 'District1MSP' })).toBe(
      'ACCESS_DENIED: acceptBatch is only for the officers of district ?',
    );
    // A district action with no district MSP given is refused, whoever asks.
    expect(outcome(officer, 'acceptBatch', { districtId: 'd1' })).toBe(
      'ACCESS_DENIED: acceptBatch is not open to members of District1MSP',
    );
  });

  it('refuses an empty school or district in the scope even to a caller whose attribute is empty', () => {
    const noSchool = ctxOf('DoetMSP', { 'hocba.role': 'principal', 'hocba.school': '' });
    expect(outcome(noSchool, 'anchorBatch', { schoolId: '' })).toMatch(/^ACCESS_DENIED: /);
    const noDistrict = ctxOf('District1MSP', { 'hocba.role': 'districtOfficer', 'hocba.district': '' });
    expect(outcome(noDistrict, 'acceptBatch', { districtId: '', districtMsp: 'District1MSP' })).toMatch(
      /^ACCESS_DENIED: /,
    );
  });
});
