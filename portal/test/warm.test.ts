/**
 * The warm-up sample and the benchmark's split, without a browser: the sample must pass every step (a
 * warm-up that fails early leaves the later steps' code cold), and the split must time every step of a
 * verification that passes.
 */
import { describe, expect, it } from 'vitest';
import { defineAbsentGlobals } from '../src/absent-globals.ts';
import { type LedgerFacts, verifyOnline } from '../src/verify.ts';
import { timeSteps } from '../src/verify-split.ts';
import sample from '../src/warm-sample.json' with { type: 'json' };

const ledger = sample.ledger as LedgerFacts;

describe('the warm-up sample', () => {
  it('passes all six steps, so that a warm-up runs every step of a real verification', async () => {
    const report = await verifyOnline(sample.bundle, ledger);
    expect(report.steps.map((s) => `${s.step}:${s.outcome}`)).toEqual([
      'integrity:pass',
      'inclusion:pass',
      'anchor:pass',
      'signature:pass',
      'signer:pass',
      'status:pass',
    ]);
    expect(report.verdict).toBe('valid');
  });

  it('discloses some fields and hides others, as the public lookup does', () => {
    expect(sample.bundle.disclosure.fields.length).toBeGreaterThan(0);
    expect(sample.bundle.disclosure.hidden.length).toBeGreaterThan(0);
    expect(sample.bundle.inclusion.hashes.length).toBeGreaterThan(0);
  });
});

describe('the split of a verification', () => {
  it('times each step, in order, as non-negative milliseconds', async () => {
    const t = await timeSteps(sample.bundle, ledger);
    expect(Object.keys(t)).toEqual([
      'trustAnchorsPem',
      'bundleSchema',
      'disclosureHashing',
      'manifest',
      'merkleProof',
      'anchorHashes',
      'cmsSignature',
      'certificateChain',
      'reportAndAwaits',
    ]);
    for (const ms of Object.values(t)) expect(ms).toBeGreaterThanOrEqual(0);
  });

  it('refuses a bundle that does not verify, rather than timing a shortcut', async () => {
    const tampered = structuredClone(sample.bundle);
    tampered.manifest.batchId = 'OTHER';
    await expect(timeSteps(tampered, ledger)).rejects.toThrow();
  });
});

describe('globals the page lacks', () => {
  it('defines SharedArrayBuffer as an own undefined property only where it is absent', () => {
    const g = globalThis as { SharedArrayBuffer?: unknown };
    const real = g.SharedArrayBuffer;
    expect(real).toBeDefined(); // Node has it: left alone
    defineAbsentGlobals();
    expect(g.SharedArrayBuffer).toBe(real);
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'SharedArrayBuffer')!;
    try {
      delete g.SharedArrayBuffer;
      expect('SharedArrayBuffer' in globalThis).toBe(false);
      defineAbsentGlobals();
      expect(Object.hasOwn(globalThis, 'SharedArrayBuffer')).toBe(true);
      expect(typeof g.SharedArrayBuffer).toBe('undefined');
    } finally {
      Object.defineProperty(globalThis, 'SharedArrayBuffer', saved);
    }
  });
});
