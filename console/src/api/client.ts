/**
 * The typed API client: openapi-fetch over the types openapi-typescript generated from the gateway's
 * OpenAPI document (schema.d.ts; test/console/openapi-types.test.ts keeps it in step with the gateway), so
 * each call's path, parameters, body and answer are checked by the compiler — no hand-written fetch per route.
 *
 * Every call carries the session's bearer token; a 401 refreshes the session once and repeats the call.
 */
import createClient from 'openapi-fetch';
import { fromAnswer, type Session, type SessionAnswer, storeRefreshToken } from '../session.ts';
import type { paths } from './schema.d.ts';

/** The gateway's error body (gateway/src/routes/schemas.ts ErrorResponse). */
export interface ApiErrorBody {
  error: {
    code: string;
    message: { vi: string; en: string };
    problems?: { in: string; path: string; message: string; allowed?: string[] }[];
  };
}

export function isApiError(body: unknown): body is ApiErrorBody {
  const e = (body as { error?: { code?: unknown } } | null)?.error;
  return typeof e?.code === 'string';
}

/** The gateway's own words for a refusal; undefined when the answer is not one (the network failed). */
export function apiMessage(body: unknown, lang: 'vi' | 'en'): string | undefined {
  return isApiError(body) ? body.error.message[lang] : undefined;
}

export type Api = ReturnType<typeof createClient<paths>>;

export interface Connection {
  api: Api;
  session(): Session | null;
  /** Starts a session from a login's answer. */
  begin(answer: SessionAnswer): Session;
  /**
   * A new access token from the refresh token (the session's, or one kept in this tab across a reload);
   * null when the session cannot go on.
   */
  refresh(token?: string): Promise<Session | null>;
  /** Ends the session here and at the gateway (its refresh token is revoked). */
  end(): Promise<void>;
  /** Called when the session ends without the user asking (a refused refresh). */
  onExpired(listener: () => void): void;
}

export function connect(baseUrl = ''): Connection {
  let current: Session | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let refreshing: Promise<Session | null> | undefined;
  const expiredListeners: (() => void)[] = [];

  // A client without the session, for login and refresh themselves.
  const bare = createClient<paths>({ baseUrl });

  const set = (s: Session | null) => {
    current = s;
    storeRefreshToken(s?.refreshToken ?? null);
    clearTimeout(timer);
    // A minute before the access token ends (never sooner than in ten seconds).
    if (s) timer = setTimeout(() => void refresh(), Math.max(10_000, s.expiresAt - Date.now() - 60_000));
  };

  async function doRefresh(token: string): Promise<Session | null> {
    const { data } = await bare.POST('/v1/auth/refresh', { body: { refreshToken: token } });
    if (!data) {
      set(null);
      for (const l of expiredListeners) l();
      return null;
    }
    const s = fromAnswer(data);
    set(s);
    return s;
  }

  function refresh(token = current?.refreshToken): Promise<Session | null> {
    if (!token) return Promise.resolve(null);
    // One refresh at a time: the token is single use.
    refreshing ??= doRefresh(token).finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  const authedFetch = async (input: Request): Promise<Response> => {
    const retry = input.clone();
    const withToken = (r: Request, s: Session | null) => {
      if (s) r.headers.set('authorization', `Bearer ${s.accessToken}`);
      return r;
    };
    const res = await fetch(withToken(input, current));
    if (res.status !== 401 || !current) return res;
    const s = await refresh();
    return s ? fetch(withToken(retry, s)) : res;
  };

  const api = createClient<paths>({ baseUrl, fetch: authedFetch });

  return {
    api,
    session: () => current,
    begin(answer) {
      const s = fromAnswer(answer);
      set(s);
      return s;
    },
    refresh: (token) => refresh(token ?? current?.refreshToken),
    async end() {
      const token = current?.refreshToken;
      set(null);
      if (token) await bare.POST('/v1/auth/logout', { body: { refreshToken: token } }).catch(() => undefined);
    },
    onExpired(listener) {
      expiredListeners.push(listener);
    },
  };
}
