/**
 * Starts the gateway on HOST:PORT (default 127.0.0.1:3000) over the development province on the embedded
 * ledger (dev-province.ts), with the database beside it:
 *
 *   - the ledger keeps its blocks in HOCBA_DATA_DIR/ledger (default .data/ledger) and the database is
 *     PGlite in HOCBA_DATA_DIR/pglite, or the Postgres that DATABASE_URL names (migrations run at open);
 *   - a first start sets the province up on the ledger and seeds the demo province in the database
 *     (seed/index.ts: schools, classes, pupils, staff, one class batch anchored); a restart finds both and
 *     seeds nothing; `--fresh` (or HOCBA_FRESH=1) deletes the embedded database and ledger first;
 *   - the app runs the outbox (AppOptions.outbox: the outbox worker and the reconciler, which also
 *     records an anchor the ledger committed while the gateway was down before recording it);
 *   - it writes the demo class list and marks sheet of the empty class 5B into HOCBA_DATA_DIR/demo once
 *     (seed/demo-files.ts), for a newcomer to import in the console;
 *   - it prints the URL, the demo logins, the demo files and a lookup code with a ready curl line.
 *
 * LEDGER=fabric runs the same on the real Fabric network whose connection profile is in HOCBA_FABRIC_DIR
 * (default .data/fabric; scripts/start.sh brings it up first), with its own PGlite (pglite-fabric/), the
 * identities enrolled with the organisations' CAs; without a network it stops with what to run. Stops cleanly on SIGTERM and
 * SIGINT: the worker stops, the app closes (and with it the ledger), the database closes.
 *
 *   node chaincode/build.mjs && npx tsx gateway/src/server.ts [--fresh]
 */
import { rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { openDatabase } from '@hocba/db';
import { buildApp } from './app.ts';
import { type DevProvince, startEmbeddedProvince, startFabricProvince } from './dev-province.ts';
import { fabricNotRunning, freshRequested, loadEnv, publicUrl, startRefusal } from './env.ts';
import type { NetworkProfile } from './ledger/fabric-wallet.ts';
import { formatLookupCode } from './lookup/code.ts';
import { writeDemoFiles } from './seed/demo-files.ts';
import {
  DEMO_CLIENT,
  DEMO_PASSWORD,
  demoLogins,
  demoSample,
  EMPTY_CLASS,
  provinceOf,
  seedDevProvince,
} from './seed/index.ts';
import { loadDevSigner } from './services/index.ts';

// fabric-shim (imported by the embedded ledger) installs an unhandledRejection handler that only logs, at
// a level CORE_CHAINCODE_LOGGING_LEVEL may silence: a failed start would then exit 0 without a word.
process.on('unhandledRejection', (e) => {
  process.stderr.write(
    `[hocba] không khởi động được / start failed: ${e instanceof Error ? e.stack : String(e)}\n`,
  );
  process.exit(1);
});

const started = performance.now();
const env = loadEnv();
const fresh = freshRequested(env) || process.argv.slice(2).includes('--fresh');
const refusal = startRefusal(env, { fresh });
if (refusal) {
  process.stderr.write(
    `[hocba] không khởi động / not starting — ${refusal.code}\n  ${refusal.vi}\n  ${refusal.en}\n`,
  );
  process.exit(2);
}

const onFabric = env.LEDGER === 'fabric';
// The Fabric client (fabric-gateway, gRPC) only on Fabric: the embedded ledger never loads it.
const fabricWallet = onFabric ? await import('./ledger/fabric-wallet.ts') : undefined;
const dataDir = resolve(env.HOCBA_DATA_DIR);
const ledgerDir = fabricWallet ? fabricWallet.fabricDir(env) : join(dataDir, 'ledger');
// The database beside a Fabric network is its own: the embedded ledger's anchors are not on Fabric.
const pgliteDir = join(dataDir, onFabric ? 'pglite-fabric' : 'pglite');
// (With DATABASE_URL, --fresh was refused above: it cannot wipe a Postgres. On Fabric, scripts/start.sh
// resets the network before this process starts.)
if (fresh) {
  if (!onFabric) rmSync(ledgerDir, { recursive: true, force: true });
  rmSync(pgliteDir, { recursive: true, force: true });
}

const pkiDir = env.DEV_PKI_DIR ? { pkiDir: env.DEV_PKI_DIR } : {};
let province: DevProvince;
if (fabricWallet) {
  let profile: NetworkProfile;
  try {
    profile = fabricWallet.loadProfile(ledgerDir);
  } catch (e) {
    if (!(e instanceof fabricWallet.FabricNotRunning)) throw e;
    const r = fabricNotRunning(ledgerDir);
    process.stderr.write(`[hocba] không khởi động / not starting — ${r.code}\n  ${r.vi}\n  ${r.en}\n`);
    process.exit(2);
  }
  province = await startFabricProvince({ profile, ...pkiDir });
} else {
  province = await startEmbeddedProvince({ dataDir: ledgerDir, ...pkiDir });
}
const database = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: pgliteDir });
const seed = await seedDevProvince(database.db, province);
// Written while the app is built (it is not needed before the banner).
const demoFilesWritten = writeDemoFiles(join(dataDir, 'demo'), {
  provinceCode: provinceOf(province).code,
  schoolName: province.schools[0]!.name,
  schoolYear: province.schoolYear,
  className: EMPTY_CLASS.name,
});

