/**
 * The signed-in session: the short-lived access token in memory, the refresh token in sessionStorage (it
 * survives a reload of the tab, not the closing of the browser), refreshed a minute before the access token
 * ends and once more when the gateway answers 401. The refresh token is single use: each refresh answers a
 * new one (gateway/src/auth/refresh.ts), so two tabs do not share one.
 */
import type { paths } from './api/schema.d.ts';

/** What POST /v1/auth/login and /v1/auth/refresh answer (the gateway's OpenAPI, through the generated types). */
export type SessionAnswer =
  paths['/v1/auth/refresh']['post']['responses'][200]['content']['application/json'];

/** One grant's scope: the school, class and subject (…) the role acts on. */
export type Scope = SessionAnswer['scope'][number];

export interface Session {
  accessToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  refreshToken: string;
  role: string;
  scope: Scope[];
}

const KEY = 'hocba.console.refresh';

export function fromAnswer(a: SessionAnswer, now = Date.now()): Session {
  return {
    accessToken: a.accessToken,
    expiresAt: now + a.expiresIn * 1000,
    refreshToken: a.refreshToken,
    role: a.role,
    scope: a.scope,
  };
}

export function storedRefreshToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeRefreshToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, token);
}
