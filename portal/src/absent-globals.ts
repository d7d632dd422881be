/**
 * Chromium answers a global name the window lacks through its named-property lookup (window.foo finds the
 * element with id "foo"), about 20 times slower than an ordinary global. asn1js, through @peculiar/utils,
 * asks `typeof SharedArrayBuffer` for every ASN.1 block it builds, and a page that is not cross-origin
 * isolated has no SharedArrayBuffer: parsing one CMS asked it some 10,000 times, about 4 ms of a 10 ms
 * verification (CDP profile, issue 16). An own property holding undefined gives every `typeof` the same
 * answer, from the global object itself.
 */
export function defineAbsentGlobals(): void {
  if (!('SharedArrayBuffer' in globalThis)) {
    Object.defineProperty(globalThis, 'SharedArrayBuffer', {
      value: undefined,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}
