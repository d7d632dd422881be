/**
 * The two schemas integrity/ publishes: the proof bundle a verifier reads (verify/bundle.ts) and the ledger
 * facts the gateway sends with it (verify/anchor-view-schema.ts). Their JSON Schemas are what the gateway's
 * OpenAPI document shows, descriptions included, so they are pinned; a few inputs check that the checks
 * themselves hold (report.test.ts covers the bundle through verifyBundle).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AnchorViewSchema } from '../src/verify/anchor-view-schema.ts';
import { ProofBundle } from '../src/verify/bundle.ts';

const h = (c: string) => c.repeat(64);
const fact = { reasonCode: 'R-01', legalBasis: 'QĐ 15', at: '2026-06-01T00:00:00Z' };
const fullView = {
  found: true,
  channel: 'hocba',
  batchId: 'B-1',
  schoolId: 'SCH-1',
  root: h('a'),
  manifestHash: h('b'),
  cmsHash: h('c'),
  blockNumber: 0,
  txId: 'tx',
  anchoredAt: '2026-06-01T00:00:00Z',
  state: 'replaced',
  supersededBy: 'B-2',
  recall: fact,
  correction: { ...fact, batchId: 'B-3', leafIndex: 0 },
  revocation: fact,
  signer: { fingerprint: h('d'), schoolId: 'SCH-1', status: 'revoked', revokedFrom: '2026-01-01T00:00:00Z' },
};
const bundle = {
  version: 'hocba.bundle/v1',
  disclosure: { fields: [{ pointer: '/a', value: {}, salt: h('0') }], hidden: [h('1')] },
  leaf: h('2'),
  inclusion: { leafIndex: 0, treeSize: 1, hashes: [] },
  manifest: { batchId: 'B-1' },
  cms: 'MIIB+w==',
  certificates: ['AA=='],
};

describe('AnchorViewSchema', () => {
  it('publishes this JSON Schema', () => {
    expect(z.toJSONSchema(AnchorViewSchema)).toMatchSnapshot();
  });

  it('takes a view with every fact, and the bare "not found"', () => {
    expect(AnchorViewSchema.parse(fullView)).toEqual(fullView);
    expect(AnchorViewSchema.parse({ found: false, batchId: 'B-1' })).toEqual({
      found: false,
      batchId: 'B-1',
    });
  });

  it.each([
    ['an unknown key', { ...fullView, extra: 1 }],
    ['an unknown state', { ...fullView, state: 'lost' }],
    ['a negative block', { ...fullView, blockNumber: -1 }],
    ['a fractional block', { ...fullView, blockNumber: 1.5 }],
    ['a correction without its position', { ...fullView, correction: fact }],
    ['a signer with an unknown status', { ...fullView, signer: { ...fullView.signer, status: 'maybe' } }],
    ['a status fact without its legal basis', { ...fullView, recall: { reasonCode: 'R', at: 'x' } }],
  ])('refuses %s', (_name, view) => {
    expect(AnchorViewSchema.safeParse(view).success).toBe(false);
  });
});

describe('ProofBundle', () => {
  it('publishes this JSON Schema', () => {
    expect(z.toJSONSchema(ProofBundle)).toMatchSnapshot();
  });

  it('takes a bundle with every kind of field value', () => {
    expect(ProofBundle.parse(bundle)).toEqual(bundle);
    for (const value of [null, true, 0, 's', []]) {
      const b = {
        ...bundle,
        disclosure: { ...bundle.disclosure, fields: [{ pointer: '', value, salt: h('0') }] },
      };
      expect(ProofBundle.safeParse(b).success).toBe(true);
    }
  });

  it('says what a hex or base64 field must be', () => {
    const messages = (b: unknown) =>
      ProofBundle.safeParse(b).error?.issues.map((i) => [i.path.join('/'), i.message]);
    expect(messages({ ...bundle, leaf: 'AB', cms: '%' })).toEqual([
      ['leaf', 'must be 64 lowercase hex digits'],
      ['cms', 'must be base64'],
    ]);
  });

  it.each([
    ['another version', { ...bundle, version: 'hocba.bundle/v2' }],
    ['an uppercase hex leaf', { ...bundle, leaf: h('A') }],
    ['a short leaf', { ...bundle, leaf: 'ab' }],
    ['a leaf with a character before', { ...bundle, leaf: `x${h('2')}` }],
    ['a leaf with a character after', { ...bundle, leaf: `${h('2')}x` }],
    ['cms with a character before', { ...bundle, cms: '!AAA' }],
    ['cms with a character after', { ...bundle, cms: 'AAAA!' }],
    ['a tree of 0 leaves', { ...bundle, inclusion: { ...bundle.inclusion, treeSize: 0 } }],
    ['a negative index', { ...bundle, inclusion: { ...bundle.inclusion, leafIndex: -1 } }],
    ['cms that is not base64', { ...bundle, cms: 'not base64!' }],
    [
      'a non-empty array value',
      {
        ...bundle,
        disclosure: { ...bundle.disclosure, fields: [{ pointer: '/a', value: [1], salt: h('0') }] },
      },
    ],
    ['an unknown key', { ...bundle, extra: 1 }],
  ])('refuses %s', (_name, b) => {
    expect(ProofBundle.safeParse(b).success).toBe(false);
  });
});
