/**
 * The gateway's policy table, pinned: policy.test.ts derives its matrix from POLICY itself, so it cannot see
 * a role dropped from or added to a permission. Here the table is written out by hand (a change to who may
 * do what is made in both places, on purpose), with the corners of relationFor, isPermission and the
 * load-time shape check.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  authorize,
  isPermission,
  PERMISSIONS,
  POLICY,
  PUBLIC_ROUTES,
  policyProblems,
  RELATIONS,
  relationFor,
} from '../../src/auth/policy.ts';
import type { Principal, Role } from '../../src/auth/principal.ts';
import { ApiError } from '../../src/http-errors.ts';

/** permission → "role:relation" pairs, as the seeds and DESIGN.md §5/§7 give them. */
const PINNED: Record<string, string> = {
  'records.read':
    'subjectTeacher:class homeroomTeacher:class subjectGroup:school principal:school deputyPrincipal:school ' +
    'schoolAdmin:school districtOfficer:district provinceOfficer:province ministryAuditor:any',
  'records.biography.read':
    'homeroomTeacher:class principal:school deputyPrincipal:school schoolAdmin:school',
  'records.create': 'homeroomTeacher:class principal:school schoolAdmin:school',
  'records.own.read': 'student:student guardian:student',
  'records.enter': 'subjectTeacher:classSubject homeroomTeacher:class',
  'records.enter.homeroom': 'homeroomTeacher:class',
  'records.review': 'homeroomTeacher:class',
  'records.confirm': 'subjectGroup:schoolSubject',
  'records.approve': 'principal:school',
  'windows.freeze': 'schoolAdmin:school principal:school',
  'batches.lock': 'principal:school schoolAdmin:school',
  'batches.list':
    'principal:school schoolAdmin:school districtOfficer:district provinceOfficer:province ministryAuditor:any',
  'oversight.read':
    'principal:school schoolAdmin:school districtOfficer:district provinceOfficer:province ministryAuditor:any',
  'batches.sign': 'principal:school',
  'batches.accept': 'districtOfficer:district',
  'batches.verify': 'districtOfficer:district provinceOfficer:province ministryAuditor:any',
  'batches.recall': 'principal:school provinceOfficer:province',
  'corrections.request':
    'subjectTeacher:classSubject homeroomTeacher:class principal:school schoolAdmin:school',
  'corrections.check': 'subjectGroup:schoolSubject schoolAdmin:school principal:school',
  'corrections.approve': 'principal:school',
  'permissions.grant': 'provinceOfficer:province',
  'records.revoke': 'principal:school',
  'transfers.manage': 'principal:school schoolAdmin:school',
  'reports.submit': 'provinceOfficer:province',
  'reports.acknowledge': 'ministryAuditor:any',
  'reports.read': 'provinceOfficer:province ministryAuditor:any',
  'statistics.read': 'principal:school districtOfficer:district provinceOfficer:province ministryAuditor:any',
  'users.manage': 'schoolAdmin:school districtOfficer:district provinceOfficer:province',
  'deputies.assign': 'principal:school',
  'audit.read': 'principal:school districtOfficer:district provinceOfficer:province ministryAuditor:any',
  'accessLog.read': 'provinceOfficer:province ministryAuditor:any',
  'reconciliations.run': 'provinceOfficer:province ministryAuditor:any',
  'reconciliations.read': 'provinceOfficer:province ministryAuditor:any',
  'verify.bulk': 'verifier:any',
  'documents.issue': 'principal:school deputyPrincipal:school schoolAdmin:school',
  'documents.own.issue': 'student:student guardian:student',
  'certificates.register': 'principal:school schoolAdmin:school',
  'certificates.read':
    'principal:school deputyPrincipal:school schoolAdmin:school districtOfficer:district provinceOfficer:province ministryAuditor:any',
  'certificates.approve': 'provinceOfficer:province',
  'certificates.list': 'provinceOfficer:province ministryAuditor:any',
  'certificates.revoke': 'provinceOfficer:province',
  'permissions.read': 'provinceOfficer:province ministryAuditor:any',
  'calendars.set': 'provinceOfficer:province',
  'registry.read': 'provinceOfficer:province ministryAuditor:any',
  'registry.manage': 'provinceOfficer:province',
  'trustAnchors.read': 'provinceOfficer:any ministryAuditor:any',
  'trustAnchors.manage': 'ministryAuditor:any',
  'students.manage': 'homeroomTeacher:class principal:school schoolAdmin:school',
  'imports.template': 'subjectTeacher:any homeroomTeacher:any principal:any schoolAdmin:any',
  'students.biography.write': 'homeroomTeacher:class schoolAdmin:school',
  'students.list':
    'subjectTeacher:class homeroomTeacher:class subjectGroup:school principal:school deputyPrincipal:school schoolAdmin:school',
  'students.search': 'principal:school deputyPrincipal:school schoolAdmin:school',
  'classes.overview':
    'subjectGroup:school principal:school deputyPrincipal:school schoolAdmin:school districtOfficer:district provinceOfficer:province ministryAuditor:any',
  'notifications.own':
    'subjectTeacher:any homeroomTeacher:any subjectGroup:any principal:any deputyPrincipal:any schoolAdmin:any districtOfficer:any provinceOfficer:any ministryAuditor:any',
  'calendars.read':
    'subjectTeacher:any homeroomTeacher:any subjectGroup:any principal:any deputyPrincipal:any schoolAdmin:any districtOfficer:any provinceOfficer:any ministryAuditor:any',
  'progress.read': 'districtOfficer:district provinceOfficer:province ministryAuditor:any',
};

