import { defineConfig } from 'vitest/config';

// One runner for every workspace: each part keeps its unit tests beside its code.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'integrity', include: ['integrity/test/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'cross-part', include: ['test/**/*.test.ts'], testTimeout: 120_000 } },
    ],
  },
});
