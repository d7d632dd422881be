/**
 * Every module of integrity/src loads. Imported inside the tests, not at the top: a module whose load
 * throws (a table or buffer built at load time) then fails a test here instead of leaving the files that
 * import it with no tests at all, which StrykerJS counts as a surviving mutant (test/mutation/SURVIVORS.md).
 */
import { describe, expect, it } from 'vitest';

const MODULES: [string, () => Promise<Record<string, unknown>>][] = [
  ['cms/algorithms', () => import('../src/cms/algorithms.ts')],
  ['cms/attributes', () => import('../src/cms/attributes.ts')],
  ['cms/certificate', () => import('../src/cms/certificate.ts')],
  ['cms/chain', () => import('../src/cms/chain.ts')],
  ['cms/der', () => import('../src/cms/der.ts')],
  ['cms/engine', () => import('../src/cms/engine.ts')],
  ['cms/oids', () => import('../src/cms/oids.ts')],
  ['cms/pem', () => import('../src/cms/pem.ts')],
  ['cms/policy', () => import('../src/cms/policy.ts')],
  ['cms/sign', () => import('../src/cms/sign.ts')],
  ['cms/verify', () => import('../src/cms/verify.ts')],
  ['commitment', () => import('../src/commitment.ts')],
  ['merkle/hasher', () => import('../src/merkle/hasher.ts')],
  ['merkle/tree', () => import('../src/merkle/tree.ts')],
  ['merkle/verify', () => import('../src/merkle/verify.ts')],
  ['verify/anchor-view-schema', () => import('../src/verify/anchor-view-schema.ts')],
  ['verify/bundle', () => import('../src/verify/bundle.ts')],
  ['verify/messages', () => import('../src/verify/messages.ts')],
  ['verify/report', () => import('../src/verify/report.ts')],
  ['verify/steps', () => import('../src/verify/steps.ts')],
];

describe('integrity/src modules', () => {
  it.each(MODULES)('%s loads and exports something', async (_name, load) => {
    const mod = await load();
    expect(Object.keys(mod).length).toBeGreaterThan(0);
  });
});