describe('the policy table, pinned', () => {
  it('gives each permission exactly the pinned roles and relations', () => {
    const actual = Object.fromEntries(
      Object.entries(POLICY).map(([p, rule]) => [
        p,
        Object.entries(rule)
          .map(([role, relation]) => `${role}:${relation}`)
          .join(' '),
      ]),
    );
    expect(actual).toEqual(PINNED);
    expect(PERMISSIONS).toEqual(Object.keys(PINNED));
  });

  it('leaves exactly these routes public, each saying what stands in for a token', () => {
    expect(Object.keys(PUBLIC_ROUTES)).toEqual([
      'GET /health',
      'OPTIONS *',
      'GET /',
      'GET /:lookupCode',
      'GET /assets/*',
      'GET /console',
      'GET /console/*',
      'GET /console/assets/*',
      'GET /trust-anchors.json',
      'GET /v1/verify/:lookupCode',
      'POST /v1/verify/bundle',
      'GET /v1/verify/ledger/:batchId/:leafIndex',
      'POST /v1/auth/login',
      'POST /v1/auth/token',
      'POST /v1/auth/refresh',
      'POST /v1/auth/logout',
    ]);
    for (const [route, why] of Object.entries(PUBLIC_ROUTES)) expect(why.length, route).toBeGreaterThan(10);
  });

  it('compares exactly these columns for each relation', () => {
    expect(RELATIONS).toEqual({
      any: [],
      province: ['provinceId'],
      district: ['districtId'],
      school: ['schoolId'],
      class: ['classId'],
      classSubject: ['classId', 'subject'],
      schoolSubject: ['schoolId', 'subject'],
      student: ['studentId'],
    });
  });

  it('knows only its own permissions and roles, not what every object inherits', () => {
    expect(isPermission('records.read')).toBe(true);
    for (const p of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'records', '', 42, null]) {
      expect(isPermission(p), String(p)).toBe(false);
    }
    // Object.hasOwn turns a key into a string: only a string is a permission.
    expect(isPermission({ toString: () => 'records.read' })).toBe(false);
    expect(relationFor('records.read', 'principal')).toBe('school');
    expect(relationFor('records.read', 'student')).toBeUndefined();
    for (const r of ['toString', 'constructor', '__proto__', 'valueOf']) {
      expect(relationFor('records.read', r as Role), r).toBeUndefined();
    }
  });
});

describe('scope corners', () => {
  const code = (user: Principal, target: Record<string, string>) => {
    try {
      authorize(user, 'records.read', target);
      return 'allow';
    } catch (e) {
      return e instanceof ApiError ? e.code : String(e);
    }
  };

  it('lets a nationwide role with no grants at all act anywhere its relation is "any"', () => {
    const auditor: Principal = { sub: 'u', role: 'ministryAuditor', scope: [], jti: 'j' };
    expect(code(auditor, {})).toBe('allow');
    expect(code(auditor, { schoolId: 'S' })).toBe('allow');
  });

  it('does not let a grant without the column match a target without it', () => {
    const principal: Principal = { sub: 'u', role: 'principal', scope: [{}], jti: 'j' };
    expect(code(principal, {})).toBe('OUT_OF_SCOPE');
    expect(code(principal, { schoolId: 'S' })).toBe('OUT_OF_SCOPE');
  });
});

describe('the shape check', () => {
  afterEach(() => {
    vi.doUnmock('../../src/auth/principal.ts');
    vi.resetModules();
  });

  it('names each relation a role cannot have', () => {
    const rule = POLICY['records.approve'] as Record<string, string>;
    rule.principal = 'classSubject';
    try {
      expect(policyProblems()).toEqual([
        'records.approve: principal has no classId, subject for "classSubject"',
      ]);
    } finally {
      rule.principal = 'school';
    }
    expect(policyProblems()).toEqual([]);
  });

  it('refuses to load a table whose relations the roles cannot have', async () => {
    vi.resetModules();
    vi.doMock('../../src/auth/principal.ts', async (importOriginal) => {
      const original = await importOriginal<typeof import('../../src/auth/principal.ts')>();
      return { ...original, ROLE_SCOPES: { ...original.ROLE_SCOPES, student: [], guardian: [] } };
    });
    await expect(import('../../src/auth/policy.ts')).rejects.toThrow(
      'policy table: records.own.read: student has no studentId for "student"; ' +
        'records.own.read: guardian has no studentId for "student"',
    );
  });
});
