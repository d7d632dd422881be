/**
 * A school's accounts as its administration screens need them (issue 13, school admin): the list of the
 * school's staff with their grants there, an account disabled or enabled again, and what the principal
 * chooses a deputy from. The rules of who may grant what stay in accounts-admin.ts; this module reads
 * through them.
 */
import { appendAudit, classes, type Database, type Executor, userRoles, users } from '@hocba/db';
import { eq, inArray, or } from 'drizzle-orm';
import { authorize, inScope, relationFor } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import { revokeUserRefreshTokens } from '../auth/refresh.ts';
import {
  type AccountView,
  checkRemit,
  type GrantRow,
  grantInput,
  grantPlace,
  view,
} from './accounts-admin.ts';
import { ServiceError } from './errors.ts';
import { schoolPlace, schoolTarget } from './places.ts';

/** The grants that sit at `schoolId`: the school's own, and those of its classes (all school years). */
async function schoolGrants(exec: Executor, schoolId: string): Promise<GrantRow[]> {
  const classIds = exec.select({ id: classes.id }).from(classes).where(eq(classes.schoolId, schoolId));
  return exec
    .select()
    .from(userRoles)
    .where(or(eq(userRoles.schoolId, schoolId), inArray(userRoles.classId, classIds)));
}

const byName = (a: { displayName: string }, b: { displayName: string }) =>
  a.displayName.localeCompare(b.displayName, 'vi');

/** Accounts with their grants at the school, people's names in Vietnamese order. */
async function accountsAt(exec: Executor, schoolId: string): Promise<AccountView[]> {
  const grants = await schoolGrants(exec, schoolId);
  const ids = [...new Set(grants.map((g) => g.userId))];
  if (ids.length === 0) return [];
  const rows = await exec.select().from(users).where(inArray(users.id, ids));
  return rows
    .map((u) => ({
      id: u.id,
      login: u.login,
      displayName: u.displayName,
      active: u.active,
      grants: grants
        .filter((g) => g.userId === u.id)
        .map(view)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
    }))
    .sort(byName);
}

/** The school's accounts (`users.manage` at the school): each with the grants it holds there. */
export async function listSchoolAccounts(
  exec: Executor,
  schoolId: string,
  by: Principal,
): Promise<AccountView[]> {
  authorize(by, 'users.manage', schoolTarget(await schoolPlace(exec, schoolId)));
  return accountsAt(exec, schoolId);
}

/**
 * Disables (or enables again) an account. The caller must manage every grant the account holds — disabling
 * it ends them all — so a school admin cannot disable the principal, nor a teacher who also works at another
 * school. An account none of whose grants lie in the caller's remit is, to them, not found. Nobody disables
 * themselves (the last admin would lock the school out). Disabling ends the account's refresh tokens; its
 * access tokens are refused from the next request (auth/standing.ts reads `active`).
 */
export async function setAccountActive(
  db: Database,
  o: { userId: string; active: boolean; by: Principal; reason?: string | undefined; now: Date },
): Promise<AccountView> {
  return db.transaction(async (tx) => {
    const [u] = await tx.select().from(users).where(eq(users.id, o.userId)).for('update');
    const grants = u ? await tx.select().from(userRoles).where(eq(userRoles.userId, o.userId)) : [];
    const relation = relationFor('users.manage', o.by.role);
    const visible: GrantRow[] = [];
    if (relation)
      for (const g of grants)
        if (inScope(o.by, relation, await grantPlace(tx, grantInput(g)))) visible.push(g);
    if (!u || visible.length === 0)
      throw new ServiceError('USER_NOT_FOUND', `user ${o.userId} not found`, { userId: o.userId });
    if (o.by.sub === o.userId)
      throw new ServiceError('SELF_DISABLE', 'no one disables their own account', { userId: o.userId });
    for (const g of grants) await checkRemit(tx, o.by, grantInput(g));
    if (u.active !== o.active) {
      await tx.update(users).set({ active: o.active }).where(eq(users.id, o.userId));
      if (!o.active) await revokeUserRefreshTokens(tx, o.userId, 'deactivated', new Date());
      await appendAudit(tx, {
        action: o.active ? 'user.enable' : 'user.disable',
        entityType: 'user',
        entityId: o.userId,
        actorUserId: o.by.sub,
        actorRole: o.by.role,
        reason: o.reason ?? null,
        at: o.now,
        details: { userId: o.userId },
      });
    }
    return {
      id: u.id,
      login: u.login,
      displayName: u.displayName,
      active: o.active,
      grants: visible.map(view),
    };
  });
}

export interface DeputyChoice {
  /** The school's deputies now: their account and the grant's date. */
  deputies: { userId: string; login: string; displayName: string; grantId: string; since: string }[];
  /** The school's other active staff, whom the principal may assign (not the principal themselves). */
  staff: { userId: string; login: string; displayName: string; roles: string[] }[];
}

/** What the principal assigns a deputy from (`deputies.assign` at the school). */
export async function deputyChoice(exec: Executor, schoolId: string, by: Principal): Promise<DeputyChoice> {
  authorize(by, 'deputies.assign', schoolTarget(await schoolPlace(exec, schoolId)));
  const accounts = await accountsAt(exec, schoolId);
  const deputies: DeputyChoice['deputies'] = [];
  const staff: DeputyChoice['staff'] = [];
  for (const a of accounts) {
    const deputy = a.grants.find((g) => g.role === 'deputyPrincipal' && g.scope.schoolId === schoolId);
    if (deputy)
      deputies.push({
        userId: a.id,
        login: a.login,
        displayName: a.displayName,
        grantId: deputy.id,
        since: deputy.createdAt,
      });
    else if (a.active && a.id !== by.sub)
      staff.push({
        userId: a.id,
        login: a.login,
        displayName: a.displayName,
        roles: [...new Set(a.grants.map((g) => g.role))],
      });
  }
  return { deputies, staff };
}
