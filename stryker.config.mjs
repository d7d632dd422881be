// Mutation testing (issue 12 §10): `npm run mutation`, kept out of `npm test` (it takes tens of minutes).
// Four areas, run one after the other; one alone: `npm run mutation -- cms` (merkle, verify, cms, checks).
// Survivors and why they live: test/mutation/SURVIVORS.md.
const AREAS = {
  // integrity/, in three parts so that each can be run (and rerun) on its own within the hour.
  merkle: ['integrity/src/merkle/**/*.ts', 'integrity/src/commitment.ts'],
  verify: ['integrity/src/verify/**/*.ts'],
  cms: ['integrity/src/cms/**/*.ts'],
  // The access tables and checks: the chaincode's access table, argument checks and calendar window
  // (requireWindow, lines 63-71: the rest of calendar.ts is a contract, tested through the built package),
  // and the gateway's policy table.
  checks: [
    'chaincode/src/access.ts',
    'chaincode/src/args.ts',
    'chaincode/src/contracts/calendar.ts:63-71',
    'gateway/src/auth/policy.ts',
  ],
};
const area = process.env.MUTATION_AREA ?? 'checks';
if (!AREAS[area]) throw new Error(`MUTATION_AREA must be one of ${Object.keys(AREAS).join(', ')}`);
// While iterating on one file: MUTATION_MUTATE='integrity/src/cms/verify.ts,...' narrows the area (the other
// files' results stay in the incremental file). Unset, the whole area is run.
const mutate = process.env.MUTATION_MUTATE ? process.env.MUTATION_MUTATE.split(',') : AREAS[area];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Only the tests that import the mutated sources (test/mutation/vitest.config.ts), and of those only the
  // files related to the mutant's file.
  vitest: { configFile: 'test/mutation/vitest.config.ts', related: true },
  // Each mutant runs only the tests that reached it.
  coverageAnalysis: 'perTest',
  // Up to the first failure (bail). A fixture hook that fails must fail its tests, not only the suite: the
  // runner reads test results, and a bail on a hook's failure left the mutant "survived"
  // (integrity/test/fixtures/setup.ts). Without bail, integrity's mutants took 3-5 times as long.
  mutate: [...mutate, '!**/index.ts'],
  // The machine is shared: one test process.
  concurrency: 1,
  timeoutMS: 60_000,
  // Only what the tests import goes into the sandbox (not .data's Postgres cluster, nor builds).
  ignorePatterns: [
    '.data',
    '.cache',
    '.dev-pki',
    '**/dist',
    'bench',
    'portal',
    'network/fabric',
    'test/artifacts',
    'test/browser',
    'reports',
  ],
  // The last run's results (git-ignored, per machine): a rerun tests only mutants whose code or tests changed.
  incremental: true,
  incrementalFile: `reports/mutation/${area}/stryker-incremental.json`,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${area}/index.html` },
  jsonReporter: { fileName: `reports/mutation/${area}/mutation.json` },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
