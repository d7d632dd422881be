/**
 * A record (học bạ số: one student, one school year, one version) is the envelope, the biography and the
 * results of its level, told apart by `level`.
 */
import { z } from 'zod';
import type { Mode } from './derived.ts';
import { envelopeShape, refineEnvelope } from './envelope.ts';
import { primaryResultsSchema } from './primary.ts';
import { secondaryResultsSchema } from './secondary.ts';

export function recordSchema<M extends Mode>(mode: M) {
  const secondary = secondaryResultsSchema(mode);
  return z
    .discriminatedUnion('level', [
      z.strictObject({ ...envelopeShape, level: z.literal('TH'), results: primaryResultsSchema(mode) }),
      z.strictObject({ ...envelopeShape, level: z.literal('THCS'), results: secondary }),
      z.strictObject({ ...envelopeShape, level: z.literal('THPT'), results: secondary }),
      z.strictObject({ ...envelopeShape, level: z.literal('GDTX'), results: secondary }),
    ])
    .superRefine(refineEnvelope);
}

/** What validateRecord accepts: every derived value present. */
export const RecordSchema = recordSchema('final');
/** What deriveRecord accepts: derived values may be left out. */
export const DraftRecordSchema = recordSchema('draft');

export type RecordData = z.infer<typeof RecordSchema>;
export type DraftRecord = z.infer<typeof DraftRecordSchema>;
export type PrimaryRecord = Extract<RecordData, { level: 'TH' }>;
export type SecondaryRecord = Exclude<RecordData, { level: 'TH' }>;

declare const validated: unique symbol;
/** A record that passed validateRecord: schema and every rule. The brand exists only for the compiler. */
export type ValidatedRecord = RecordData & { readonly [validated]: true };
