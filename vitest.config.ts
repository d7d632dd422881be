import { defineConfig } from 'vitest/config';

// One runner for every workspace: each part keeps its unit tests beside its code.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'integrity', include: ['integrity/test/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'records', include: ['records/test/**/*.test.ts'], testTimeout: 60_000 } },
      // The portal's pure helpers (its pages are tested in a real browser: the browser project).
      { test: { name: 'portal', include: ['portal/test/**/*.test.ts'] } },
      // The console's pure helpers (its screens are tested in a real browser: the browser project).
      { test: { name: 'console', include: ['console/test/**/*.test.ts'] } },
      {
        test: {
          name: 'db',
          include: ['db/test/**/*.test.ts'],
          // One private Postgres cluster for the suite (scripts/postgres.sh); PGlite needs nothing.
          globalSetup: ['db/test/global-setup.ts'],
          testTimeout: 120_000,
          // Opening PGlite (its initdb) takes over 10 s when the 2 cores are busy.
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'gateway',
          include: ['gateway/test/**/*.test.ts'],
          globalSetup: ['test/build-chaincode.ts'],
          env: { CORE_CHAINCODE_LOGGING_LEVEL: 'critical' },
          testTimeout: 60_000,
          // A province on the ledger and a migrated database per file: slow when the 2 cores are busy.
          hookTimeout: 120_000,
        },
      },
      { test: { name: 'embedded', include: ['network/embedded/test/**/*.test.ts'], testTimeout: 60_000 } },
      {
        test: {
          name: 'cli',
          // `hocba verify` run as a child process against a gateway on the embedded ledger (chaincode built).
          include: ['cli/test/**/*.test.ts'],
          globalSetup: ['test/build-chaincode.ts'],
          env: { CORE_CHAINCODE_LOGGING_LEVEL: 'critical' },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'cross-part',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/fabric/**', '**/node_modules/**', '**/.git/**'],
          // The chaincode is tested as Fabric runs it: the built package.
          globalSetup: ['test/build-chaincode.ts'],
          // fabric-contract-api logs every refused transaction at error level; the tests assert the codes.
          env: { CORE_CHAINCODE_LOGGING_LEVEL: 'critical' },
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'fabric',
          // The real Fabric network (network/fabric): the chaincode suite and the network's own tests.
          include: ['test/fabric/**/*.test.ts'],
          globalSetup: ['test/build-chaincode.ts', 'test/fabric/global-setup.ts'],
          env: { CORE_CHAINCODE_LOGGING_LEVEL: 'critical' },
          // One network: files reset it or stop its processes, one at a time.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'browser',
          // The portal in Debian's Chromium (scripts/browser.sh installs it; the portal is built first).
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/build-chaincode.ts', 'test/browser/build-portal.ts'],
          env: { CORE_CHAINCODE_LOGGING_LEVEL: 'critical' },
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
