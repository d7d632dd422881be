/**
 * Schemas of the verify routes. The proof bundle's schema is integrity's own zod schema: it validates the
 * body (see zod-body.ts) and, converted to JSON Schema, documents it — one definition, never a copy.
 */
import {
  type AnchorView,
  AnchorViewSchema,
  Manifest,
  ProofBundle,
  STEPS,
  type StepName,
} from '@hocba/integrity';
import { DraftRecordSchema } from '@hocba/records';
import { Type } from 'typebox';
import { z } from 'zod';
import { Localized } from '../../schemas.ts';

/** At most this many bundles per bulk call (issue 6, point 6). */
export const BULK_MAX = 1000;

/** The JSON Schema of a zod schema, for the document (and, in responses, the serializer). */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' });
  return rest;
}

export const BulkBody = z.strictObject({ bundles: z.array(ProofBundle).min(1) });

/** A proof bundle in an answer (the lookup, the holder's disclosure): integrity's ProofBundle. */
export const BundleSchema = Type.Unsafe<ProofBundle>({
  description: 'Gói minh chứng (hocba.bundle/v1) / the proof bundle',
  ...jsonSchemaOf(ProofBundle),
});
/** What the ledger says about a record's batch, in an answer (the lookup): integrity's AnchorView. */
export const AnchorSchema = Type.Unsafe<AnchorView>({
  description: 'Sổ cái nói gì về lô và học bạ / the AnchorView of the record',
  ...jsonSchemaOf(AnchorViewSchema),
});
/** A batch manifest in an answer (what the principal signs): integrity's Manifest. */
export const ManifestSchema = Type.Unsafe<Manifest>({
  description: 'Bản kê của lô (hocba.manifest/v1) / the batch manifest',
  ...jsonSchemaOf(Manifest),
});

/**
 * Every part optional, so that one schema describes a draft (parts not entered yet) and a disclosure's subset
 * (personal parts withheld). The branches of the level union then overlap: `oneOf` becomes `anyOf`.
 */
function partsOptional(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(partsOptional);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'required') continue;
    out[k === 'oneOf' ? 'anyOf' : k] = partsOptional(v);
  }
  return out;
}

/**
 * A record in an answer (the lookup's public fields, the holder's own record, a staff read of a draft): the
 * shape of the record model's zod schema (records/, @hocba/records), every part optional. The routes that answer
 * it serialize with JSON.stringify (`asRecordAnswer`): the schema documents the answer and the OpenAPI fuzz
 * test checks answers against it, while a stored record it does not describe can never turn into a 500.
 */
export const RecordShape = Type.Unsafe<Record<string, unknown>>({
  ...(partsOptional(jsonSchemaOf(DraftRecordSchema)) as Record<string, unknown>),
  description: 'Học bạ (theo Thông tư 27 hoặc 22) / the record, as a học bạ of Circular 27 or 22',
});
/** The serializer of the routes whose answer holds a RecordShape (see there). */
export const asRecordAnswer = () => (data: unknown) => JSON.stringify(data);

export const bundleDoc = {
  description: 'Gói minh chứng của một học bạ / the proof bundle of one record (hocba.bundle/v1)',
  ...jsonSchemaOf(ProofBundle),
};
export const bulkDoc = {
  description: `Tối đa ${BULK_MAX} gói minh chứng / up to ${BULK_MAX} proof bundles`,
  ...jsonSchemaOf(z.strictObject({ bundles: z.array(ProofBundle).min(1).max(BULK_MAX) })),
};

const Step = Type.Object({
  step: Type.Unsafe<StepName>({ type: 'string', enum: [...STEPS] }),
  outcome: Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('unknown')]),
  code: Type.String(),
  message: Localized,
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const Report = Type.Object({
  verdict: Type.Union([Type.Literal('valid'), Type.Literal('invalid'), Type.Literal('incomplete')]),
  steps: Type.Array(Step),
  checkedAt: Type.String({ format: 'date-time' }),
});

export const BundleResponse = Type.Object({ report: Report });
export const BulkResponse = Type.Object({ reports: Type.Array(Report) });
