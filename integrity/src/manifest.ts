/**
 * The batch manifest (DESIGN.md §4.4): what the principal signs and what the ledger anchors. Its bytes are
 * its JCS serialization, so the signature covers one exact byte string that anyone can rebuild.
 */
import { z } from 'zod';
import { fromUtf8 } from './bytes.ts';
import { canonicalBytes } from './canonical.ts';
import { IntegrityError } from './errors.ts';

export const MANIFEST_SCHEMA = 'hocba.manifest/v1';

const hash = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');
// Identifiers become parts of ledger keys: printable ASCII without separators.
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 of A–Z a–z 0–9 . _ -');
const schoolYear = z
  .string()
  .regex(/^\d{4}-\d{4}$/, 'must look like 2025-2026')
  .refine((y) => Number(y.slice(5)) === Number(y.slice(0, 4)) + 1, 'the second year must follow the first');
const instant = z.iso
  .datetime({ offset: false, precision: 3 })
  .describe('UTC, e.g. 2026-05-20T08:00:00.000Z');

export const BatchKind = z.enum(['regular', 'supplementary', 'replacement', 'correction']);
export type BatchKind = z.infer<typeof BatchKind>;

/**
 * What leaf i of a correction batch supersedes: one record (by batch and leaf) of an earlier batch, and the
 * decision it was corrected under (an organisation's act, never a person: nothing personal on chain).
 */
export const CorrectedLeaf = z.strictObject({
  batchId: id,
  leafIndex: z.number().int().min(0).max(9_999_999),
  legalBasis: z
    .string()
    .min(3)
    .max(200)
    .refine((s) => s === s.normalize('NFC').trim(), 'must be trimmed NFC text')
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL'),
});
export type CorrectedLeaf = z.infer<typeof CorrectedLeaf>;

export const Manifest = z
  .strictObject({
    schema: z.literal(MANIFEST_SCHEMA),
    channel: id,
    schoolId: id,
    schoolYear,
    batchId: id,
    kind: BatchKind,
    supersedes: id.optional(),
    /** Correction batches only: entry i names the record leaf i supersedes, in leaf order. */
    corrects: z.array(CorrectedLeaf).min(1).optional(),
    leafCount: z.number().int().min(1).max(10_000_000),
    root: hash,
    lockedAt: instant,
    /** SHA-256 fingerprint (hex) of the DER certificate that signs the manifest. */
    signerCert: hash,
  })
  .refine((m) => (m.kind === 'replacement') === (m.supersedes !== undefined), {
    message: 'a replacement batch, and only a replacement batch, names the batch it supersedes',
    path: ['supersedes'],
  })
  .refine((m) => m.supersedes !== m.batchId, {
    message: 'a batch cannot supersede itself',
    path: ['supersedes'],
  })
  .refine((m) => (m.kind === 'correction') === (m.corrects !== undefined), {
    message: 'a correction batch, and only a correction batch, names the records it corrects',
    path: ['corrects'],
  })
  .refine((m) => m.corrects === undefined || m.corrects.length === m.leafCount, {
    message: 'a correction batch names exactly one superseded record per leaf',
    path: ['corrects'],
  })
  .refine(
    (m) =>
      m.corrects === undefined ||
      (m.corrects.every((c) => c.batchId !== m.batchId) &&
        new Set(m.corrects.map((c) => `${c.batchId}\u0000${c.leafIndex}`)).size === m.corrects.length),
    { message: 'each corrected record is another batch’s, named once', path: ['corrects'] },
  );
export type Manifest = z.infer<typeof Manifest>;

export type ManifestInput = Omit<Manifest, 'schema'>;

function check(value: unknown): Manifest {
  const parsed = Manifest.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(manifest)'}: ${i.message}`);
    throw new IntegrityError('MANIFEST_INVALID', problems.join('; '), { details: { problems } });
  }
  return parsed.data;
}

export function buildManifest(input: ManifestInput): Manifest {
  return check({ schema: MANIFEST_SCHEMA, ...input });
}

export function manifestBytes(m: Manifest): Uint8Array {
  return canonicalBytes(check(m));
}

/**
 * Reads manifest bytes received from anyone. They must be valid UTF-8 JSON of a valid manifest and must
 * already be canonical: a signature over other bytes of the "same" manifest is not a signature over it.
 */
export function parseManifest(bytes: Uint8Array): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(bytes));
  } catch (cause) {
    throw new IntegrityError('MANIFEST_INVALID', 'the manifest is not UTF-8 JSON', { cause });
  }
  const m = check(value);
  const canonical = canonicalBytes(m);
  if (canonical.length !== bytes.length || canonical.some((b, i) => b !== bytes[i])) {
    throw new IntegrityError(
      'MANIFEST_NOT_CANONICAL',
      'the manifest bytes are not its RFC 8785 serialization',
    );
  }
  return m;
}
