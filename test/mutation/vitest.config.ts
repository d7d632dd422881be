import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The tests mutation testing runs (stryker.config.mjs): only those that import the mutated sources, with
 * none of the default config's global set-ups (no chaincode build, no Postgres).
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    projects: [
      {
        test: {
          name: 'integrity',
          include: ['integrity/test/**/*.test.ts'],
          testTimeout: 60_000,
          // Every mutant reruns the hooks of the files it reaches: reuse the RSA keys and openssl fixtures
          // (integrity/test/fixtures/cache.ts) instead of making them again each time. node_modules is
          // git-ignored and shared with Stryker's sandboxes (a link), so the cache outlives one run.
          env: {
            HOCBA_TEST_FIXTURE_CACHE: fileURLToPath(
              new URL('../../node_modules/.cache/hocba-test-fixtures', import.meta.url),
            ),
          },
        },
      },
      {
        test: {
          name: 'chaincode-checks',
          include: ['test/chaincode/access.test.ts', 'test/chaincode/argument-checks.test.ts'],
        },
      },
      {
        test: {
          name: 'gateway-policy',
          include: ['gateway/test/auth/policy*.test.ts'],
        },
      },
    ],
  },
});
