/**
 * Who is calling: the claims of a verified access token. A role is held in one or more grants (a subject
 * teacher teaches maths in three classes: three grants); a token carries the grants of one role, each
 * with the scope columns that role takes (ROLE_SCOPES in @hocba/db).
 */
import { ROLE_SCOPES, ROLES, type Role, SCOPE_COLUMNS, type ScopeColumn } from '@hocba/db';

export { ROLE_SCOPES, ROLES, type Role, SCOPE_COLUMNS, type ScopeColumn };

/** One grant's scope: exactly the columns ROLE_SCOPES[role] names. */
export type Scope = Partial<Record<ScopeColumn, string>>;

/** Where the object acted on sits: every tier the route knows (a batch: its school, district, province). */
export type Target = Partial<Record<ScopeColumn, string>>;

export interface Principal {
  /** The user's id, or the verifier client's id. */
  sub: string;
  role: Role;
  /** The grants of that role; empty for nationwide roles (ministryAuditor, verifier). */
  scope: Scope[];
  /** The token's id, for the audit log. */
  jti: string;
  /** When the token was issued (seconds since the epoch); set on a verified token. */
  iat?: number;
}

export const isRole = (r: unknown): r is Role =>
  typeof r === 'string' && (ROLES as readonly string[]).includes(r);

/** The grant as the token carries it: only the role's columns, so that a stray column grants nothing. */
export function scopeOf(role: Role, row: Partial<Record<ScopeColumn, string | null>>): Scope {
  const scope: Scope = {};
  for (const c of ROLE_SCOPES[role]) {
    const v = row[c];
    if (typeof v === 'string') scope[c] = v;
  }
  return scope;
}
