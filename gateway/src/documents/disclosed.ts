/**
 * The record as a disclosure shows it: the disclosed fields put back into a nested object, so that the PDF
 * lays out exactly what its attached bundle proves (a field not disclosed is simply absent), as any verifier
 * that reads the bundle would.
 */
import type { Disclosure, JsonValue } from '@hocba/integrity';

type Container = Record<string, JsonValue> | JsonValue[];

const unescapeSegment = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** The disclosed part of the record, as an object; an array index segment makes an array. */
export function disclosedRecord(disclosure: Pick<Disclosure, 'fields'>): Record<string, JsonValue> {
  const root: Record<string, JsonValue> = {};
  for (const { pointer, value } of disclosure.fields) {
    if (pointer === '') continue;
    const segments = pointer.split('/').slice(1).map(unescapeSegment);
    let at: Container = root;
    for (const [i, seg] of segments.entries()) {
      const last = i === segments.length - 1;
      const key: string | number = Array.isArray(at) ? Number(seg) : seg;
      const slot = at as Record<string | number, JsonValue>;
      if (last) {
        slot[key] = value as JsonValue;
        break;
      }
      const existing = slot[key];
      if (existing === undefined || existing === null || typeof existing !== 'object')
        slot[key] = /^\d+$/.test(segments[i + 1]!) ? [] : {};
      at = slot[key] as Container;
    }
  }
  return root;
}
