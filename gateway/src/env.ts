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
  /** Only the embedded ledger for now; the Fabric adapter is another issue's. */
  LEDGER: Type.Literal('embedded', { default: 'embedded' }),
  /** Comma-separated origins allowed by CORS (empty: same origin only). */
  CORS_ORIGINS: Type.String({ default: '' }),
  RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 60 }),
  RATE_LIMIT_BULK_MAX: Type.Integer({ minimum: 1, default: 10 }),
  DEV_PKI_DIR: Type.Optional(Type.String()),
  /** Postgres (node-postgres); none: PGlite. */
  DATABASE_URL: Type.Optional(Type.String()),
  /** PKCS#8 PEM of the Ed25519 key access tokens are signed with; none: an ephemeral key (development). */
  JWT_PRIVATE_KEY: Type.Optional(Type.String()),
  JWT_ISSUER: Type.String({ default: 'hocba-gateway' }),
  JWT_AUDIENCE: Type.String({ default: 'hocba' }),
  /** Access token lifetime in seconds. */
  JWT_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 3600, default: 900 }),
  /** Login and token requests per client IP and minute. */
  RATE_LIMIT_AUTH_MAX: Type.Integer({ minimum: 1, default: 10 }),
});
export type Env = Static<typeof Env>;

export function loadEnv(data: Record<string, unknown> = process.env): Env {
  return envSchema<Env>({ schema: Env, data, dotenv: false, env: false });
}
