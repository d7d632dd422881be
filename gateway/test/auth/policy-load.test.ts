/**
 * The policy module checks its table's shape when it loads and throws if it is wrong. Imported here only
 * inside a test, so a broken table fails this test by name (a file whose static import throws has no tests
 * to fail, which mutation testing would count as a survivor).
 */
import { expect, it } from 'vitest';

it('loads: the real table passes its own shape check', async () => {
  const policy = await import('../../src/auth/policy.ts');
  expect(policy.policyProblems()).toEqual([]);
  expect(policy.PERMISSIONS.length).toBeGreaterThan(20);
});
