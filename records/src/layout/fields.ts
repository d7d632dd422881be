/**
 * A record rebuilt from disclosed fields (integrity's flattened RFC 6901 pointers and their values), for
 * layoutHocBa: what a disclosure or a proof bundle holds is a list of fields, not a document. All-digit
 * segments under an array-shaped parent are array indexes. Pointers that would climb the prototype
 * (`__proto__`) are skipped: the result is plain data.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const unescapeSegment = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

export function recordFromFields(fields: readonly { readonly pointer: string; readonly value: unknown }[]): {
  [k: string]: Json;
} {
  const root: { [k: string]: Json } = {};
  for (const f of fields) {
    if (!f.pointer.startsWith('/')) continue;
    const segs = f.pointer.slice(1).split('/').map(unescapeSegment);
    if (segs.some((s) => UNSAFE.has(s))) continue;
    let at: { [k: string]: Json } | Json[] = root;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i]!;
      const container = at as Record<string, Json>;
      if (i === segs.length - 1) {
        container[s] = f.value as Json;
        break;
      }
      const next = segs[i + 1]!;
      const child = container[s];
      if (child === undefined || child === null || typeof child !== 'object') {
        container[s] = /^(0|[1-9]\d*)$/.test(next) ? [] : {};
      }
      at = container[s] as { [k: string]: Json } | Json[];
    }
  }
  return root;
}
