import { describe, expect, it } from 'vitest';
import { utf8 } from '../src/bytes.ts';
import { canonicalize } from '../src/canonical.ts';
import { buildManifest, type ManifestInput, manifestBytes, parseManifest } from '../src/manifest.ts';
import { codeOf } from './codes.ts';

const input: ManifestInput = {
  channel: 'hocba',
  schoolId: 'SCH-QN-001',
  schoolYear: '2025-2026',
  batchId: 'B-2026-0001',
  kind: 'regular',
  leafCount: 35,
  root: 'ab'.repeat(32),
  lockedAt: '2026-05-25T03:00:00.000Z',
  signerCert: 'cd'.repeat(32),
};

describe('batch manifest', () => {
  it('serializes to JCS bytes with sorted keys and reads back the same', () => {
    const bytes = manifestBytes(buildManifest(input));
    const text = new TextDecoder().decode(bytes);
    expect(
      text.startsWith('{"batchId":"B-2026-0001","channel":"hocba","kind":"regular","leafCount":35,'),
    ).toBe(true);
    expect(text).toContain('"schema":"hocba.manifest/v1"');
    expect(parseManifest(bytes)).toEqual(buildManifest(input));
  });

  it('refuses bytes that are the same manifest but not canonical: the signature covers exact bytes', () => {
    const m = buildManifest(input);
    expect(codeOf(() => parseManifest(utf8(JSON.stringify(m))))).toBe('MANIFEST_NOT_CANONICAL');
    expect(codeOf(() => parseManifest(utf8(`${canonicalize(m)} `)))).toBe('MANIFEST_NOT_CANONICAL');
    expect(codeOf(() => parseManifest(utf8('{"schema":')))).toBe('MANIFEST_INVALID');
    expect(codeOf(() => parseManifest(new Uint8Array([0xff, 0xfe])))).toBe('MANIFEST_INVALID');
  });

  it.each<[string, Partial<ManifestInput> & Record<string, unknown>]>([
    ['an unknown kind', { kind: 'draft' as never }],
    ['a replacement without the batch it supersedes', { kind: 'replacement' }],
    ['a regular batch that supersedes', { supersedes: 'B-2025-0009' }],
    ['a batch superseding itself', { kind: 'replacement', supersedes: 'B-2026-0001' }],
    ['a school year that is not two consecutive years', { schoolYear: '2025-2027' }],
    ['an empty batch', { leafCount: 0 }],
    ['a fractional leaf count', { leafCount: 1.5 }],
    ['an upper-case root', { root: 'AB'.repeat(32) }],
    ['a short root', { root: 'ab' }],
    ['a local time', { lockedAt: '2026-05-25T10:00:00+07:00' }],
    ['an id with a separator', { schoolId: 'SCH\u0000QN' }],
    ['an unknown field', { studentName: 'Nguyễn Văn A' }],
  ])('refuses %s', (_name, change) => {
    expect(codeOf(() => buildManifest({ ...input, ...change } as ManifestInput))).toBe('MANIFEST_INVALID');
  });

  const corrects = [
    { batchId: 'B-2026-0001', leafIndex: 4, legalBasis: 'QĐ 15/QĐ-THKD' },
    { batchId: 'B-2026-0001', leafIndex: 7, legalBasis: 'QĐ 16/QĐ-THKD' },
  ];
  const correction = { ...input, batchId: 'C-2026-0001', kind: 'correction' as const, leafCount: 2 };

  it('accepts a correction batch naming, per leaf, the record it supersedes and the decision', () => {
    const m = buildManifest({ ...correction, corrects });
    expect(m.corrects).toEqual(corrects);
    expect(parseManifest(manifestBytes(m))).toEqual(m);
  });

  it.each<[string, Partial<ManifestInput>]>([
    ['a correction without the records it corrects', {}],
    ['a correction naming fewer records than leaves', { corrects: corrects.slice(0, 1) }],
    ['a correction naming one record twice', { corrects: [corrects[0]!, corrects[0]!] }],
    [
      'a correction of its own leaf',
      { corrects: [corrects[0]!, { ...corrects[1]!, batchId: 'C-2026-0001' }] },
    ],
    ['a correction without a decision', { corrects: [corrects[0]!, { ...corrects[1]!, legalBasis: ' ' }] }],
    ['a correction that also supersedes a batch', { corrects, supersedes: 'B-2026-0001' }],
  ])('refuses %s', (_name, change) => {
    expect(codeOf(() => buildManifest({ ...correction, ...change }))).toBe('MANIFEST_INVALID');
  });

  it('refuses corrected records in a batch of another kind', () => {
    expect(codeOf(() => buildManifest({ ...input, leafCount: 2, corrects }))).toBe('MANIFEST_INVALID');
  });

  it('accepts a replacement that names the batch it supersedes', () => {
    expect(
      buildManifest({ ...input, batchId: 'B-2026-0002', kind: 'replacement', supersedes: 'B-2026-0001' })
        .supersedes,
    ).toBe('B-2026-0001');
  });

  it('says which fields are wrong', () => {
    try {
      buildManifest({ ...input, leafCount: 0, root: 'x' });
    } catch (e) {
      expect((e as { details: { problems: string[] } }).details.problems.join('\n')).toMatch(
        /leafCount[\s\S]*root|root[\s\S]*leafCount/,
      );
    }
    expect.assertions(1);
  });
});
