/** The gateway's API, same origin only. Errors come back as the gateway's stable code. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

export async function api<T>(
  path: string,
  init: RequestInit & { token?: string | undefined } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers, credentials: 'omit' });
  } catch {
    throw new ApiFailure(0, 'NETWORK');
  }
  const body = (await res.json().catch(() => undefined)) as { error?: { code?: string } } | undefined;
  if (!res.ok) throw new ApiFailure(res.status, body?.error?.code ?? `HTTP_${res.status}`);
  return body as T;
}
