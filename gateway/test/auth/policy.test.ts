/**
 * The authorization matrix, generated from the policy table's declarative form: for every permission ×
 * every role × own, foreign and partly foreign scope, `authorize` allows exactly what the table says.
 * The expectation is computed from POLICY and RELATIONS, never written by hand, and every cell that is
 * not allowed must be refused with the right code: zero leaks.
 */
import { describe, expect, it } from 'vitest';
import {
  authorize,
  authorizeRole,
  PERMISSIONS,
  type Permission,
  POLICY,
  policyProblems,
  RELATIONS,
  type Relation,
} from '../../src/auth/policy.ts';
import {
  type Principal,
  ROLE_SCOPES,
  ROLES,
  type Role,
  SCOPE_COLUMNS,
  type Scope,
  type Target,
} from '../../src/auth/principal.ts';
import { ApiError } from '../../src/http-errors.ts';

/** One grant of `role` with every column it takes set to `own-<column>`. */
function principal(role: Role): Principal {
  const grant: Scope = {};
  for (const c of ROLE_SCOPES[role]) grant[c] = `own-${c}`;
  return { sub: `user-${role}`, role, scope: [grant], jti: 'test' };
}

const own: Target = Object.fromEntries(SCOPE_COLUMNS.map((c) => [c, `own-${c}`]));
const foreign: Target = Object.fromEntries(SCOPE_COLUMNS.map((c) => [c, `other-${c}`]));

/** What the table says, read from its declarative form. */
function expected(permission: Permission, role: Role): Relation | undefined {
  return (POLICY[permission] as Partial<Record<Role, Relation>>)[role];
}

function outcome(user: Principal, permission: Permission, target: Target): 'allow' | string {
  try {
    authorize(user, permission, target);
    return 'allow';
  } catch (e) {
    if (e instanceof ApiError) return `${e.statusCode} ${e.code}`;
    throw e;
  }
}

const cells = PERMISSIONS.flatMap((permission) => ROLES.map((role) => ({ permission, role })));

describe('the policy table', () => {
  it('is well formed: every relation compares columns that the role’s grants have', () => {
    expect(policyProblems()).toEqual([]);
  });

  it('names only known roles and relations, and every permission has at least one role', () => {
    for (const p of PERMISSIONS) {
      const rule = Object.entries(POLICY[p]);
      expect(rule.length, p).toBeGreaterThan(0);
      for (const [role, relation] of rule) {
        expect(ROLES, p).toContain(role);
        expect(Object.keys(RELATIONS), p).toContain(relation);
      }
    }
  });

  it('gives verify.bulk to the verifier alone, and nothing else to the verifier', () => {
    expect(POLICY['verify.bulk']).toEqual({ verifier: 'any' });
    expect(PERMISSIONS.filter((p) => expected(p, 'verifier'))).toEqual(['verify.bulk']);
  });
});

describe(`the authorization matrix (${cells.length} permission × role cells, own and foreign scope)`, () => {
  it.each(cells)('$permission as $role', ({ permission, role }) => {
    const user = principal(role);
    const relation = expected(permission, role);
    if (relation === undefined) {
      expect(outcome(user, permission, own)).toBe('403 FORBIDDEN');
      expect(outcome(user, permission, foreign)).toBe('403 FORBIDDEN');
      expect(() => authorizeRole(user, permission)).toThrow(ApiError);
      return;
    }
    expect(authorizeRole(user, permission)).toBe(relation);
    expect(outcome(user, permission, own)).toBe('allow');
    const columns: readonly string[] = RELATIONS[relation];
    expect(outcome(user, permission, foreign)).toBe(columns.length === 0 ? 'allow' : '403 OUT_OF_SCOPE');
    // One column foreign at a time (same class, other subject; same school, other class…): refused
    // exactly when the relation compares that column.
    for (const c of SCOPE_COLUMNS) {
      const partly = { ...own, [c]: `other-${c}` };
      expect(outcome(user, permission, partly), c).toBe(columns.includes(c) ? '403 OUT_OF_SCOPE' : 'allow');
      // A target that does not say where it is cannot be in a scoped caller's remit.
      const { [c]: _dropped, ...missing } = own;
      expect(outcome(user, permission, missing), `no ${c}`).toBe(
        columns.includes(c) ? '403 OUT_OF_SCOPE' : 'allow',
      );
    }
  });

  it('counts zero leaks: no role outside the table is ever allowed, in any scope', () => {
    const leaks: string[] = [];
    for (const { permission, role } of cells) {
      if (expected(permission, role)) continue;
      for (const target of [own, foreign, {}]) {
        if (outcome(principal(role), permission, target) === 'allow') leaks.push(`${permission}/${role}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

describe('authorize', () => {
  it('refuses a missing caller with 401 UNAUTHENTICATED', () => {
    expect(() => authorize(null, 'records.read', own)).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    );
  });

  it('allows in any of the caller’s grants: a teacher of maths in two classes', () => {
    const teacher: Principal = {
      sub: 'u',
      role: 'subjectTeacher',
      scope: [
        { classId: '5A', subject: 'TOAN' },
        { classId: '5B', subject: 'TOAN' },
      ],
      jti: 'j',
    };
    expect(outcome(teacher, 'records.enter', { schoolId: 'S', classId: '5B', subject: 'TOAN' })).toBe(
      'allow',
    );
    expect(outcome(teacher, 'records.enter', { classId: '5B', subject: 'TIENGVIET' })).toBe(
      '403 OUT_OF_SCOPE',
    );
    expect(outcome(teacher, 'records.enter', { classId: '5C', subject: 'TOAN' })).toBe('403 OUT_OF_SCOPE');
  });

  it('does not let an empty grant match an empty target', () => {
    const odd: Principal = { sub: 'u', role: 'principal', scope: [{ schoolId: '' }], jti: 'j' };
    expect(outcome(odd, 'records.approve', { schoolId: '' })).toBe('403 OUT_OF_SCOPE');
    const none: Principal = { sub: 'u', role: 'principal', scope: [], jti: 'j' };
    expect(outcome(none, 'records.approve', own)).toBe('403 OUT_OF_SCOPE');
  });
});
