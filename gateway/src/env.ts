/**
 * The server's environment, checked by a schema at boot: a wrong value stops the start with a message
 * naming it, instead of surfacing later as odd behaviour.
 */
import { envSchema } from 'env-schema';
import { type Static, Type } from 'typebox';

export const Env = Type.Object({
  HOST: Type.String({ default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  /**
   * `embedded`: the ledger in process, its blocks under HOCBA_DATA_DIR/ledger. `fabric`: the real network
   * that `npm run network:up` runs, found by its connection profile in HOCBA_FABRIC_DIR.
   */
  LEDGER: Type.Union([Type.Literal('embedded'), Type.Literal('fabric')], { default: 'embedded' }),
  /** The Fabric network's folder (connection.json, wallet); default .data/fabric at the repository root. */
  HOCBA_FABRIC_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** Where the embedded parts keep their state: pglite/ (unless DATABASE_URL) and ledger/. */
  HOCBA_DATA_DIR: Type.String({ minLength: 1, default: '.data' }),
  /** Start over: delete the embedded database and ledger first (as `--fresh`). */
  HOCBA_FRESH: Type.Union(
    ['', '0', '1', 'false', 'true'].map((v) => Type.Literal(v)),
    { default: '' },
  ),
  /**
   * Test-only fault injection, refused unless NODE_ENV=test. `kill-after-ledger-commit`: the anchoring
   * worker SIGKILLs its own process after the ledger committed an anchor and before the database recorded
   * it (gateway/test/process/outbox-sigkill.test.ts).
   */
  HOCBA_FAULT: Type.Optional(Type.Literal('kill-after-ledger-commit')),
  NODE_ENV: Type.Optional(Type.String()),
  /** How often the outbox worker looks for due rows (signed batches and the other ledger writes). */
  ANCHOR_INTERVAL_MS: Type.Integer({ minimum: 50, maximum: 600_000, default: 1000 }),
  /** How often the notifier looks for what is due (windows, batches waiting, corrections, deadlines). */
  NOTIFY_INTERVAL_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 60_000 }),
  /**
   * The SMTP server notifications are mailed through (smtp://user:pass@host:587 or smtps://…); none: they
   * stay in the console. Never logged.
   */
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  /** The sender of notification mails. */
  SMTP_FROM: Type.String({ default: 'Học bạ số <no-reply@hocba.local>' }),
  /**
   * Worker threads that canonicalize and hash a large lock's chunks (gateway/src/services/lock-pool.ts reads
   * it); none: the cores but one (os.availableParallelism() − 1); 0: in the calling thread.
   */
  LOCK_WORKERS: Type.Optional(Type.Integer({ minimum: 0, maximum: 64 })),
  /**
   * The PDF renderer's worker threads (gateway/src/documents/render-pool.ts reads these): how many (default 1;
   * 0: in the calling thread, blocking the event loop), how many renders may wait (default 32; beyond: 503
   * DOCUMENT_RENDER_BUSY), and how long one may take (default 60000 ms; beyond: 503 DOCUMENT_RENDER_FAILED).
   */
  PDF_WORKERS: Type.Optional(Type.Integer({ minimum: 0, maximum: 16 })),
  PDF_QUEUE_MAX: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  PDF_RENDER_TIMEOUT_MS: Type.Optional(Type.Integer({ minimum: 1000, maximum: 600_000 })),
  /**
   * The zip-bomb guard of uploaded .xlsx files (gateway/src/imports/zip-guard.ts reads these): the most MB all
   * parts may expand to (default 100), the most parts (default 1000), the highest compression ratio of a part
   * over 1 MB (default 200); beyond: 413 IMPORT_FILE_TOO_LARGE.
   */
  IMPORT_MAX_UNCOMPRESSED_MB: Type.Optional(Type.Integer({ minimum: 1, maximum: 4096 })),
  IMPORT_MAX_ZIP_ENTRIES: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  IMPORT_MAX_ZIP_RATIO: Type.Optional(Type.Integer({ minimum: 2, maximum: 100_000 })),
  /** Schools whose ledger writes the outbox worker submits at once (one at a time within a school). */
  OUTBOX_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 200, default: 16 }),
  /**
   * The address the public reaches the lookup page at: PDFs print their QR code to `<PUBLIC_URL>/<code>`.
   * None: http://HOST:PORT, what `npm start` serves.
   */
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$' })),
  /** Comma-separated origins allowed by CORS (empty: same origin only). */
  CORS_ORIGINS: Type.String({ default: '' }),
  RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 60 }),
  RATE_LIMIT_BULK_MAX: Type.Integer({ minimum: 1, default: 10 }),
  /** Public lookups (code and date of birth) per client IP and minute: a date of birth is easy to guess. */
  RATE_LIMIT_LOOKUP_MAX: Type.Integer({ minimum: 1, default: 10 }),
  /**
   * How long a cached verification answer may live at most (plugins/app/ledger-cache.ts): the ledger's events
   * drop it sooner when its status changes; this bounds what no event announces (names shown beside the
   * record). 0 turns the caches off.
   */
  VERIFY_CACHE_MAX_AGE_SECONDS: Type.Integer({ minimum: 0, maximum: 86_400, default: 300 }),
  /** Public lookup answers kept at most (each a few tens of kB). */
  VERIFY_CACHE_LOOKUP_ENTRIES: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 2000 }),
  DEV_PKI_DIR: Type.Optional(Type.String()),
  /** Postgres (node-postgres); none: PGlite. */
  DATABASE_URL: Type.Optional(Type.String()),
  /** PKCS#8 PEM of the Ed25519 key access tokens are signed with; none: an ephemeral key (development). */
  JWT_PRIVATE_KEY: Type.Optional(Type.String()),
  JWT_ISSUER: Type.String({ default: 'hocba-gateway' }),
  JWT_AUDIENCE: Type.String({ default: 'hocba' }),
  /** Access token lifetime in seconds. */
  JWT_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 3600, default: 900 }),
  /**
   * Login, token and refresh requests per client IP and minute: a ceiling for a whole school behind one
   * NAT address (100 teachers signing in at 7:00), not the guard against guessing — LOGIN_FAILURE_MAX is.
   */
  RATE_LIMIT_AUTH_MAX: Type.Integer({ minimum: 1, default: 600 }),
  /** Wrong passwords per login name (or client id) within LOGIN_FAILURE_WINDOW_SECONDS before 429 LOGIN_LOCKED. */
  LOGIN_FAILURE_MAX: Type.Integer({ minimum: 1, maximum: 1000, default: 5 }),
  LOGIN_FAILURE_WINDOW_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 900 }),
  /** A login's refresh tokens live this long at most, however often they are rotated (default 12 hours). */
  REFRESH_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 30 * 86_400, default: 43_200 }),
});
export type Env = Static<typeof Env>;

