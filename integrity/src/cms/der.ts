/** Small ASN.1 helpers around asn1js: strict parsing, byte views, DER SET OF ordering. */
import * as asn1js from 'asn1js';

/** Hostile input must not make the parser recurse or allocate without bound. */
const PARSE_LIMITS = { maxDepth: 64, maxNodes: 100_000 };

/** Parses exactly one BER element spanning all of `bytes`; throws a plain Error otherwise (callers wrap). */
export function parseAsn1(bytes: Uint8Array): asn1js.AsnType {
  const { offset, result } = asn1js.fromBER(bytes, PARSE_LIMITS);
  if (offset === -1 || result.error) {
    throw new Error(`ASN.1 decoding failed: ${result.error || 'bad encoding'}`);
  }
  if (offset !== bytes.byteLength) throw new Error('trailing bytes after the ASN.1 element');
  return result;
}

/** A standalone ArrayBuffer holding exactly these bytes (pkijs wants ArrayBuffers; views may be offset). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}

export function toBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The exact encoding an element was decoded from (asn1js keeps it), as a copy. */
export function encodingOf(element: asn1js.AsnType): Uint8Array {
  return new Uint8Array(element.valueBeforeDecodeView);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** X.690 §11.6 order for DER SET OF: encodings compared as octet strings, the shorter padded with zeros. */
export function compareDer(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Unsigned magnitude of a DER INTEGER's content octets (drops the sign-padding zero bytes). */
export function integerMagnitude(integer: asn1js.Integer): Uint8Array {
  const v = integer.valueBlock.valueHexView;
  let i = 0;
  while (i < v.length - 1 && v[i] === 0) i++;
  return v.slice(i);
}

export function oidOf(element: asn1js.AsnType | undefined): string | undefined {
  return element instanceof asn1js.ObjectIdentifier ? element.valueBlock.toString() : undefined;
}
