/**
 * Accounts and role grants managed through the API (issue 6, point 3). Each tier manages its own: a
 * school admin the staff roles of their school, a district officer the leaders and admins of their
 * district's schools and the district's own officers, a province officer the district officers of their
 * province, its own officers and any school role in the province (REMIT). The ministry's auditors,
 * verifier institutions and the record holders are provisioned elsewhere: nobody grants them here.
 * The principal assigns deputies (seed 001 Art. 9) with `assignDeputy` / `removeDeputy`.
 *
 * An account is created together with its first grant, so that it always lies inside somebody's remit
 * (an account nobody's remit covers could be managed by nobody). Passwords are hashed here and never
 * leave this module; the audit log gets identifiers only.
 */
import {
  appendAudit,
  classes,
  type Database,
  districts,
  type Executor,
  provinces,
  type Role,
  SCOPE_COLUMNS,
  type ScopeColumn,
  schools,
  sqlState,
  userRoles,
  users,
  violatedConstraint,
} from '@hocba/db';
import { and, eq, sql } from 'drizzle-orm';
import { hashSecret, type ScryptParams } from '../auth/passwords.ts';
import { authorize, inScope, relationFor } from '../auth/policy.ts';
import { type Principal, ROLE_SCOPES, type Target } from '../auth/principal.ts';
import { revokeUserRefreshTokens } from '../auth/refresh.ts';
import { ApiError, type Problem } from '../http-errors.ts';
import { ServiceError } from './errors.ts';
import { schoolPlace, schoolTarget } from './places.ts';

/** The school-level roles: their grants name a school, or a class of it. */
const SCHOOL_ROLES = [
  'subjectTeacher',
  'homeroomTeacher',
  'subjectGroup',
  'principal',
  'deputyPrincipal',
  'schoolAdmin',
] as const satisfies readonly Role[];

/** Which roles each managing role may grant or revoke (the scope is checked against its own grants). */
export const REMIT: Readonly<Partial<Record<Role, readonly Role[]>>> = {
  schoolAdmin: ['subjectTeacher', 'homeroomTeacher', 'subjectGroup', 'deputyPrincipal', 'schoolAdmin'],
  districtOfficer: ['principal', 'schoolAdmin', 'deputyPrincipal', 'districtOfficer'],
  provinceOfficer: [...SCHOOL_ROLES, 'districtOfficer', 'provinceOfficer'],
};

export type GrantScope = Partial<Record<ScopeColumn, string>>;
export interface GrantInput extends GrantScope {
  role: Role;
}

export type GrantRow = typeof userRoles.$inferSelect;

export interface GrantView {
  id: string;
  role: Role;
  scope: GrantScope;
  grantedBy: string | null;
  createdAt: string;
}

export const view = (g: GrantRow): GrantView => {
  const scope: GrantScope = {};
  for (const c of ROLE_SCOPES[g.role]) {
    const v = g[c];
    if (typeof v === 'string') scope[c] = v;
  }
  return { id: g.id, role: g.role, scope, grantedBy: g.grantedBy, createdAt: g.createdAt.toISOString() };
};

/** 400 VALIDATION when the grant does not fill exactly the columns its role takes. */
export function checkShape(g: GrantInput): void {
  const wanted = new Set<ScopeColumn>(ROLE_SCOPES[g.role]);
  const problems: Problem[] = [];
  for (const c of SCOPE_COLUMNS) {
    const given = g[c] !== undefined;
    if (wanted.has(c) && !given)
      problems.push({
        in: 'body',
        path: `/${c}`,
        message: `bắt buộc với vai trò ${g.role} / required for ${g.role}`,
      });
    if (!wanted.has(c) && given)
      problems.push({
        in: 'body',
        path: `/${c}`,
        message: `vai trò ${g.role} không nhận trường này / not taken by ${g.role}`,
      });
  }
  if (problems.length > 0) throw new ApiError('VALIDATION', { problems });
}

/**
 * Where a grant sits, every tier filled (a class grant: its class, school, district and province), for the
 * policy's relations. A named class, school, district or province that does not exist is a 404.
 */