export function loadEnv(data: Record<string, unknown> = process.env): Env {
  return envSchema<Env>({ schema: Env, data, dotenv: false, env: false });
}

/** The public base URL of the lookup page (no trailing slash): PUBLIC_URL, else http://HOST:PORT. */
export const publicUrl = (env: Env): string =>
  (env.PUBLIC_URL ?? `http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${env.PORT}`).replace(
    /\/+$/,
    '',
  );

/** HOCBA_FRESH set to 1 or true. */
export const freshRequested = (env: Env): boolean => env.HOCBA_FRESH === '1' || env.HOCBA_FRESH === 'true';

/** A configuration the server will not start with: said in Vietnamese and English, no stack trace. */
export class StartRefused extends Error {
  override readonly name = 'StartRefused';
  constructor(
    readonly code: 'FABRIC_NOT_RUNNING' | 'FAULT_OUTSIDE_TEST' | 'FRESH_WITH_DATABASE_URL',
    readonly vi: string,
    readonly en: string,
  ) {
    super(`${code}: ${en}`);
  }
}

/** LEDGER=fabric without a network to connect to: what to run. */
export function fabricNotRunning(dir: string): StartRefused {
  return new StartRefused(
    'FABRIC_NOT_RUNNING',
    `Chưa có mạng Fabric trong ${dir}: chạy 'npm run network:up' (hoặc 'LEDGER=fabric npm start', lệnh này tự khởi động mạng).`,
    `No Fabric network in ${dir}: run 'npm run network:up' (or 'LEDGER=fabric npm start', which starts it).`,
  );
}

/** Why the server must not start with this environment (and `--fresh`), if it must not. */
export function startRefusal(env: Env, o: { fresh: boolean }): StartRefused | undefined {
  if (env.HOCBA_FAULT !== undefined && env.NODE_ENV !== 'test') {
    return new StartRefused(
      'FAULT_OUTSIDE_TEST',
      `HOCBA_FAULT=${env.HOCBA_FAULT} chỉ dùng cho kiểm thử (NODE_ENV=test).`,
      `HOCBA_FAULT=${env.HOCBA_FAULT} is for tests only (NODE_ENV=test).`,
    );
  }
  if (o.fresh && env.DATABASE_URL) {
    return new StartRefused(
      'FRESH_WITH_DATABASE_URL',
      '--fresh không xoá cơ sở dữ liệu Postgres (DATABASE_URL); hãy tự xoá và tạo lại cơ sở dữ liệu đó.',
      '--fresh does not wipe a Postgres database (DATABASE_URL); drop and create that database yourself.',
    );
  }
  return undefined;
}
