/**
 * The signed-in session: the short-lived access token in memory, the refresh token in sessionStorage (it
 * survives a reload of the tab, not the closing of the browser), refreshed a minute before the access token
 * ends and once more when the gateway answers 401. The refresh token is single use: each refresh answers a
 * new one (gateway/src/auth/refresh.ts), so two tabs do not share one.
 */
export interface Session {
  accessToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  refreshToken: string;
  role: string;
  scope: Record<string, string | undefined>[];
}

/** What POST /v1/auth/login and /v1/auth/refresh answer. */
export interface SessionAnswer {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  role: string;
  scope: Record<string, string | undefined>[];
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
