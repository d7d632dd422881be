/**
 * Starts the gateway on HOST:PORT (default 127.0.0.1:3000) over a development province on the embedded
 * ledger (dev-province.ts), with one demo batch anchored and a sample proof bundle written beside the
 * temporary files, so that `curl` has something to verify. Stops cleanly on SIGTERM and SIGINT: the app
 * closes (and with it the ledger), then the process exits.
 *
 *   node chaincode/build.mjs && npx tsx gateway/src/server.ts
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './app.ts';
import { startEmbeddedProvince } from './dev-province.ts';
import { loadEnv } from './env.ts';

const env = loadEnv();
const province = await startEmbeddedProvince({
  demoBatch: true,
  ...(env.DEV_PKI_DIR && { pkiDir: env.DEV_PKI_DIR }),
});
const app = await buildApp({
  ledger: province.ledger,
  ledgerReader: province.reader,
  logger: { level: env.LOG_LEVEL },
  corsOrigins: env.CORS_ORIGINS.split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  rateLimit: { max: env.RATE_LIMIT_MAX, bulkMax: env.RATE_LIMIT_BULK_MAX, authMax: env.RATE_LIMIT_AUTH_MAX },
  auth: {
    privateKeyPem: env.JWT_PRIVATE_KEY,
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    ttlSeconds: env.JWT_TTL_SECONDS,
  },
  // The development province is rebuilt at each start on an in-memory ledger, so its database is in memory
  // too, unless DATABASE_URL names a real Postgres.
  database: env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: 'memory://' },
});

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    // A second signal while closing means "now".
    if (closing) process.exit(1);
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

const address = await app.listen({ host: env.HOST, port: env.PORT });
if (province.sampleBundle) {
  const sample = join(tmpdir(), 'hocba-sample-bundle.json');
  writeFileSync(sample, JSON.stringify(province.sampleBundle, null, 2));
  app.log.info(
    { docs: `${address}/docs`, sample },
    `thử / try: curl -s -H 'content-type: application/json' --data @${sample} ${address}/v1/verify/bundle`,
  );
}
