/**
 * The AnchorView (anchor-view.ts) as a zod schema, so that the gateway can document and check the ledger
 * facts it sends (the lookup's answer) from one definition. The type-level checks below fail the build
 * when the interface and this schema drift apart, in either direction.
 */
import { z } from 'zod';
import type { AnchorView } from './anchor-view.ts';

const StatusFactSchema = z.strictObject({
  reasonCode: z.string(),
  legalBasis: z.string(),
  at: z.string().describe('ISO 8601 UTC'),
});

export const AnchorViewSchema = z.strictObject({
  found: z.boolean().describe('false: the ledger has no batch with this id'),
  channel: z.string().optional(),
  batchId: z.string(),
  schoolId: z.string().optional(),
  root: z.string().optional().describe('Merkle root (hex) as anchored'),
  manifestHash: z.string().optional().describe('SHA-256 (hex) of the manifest bytes as anchored'),
  cmsHash: z.string().optional().describe('SHA-256 (hex) of the CMS signature (DER) as anchored'),
  blockNumber: z.number().int().nonnegative().optional(),
  txId: z.string().optional(),
  anchoredAt: z.string().optional(),
  state: z.enum(['anchored', 'accepted', 'reported', 'recallRequested', 'recalled', 'replaced']).optional(),
  supersededBy: z.string().optional(),
  recall: StatusFactSchema.optional(),
  correction: StatusFactSchema.extend({
    batchId: z.string(),
    leafIndex: z.number().int().nonnegative(),
  }).optional(),
  revocation: StatusFactSchema.optional(),
  signer: z
    .strictObject({
      fingerprint: z.string(),
      schoolId: z.string(),
      status: z.enum(['pending', 'approved', 'revoked']),
      revokedFrom: z.string().optional(),
    })
    .optional(),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** zod's optional output is `T | undefined`; the interface's optional is `T` (exactOptionalPropertyTypes). */
type Defined<T> = T extends object ? { [K in keyof T]: Defined<Exclude<T[K], undefined>> } : T;
/** Every key made required: a key one side lacks then shows. */
type Keys<T> = T extends object ? { [K in keyof T]-?: Keys<Exclude<T[K], undefined>> } : T;
type Output = z.output<typeof AnchorViewSchema>;
/** Compile-time: the schema's output is exactly the interface (same keys, same optionality, same types). */
const agrees: [Same<Defined<Output>, Defined<AnchorView>>, Same<Keys<Output>, Keys<AnchorView>>] = [
  true,
  true,
];
void agrees;