export async function grantPlace(exec: Executor, g: GrantScope): Promise<Target> {
  if (g.classId !== undefined) {
    const [row] = await exec
      .select({ class: classes, school: schools })
      .from(classes)
      .innerJoin(schools, eq(schools.id, classes.schoolId))
      .where(eq(classes.id, g.classId));
    if (!row)
      throw new ServiceError('CLASS_NOT_FOUND', `class ${g.classId} does not exist`, { classId: g.classId });
    return { ...schoolTarget(row.school), classId: g.classId };
  }
  if (g.schoolId !== undefined) return schoolTarget(await schoolPlace(exec, g.schoolId));
  if (g.districtId !== undefined) {
    const [d] = await exec.select().from(districts).where(eq(districts.id, g.districtId));
    if (!d)
      throw new ServiceError('DISTRICT_NOT_FOUND', `district ${g.districtId} does not exist`, {
        districtId: g.districtId,
      });
    return { districtId: d.id, provinceId: d.provinceId };
  }
  if (g.provinceId !== undefined) {
    const [p] = await exec.select().from(provinces).where(eq(provinces.id, g.provinceId));
    if (!p)
      throw new ServiceError('PROVINCE_NOT_FOUND', `province ${g.provinceId} does not exist`, {
        provinceId: g.provinceId,
      });
    return { provinceId: p.id };
  }
  // Nationwide and holder grants have no place any tier manages.
  return {};
}

const grantable = (by: Principal, role: Role): boolean => REMIT[by.role]?.includes(role) ?? false;

/**
 * Refuses a grant (or its revocation) outside the caller's remit: a role they may not grant is 403
 * ROLE_NOT_GRANTABLE, a place outside their own grants 403 OUT_OF_SCOPE (through the policy table).
 */
export async function checkRemit(exec: Executor, by: Principal, g: GrantInput): Promise<void> {
  if (!grantable(by, g.role))
    throw new ServiceError('ROLE_NOT_GRANTABLE', `${by.role} may not grant ${g.role}`, {
      role: g.role,
      by: by.role,
    });
  authorize(by, 'users.manage', await grantPlace(exec, g));
}

async function userExists(exec: Executor, userId: string): Promise<void> {
  const [u] = await exec.select({ id: users.id }).from(users).where(eq(users.id, userId));
  if (!u) throw new ServiceError('USER_NOT_FOUND', `user ${userId} does not exist`, { userId });
}

/** The grant columns, every one present (null when the role does not take it), as the table stores them. */
const columnsOf = (g: GrantInput): Record<ScopeColumn, string | null> =>
  Object.fromEntries(SCOPE_COLUMNS.map((c) => [c, g[c] ?? null])) as Record<ScopeColumn, string | null>;

/** The duplicate grant and login violations, as their 409s; anything else unchanged. */
function conflicts(e: unknown, ids: Record<string, string>): unknown {
  if (sqlState(e) !== '23505') return e;
  const c = violatedConstraint(e);
  if (c === 'user_roles_grant_key') return new ServiceError('GRANT_EXISTS', 'the grant exists', ids);
  if (c === 'users_login_key') return new ServiceError('LOGIN_TAKEN', 'the login is taken', ids);
  return e;
}

async function insertGrant(
  exec: Executor,
  o: {
    userId: string;
    grant: GrantInput;
    by: Principal;
    reason?: string | undefined;
    now: Date;
    action?: string;
  },
): Promise<GrantRow> {
  const cols = columnsOf(o.grant);
  const [dup] = await exec
    .select({ id: userRoles.id })
    .from(userRoles)
    .where(
      and(
        eq(userRoles.userId, o.userId),
        eq(userRoles.role, o.grant.role),
        ...SCOPE_COLUMNS.map((c) =>
          cols[c] === null ? sql`${userRoles[c]} is null` : eq(userRoles[c], cols[c] as string),
        ),
      ),
    );
  if (dup) throw new ServiceError('GRANT_EXISTS', 'the grant exists', { userId: o.userId, grantId: dup.id });
  const [row] = await exec
    .insert(userRoles)
    .values({ userId: o.userId, role: o.grant.role, ...cols, grantedBy: o.by.sub })
    .returning();
  await grantsChanged(exec, o.userId);
  await appendAudit(exec, {
    action: o.action ?? 'user.grant',
    entityType: 'userRole',
    entityId: row!.id,
    actorUserId: o.by.sub,
    actorRole: o.by.role,
    reason: o.reason ?? null,
    at: o.now,
    details: { userId: o.userId, role: o.grant.role, ...cols },
  });
  return row!;
}