const killAfterLedgerCommit = env.HOCBA_FAULT === 'kill-after-ledger-commit';
const app = await buildApp({
  ledger: province.ledger,
  ledgerReader: province.reader,
  identities: province.identities,
  db: database.db,
  logger: { level: env.LOG_LEVEL },
  // Printed in PDFs' lookup QR codes.
  publicUrl: publicUrl(env),
  corsOrigins: env.CORS_ORIGINS.split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  rateLimit: {
    max: env.RATE_LIMIT_MAX,
    bulkMax: env.RATE_LIMIT_BULK_MAX,
    lookupMax: env.RATE_LIMIT_LOOKUP_MAX,
    authMax: env.RATE_LIMIT_AUTH_MAX,
    loginFailureMax: env.LOGIN_FAILURE_MAX,
    loginFailureWindowMs: env.LOGIN_FAILURE_WINDOW_SECONDS * 1000,
  },
  auth: {
    privateKeyPem: env.JWT_PRIVATE_KEY,
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    ttlSeconds: env.JWT_TTL_SECONDS,
    refreshTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
  },
  verifyCache: {
    maxAgeMs: env.VERIFY_CACHE_MAX_AGE_SECONDS * 1000,
    lookupEntries: env.VERIFY_CACHE_LOOKUP_ENTRIES,
  },
  // The dev PKI's principals sign through POST /v1/batches/:batchId/dev-sign: a development province only.
  devSigner: (schoolId) => loadDevSigner(schoolId, { pkiDir: province.pkiDir }),
  // The notifier (issue 14 point 3): what waits for whom, in the console and, with SMTP_URL, by mail.
  notifications: {
    intervalMs: env.NOTIFY_INTERVAL_MS,
    publicUrl: publicUrl(env),
    ...(env.SMTP_URL && { smtp: { url: env.SMTP_URL, from: env.SMTP_FROM } }),
  },
  // The outbox worker, which submits every ledger write (anchors, permissions, revocations, recalls,
  // acceptances, reports), and the reconciler, which also records, after a crash, an anchor the ledger
  // committed before the database did.
  outbox: {
    intervalMs: env.ANCHOR_INTERVAL_MS,
    concurrency: env.OUTBOX_CONCURRENCY,
    ...(killAfterLedgerCommit && {
      hooks: {
        // The ledger has committed the anchor; the database has not recorded it. Die as a crash would.
        beforeRecordAnchored: (batchId: string) => {
          process.stderr.write(`[hocba] HOCBA_FAULT: SIGKILL after the ledger commit of ${batchId}\n`);
          process.kill(process.pid, 'SIGKILL');
        },
      },
    }),
  },
});
if (seed.seeded) {
  app.log.info({ counts: seed.counts, anchor: seed.anchor?.outcome }, 'demo province seeded');
} else if (!province.restored) {
  // The database is kept (a Postgres, or a deleted ledger directory) but the ledger is new: the batches
  // the database calls anchored are not on this ledger, and verify says so.
  app.log.warn(
    { ledgerDir },
    'new ledger beside a database seeded earlier: its anchors are not on this ledger',
  );
}

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    // A second signal while closing means "now".
    if (closing) process.exit(1);
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    (async () => {
      // The app stops the anchoring and closes the ledger; the database is ours.
      await app.close();
      await database.close();
    })().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

const address = await app.listen({ host: env.HOST, port: env.PORT });
const readyMs = Math.round(performance.now() - started);
const sample = await demoSample(database.db);
const demoFiles = await demoFilesWritten;
const where = env.DATABASE_URL ? 'Postgres (DATABASE_URL)' : relative(process.cwd(), pgliteDir) || pgliteDir;
const lines = [
  '',
  `hocba gateway: ${address}   (OpenAPI: ${address}/docs)   sẵn sàng sau / ready in ${readyMs} ms`,
  `  Nhà trường / school console: ${address}/console/`,
  `  dữ liệu / data: ${where}; sổ cái / ledger: ${onFabric ? 'Fabric, ' : ''}${relative(process.cwd(), ledgerDir) || ledgerDir}` +
    (seed.seeded
      ? '   (vừa tạo tỉnh demo / demo province seeded now)'
      : '   (giữ nguyên / kept; --fresh để làm lại)'),
  '',
  `  Tài khoản demo — CHỈ DÙNG THỬ / demo logins — DEMO ONLY (mật khẩu / password: ${DEMO_PASSWORD})`,
  ...demoLogins(provinceOf(province), province.schoolYear).map(
    (l) => `    ${l.login.padEnd(22)} ${l.role.padEnd(16)} ${l.scope}`,
  ),
  `    (${DEMO_CLIENT.clientId}: client_secret ${DEMO_CLIENT.secret}, POST /v1/auth/token)`,
  '',
  `  Lớp ${EMPTY_CLASS.name} còn trống, để thử nhập (gvcn.5b.kimdong) / empty class ${EMPTY_CLASS.name} to import into:`,
  `    ${address}/console/#/imports`,
  `    danh sách lớp / class list:        ${demoFiles.roster}`,
  `    kết quả cuối năm / results sheet:  ${demoFiles.marks}`,
  '',
];
if (sample) {
  lines.push(
    `  Tra cứu / lookup: mã ${formatLookupCode(sample.lookupCode)}, ngày sinh / date of birth ${sample.dateOfBirth} (lô / batch ${sample.batchId}: ${sample.state})`,
    `    curl -s '${address}/v1/verify/${sample.lookupCode}?dob=${sample.dateOfBirth}'`,
    '',
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
