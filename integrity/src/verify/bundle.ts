/**
 * The proof bundle: everything a verifier needs to recompute the report for one record without trusting
 * whoever handed it over — the disclosure, the inclusion proof, the manifest, the principal's CMS and the
 * certificates. What the ledger says (AnchorView) and the trust anchors come from elsewhere.
 */
import { z } from 'zod';
import { toBase64, toHex } from '../bytes.ts';
import type { Disclosure } from '../commitment.ts';
import type { Manifest } from '../manifest.ts';

export const BUNDLE_VERSION = 'hocba.bundle/v1';

const hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

const FieldValue = z.union([
  z.null(),
  z.boolean(),
  z.number(),
  z.string(),
  z.array(z.never()).length(0),
  z.strictObject({}),
]);

export const ProofBundle = z.strictObject({
  version: z.literal(BUNDLE_VERSION),
  disclosure: z.strictObject({
    fields: z.array(z.strictObject({ pointer: z.string(), value: FieldValue, salt: hex32 })),
    hidden: z.array(hex32),
  }),
  /** The record's leaf as the batch holds it; the disclosure must hash to it. */
  leaf: hex32,
  inclusion: z.strictObject({
    leafIndex: z.number().int().nonnegative(),
    treeSize: z.number().int().positive(),
    hashes: z.array(hex32),
  }),
  // The manifest is checked by the signature step (parseManifest), not here, so that a bad manifest fails
  // that step with its own code instead of making the whole bundle unreadable.
  manifest: z.record(z.string(), z.unknown()),
  /** Detached CMS SignedData over the manifest's JCS bytes, DER, base64. */
  cms: base64,
  /** Signer and intermediate certificates, DER, base64. */
  certificates: z.array(base64),
});
export type ProofBundle = z.infer<typeof ProofBundle>;

export interface BundleParts {
  disclosure: Disclosure;
  leaf: Uint8Array;
  leafIndex: number;
  treeSize: number;
  proof: Uint8Array[];
  manifest: Manifest;
  cms: Uint8Array;
  certificates: Uint8Array[];
}

export function buildBundle(p: BundleParts): ProofBundle {
  return {
    version: BUNDLE_VERSION,
    disclosure: { fields: p.disclosure.fields.map((f) => ({ ...f })), hidden: [...p.disclosure.hidden] },
    leaf: toHex(p.leaf),
    inclusion: { leafIndex: p.leafIndex, treeSize: p.treeSize, hashes: p.proof.map(toHex) },
    manifest: { ...p.manifest },
    cms: toBase64(p.cms),
    certificates: p.certificates.map(toBase64),
  };
}