const noSelfGrant = (by: Principal, userId: string) => {
  // Separation of duties: nobody widens their own rights.
  if (by.sub === userId) throw new ServiceError('SELF_GRANT', 'no one grants themselves a role', { userId });
};

export interface CreateAccountInput {
  login: string;
  displayName: string;
  password: string;
  grant: GrantInput;
  reason?: string | undefined;
  by: Principal;
  now: Date;
  /** scrypt cost; the production default unless a test lowers it. */
  hashParams?: ScryptParams | undefined;
}

/** Creates an account with its first grant, in the caller's remit. */
export async function createAccount(
  db: Database,
  input: CreateAccountInput,
): Promise<{ id: string; login: string; grantId: string }> {
  checkShape(input.grant);
  await checkRemit(db, input.by, input.grant);
  const taken = async (exec: Executor) => {
    const [u] = await exec
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.login}) = lower(${input.login})`);
    if (u) throw new ServiceError('LOGIN_TAKEN', 'the login is taken');
  };
  await taken(db);
  const passwordHash = await hashSecret(input.password, input.hashParams);
  try {
    return await db.transaction(async (tx) => {
      await taken(tx);
      const [user] = await tx
        .insert(users)
        .values({ login: input.login, displayName: input.displayName, passwordHash })
        .returning({ id: users.id, login: users.login });
      await appendAudit(tx, {
        action: 'user.create',
        entityType: 'user',
        entityId: user!.id,
        actorUserId: input.by.sub,
        actorRole: input.by.role,
        reason: input.reason ?? null,
        at: input.now,
        // Where the account works, as its first grant says: the log's readers are scoped by it.
        details: { userId: user!.id, ...columnsOf(input.grant) },
      });
      const grant = await insertGrant(tx, {
        userId: user!.id,
        grant: input.grant,
        by: input.by,
        reason: input.reason,
        now: input.now,
      });
      return { id: user!.id, login: user!.login, grantId: grant.id };
    });
  } catch (e) {
    throw conflicts(e, {});
  }
}

/** Grants `grant` to an existing account, in the caller's remit. */
export async function grantRole(
  db: Database,
  o: { userId: string; grant: GrantInput; by: Principal; reason?: string | undefined; now: Date },
): Promise<GrantView> {
  checkShape(o.grant);
  await checkRemit(db, o.by, o.grant);
  await userExists(db, o.userId);
  noSelfGrant(o.by, o.userId);
  try {
    return view(await db.transaction((tx) => insertGrant(tx, o)));
  } catch (e) {
    throw conflicts(e, { userId: o.userId });
  }
}

export const grantInput = (g: GrantRow): GrantInput => ({ role: g.role, ...view(g).scope });

/**
 * Marks the account's tokens as issued before its grants changed (auth/standing.ts refuses them). The
 * database's clock, like the tokens' issue time, is the real time, whatever clock the workflow runs on.
 */
async function grantsChanged(exec: Executor, userId: string): Promise<void> {
  await exec.update(users).set({ grantsChangedAt: sql`now()` }).where(eq(users.id, userId));
  // Its refresh tokens too: a refresh would otherwise hand out the changed grants without a login.
  await revokeUserRefreshTokens(exec, userId, 'grants-changed', new Date());
}

async function deleteGrant(
  exec: Executor,
  g: GrantRow,
  by: Principal,
  action: string,
  reason: string | undefined,
  now: Date,
): Promise<void> {
  await exec.delete(userRoles).where(eq(userRoles.id, g.id));
  await grantsChanged(exec, g.userId);
  await appendAudit(exec, {
    action,
    entityType: 'userRole',
    entityId: g.id,
    actorUserId: by.sub,
    actorRole: by.role,
    reason: reason ?? null,
    at: now,
    details: { userId: g.userId, role: g.role, ...columnsOf(grantInput(g)) },
  });
}

/** Revokes one grant of an account, in the caller's remit (the same rule as granting it). */
export async function revokeGrant(
  db: Database,
  o: { userId: string; grantId: string; by: Principal; reason?: string | undefined; now: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [g] = await tx
      .select()
      .from(userRoles)
      .where(and(eq(userRoles.id, o.grantId), eq(userRoles.userId, o.userId)))
      .for('update');
    if (!g)
      throw new ServiceError('GRANT_NOT_FOUND', 'no such grant', { userId: o.userId, grantId: o.grantId });
    await checkRemit(tx, o.by, grantInput(g));
    await deleteGrant(tx, g, o.by, 'user.revoke', o.reason, o.now);
  });
}

export interface AccountView {
  id: string;
  login: string;
  displayName: string;
  active: boolean;
  grants: GrantView[];
}

/**
 * An account and those of its grants that lie in the caller's remit (the policy's relation for
 * `users.manage`). An account with none there is, to this caller, not found: its existence is not theirs
 * to know.
 */
export async function accountInRemit(exec: Executor, userId: string, by: Principal): Promise<AccountView> {
  const relation = relationFor('users.manage', by.role);
  const [u] = await exec.select().from(users).where(eq(users.id, userId));
  const rows = u ? await exec.select().from(userRoles).where(eq(userRoles.userId, userId)) : [];
  const visible: GrantView[] = [];
  if (relation) {
    for (const g of rows) {
      if (inScope(by, relation, await grantPlace(exec, grantInput(g)))) visible.push(view(g));
    }
  }
  if (!u || visible.length === 0)
    throw new ServiceError('USER_NOT_FOUND', `user ${userId} not found`, { userId });
  visible.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return { id: u.id, login: u.login, displayName: u.displayName, active: u.active, grants: visible };
}

/** The principal assigns a deputy for their school (seed 001 Art. 9): a deputyPrincipal grant there. */
export async function assignDeputy(
  db: Database,
  o: { schoolId: string; userId: string; by: Principal; reason?: string | undefined; now: Date },
): Promise<GrantView> {
  authorize(o.by, 'deputies.assign', schoolTarget(await schoolPlace(db, o.schoolId)));
  await userExists(db, o.userId);
  noSelfGrant(o.by, o.userId);
  try {
    return view(
      await db.transaction((tx) =>
        insertGrant(tx, {
          userId: o.userId,
          grant: { role: 'deputyPrincipal', schoolId: o.schoolId },
          by: o.by,
          reason: o.reason,
          now: o.now,
          action: 'deputy.assign',
        }),
      ),
    );
  } catch (e) {
    throw conflicts(e, { userId: o.userId });
  }
}

/** The principal ends a deputy's assignment at their school. */
export async function removeDeputy(
  db: Database,
  o: { schoolId: string; userId: string; by: Principal; reason?: string | undefined; now: Date },
): Promise<void> {
  authorize(o.by, 'deputies.assign', schoolTarget(await schoolPlace(db, o.schoolId)));
  await db.transaction(async (tx) => {
    const [g] = await tx
      .select()
      .from(userRoles)
      .where(
        and(
          eq(userRoles.userId, o.userId),
          eq(userRoles.role, 'deputyPrincipal'),
          eq(userRoles.schoolId, o.schoolId),
        ),
      )
      .for('update');
    if (!g)
      throw new ServiceError('GRANT_NOT_FOUND', 'no such deputy', { userId: o.userId, schoolId: o.schoolId });
    await deleteGrant(tx, g, o.by, 'deputy.remove', o.reason, o.now);
  });
}
