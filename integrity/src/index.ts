/** The public API of integrity/. The export list is fixed by a test (test/purity.test.ts). */
export { constantTimeEqual, fromBase64, fromHex, fromUtf8, toBase64, toHex, utf8 } from './bytes.ts';
export { canonicalBytes, canonicalize, type JsonValue } from './canonical.ts';
export * from './cms/index.ts';
export {
  type CanonicalCommitment,
  commitCanonical,
  commitRecord,
  type DisclosedField,
  type Disclosure,
  digestFromDisclosure,
  disclose,
  disclosedValues,
  type Field,
  type FieldValue,
  fieldHash,
  fieldSalt,
  flattenFields,
  fullDisclosure,
  leafFromDisclosure,
  newRecordSalt,
  RECORD_SALT_SIZE,
  type RecordCommitment,
  type SaltDerivation,
} from './commitment.ts';
export { type HashImpl, hmacSha256, type PackedSalts, randomBytes, sha256 } from './crypto.ts';
export { IntegrityError, type IntegrityErrorCode, isIntegrityError } from './errors.ts';
export {
  BatchKind,
  buildManifest,
  MANIFEST_SCHEMA,
  Manifest,
  type ManifestInput,
  manifestBytes,
  parseManifest,
} from './manifest.ts';
export * from './merkle/index.ts';
export * from './verify/index.ts';
